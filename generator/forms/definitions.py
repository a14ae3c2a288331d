"""Form definitions: templates/forms/<kind>.yaml validated into ``FormDef``.

A form is data, not code: its columns, rows (plain rows, header rows, groups whose label
is merged down the first column, one row per day of the week, numbered blank rows), the
lines above the table (单位名称（盖章）…) and below it, and a 注 line filled from the
notice's deadline for that attachment. Errors name the file, the line and the field in
Chinese through the shared ``generator.validation`` helpers.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import ROOT, TEMPLATES_DIR
from ..errors import NoticeError
from ..fastcheck import fast_valid, normalized
from ..validation import problems_of

FORMS_DIR = TEMPLATES_DIR / "forms"
#: forms with at least this many columns go landscape even if the YAML says portrait
WIDE_COLUMNS = 7
#: every zip entry and core-property date is pinned so equal inputs give equal bytes

_CELL = {
    "anyof": [
        {"type": ["string", "integer"]},
        {"type": "dict", "schema": {
            "text": {"type": ["string", "integer"], "default": ""},
            "span": {"type": "integer", "min": 1},
            "rowspan": {"type": "integer", "min": 1},
            "bold": {"type": "boolean"},
        }},
    ]
}
_CELLS = {"type": "list", "minlength": 1, "schema": _CELL}
_ROW = {
    "anyof": [
        _CELLS,
        {"type": "dict", "schema": {"header": {**_CELLS, "required": True}}},
        {"type": "dict", "schema": {"days": {**_CELLS, "required": True}}},
        {"type": "dict", "schema": {
            "group": {"type": "string", "required": True, "empty": False},
            "rows": {"type": "list", "required": True, "minlength": 1, "schema": _CELLS},
        }},
        {"type": "dict", "schema": {"blank": {"type": "dict", "required": True, "schema": {
            "count": {"type": "integer", "min": 1, "required": True},
            "cells": {**_CELLS, "required": True},
        }}}},
    ]
}
FORM_SCHEMA = {
    "kind": {"type": "string", "required": True, "empty": False},
    "name": {"type": "string", "required": True, "empty": False},
    # other names real notices give this form (开展情况统计表 for 全民终身学习活动开展情况统计表)
    "aliases": {"type": "list", "default": [], "schema": {"type": "string", "empty": False}},
    "source": {"type": "string", "required": True, "empty": False},
    "orientation": {"type": "string", "allowed": ["portrait", "landscape"], "default": "portrait"},
    "xlsx": {"type": "boolean", "default": False},
    "columns": {"type": "list", "required": True, "minlength": 1, "schema": {"type": "number", "min": 0.1}},
    "above": {"type": "list", "default": [], "schema": {"type": "string"}},
    "below": {"type": "list", "default": [], "schema": {"type": "string"}},
    "rows": {"type": "list", "required": True, "minlength": 1, "schema": _ROW},
    "date_format": {"type": "string", "default": "{month_day}"},
    "note": {"type": "string", "default": ""},
}
FIELD_NAMES = {
    "kind": "表格类型", "name": "名称", "aliases": "别名",
    "source": "来源", "orientation": "纸张方向", "columns": "列宽",
    "above": "表上方文字", "below": "表下方文字", "rows": "行", "note": "注", "date_format": "日期格式",
}



FIELDS_LISTED_IN = "generator/forms/definitions.py（FIELD_NAMES）"


@dataclass
class FormDef:
    """An attachment form as templates/forms defines it: columns, rows, the lines above and below."""

    kind: str
    name: str
    source: str
    columns: list[float]
    rows: list
    above: list[str] = field(default_factory=list)
    below: list[str] = field(default_factory=list)
    note: str = ""
    date_format: str = "{month_day}"
    orientation: str = "portrait"
    xlsx: bool = False
    path: Path | None = None

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape" or len(self.columns) >= WIDE_COLUMNS



def rel_path(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


_LOCAL = threading.local()


def _validator():
    """One cerberus validator a thread (it keeps state while validating): each new one
    expands the schema again (~10 ms a form)."""
    if not hasattr(_LOCAL, "validator"):
        from cerberus import Validator  # imported only for a definition the compiled checks refuse

        _LOCAL.validator = Validator(FORM_SCHEMA)
    return _LOCAL.validator


def parse_form(data: object, path: Path, lines: dict[tuple, int] | None = None) -> FormDef:
    """Validate one YAML form definition; errors name the file and the field in Chinese."""
    if not isinstance(data, dict):
        raise NoticeError(f"表格定义有误：{rel_path(path)}：文件内容应是一个映射")
    if fast_valid(data, FORM_SCHEMA):  # the usual case: cerberus (~40 ms) only words what is wrong
        d = normalized(data, FORM_SCHEMA)
    else:
        v = _validator()
        if not v.validate(data):
            found = problems_of(v, Path(rel_path(path)), lines, FIELD_NAMES, FIELDS_LISTED_IN)
            raise NoticeError("表格定义有误：" + "\n".join(str(p) for p in found))
        d = v.document
    form = FormDef(
        kind=d["kind"], name=d["name"], source=d["source"], columns=[float(c) for c in d["columns"]],
        rows=d["rows"], above=d["above"], below=d["below"], note=d["note"], date_format=d["date_format"],
        orientation=d["orientation"], xlsx=d["xlsx"], path=path,
    )
    if form.kind != path.stem:
        raise NoticeError(f"表格定义有误：{rel_path(path)}：表格类型（kind）“{form.kind}”应与文件名“{path.stem}”一致")
    return form  # its grid is checked by layout.load_form, which builds on the definitions


def known_forms(forms_dir: Path = FORMS_DIR) -> list[str]:
    return list(_form_kinds(Path(forms_dir)))


@cache
def _form_kinds(forms_dir: Path) -> tuple[str, ...]:
    """Listed once per process, as the definitions are: drafting asks for every attachment."""
    return tuple(sorted(p.stem for p in forms_dir.glob("*.yaml")))


@cache
def _load(kind: str, forms_dir: Path) -> FormDef:
    path = forms_dir / f"{kind}.yaml"
    if not re.fullmatch(r"[a-z0-9_]+", kind or "") or not path.is_file():
        raise NoticeError(f"不认识的表格类型“{kind}”。可用的类型：{'、'.join(known_forms(forms_dir))}")
    import yaml

    from ..datafile import load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise NoticeError(f"表格定义有误：{rel_path(path)}{where}：YAML 格式错误") from exc
    return parse_form(data, path)


@cache
def _load_kept(kind: str, forms_dir: Path) -> FormDef:
    """``_load`` kept on disk like the rules: cerberus validation (~40 ms) once, not per process."""
    from ..tree_cache import on_disk

    path = forms_dir / f"{kind}.yaml"
    if not re.fullmatch(r"[a-z0-9_]+", kind or "") or not path.is_file():
        return _load(kind, forms_dir)  # says which kinds exist
    return on_disk("form", str(path.resolve()), [path], lambda: _load(kind, forms_dir))


def load_form(kind: str, forms_dir: Path = FORMS_DIR) -> FormDef:
    """The form definition ``templates/forms/<kind>.yaml`` (its fields validated, cached per
    process); ``forms.load_form`` (``layout.load_form``) also lays its rows out once."""
    return _load_kept(kind, Path(forms_dir))
