"""``notice import FILE``: a real notice (.docx, .txt, .md) → profile data (node and edition)."""

from __future__ import annotations

import argparse
import difflib
import json
from datetime import date
from pathlib import Path
from typing import Any

from .. import PROFILES_DIR, history
from .. import profile_write as pw
from ..cliargs import year
from ..errors import NoticeError
from ..importer import HEADER, ImportPlan, PlannedFile, plan_import
from ..profiles import ProfileError
from ..schema import EDITION_SCHEMA, NODE_SCHEMA
from ..tree_cache import load_tree


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="读入一份真实通知（.docx/.doc/.wps/.pdf/.html/.mht/.txt/.md），"
                                      "生成档案：新节点及其年度档案")
    p.add_argument("file", metavar="FILE", help="通知文件：.docx、.doc、.wps（经 LibreOffice 转换）、有文字层的 .pdf、"
                                                "保存的网页（.html、.htm、.mht）、.txt 或 .md")
    p.add_argument("--node", help="新节点的编号（如 wujin）")
    p.add_argument("--parent", help="新节点的上级节点编号（如 changzhou）")
    p.add_argument("--name", help="新节点的地名（如 武进区）：通知的标题和发文机关都没写出地名时用")
    p.add_argument("--year", type=year, help="年份（默认：从通知读出）")
    p.add_argument("--as", dest="as_node", metavar="NODE", help="把通知导入已有节点（如上级的通知导入 jiangsu）")
    p.add_argument("--profiles", default=str(PROFILES_DIR), help="档案树文件夹（默认：profiles/）")
    p.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写文件")
    p.add_argument("--format", choices=["text", "json"], default="text", help="--dry-run 的输出格式")
    p.add_argument("--force", action="store_true", help="覆盖已存在的节点或年度档案")
    p.set_defaults(func=run)


def _render(f: PlannedFile, file_name: str) -> str:
    if f.path.exists():  # --force: the new facts written into the old file, so its comments stay
        old, _ = pw.load_profile(f.path)
        schema = NODE_SCHEMA if f.kind == "node" else EDITION_SCHEMA
        return pw.dump(pw.merge_into(old, pw.to_yaml_data(f.data, schema, f.unsure)))
    return pw.render_profile(f.data, f.kind, f.unsure, header=HEADER.format(file=file_name))


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _path_text(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def dry_run_json(plan: ImportPlan) -> dict[str, Any]:
    """The facts read, in the shapes of ``explain --format json``, plus the mappings to write."""
    ed = plan.reading.edition
    node = next((f.data for f in plan.files if f.kind == "node"), None)
    organs = (node or {}).get("organs") or {}
    week = ed.get("week")
    contacts = [{k: c.get(k, "") for k in ("name", "phone", "email", "office")} for c in ed.get("contacts", [])]
    unsure = [{"file": str(f.path), "field": _path_text(p), "reason": why}
              for f in plan.files for p, why in f.unsure.items()]
    return json.loads(json.dumps({
        "year": ed["year"],
        "issuers": [{"name": n, "short": next((o.get("short", "") for o in organs.values() if o["name"] == n), ""),
                     "seal": ""} for n in plan.reading.issuers],
        "doc_number": ed.get("doc_number") or "",
        "title": ed.get("title", ""),
        "recipients": plan.reading.recipients,
        "theme": ed.get("theme", ""),
        "citations": plan.reading.citations,
        "week": {"start": week["start"], "end": week["end"]} if week else None,
        "four_ones": ed.get("four_ones", []),
        "deadlines": [{**d, "materials": d.get("materials", [])} for d in ed.get("deadlines", [])],
        "attachments": [{"title": a["title"], "form": a.get("form", "")} for a in ed.get("attachments", [])],
        "contacts": contacts,
        "signature_date": ed.get("date", ""),
        "node": node,
        "edition": ed,
        "unsure": unsure,
        "changes": plan.notes,
        "files": [{"path": str(f.path), "kind": f.kind, "exists": f.exists,
                   "change": "changed" if f.path.exists() else "created"} for f in plan.files],
    }, default=_iso, ensure_ascii=False))


def _diff(f: PlannedFile, text: str) -> str:
    old = f.path.read_text(encoding="utf-8").splitlines(keepends=True) if f.path.exists() else []
    return "".join(difflib.unified_diff(old, text.splitlines(keepends=True),
                                        fromfile=str(f.path) if old else "/dev/null", tofile=str(f.path)))


def run(args: argparse.Namespace) -> int:
    src = Path(args.file)
    tree = load_tree(Path(args.profiles))  # the disk cache: reading and validating every file was 60 % of a run
    plan = plan_import(src, tree, node_id=args.node, parent_id=args.parent, year=args.year,
                       as_node=args.as_node, force=args.force, name=args.name)
    texts = [(f, _render(f, src.name)) for f in plan.files]
    root = Path(args.profiles)
    problems = []
    for f, text in texts:
        # a new node's editions are checked without the tree (the node is not in it yet)
        problems += pw.validate_text(text, f.path, root if f.kind == "node" else None)
    if problems:
        raise ProfileError(problems)
    if args.dry_run:
        if args.format == "json":
            print(json.dumps(dry_run_json(plan), ensure_ascii=False, indent=2))
        else:
            for f, text in texts:
                print(_diff(f, text), end="")
            _report(plan, wrote=False)
        return 0
    for f, _ in texts:
        if f.kind == "node" and f.path.exists() and not args.force:
            raise NoticeError(f"节点文件已存在：{f.path}。如需覆盖，请加 --force。")
    versions = {f.path: pw.file_version(f.path) for f, _ in texts}
    with history.change(action=f"导入 {src.name}"):  # one commit when the tree is in a git repository
        _write(texts, versions, args, root)
    _report(plan, wrote=True)
    return 0


def _write(texts: list, versions: dict, args: argparse.Namespace, root: Path) -> None:
    for f, text in texts:
        try:
            f.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise NoticeError(f"无法创建文件夹 {f.path.parent}：{exc.strerror}") from None
        pw.save_profile(f.path, text, expected_version=versions[f.path] if args.force else None,
                        root=root if f.kind == "node" else None)


def _report(plan: ImportPlan, wrote: bool) -> None:
    verb = "已写入" if wrote else "将写入"
    for f in plan.files:
        # every file it touches, the target node's and any superior's, before anything is written
        print(f"{verb}：{f.path}" + ("（覆盖）" if f.exists else "（新建）"))
    for f in plan.files:
        for p, why in f.unsure.items():
            print(f"待核实：{f.path.name} {_path_text(p)}：{why}")
    for note in plan.notes:
        print(f"说明：{note}")
