"""Request guards that run before any page: the access token and the upload cap.

Both are plain ASGI middleware so they answer before a body is read or a route runs; their
refusals are Chinese like every other error (JSON under /api, a page elsewhere).
"""

from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from markupsafe import escape

MAX_UPLOAD = 20 * 1024 * 1024
TOKEN_COOKIE = "notice_token"


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


class TokenGuard:
    """When the server listens beyond this machine, every request must carry the token:
    ``Authorization: Bearer …``, ``X-Notice-Token``, the cookie, or ``?token=`` once (which
    then sets the cookie, so a clerk opens the printed link and browses on)."""

    def __init__(self, app, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.token:
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        given = []
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("bearer "):
            given.append(auth[7:].strip())
        given.append(headers.get(b"x-notice-token", b"").decode("latin-1"))
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        except Exception:  # a malformed cookie header is just no token
            cookie = SimpleCookie()
        if TOKEN_COOKIE in cookie:
            given.append(cookie[TOKEN_COOKIE].value)
        from_query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        if any(g and hmac.compare_digest(g, self.token) for g in given):
            return await self.app(scope, receive, send)
        if not (from_query and hmac.compare_digest(from_query, self.token)):
            return await refuse(scope, send, 401, "需要访问令牌：请使用启动服务时显示的链接（含 token），"
                                "或在请求头 Authorization: Bearer <令牌> 中给出。")

        async def with_cookie(message):
            if message["type"] == "http.response.start":
                value = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                message["headers"] = [*message.get("headers", []), (b"set-cookie", value.encode())]
            await send(message)

        return await self.app(scope, receive, with_cookie)
