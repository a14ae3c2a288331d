"""``notice import``: a real notice → profile data (the Notice model's third direction).

The reader turns the file into the Notice model; ``edition`` turns that into the year's
edition, ``node`` proposes a new node from it, and the opening's citations become the
superior editions of that year where those nodes exist and have none. Nothing is written
here: ``plan_import`` returns the files to write, each rendered and validated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NoticeError
from ..model import PLACEHOLDER_RE, placeholder
from ..profiles import NODE_FILE, Node, ProfileTree
from ..reader import read_notice
from .citations import owner
from .dates import check_dates
from .edition import EditionReader, Reading
from .node import propose_node

HEADER = "由 notice import 自 {file} 读出；带“# 待核实”的事实请对照原文核对后删去该注释。"


@dataclass
class PlannedFile:
    path: Path
    kind: str  # "node" | "edition"
    data: dict[str, Any]
    unsure: dict[tuple, str] = field(default_factory=dict)
    exists: bool = False


@dataclass
class ImportPlan:
    reading: Reading
    node_id: str
    files: list[PlannedFile]
    notes: list[str] = field(default_factory=list)


def _not_a_notice(reading: Reading) -> bool:
    ed = reading.edition
    if "title" not in ed and ed.get("doc_number") and reading.issuers:
        return False  # a red header over a 文号, no 关于……通知 title: the head says whose notice it is
    if "title" not in ed:
        # a copy of a web page's body often starts at the 主送机关: without its title it is
        # still the week's notice when it gives the theme and its time, activities or requirements
        return not (ed.get("theme") and any(ed.get(k) for k in ("week", "week_note", "activities", "requirements")))
    return not re.search(r"通知|意见|方案|函", ed["title"]) or not (
        ed.get("doc_number") or reading.issuers or ed.get("theme") or ed.get("activities"))


def _issuer_keys(names: list[str], node: Node) -> tuple[list[str], list[str]]:
    """The node's organ keys for the signed names, and the names it has no organ for."""
    organs = node.data.get("organs") or {}
    keys, unknown = [], []
    for name in names:
        key = next((k for k, o in organs.items() if name in (o["name"], o.get("short"), o.get("seal"))), None)
        (keys.append(key) if key else unknown.append(name))
    return keys, unknown


def _superior_editions(reading: Reading, node: Node, year: int) -> tuple[list[PlannedFile], list[str]]:
    """The opening's citations as the superiors' editions of the year, where none exists: each
    goes to the superior that issued it (``citations.owner``); one no superior issued stays in
    the new edition (``citations``) and is reported. A superior's edition written from a
    subordinate's citation is marked 待核实 throughout: the subordinate may have cited it wrongly."""
    planned, notes = [], []
    chain = node.chain() if node.parent is not None or node.data.get("parent") else []
    taken: set[str] = set()
    for cite in reading.citations:
        sup = owner(cite, chain)
        label = f"《{cite['title']}》" + (f"（{cite['doc_number']}）" if cite["doc_number"] else "")
        if sup is None or sup.id in taken:
            why = "发文机关不是本节点在档案树中的上级" if sup is None else f"与前一处同属{sup.name}"
            reading.edition.setdefault("citations", []).append(
                {k: v for k, v in (("issuer", cite["issuer"]), ("title", cite["title"]),
                                   ("doc_number", cite["doc_number"] or None)) if v or k == "doc_number"})
            notes.append(f"开篇所引{cite['issuer']}{label}：{why}，只记入本节点年度档案的 citations，"
                         "未写入其他节点")
            continue
        taken.add(sup.id)
        have = sup.editions.get(year)
        if have is not None:
            if cite["doc_number"] and have.get("doc_number") and cite["doc_number"] != have["doc_number"]:
                notes.append(f"{sup.name}{year}年通知的文号：档案为“{have['doc_number']}”，本通知引作“{cite['doc_number']}”")
            continue
        data: dict[str, Any] = {"year": year, "source": f"{reading.edition['source']}开篇所引"}
        if cite["issuer"]:
            data["issuer"] = cite["issuer"]
        data["title"] = cite["title"]
        data["doc_number"] = cite["doc_number"] or None
        why = f"读自下级通知（{reading.edition['source']}）开篇的引用，请对照原件核对"
        unsure = {(k,): why for k in data if k not in ("year", "source")}
        planned.append(PlannedFile(sup.path.parent / f"{year}.yaml", "edition", data, unsure))
        notes.append(f"开篇所引{label}属{sup.name}（按所引发文机关与标题判断）：将新建其{year}年度档案，各项标为待核实")
    return planned, notes


def plan_import(path: Path, tree: ProfileTree, *, node_id: str | None = None, parent_id: str | None = None,
                year: int | None = None, as_node: str | None = None, force: bool = False,
                name: str | None = None) -> ImportPlan:
    not_a_notice = NoticeError(f"{path} 不像一份通知：没有读出通知标题（关于……的通知）以及文号、发文机关或"
                               "正文各部分；未写入任何文件。")
    try:
        res = read_notice(path)
    except NoticeError as exc:
        if "不是一份通知" in exc.message:  # the reader's words are lint's (无法审查)
            raise not_a_notice from None
        raise
    y = year or res.notice.year
    if y:
        check_dates(res, y, path)
    reading = EditionReader(res, y).read() if y else None
    if reading is None or _not_a_notice(reading):
        raise not_a_notice
    if name is not None:
        name = name.strip()
        if not name or len(name) > 30 or PLACEHOLDER_RE.search(name):
            raise NoticeError(f"--name “{name[:40]}”无效：请写地名，如 武进区。")
        if as_node:
            raise NoticeError("--name 只用于新节点（--node）；已有节点的地名请在其 node.yaml 中修改。")
    if as_node:
        node = tree.resolve(as_node)
        files: list[PlannedFile] = []
        folder = node.path.parent
        node_key = node.id
    else:
        if not node_id:
            raise NoticeError("请用 --node 给出新节点的编号（如 --node wujin），或用 --as 把通知导入已有节点。")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", node_id):
            raise NoticeError(f"节点编号“{node_id}”无效：须以小写字母开头，只含小写字母、数字和下划线。")
        if node_id in tree.nodes and not force:
            raise NoticeError(f"节点“{node_id}”已存在（{tree.nodes[node_id].path}）。"
                              "要导入该节点某年的通知请用 --as，要重建节点请加 --force。")
        if not parent_id:
            raise NoticeError("新节点须用 --parent 给出上级节点的编号。")
        if parent_id not in tree.nodes:
            raise NoticeError(f"上级节点“{parent_id}”不存在。可用的节点编号：{'、'.join(sorted(tree.nodes))}")
        parent = tree.nodes[parent_id]
        folder = tree.nodes[node_id].path.parent if node_id in tree.nodes else parent.path.parent / node_id
        node_data, node_unsure = propose_node(reading, node_id, parent, name)
        node_path = folder / NODE_FILE
        files = [PlannedFile(node_path, "node", node_data, node_unsure, node_path.exists())]
        node = Node(node_id, node_data, node_path)
        node.parent = parent
        node_key = node_id
    ed = reading.edition
    keys, unknown = _issuer_keys(reading.issuers, node)
    notes: list[str] = [*res.conversions, *reading.changes]
    if "title" not in ed:
        notes.append("原文未见通知标题（关于……的通知），未写入 title（起草时由节点地名拼出标题，请核对地名）")
    if keys:
        ed["issuers"] = keys
    for name in unknown:
        notes.append(f"发文机关“{name}”不在节点 {node.id} 的 organs 中，未写入 issuers；请先在 node.yaml 中加上它")
    if as_node:
        ed["issuer"] = "、".join(reading.issuers) if reading.issuers else node.name
        if re.search(r"疫情", " ".join(ln.text for ln in res.body)):
            ed.setdefault("flags", {})["epidemic_prevention"] = True
    ed_path = folder / f"{y}.yaml"
    if ed_path.exists() and not force:
        raise NoticeError(f"{node.name}{y}年的年度档案已存在：{ed_path}。如需覆盖，请加 --force。")
    files.append(PlannedFile(ed_path, "edition", ed, reading.unsure, ed_path.exists()))
    sups, sup_notes = _superior_editions(reading, node, y)
    files.extend(sups)
    blanks = sum(_fill_blanks(f.data) for f in files)
    if blanks:
        notes.append(f"原文留空处（xx、××）{blanks} 处已写作{placeholder('原文留空')}，起草时列为待填项")
    return ImportPlan(reading, node_key, files, notes + sup_notes)


#: a blank a template (范文) leaves for the place's name: xx经济技术开发区, ××局 — printed as it
#: stands it would pass for a name; a placeholder is highlighted and listed
BLANK_RE = re.compile(r"(?<![A-Za-z0-9@._-])(?:[xX]{2,}|×{2,}|○{2,})(?![A-Za-z0-9@._-])")
CJK_NEAR = re.compile(r"[\u4e00-\u9fff]")


def _blank(m: re.Match) -> str:
    near = m.string[max(m.start() - 1, 0):m.start()] + m.string[m.end():m.end() + 1]
    return placeholder("原文留空") if CJK_NEAR.search(near) else m.group(0)


def _fill_blanks(data: Any) -> int:
    """Replace each blank beside Chinese text in ``data``'s strings (sources excepted) in place;
    the count replaced."""
    count = 0
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, str) and key != "source":
            new = BLANK_RE.sub(_blank, value)
            if new != value:
                count += len(PLACEHOLDER_RE.findall(new)) - len(PLACEHOLDER_RE.findall(value))
                data[key] = new
        elif isinstance(value, (dict, list)):
            count += _fill_blanks(value)
    return count
