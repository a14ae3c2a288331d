"""The FastAPI application: routes, guards, and Chinese errors for every failure."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from .. import PROFILES_DIR
from ..cliargs import FIRST_YEAR, LAST_YEAR
from ..errors import NoticeError
from ..profiles import ProfileError
from . import account, api, pages
from .auth import Users
from .guard import AccessGuard, TooLarge, UploadCap, too_large_message
from .state import WebError, Workbench

log = logging.getLogger("notice.web")

HTTP_CN = {400: "请求无效。", 401: "需要访问令牌。", 403: "没有权限。", 404: "找不到这个页面。",
           405: "不支持这种请求方式。", 413: too_large_message(), 415: "不支持的文件类型。", 422: "输入无效。",
           500: "服务器内部错误。"}


def create_app(profiles: Path | str = PROFILES_DIR, token: str | None = None, workers: int | None = None,
               cache: int = 64, users: Users | None = None) -> FastAPI:
    """The workbench over ``profiles``; with ``token``, every request must carry it; with
    ``users``, everyone logs in and may touch what the users file gives them; ``cache``
    drafts kept for repeated requests while no profile changes (0: draft every time).
    The tree becomes a git repository (its edit history) when it is in none."""
    wb = Workbench(Path(profiles), workers, cache, users)
    wb.token, wb.signed_in = token, bool(token or users)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        wb.workers.start()
        yield
        wb.workers.close()

    app = FastAPI(title="通知工坊 API", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="全民终身学习活动周通知：起草、审查、导入。错误信息为中文（detail）。")
    app.state.bench = wb
    app.include_router(api.router)
    app.include_router(account.router)
    app.include_router(pages.router)
    _errors(app, wb)
    app.add_middleware(UploadCap)
    app.add_middleware(AccessGuard, sessions=wb.sessions, token=token, users=users)
    return app


def _validation_cn(exc: RequestValidationError) -> str:
    """FastAPI's English validation errors as one Chinese sentence per parameter."""
    out = []
    for err in exc.errors():
        where = str(err.get("loc", ["", ""])[-1])
        kind = err.get("type", "")
        if where == "year":
            out.append(f"年份须为 {FIRST_YEAR}—{LAST_YEAR} 之间的四位数字")
        elif where == "node":
            out.append("节点编号只能含小写英文字母、数字和下划线，并以字母开头")
        elif kind == "missing":
            out.append(f"缺少“{where}”" + ("（请选择要上传的文件）" if where == "file" else ""))
        elif where == "file":
            out.append("“file”须为上传的文件（multipart/form-data）")
        else:
            out.append(f"参数“{where}”无效")
    return "；".join(dict.fromkeys(out)) + "。"


def _errors(app: FastAPI, wb: Workbench) -> None:
    def reply(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", "text/html"):
            return JSONResponse({"detail": message}, status_code=status)
        return wb.templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                             status_code=status)

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return reply(request, exc.status, exc.message)

    @app.exception_handler(ProfileError)
    async def profile_error(request: Request, exc: ProfileError) -> Response:
        return reply(request, 503, f"档案树有问题，请先用 check-profile 修正：\n{exc.message}")

    @app.exception_handler(NoticeError)
    async def notice_error(request: Request, exc: NoticeError) -> Response:
        # a NoticeError's code is an exit code (2); 503 marks a worker that died
        return reply(request, 503 if exc.code == 503 else 422, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return reply(request, 422, _validation_cn(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if isinstance(exc.__cause__, TooLarge):  # FastAPI wraps what failed while parsing a form as 400
            return reply(request, 413, too_large_message())
        return reply(request, exc.status_code, HTTP_CN.get(exc.status_code, f"请求失败（{exc.status_code}）。"))

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge) -> Response:
        return reply(request, 413, too_large_message())

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        # the traceback goes to the server's log, never to the browser
        log.exception("unhandled error on %s", request.url.path)
        return reply(request, 500, "服务器内部错误：请求未能完成。问题已记录在服务器日志中，请稍后重试或联系管理员。")
