"""Writing profile files a person would write: round-trip YAML (ruamel.yaml), keys in the
schema's order, comments kept, validated as ``check-profile`` validates, written atomically.

Used by ``notice import`` (new node and edition files) and by the web workbench (saving an
edited edition): ``file_version`` gives the version a reader saw, ``save_profile`` refuses to
write when the file changed since that version, so two people never overwrite each other.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import os
import tempfile
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from . import history
from .errors import NoticeError, os_error_cn
from .fileio import write_atomic
from .profiles import NODE_FILE, Problem, ProfileError, validate_file
from .schema import EDITION_SCHEMA, NODE_SCHEMA

UNSURE = "待核实"
#: a mapping of scalars this short, with this few keys, is written on one line ({start: …, end: …})
FLOW_MAX_CHARS = 100
FLOW_MAX_KEYS = 3
FLOW_LIST_MAX_CHARS = 80


class StaleSave(NoticeError):
    """The file changed on disk since the caller read it."""


def _yaml() -> YAML:
    y = YAML()  # round-trip: keeps comments, order and flow style of what it read
    y.preserve_quotes = True  # and its quotes: a save changes only the lines of what changed
    y.allow_unicode = True
    y.width = 4096  # never fold a long Chinese paragraph across lines
    y.indent(mapping=2, sequence=4, offset=2)
    # null, not an empty value: `head: null` says "nobody given" the way the profiles do
    y.representer.add_representer(
        type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def file_version(path: Path | str) -> str:
    """The content hash of a file as it is now ('' when it does not exist)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise NoticeError(f"无法读取 {path}：{os_error_cn(exc)}") from None


def text_version(text: str | None) -> str:
    """``file_version`` of a file holding ``text`` (None: no file)."""
    return "" if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_profile_text(text: str | None) -> tuple[CommentedMap, str]:
    """Profile text (e.g. a version from the history) as an editable mapping and its version."""
    try:
        data = _yaml().load(text or "")
    except YAMLError:
        raise NoticeError("档案文字不是有效的 YAML") from None
    return (data if data is not None else CommentedMap()), text_version(text)


def load_profile(path: Path | str) -> tuple[CommentedMap, str]:
    """A profile file as an editable mapping (comments kept) and the version read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = os_error_cn(exc) if isinstance(exc, OSError) else "不是 UTF-8 编码的文字"
        raise NoticeError(f"无法读取 {path}：{why}") from None
    try:
        data = _yaml().load(text)
    except YAMLError:
        raise NoticeError(f"{path} 不是有效的 YAML；请先用 notice check-profile 查看问题") from None
    return data, hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- building the YAML


def _schema_of(rule: Mapping[str, Any]) -> dict | None:
    """The sub-schema of a mapping field (directly or as a list's items)."""
    if rule.get("type") == "list":
        rule = rule.get("schema") or {}
    return rule.get("schema") if rule.get("type") == "dict" else None


def _ordered_keys(data: Mapping[str, Any], schema: dict | None) -> list[str]:
    order = list(schema or {})
    known = [k for k in order if k in data]
    return known + [k for k in data if k not in order]


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, str | int | float | bool | dt.date)


def _flow_fits(items: list[tuple[str, Any]] | list[Any]) -> bool:
    text = ", ".join(str(x) for x in items)
    return len(text) <= FLOW_MAX_CHARS


def to_yaml_data(data: Any, schema: dict | None, unsure: Mapping[tuple, str] = {}, path: tuple = ()) -> Any:  # noqa: B006
    """Plain data → ruamel containers in the schema's key order, short mappings and lists on one
    line as the hand-written profiles have them, a ``# 待核实：why`` comment at each unsure path."""
    if isinstance(data, Mapping):
        out = CommentedMap()
        for key in _ordered_keys(data, schema):
            sub = (schema or {}).get(key) or {}
            out[key] = to_yaml_data(data[key], _schema_of(sub), unsure, (*path, key))
            if (*path, key) in unsure:
                out.yaml_add_eol_comment(f"# {UNSURE}：{unsure[(*path, key)]}", key)
        pairs = list(out.items())
        if path and pairs and all(_is_scalar(v) for _, v in pairs) and len(pairs) <= FLOW_MAX_KEYS \
                and _flow_fits(pairs) and not any((*path, k) in unsure for k, _ in pairs):
            out.fa.set_flow_style()
        return out
    if isinstance(data, list | tuple):
        seq = CommentedSeq()
        for i, item in enumerate(data):
            seq.append(to_yaml_data(item, schema, unsure, (*path, i)))
            if (*path, i) in unsure:
                seq.yaml_add_eol_comment(f"# {UNSURE}：{unsure[(*path, i)]}", i)
        if seq and all(isinstance(x, str) for x in seq) and len("、".join(seq)) <= FLOW_LIST_MAX_CHARS \
                and not any((*path, i) in unsure for i in range(len(seq))):
            seq.fa.set_flow_style()
        return seq
    return data


def merge_into(old: Any, new: Any) -> Any:
    """``new``'s values written into ``old``'s containers, so the comments a person put on keys
    that are still there survive an update (``--force``, a save from the workbench)."""
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = merge_into(old[key], value) if key in old else value
        return old
    return new


def dump(data: Any) -> str:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def render_profile(data: Mapping[str, Any], kind: str, unsure: Mapping[tuple, str] = {},  # noqa: B006
                   header: str = "") -> str:
    """The text of a node (``kind='node'``) or edition file for plain ``data``."""
    schema = NODE_SCHEMA if kind == "node" else EDITION_SCHEMA
    doc = to_yaml_data(data, schema, unsure)
    if header:
        doc.yaml_set_start_comment(header)
    return dump(doc)


# ---------------------------------------------------------------- validating and saving


def validate_text(text: str, target: Path, root: Path | None = None) -> list[Problem]:
    """What ``check-profile`` would say of ``text`` saved as ``target``: schema, year and 文号,
    and for a node file its id and parent against the tree under ``root``."""
    with tempfile.TemporaryDirectory(prefix="notice-profile-") as tmp:
        probe = Path(tmp) / target.name
        probe.write_text(text, encoding="utf-8")
        try:
            data, probs = validate_file(probe)
        except ProfileError as exc:
            probs, data = exc.problems, None
    probs = [Problem(target, p.line, p.field, p.message) for p in probs]
    if not probs and target.name == NODE_FILE and root is not None and isinstance(data, dict):
        probs += _link_problems(data, target, root)
    return probs


def _link_problems(data: dict[str, Any], target: Path, root: Path) -> list[Problem]:
    from .tree_cache import load_tree  # the cached tree: re-reading every file took ~0.5 s

    tree = load_tree(root)
    probs = []
    parent = data.get("parent")
    if parent is not None and parent not in tree.nodes:
        probs.append(Problem(target, 0, "parent（上级节点）", f"上级节点“{parent}”不存在"))
    same = tree.nodes.get(data["id"])
    if same is not None and same.path.resolve() != target.resolve():
        probs.append(Problem(target, 0, "id（编号）", f"编号“{data['id']}”重复，已在 {same.path} 中使用"))
    return probs


@contextmanager
def _folder_lock(folder: Path):
    """One writer at a time in a folder (check-then-replace must not interleave)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise NoticeError(f"无法写入 {folder}：{os_error_cn(exc)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def save_profile(path: Path | str, text: str, *, expected_version: str | None = None,
                 force: bool = False, root: Path | None = None) -> str:
    """Validate ``text`` and write it atomically to ``path``; return the new version.

    ``expected_version`` is what ``file_version``/``load_profile`` gave when the caller read
    the file ('' = it did not exist): a file changed since then is not overwritten (StaleSave).
    Without it, an existing file is replaced only with ``force``.
    """
    path = Path(path)
    probs = validate_text(text, path, root)
    if probs:
        raise ProfileError(probs)
    if not path.parent.is_dir():
        raise NoticeError(f"文件夹不存在：{path.parent}")
    with _folder_lock(path.parent):
        old = _current_text(path)
        now = file_version(path)
        if expected_version is not None and now != expected_version:
            raise StaleSave(f"{path} 在你打开之后已被修改（或删除），未保存；请重新打开后再改。")
        replace = force or expected_version is not None
        if now and not replace:
            raise NoticeError(f"档案文件已存在：{path}。如需覆盖，请加 --force。")
        write_atomic(path, text.encode("utf-8"), force=replace)
        # every edit kept: a commit when the tree is in a git repository (generator/history.py)
        history.record(path, old, text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def remove_profile(path: Path | str, *, expected_version: str) -> None:
    """Remove an edition file (撤销 of the save that created it), if still at ``expected_version``."""
    path = Path(path)
    with _folder_lock(path.parent):
        if file_version(path) != expected_version:
            raise StaleSave(f"{path} 在你打开之后已被修改（或删除），未删除；请重新打开后再改。")
        old = _current_text(path)
        try:
            path.unlink()
        except OSError as exc:
            raise NoticeError(f"无法删除 {path}：{os_error_cn(exc)}") from None
        history.record(path, old, None)


def _current_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return None
