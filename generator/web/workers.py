"""The drafting work of the web application, run in a pool of worker processes.

Drafting is CPU-bound Python (rules engine, python-docx); threads would queue on the GIL,
so each of ``workers`` processes loads the rules and the profile tree once (``_warm``) and
drafts from then on. ``load_tree`` re-reads the tree only when a profile file changed, so
a save made through the pages is seen by every worker on its next job.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import shutil
import tempfile
import zipfile
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..assemble import build_notice, load_tree
from ..errors import NoticeError
from ..explain import explain_dict
from ..forms import write_forms
from ..preview import docx_to_pdf, pdf_to_png
from ..render import render_notice
from ..writers.html import notice_fragment, notice_html

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # same inputs, same bytes


def _warm(root: str) -> None:
    try:
        load_tree(root)
    except NoticeError:
        pass  # an invalid tree is reported per request, in Chinese


def explain_job(node: str, year: int, root: str) -> dict[str, Any]:
    return explain_dict(build_notice(node, year, root))


def page_job(node: str, year: int, root: str) -> dict[str, Any]:
    """What the node page shows: the explain JSON and the notice's HTML body."""
    notice = build_notice(node, year, root)
    return {"explain": explain_dict(notice), "html": notice_fragment(notice)}


def docx_job(node: str, year: int, root: str) -> bytes:
    return render_notice(build_notice(node, year, root))


def html_job(node: str, year: int, root: str) -> str:
    return notice_html(build_notice(node, year, root))


def forms_zip_job(node: str, year: int, root: str) -> bytes:
    notice = build_notice(node, year, root)
    with tempfile.TemporaryDirectory(prefix="notice-forms-") as tmp:
        written = write_forms(notice, Path(tmp))
        if not written:
            return b""  # no form among the attachments: the page says so
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(written):
                zf.writestr(zipfile.ZipInfo(path.name, date_time=FIXED_ZIP_TIME), path.read_bytes())
    return buf.getvalue()


def preview_job(docx: bytes, dpi: int = 80) -> tuple[bytes, bytes]:
    """(PDF of every page, PNG of page 1) through LibreOffice."""
    with tempfile.TemporaryDirectory(prefix="notice-web-preview-") as tmp:
        work = Path(tmp)
        src = work / "notice.docx"
        src.write_bytes(docx)
        pdf = docx_to_pdf(src, work, shown=Path("通知.docx"))
        png = pdf_to_png(pdf, work / "page.png", dpi)
        return pdf.read_bytes(), png.read_bytes()


def _inputs(tree: Any, node_id: str) -> tuple | None:
    """(file, size, mtime) of every profile file a node's notice is drafted from: its folder's
    and its superiors' (the notice reads the tree through the node's chain only)."""
    node = tree.nodes.get(node_id) if hasattr(tree, "nodes") else None
    if node is None:
        return None
    out = []
    try:
        for folder in [n.path.parent for n in [*node.chain(), node]]:
            with os.scandir(folder) as entries:
                for e in entries:
                    if e.name.endswith(".yaml") and e.is_file():
                        st = e.stat()
                        out.append((e.path, st.st_size, st.st_mtime_ns))
    except OSError:
        return None
    return tuple(sorted(out))


class Workers:
    """A process pool for drafts; LibreOffice previews go one at a time beside it."""

    def __init__(self, root: Path, workers: int | None = None, cache: int = 64) -> None:
        self.root = str(root)
        self.cache_size = cache
        self._cache: OrderedDict[tuple, tuple[tuple, Any]] = OrderedDict()
        self._running: dict[tuple, tuple[tuple | None, asyncio.Future]] = {}
        self.size = workers or max(2, os.cpu_count() or 2)
        # spawn, not fork: the server's threads and event loop must not be copied mid-state
        self.pool = self._new_pool()
        self.preview_lock = asyncio.Semaphore(1)
        self._previews: dict[bytes, tuple[bytes, bytes]] = {}

    def _new_pool(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(self.size, mp_context=ctx, initializer=_warm, initargs=(self.root,))

    def start(self) -> None:
        """Start every worker now, so the first clerk does not wait for the imports."""
        for f in [self.pool.submit(_warm, self.root) for _ in range(self.size)]:
            f.result()

    async def run(self, fn, *args: Any) -> Any:
        pool = self.pool
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
        except BrokenProcessPool:
            # a worker died (killed, out of memory): later requests get a fresh pool
            if self.pool is pool:
                self.pool = self._new_pool()
            raise NoticeError("起草进程意外退出，请重试。", 503) from None

    async def notice(self, fn, node: str, year: int, tree: object | None = None) -> Any:
        """``fn(node, year)`` in a worker. Output is deterministic, so a result is reused while
        the files it is drafted from — the profile files of the node's folder and of its
        superiors' — are unchanged: an edit of one county keeps every other county's drafts."""
        tree = tree if tree is not None else load_tree(self.root)
        key = (fn.__name__, node, year)
        stamp = _inputs(tree, node)
        hit = self._cache.get(key)
        if hit is not None and hit[0] == stamp:
            self._cache.move_to_end(key)
            return hit[1]
        # clients asking for the same draft at once wait for one job, not one each
        running = self._running.get(key)
        if running is not None and running[0] == stamp and stamp is not None:
            return await asyncio.shield(running[1])
        job = asyncio.ensure_future(self.run(fn, node, year, self.root))
        self._running[key] = (stamp, job)
        try:
            result = await asyncio.shield(job)
        finally:
            if self._running.get(key, (None, None))[1] is job:
                del self._running[key]
        if self.cache_size and stamp is not None:
            self._cache[key] = (stamp, result)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return result

    async def preview(self, docx: bytes) -> tuple[bytes, bytes]:
        import hashlib

        key = hashlib.sha256(docx).digest()
        if key not in self._previews:
            if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
                raise NoticeError("服务器上没有安装 LibreOffice，无法生成预览。", 503)
            async with self.preview_lock:
                if key not in self._previews:
                    result = await asyncio.to_thread(preview_job, docx)
                    if len(self._previews) >= 32:
                        self._previews.pop(next(iter(self._previews)))
                    self._previews[key] = result
        return self._previews[key]

    def close(self) -> None:
        """Stop every worker: those idle at once, one busy drafting after a grace period."""
        pool = self.pool
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            p.join(5)
        for p in procs:
            if p.is_alive():
                p.terminate()
                p.join(2)
            if p.is_alive():
                p.kill()


# ---------------------------------------------------------------- uploads (lint)

UPLOAD_SUFFIXES = (".docx", ".doc", ".wps", ".pdf", ".html", ".htm", ".mht", ".txt", ".md")


def _upload(tmp: str, data: bytes, suffix: str) -> Path:
    path = Path(tmp) / f"upload{suffix}"
    path.write_bytes(data)
    return path


def lint_job(data: bytes, suffix: str, name: str, node: str = "", year: int | None = None,
             root: str | None = None) -> dict[str, Any]:
    """The lint JSON of an uploaded file, plus its lines (for the page's text column); with
    ``node`` and ``year`` also compared with the notice that profile drafts."""
    from ..lint import lint_read
    from ..lint.report import to_dict
    from ..reader import read_notice

    with tempfile.TemporaryDirectory(prefix="notice-lint-") as tmp:
        path = _upload(tmp, data, suffix)
        try:
            res = read_notice(path)
        except NoticeError as exc:
            raise NoticeError(exc.message.replace(str(path), name), exc.code) from None
        result = lint_read(res, node or None, year, root)
    out = to_dict(result)
    out["file"] = name
    # for the page: each line's anchor, and each finding's (a click jumps to its paragraph)
    out["anchors"] = [_anchor(f.location) for f in result.findings]
    out["fixable"] = sum(1 for f in result.findings if getattr(f, "fix", None))
    out["lines"] = [{"key": _anchor(ln.loc), "where": str(ln.loc), "text": ln.text} for ln in res.lines if ln.text]
    return out


def _anchor(loc) -> str:
    return "p-" + "-".join(map(str, loc.key())) if loc is not None else ""


def annotate_job(data: bytes, suffix: str, node: str = "", year: int | None = None,
                 root: str | None = None) -> bytes:
    """The annotated copy (each finding a Word comment)."""
    from ..lint import lint_read
    from ..lint.annotate import annotate
    from ..reader import read_notice

    with tempfile.TemporaryDirectory(prefix="notice-annotate-") as tmp:
        res = read_notice(_upload(tmp, data, suffix))
        out = Path(tmp) / "annotated.docx"
        annotate(res, lint_read(res, node or None, year, root), out)
        return out.read_bytes()


def fixed_job(data: bytes, suffix: str, node: str = "", year: int | None = None,
              root: str | None = None) -> tuple[bytes, int]:
    """The fixed copy (lint --fix): .docx with tracked changes, text corrected; and how many fixes."""
    from ..lint import lint_read
    from ..lint.fix import write_fixed
    from ..reader import read_notice

    with tempfile.TemporaryDirectory(prefix="notice-fix-") as tmp:
        res = read_notice(_upload(tmp, data, suffix))
        out = Path(tmp) / f"fixed{suffix}"
        n = write_fixed(res, lint_read(res, node or None, year, root), out)
        return out.read_bytes(), n
