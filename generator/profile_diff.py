"""The facts a profile edit changed, named in Chinese: what a commit message and the node
page's history say (``组织委员会·成员·第1项·姓名：（无）→ 李明``), and what 撤销 restores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

from .datafile import load_yaml
from .schema import FIELD_CN

#: the parts of a fact's path the schema does not name
PART_CN = {"serial": "序号", "citations": "引用的上级通知", "head": "主任", "signature_date": "成文日期",
           "name": "姓名", "cc": "抄送", "kind": "类别", "label": "名称", "deputies": "副主任",
           "bodies": "主办单位", "cite_title": "引用时的标题", "contact": "联系人", "county_level_city": "县级市",
           "days": "天数", "duty": "职责", "example": "示例", "form_title": "表格标题", "imprint_office": "印发机关",
           "issuer": "发文机关", "location": "设在", "month": "月份", "note": "说明", "nth": "第几个",
           "offset_days": "相差天数", "others": "其他成员", "seal": "印章", "short": "简称", "signature": "署名方式",
           "theme_source": "主题来源", "week_note": "活动周说明", "weekday": "星期",
           "working_days_after_week": "活动周后第几个工作日", "working_days_before_week": "活动周前第几个工作日",
           "organisation": "组织领导", "publicity": "宣传发动", "summary": "总结报送", "safety": "安全保障",
           "propaganda": "宣传", "edu": "教育局", "epidemic": "疫情防控", "epidemic_prevention": "疫情防控",
           "frugality": "勤俭节约", "local_features": "地方特色", "learning_organisations": "学习型组织建设",
           "effectiveness": "注重实效", "time": "时间安排", "hosts": "承办单位"}
PEOPLE = ("members", "contacts", "deputies")
MISSING = object()


@dataclass(frozen=True)
class FactChange:
    path: tuple
    old: Any
    new: Any


def parse(text: str | None) -> Any:
    """A profile file's data (plain), or MISSING when there is no file or it does not parse."""
    if text is None:
        return MISSING
    try:
        return load_yaml(text)
    except yaml.YAMLError:
        return MISSING


def changes(old: Any, new: Any, path: tuple = ()) -> list[FactChange]:
    """Leaf facts that differ: mappings by key, lists of equal length item by item, anything
    else (a list that grew, a value that changed type) as one fact."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += changes(old.get(key, MISSING), new.get(key, MISSING), (*path, key))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [c for i, (a, b) in enumerate(zip(old, new, strict=True)) for c in changes(a, b, (*path, i))]
    if old == new and type(old) is type(new):
        return []
    return [FactChange(path, old, new)]


def label(path: tuple, names: dict[str, str] | None = None, unknown: str | None = None) -> str:
    """``("committee", "members", 0, "name")`` → 组织委员会·成员·第1项·姓名 (node ids by their
    names); a key no table names is itself, or ``unknown`` when given."""
    parts = []
    for i, p in enumerate(path):
        if isinstance(p, int) or (isinstance(p, str) and p.isdigit()):
            parts.append(f"第{int(p) + 1}项")
        elif p in ("name", "title") and i >= 2 and path[i - 2] in PEOPLE:  # a person's, not a body's
            parts.append("姓名" if p == "name" else "职务全称")
        elif p == "name":
            parts.append(FIELD_CN["name"])
        elif names and p in names:
            parts.append(names[p])
        else:
            parts.append(PART_CN.get(p) or FIELD_CN.get(p) or (unknown if unknown is not None else str(p)))
    return "·".join(parts) or "整个文件"


def show(value: Any, limit: int = 80) -> str:
    """A value as a clerk reads it: no YAML, no braces."""
    if value is MISSING or value is None or value == "" or value == [] or value == {}:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, list):
        text = "、".join(show(v, limit) for v in value)
    elif isinstance(value, dict):
        text = "；".join(f"{label((k,))}：{show(v, limit)}" for k, v in value.items() if k != "source")
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(old_text: str | None, new_text: str | None, names: dict[str, str] | None = None) -> list[str]:
    """One line per changed fact: ``文号：（无）→ 常新教〔2027〕91号``."""
    old, new = parse(old_text), parse(new_text)
    if old is MISSING and new is MISSING:
        return []
    if old is MISSING:
        old = {}
    if new is MISSING:
        new = {}
    # a new file's year and source are the file itself, not facts changed
    skip = {("year",), ("source",)} if old == {} else set()
    return [f"{label(c.path, names)}：{show(c.old)} → {show(c.new)}" for c in changes(old, new)
            if c.path not in skip and (c.path != ("source",) or not c.old)]
