"""Signing in and out: the login page (a user's name and password, or a token), logout."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .auth import cookie_header, same
from .guard import csrf_check
from .state import Bench, Workbench

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_check)])


def _next(target: str) -> str:
    """Only a page of this site (never //elsewhere or a scheme)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _login_page(wb: Workbench, request: Request, status: int = 200, message: str = "", next_: str = "/"):
    from .pages import page

    return page(wb, request, "login.html", status, message=message, next=_next(next_),
                with_users=wb.users is not None)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, wb: Bench, next: str = "/") -> HTMLResponse:  # noqa: A002
    return _login_page(wb, request, next_=next)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, wb: Bench) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    name, password, token = form.get("name", ""), form.get("password", ""), form.get("token", "").strip()
    user, authed = None, False
    if wb.users is not None:
        user = wb.users.by_token(token) if token else wb.users.check_password(name, password)
    elif wb.token:
        authed = same(token, wb.token)
    else:
        authed = True  # this machine's one local clerk: nothing to sign in to
    if user is None and not authed:
        return _login_page(wb, request, 401, "姓名或口令不对（或令牌无效），请重新输入。", form.get("next", "/"))
    old = getattr(request.state, "session", None)
    if old is not None:
        wb.sessions.drop(old.id)  # a new session id at sign-in: one planted before cannot follow her
    session = wb.sessions.new()
    session.user, session.authed = user, True
    response = RedirectResponse(_next(form.get("next", "/")), status_code=303)
    response.headers.append("set-cookie", cookie_header(session.id).decode("latin-1"))
    return response


@router.post("/logout")
async def logout(request: Request, wb: Bench) -> Response:
    session = getattr(request.state, "session", None)
    if session is not None:
        wb.sessions.drop(session.id)
    response = RedirectResponse("/login" if (wb.users or wb.token) else "/", status_code=303)
    response.headers.append("set-cookie", cookie_header("", clear=True).decode("latin-1"))
    return response
