"""The pages: home (the tree), a node and year, lint and import uploads."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import history
from ..cliargs import FIRST_YEAR, LAST_YEAR
from ..history import LOCAL_USER
from ..profiles import Node
from ..services import LEVEL_CN
from ..writers.html import NOTICE_CSS
from . import editing, history_view, imports
from .api import DOCX, NodeId, attachment, read_upload
from .auth import may_edit, may_review, name_of
from .guard import csrf_check
from .state import Bench, Upload, WebError, Workbench, check_year, lint_target, user_of
from .view import explain_rows
from .workers import annotate_job, docx_job, fixed_job, forms_zip_job, html_job, lint_job, page_job

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_check)])
SHA_RE = re.compile(r"^[0-9a-f]{40}$")
YearP = Annotated[int, Path()]  # range checked by check_year, so a page (not JSON) says what is wrong


def page(wb: Workbench, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    user = user_of(request)
    return wb.templates.TemplateResponse(request, name, {"level_cn": LEVEL_CN, "user": user,
                                                         "user_name": name_of(user), "local_user": LOCAL_USER,
                                                         "signed_in": wb.signed_in, **context}, status_code=status)


def require_edit(request: Request, wb: Workbench, node: Node) -> str:
    """The name a change is recorded under; 403 when this user may not edit ``node``."""
    user = user_of(request)
    if not may_edit(user, node.id, wb.tree()):
        tree = wb.tree()
        mine = "、".join(tree.nodes[n].name for n in user.edit if n in tree.nodes)
        raise WebError(403, f"{user.name} 没有修改“{node.name}”档案的权限"
                            + (f"（只能修改{mine}的档案）" if mine else "（只能查看和审核）") + "，未做任何修改。")
    return name_of(user)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, wb: Bench, q: Annotated[str, Query(max_length=100)] = "") -> HTMLResponse:
    rows = wb.rows()
    query = q.strip()
    hits = [r for r in rows if not query or query in r["name"] or query in r["id"] or query in r["path"]]
    by_parent: dict[str | None, list[dict]] = {}
    tree = wb.tree()
    for r in rows:
        parent = tree.nodes[r["id"]].data.get("parent")
        by_parent.setdefault(parent, []).append(r)
    return page(wb, request, "home.html", rows=rows, hits=hits, q=query, children=by_parent,
                first_year=FIRST_YEAR, last_year=LAST_YEAR)


@router.get("/go")
def go(wb: Bench, node: str = "", year: str = "") -> RedirectResponse:
    """The year picker's form: /go?node=xinbei&year=2027 → the node page."""
    if not year.strip().isdigit():
        raise WebError(422, f"年份须为四位数字，如 2027，而不是“{year[:20]}”。")
    wb.node(node)
    return RedirectResponse(f"/nodes/{node}/{check_year(int(year))}", status_code=303)


async def _node_page(request: Request, wb: Workbench, node_id: str, year: int, status: int = 200,
                     **forms: Any) -> HTMLResponse:
    node = wb.node(node_id)
    check_year(year)
    data = await wb.workers.notice(page_job, node_id, year, wb.tree())
    tree = wb.tree()
    fills = forms.pop("fills", None) or editing.fills_for(data["explain"], node, tree, year)
    edition = forms.pop("edition", None) or editing.open_form("edition", node, year)
    defaults = forms.pop("defaults", None) or editing.open_form("defaults", node, year)
    years = sorted(set(node.editions) | {year, year + 1 if year < LAST_YEAR else year})
    hist = await asyncio.to_thread(history_view.status, wb, node, year)
    user = user_of(request)
    return page(wb, request, "node.html", status, node=node, year=year, years=years, ex=data["explain"],
                hist=hist, can_edit=may_edit(user, node_id, tree), can_review=may_review(user, node_id, tree),
                rows=explain_rows(data["explain"]), notice_html=data["html"], notice_css=NOTICE_CSS,
                fills=fills, fill_bases=editing.fill_bases(fills, tree),
                edition=edition, defaults=defaults, **forms)


@router.get("/nodes/{node}/{year}", response_class=HTMLResponse)
async def node_page(request: Request, node: NodeId, year: YearP, wb: Bench) -> HTMLResponse:
    return await _node_page(request, wb, node, year)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/nodes/{node}/{year}/fill", response_class=HTMLResponse)
async def fill(request: Request, node: NodeId, year: YearP, wb: Bench) -> HTMLResponse:
    n = wb.node(node)
    check_year(year)
    author = require_edit(request, wb, n)
    submitted = await _form(request)
    explained = (await wb.workers.notice(page_job, node, year, wb.tree()))["explain"]
    bases = {k[len("base."):]: v for k, v in submitted.items() if k.startswith("base.")}
    was = await asyncio.to_thread(history_view.status, wb, n, year)
    with history.change(author, "填写待填项"):
        fills, message, ok = editing.save_fills(explained, n, wb.tree(), year, submitted, bases)
    await wb.reload()
    if ok:
        message += await _cleared(wb, n, year, was)
        return await _node_page(request, wb, node, year, fill_message=message)
    return await _node_page(request, wb, node, year, 409 if "他人" in message else 422,
                            fills=fills, fill_message=message, fill_failed=True)


@router.post("/nodes/{node}/{year}/profile/{kind}", response_class=HTMLResponse)
async def save_profile(request: Request, node: NodeId, year: YearP, kind: str, wb: Bench) -> HTMLResponse:
    if kind not in ("edition", "defaults"):
        raise WebError(404, "没有这个表单。")
    n = wb.node(node)
    check_year(year)
    author = require_edit(request, wb, n)
    submitted = await _form(request)
    was = await asyncio.to_thread(history_view.status, wb, n, year)
    with history.change(author, "保存年度档案" if kind == "edition" else "保存默认做法"):
        form = editing.save_form(kind, n, year, submitted, submitted.get("base", ""))
    await wb.reload()
    ok = form.message.startswith("已保存")
    if ok:
        form.message += await _cleared(wb, n, year, was)
    status = 200 if ok else (409 if "他人" in form.message else 422)
    return await _node_page(request, wb, node, year, status, **{kind: form})


async def _cleared(wb: Workbench, node: Node, year: int, was: history_view.Status) -> str:
    if was.approved and not (await asyncio.to_thread(history_view.status, wb, node, year)).approved:
        return f" {year} 年度档案原有的“已审核”标记（{was.approved.author}）已清除，需重新审核。"
    return ""


def _sha(form: dict[str, str]) -> str:
    sha = form.get("commit", "")
    if not SHA_RE.match(sha):
        raise WebError(422, "修改记录的编号无效。")
    return sha


@router.post("/nodes/{node}/{year}/undo", response_class=HTMLResponse)
async def undo(request: Request, node: NodeId, year: YearP, wb: Bench) -> HTMLResponse:
    """撤销 one entry of the history: itself a commit by the person who asked."""
    n = wb.node(node)
    check_year(year)
    author = require_edit(request, wb, n)
    sha = _sha(await _form(request))
    try:
        message = await asyncio.to_thread(history_view.undo, wb, n, year, sha, author)
        await wb.reload()
    except WebError as exc:
        if exc.status != 409:
            raise
        return await _node_page(request, wb, node, year, 409, history_message=exc.message, history_failed=True)
    return await _node_page(request, wb, node, year, history_message=message)


@router.post("/nodes/{node}/{year}/approve", response_class=HTMLResponse)
async def approve(request: Request, node: NodeId, year: YearP, wb: Bench) -> HTMLResponse:
    """The reviewer's 已审核 mark on the year's edition (an empty commit with her name)."""
    n = wb.node(node)
    check_year(year)
    user = user_of(request)
    if not may_review(user, node, wb.tree()):
        raise WebError(403, f"{name_of(user)} 不是{n.name}的审核人，不能标记“已审核”。")
    message = await asyncio.to_thread(history_view.approve, wb, n, year, user.name)
    return await _node_page(request, wb, node, year, history_message=message)


# ---------------------------------------------------------------- downloads


def _download(data: bytes, media: str, name: str, inline: bool = False) -> Response:
    headers = {} if inline else attachment(name)
    return Response(data, media_type=media, headers=headers)


@router.get("/nodes/{node}/{year}/notice.docx")
async def dl_docx(node: NodeId, year: YearP, wb: Bench) -> Response:
    wb.node(node)
    data = await wb.workers.notice(docx_job, node, check_year(year), wb.tree())
    return _download(data, DOCX, f"{node}-{year}-通知.docx")


@router.get("/nodes/{node}/{year}/notice.html")
async def dl_html(node: NodeId, year: YearP, wb: Bench) -> Response:
    wb.node(node)
    html = await wb.workers.notice(html_job, node, check_year(year), wb.tree())
    return _download(html.encode(), "text/html; charset=utf-8", f"{node}-{year}-通知.html")


@router.get("/nodes/{node}/{year}/forms.zip")
async def dl_forms(node: NodeId, year: YearP, wb: Bench) -> Response:
    wb.node(node)
    data = await wb.workers.notice(forms_zip_job, node, check_year(year), wb.tree())
    if not data:
        raise WebError(404, "这份通知没有需要填写的附件表格。")
    return _download(data, "application/zip", f"{node}-{year}-附件表格.zip")


async def _preview(wb: Workbench, node: str, year: int) -> tuple[bytes, bytes]:
    wb.node(node)
    docx = await wb.workers.notice(docx_job, node, check_year(year), wb.tree())
    return await wb.workers.preview(docx)


@router.get("/nodes/{node}/{year}/preview.pdf")
async def dl_pdf(node: NodeId, year: YearP, wb: Bench) -> Response:
    pdf, _ = await _preview(wb, node, year)
    return _download(pdf, "application/pdf", f"{node}-{year}-预览.pdf", inline=True)


@router.get("/nodes/{node}/{year}/page1.png")
async def dl_png(node: NodeId, year: YearP, wb: Bench) -> Response:
    _, png = await _preview(wb, node, year)
    return _download(png, "image/png", f"{node}-{year}-第1页.png", inline=True)


# ---------------------------------------------------------------- lint


@router.get("/lint", response_class=HTMLResponse)
def lint_form(request: Request, wb: Bench, node: Annotated[str, Query(max_length=64)] = "",
              year: Annotated[str, Query(max_length=4)] = "") -> HTMLResponse:
    """The upload form; ``?node=&year=`` (the node page's link) fills in the profile to compare with."""
    return page(wb, request, "lint.html", item=None, node=node, year=year, nodes=wb.rows())


@router.post("/lint", response_class=HTMLResponse)
async def lint_upload(request: Request, wb: Bench, file: Annotated[UploadFile, File()],
                      node: Annotated[str, Form(max_length=64)] = "",
                      year: Annotated[str, Form(max_length=4)] = "") -> Response:
    node, year_n = lint_target(wb, node, year)
    name, suffix, data = await read_upload(file)
    upload = Upload(name, suffix, data, node=node, year=year_n)
    upload.result = await wb.workers.run(lint_job, data, suffix, name, node, year_n, str(wb.root))
    return RedirectResponse(f"/lint/{wb.uploads.add(upload)}", status_code=303)


@router.get("/lint/{key}", response_class=HTMLResponse)
def lint_result(request: Request, key: str, wb: Bench) -> HTMLResponse:
    item = wb.uploads.get(key)
    return page(wb, request, "lint.html", item=item, key=key, r=item.result, node=item.node,
                year=item.year or "", nodes=wb.rows())


@router.get("/lint/{key}/annotated.docx")
async def lint_annotated(key: str, wb: Bench) -> Response:
    item = wb.uploads.get(key)
    if item.suffix != ".docx":
        raise WebError(422, "带批注的副本只适用于 .docx 文件。")
    data = await wb.workers.run(annotate_job, item.data, item.suffix, item.node, item.year, str(wb.root))
    return _download(data, DOCX, f"{item.name.rsplit('.', 1)[0]}-批注.docx")


@router.get("/lint/{key}/fixed")
async def lint_fixed(key: str, wb: Bench) -> Response:
    """The copy with each mechanical slip corrected: tracked changes in a .docx (the clerk
    accepts or rejects each in Word/WPS), the corrected text for .txt/.md."""
    item = wb.uploads.get(key)
    data, _ = await wb.workers.run(fixed_job, item.data, item.suffix, item.node, item.year, str(wb.root))
    media = DOCX if item.suffix == ".docx" else "text/plain; charset=utf-8"
    return _download(data, media, f"{item.name.rsplit('.', 1)[0]}-改正稿{item.suffix}")


# ---------------------------------------------------------------- import


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, wb: Bench) -> HTMLResponse:
    return page(wb, request, "import.html", item=None, nodes=wb.rows())


def _target_params(form: dict[str, str]) -> dict[str, str]:
    """The form's choice: a new node (id + parent) or an edition of an existing node."""
    common = {"year": form.get("year", ""), "force": form.get("force", "")}
    if form.get("mode") == "edition":
        return {"as_node": form.get("as_node", ""), **common}
    if form.get("mode") == "node":
        return {"node": form.get("node", ""), "parent": form.get("parent", ""), "name": form.get("name", ""),
                **common}
    return {"name": form.get("name", ""), **common}


@router.post("/import", response_class=HTMLResponse)
async def import_upload(request: Request, wb: Bench, file: Annotated[UploadFile, File()]) -> Response:
    name, suffix, data = await read_upload(file)
    upload = Upload(name, suffix, data)
    upload.result = await imports.dry_run(wb, upload, _target_params(await _form(request)))
    return RedirectResponse(f"/import/{wb.uploads.add(upload)}", status_code=303)


@router.get("/import/{key}", response_class=HTMLResponse)
def import_review(request: Request, key: str, wb: Bench) -> HTMLResponse:
    item = wb.uploads.get(key)
    return page(wb, request, "import.html", item=item, key=key, r=item.result, nodes=wb.rows(),
                node_names={n["id"]: n["name"] for n in wb.rows()},
                provisional=imports.PROVISIONAL_ID)


@router.post("/import/{key}", response_class=HTMLResponse)
async def import_change_target(request: Request, key: str, wb: Bench) -> Response:
    """Review again with another target (a new node's id and parent, or an existing node)."""
    item = wb.uploads.get(key)
    item.result = await imports.dry_run(wb, item, _target_params(await _form(request)))
    return RedirectResponse(f"/import/{key}", status_code=303)


@router.post("/import/{key}/save", response_class=HTMLResponse)
async def import_save(request: Request, key: str, wb: Bench) -> Response:
    item = wb.uploads.get(key)
    params = _target_params(await _form(request))
    if params.get("node") == imports.PROVISIONAL_ID:
        raise WebError(422, f"请先给新节点起一个编号（不能用临时编号 {imports.PROVISIONAL_ID}）。")
    where = params.get("as_node") or params.get("parent") or ""
    author = require_edit(request, wb, wb.node(where)) if where else name_of(user_of(request))
    done = await imports.save(wb, item, params, author)
    await wb.reload()
    year = done["year"] or item.result.get("year")
    return await _node_page(request, wb, done["node"], check_year(int(year)), banner=done["report"])
