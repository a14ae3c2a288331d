"""开篇：引用上级通知（国家在前）与决定举办的表述。"""

from __future__ import annotations

import re

from ..findings import finding
from ..model import (
    Citation,
    DocNumber,
    Provenance,
)
from ..profiles import Node
from ..rules import Rule
from .base import (
    Draft,
    builds,
    checks,
    fmt,
    norm,
    prov,
)


def _citation(d: Draft, rule: Rule, sup: Node) -> Citation:
    ed = sup.editions.get(d.year)
    organs = sup.data.get("organs") or {}
    where = f"{sup.name}{d.year}年"
    keys = (ed or {}).get("issuers") or (sup.defaults.get("issuers") if ed else None) or []
    if (ed or {}).get("issuer"):
        default_issuer = ed["issuer"]
    elif keys and all(k in organs for k in keys):
        default_issuer = organs[keys[0]]["name"] + ("等" if len(keys) > 1 else "")
    elif len(organs) == 1:  # the superior's only organ
        default_issuer = next(iter(organs.values()))["name"]
    else:
        default_issuer = d.missing(f"citations.{sup.id}.issuer", f"{where}通知发文机关",
                                   f"档案未给出{sup.name}{d.year}年通知的发文机关")
    if ed is None:
        title = d.missing(f"citations.{sup.id}.title", f"{where}通知标题",
                          f"档案中没有{sup.name}{d.year}年的通知（{d.rel(sup.path.parent)}/{d.year}.yaml）")
        number = d.missing(f"citations.{sup.id}.doc_number", f"{where}通知文号",
                           f"档案中没有{sup.name}{d.year}年通知的文号")
        return Citation(sup.level, default_issuer, title, number,
                        Provenance(rule.id, f"{d.rel(sup.path)}（{d.year}年无年度档案）"))
    source = f"{d.rel(sup.path.parent / f'{d.year}.yaml')}：{ed['source']}"
    title = ed.get("cite_title") or ed.get("title") or d.missing(
        f"citations.{sup.id}.title", f"{where}通知标题", f"{source} 未给出标题")
    number = ed.get("doc_number") or d.missing(
        f"citations.{sup.id}.doc_number", f"{where}通知文号", f"{source} 未载明文号")
    return Citation(sup.level, default_issuer, title, number,
                    Provenance(rule.id, source))


@builds("citations")
def build_citations(d: Draft, rule: Rule) -> None:
    """The superiors' notices of the year, national first, and the opening that cites them."""
    d.notice.citations = [_citation(d, rule, sup) for sup in d.node.chain()]
    cites = [c.text() for c in d.notice.citations]
    joined = "、".join(cites[:-1]) + ("和" if len(cites) > 1 else "") + cites[-1]
    _write_opening(d, rule, citations=joined, place=d.node.data.get("place", d.node.name))


@builds("opening")
def build_opening(d: Draft, rule: Rule) -> None:
    """The opening of a notice that cites no superior (NK-C-OPENING: the national notice)."""
    _write_opening(d, rule)


def _write_opening(d: Draft, rule: Rule, **facts: str) -> None:
    """The opening paragraph: purpose, the chain cited (when there is one), the decision."""
    purpose, _ = d.fact("purpose")
    d.notice.opening = fmt(rule.params["text"], purpose=purpose or rule.params.get("purpose", ""), year=d.year,
                           **facts)
    d.notice.provenance["opening"] = prov(rule, d.edition_source() if d.edition else d.defaults_source())


# 《title》（code〔year〕N号）: a cited notice with its 文号, as the opening quotes it
CITED_RE = re.compile(r"《(?P<title>[^》]+)》\s*[（(](?P<docno>[^（）()]*?〔\s*\d{4}\s*〕[^（）()]*?号)[）)]")


def _stale_citations(rule, draft, ctx) -> list:
    """Last year's superior notice cited again: the week's directives are yearly, so a cited
    活动周 notice (or its 文号) from before this notice's year is most likely a copied slip."""
    out = []
    for m in CITED_RE.finditer(draft.opening):
        if "全民终身学习" not in m["title"] or not draft.year:
            continue
        title_year = re.search(r"(20\d{2})年", m["title"])
        number = DocNumber.parse(m["docno"], strict=False)
        if number is None:
            continue
        years = {int(number.year)} | ({int(title_year.group(1))} if title_year else set())
        if min(years) < draft.year:
            detail = (f"所引《{m['title']}》（{m['docno']}）是{min(years)}年的，本通知是{draft.year}年的，"
                      "请核对是否沿用了往年的上级通知或文号")
            out.append(finding(rule, detail, ctx.res.loc_of("opening"), m[0], "warning"))
    return out


@checks("citations")
def citations(rule, draft, expected, ctx):
    opening = draft.opening
    stale = _stale_citations(rule, draft, ctx)
    if expected:
        lost = [c for c in expected.citations if c.doc_number and "待填" not in c.doc_number
                and norm(c.doc_number) not in norm(opening)]
        return [finding(rule, f"未引用{c.issuer}《{c.title.strip('《》')}》（{c.doc_number}）",
                        ctx.res.loc_of("opening"), opening) for c in lost] + stale
    cited = re.findall(r"《[^》]+》", opening)
    if not cited:
        return [finding(rule, "开篇没有用书名号引用上级通知", ctx.res.loc_of("opening"), opening)]
    # any 文号 counts here, however its brackets are written: their form is NK-F-DOCNO-FORM's to report
    numbers = DocNumber.TEXT_RE.findall(opening) + re.findall(r"【待填[^】]*文号】", opening)
    if len(numbers) < len(cited):
        return [finding(rule, f"引用了 {len(cited)} 份通知，只写明 {len(numbers)} 个文号",
                        ctx.res.loc_of("opening"), opening)] + stale
    return stale
