"""Profile YAML read with line numbers, and its errors worded in Chinese.

Kept apart from ``profiles`` so that a command served from the tree cache (a cached
``notice draft``) never imports PyYAML: only reading a file does.
"""

from __future__ import annotations

import re
from pathlib import Path
from sys import intern as _intern
from typing import Any

import yaml

from .errors import os_error_cn
from .schema import FIELD_CN
from .validation import Problem, ProfileError

#: the largest seed profile is ~10 KB; PyYAML takes ~1.5 s and 30 MB per MB, so cap the parse
MAX_PROFILE_BYTES = 512 * 1024


# libyaml's parser (CSafeLoader) composes nodes ~6× faster than PyYAML's pure-Python one and
# its nodes carry the same line marks; the pure one is used only to word a syntax error, as
# the Chinese messages below are keyed on PyYAML's own wording.
_FastBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: a profile nests ~5 levels (defaults.deadlines[0].materials[0]); deeper is not a profile
MAX_DEPTH = 40
# libyaml composes recursively in C (≈30,000 levels crash the process) and PyYAML in Python;
# nesting needs one of these characters per level, so only a file with many is scanned first.
_NESTING_CHARS = "[{-:?"
_SCAN_ABOVE = 2000


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date that looks right but does not exist (2024-02-30) is a marked error, not a ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(None, None, "invalid date", node.start_mark) from None


class _LineLoader(_FastBase):
    """The profile loader: safe tags only; nodes keep their line marks."""

    def resolve(self, kind: type, value: Any, implicit: tuple) -> str:
        # libyaml composes in C but asks PyYAML's Python resolver the tag of every scalar
        # (a regex per plain one): a third of a cold tree read. The answer depends on the
        # value alone (no path resolvers are registered), and field names and values repeat.
        # A quoted scalar is a string and a collection a map or a list, as BaseResolver says.
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = _RESOLVED[value] = super().resolve(kind, value, implicit)
                if len(_RESOLVED) > _RESOLVED_MAX:
                    _RESOLVED.clear()
            return tag
        return _MAP if kind is yaml.MappingNode else _SEQ


#: plain scalar → tag, for _LineLoader.resolve (bounded: a tree's distinct values are ~100,000)
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 200_000


class _PureLineLoader(yaml.SafeLoader):
    """The same in pure Python: its error messages are the ones _YAML_PROBLEMS translates."""


# _LineLoader.resolve answers as BaseResolver does when no path resolver is registered
assert not _LineLoader.yaml_path_resolvers
for _loader in (_LineLoader, _PureLineLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _load_with_lines(text: str, with_lines: bool = True) -> tuple[Any, dict[tuple, int] | None]:
    try:
        return _compose_and_construct(_LineLoader, text, with_lines)
    except (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.composer.ComposerError):
        if _LineLoader is _PureLineLoader:
            raise
        # libyaml words syntax errors differently: let PyYAML find (and word) the same error.
        try:
            _compose_and_construct(_PureLineLoader, text)
        except RecursionError:
            pass
        raise  # PyYAML accepted what libyaml refused: report libyaml's error


def _compose_and_construct(loader_class: type, text: str,
                           with_lines: bool = True) -> tuple[Any, dict[tuple, int] | None]:
    if sum(text.count(c) for c in _NESTING_CHARS) > _SCAN_ABOVE:
        _check_depth(loader_class, text)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[tuple, int] = {}
        try:
            if "*" not in text and "!" not in text and "<<" not in text:
                # no alias, tag or merge key can be in it: the plain walk is enough
                if not with_lines:
                    return _plain(loader, node, (), None), None
                lines[()] = node.start_mark.line + 1
                return _plain(loader, node, (), lines), lines
            return _build(loader, node, (), lines, set()), lines
        except _Unusual:  # a tag or a merge key (<<) of its own: PyYAML's constructor builds it
            lines = {}
            _index_lines(node, (), lines, set())
            return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _check_depth(loader_class: type, text: str) -> None:
    """Refuse deep nesting before composing (the event parser is iterative, composing is not)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(problem="nested too deeply", problem_mark=event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Unusual(Exception):
    pass


_SCALARS = {
    "tag:yaml.org,2002:str": None,  # the value itself
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": yaml.constructor.SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _construct_timestamp,
}
_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"


def _build(loader, node: yaml.Node, path: tuple, lines: dict[tuple, int], seen_nodes: set[int],
           build: bool = True) -> Any:
    """The document built from its nodes and its lines indexed in one walk, as
    ``_index_lines`` + ``construct_document`` would (same checks, same values, a third of the
    time: PyYAML's constructor dispatches every node through several generic layers).
    ``build=False`` only indexes the lines (and checks), for PyYAML to construct."""
    # An alias (*a) is the anchored node again: walking it would repeat it, and nested aliases
    # repeat exponentially (a 1 KB file took 3 GB). Profiles are written out, so refuse them.
    if id(node) in seen_nodes:
        raise yaml.MarkedYAMLError(problem="found alias", problem_mark=node.start_mark)
    seen_nodes.add(id(node))
    if len(path) > MAX_DEPTH:
        raise yaml.MarkedYAMLError(problem="nested too deeply", problem_mark=node.start_mark)
    lines.setdefault(path, node.start_mark.line + 1)
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if not build:
            return None
        if tag not in _SCALARS:
            raise _Unusual
        make = _SCALARS[tag]
        return node.value if make is None else make(loader, node)
    if isinstance(node, yaml.MappingNode):
        if build and tag != _MAP:
            raise _Unusual
        out: dict = {}
        seen: set = set()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):  # `? [a, b]: x` — a list or table as a field name
                raise yaml.MarkedYAMLError(problem="found unhashable key", problem_mark=key.start_mark)
            if build and key.tag not in _SCALARS:  # the merge key (<<) among them
                raise _Unusual
            # PyYAML keeps the last of two equal keys; the first value would vanish unreported.
            if key.value in seen:
                raise yaml.MarkedYAMLError(problem="found duplicate key", problem_mark=key.start_mark)
            seen.add(key.value)
            sub = (*path, key.value)
            lines[sub] = key.start_mark.line + 1
            item = _build(loader, value, sub, lines, seen_nodes, build)
            if build:
                make = _SCALARS[key.tag]
                out[key.value if make is None else make(loader, key)] = item
        return out
    if build and tag != _SEQ:
        raise _Unusual
    return [_build(loader, item, (*path, i), lines, seen_nodes, build) for i, item in enumerate(node.value)]


_Scalar, _Mapping = yaml.ScalarNode, yaml.MappingNode


def _plain(loader, node: yaml.Node, path: tuple, lines: dict[tuple, int] | None) -> Any:
    """``_build`` for a text with no alias, tag or merge key (every profile as written): the
    same values, lines and checks, with a string scalar taken in the loop, not a call (a
    profile is mostly strings). ``lines[path]`` is already set by the caller. With ``lines``
    None the values alone are built (a valid file needs no lines; ~25 % faster): ``path`` is
    then only as long as the depth, which is all the nesting check reads."""
    if len(path) > MAX_DEPTH:
        raise yaml.MarkedYAMLError(problem="nested too deeply", problem_mark=node.start_mark)
    if type(node) is _Mapping:
        out: dict = {}
        seen: set = set()
        for key, value in node.value:
            if type(key) is not _Scalar:
                raise yaml.MarkedYAMLError(problem="found unhashable key", problem_mark=key.start_mark)
            raw = key.value
            if raw in seen:
                raise yaml.MarkedYAMLError(problem="found duplicate key", problem_mark=key.start_mark)
            seen.add(raw)
            # a field name interned: the tree's ~300,000 keys are a few hundred strings, once
            # each in memory and in the disk cache's pickle (which shares equal objects only)
            k = _intern(raw) if key.tag == _STR else _scalar(loader, key)
            if lines is None:
                sub = _DEPTHS[len(path)]
            else:
                sub = (*path, k)
                lines[sub] = key.start_mark.line + 1
            out[k] = value.value if type(value) is _Scalar and value.tag == _STR else _plain(loader, value, sub, lines)
        return out
    if type(node) is _Scalar:
        return _scalar(loader, node)
    items = []
    for i, item in enumerate(node.value):
        if lines is None:
            sub = _DEPTHS[len(path)]
        else:
            sub = (*path, i)
            lines.setdefault(sub, item.start_mark.line + 1)
        items.append(item.value if type(item) is _Scalar and item.tag == _STR else _plain(loader, item, sub, lines))
    return items


#: a path one level deeper, by depth, when only the depth is kept (see _plain)
_DEPTHS = [(0,) * (n + 1) for n in range(MAX_DEPTH + 1)]


def _scalar(loader, node: yaml.ScalarNode) -> Any:
    make = _SCALARS.get(node.tag, _scalar)
    if make is _scalar:
        raise _Unusual
    return node.value if make is None else make(loader, node)


def _index_lines(node: yaml.Node, path: tuple, lines: dict[tuple, int], seen_nodes: set[int]) -> None:
    _build(None, node, path, lines, seen_nodes, build=False)


def read_yaml(path: Path, text: str | None = None,
              with_lines: bool = True) -> tuple[Any, dict[tuple, int] | None]:
    """Read a YAML file (or ``text``, already read from it); malformed YAML becomes a
    ProfileError naming the line. ``with_lines=False`` may leave the lines out (None): for a
    file expected to be valid, whose lines only a problem would need."""
    try:
        if text is None and path.stat().st_size > MAX_PROFILE_BYTES:
            kb = MAX_PROFILE_BYTES // 1024
            raise ProfileError([Problem(path, 0, "", f"文件过大（超过 {kb} KB），不像一份档案，拒绝读取")])
        if text is None:
            text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProfileError([Problem(path, 0, "", "文件不是 UTF-8 编码的文字")]) from None
    except OSError as exc:
        raise ProfileError([Problem(path, 0, "", f"无法读取：{os_error_cn(exc)}")]) from None
    try:
        return _load_with_lines(text, with_lines)
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is reported at the end of the file; where it opened helps more.
        opened = exc.context and "scanning" in exc.context and exc.context_mark
        mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
        line = mark.line + 1 if mark else 0
        what, syntax = _yaml_problem_cn(exc.problem or "")
        msg = f"YAML 格式错误（{what}），请检查缩进、冒号和引号" if syntax else what
        raise ProfileError([Problem(path, line, _key_near(text, line), msg)]) from None
    except yaml.reader.ReaderError:  # a control character; PyYAML's message is English
        raise ProfileError([Problem(path, 0, "", "YAML 格式错误（含有不可见的控制字符）")]) from None
    except (yaml.YAMLError, RecursionError):
        raise ProfileError([Problem(path, 0, "", "YAML 格式错误（无法解析）")]) from None


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现冒号；值里有冒号时请给整个值加引号",
    "found unexpected end of stream": "引号或括号没有闭合",
    "could not find expected ':'": "缺少冒号",
    "found character '\\t' that cannot start any token": "含有制表符，请用空格缩进",
    "did not find expected key": "缩进不一致",
    "did not find expected '-' indicator": "列表的缩进不一致",
    "expected ',' or ']', but got": "方括号列表没有正确闭合",
    "expected ',' or '}', but got": "花括号没有正确闭合",
    "found duplicate key": "字段重复出现，后一个会覆盖前一个；请合并或删去一个",
    "found undefined alias": "“*”开头的值须加引号（否则被当作引用）",
    "found character '@' that cannot start any token": "“@”或“`”开头的值须加引号",
    "found character '`' that cannot start any token": "“@”或“`”开头的值须加引号",
    "found character '%' that cannot start any token": "“%”开头的值须加引号",
    "found unknown escape character": "双引号里有无法识别的反斜杠转义；请改用单引号",
    "but found another document": "文件里有多个文档（---）；一个档案文件只能有一个",
    "expected the node content": "此处缺少值",
    "found unacceptable character": "含有不可见的控制字符",
    "found a tab character": "含有制表符，请用空格缩进",
    "found alias": "不能使用 YAML 的锚点和引用（&名称、*名称）；请把内容直接写出",
    "nested too deeply": f"嵌套超过 {MAX_DEPTH} 层，不像一份档案",
    "found unhashable key": "字段名只能是文字，不能是列表或键值表",
    "invalid date": "日期不存在（如 2 月 30 日）；请写成 2024-10-31 这样的真实日期",
}


# Not syntax: the text parses, so "check indentation, colons and quotes" would mislead.
_NOT_SYNTAX = ("found alias", "nested too deeply", "found unhashable key", "invalid date")


def _yaml_problem_cn(problem: str) -> tuple[str, bool]:
    """The Chinese for PyYAML's problem, and whether it is a syntax error."""
    tag = re.match(r"could not determine a constructor for the tag '(?:tag:yaml\.org,2002:)?([^']*)'", problem)
    if tag:  # !!python/object and the like: code, not data
        name = ("!!" if "tag:yaml.org,2002:" in problem else "") + tag.group(1)
        return f"不支持的标签“{name}”；档案里只能写文字、数字、日期、列表和键值表", False
    for en, cn in _YAML_PROBLEMS.items():
        if problem.startswith(en):
            return cn, en not in _NOT_SYNTAX
    return "无法解析", True  # PyYAML's own words are English; the line number says where


def _key_near(text: str, line: int) -> str:
    """The field a YAML syntax error sits in: the nearest ``key:`` at or above ``line``."""
    rows = text.splitlines()[:max(line, 1)]
    for row in reversed(rows):
        m = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w]*)\s*:", row)
        if m:
            key = m.group(1)
            return f"{key}（{FIELD_CN[key]}）" if key in FIELD_CN else key
    return ""
