"""Checks against the directive chain in the profile tree (rules/form.yaml): the theme
against the national editions of every year, a cited superior notice against the edition
the tree holds with that title or 文号. They need no ``--profile``: the national node's
editions (and every other node's) are read from the tree the kit ships.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..reader import DOC_NO_RE, ReadResult, norm
from ..rules import Rule
from .findings import Finding, finding
from .form import fix_at, good_doc_number, register


def _editions(res: ReadResult) -> tuple[dict[int, str], list[tuple[int, str, str, str, str]]]:
    from ..tree_cache import load_tree

    if "editions" not in res.cache:  # load_tree re-reads the tree when a profile file changed
        res.cache["editions"] = _index(load_tree())
    return res.cache["editions"]


@lru_cache(maxsize=2)
def _index(tree) -> tuple[dict[int, str], list[tuple[int, str, str, str, str]]]:
    """National themes by year, and every edition that names a title or a 文号:
    ``(year, node name, norm(title), title, 文号)``."""
    themes: dict[int, str] = {}
    notices = []
    for node in tree.nodes.values():
        for year, ed in node.editions.items():
            if node.level == "national" and ed.get("theme") and "待填" not in str(ed["theme"]):
                themes[int(year)] = str(ed["theme"])
            title, number = str(ed.get("title") or ""), str(ed.get("doc_number") or "")
            if title or number:
                notices.append((int(year), node.name, norm(title.strip("《》")), title, number))
    return themes, notices


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def adapts(theme: str, national: str) -> bool:
    """The national theme, or a local adaptation of it: every character of the national
    theme kept in order, the place (or a local word) added — 让学习成为新北人的生活方式 is not."""
    a, b = norm(theme).strip("“”"), norm(national).strip("“”")
    return a == b or _subsequence(b, a)


@register("theme_national")
def theme_national(rule: Rule, res: ReadResult) -> list[Finding]:
    """A theme carried over from an earlier year's national theme, when that year's theme
    is another (or the tree has no national edition for the year yet: then a hint)."""
    theme, year = res.notice.theme, res.notice.year
    if not theme or not year or "待填" in theme:
        return []
    themes, _ = _editions(res)
    now = themes.get(year)
    if now and adapts(theme, now):
        return []
    earlier = [y for y in sorted(themes) if y < year and adapts(theme, themes[y])
               and (now is None or norm(themes[y]) != norm(now))]
    if not earlier:
        return []
    y = earlier[-1]
    if now:
        return [finding(rule, f"“{theme}”是{y}年的全国主题，{year}年全国主题为“{now}”", res.loc_of("theme"), theme)]
    return [finding(rule, f"“{theme}”是{y}年的全国主题，档案中还没有{year}年的全国主题，请核对", res.loc_of("theme"),
                    theme, "info")]


CITED_RE = re.compile(r"《(?P<title>[^《》]{6,80})》\s*[（(](?P<docno>[^（）()]{4,30}?号)\s*[）)]")


@register("cited_edition")
def cited_edition(rule: Rule, res: ReadResult) -> list[Finding]:
    """A cited 《title》（文号） checked against the tree: the 文号 of the edition with that
    title (fixable: the tree says which), the title of the edition with that 文号; and a
    cited 全民终身学习 notice of an earlier year than this notice, when its 文号 is
    written so that the content rule (which wants 〔〕) does not see it."""
    _, notices = _editions(res)
    by_title = {t: (y, who, title, dn) for y, who, t, title, dn in notices if t}
    by_number = {norm(dn): (y, who, title, dn) for y, who, _, title, dn in notices if dn}
    out = []
    for ln in res.body:
        for m in CITED_RE.finditer(ln.text):
            dm = DOC_NO_RE.search(m["docno"])
            if not dm:
                continue
            cited = good_doc_number(dm.group(0), dm)
            start = m.start("docno") + dm.start()
            known = by_title.get(norm(m["title"]))
            if known and known[3] and norm(known[3]) != norm(cited):
                fix = fix_at(ln, start, dm.group(0), known[3])
                detail = f"《{m['title']}》是{known[1]}{known[0]}年的通知，文号为{known[3]}，不是{cited}"
                out.append(finding(rule, detail, ln.loc, m.group(0), fix=fix))
                continue
            other = by_number.get(norm(cited))
            if not known and other and other[2] and norm(other[2].strip("《》")) != norm(m["title"]):
                out.append(finding(rule, f"{cited}是{other[1]}{other[0]}年的《{other[2].strip('《》')}》，"
                                         f"不是《{m['title']}》", ln.loc, m.group(0)))
                continue
            year = res.notice.year
            title_year = re.search(r"(20\d{2})年", m["title"])
            years = {int(dm["year"])} if len(dm["year"]) == 4 else set()
            years |= {int(title_year.group(1))} if title_year else set()
            if year and years and min(years) < year and "全民终身学习" in m["title"] and "〔" not in m["docno"]:
                out.append(finding(rule, f"所引《{m['title']}》（{m['docno']}）是{min(years)}年的，本通知是{year}年的",
                                   ln.loc, m.group(0), "warning"))
    return out
