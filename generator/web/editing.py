"""The profile forms of the node page: the year's edition and the node's defaults, one
field per top-level key (its YAML text), and the placeholders, one field each.

A save applies only the fields the person changed (the form carries each field's original
text), on top of the file as it is now — but only when the file is still the version the
form was opened on; otherwise ``StaleSave`` and the page shows the input again.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import profile_diff
from ..model import DocNumber
from ..profiles import Node, Problem, ProfileTree
from . import leaf_fields, yamledit

WEB_SOURCE = "通知工坊网页填写"
#: fields a new edition starts with: what a clerk most often has to give for a new year
NEW_EDITION_KEYS = ("source", "doc_number", "title", "theme", "date")


@dataclass
class Field:
    key: str
    label: str
    text: str
    orig: str
    multiline: bool
    problems: list[str] = field(default_factory=list)
    theirs: str | None = None  # the value a colleague saved meanwhile, when it differs
    choices: list[tuple[str, str]] | None = None  # an enumeration: (stored value, words)
    hint: str = ""

    @property
    def dom_id(self) -> str:
        return self.key.replace(".", "-")


@dataclass
class ProfileForm:
    """One file's form: ``kind`` is "edition" or "defaults"."""

    kind: str
    path: Path
    base: str
    fields: list[Field]
    message: str = ""

    @property
    def is_new(self) -> bool:
        return self.base == yamledit.NEW


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip("\n").split("\n"))


def edition_path(node: Node, year: int) -> Path:
    # the node's own folder and a validated year: never a path built from raw input
    return node.path.parent / f"{int(year)}.yaml"


def _mapping(kind: str, node: Node, year: int) -> tuple[Path, CommentedMap, CommentedMap]:
    """(file, the whole document, the mapping the form edits)."""
    if kind == "edition":
        path = edition_path(node, year)
        doc = yamledit.load(path)
        if doc is None:
            doc = CommentedMap([("year", year)] + [(k, None) for k in NEW_EDITION_KEYS])
        return path, doc, doc
    doc = yamledit.load(node.path)
    return node.path, doc, doc.setdefault("defaults", CommentedMap())


_forms: dict[tuple, tuple[tuple, ProfileForm]] = {}


def open_form(kind: str, node: Node, year: int) -> ProfileForm:
    """The form of a file as it is now; parsed once per version of the file (by size and
    modification time: the node page is read far more often than a profile is saved)."""
    path = edition_path(node, year) if kind == "edition" else node.path
    try:
        st = path.stat()
        stamp: tuple = (st.st_size, st.st_mtime_ns, st.st_ino)
    except FileNotFoundError:
        stamp = ()
    key = (kind, str(path), year)
    hit = _forms.get(key)
    if hit is None or hit[0] != stamp or not stamp:
        path, _, data = _mapping(kind, node, year)
        hit = (stamp, ProfileForm(kind, path, yamledit.version(path), form_fields(kind, data, organ_names(node), year)))
        _forms[key] = hit
        while len(_forms) > 256:
            _forms.pop(next(iter(_forms)))
    return copy.deepcopy(hit[1])


def organ_names(node: Node) -> dict[str, str]:
    return {k: v.get("name", k) for k, v in (node.data.get("organs") or {}).items() if isinstance(v, dict)}


def form_fields(kind: str, data: Any, organs: dict[str, str] | None = None, year: int = 2027) -> list[Field]:
    """One field per fact of the file (leaf_fields), the edition's year aside."""
    out = []
    for leaf in leaf_fields.leaves(data, leaf_fields.schema_for(kind)):
        if kind == "edition" and leaf.path == ("year",):
            continue
        text = leaf_fields.leaf_text(leaf, organs)
        multiline = len(text) > 60 or "\n" in text
        hint = "多项用顿号（、）分隔" if isinstance(leaf.value, list) or leaf.rule.get("type") == "list" else ""
        hint = hint or (f"日期，如 {year}-10-20" if leaf.rule.get("type") == "date" else "")
        out.append(Field(leaf_fields.dotted(leaf.path), leaf_fields.field_label(leaf.path), text, text, multiline,
                         choices=leaf_fields.choices(leaf), hint=hint))
    return out


def _get(data: Any, path: tuple) -> Any:
    cur = data
    for p in path:
        if isinstance(cur, dict):
            cur = cur.get(p)
        elif isinstance(cur, list) and isinstance(p, int) and 0 <= p < len(cur):
            cur = cur[p]
        else:
            return None
    return cur


def _put(data: CommentedMap, path: tuple, value: Any) -> None:
    """Set one fact (None: remove a key that is not a list item); containers exist (the form
    was built from them) unless a colleague removed them, then they are made again."""
    cur: Any = data
    for i, p in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(cur, list):
            cur = cur[p]
            continue
        if not isinstance(cur.get(p), (dict, list)):
            cur[p] = CommentedSeq() if isinstance(nxt, int) else CommentedMap()
        cur = cur[p]
    last = path[-1]
    old = cur[last] if isinstance(cur, list) else cur.get(last)
    if isinstance(value, list) and isinstance(old, CommentedSeq):
        seq = CommentedSeq(value)  # a list written on one line stays on one line
        if old.fa.flow_style():
            seq.fa.set_flow_style()
        value = seq
    if isinstance(cur, list):
        cur[last] = value
    elif value is None and last != "source" and len(path) > 1:
        cur.pop(last, None)
    elif value is None and len(path) == 1 and last != "source":
        cur.pop(last, None)
    else:
        cur[last] = value


def _cn_field(name: str) -> str:
    """check-profile's ``week（活动周）.end（结束日期）`` as 活动周·结束日期 (no key for a clerk)."""
    parts = [re.sub(r"^[A-Za-z0-9_]+（(.*)）$", r"\1", p) for p in name.split(".")]
    parts = [f"第{int(p) + 1}项" if p.isdigit() else p for p in parts if p not in ("defaults（默认值）", "默认值")]
    return "·".join(parts)


def _field_key(problem: Problem, kind: str) -> str:
    """The top-level key a check-profile problem belongs to (``defaults（…）.week（…）`` → week)."""
    parts = [re.sub(r"（.*", "", p) for p in problem.field.split(".")]
    if kind == "defaults" and parts and parts[0] == "defaults":
        parts = parts[1:]
    return parts[0] if parts else ""


def save_form(kind: str, node: Node, year: int, submitted: dict[str, str], base: str) -> ProfileForm:
    """Apply the changed fields; on problems or a stale base, the form to show again
    (the person's input kept); on success the fresh form."""
    path, doc, data = _mapping(kind, node, year)
    organs = organ_names(node)
    current = {f.key: f.text for f in form_fields(kind, data, organs, year)}
    schema = leaf_fields.schema_for(kind)
    form = ProfileForm(kind, path, base, [])
    bad: dict[str, list[str]] = {}
    shown = {f.key: f for f in open_form(kind, node, year).fields}
    for key in [k for k in submitted if k.startswith("field.")]:
        name = key[len("field."):]
        text, orig = submitted[key], submitted.get(f"orig.{name}", "")
        like = shown.get(name)
        f = Field(name, leaf_fields.field_label(leaf_fields.undotted(name)), text, orig,
                  "\n" in text or len(text) > 60, choices=like.choices if like else None,
                  hint=like.hint if like else "")
        form.fields.append(f)
        if name == "year" or _norm(text) == _norm(orig):
            continue  # unchanged: the file's value (perhaps a colleague's) stays
        where = leaf_fields.undotted(name)
        try:
            value = leaf_fields.to_value(_norm(text), _get(data, where), leaf_fields.rule_at(schema, where), year,
                                         where, organs)
        except ValueError as exc:
            bad.setdefault(name, []).append(str(exc))
            continue
        _put(data, where, value)
    stale = yamledit.version(path) != base
    for f in form.fields:
        f.problems = bad.get(f.key, [])
        if stale and _norm(current.get(f.key, "")) != _norm(f.orig):
            f.theirs = current.get(f.key, "")
    if bad:
        form.message = "有字段格式不对，未保存。"
        return form
    if stale:
        form.base = yamledit.version(path)
        form.message = (f"{path.name} 已被他人修改（在您打开表单之后），未保存。您的输入仍在表单中；"
                        "他人改动的字段下方列出了新值。核对后再次保存，只会写入您改动的字段。")
        return form
    try:
        problems = yamledit.save(path, doc, base)
    except yamledit.StaleSave as exc:
        form.base, form.message = yamledit.version(path), exc.message
        return form
    if problems:
        for p in problems:
            top = _field_key(p, kind)
            target = next((f for f in form.fields if f.key == top or f.key.startswith(f"{top}.")), None)
            msg = f"{_cn_field(p.field)}：{p.message}" if p.field else p.message
            (target.problems if target else bad.setdefault("", [])).append(msg)
        form.message = "档案校验未通过，未保存：" + "；".join(bad.get("", [])) if bad.get("") else \
            "档案校验未通过，未保存（问题写在字段旁）。"
        return form
    saved = open_form(kind, node, year)
    saved.message = f"已保存 {path.name}。"
    return saved


# ---------------------------------------------------------------- placeholders


def field_label(name: str, tree: ProfileTree) -> str:
    """``committee.members.0.name`` → 组织委员会·成员·第1项·姓名 (node ids by their names)."""
    return profile_diff.label(tuple(name.split(".")), {k: n.name for k, n in tree.nodes.items()})


@dataclass
class Fill:
    """A placeholder with its field: ``field`` as in explain's ``placeholders``."""

    field: str
    reason: str
    label: str
    target: str  # where the value is saved, for the clerk: "xinbei/2027.yaml：doc_number"
    path: Path | None = None
    value: str = ""
    problems: list[str] = field(default_factory=list)


def fills_for(explained: dict[str, Any], node: Node, tree: ProfileTree, year: int) -> list[Fill]:
    """A field for each placeholder of the explain JSON, with where its value will be saved."""
    out = []
    for p in explained["placeholders"]:
        p = SimpleNamespace(**p)
        where = _target(p.field, node, tree, year)
        if where:
            owner = next((n for n in tree.nodes.values() if n.path.parent == where[0].parent), node)
            label = f"{owner.name} {year} 年度档案"
        else:
            label = "请在下方的年度档案或默认做法表单中填写"
        out.append(Fill(p.field, p.reason, field_label(p.field, tree), label, where[0] if where else None))
    return out


def file_key(path: Path, tree: ProfileTree) -> str:
    """How a form names a file for its base version (two nodes both have a 2027.yaml)."""
    return str(path.relative_to(tree.root))


def fill_bases(fills: list[Fill], tree: ProfileTree) -> dict[str, str]:
    return {file_key(f.path, tree): yamledit.version(f.path) for f in fills if f.path}


def _target(name: str, node: Node, tree: ProfileTree, year: int) -> tuple[Path, str] | None:
    """The file and the key path a placeholder's value goes to."""
    parts = name.split(".")
    if parts[0] == "citations" and len(parts) == 3 and parts[1] in tree.nodes and parts[2] in ("title", "doc_number"):
        return edition_path(tree.nodes[parts[1]], year), parts[2]
    if parts[0] == "doc_number":
        return edition_path(node, year), "doc_number"
    if parts[0] == "signature_date":
        return edition_path(node, year), "date"
    if parts[0] in ("theme", "committee", "office", "contacts", "launch", "purpose", "title"):
        return edition_path(node, year), name
    if name in ("four_ones", "imprint.date", "imprint.office", "imprint.cc", "week.start", "week.end"):
        return edition_path(node, year), name
    return None


def _set_path(data: CommentedMap, keys: list[str], value: Any, defaults: dict) -> None:
    """Set ``a.b.0.c`` in an edition, copying the node's defaults for ``a`` first (an
    edition's ``committee`` replaces the defaults' whole, so it must start as their copy)."""
    top = keys[0]
    if len(keys) > 1 and data.get(top) is None:
        # a week or imprint of the year is its own dates, not a copy of the defaults' rule
        keep = top not in ("week", "imprint") and defaults.get(top) is not None
        data[top] = copy.deepcopy(defaults.get(top)) if keep else CommentedMap()
    cur: Any = data
    for i, k in enumerate(keys[:-1]):
        nxt: Any = int(keys[i + 1]) if keys[i + 1].isdigit() else keys[i + 1]
        key: Any = int(k) if isinstance(cur, list) else k
        if isinstance(cur, list):
            cur = cur[key]
        else:
            if cur.get(key) is None:
                cur[key] = CommentedSeq() if isinstance(nxt, int) else CommentedMap()
            cur = cur[key]
    last = keys[-1]
    if isinstance(cur, list):
        cur[int(last)] = value
    else:
        cur[last] = value


def _fill_value(name: str, text: str, explained: dict[str, Any]) -> Any:
    text = _norm(text)
    if name == "doc_number.serial":
        if not re.fullmatch(r"[1-9]\d{0,4}", text):
            raise ValueError("发文序号须为正整数，不加“第”、不补零，如 76")
        number = DocNumber.parse(explained.get("doc_number") or "", strict=False)
        code = number.code if number else ""
        if not code or "【" in code:
            raise ValueError("发文机关代字也是待填项：请先在年度档案中写出完整文号")
        return f"{code}〔{explained['year']}〕{text}号"
    if name in DATE_FILLS:
        return leaf_fields.parse_date(text, int(explained["year"]), DATE_FILLS[name])
    if name.endswith(".members") or name == "four_ones":
        return CommentedSeq([x for x in re.split(r"[、，,；;\s]+", text) if x])
    return text


#: placeholders that are dates, by what the message calls them
DATE_FILLS = {"signature_date": "成文日期", "imprint.date": "印发日期", "week.start": "活动周开始日期",
              "week.end": "活动周结束日期"}
def save_fills(explained: dict[str, Any], node: Node, tree: ProfileTree, year: int, submitted: dict[str, str],
               bases: dict[str, str]) -> tuple[list[Fill], str, bool]:
    """Write the filled placeholders into their files (each validated, atomic, stale-checked).
    Returns the fills to show, a message and whether everything was saved."""
    fills = fills_for(explained, node, tree, year)
    plans: dict[Path, list[tuple[Fill, str, Any]]] = {}
    for f in fills:
        f.value = submitted.get(f"fill.{f.field}", "")
        if not _norm(f.value):
            continue
        where = _target(f.field, node, tree, year)
        if where is None:
            f.problems.append("这一项不能在此填写，请在下方的档案表单中编辑。")
            continue
        try:
            value = _fill_value(f.field, f.value, explained)
        except ValueError as exc:
            f.problems.append(str(exc))
            continue
        plans.setdefault(where[0], []).append((f, where[1], value))
    if any(f.problems for f in fills):
        return fills, "有待填项的格式不对，未保存。", False
    if not plans:
        return fills, "没有填写任何待填项。", False
    base = {p: bases.get(file_key(p, tree), yamledit.NEW) for p in plans}
    stale = [file_key(p, tree) for p in plans if yamledit.version(p) != base[p]]
    if stale:
        return fills, (f"{'、'.join(stale)} 已被他人修改（在您打开页面之后），未保存；您的输入仍在表单中，"
                       "请刷新页面核对后再填。"), False
    saved = []
    for path, items in plans.items():
        owner = next(n for n in tree.nodes.values() if n.path.parent == path.parent)
        doc = yamledit.load(path) or CommentedMap([("year", year), ("source", WEB_SOURCE)])
        for _, key, value in items:
            _set_path(doc, key.split("."), value, owner.defaults)
        try:
            problems = yamledit.save(path, doc, base[path])
        except yamledit.StaleSave as exc:
            return fills, exc.message, False
        if problems:
            for f, _, _ in items:
                f.problems += [f"{p.field}：{p.message}" for p in problems]
            return fills, f"{path.name} 校验未通过，未保存。", False
        saved.append(file_key(path, tree))
    return fills, f"已保存到 {'、'.join(saved)}。", True
