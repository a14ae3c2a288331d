"""A live ``notice serve`` for the web tests: uvicorn in a thread, on a copy of the profiles
(tests never write into the repository's profiles/)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from fastapi.testclient import TestClient

from generator import PROFILES_DIR
from generator.web import create_app
from generator.web.auth import SESSION_COOKIE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def copy_profiles(dest: Path) -> Path:
    root = dest / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_server(profiles: Path, token: str | None = None) -> Iterator[str]:
    """The base URL of a server over ``profiles``, stopped on exit."""
    port = free_port()
    config = uvicorn.Config(create_app(profiles, token=token, workers=2), host="127.0.0.1", port=port,
                            log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("notice serve did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


class PageClient(TestClient):
    """Requests as the workbench's own pages make them: a state-changing request names this
    site as its Origin and carries the session's CSRF token (as the forms' hidden field does).
    The tests of the refusals (tests/test_web_safety.py) send them without."""

    def request(self, method, url, **kwargs):
        if method.upper() not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("origin", "http://testserver")
            if not self.cookies.get(SESSION_COOKIE):
                super().request("GET", "/login")
            session = self.app.state.bench.sessions.get(self.cookies.get(SESSION_COOKIE) or "")
            if session is not None:
                headers.setdefault("x-csrf-token", session.csrf)
            kwargs["headers"] = headers
        return super().request(method, url, **kwargs)


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium driven by Playwright (no browser download), closed after use."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def zh_page(browser, **options) -> Iterator:
    """A page in a fresh zh-CN context, 60 s default timeout."""
    context = browser.new_context(locale="zh-CN", **options)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    try:
        yield pg
    finally:
        context.close()
