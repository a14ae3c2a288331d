"""The edition and defaults forms one fact per field: every leaf of the file (``week.start``,
``committee.members.0.name``) with its Chinese label, an enumeration as a choice in words, a
list of names as one line joined by 、 — never YAML text, never a field key.

A field's name is ``field.<dotted path>``; the form carries its original text (``orig.…``),
so a save changes only the leaves the person changed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..profile_diff import label
from ..schema import EDITION_SCHEMA, NODE_SCHEMA
from .import_review import VALUE_CN, value_text

LIST_SPLIT = re.compile(r"[、，,；;\n]+")
#: the variables a title template may hold, as the form writes them
TEMPLATE_CN = {"{place}": "{地名}", "{year}": "{年份}", "{name}": "{名称}"}


def _words(text: str) -> str:
    for k, v in TEMPLATE_CN.items():
        text = text.replace(k, v)
    return text


def _unwords(text: str) -> str:
    for k, v in TEMPLATE_CN.items():
        text = text.replace(v, k)
    return text


@dataclass
class Leaf:
    path: tuple
    value: Any
    rule: dict


def schema_for(kind: str) -> dict:
    return NODE_SCHEMA["defaults"]["schema"] if kind == "defaults" else EDITION_SCHEMA


def rule_at(schema: dict, path: tuple) -> dict:
    """The schema rule of a path (list items and sub-mappings followed); {} when unknown."""
    rule: dict = {"type": "dict", "schema": schema}
    for p in path:
        if rule.get("type") == "list":
            rule = rule.get("schema") or {}
            if isinstance(p, int):
                continue
        if isinstance(p, int):
            return {}
        sub = rule.get("schema") if rule.get("type") == "dict" else None
        if not isinstance(sub, dict) or p not in sub:
            return {}
        rule = sub[p]
    return rule


def leaves(data: Any, schema: dict, path: tuple = ()) -> list[Leaf]:
    """Every fact of ``data`` in its order: mappings and lists of mappings opened up."""
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in leaves(v, schema, (*path, k))]
    if isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        return [x for i, v in enumerate(data) for x in leaves(v, schema, (*path, i))]
    return [Leaf(path, data, rule_at(schema, path))]


def dotted(path: tuple) -> str:
    return ".".join(map(str, path))


def undotted(key: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in key.split("."))


def leaf_text(leaf: Leaf, organs: dict[str, str] | None = None) -> str:
    """What the field holds: a date as 2027-10-20, a list joined by 、 (issuing organs by their
    names), an enumeration as stored (the choice shows it in words), {年份} in a template."""
    v = leaf.value
    if leaf.path and leaf.path[-1] == "issuers" and isinstance(v, list) and organs:
        return "、".join(organs.get(str(x), str(x)) for x in v)
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, list):
        return "、".join(str(x) for x in v)
    if isinstance(v, dict):
        return ""  # an empty mapping: nothing to show
    return _words(str(v))


def choices(leaf: Leaf) -> list[tuple[str, str]] | None:
    """(stored value, words) of an enumerated field, or None."""
    allowed = leaf.rule.get("allowed")
    if leaf.rule.get("type") == "list":
        return None
    if isinstance(allowed, list):
        return [(str(a), VALUE_CN.get(str(a)) or value_text(leaf.path, a)) for a in allowed]
    if leaf.path and leaf.path[-1] == "weekday":
        return [(str(i), value_text(("weekday",), i)) for i in range(1, 8)]
    if leaf.path and leaf.path[-1] == "nth" and isinstance(leaf.value, int):
        return [(str(i), value_text(("nth",), i)) for i in (1, 2, 3, 4, 5, -1)]
    return None


_DATE_RE = re.compile(r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(text: str, year: int, what: str = "日期") -> dt.date:
    """2027-10-20, 2027年10月20日 or 10月20日 (the page's year); a date that does not exist
    is named as such (2027年2月没有29日), not blamed on its form."""
    m = _DATE_RE.fullmatch(text.strip())
    if not m:
        raise ValueError(f"{what}须写作 {year}-10-20 或 {year}年10月20日")
    y, mo, d = int(m.group(1) or year), int(m.group(2)), int(m.group(3))
    if not 1 <= mo <= 12:
        raise ValueError(f"{what}的月份须在 1—12 之间，没有{mo}月")
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValueError(f"{y}年{mo}月没有{d}日") from None


def field_label(path: tuple) -> str:
    return label(path, unknown="其他事项")


def to_value(text: str, old: Any, rule: dict, year: int, path: tuple = (),
             organs: dict[str, str] | None = None) -> Any:
    """A field's text as the file's value, by the schema's type or the old value's."""
    text = _unwords(text.strip())
    if path and path[-1] == "issuers" and organs:
        ids = {name: key for key, name in organs.items()}
        items = [x.strip() for x in LIST_SPLIT.split(text) if x.strip()]
        unknown = [x for x in items if x not in ids and x not in organs]
        if unknown:
            raise ValueError(f"档案中没有这个发文机关：{'、'.join(unknown)}（可选：{'、'.join(organs.values())}）")
        return [ids.get(x, x) for x in items]
    kind = rule.get("type") or ("list" if isinstance(old, list) else "")
    if text == "":
        return None
    if kind == "date" or isinstance(old, dt.date):
        return parse_date(text, year)
    if kind == "boolean" or isinstance(old, bool):
        if text not in ("是", "否"):
            raise ValueError("请填“是”或“否”")
        return text == "是"
    if kind == "integer" or (isinstance(old, int) and not isinstance(old, bool)):
        if not re.fullmatch(r"-?\d{1,4}", text):
            raise ValueError("须为整数，如 7")
        return int(text)
    if kind == "list":
        items = [x.strip() for x in LIST_SPLIT.split(text) if x.strip()]
        if (rule.get("schema") or {}).get("type") == "integer":
            if not all(re.fullmatch(r"-?\d{1,4}", x) for x in items):
                raise ValueError("须为整数，以顿号分隔")
            return [int(x) for x in items]
        return items
    return text
