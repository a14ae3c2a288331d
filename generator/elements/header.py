"""版头、发文字号、标题、主送机关：起草方法与审查方法。"""

from __future__ import annotations

import re

from ..errors import NoticeError
from ..findings import finding
from ..model import (
    DocNumber,
    Organ,
    cn_number,
    has_placeholder,
)
from ..rules import Rule
from .base import (
    Draft,
    _missing,
    _text_soft,
    builds,
    checks,
    fmt,
    norm,
    prov,
)


@builds("header")
def build_header(d: Draft, rule: Rule) -> None:
    keys, source = d.fact("issuers")
    organs = list(d.node.data.get("organs") or {})
    if not keys and len(organs) == 1:  # a node with one organ: that organ is the one that issues
        keys, source = organs, f"{d.rel(d.node.path)} organs（档案只列此一个机关）"
    if not keys:
        d.notice.issuers = [Organ(d.missing("issuers", "发文机关", "档案未给出发文机关"))]
    else:
        d.notice.issuers = [d.organ(k) for k in keys]
    d.notice.provenance["issuers"] = prov(rule, source)


def _code(d: Draft) -> tuple[str, str]:
    """The 发文机关代字: the year's own; else the node's default while the default issuers
    issue; else the code of an organ that issues this notice (another organ's code would
    give the notice a wrong 文号)."""
    if d.edition.get("doc_code"):
        return d.edition["doc_code"], d.edition_source()
    keys = d.edition.get("issuers")
    if d.defaults.get("doc_code") and (not keys or keys == d.defaults.get("issuers")):
        return d.defaults["doc_code"], d.defaults_source()
    organs = d.node.data.get("organs") or {}
    for key in keys or d.defaults.get("issuers") or list(organs)[:1]:
        if (organs.get(key) or {}).get("code"):
            return organs[key]["code"], f"{d.rel(d.node.path)} organs.{key}.code"
    return d.missing("doc_number.code", "发文机关代字", "档案未给出本通知发文机关的文号代字"), ""


@builds("doc_number")
def build_doc_number(d: Draft, rule: Rule) -> None:
    given = d.edition.get("doc_number")
    if given:
        number = DocNumber.parse(given)  # check-profile refuses another form already
        if number is None:
            raise NoticeError(f"{d.edition_source()}：文号“{given}”不是“代字〔年份〕序号号”的形式")
        d.notice.doc_number = number
        d.notice.provenance["doc_number"] = prov(rule, d.edition_source())
        return
    code, source = _code(d)
    reason = ("本年度档案未载明文号（原通知未显示文号）" if d.edition
              else f"{d.year}年尚无本节点的年度档案，发文序号须由发文机关编号")
    serial = d.missing("doc_number.serial", "序号", reason)
    d.notice.doc_number = DocNumber(code, str(d.year), serial)
    d.notice.provenance["doc_number"] = prov(rule, source or "无")


LETTER_SUFFIX = "函"


def is_letter(notice) -> bool:
    """A 函 — 代字 ending in 函 (教职成厅函, 苏教社教函) — is issued in the 信函格式 (GB/T 9704
    10.1); lint reads it so (a draft states its format, a read .docx only its 文号)."""
    if getattr(notice, "format", "") == "信函":
        return True
    code = notice.doc_number.code if notice.doc_number else ""
    return bool(code) and not has_placeholder(code) and code.endswith(LETTER_SUFFIX)


@builds("format")
def build_format(d: Draft, rule: Rule) -> None:
    """文件 or 信函 (GB/T 9704-2012 10.1): the node's ``defaults.format`` when it says; else a
    函 — a 代字 ending in the rule's ``letter_suffix`` (教职成厅函, 苏教社教函) — is a letter."""
    given = d.defaults.get("format")
    if given:
        d.notice.format, source = given, d.defaults_source()
    else:
        code = d.notice.doc_number.code if d.notice.doc_number else ""
        suffix = rule.params.get("letter_suffix", LETTER_SUFFIX)
        letter = bool(code) and not has_placeholder(code) and code.endswith(suffix)
        d.notice.format = "信函" if letter else "文件"
        source = (f"文号代字“{code}”以“{suffix}”结尾：函用信函格式" if letter
                  else f"文号代字“{code or '无'}”不以“{suffix}”结尾：文件格式")
    d.notice.provenance["format"] = prov(rule, source)


@checks("format")
def format_(rule, draft, expected, ctx):
    """A 函 (代字 ending in 函) is printed in the 信函格式, whose mark has no 文件 (10.1)."""
    title = ctx.res.locs.get("title")
    head = []
    for ln in ctx.res.lines:  # the lines above the title: the mark as printed
        if ln.loc == title:
            break
        head.append(ln.text.strip())
    if not is_letter(draft) or not any(t.endswith("文件") and "〔" not in t for t in head):
        return []
    code = draft.doc_number.code
    return [finding(rule, f"文号代字“{code}”为函，应用信函格式：发文机关标志不加“文件”",
                    ctx.res.loc_of("header") or ctx.res.loc_of("doc_number"))]


def _cited_issuers(d: Draft, rule: Rule) -> tuple[int, list[str], str]:
    """How many organs the year's notice names as issuing it, and the ones named: from the
    edition's ``issuer`` (how it is cited: 常州市教育局等五部门, 市委宣传部、市文明办、…) or the
    lead of its title (教育部办公厅等五部门关于…)."""
    cn = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
    lead = re.split(r"关于", d.notice.title or "", maxsplit=1)[0] if "关于" in (d.notice.title or "") else ""
    for text in (d.edition.get("issuer") or "", lead):
        m = re.search(rule.params["joint_pattern"], text)
        if m and m["n"] in cn:
            return cn[m["n"]], [m["lead"]], text
        names = [x for x in re.split(r"[、，]", text) if x]
        if len(names) > 1:
            return len(names), names, text
    return 0, [], ""


@builds("joint_issuers")
def build_joint_issuers(d: Draft, rule: Rule) -> None:
    """One list of issuers for the title's 等N部门, the header, the 署名 and the 版记: organs the
    year's notice names but the profile does not give are 【待填】, each listed."""
    count, named, text = _cited_issuers(d, rule)
    have = [o for o in d.notice.issuers if not has_placeholder(o.name)]
    if count <= len(d.notice.issuers):
        return
    out, unmatched = list(have), []
    if len(named) == count:  # each organ is cited (by a short name): the known ones in their place
        out = []
        for name in named:
            hit = next((o for o in have if o.name.endswith(name.lstrip("中共")) or o.short == name), None)
            out.append(hit or Organ(""))
            unmatched.append(name)
    while len(out) < count:
        out.append(Organ(""))
    hint = rule.params["hint"]
    for i, o in enumerate(out):
        if not o.name:
            cited = named[i] if len(named) == count else ""
            # each its own token, by its place (the reader keeps a header name once): 发文机关二, 三, …
            token = rule.params["hint_at"].format(n=cn_number(i + 1))
            out[i] = Organ(d.missing(f"issuers.{i + 1}", f"{hint}（{cited}）" if cited else token,
                                     f"{d.year}年通知由{count}个机关联合发文（{text}），档案只给出"
                                     f"{len(have)}个；其余发文机关的全称须补入档案 organs 和 issuers"))
    d.notice.issuers = out
    d.notice.provenance["issuers"] = prov(rule, f"{text}（{d.edition_source()}）")


@builds("title")
def build_title(d: Draft, rule: Rule) -> None:
    if d.edition.get("title"):
        title, source = d.edition["title"], d.edition_source()
    else:
        pattern, source = d.fact("title")
        if not pattern:
            pattern, source = rule.params["pattern"], f"规则 {rule.id}"
        title = fmt(pattern, place=d.node.data.get("place", d.node.name), year=d.year)
    d.notice.title = title
    d.notice.provenance["title"] = prov(rule, source)


def recipient_groups(d: Draft) -> tuple[list[dict], str]:
    if d.edition.get("recipients"):
        return d.edition["recipients"], d.edition_source()
    return d.node.data.get("recipients") or [], f"{d.rel(d.node.path)} recipients"


@builds("recipients")
def build_recipients(d: Draft, rule: Rule) -> None:
    groups, source = recipient_groups(d)
    names = [g["name"] for g in groups]
    d.notice.recipients = names or [d.missing("recipients", "主送机关", "档案未给出主送机关")]
    d.notice.provenance["recipients"] = prov(rule, source)


@checks("header")
def header(rule, draft, expected, ctx):
    if not ctx.res.header:
        return _missing(rule, ctx, "title", "未见版头", _text_soft(ctx))
    if expected:
        # a 函 carries the host organ's mark alone (GB/T 9704-2012 10.1)
        want = {o.name for o in (expected.issuers[:1] if is_letter(expected) else expected.issuers)}
        got = {norm(h) for h in ctx.res.header}
        lost = [w for w in want if norm(w) not in got]
        if lost:
            return _missing(rule, ctx, "header", "版头缺少 " + "、".join(lost))
    return []


@checks("joint_issuers")
def joint_issuers(rule, draft, expected, ctx):
    """The title's own 等N部门 against the organs the header names (a text conversion may lose
    the header: NK-C-HEADER says so, not this rule)."""
    lead = draft.title.split("关于", 1)[0] if "关于" in (draft.title or "") else ""
    m = re.search(rule.params["joint_pattern"], lead)
    cn = "一二三四五六七八九十"
    if not m or m["n"] not in cn or not ctx.res.header or is_letter(draft):
        return []  # a 函's mark is the host organ's alone (GB/T 9704-2012 10.1)
    want, got = cn.index(m["n"]) + 1, len(ctx.res.header)
    if got == want:
        return []
    return [finding(rule, f"标题写“等{m['n']}部门”，版头列出 {got} 个发文机关", ctx.res.loc_of("header"), draft.title)]


@checks("doc_number")
def doc_number(rule, draft, expected, ctx):
    if not draft.doc_number:
        return _missing(rule, ctx, "title", "未见发文字号", _text_soft(ctx))
    if expected and expected.doc_number:
        e, d = expected.doc_number, draft.doc_number
        code_known = not has_placeholder(e.code)  # a profile without the code cannot judge it
        if e.year != d.year or (code_known and norm(e.code) != norm(d.code)):
            return _missing(rule, ctx, "doc_number", f"应为 {e.code}〔{e.year}〕…号，实为 {d}")
        if e.serial.isdigit() and d.serial != e.serial:
            return _missing(rule, ctx, "doc_number", f"档案载明 {e}，实为 {d}")
    return []


@checks("title")
def title(rule, draft, expected, ctx):
    t = draft.title
    if not t:
        return _missing(rule, ctx, "title", "未见标题")
    problems = []
    if "关于" not in t:
        problems.append("应写明“关于……”")
    if not t.endswith("的通知"):
        problems.append("应以“的通知”结尾")
    if "全民终身学习" not in t:
        problems.append("应写明“全民终身学习”")
    if expected and not problems and norm(expected.title) != norm(t):
        problems.append(f"档案要求“{expected.title}”")
    return [finding(rule, "；".join(problems), ctx.res.loc_of("title"), t)] if problems else []


@checks("recipients")
def recipients(rule, draft, expected, ctx):
    if not draft.recipients:
        return _missing(rule, ctx, "title", "未见主送机关")
    seen: dict[str, str] = {}
    out = []
    for r in draft.recipients:
        key = re.sub(r"^各", "", norm(r))
        if key in seen:
            out.append(finding(rule, f"“{r}”重复", ctx.res.loc_of("recipients"), "、".join(draft.recipients)))
        seen[key] = r
    if expected:
        got = re.sub(r"[、，；]", "", norm("".join(draft.recipients)))
        lost = [r for r in expected.recipients if "待填" not in r and re.sub(r"[、，；]", "", norm(r)) not in got]
        if lost:
            out.append(finding(rule, "缺少 " + "、".join(lost), ctx.res.loc_of("recipients")))
    return out
