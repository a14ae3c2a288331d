"""The profile tree: nodes (``node.yaml``) in folders that mirror administration,
each with yearly editions (``<year>.yaml``) beside it.

Every file is validated with cerberus; an error names the file, the line and the field
in Chinese (``ProfileError``), so a clerk can fix the YAML without reading code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from cerberus import Validator

from . import PROFILES_DIR
from .errors import NoticeError, os_error_cn
from .schema import EDITION_SCHEMA, FIELD_CN, NODE_SCHEMA
from .validation import Problem, ProfileError
from .validation import cn_message as _cn_message
from .validation import field_name as _field_name
from .validation import leaf_errors as _leaf_errors
from .validation import line_for as _line_for

NODE_FILE = "node.yaml"
#: the largest seed profile is ~10 KB; PyYAML takes ~1.5 s and 30 MB per MB, so cap the parse
MAX_PROFILE_BYTES = 512 * 1024


@dataclass
class Node:
    id: str
    data: dict[str, Any]
    path: Path  # the node.yaml
    editions: dict[int, dict[str, Any]] = field(default_factory=dict)
    parent: Node | None = None

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def level(self) -> str:
        return self.data["level"]

    @property
    def defaults(self) -> dict[str, Any]:
        return self.data.get("defaults") or {}

    def chain(self) -> list[Node]:
        """Superiors from the national node down to (excluding) this node."""
        out: list[Node] = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return list(reversed(out))

    def tree_path(self) -> str:
        return " / ".join(n.name for n in [*self.chain(), self])


# ---------------------------------------------------------------- YAML with line numbers


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


class _PureLineLoader(yaml.SafeLoader):
    """The same in pure Python: its error messages are the ones _YAML_PROBLEMS translates."""


for _loader in (_LineLoader, _PureLineLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _load_with_lines(text: str) -> tuple[Any, dict[tuple, int]]:
    try:
        return _compose_and_construct(_LineLoader, text)
    except (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.composer.ComposerError):
        if _LineLoader is _PureLineLoader:
            raise
        # libyaml words syntax errors differently: let PyYAML find (and word) the same error.
        try:
            _compose_and_construct(_PureLineLoader, text)
        except RecursionError:
            pass
        raise  # PyYAML accepted what libyaml refused: report libyaml's error


def _compose_and_construct(loader_class: type, text: str) -> tuple[Any, dict[tuple, int]]:
    if sum(text.count(c) for c in _NESTING_CHARS) > _SCAN_ABOVE:
        _check_depth(loader_class, text)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[tuple, int] = {}
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


def _index_lines(node: yaml.Node, path: tuple, lines: dict[tuple, int], seen_nodes: set[int]) -> None:
    # An alias (*a) is the anchored node again: walking it would repeat it, and nested aliases
    # repeat exponentially (a 1 KB file took 3 GB). Profiles are written out, so refuse them.
    if id(node) in seen_nodes:
        raise yaml.MarkedYAMLError(problem="found alias", problem_mark=node.start_mark)
    seen_nodes.add(id(node))
    if len(path) > MAX_DEPTH:
        raise yaml.MarkedYAMLError(problem="nested too deeply", problem_mark=node.start_mark)
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):  # `? [a, b]: x` — a list or table as a field name
                raise yaml.MarkedYAMLError(problem="found unhashable key", problem_mark=key.start_mark)
            # PyYAML keeps the last of two equal keys; the first value would vanish unreported.
            if key.value in seen:
                raise yaml.MarkedYAMLError(problem="found duplicate key", problem_mark=key.start_mark)
            seen.add(key.value)
            sub = (*path, key.value)
            lines[sub] = key.start_mark.line + 1
            _index_lines(value, sub, lines, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), lines, seen_nodes)


def _validate(data: Any, schema: dict, path: Path, lines: dict[tuple, int]) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem(path, 1, "", "内容应是键值表（每行“字段: 值”），现在不是")]
    v = Validator(schema)
    if v.validate(data):
        return []
    probs = []
    for e in _leaf_errors(v._errors):
        probs.append(Problem(path, _line_for(e.document_path, lines), _field_name(e.document_path),
                             _cn_message(e)))
    return sorted(probs, key=lambda p: (p.line, p.field))


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """Read a YAML file; malformed YAML becomes a ProfileError naming the line."""
    try:
        if path.stat().st_size > MAX_PROFILE_BYTES:
            kb = MAX_PROFILE_BYTES // 1024
            raise ProfileError([Problem(path, 0, "", f"文件过大（超过 {kb} KB），不像一份档案，拒绝读取")])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProfileError([Problem(path, 0, "", "文件不是 UTF-8 编码的文字")]) from None
    except OSError as exc:
        raise ProfileError([Problem(path, 0, "", f"无法读取：{os_error_cn(exc)}")]) from None
    try:
        return _load_with_lines(text)
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


def _is_node_file(path: Path) -> bool:
    return path.name == NODE_FILE


def validate_file(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Validate one profile file against the node or edition schema."""
    data, lines = read_yaml(path)
    if data is None:
        return {}, [Problem(path, 1, "", "文件是空的")]
    schema = NODE_SCHEMA if _is_node_file(path) else EDITION_SCHEMA
    probs = _validate(data, schema, path, lines)
    if not probs and not _is_node_file(path):
        stem = path.stem
        if stem.isdigit() and data["year"] != int(stem):
            probs.append(Problem(path, _line_for(("year",), lines), _field_name(("year",)),
                                 f"年份 {data['year']} 与文件名 {path.name} 不一致"))
        probs += _doc_number_year(path, data, lines)
        probs += _periods_in_order(path, data, lines)
    return data, probs


def _periods_in_order(path: Path, data: dict[str, Any], lines: dict) -> list[Problem]:
    """A week (or a superior's window) that ends before it starts would be drafted as
    “11月6日—10月31日”; the schema sees two valid dates."""
    probs = []
    for key in ("week", "window"):
        period = data.get(key) or {}
        start, end = period.get("start"), period.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            probs.append(Problem(path, _line_for((key, "end"), lines), _field_name((key, "end")),
                                 f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}"))
    return probs


def _doc_number_year(path: Path, data: dict[str, Any], lines: dict) -> list[Problem]:
    """A year's 文号 carries that year: another year's 文号 is a copied edition not yet updated."""
    m = re.search(r"〔(\d{4})〕", data.get("doc_number") or "")
    if not m or int(m.group(1)) == data["year"]:
        return []
    return [Problem(path, _line_for(("doc_number",), lines), _field_name(("doc_number",)),
                    f"文号“{data['doc_number']}”的年份 {m.group(1)} 与本年度档案的年份 {data['year']} 不符"
                    "（是否从其他年份的档案复制而来？）")]


# ---------------------------------------------------------------- the tree


class ProfileTree:
    """All nodes below a profiles folder, linked to their parents."""

    def __init__(self, root: Path = PROFILES_DIR) -> None:
        self.root = Path(root)
        self.nodes: dict[str, Node] = {}
        self._load()

    def _load(self) -> None:
        if not self.root.is_dir():
            raise NoticeError(f"找不到档案文件夹：{self.root}")
        problems: list[Problem] = []
        loaded: list[Node] = []
        graph: list[tuple[Path, dict[str, Any]]] = []
        node_files = sorted(self.root.rglob(NODE_FILE))
        if not node_files:  # else `profiles` lists nothing and succeeds, explain offers no ids
            raise NoticeError(f"档案文件夹 {self.root} 中没有档案节点（node.yaml）。")
        for node_file in node_files:
            try:
                data, probs = validate_file(node_file)
            except ProfileError as exc:
                problems.extend(exc.problems)
                continue
            graph.extend(_graph_entry(node_file, data))
            problems.extend(probs)
            if not probs:
                node = Node(data["id"], data, node_file)
                problems.extend(_load_editions(node))
                loaded.append(node)
        # An invalid node still has its id, so its children are not told their parent is missing.
        bad = {p.file for p in problems if _is_node_file(p.file)}
        problems.extend(p for p in link_problems(graph) if p.file not in bad)
        for node in loaded:
            self.nodes.setdefault(node.id, node)
        for node in self.nodes.values():
            node.parent = self.nodes.get(node.data.get("parent") or "")
        if problems:
            raise ProfileError(problems)

    def resolve(self, ref: str) -> Node:
        """A node by id (``xinbei``) or by the path of its folder or node.yaml."""
        if ref in self.nodes:
            return self.nodes[ref]
        known = "、".join(sorted(self.nodes))
        if not ref.strip():  # Path("") is the current folder, which would be judged instead
            raise NoticeError(f"档案不能为空；请给出节点编号或档案文件夹。可用的节点编号：{known}")
        p = Path(ref)
        if p.exists():
            target = (p / NODE_FILE if p.is_dir() else p).resolve()
            if target.name != NODE_FILE:
                target = target.parent / NODE_FILE
            for node in self.nodes.values():
                if node.path.resolve() == target:
                    return node
            raise NoticeError(f"{ref} 不在档案树 {self.root} 中；请把它放进档案树，或用节点编号。")
        raise NoticeError(f"找不到档案“{ref}”。可用的节点编号：{known}")


def _load_editions(node: Node) -> list[Problem]:
    """Read the ``<year>.yaml`` files beside a node; a bad one is a problem, not the node's loss."""
    probs: list[Problem] = []
    for ed_file in sorted(node.path.parent.glob("*.yaml")):
        if _is_node_file(ed_file):
            continue
        try:
            ed, eprobs = validate_file(ed_file)
        except ProfileError as exc:
            ed, eprobs = None, exc.problems
        if not ed_file.stem.isdigit():
            eprobs.append(Problem(ed_file, 1, "", "年度文件应以年份命名，如 2024.yaml"))
        probs.extend(eprobs)
        if not eprobs:
            node.editions[ed["year"]] = ed
    return probs


def _key_line(node_file: Path, key: str) -> int:
    return _line_for((key,), read_yaml(node_file)[1])


def link_problems(nodes: list[tuple[Path, dict[str, Any]]]) -> list[Problem]:
    """What only the whole tree shows, given its node files and their data in file order:
    an id used twice, a parent that does not exist or leads back to the node (chain() would
    never end), a top node that is not national. The tree and check-profile both use this."""
    probs: list[Problem] = []
    first: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path, data in nodes:
        if data["id"] in first:
            probs.append(Problem(path, _key_line(path, "id"), "id（编号）",
                                 f"编号“{data['id']}”重复，已在 {first[data['id']][0]} 中使用"))
        else:
            first[data["id"]] = (path, data)
    for node_id, (path, data) in first.items():
        parent = data.get("parent")
        if parent is None:
            if data.get("level") != "national":
                probs.append(Problem(path, 1, "parent（上级节点）", "只有国家级节点可以没有上级"))
        elif parent not in first:
            probs.append(Problem(path, _key_line(path, "parent"), "parent（上级节点）",
                                 f"上级节点“{parent}”不存在"))
        elif node_id in (route := _route_up(node_id, first)):
            probs.append(Problem(path, _key_line(path, "parent"), "parent（上级节点）",
                                 f"上级节点形成循环：{' → '.join([node_id, *route])}"))
    return probs


def _route_up(node_id: str, nodes: dict[str, tuple[Path, dict[str, Any]]]) -> list[str]:
    """The ids above ``node_id``, stopping at the top, a missing id or the first repeat."""
    route: list[str] = []
    up = nodes[node_id][1].get("parent")
    while up in nodes and up not in route:
        route.append(up)
        if up == node_id:
            break
        up = nodes[up][1].get("parent")
    return route


def check_paths(paths: list[Path]) -> tuple[list[Problem], int]:
    """Validate files or folders of profile files (``notice check-profile``): the problems,
    and how many files were checked."""
    problems: list[Problem] = []
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.rglob("*.yaml")))
        elif p.exists():
            files.append(p)
        else:
            problems.append(Problem(p, 0, "", "文件不存在"))
    if not files and not problems:
        problems.append(Problem(paths[0] if paths else Path("."), 0, "", "没有找到档案文件（*.yaml）"))
    read: dict[Path, Any] = {}
    for f in files:
        try:
            data, probs = validate_file(f)
            read[f.resolve()] = data
        except ProfileError as exc:
            probs = exc.problems
        problems.extend(probs)
    # Ids and parents are checked against the whole tree the files belong to.
    checked = {f.resolve(): f for f in files if _is_node_file(f) and not any(pr.file == f for pr in problems)}
    for pr in link_problems(_tree_nodes({_tree_root(f) for f in checked}, read)):
        if pr.file in checked:
            problems.append(Problem(checked[pr.file], pr.line, pr.field, pr.message))
    return problems, len(files)


def _tree_root(f: Path) -> Path:
    """The folder of the top node above ``f``; its parent folder only when other top nodes sit
    beside it (a profiles folder), so a lone node.yaml is not judged against all of /tmp or ~."""
    d = f.resolve().parent
    while (d.parent / NODE_FILE).exists():
        d = d.parent
    siblings = (s for s in d.parent.iterdir() if s != d and (s / NODE_FILE).is_file())
    return d.parent if next(siblings, None) else d


def _graph_entry(path: Path, data: Any) -> list[tuple[Path, dict[str, Any]]]:
    """A node file as the tree's links see it: valid or not, an id counts; a malformed parent
    (reported by validation) counts as none."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return []
    parent = data.get("parent") if isinstance(data.get("parent"), str) else None
    return [(path, {**data, "parent": parent})]


def _tree_nodes(roots: set[Path], read: dict[Path, Any]) -> list[tuple[Path, dict[str, Any]]]:
    """Every readable node file with an id below ``roots``; ``read`` holds the files already
    parsed (by resolved path), which are not parsed again."""
    nodes = []
    # Roots may nest (a lone node.yaml beside a tree): read each file once, or it would be its own duplicate.
    for nf in sorted({f.resolve() for root in roots for f in root.rglob(NODE_FILE)}):
        if nf in read:
            data = read[nf]
        else:
            try:
                data, _ = read_yaml(nf)
            except ProfileError:
                continue
        nodes.extend(_graph_entry(nf, data))
    return nodes


def iso(d: dt.date | str | None) -> str:
    return d.isoformat() if isinstance(d, dt.date) else (d or "")
