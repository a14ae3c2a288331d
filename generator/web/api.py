"""The JSON API under /api (described at /openapi.json); the pages use the same functions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, UploadFile
from fastapi.responses import Response

from ..cliargs import FIRST_YEAR, LAST_YEAR
from .imports import dry_run
from .state import NODE_ID_PATTERN, Bench, Upload, WebError, lint_target, upload_suffix
from .workers import docx_job, explain_job, lint_job

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NodeId = Annotated[str, Path(pattern=NODE_ID_PATTERN, max_length=64, description="节点编号，如 xinbei",
                             examples=["xinbei"])]
Year = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR, description="年份，2005—2099", examples=[2027])]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "找不到节点"}, 413: {"description": "上传文件过大（20 MB）"},
    415: {"description": "文件类型不支持"}, 422: {"description": "输入无效（中文说明在 detail）"},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


@router.get("/nodes", summary="档案树中的全部节点")
def nodes(wb: Bench) -> list[dict[str, Any]]:
    return wb.rows()


@router.get("/notices/{node}/{year}.docx", summary="起草的通知 .docx",
            response_class=Response, responses={200: {"content": {DOCX: {}}}})
async def notice_docx(node: NodeId, year: Year, wb: Bench) -> Response:
    wb.node(node)
    data = await wb.workers.notice(docx_job, node, year, wb.tree())
    return Response(data, media_type=DOCX, headers=attachment(f"{node}-{year}-通知.docx"))


@router.get("/notices/{node}/{year}", summary="通知的内容及依据（explain JSON）")
async def notice_explain(node: NodeId, year: Year, wb: Bench) -> dict[str, Any]:
    wb.node(node)
    return await wb.workers.notice(explain_job, node, year, wb.tree())


async def read_upload(file: UploadFile) -> tuple[str, str, bytes]:
    name = file.filename or "upload"
    suffix = upload_suffix(name)
    data = await file.read()
    if not data:
        raise WebError(422, f"上传的文件“{name}”是空的。")
    return name, suffix, data


@router.post("/lint", summary="审查上传的通知（lint JSON）")
async def lint(file: Annotated[UploadFile, File(description=".docx、.pdf、.txt 等")],
               wb: Bench,
               node: Annotated[str, Form(max_length=64, description="按此档案节点核对（须同时给出年份）")] = "",
               year: Annotated[str, Form(max_length=4, description="核对的年份")] = "",
               ) -> dict[str, Any]:
    node, year_n = lint_target(wb, node, year)
    name, suffix, data = await read_upload(file)
    result = await wb.workers.run(lint_job, data, suffix, name, node, year_n, str(wb.root))
    result.pop("lines", None)
    result.pop("anchors", None)
    result.pop("fixable", None)
    return result


@router.post("/import", summary="从上传的通知提取档案（试运行，不写入）")
async def import_dry_run(file: Annotated[UploadFile, File(description=".docx、.pdf、.txt 等")], wb: Bench,
                         node: Annotated[str, Form(max_length=64, description="新节点编号")] = "",
                         parent: Annotated[str, Form(max_length=64, description="新节点的上级节点编号")] = "",
                         as_node: Annotated[str, Form(max_length=64, description="导入为已有节点的年度档案")] = "",
                         year: Annotated[str, Form(max_length=4, description="年份（默认从通知读出）")] = "",
                         place: Annotated[str, Form(alias="name", max_length=30,
                                                    description="新节点的地名（通知未写出时）")] = "",
                         ) -> dict[str, Any]:
    """Without node/as_node the target is guessed: the node whose organ issued the notice,
    else a new node (id ``new_node``) under the deepest node the issuers name."""
    name, suffix, data = await read_upload(file)
    params = {"node": node, "parent": parent, "as_node": as_node, "year": year, "name": place}
    return await dry_run(wb, Upload(name, suffix, data), params)


def attachment(name: str) -> dict[str, str]:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
