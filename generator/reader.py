"""Read a notice (.docx, .txt, .md) back into the Notice model, keeping locations.

Text input is read line by line (``Location("line", n)``, 1-based); .docx in body order,
paragraph by paragraph (``Location("paragraph", n)``, 1-based position in
``document.paragraphs``) and, for text laid out in tables (the red header, a title, the
signature block, the 版记), cell paragraph by cell paragraph (``TableLocation``: table,
row, cell, paragraph in the cell). Tables after an attachment page label (附件 / 附件N) are
the attachment forms: kept aside in ``ReadResult.forms``, not read as the notice's text.
The reader is forgiving: the seeds are web/PDF conversions with page numbers, site
navigation, broken lines and Markdown residue. It records what it saw, as written
(heading labels, raw 文号, raw dates), so lint can judge the form; it never fixes it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import convert, docxtext, textclean
from .errors import NoticeError
from .model import Attachment, Contact, Deadline, DocNumber, Location, Notice, Organ, Section, TableLocation, Week
from .package_guard import check_package
from .textclean import RESIDUE_RE
from .vocabulary import notice_kind

MAX_BYTES = 20 * 1024 * 1024  # refuse bigger inputs (and bigger unpacked .docx)
MAX_TEXT_BYTES = 2 * 1024 * 1024  # a notice is ~10 KB of text; keeps lint time bounded (~1.5 s)

CN = r"\u4e00-\u9fff"
CN_NUM = "一二三四五六七八九十"
# Heading labels by kind; the kind fixes the level (GB/T 9704 7.3.3: 一、 （一） 1. （1）).
LABEL_RES = [
    (1, re.compile(rf"^(?P<n>[{CN_NUM}]+)\s*(?P<p>[、，,.．]+)\s*")),
    (2, re.compile(rf"^(?P<o>[（(])\s*(?P<n>[{CN_NUM}]+)\s*(?P<c>[）)])(?P<p>[、，,.．]*)\s*")),
    (3, re.compile(r"^(?P<n>\d{1,2})(?P<p>[.．、，,])(?!\d)\s*")),
    (4, re.compile(r"^(?P<o>[（(])(?P<n>\d{1,2})(?P<c>[）)])(?P<p>[、，,.．]*)\s*")),
]
PH = r"【待填[^】]*】"
DOC_NO_RE = DocNumber.TEXT_RE  # a 文号 in running text, however its brackets are typed
DATE_RE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
FULL_DATE_RE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
CN_DATE_RE = re.compile(r"^[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: a phone as notices write it: 0519-85586715, 0XXX-XXXX XXXX, （0519）85586715, 0519-85586715转8012,
#: mobiles 13812345678 / 138 1234 5678 / 138-1234-5678, a local 85586715
PHONE_RE = re.compile(r"(?<![\d-])(?:[（(]0\d{2,3}[)）][ -]?\d{3,4}[- ]?\d{4}|0\d{2,3}[-－—– ]?\d{3,4}[- ]?\d{4}"
                      r"|1[3-9]\d[- ]?\d{4}[- ]?\d{4}|\d{7,8})(?:\s*(?:转|分机|-)\s*\d{2,5}(?![\d-]))?(?![\d-])")
ORGAN_END_RE = re.compile(r"(?:局|部|厅|办|委|会|院|府|室|中心|处|科|校|协会|工会)\s*$")
ORGAN_SPLIT_RE = re.compile(r"\s{2,}|\s(?=\S*(?:局|部|厅|办|委|会|院|府|室|中心|处|科|校)(?:\s|$))")
MD_RE = re.compile(r"^\s*(?:#{1,6}\s*|>\s*|[-*+]\s+(?=\S))")
#: a title that opens with its issuer (GB/T 9704 7.3.1: 发文机关 + 关于 + 事由 + 文种), perhaps
#: broken after a few words: "教育部办公厅关于举办2020年全民" / "终身学习活动周的通知"
TITLE_HEAD_RE = re.compile(r"^[^，。,：:；;“”《》\s]{2,40}?关于")
#: the end of a title: the kind of document (通知, a 函 — 关于举办……的函)
TITLE_END_RE = re.compile(r"(?:通知|的函)[。]?$")
#: a line of the red header spaced out character by character (紫 云 县 教 育 局 文 件)
SPACED_RE = re.compile(r"^[\u4e00-\u9fff](?:[ \t\u3000][\u4e00-\u9fff]){3,}$")
#: where two organs' names run together in a header joined into one line (…教育局中共…县委宣传部)
JOINED_ORGANS_RE = re.compile(r"(?<=局|厅|办|部|委|会)(?=中共|共青团|[\u4e00-\u9fff]{2,5}[省市区县](?!委))")
#: a deadline: a date, perhaps its weekday and an hour, then 前 (之前, 以前) or 截止
DEADLINE_DATE_RE = re.compile(rf"(?:(?:(?P<y>\d{{4}})\s*年\s*)?(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]"
                              rf"|(?P<ph>{PH}))"
                              r"(?:\s*[（(]\s*(?:周|星期)[一二三四五六日天][）)])?"
                              r"(?:\s*(?:上午|中午|下午|晚上)?\s*(?:\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[时点](?:\d{1,2}分|半)?"
                              r"|下班))?\s*(?:(?:之|以)?前|截止)")
THEME_HEAD_RE = re.compile(r"(?:^|活动|周|年|度|的|和|与|及|、)主题(?:$|[:：和与及、])")
#: a deadline said before its date: 报送截止时间为11月10日, 截至11月10日
DEADLINE_BY_RE = re.compile(r"(?:截止(?:时间|日期)?(?:为|是|到)?|截至)\s*[:：]?\s*"
                            r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号](?P<ph>(?!))?")
#: where a page states the notice's 文号 in its data above the text (备注/文号：…, 发文字号：…)
META_DOC_NO_RE = re.compile(r"(?:发文字号|文\s*号)\s*[:：]\s*")


@dataclass
class Line:
    loc: Location
    text: str  # cleaned: no Markdown, no surrounding spaces
    raw: str
    cell: bool = False  # a cell of a table with columns (data, not running text)
    el: object | None = field(default=None, repr=False, compare=False)  # the .docx w:p element
    auto: int = 0  # length of the automatic number label (numbering.xml) at the start of text


@dataclass
class ReadResult:
    """The Notice plus what lint needs beyond the model: raw forms and their locations."""

    notice: Notice
    path: str
    input_kind: str  # "docx" | "text"
    lines: list[Line]
    locs: dict[str, Location] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # doc_number, signature_date as written
    header: list[str] = field(default_factory=list)
    attachment_note: list[tuple[str, Location]] = field(default_factory=list)  # 附件说明 items
    attachment_pages: list[tuple[str, Location]] = field(default_factory=list)  # titles present
    signature: list[tuple[str, Location]] = field(default_factory=list)
    theme_quotes: list[tuple[str, Location]] = field(default_factory=list)
    deadline_locs: list[Location] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)  # opening to 附件说明
    document: docxtext.Package | None = None  # the .docx parts, for the layout checks
    forms: list[Line] = field(default_factory=list)  # attachment form tables (.docx), not linted
    #: what was done to the input before reading it (a conversion, traditional → simplified), in Chinese
    conversions: list[str] = field(default_factory=list)
    _order: dict[tuple, int] | None = field(default=None, repr=False, compare=False)
    _els: dict[tuple, object] | None = field(default=None, repr=False, compare=False)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # what several checks derive alike

    def loc_of(self, key: str) -> Location | None:
        return self.locs.get(key) or self.locs.get("title")

    def element_at(self, loc: Location | None):
        """The .docx ``w:p`` element a location names (None for text input or no such line)."""
        if loc is None:
            return None
        if self._els is None:
            self._els = {ln.loc.key(): ln.el for ln in self.lines}
        return self._els.get(loc.key())

    def order(self, loc: Location | None) -> int:
        """Position of ``loc`` in reading (body) order, for sorting findings."""
        if loc is None:
            return 0
        if self._order is None:
            self._order = {ln.loc.key(): i for i, ln in enumerate(self.lines, 1)}
        return self._order.get(loc.key(), loc.index)


def is_residue(ln: Line) -> bool:
    """Web-page navigation, page numbers "— 2 —", rules: not part of the notice."""
    return bool(RESIDUE_RE.search(ln.text) or RESIDUE_RE.search(ln.raw.strip()))


#: emoji, pictographs and their joiners/variation selectors a page's copy carries: no part of a notice
EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE00-\uFE0F\u200D\U000E0020-\U000E007F]")


def clean(raw: str) -> str:
    text = EMOJI_RE.sub("", raw.replace("\u00a0", " ").replace("\ufeff", ""))
    text = MD_RE.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\((?:mailto:)?[^)]*\)", r"\1", text)  # md links → their text
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = text.replace("**", "").replace("\\_", "_")
    return text.strip(" \t\u3000")


def norm(text: str) -> str:
    """Compare form: no spaces, full-width punctuation, plain quotes."""
    t = re.sub(r"[\s\u3000]+", "", text)
    for a, b in ((",", "，"), (":", "："), (";", "；"), ("(", "（"), (")", "）"), ("‘", "“"), ("’", "”"),
                 ("-", "—"), ("–", "—")):
        t = t.replace(a, b)
    return t.strip("。")


def own_doc_number(line: str, m: re.Match) -> tuple[str, str]:
    """The 文号 on its own line as written, and its code: a code typed with spaces between
    its characters (“常 新 教〔2024〕76号”) is the whole code, not its last character."""
    head = line[:m.start()]
    if head and re.fullmatch(rf"(?:[{CN}\w][ \u3000]?)+", head) and len(re.sub(r"\s", "", head)) <= 8:
        return line[:m.end()], re.sub(r"\s", "", head) + m["code"]
    return m.group(0), m["code"]


def header_names(text: str) -> list[str]:
    """The organs' names a header line gives: names apart by runs of spaces, each perhaps
    spaced out character by character, or run together; ``文件`` dropped. [] when the line is
    not a list of organs' names (a site's slogan, a label with a colon)."""
    text = text.strip()
    if not text or re.search(r"[：:。，,；;！!？?“”《》]", text) or len(text) > 80:
        return []
    parts = [p for p in re.split(r"[ \t\u3000]{2,}|\t", text) if p.strip()]
    if len(parts) == 1 and SPACED_RE.match(text):
        parts = [text]
    names: list[str] = []
    for part in parts:
        part = re.sub(r"[ \t\u3000]", "", part) if SPACED_RE.match(part) else part
        part = re.sub(r"\s*文\s*件$", "", part).strip()
        for name in ORGAN_SPLIT_RE.split(part):
            names.extend(x for x in JOINED_ORGANS_RE.split(name) if x)
    names = [n.strip() for n in names if n.strip()]
    return names if names and all(ORGAN_END_RE.search(n) and len(n) >= 3 for n in names) else []


def deadline_clauses(sentence: str) -> list[tuple[str, re.Match]]:
    """Each deadline a sentence sets, with the clause it governs: "于11月1日前报送方案，于11月5日前
    报送总结" sets two; a clause ends at the last ，、； before the next date."""
    found = sorted([*DEADLINE_DATE_RE.finditer(sentence), *DEADLINE_BY_RE.finditer(sentence)],
                   key=lambda m: m.start())
    found = [m for k, m in enumerate(found) if not k or m.start() >= found[k - 1].end()]  # one date, one deadline
    out: list[tuple[str, re.Match]] = []
    start = 0
    for k, m in enumerate(found):
        end = len(sentence)
        if k + 1 < len(found):
            nxt = found[k + 1].start()
            cut = max(sentence.rfind(c, m.end(), nxt) for c in "，,、；;")
            end = cut if cut > 0 else nxt
        clause = sentence[start:end]
        hit = DEADLINE_DATE_RE.search(clause) or DEADLINE_BY_RE.search(clause)
        if hit:
            out.append((clause, hit))
        start = end + (1 if end < len(sentence) and sentence[end] in "，,、；;" else 0)
    return out


def title_issuers(title: str) -> list[str]:
    """The issuers a title opens with (X局、Y部关于……的通知), when each is an organ's name."""
    head = title.partition("关于")[0] if "关于" in title else ""
    names = [x for x in re.split(r"[、]", head) if x]
    return names if names and all(ORGAN_END_RE.search(x) for x in names) else []


def match_label(text: str) -> tuple[int, re.Match] | None:
    for level, rx in LABEL_RES:
        m = rx.match(text)
        if m:
            return level, m
    return None


def _to_int(n: str) -> int:
    if n.isdigit():
        return int(n)
    vals = {c: i for i, c in enumerate(CN_NUM, 1)}
    if n == "十":
        return 10
    if n.startswith("十"):
        return 10 + vals.get(n[1:], 0)
    if "十" in n:
        a, _, b = n.partition("十")
        return vals.get(a, 0) * 10 + (vals.get(b, 0) if b else 0)
    return vals.get(n, 0)


# ---------------------------------------------------------------- input → lines


def _check_size(path: Path) -> None:
    if path.is_dir():
        raise NoticeError(f"{path} 是一个文件夹，不是文件；请给出通知文件本身。", 2)
    if not path.is_file():
        raise NoticeError(f"找不到文件：{path}", 2)
    if path.stat().st_size > MAX_BYTES:
        raise NoticeError(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），拒绝读取：{path}", 2)


def _is_ole(path: Path) -> bool:
    """An OLE compound file: what Word writes for a password-protected .docx or an old .doc."""
    with path.open("rb") as fh:
        return fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_docx(path: Path) -> dict[str, bytes]:
    """Refuse, in Chinese and with what to do, a file that is not a .docx Word can open:
    not a zip, a password-protected or old .doc file, no document part, a zip bomb.
    Returns the package's XML parts as the guard inflated them."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "word/document.xml" not in zf.namelist():
                raise NoticeError(f"不是 Word 文档（缺少 word/document.xml）：{path}", 2)
            return check_package(zf, path)  # inflates every member with a byte cap: headers can lie
    except zipfile.BadZipFile:
        if _is_ole(path):
            raise NoticeError(f"无法读取：{path} 设置了打开密码，或是旧版 Word（.doc）文件。"
                              "请在 Word/WPS 中取消密码，或另存为 .docx 后再试。", 2) from None
        raise NoticeError(f"无法读取：{path} 不是有效的 .docx 文件（不是 Word 文档的压缩包格式，或已损坏）。",
                          2) from None


def corrupt(path: Path | str, exc: Exception) -> NoticeError:
    """The Chinese error for a .docx whose parts cannot be read (a missing part, bad XML)."""
    kind = "XML 内容" if "XML" in type(exc).__name__ else "内部结构"
    return NoticeError(f"无法读取：{path} 已损坏（{kind}有误），Word/WPS 可能也打不开。"
                       "请用 Word/WPS 打开修复后另存为 .docx 再试。", 2)


def open_docx(path: Path | str):
    """python-docx's Document for ``--annotate``/``--fix`` (it reads every part: one the
    reader never needed may still be broken)."""
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on corrupt XML
        raise corrupt(path, exc) from None


def _docx_lines(path: Path) -> tuple[list[Line], list[str], docxtext.Package, list[Line]]:
    parts = check_docx(path)
    try:
        docxtext.parse_part(parts["[Content_Types].xml"])  # what Word reads first
        package = docxtext.Package.from_parts(parts)
    except Exception as exc:  # a missing part, malformed XML
        raise corrupt(path, exc) from None
    lines, header, forms = _docx_body(package)
    return lines, header, package, forms


CC_RE = re.compile(r"^抄\s*送")


def is_imprint_line(text: str) -> bool:
    """A 版记 line (whole, or a table row's cells joined): 抄送：… or <印发机关> <date>印发."""
    return bool(CC_RE.match(text)) or (text.rstrip().endswith("印发") and bool(DATE_RE.search(text)
                                                                           or re.search(PH, text)))


def paragraph_map(document) -> dict[tuple, object]:
    """Location key → python-docx Paragraph for every line of a .docx, by the reader's own
    walk of the document, so every kind of location resolves the way it was read."""
    from docx.text.paragraph import Paragraph

    lines, _, forms = _docx_body(docxtext.Package.from_docx(document))
    return {ln.loc.key(): Paragraph(ln.el, document._body) for ln in lines + forms if ln.el is not None}


def _page_header(package: docxtext.Package) -> list:
    """The paragraphs of the first page's header (WPS templates may put the red mark
    there): the first-page header when the section has one, else the default header."""
    sect = package.body.find(docxtext.W + "sectPr")
    if sect is None:
        return []
    refs = {r.get(docxtext.W + "type"): r.get(docxtext.R_ID) for r in sect.iterchildren(docxtext.W + "headerReference")}
    title_pg = sect.find(docxtext.W + "titlePg") is not None
    part = package.related(refs.get("first") if title_pg and "first" in refs else refs.get("default"))
    return [] if part is None else docxtext.cell_paragraphs(part)


def _docx_body(package: docxtext.Package) -> tuple[list[Line], list[str], list[Line]]:
    """Lines in reading order: the first page header's text (not page numbers), then the
    body's paragraphs (those of content controls too; each preceded by the paragraphs of
    the text boxes it anchors) and the paragraphs of table cells. A paragraph's automatic
    number (numbering.xml) is part of its text, as Word shows it.

    A table before the first non-empty paragraph is the red header (GB/T 9704 7.2.3
    layout): its organ names are the header; a title or 文号 in it is read as text. A table
    after an attachment page label is an attachment form (unless it is the 版记): set aside."""
    lines: list[Line] = []
    forms: list[Line] = []
    header: list[str] = []
    numbering = docxtext.Numbering(package.numbering, package.styles)
    n_par = n_tbl = n_box = 0
    seen_text = in_attachments = False

    def line(loc: Location, p, cell: bool = False) -> Line:
        label = numbering.label(p)
        raw = label + docxtext.para_text(p)
        return Line(loc, clean(raw.replace("\n", "")), raw, cell, p, len(label))

    for k, p in enumerate(_page_header(package), 1):
        ln = line(Location("pageheader", k), p)
        if ln.text and not is_residue(ln) and not re.search(r"\d", ln.text):
            lines.append(ln)
    for kind, child in docxtext.body_items(package.body):
        if kind == "p":
            for box_p in docxtext.textbox_paragraphs(child):
                n_box += 1
                lines.append(line(Location("textbox", n_box), box_p))
                seen_text = seen_text or bool(lines[-1].text)
            n_par += 1
            ln = line(Location("paragraph", n_par), child)
            lines.append(ln)
            seen_text = seen_text or bool(ln.raw.strip())
            # "附件" / "附件2" heads an attachment page; a bare "附件：" may be the 附件说明
            label = PAGE_LABEL_RE.match(ln.text) and not re.fullmatch(r"附\s*件\s*[:：]", ln.text)
            in_attachments = in_attachments or bool(label)
            continue
        n_tbl += 1
        cells = docxtext.table_cells(child)
        per_row: dict[int, int] = {}
        for r, _, ps in cells:
            per_row[r] = per_row.get(r, 0) + any(docxtext.para_text(p).strip() for p in ps)
        grid = max(per_row.values(), default=0) >= 2
        rows = [line(TableLocation("table", n_tbl, r, c, k), p, grid)
                for r, c, ps in cells for k, p in enumerate(ps, 1)]
        row_texts: dict[int, list[str]] = {}
        for ln in rows:
            row_texts.setdefault(ln.loc.row, []).append(ln.text)
        imprint = any(is_imprint_line("  ".join(ts)) for ts in row_texts.values())
        if in_attachments and not imprint:
            forms.extend(rows)
            continue
        for ln in rows if not seen_text else []:  # the red mark, up to a 文号 or title in it
            t = ln.text
            if DOC_NO_RE.search(t) or "通知" in t or t.endswith(("：", ":")) or len(t) > 40:
                seen_text = True
                break
            if t and t != "文件" and t not in header:
                header.append(re.sub(r"\s*文件$", "", t))
        lines.extend(rows)
    return lines, header, forms


def _decode_text(data: bytes, path: Path) -> str:
    """UTF-8, then GB18030 (GBK, the Chinese Windows default); UTF-16 only with its byte-order
    mark, as Windows Notepad saves 'Unicode' — its NUL bytes would otherwise look binary."""
    encodings = ["utf-16"] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ["utf-8-sig", "gb18030"]
    if encodings != ["utf-16"] and b"\x00" in data[:4096]:
        raise NoticeError(f"无法读取：{path} 不是文本文件。", 2)
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise NoticeError(f"无法读取：{path} 的编码无法识别（应为 UTF-8、GBK/GB18030 或带 BOM 的 UTF-16）。", 2)


def _text_lines(path: Path) -> list[Line]:
    if path.stat().st_size > MAX_TEXT_BYTES:
        mb = MAX_TEXT_BYTES // 1024 // 1024
        raise NoticeError(f"文本文件过大（超过 {mb} MB），不像一份通知，拒绝读取：{path}", 2)
    text = _decode_text(path.read_bytes(), path)
    return _lines_of(text.splitlines())


def _lines_of(raw_lines: list[str], full: list[bool] | None = None) -> list[Line]:
    return [Line(Location("line", i), clean(raw), raw) for i, raw in textclean.clean_lines(raw_lines, full)]


def _limited(lines: list[Line], path: Path) -> list[Line]:
    """A converted file's text within the text limit (it keeps lint and import bounded)."""
    if sum(len(ln.raw) for ln in lines) * 3 > MAX_TEXT_BYTES:
        raise NoticeError(f"{path} 的文字过多（超过 {MAX_TEXT_BYTES // 1024 // 1024} MB），不像一份通知，拒绝读取。", 2)
    return lines


def _simplified(lines: list[Line]) -> str:
    """Traditional text converted in place (OpenCC t2s); what was done, '' when nothing."""
    texts, changed = textclean.to_simplified([ln.text for ln in lines])
    if not changed:
        return ""
    for ln, text in zip(lines, texts, strict=True):
        ln.text = text
    return f"原文为繁体字，已用 OpenCC（繁→简，t2s）转为简体后读取（{changed} 个字）；所读事实均为简体"


# ---------------------------------------------------------------- lines → Notice


def _unquote(text: str) -> str:
    t = text.strip().rstrip("。").strip()
    for o, c in (("“", "”"), ("《", "》"), ('"', '"')):
        if t.startswith(o) and t.endswith(c) and t.count(o) == 1:
            t = t[1:-1]
    return t.strip()


PAGE_LABEL_RE = re.compile(r"^附\s*件\s*\d*\s*[:：]?$")


def _year_of(text: str) -> int:
    m = re.search(r"(20\d{2})", text)
    return int(m.group(1)) if m else 0


def _iso(y: int, m: str, d: str) -> str:
    try:
        return date(y, int(m), int(d)).isoformat()
    except ValueError:
        return ""


class _Parser:
    def __init__(self, res: ReadResult) -> None:
        self.r = res
        self.n = res.notice
        self.lines = [ln for ln in res.lines if ln.text and not is_residue(ln)]

    def run(self) -> None:
        i = self._head()
        if not self.n.title and not self.r.header:
            i = 0
        self._meta_doc_number()
        self._meta_issuer()
        i = self._recipients(i)
        self._body(i)
        self._derive()

    def _doc_number_at(self, k: int) -> bool:
        """Take line ``k``'s 文号 when it stands alone (perhaps in brackets) or after the
        issuer's name (石门区文明办  石文明办[2024] 8 号, 某某局文件某教字〔2024〕8号): the
        name before it is the issuer's, kept for the header."""
        t = self.lines[k].text
        m = DOC_NO_RE.search(t)
        if not m or "doc_number" in self.r.locs:
            return False
        code, split = m["code"], m["code"].rfind("文件")
        if split >= 0:  # a header joined to its 文号: the code starts after 文件
            code = code[split + 2:]
        before = (t[:m.start()] + m["code"][:max(split + 2, 0)]).strip(" \t\u3000（(")
        names = header_names(before) if before else []
        if len(t) > 30 and not names:
            return False  # a sentence that cites a 文号
        if names or not code:
            raw = t[m.start() + max(split + 2, 0):m.end()]
        else:
            raw, code = own_doc_number(t, m)
        self.r.raw["doc_number"] = raw
        self.r.locs["doc_number"] = self.lines[k].loc
        self.n.doc_number = DocNumber(code, m["year"], m["serial"])
        self._doc_line_names = names
        return True

    def _header_from(self, lines: list[Line]) -> None:
        """The red header's organ names from the lines above the title (or the 文号): only lines
        that are organs' names — a site's slogan or a ``地方分站：`` label is none."""
        for h in lines:
            if h.text in ("文件通知",):
                continue
            if DOC_NO_RE.search(h.text):
                continue
            self.r.header.extend(header_names(h.text))
        self.r.header.extend(x for x in getattr(self, "_doc_line_names", []) if x not in self.r.header)
        if self.r.header and "header" not in self.r.locs:
            self.r.locs["header"] = lines[0].loc if lines else self.r.locs["doc_number"]

    def _head(self) -> int:
        start = 0  # where the document begins: after a web page's own copy of its title
        for i, ln in enumerate(self.lines[:40]):
            if i < start:
                continue
            t = ln.text
            if self._doc_number_at(i):
                continue
            if (t.startswith("关于") or t.endswith(("的通知", "的函")) or TITLE_HEAD_RE.match(t)) and len(t) <= 80:
                title, j = t, i
                while not TITLE_END_RE.search(title) and j + 1 < len(self.lines) and j < i + 2:
                    j += 1
                    title += self.lines[j].text
                if TITLE_END_RE.search(title) and not match_label(t):
                    if self._repeated(re.sub(r"\s+", "", title), j + 1):
                        start = j + 1  # the page's heading; the document itself follows
                        continue
                    self.n.title = re.sub(r"\s+", "", title)
                    self.r.locs["title"] = ln.loc
                    self._header_from(self.lines[start:i])
                    # a 文号 may follow the title on web pages, also after a summary paragraph,
                    # up to the 主送机关
                    for k in range(j + 1, min(j + 8, len(self.lines))):
                        if self._doc_number_at(k):
                            return k + 1
                        if self.lines[k].text.endswith(("：", ":")) and len(self.lines[k].text) <= 80:
                            break
                    return j + 1
        # no title (关于……的通知): a head that gives the issuer and the 文号 still opens a notice
        at = next((k for k, ln in enumerate(self.lines[:12]) if ln.loc.key() == self.r.locs.get(
            "doc_number", Location()).key()), None)
        if at is not None:
            self._header_from(self.lines[start:at])
            if self.r.header:
                return at + 1
        return 0

    def _repeated(self, title: str, k: int) -> bool:
        """Whether ``title`` is set again within the next lines (a web page heads the notice
        with its title, then shows the document: red header, title, 文号)."""
        window = [re.sub(r"\s+", "", x.text) for x in self.lines[k:k + 12]]
        return any(title in "".join(window[a:a + 3]) and title.startswith(window[a][:6])
                   for a in range(len(window)) if window[a])

    def _meta_doc_number(self) -> None:
        """Without a 文号 line, the one the page's data gives (备注/文号：泉教职成〔2012〕17 号)."""
        if "doc_number" in self.r.locs:
            return
        for ln in self.r.lines[:40]:
            mm = META_DOC_NO_RE.search(ln.text)
            m = DOC_NO_RE.search(ln.text, mm.end()) if mm else None
            if m and m.start() == mm.end():
                self.r.raw["doc_number"] = m.group(0)
                self.r.locs["doc_number"] = ln.loc
                self.n.doc_number = DocNumber.from_match(m)
                return

    def _meta_issuer(self) -> None:
        """Without a header or signature, the organ the page's data names as the publisher
        (发布机构：泉州市教育局): the page says it, so it is read, not guessed."""
        if self.r.header:
            return
        for ln in self.r.lines[:40]:
            m = re.search(r"(?:发布机构|发文机构|发文单位)\s*[:：]\s*([^\s:：]{3,30})", ln.text)
            if m and ORGAN_END_RE.search(m.group(1)):
                self.r.header.append(m.group(1))
                self.r.locs.setdefault("header", ln.loc)
                return

    def _recipients(self, i: int) -> int:
        start = i
        for j in range(i, min(i + 4, len(self.lines))):
            t = self.lines[j].text
            # the opening also ends with a colon (现将有关事项通知如下：) but is a sentence
            opening = "如下" in t or "。" in t or "《" in t
            if t.endswith(("：", ":")) and "通知" in t and not opening and not match_label(t):
                start = j + 1  # a site's own label above the text (……活动通知二：), no recipient
                continue
            if re.search(r"(?:通知|方案|意见|计划)$", t) and not opening:
                start = j + 1  # a heading of the document's kind (……活动周方案) is no recipient
                continue
            if t.endswith(("：", ":")) and not match_label(t) and "联系" not in t and not opening:
                text = "".join(x.text for x in self.lines[start:j + 1])
                parts = re.split(r"[、，,；;](?![^（(]*[）)])", text.rstrip("：:"))
                self.n.recipients = [p.strip() for p in parts if p.strip()]
                self.r.locs["recipients"] = self.lines[start].loc
                return j + 1
        return i

    def _body(self, i: int) -> None:
        stack: list[Section] = []
        sig_start = len(self.lines)
        for k in range(len(self.lines) - 1, i - 1, -1):
            t = self.lines[k].text
            if isinstance(self.lines[k].loc, TableLocation) and is_imprint_line(self._row(k)[0]):
                continue  # the 版记's date, in a table row "…  2024年10月18日 | 印发"
            if FULL_DATE_RE.match(t) or CN_DATE_RE.match(t) or (re.fullmatch(rf"[\d年月日]*{PH}[\d年月日]*", t)
                                                               and "日期" in t):
                sig_start = k
                self.r.locs["signature_date"] = self.lines[k].loc
                self.r.raw["signature_date"] = t
                m = FULL_DATE_RE.match(t)
                self.n.signature_date = _iso(int(m["y"]), m["m"], m["d"]) if m else t
                break
        # 附件说明 and the signature sit just above the 成文日期
        note_at = None
        pages_at = next((k for k in range(i, len(self.lines)) if PAGE_LABEL_RE.match(self.lines[k].text)), None)
        if sig_start == len(self.lines) and pages_at is not None:
            sig_start = pages_at
        for k in range(i, sig_start):
            t = self.lines[k].text
            if re.match(r"^附\s*件\s*[:：]", t):
                note_at = k
        body_end = note_at if note_at is not None else self._signature_top(i, sig_start)
        if note_at is not None:
            first = re.sub(r"^附\s*件\s*[:：]\s*", "", self.lines[note_at].text)
            items = [(first, self.lines[note_at].loc)]
            for k in range(note_at + 1, sig_start):
                if re.match(r"^\d{1,2}[.．、]", self.lines[k].text):
                    items.append((self.lines[k].text, self.lines[k].loc))
                else:
                    break
            self.r.locs["attachment_note"] = self.lines[note_at].loc
            for text, loc in items:
                title = _unquote(re.sub(r"^\d{1,2}[.．、]\s*", "", text))
                if title:
                    self.r.attachment_note.append((title, loc))
                    self.n.attachments.append(Attachment(title))
        k = note_at + len(self.r.attachment_note) if note_at is not None else body_end
        while k < sig_start:
            t = self.lines[k].text
            if len(t) <= 40 and not t.endswith(("。", "：")):
                for name in re.split(r"\s{2,}|[\t\u3000]+", t):  # a tab: joint names set on tab stops
                    # joint issuers signed on one line: 区委宣传部、区教育局
                    parts = name.split("、")
                    for part in parts if all(ORGAN_END_RE.search(x) for x in parts) else [name]:
                        if part.strip():
                            self.r.signature.append((part.strip(), self.lines[k].loc))
            k += 1
        if self.r.signature:
            self.r.locs["signature"] = self.r.signature[0][1]
            self.n.issuers = [Organ(n) for n, _ in self.r.signature]
        self._tail(sig_start + 1 if "signature_date" in self.r.locs else sig_start)
        body = self.lines[i:body_end]
        self.r.body = body
        if body and not match_label(body[0].text):
            self.n.opening = body[0].text
            self.r.locs["opening"] = body[0].loc
        for ln in body[1 if self.n.opening else 0:]:
            if ln.cell:  # a table with columns in the body: data, not headings or paragraphs
                continue
            hit = match_label(ln.text)
            if hit:
                level, m = hit
                rest = ln.text[m.end():].strip()
                head, run_in, para = rest, False, ""
                mm = re.match(r"^(.{2,30}?)[。：:]\s*(.+)$", rest)
                if mm and level >= 2:
                    head, run_in, para = mm.group(1), True, mm.group(2)
                head = head.rstrip("。")
                sec = Section(heading=head, level=level, number=_to_int(m["n"]), label=ln.text[:m.end()].strip(),
                              loc=ln.loc, run_in=run_in, paragraphs=[para] if para else [])
                while stack and stack[-1].level >= level:
                    stack.pop()
                (stack[-1].children if stack else self.n.sections).append(sec)
                stack.append(sec)
            elif stack:
                stack[-1].paragraphs.append(ln.text)

    def _signature_top(self, i: int, sig_start: int) -> int:
        """Without 附件说明, the organ names are the short lines just above the date."""
        k = sig_start
        while k - 1 > i and sig_start - k < 6:
            t = self.lines[k - 1].text
            # names on tab stops; 【待填：联合发文机关】 signs too
            organ = all(ORGAN_END_RE.search(x) or re.fullmatch(PH, x) for x in re.split(r"\s{2,}|[\t\u3000]+", t) if x)
            if len(t) > 40 or t.endswith(("。", "：", ":", "；")) or match_label(t) or not organ:
                break
            k -= 1
        return k

    def _row(self, k: int) -> tuple[str, int]:
        """The text of line ``k`` and, for a table cell, of the rest of its row (the 版记's
        office and date are often two cells); with the index after the row."""
        loc = self.lines[k].loc
        j = k + 1
        if isinstance(loc, TableLocation):
            while j < len(self.lines) and isinstance(self.lines[j].loc, TableLocation) \
                    and (self.lines[j].loc.index, self.lines[j].loc.row) == (loc.index, loc.row):
                j += 1
        return "  ".join(x.text for x in self.lines[k:j]), j

    def _tail(self, k: int) -> None:
        """Lines after the 成文日期: 版记 and the attachment pages."""
        lines = self.lines
        while k < len(lines):
            t, after = self._row(k)
            if is_imprint_line(t) and not CC_RE.match(t):
                when = DATE_RE.search(t) or re.search(PH, t)
                self.n.imprint = {**self.n.imprint, "office": t[:when.start()].strip(), "date": when.group(0)}
                self.r.locs["imprint"] = lines[k].loc
            elif CC_RE.match(t):
                self.n.imprint["cc"] = t
            elif PAGE_LABEL_RE.match(t):
                title = "".join(x.text for x in lines[k + 1:k + 3] if len(x.text) < 60)
                self.r.attachment_pages.append((title, lines[k].loc))
            k = after

    def _derive(self) -> None:
        n, r = self.n, self.r
        said = re.search(r"(?:举办|开展|办好|举行)\s*(20\d{2})\s*年", n.opening)  # 决定举办2023年浙江省……
        n.year = _year_of(n.title) or (int(n.doc_number.year) if n.doc_number and n.doc_number.year.isdigit() else 0) \
            or _year_of(n.signature_date) or (int(said.group(1)) if said else 0)
        secs = list(n.all_sections())
        # theme: the text under a heading about 主题, or a run-in "主题：…"
        for s in secs:
            # a heading about the theme (活动主题, 主题和时间, 时间和主题), not one that uses the
            # word (突出主题、创新形式)
            if THEME_HEAD_RE.search(s.heading) and not n.theme:
                text = s.paragraphs[0] if s.paragraphs else ""
                mm = re.match(r"^主题\s*[:：]\s*(.+)$", s.heading)
                if mm:
                    text = mm.group(1)
                if s.heading.startswith("主题") and s.run_in and s.paragraphs:
                    text = s.paragraphs[0]
                if not text:
                    kids = [c for c in s.children if "主题" in c.heading]
                    text = kids[0].paragraphs[0] if kids and kids[0].paragraphs else ""
                # a sentence naming it: 今年活动周的主题是“……”。
                said = re.search(r"主题(?:是|为|确定为|定为)\s*[:：]?\s*[“\"]([^”\"]{4,40})[”\"]", text)
                if said:
                    text = said.group(1)
                if text and len(text) <= 40:
                    n.theme = _unquote(text)
                    r.locs["theme"] = s.loc
        for ln in r.body:
            for mm in re.finditer(r"围绕(?:本次活动周|活动周)?“(.{4,40}?)”(?:的|教育)?主题", ln.text):
                r.theme_quotes.append((mm.group(1), ln.loc))
        if not n.theme and r.theme_quotes:  # no 主题 heading: the theme the text says it follows
            n.theme, r.locs["theme"] = r.theme_quotes[0]
        # week: the first range of dates in a section about 时间, else in the body
        week_secs = [s for s in secs if "时间" in s.heading]
        scan = [(p, s.loc) for s in week_secs for p in [s.heading, *s.paragraphs]] + \
               [(ln.text, ln.loc) for ln in r.body if "活动周" in ln.text]
        # a weekday may follow the first day in brackets: 11月2日（星期一）至8日（星期日）
        rng = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:[（(]\s*(?:周|星期).\s*[）)])?\s*"
                         r"[—\-–~～至到]+\s*"
                         r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日")
        ph_rng = re.compile(rf"({PH})\s*[—\-–~～至到]+\s*({PH})")
        for text, loc in scan:
            mm = rng.search(text)
            ph = ph_rng.search(text)
            if ph and not mm:
                n.week = Week(ph.group(1), ph.group(2))
                r.locs["week"] = loc
                break
            if mm and (n.year or mm.group(1)):
                y1 = int(mm.group(1) or n.year)
                n.year = n.year or y1  # no title, 文号 or date: the week's own year
                start = _iso(y1, mm.group(2), mm.group(3))
                end = _iso(int(mm.group(4) or y1), mm.group(5) or mm.group(2), mm.group(6))
                if start and end:
                    n.week = Week(start, end)
                    r.locs["week"] = loc
                    r.raw["week"] = mm.group(0)  # as written: with its year or without
                    break
        if "week" not in r.locs and week_secs:
            r.locs["week"] = week_secs[0].loc
        self._deadlines()
        self._contacts()

    def _deadlines(self) -> None:
        n, r = self.n, self.r
        for ln in r.body:
            for sent in re.split(r"(?<=[。；])", ln.text):
                if not n.year or not re.search(r"报送|上报|发送|发至|报至|交至|前将", sent):
                    continue
                for clause, mm in deadline_clauses(sent):
                    kind = "summary" if "总结" in clause else "plan"
                    when = mm["ph"] or _iso(int(mm["y"] or n.year), mm["m"], mm["d"])
                    mats = [m for m in ("照片", "视频", "案例", "总结", "方案", "安排表", "统计表") if m in clause]
                    n.deadlines.append(Deadline(kind, clause.strip()[:60], when, mats))
                    r.deadline_locs.append(ln.loc)

    def _contacts(self) -> None:
        n, r = self.n, self.r
        body = r.body
        for idx, ln in enumerate(body):
            mm = re.search(r"联系人[^：:]{0,4}[：:]\s*(.*)$", ln.text)
            if not mm:
                continue
            rest = mm.group(1) or (body[idx + 1].text if idx + 1 < len(body) else "")
            name = re.match(rf"({PH}|[{CN}][{CN}\s]{{0,3}}[{CN}])", rest)
            around = " ".join(x.text for x in body[max(0, idx - 1):idx + 3])
            phone = PHONE_RE.search(rest) or PHONE_RE.search(around)
            email = EMAIL_RE.search(around) or EMAIL_RE.search(" ".join(x.text for x in body))
            n.contacts.append(Contact(re.sub(r"\s", "", name.group(1)) if name else "",
                                      phone.group(0) if phone else "", email.group(0) if email else ""))
            r.locs.setdefault("contacts", ln.loc)


def read_notice(path: str | Path) -> ReadResult:
    """Read ``path`` into a ReadResult; NoticeError(code 2) when it cannot be read as a notice."""
    path = Path(path)
    _check_size(path)
    suffix = path.suffix.lower()
    document, header, forms = None, [], []
    conversions: list[str] = []
    if suffix == ".docx" or (suffix in convert.WORD_OLD and zipfile.is_zipfile(path)):  # a .docx renamed .doc
        lines, header, document, forms = _docx_lines(path)
        kind = "docx"
    elif suffix in convert.WORD_OLD:
        tmp, docx_path = convert.converted_docx(path)
        with tmp:
            lines, header, document, forms = _docx_lines(docx_path)
        kind = "docx"
        conversions.append(f"{path.suffix} 文件已用 LibreOffice 转为 .docx 后读取（位置按转换后的段落计）")
    elif suffix in convert.PDF:
        raw, full = convert.pdf_lines(path)
        lines = _limited(_lines_of(raw, full), path)
        kind = "text"
        conversions.append("PDF 文件按其文字层读取（pdfplumber），位置按提取出的行计")
    elif suffix in convert.WEB:
        lines = _limited(_lines_of(convert.web_lines(path)), path)
        kind = "text"
        conversions.append(f"网页文件（{path.suffix}）按其正文文字读取，位置按提取出的行计")
    elif suffix in (".txt", ".md", ".markdown", ".text"):
        lines = _text_lines(path)
        kind = "text"
    else:
        raise NoticeError(f"不支持的文件类型：{path.suffix or '（无扩展名）'}，请提供 .docx、.doc、.wps、.pdf、"
                          ".html、.mht、.txt 或 .md。", 2)
    res = ReadResult(Notice(jurisdiction="", year=0), str(path), kind, lines, document=document, forms=forms,
                     conversions=conversions)
    said = _simplified(lines)
    if said:
        res.conversions.append(said)
    _Parser(res).run()
    if header:
        res.header = header
        res.locs["header"] = Location("paragraph", 1)
    res.notice.kind = notice_kind(res.notice.title)[0] or ("week" if res.notice.title else "")
    res.notice.issuers = res.notice.issuers or [Organ(h) for h in res.header] \
        or [Organ(h) for h in title_issuers(res.notice.title)]
    if not res.notice.title and not any(True for _ in res.notice.all_sections()):
        raise NoticeError(f"无法审查：{path} 看起来不是一份通知（没有含“通知”的标题，也没有编号标题）。", 2)
    return res
