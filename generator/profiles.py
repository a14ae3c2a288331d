"""The profile tree: nodes (``node.yaml``) in folders that mirror administration,
each with yearly editions (``<year>.yaml``) beside it.

Every file is validated against its schema (compiled checks first, generator/fastcheck.py;
cerberus for a file they do not pass); an error names the file, the line and the field in
Chinese (``ProfileError``), so a clerk can fix the YAML without reading code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import PROFILES_DIR
from .errors import NoticeError
from .schema import EDITION_SCHEMA, NODE_SCHEMA
from .validation import Problem, ProfileError
from .validation import cn_message as _cn_message
from .validation import field_name as _field_name
from .validation import leaf_errors as _leaf_errors
from .validation import line_for as _line_for

NODE_FILE = "node.yaml"


@dataclass
class Node:
    """One place in the profile tree: its node.yaml's data, its editions by year, its parent."""

    id: str
    data: dict[str, Any]
    file: Path | str  # the node.yaml, as the tree listed it (see ``path``)
    editions: dict[int, dict[str, Any]] = field(default_factory=dict)
    parent: Node | None = None

    @cached_property
    def path(self) -> Path:
        """The node.yaml as a Path, made when first asked for: 3,000 nodes' Paths were a fifth
        of linking a cached tree, and listing it (``notice profiles``) needs few."""
        return Path(self.file)

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


def _fast_valid(data: Any, schema: dict) -> bool:
    from .fastcheck import fast_valid

    return fast_valid(data, schema)


def _validate(data: Any, schema: dict, path: Path, lines: dict[tuple, int]) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem(path, 1, "", "内容应是键值表（每行“字段: 值”），现在不是")]
    if _fast_valid(data, schema):  # the usual case; cerberus words what is wrong with the rest
        return []
    from cerberus import Validator  # ~35 ms to import: only when a file is validated

    v = Validator(schema)
    if v.validate(data):
        return []
    probs = []
    for e in _leaf_errors(v._errors):
        probs.append(Problem(path, _line_for(e.document_path, lines), _field_name(e.document_path),
                             _cn_message(e)))
    return sorted(probs, key=lambda p: (p.line, p.field))


def read_yaml(path: Path, text: str | None = None, with_lines: bool = True) -> tuple[Any, dict[tuple, int]]:
    """Read a YAML file; malformed YAML becomes a ProfileError naming the line (with
    ``with_lines=False`` the lines may be None: see profile_yaml.read_yaml)."""
    from .profile_yaml import read_yaml as read  # PyYAML only when a file is read (not for a cached tree)

    return read(path, text, with_lines)


def _is_node_file(path: Path) -> bool:
    return path.name == NODE_FILE


#: path → (size, mtime_ns, sha1 of its bytes, what validating it gave: (data, problems), or
#: the problems of a file that could not be read as YAML). Kept on disk by tree_cache: a file
#: whose size and mtime are unchanged is not read again, one whose bytes are unchanged is not
#: parsed again, and an edit re-validates the edited file alone with the same Chinese messages.
FILE_RESULTS: dict[str, tuple[int, int, bytes, tuple]] = {}
#: the paths used since tree_cache last saved FILE_RESULTS (the others are stale); an entry
#: is replaced only when its file changed, so tree_cache writes the entries that are new objects
FILES_SEEN: set[str] = set()
#: a file changed more recently than this is not trusted by size and mtime (an edit within
#: the mtime's granularity that keeps the size would go unseen): its bytes are hashed
RACY_SECONDS = 2.0
_MAX_BYTES = 512 * 1024


def validate_file(path: Path | str, stat: tuple[int, int] | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Validate one profile file against the node or edition schema (remembered by content).
    ``stat`` is the file's (size, mtime_ns) as the caller just listed it: when it matches
    what was remembered, the file is not read at all."""
    key = str(path)
    entry = FILE_RESULTS.get(key)
    if entry is not None and stat is not None and entry[1] >= 0 and entry[:2] == stat:
        FILES_SEEN.add(key)
        hit = entry[3]
    else:
        try:
            with open(key, "rb") as fh:
                st = os.fstat(fh.fileno())  # before reading: a later write changes what is seen next
                raw = fh.read() if st.st_size <= _MAX_BYTES else None
            # as read_text() reads it: universal newlines
            text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n") if raw is not None else None
        except (OSError, UnicodeDecodeError):
            text = None
        if text is None:  # too big, unreadable, not UTF-8: read_yaml says so, in Chinese
            return _validate_file(Path(path))
        sha = hashlib.sha1(raw).digest()
        if entry is not None and entry[2] == sha:
            hit = entry[3]
        else:
            try:
                hit = (*_validate_file(Path(path), text),)
            except ProfileError as exc:
                hit = (exc.problems,)
        trusted = st.st_mtime_ns < (time.time() - RACY_SECONDS) * 1e9
        new = (st.st_size, st.st_mtime_ns if trusted else -1, sha, hit)
        if entry is None or entry[:3] != new[:3] or entry[3] is not hit:
            if len(FILE_RESULTS) > 100_000:  # a long-lived process (the workbench) stays bounded
                FILE_RESULTS.clear()
            FILE_RESULTS[key] = new
        FILES_SEEN.add(key)
    if len(hit) == 1:
        raise ProfileError(list(hit[0]))
    return hit[0], list(hit[1])


def _validate_file(path: Path, text: str | None = None) -> tuple[dict[str, Any], list[Problem]]:
    # Read without lines first: only a problem needs them, and most files have none.
    data, lines = read_yaml(path, text, with_lines=False)
    if data is None:
        return {}, [Problem(path, 1, "", "文件是空的")]
    probs = _problems(path, data, lines or {})
    if probs and lines is None:
        data, lines = read_yaml(path, text)
        probs = _problems(path, data, lines)
    return data, probs


def _problems(path: Path, data: Any, lines: dict[tuple, int]) -> list[Problem]:
    schema = NODE_SCHEMA if _is_node_file(path) else EDITION_SCHEMA
    probs = _validate(data, schema, path, lines)
    if not probs and not _is_node_file(path):
        stem = path.stem
        if stem.isdigit() and data["year"] != int(stem):
            probs.append(Problem(path, _line_for(("year",), lines), _field_name(("year",)),
                                 f"年份 {data['year']} 与文件名 {path.name} 不一致"))
        probs += _doc_number_year(path, data, lines)
        probs += _periods_in_order(path, data, lines)
    return probs


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
    """A profile's 文号 is written as GB/T 9704 prints it (代字〔年份〕序号号), and a year's 文号
    carries that year: another year's 文号 is a copied edition not yet updated."""
    given = data.get("doc_number")
    if not given:
        return []
    at = (path, _line_for(("doc_number",), lines), _field_name(("doc_number",)))
    from .model import DocNumber  # the model's ~50 classes: only when a file is validated

    number = DocNumber.parse(given)
    if number is None:
        return [Problem(*at, f"文号“{given}”应写成“代字〔年份〕序号号”的形式，如 常新教〔{data['year']}〕76号"
                        "（六角括号〔〕，四位年份，序号不加“第”、不补零）")]
    if int(number.year) == data["year"]:
        return []
    return [Problem(*at, f"文号“{given}”的年份 {number.year} 与本年度档案的年份 {data['year']} 不符"
                    "（是否从其他年份的档案复制而来？）")]


# ---------------------------------------------------------------- the tree


#: a folder's .yaml files as listed: (name, size, mtime_ns), by name
Listing = dict[str, list[tuple[str, int, int]]]


def scan_tree(root: Path | str, suffix: str = ".yaml") -> Listing:
    """Every folder below ``root`` that holds .yaml files (or ``suffix`` ones), with those files:
    one ``scandir`` a folder (globbing a 3,000-node tree for nodes and then each node's editions
    took ~0.3 s). Symlinked folders are not entered and dot-folders (.git: the history) are skipped."""
    listing: Listing = {}
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        files = []
        with os.scandir(folder) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    if not e.name.startswith("."):
                        # spelled as pathlib spells root / name: "./x" is "x"
                        stack.append(e.name if folder == "." else e.path)
                elif e.name.endswith(suffix):
                    try:
                        st = e.stat()
                        files.append((e.name, st.st_size, st.st_mtime_ns))
                    except OSError:  # a dangling link: validating it says so, naming the file
                        files.append((e.name, -1, -1))
        if files:
            listing[folder] = sorted(files)
    return listing


def node_folders(listing: Listing) -> list[str]:
    """The folders holding a node.yaml, in the order sorted(root.rglob("node.yaml")) gives
    their node files (by parts: ``a/b/node.yaml`` before ``a/node.yaml``)."""
    return sorted((d for d, files in listing.items() if any(f[0] == NODE_FILE for f in files)),
                  key=lambda d: [*d.split(os.sep), NODE_FILE])


class ProfileTree:
    """All nodes below a profiles folder, linked to their parents."""

    def __init__(self, root: Path = PROFILES_DIR, listing: Listing | None = None) -> None:
        self.root = Path(root)
        self.nodes: dict[str, Node] = {}
        self._load(listing)

    def _load(self, listing: Listing | None) -> None:
        if not self.root.is_dir():
            raise NoticeError(f"找不到档案文件夹：{self.root}")
        if listing is None:
            try:
                listing = scan_tree(self.root)
            except OSError as exc:
                from .errors import os_error_cn

                where = exc.filename or self.root
                raise NoticeError(f"无法读取档案文件夹 {where}：{os_error_cn(exc)}") from None
        problems: list[Problem] = []
        loaded: list[Node] = []
        graph: list[tuple[Path | str, dict[str, Any]]] = []
        node_dirs = node_folders(listing)
        if not node_dirs:  # else `profiles` lists nothing and succeeds, explain offers no ids
            raise NoticeError(f"档案文件夹 {self.root} 中没有档案节点（node.yaml）。")
        for folder in node_dirs:
            files = listing[folder]
            node_file = os.path.join(folder, NODE_FILE)
            try:
                data, probs = validate_file(node_file, next(f[1:] for f in files if f[0] == NODE_FILE))
            except ProfileError as exc:
                problems.extend(exc.problems)
                continue
            graph.extend(_graph_entry(node_file, data))
            problems.extend(probs)
            if not probs:
                node = Node(data["id"], data, node_file)
                problems.extend(_load_editions(node, folder, files))
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


def _load_editions(node: Node, folder: str, files: list[tuple[str, int, int]]) -> list[Problem]:
    """Read the ``<year>.yaml`` files beside a node; a bad one is a problem, not the node's loss."""
    probs: list[Problem] = []
    for name, size, mtime in files:
        if name == NODE_FILE:
            continue
        ed_file = os.path.join(folder, name)
        try:
            ed, eprobs = validate_file(ed_file, (size, mtime))
        except ProfileError as exc:
            ed, eprobs = None, exc.problems
        if not name[:-len(".yaml")].isdigit():
            eprobs.append(Problem(Path(ed_file), 1, "", "年度文件应以年份命名，如 2024.yaml"))
        probs.extend(eprobs)
        if not eprobs:
            node.editions[ed["year"]] = ed
    return probs


def _key_line(node_file: Path, key: str) -> int:
    return _line_for((key,), read_yaml(node_file)[1])


def link_problems(nodes: list[tuple[Path | str, dict[str, Any]]]) -> list[Problem]:
    """What only the whole tree shows, given its node files and their data in file order:
    an id used twice, a parent that does not exist or leads back to the node (chain() would
    never end), a top node that is not national. The tree and check-profile both use this."""
    probs: list[Problem] = []
    first: dict[str, tuple[Path | str, dict[str, Any]]] = {}
    for path, data in nodes:
        if data["id"] in first:
            path = Path(path)
            probs.append(Problem(path, _key_line(path, "id"), "id（编号）",
                                 f"编号“{data['id']}”重复，已在 {first[data['id']][0]} 中使用"))
        else:
            first[data["id"]] = (path, data)
    for node_id, (file, data) in first.items():
        parent = data.get("parent")
        if parent is None:
            if data.get("level") != "national":
                probs.append(Problem(Path(file), 1, "parent（上级节点）", "只有国家级节点可以没有上级"))
        elif parent not in first:
            probs.append(Problem(Path(file), _key_line(Path(file), "parent"), "parent（上级节点）",
                                 f"上级节点“{parent}”不存在"))
        elif node_id in (route := _route_up(node_id, first)):
            probs.append(Problem(Path(file), _key_line(Path(file), "parent"), "parent（上级节点）",
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
        if p.is_dir():  # as the tree lists it (dot-folders such as .git are no profiles)
            try:
                files.extend(sorted(Path(d, f[0]) for d, listed in scan_tree(p).items() for f in listed))
            except OSError as exc:
                from .errors import os_error_cn

                problems.append(Problem(Path(exc.filename or p), 0, "", f"无法读取文件夹：{os_error_cn(exc)}"))
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
    nodes = _tree_nodes({_tree_root(f) for f in checked}, read)
    linked = link_problems(nodes)
    wrong = {pr.file for pr in linked}
    for pr in linked + [pr for pr in folder_problems(nodes) if pr.file not in wrong]:
        if pr.file in checked:
            problems.append(Problem(checked[pr.file], pr.line, pr.field, pr.message))
    return problems, len(files)


def folder_problems(nodes: list[tuple[Path, dict[str, Any]]]) -> list[Problem]:
    """A node's folder sits in its parent's folder: the tree links by ``parent:``, a reader of
    the folders sees the nesting, and the two must tell the same story (check-profile only:
    a tree that disagrees still drafts)."""
    by_dir = {path.parent: data for path, data in nodes}
    dir_of = {data["id"]: path.parent for path, data in nodes}
    probs = []
    for path, data in nodes:
        parent = data.get("parent")
        if parent is None or parent not in dir_of:
            continue  # no parent, or one that does not exist: link_problems says so
        above = next((by_dir[d] for d in path.parent.parents if d in by_dir), None)
        if above is not None and above["id"] == parent:
            continue
        where = f"位于节点“{above['id']}”的文件夹中" if above is not None else "不在任何节点的文件夹中"
        probs.append(Problem(path, _key_line(path, "parent"), "parent（上级节点）",
                             f"本节点{where}，但 parent 写的是“{parent}”：请把本节点的文件夹移到 "
                             f"{dir_of[parent]} 之下，或改正 parent"))
    return probs


def _tree_root(f: Path) -> Path:
    """The folder of the top node above ``f``; its parent folder only when other top nodes sit
    beside it (a profiles folder), so a lone node.yaml is not judged against all of /tmp or ~."""
    d = f.resolve().parent
    while (d.parent / NODE_FILE).exists():
        d = d.parent
    siblings = (s for s in d.parent.iterdir() if s != d and (s / NODE_FILE).is_file())
    return d.parent if next(siblings, None) else d


def _graph_entry(path: Path | str, data: Any) -> list[tuple[Path | str, dict[str, Any]]]:
    """A node file as the tree's links see it: valid or not, an id counts; a malformed parent
    (reported by validation) counts as none."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return []
    parent = data.get("parent")
    if parent is None or isinstance(parent, str):  # as it is (a copy of 3,000 nodes' data costs)
        return [(path, data)]
    return [(path, {**data, "parent": None})]


def _tree_nodes(roots: set[Path], read: dict[Path, Any]) -> list[tuple[Path, dict[str, Any]]]:
    """Every readable node file with an id below ``roots``; ``read`` holds the files already
    parsed (by resolved path), which are not parsed again."""
    nodes = []
    # Roots may nest (a lone node.yaml beside a tree): read each file once, or it would be its own duplicate.
    for nf in sorted({Path(d, NODE_FILE).resolve() for root in roots for d in node_folders(scan_tree(root))}):
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
