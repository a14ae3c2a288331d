"""The levels of the tree, named once: their order (top to bottom) and their Chinese words.

``LEVEL_CN`` is the level's name (国家、省 …, ``notice profiles`` and the web print 省级),
``AREA`` the word of 全X in a notice's text (全国、全省 …).
"""

from __future__ import annotations

#: top to bottom: a node's children are one level down (a county may sit under a city directly)
LEVELS: tuple[str, ...] = ("national", "province", "city", "district", "county")
LEVEL_CN = {"national": "国家", "province": "省", "city": "市", "district": "区", "county": "县"}
AREA = {"national": "国", "province": "省", "city": "市", "district": "区", "county": "县"}
#: the level a node one step down usually has (import proposes it for a new child)
CHILD_LEVEL = dict(zip(LEVELS, LEVELS[1:], strict=False))


def level_words(level: str) -> str:
    """``city`` → 市级 (an unknown level as it is)."""
    return f"{LEVEL_CN[level]}级" if level in LEVEL_CN else level
