"""The import review as a clerk reads it: each fact the importer read, with its Chinese
label, the line of the notice it came from and 待核实 where the importer is unsure — never
a YAML text or a field key."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from .. import TEMPLATES_DIR
from ..profile_diff import label, show
from ..schema import LEVELS
from ..vocabulary import notice_kind_names

#: the values of the schema's enumerations, as a clerk names them
VALUE_CN = {
    **dict(zip(LEVELS, ["全国", "省级", "市级", "区级", "县级"], strict=True)),
    "school": "中小学、幼儿园", "community_college": "社区培训学院、社区学院",
    "community_centre": "镇（街道）社区教育中心", "training_institution": "非学历教育培训机构",
    "bureau": "下级教育行政部门", "government_unit": "部委办局、成员单位", "university": "高校", "other": "其他",
    "plan": "实施方案", "schedule": "活动安排", "summary": "总结",
    "nth_weekday": "每年固定的第几个星期几", "after_superior_launch": "上级启动之后",
    "around_superior_launch": "与上级启动同时", "sealed": "加盖印章", "unsealed": "不加盖印章",
    **notice_kind_names(),  # the notice's kind, named where import reads it (templates/reading/vocabulary.yaml)
}
#: a field key the importer's reasons name (请确定后填写 launch.date), shown by its label
FIELD_KEY = re.compile(r"(?<![\w.])[a-z_]+(?:\.[a-z0-9_]+)+(?![\w.])", re.ASCII)
WEEKDAY_CN = "一二三四五六日"


@functools.cache
def _form_titles() -> dict[str, str]:
    import yaml

    out = {}
    for f in sorted((TEMPLATES_DIR / "forms").glob("*.yaml")):
        try:
            out[f.stem] = str((yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("name", f.stem))
        except (OSError, yaml.YAMLError):
            out[f.stem] = f.stem
    return out


@dataclass
class Fact:
    label: str
    value: str
    source: str = ""
    unsure: str = ""
    long: bool = False


def value_text(path: tuple, value: Any, names: dict[str, str] | None = None) -> str:
    """A leaf value in words: enumerations by their Chinese names, week rules spelled out,
    organs by their names."""
    key = path[-1] if path else ""
    if key == "issuers" and isinstance(value, list) and names:
        return "、".join(names.get(v, v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "weekday" and isinstance(value, int) and 1 <= value <= 7:
        return f"星期{WEEKDAY_CN[value - 1]}"
    if key == "nth" and isinstance(value, int):
        return "最后一个" if value == -1 else f"第{value}个"
    if key == "month" and isinstance(value, int):
        return f"{value}月"
    if key == "form" and isinstance(value, str):
        return _form_titles().get(value, value)
    if isinstance(value, str) and value in VALUE_CN:
        return VALUE_CN[value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "、".join(VALUE_CN.get(v, v) for v in value) or "（无）"
    return show(value, limit=10_000)


def reason_text(why: str, names: dict[str, str] | None = None) -> str:
    """An importer's reason with the field keys it names as their Chinese labels (a dotted word
    no table names, such as a file name, stays as it is)."""
    def shown(m: re.Match) -> str:
        text = label(tuple(int(p) if p.isdigit() else p for p in m.group(0).split(".")), names, unknown="\0")
        return m.group(0) if "\0" in text else text

    return FIELD_KEY.sub(shown, why)


def facts(data: Any, unsure: dict[tuple, str], names: dict[str, str] | None = None) -> list[Fact]:
    """Every leaf fact of a planned file, in the file's order; a ``source`` beside facts is
    shown as where they came from, not as a fact."""
    out: list[Fact] = []

    def walk(value: Any, path: tuple, source: str) -> None:
        if isinstance(value, dict):
            here = value.get("source") if isinstance(value.get("source"), str) else source
            for k, v in value.items():
                if k == "source" and path:
                    continue
                walk(v, (*path, k), here)
            return
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for i, v in enumerate(value):
                walk(v, (*path, i), source)
            return
        text = value_text(path, value, names)
        why = reason_text(unsure.get(path) or next((r for p, r in unsure.items() if p and path[:len(p)] == p), ""),
                          names)
        shown = label(path, names, unknown="其他事项")
        out.append(Fact(shown, text, source if path != ("source",) else "", why, len(text) > 60))

    walk(data, (), "")
    return out
