"""Cleaning notice text that came through a web page or a PDF converter, before reading.

A PDF converter breaks every printed line (28 characters) into a line of its own and puts
the page numbers ("— 2 —", "- 3 -", "第 2 页") between them; a web page's copy may break a
paragraph where the page was wrapped. Lines are joined back into paragraphs only where a
paragraph visibly continues: the line is long, does not end a sentence, and the next line
is not a heading, a list item, a date or a signature. Each kept line keeps the number of its
first source line, so locations still point into the user's file.
"""

from __future__ import annotations

import re

#: a page-number line a PDF conversion leaves between pages
PAGE_NUMBER_RE = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?"
                            r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
#: a line that ends a paragraph: a sentence end or a colon before a list (a closing bracket does
#: not: "…简称“活动周”）" goes on with "。现将……")
_ENDS = tuple("。！？；：:;!?")
#: a heading's number label (一、 （一） 1. （1）)
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、，,.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]"
                      r"|\d{1,2}\s*[.．、，,](?!\d))")
#: the start of a new block: heading labels (一、 （一） 1. （1）), 附件, dates, Markdown, a short
#: "label：" (主任：, 联系人：, 单位名称（盖章）：), a signature (an organ's name alone on its line)
_STARTS_BLOCK = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、，,.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]"
                           r"|\d{1,2}\s*[.．、，,](?!\d)|\d{1,2}[.．、](?=\d{4}年)|附\s*件|#|\*\*|[-*+>]\s|[•●■◆]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"
                           r"|抄送|[^，。,；;\s]{1,10}[：:]|关于\S{4,80}(?:通知|的函)\s*$"
                           r"|[^，。,；;：:]{2,40}(?:局|部|厅|办|委|会|院|府|室|中心|处|科)\s*$"
                           # a person in a list: 王华国 常州……局长 / 匡小红(区委宣传部副部长)
                           r"|[\u4e00-\u9fff](?:[ \t\u3000]?[\u4e00-\u9fff]){1,3}"
                           r"(?:[ \t\u3000]+[\u4e00-\u9fff]|[（(][^）)]+[）)]\s*$))")
#: a line that never continues: a heading, a title, 附件说明, a table row, a line ending in a
#: number set apart (a phone number)
_NEVER_CONTINUES = re.compile(r"^\s*(?:#|\*\*|附\s*件)|(?:通知|的函)\**\s*$|\t|\s\d+$"
                              r"|[〕\]］)）]\s*第?\s*\d+\s*号\s*$")  # a 文号 ends the head's line
#: web-page navigation and page furniture around a notice copied from a bureau's site
#: the page's own data above a notice on a government site (政府信息公开 table, article
#: byline): 索引号, 发布机构, 发文字号, 发布日期, 来源, 作者, 浏览次数 — "label：value" or "label2021-…"
PAGE_META_RE = re.compile(r"^[•●■◆·\s]*(?:信息名称|信息索引|索\s*引\s*号|发文机构|发布机构|公文生成日期|生成日期"
                          r"|发布日期|发布时间|更新时间|信息类别|主题分类|内容概述|浏览次数|浏览量|点击(?:数|量|次数)?|阅读(?:数|量)"
                          r"|作者|来源|发文字号|备注\s*/\s*文号)\s*(?:[:：]|(?=\d{4}\s*[-/年]))")
RESIDUE_RE = re.compile(r"当前位置|您的位置|访问次数|信息来源|字号[:：]|附件下载|打印本页|关闭窗口|Produced By"
                        r"|责任编辑|分享到|地方分站|^首页\s*[>＞»/]|^相关(?:文章|新闻|链接|阅读|信息)|^上一篇|^下一篇"
                        r"|扫一扫|网站地图|版权所有|ICP备|技术支持[:：]|【(?:打印|关闭|大|中|小)】"
                        r"|^>|^[-—–\s]*\d{1,3}[-—–\s]*$|^-{3,}$|" + PAGE_META_RE.pattern)
#: text set in columns with runs of spaces (joint organs, the 版记's office and date)
COLUMNS = re.compile(r"\S[ \t\u3000]{2,}\S")
#: across a blank line, a line ending on a character continues only when it is this long (a web
#: copy broke a long paragraph), not a short list line such as "成员：计凌云　……副主任"
WEB_LINE = 24
LABELLED = re.compile(r"^[^，。,；;\s]{1,10}[：:]")
#: a line this long that stops mid-sentence is a broken one (a printed line is 28 characters)
MIN_BROKEN = 20


#: characters only traditional text uses, frequent in notices (關於 舉辦 終身學習 週 號 廳 縣 區 會):
#: three of them and the text is converted (OpenCC t2s), so simplified text never pays for it
TRADITIONAL_RE = re.compile("[關於舉辦終學習週號廳縣區會員聯繫電話國務為與這個們"
                            "來時說對發經點實東總務屬應當並將從開預報]")


def to_simplified(lines: list[str]) -> tuple[list[str], int]:
    """Traditional-character lines in simplified characters (OpenCC t2s, line by line so
    each keeps its number), and how many characters changed; the lines as given when the
    text is not traditional."""
    sample = "".join(lines[:400])
    if len(TRADITIONAL_RE.findall(sample)) < 3:
        return lines, 0
    import opencc  # a C++ library with wheels: ~10 ms to load, only for traditional text

    conv = opencc.OpenCC("t2s")
    out = [conv.convert(x) for x in lines]
    changed = sum(a != b for x, y in zip(lines, out, strict=True) for a, b in zip(x, y, strict=False))
    return (out, changed) if changed else (lines, 0)


def _width(text: str) -> int:
    return len(re.sub(r"\s", "", text))


#: a label a sentence may break after (联系电话：| 0519-…): not the colon that ends a paragraph
LABEL_END = re.compile(r"(?:电话|邮箱|联系人|地址|传真|手机|网址|QQ|邮件)\s*[：:]$")
#: a line spaced out character by character (a red header: 常 州 国 家 高 新 区): a layout
SPACED_LINE = re.compile(r"^[\u4e00-\u9fff（）](?: [\u4e00-\u9fff（）]){3,}$")


def _continues(line: str, nxt: str, gap: bool = False, full: bool | None = None) -> bool:
    """Whether ``nxt`` carries on ``line``'s paragraph; across a blank line (a web copy's
    paragraph break) only when ``line`` visibly stops mid-sentence (on a character or a comma).
    With ``full`` (whether a PDF's line runs to the right margin) a line goes on only when
    it does (a shorter one ends its paragraph), also after a label's colon (联系电话：)."""
    t = line.strip()
    if full is not None:
        if LABEL_END.search(t) and re.match(r"^\s*(?:[\w.-]+@|[\d（(])", nxt):
            return True  # 电子邮箱：| 1136835380@qq.com — the address did not fit on the line
        if not full or t.endswith(tuple("。！？；;!?")) or (t.endswith(("：", ":")) and not LABEL_END.search(t)):
            return False
        if re.fullmatch(r"[\u4e00-\u9fff）)]{1,6}[：:]", nxt.strip()):
            return True  # the 主送机关's last characters and colon did not fit: ……社区教育中 | 心：
    else:
        if gap and not (re.search(r"[、，,]$", t) or (re.search(r"[\u4e00-\u9fff]$", t) and _width(t) >= WEB_LINE
                                                    and not LABELLED.match(t))):
            return False
        if _width(t) < MIN_BROKEN or t.endswith(_ENDS):
            return False
    if _NEVER_CONTINUES.search(t) or RESIDUE_RE.search(t) or not nxt.strip() or SPACED_LINE.match(t):
        return False
    # a heading line continues only when it runs into its text (（一）强化组织领导。各单位……)
    if COLUMNS.search(t) or COLUMNS.search(nxt.strip()) or t.endswith("文件"):
        return False  # organs side by side (红头, 落款), 版记's office and date: a layout, not prose
    if _HEADING.match(t) and "。" not in t and not full:
        return False  # a PDF heading line running to the margin goes on (……进企业活 | 动。各镇……)
    # a PDF line broken before an address: 电子邮箱：| 1136835380@qq.com
    return not _STARTS_BLOCK.match(nxt) or (full is not None and bool(re.match(r"^\s*[\w.-]+@", nxt)))


def clean_lines(raw_lines: list[str], full: list[bool] | None = None) -> list[tuple[int, str]]:
    """``(first line number, text)`` of each paragraph: page numbers dropped, broken lines joined.

    A blank line between the two halves of a broken paragraph (as web copies have) is skipped
    when the halves visibly belong together.
    """
    out: list[tuple[int, str]] = []
    # a page number is None: skipped like a blank line, but it does not make a paragraph break
    lines = [(n, None if PAGE_NUMBER_RE.match(raw) else raw) for n, raw in enumerate(raw_lines, 1)]
    i = 0
    while i < len(lines):
        n, text = lines[i][0], lines[i][1] or ""
        i += 1
        while True:
            j = i
            while j < len(lines) and not (lines[j][1] or "").strip() and j - i < 3:
                j += 1  # blank lines (or removed page numbers) inside a paragraph
            # a gap with a page number in it is a page break, not a paragraph break
            blank = j > i and all(lines[k][1] is not None for k in range(i, j))
            if j < len(lines) and text.strip() and _continues(text, lines[j][1] or "", gap=blank,
                                                        full=None if full is None else full[i - 1]):
                text = text.rstrip() + lines[j][1].strip()
                i = j + 1
                continue
            break
        out.append((n, text))
    return out
