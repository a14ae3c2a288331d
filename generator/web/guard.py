"""Request guards that run before any page: who asks, from which site, and the upload cap.

Both are plain ASGI middleware so they answer before a body is read or a route runs; their
refusals are Chinese like every other error (JSON under /api, a page elsewhere).
"""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import Request
from markupsafe import escape

from .auth import SESSION_COOKIE, Sessions, Users, cookie_header, same

MAX_UPLOAD = 20 * 1024 * 1024


class TooLarge(Exception):
    """A body without Content-Length grew past the cap while it was read."""


def too_large_message() -> str:
    return f"上传的文件过大：不能超过 {MAX_UPLOAD // (1024 * 1024)} MB。"


async def refuse(scope, send, status: int, message: str) -> None:
    """A Chinese refusal without a route: JSON for /api, a small page for a browser."""
    if scope.get("path", "").startswith("/api") or scope.get("path") == "/openapi.json":
        body = json.dumps({"detail": message}, ensure_ascii=False).encode()
        ctype = b"application/json"
    else:
        body = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>错误 {status}</title>'
                f"<h1>无法完成请求</h1><p>{escape(message)}</p></html>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class UploadCap:
    """Refuse a body over ``limit`` bytes with 413: by its Content-Length before reading
    it, or while reading a body sent without one."""

    def __init__(self, app, limit: int = MAX_UPLOAD) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            return await refuse(scope, send, 413, too_large_message())
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge
            return message

        return await self.app(scope, counted, send)


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PUBLIC_PATHS = ("/login",)
USERS_MESSAGE = "请先登录（/login），或在请求头 Authorization: Bearer <令牌> 中给出您的令牌。"
TOKEN_MESSAGE = ("需要访问令牌：请使用启动服务时显示的链接（含 token），或在登录页输入令牌，"
                 "或在请求头 Authorization: Bearer <令牌> 中给出。")


def _cookie(headers: dict[bytes, bytes], name: str) -> str:
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # a malformed cookie header is just no cookie
        return ""
    return cookie[name].value if name in cookie else ""


def _bearer(headers: dict[bytes, bytes]) -> str:
    auth = headers.get(b"authorization", b"").decode("latin-1")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get(b"x-notice-token", b"").decode("latin-1")


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "null"


def cross_origin(scope, headers: dict[bytes, bytes]) -> str | None:
    """Why a state-changing request is not from this site's own pages, or None. A browser
    sends Origin with every POST (``null`` from a sandboxed frame or a file); without it the
    Referer's origin counts; a page request with neither is refused. The JSON API (nothing
    it answers a POST with is written) is refused only when a browser names another origin."""
    host = headers.get(b"host", b"").decode("latin-1")
    expected = f"{scope.get('scheme', 'http')}://{host}"
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin and headers.get(b"referer"):
        origin = _origin_of(headers[b"referer"].decode("latin-1"))
    api = scope.get("path", "").startswith("/api")
    if not origin:
        return None if api else "请求没有注明来源网页（Origin）"
    if same(origin.lower(), expected.lower()):
        return None
    return f"请求来自其他网页（{origin[:80]}），不是本工作台的页面"


class AccessGuard:
    """Before any page: who is asking (a session cookie, a user's or the server's token, or
    this machine's one local clerk), and for a state-changing request that it comes from this
    site's own pages (Origin). Every page request gets a session (HttpOnly, SameSite=Strict)
    whose CSRF token its forms carry (``csrf_check``)."""

    def __init__(self, app, sessions: Sessions, token: str | None = None, users: Users | None = None) -> None:
        self.app, self.sessions, self.token, self.users = app, sessions, token, users

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        path = scope.get("path", "")
        api = path.startswith("/api") or path == "/openapi.json"
        method = scope.get("method", "GET")
        session = self.sessions.get(_cookie(headers, SESSION_COOKIE))
        fresh = False
        bearer = _bearer(headers)
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        user = session.user if session else None
        allowed = not (self.token or self.users)
        if self.users:
            named = self.users.by_token(bearer) if bearer else None
            if named is not None:
                user, allowed = named, True
            elif user is not None and not bearer:
                allowed = True
            elif given and not bearer and (named := self.users.by_token(given)) is not None:
                if session is None:
                    session, fresh = self.sessions.new(), True
                session.user = user = named
                allowed = True
        elif self.token:
            if (bearer and same(bearer, self.token)) or (not bearer and session is not None and session.authed):
                allowed = True
            elif given and not bearer and same(given, self.token):
                if session is None:
                    session, fresh = self.sessions.new(), True
                session.authed = allowed = True
        if not allowed and not bearer and not given and path in PUBLIC_PATHS:
            allowed = True
        if not allowed:
            if not (bearer or given or api) and method in SAFE_METHODS:
                return await redirect(send, "/login?next=" + quote(path, safe="/"))
            why = "令牌或用户无效。" if bearer or given else ""
            return await refuse(scope, send, 401, why + (USERS_MESSAGE if self.users else TOKEN_MESSAGE))
        if method not in SAFE_METHODS:
            why = cross_origin(scope, headers)
            if why:
                return await refuse(scope, send, 403, f"已拒绝：{why}。如确需修改，请在工作台的页面上操作。")
        if session is None and not api:
            session, fresh = self.sessions.new(), True
        state = scope.setdefault("state", {})
        state["session"], state["user"] = session, user

        async def with_cookie(message):
            if fresh and message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie_header(session.id))]
            await send(message)

        return await self.app(scope, receive, with_cookie)


async def redirect(send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1", "replace")), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


async def csrf_check(request: Request) -> None:
    """Every state-changing page request carries its session's CSRF token (the forms' hidden
    ``csrf`` field, or ``X-CSRF-Token``), compared as bytes."""
    if request.method in SAFE_METHODS:
        return
    from .state import WebError

    session = getattr(request.state, "session", None)
    form = await request.form()
    given = form.get("csrf") or request.headers.get("x-csrf-token", "")
    if session is None or not isinstance(given, str) or not same(given, session.csrf):
        raise WebError(403, "表单已过期或不是从本工作台的页面提交的（缺少有效的表单令牌），未做任何修改。"
                            "请刷新页面后重新提交。")
