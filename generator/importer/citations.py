"""Each notice the opening cites goes to the organ that issued it, found from the cited issuer
and title, never from its place in the list: ``江西省教育厅等部门《…》（赣教职成字〔…〕…号）`` is the
province's even though its 代字 holds 教职成, ``南昌市教育局《…》`` the city's, ``教育部办公厅…《…》``
the national one. A citation whose issuer is no superior in the tree (another province, the
county's own party office) belongs to no node: it is kept in the new edition and reported.
"""

from __future__ import annotations

import re

from ..profiles import Node
from .text import CJK

#: issuers that are national whatever the 文号 says
NATIONAL_RE = re.compile(r"^(?:中共中央|国务院|教育部|全国|中央)")
#: the ministry's 代字 begin with 教 (教职成厅函, 教发); a province's with its own short name (苏教, 赣教)
NATIONAL_CODE_RE = re.compile(r"^教")
#: a place named in an issuer or a title: 江西省, 南昌市, 青湖县, 新北区, 内蒙古自治区
PLACE_RE = re.compile(rf"[{CJK}]{{2,7}}?(?:自治区|自治州|省|市|区|县|旗|州|盟)")
#: an organ named without its place (省教育厅办公室, 市教育局): the superior of that level
BARE_LEVEL = {"省": "province", "市": "city", "区": "district", "县": "county"}


def _names(node: Node) -> list[str]:
    names = {node.name, str(node.data.get("place") or "")}
    names.update(str(o.get("name") or "") for o in (node.data.get("organs") or {}).values())
    return [n for n in names if len(n) >= 2 and "【" not in n]


def cited_issuer(cite: dict[str, str]) -> str:
    """Who issued the cited notice: the organ named before it, else its title's own head
    (江西省教育厅关于举办……), else the place its title is for (关于举办2026年江西省……)."""
    if cite.get("issuer"):
        return cite["issuer"]
    title = cite.get("title", "")
    head = title.partition("关于")[0] if "关于" in title else ""
    if head:
        return head
    m = re.search(rf"(?:举办|开展)\s*(?:\d{{4}}\s*年)?\s*({PLACE_RE.pattern})", title)
    return m.group(1) if m else ""


def owner(cite: dict[str, str], chain: list[Node]) -> Node | None:
    """The superior in ``chain`` (national first) that issued ``cite``; None when it names a
    place or an organ no superior is, or says nothing of its issuer."""
    who = re.sub(r"^中共", "", cited_issuer(cite))
    by_level = {n.level: n for n in chain}
    if who:
        # the most specific superior first: 南昌市 before 江西省 in “江西省南昌市教育局”
        for node in reversed(chain):
            if node.level != "national" and any(name in who for name in _names(node)):
                return node
        if NATIONAL_RE.match(who):
            return by_level.get("national")
        bare = BARE_LEVEL.get(who[:1])
        if bare and not PLACE_RE.match(who):
            return by_level.get(bare)
        if PLACE_RE.search(who):
            return None  # a place that is no superior of this node
    code = (cite.get("doc_number") or "").split("〔")[0]
    if NATIONAL_CODE_RE.match(code) and not who:
        return by_level.get("national")
    return None
