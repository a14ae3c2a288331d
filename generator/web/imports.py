"""The import page and ``POST /api/import``: engineer "import"'s ``notice import`` (plan,
dry-run JSON, write), run in a worker process on a temporary copy of the upload named as
the clerk's file (the profiles cite it as their source)."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import tempfile
from pathlib import Path
from typing import Any

from .. import history
from ..assemble import load_tree
from ..commands import import_ as import_cmd
from ..errors import NoticeError
from ..importer import plan_import
from ..profile_diff import label
from ..profile_write import render_profile
from ..profiles import ProfileError, ProfileTree
from . import import_review
from .state import NODE_ID_RE, Upload, WebError, Workbench

#: the id a new node is given for the review when the clerk has not chosen one yet
PROVISIONAL_ID = "new_node"


def _safe_name(name: str, suffix: str) -> str:
    """The upload's own name (sources cite it), without folders or characters a path dislikes."""
    stem = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", Path(name).stem).strip(". ")[:80] or "upload"
    return stem + suffix


@contextlib.contextmanager
def _uploaded(upload: Upload):
    """The upload as a file for the importer; its errors name the clerk's file, never our
    temporary folder, and cross back to the server as plain NoticeErrors (picklable)."""
    with tempfile.TemporaryDirectory(prefix="notice-import-") as tmp:
        path = Path(tmp) / _safe_name(upload.name, upload.suffix)
        path.write_bytes(upload.data)
        try:
            yield path
        except ProfileError as exc:
            raise NoticeError(f"导入的档案未通过校验，未写入：\n{exc.message}") from None
        except NoticeError as exc:
            raise NoticeError(exc.message.replace(f"{tmp}/", ""), exc.code) from None


def guess_target(path: Path, tree: ProfileTree) -> dict[str, str]:
    """Where a notice probably belongs when the clerk did not say: the existing node whose
    organ issued it (an edition of that node), else a new node under the deepest node named
    in its issuers or title (常州市金坛区教育局 → under 常州市)."""
    from ..reader import read_notice

    try:
        notice = read_notice(path).notice
    except NoticeError:  # the reader words it for lint (无法审查); say it as the importer does
        raise NoticeError(f"{path.name} 不像一份通知：没有读出通知标题（关于……的通知）或正文各部分；"
                          "未写入任何文件。") from None
    issuers = [o.name for o in notice.issuers]
    for node in sorted(tree.nodes.values(), key=lambda n: -len(n.chain())):
        organs = [o.get("name", "") for o in (node.data.get("organs") or {}).values()]
        if any(i in organs for i in issuers):
            return {"as_node": node.id}
    text = "".join(issuers) + notice.title
    named = [n for n in tree.nodes.values() if n.level != "national" and (n.name in text or
                                                                         (n.data.get("place") or "-") in text)]
    parent = max(named, key=lambda n: len(n.chain()), default=tree.nodes.get("national"))
    return {"node": PROVISIONAL_ID, "parent": parent.id if parent else ""}


def _target(path: Path, tree: ProfileTree, params: dict[str, str]) -> dict[str, str]:
    chosen = {k: v for k, v in params.items() if v}
    if not (chosen.get("node") or chosen.get("as_node")):
        chosen = {**guess_target(path, tree), **{k: v for k, v in chosen.items() if k in ("year", "name")}}
    if chosen.get("as_node"):
        chosen.pop("name", None)  # a place name is a new node's; an existing node keeps its own
    return chosen


def dry_run_job(upload: Upload, root: str, params: dict[str, str]) -> dict[str, Any]:
    """``notice import --dry-run --format json`` of the upload, plus the texts of the files
    it would write (``# 待核实`` comments on the unsure facts) and the target it used."""
    tree = load_tree(root)
    with _uploaded(upload) as path:
        target = _target(path, tree, params)
        # force: an existing edition is reviewed too (the page marks it); saving over it needs the box ticked
        plan = plan_import(path, tree, node_id=target.get("node"), parent_id=target.get("parent"),
                           year=int(target["year"]) if target.get("year") else None, as_node=target.get("as_node"),
                           force=True, name=target.get("name"))
        out = import_cmd.dry_run_json(plan)
        rel = f"{Path(root).resolve().as_posix()}/"
        out["texts"] = [{"path": str(f.path).replace(rel, ""), "kind": f.kind, "exists": f.exists,
                         "text": render_profile(f.data, f.kind, f.unsure)} for f in plan.files]
        # the review page: each fact with its Chinese label, its source line, 待核实 marked
        names = {k: n.name for k, n in tree.nodes.items()}
        target_node = tree.nodes.get(target.get("as_node") or "")
        sources = [n.data for n in tree.nodes.values()] + ([target_node.data] if target_node else []) + \
            [f.data for f in plan.files if f.kind == "node"]
        for data in sources:  # organ ids by their names; the target's own win
            names.update({k: v.get("name", k) for k, v in (data.get("organs") or {}).items() if isinstance(v, dict)})
        out["facts"] = [{"path": str(f.path).replace(rel, ""), "kind": f.kind, "exists": f.exists,
                         "facts": [vars(x) for x in import_review.facts(f.data, dict(f.unsure), names)]}
                        for f in plan.files]
    for item in [*out["files"], *out["unsure"]]:
        for key in ("path", "file"):
            if key in item:
                item[key] = item[key].replace(rel, "")
    for u in out["unsure"]:
        u["label"] = label(tuple(int(p) if p.isdigit() else p for p in u["field"].split(".")), names, "其他事项")
        u["reason"] = import_review.reason_text(u["reason"], names)
    out["target"] = target
    for item in [*out["files"], *out["facts"]]:
        item["where"] = _where(item["path"], tree, names)
    return out


def _where(path: str, tree: ProfileTree, names: dict[str, str]) -> str:
    """A profile file as a clerk names it: 江苏省 / 常州市 / 新北区 / 2024.yaml."""
    parts = path.split("/")
    folders = {n.path.parent.relative_to(tree.root).as_posix(): n.name for n in tree.nodes.values()}
    shown = [folders.get("/".join(parts[:i + 1]), "新节点") for i in range(len(parts) - 1)]
    return " / ".join([*shown, parts[-1]])


def save_job(upload: Upload, root: str, params: dict[str, str], author: str = history.LOCAL_USER) -> dict[str, Any]:
    """``notice import`` for real (validated, atomic, nothing over an existing file, one
    commit by ``author``): what it said."""
    tree = load_tree(root)
    with _uploaded(upload) as path, history.change(author, f"导入 {upload.name}"):
        target = _target(path, tree, params)
        args = argparse.Namespace(file=str(path), node=target.get("node"), parent=target.get("parent"),
                                  year=int(target["year"]) if target.get("year") else None,
                                  as_node=target.get("as_node"), profiles=root, dry_run=False, format="text",
                                  force=params.get("force") == "1", name=target.get("name"))
        said = io.StringIO()
        with contextlib.redirect_stdout(said):
            import_cmd.run(args)
    year = plan_year(said.getvalue())
    return {"node": target.get("node") or target.get("as_node"), "year": year,
            "report": said.getvalue().replace(f"{Path(root).resolve().as_posix()}/", "")}


def plan_year(report: str) -> int | None:
    m = re.search(r"/(\d{4})\.yaml", report)
    return int(m.group(1)) if m else None


def check_params(params: dict[str, str], wb: Workbench) -> dict[str, str]:
    """The clerk's choices, checked before any path is built from them."""
    out = {k: (params.get(k) or "").strip() for k in ("node", "parent", "as_node", "year", "force", "name")}
    if len(out["name"]) > 30:
        raise WebError(422, "地名过长：请写地名，如 武进区。")
    for key in ("node", "parent", "as_node"):
        if out[key] and not NODE_ID_RE.match(out[key]):
            raise WebError(422, f"节点编号“{out[key][:40]}”无效：只能含小写英文字母、数字和下划线，并以字母开头。")
    if out["year"] and not (out["year"].isdigit() and 2005 <= int(out["year"]) <= 2099):
        raise WebError(422, "年份须为 2005—2099 之间的四位数字。")
    if out["as_node"]:
        wb.node(out["as_node"])
    return out


async def dry_run(wb: Workbench, upload: Upload, params: dict[str, str] | None = None) -> dict[str, Any]:
    return await _run(wb, dry_run_job, upload, check_params(params or {}, wb))


async def save(wb: Workbench, upload: Upload, params: dict[str, str], author: str = history.LOCAL_USER
               ) -> dict[str, Any]:
    return await _run(wb, save_job, upload, check_params(params, wb), author)


async def _run(wb: Workbench, job, upload: Upload, params: dict[str, str], *extra: Any) -> dict[str, Any]:
    try:
        return await wb.workers.run(job, upload, str(wb.root), params, *extra)
    except NoticeError as exc:
        message = exc.message.replace(str(wb.root) + "/", "").replace("请加 --force", "请勾选“覆盖已有档案”")
        raise WebError(422, message) from None
