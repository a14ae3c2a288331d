"""One way to say, in Chinese, what is wrong in a YAML file: profiles, rules and forms.

Cerberus reports errors as codes on document paths; these helpers turn them into
``Problem``s — file, line, the field with its Chinese name, a Chinese message — so a
clerk fixes the YAML without reading code, whichever kind of file it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import NoticeError
from .schema import FIELD_CN

if TYPE_CHECKING:  # cerberus costs ~35 ms to import: only a file being validated needs it
    from cerberus import Validator, errors


@dataclass
class Problem:
    """One thing wrong in a profile or rule file: where (file, line, field) and, in Chinese, what."""

    file: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        name = f"字段“{self.field}”" if self.field else "文件"
        return f"{where}: {name}：{self.message}"


class ProfileError(NoticeError):
    """One or more problems in profile (or rule, or form) files; exit code 2."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems), 2)


def line_for(path: tuple, lines: dict[tuple, int]) -> int:
    """The line of the deepest part of ``path`` the YAML had (1 when none)."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def cn_message(err: errors.ValidationError, names: dict[str, str] = FIELD_CN,
               listed_in: str = "generator/schema.py") -> str:
    """A cerberus error in Chinese; ``names`` are the fields' Chinese names (for typo hints)."""
    from cerberus import errors

    code, constraint, value = err.code, err.constraint, err.value
    if code == errors.UNKNOWN_FIELD.code:
        return _unknown_field_cn(err, names, listed_in)
    if code == errors.REQUIRED_FIELD.code:
        return "缺少必填字段"
    if code in _alternatives():
        return "格式不符合任何一种允许的写法"
    if code == errors.BAD_TYPE.code:
        want = {
            "integer": "整数", "string": "文字", "date": "日期（如 2024-10-31）", "list": "列表",
            "dict": "键值表", "boolean": "是/否（true/false）", "number": "数字",
        }
        wanted = constraint if isinstance(constraint, list | tuple) else [constraint]
        return f"类型不对：应为{'或'.join(want.get(str(c), str(c)) for c in wanted)}，实际是“{value}”"
    if code in (errors.UNALLOWED_VALUE.code, errors.UNALLOWED_VALUES.code):
        return f"取值“{value}”不在允许的范围内：{'、'.join(map(str, constraint))}"
    if code == errors.EMPTY_NOT_ALLOWED.code:
        return "不能为空"
    if code == errors.NOT_NULLABLE.code:
        return "不能为空值（null）"
    if code == errors.MIN_LENGTH.code:
        return "不能为空" if constraint == 1 else f"至少要有 {constraint} 项"
    if code == errors.MIN_VALUE.code:
        return f"不能小于 {constraint}（实际 {value}）"
    if code == errors.MAX_VALUE.code:
        return f"不能大于 {constraint}（实际 {value}）"
    if code == errors.REGEX_MISMATCH.code:
        return f"格式不对：“{value}”应只含小写英文字母、数字和下划线，并以字母开头"
    return f"不符合要求（{err.rule}: {constraint}）"


def _unknown_field_cn(err: errors.ValidationError, names: dict[str, str], listed_in: str) -> str:
    """Name the field probably meant (a typo is the usual cause) and where all fields are listed."""
    key = str(err.document_path[-1]) if err.document_path else ""
    import difflib  # only for a misspelt field

    close = difflib.get_close_matches(key, names, n=1, cutoff=0.7)
    guess = f"是不是“{close[0]}（{names[close[0]]}）”？" if close else "请检查拼写；"
    return f"不认识的字段（{guess}全部字段及中文名见 {listed_in}）"


def _alternatives() -> set[int]:
    """The errors that stand for "none of the allowed shapes": reported once, not per alternative."""
    from cerberus import errors

    return {errors.ANYOF.code, errors.ONEOF.code, errors.NONEOF.code}


def leaf_errors(errs) -> list[errors.ValidationError]:
    """The errors a user can act on: group errors opened, except "none of the shapes"."""
    out = []
    for e in errs:
        if e.is_group_error and e.code not in _alternatives():
            out.extend(leaf_errors(e.child_errors))
        else:
            out.append(e)
    return out


def field_name(path: tuple, names: dict[str, str] = FIELD_CN) -> str:
    """("rows", 3) → rows（行）.第4项"""
    parts = []
    for p in path:
        if isinstance(p, int):
            parts.append(f"第{p + 1}项")
        else:
            parts.append(f"{p}（{names[p]}）" if p in names else str(p))
    return ".".join(parts)


def problems_of(v: Validator, path: Path, lines: dict[tuple, int] | None = None,
                names: dict[str, str] = FIELD_CN, listed_in: str = "generator/schema.py") -> list[Problem]:
    """A failed validation as Problems, in file order."""
    out = [Problem(path, line_for(e.document_path, lines) if lines is not None else 0,
                   field_name(e.document_path, names), cn_message(e, names, listed_in))
           for e in leaf_errors(v._errors)]
    return sorted(out, key=lambda p: (p.line, p.field))
