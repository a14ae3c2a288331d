"""LibreOffice kept warm: many .docx → PDF conversions per start, a hang or a crash survived.

Starting LibreOffice is most of a preview's time (~1.8 s with a new user profile, ~1.2 s
with one it made before; a notice then converts in ~0.3 s). A ``PdfPool`` therefore

- keeps one user profile for all its starts (made once, reused: the start is 0.6 s shorter);
- feeds up to ``batch`` files to each ``soffice --convert-to`` start;
- reads LibreOffice's “convert A -> B” lines as they come: a line means the file before it
  is stored, so each file has its own time limit (``limit``). A file past it has its
  LibreOffice killed and is reported; the files after it go to a new start;
- restarts LibreOffice when it dies (killed, crashed): the file it was on gets one more try
  (``MAX_TRIES``), then is reported; the others go on. The number of starts is bounded by
  the files: each start ends with a file stored, or a try spent.

python3-uno (a LibreOffice kept running, fed over a socket) was the other way: it needs
Debian's python3 (the package's interpreter is not it) and a bridge that hangs with the
office it talks to; fed batches were measured at ~0.3 s a file after the start.

One pool is one LibreOffice at a time (a batch worker has its own); ``shared_pool()`` is the
process's pool for previews (the command, the workbench), its profile kept in the user's
cache folder across runs when no other process is using it.
"""

from __future__ import annotations

import atexit
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import TEMPLATES_DIR
from .errors import NoticeError

#: keep the blank pages the .docx asks for (the one before a 版记 that must start on an even
#: page): LibreOffice's PDF export drops them by default, and then the PDF's pages are not
#: the printed ones (GB/T 9704 7.5: neither that blank page nor the 版记 carries a number)
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
#: seconds one file may take (a notice takes ~0.3 s; a file at two minutes is stuck)
PER_FILE_S = 120.0
#: seconds LibreOffice may take to start, on top of its first file's limit
START_S = 90.0
#: files fed to one start: the start is paid once for them, a crash re-queues at most these
BATCH = 40
#: starts a file may take part in when LibreOffice dies on it
MAX_TRIES = 2


@dataclass
class Converted:
    source: Path  # the .docx as the caller named it
    pdf: Path  # where its PDF is (when ``ok``)
    error: str = ""  # a Chinese reason when it was not converted

    @property
    def ok(self) -> bool:
        return not self.error


#: official font names mapped to free stand-ins for LibreOffice (templates/fonts/fonts.conf)
FONTS_CONF = TEMPLATES_DIR / "fonts" / "fonts.conf"


def preview_env() -> dict[str, str]:
    """The environment LibreOffice runs in: this kit's font mapping."""
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def soffice_command() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise NoticeError("找不到 LibreOffice（soffice）。请先运行 scripts/setup.sh 安装。")


def _pdf_complete(path: Path) -> bool:
    """A PDF LibreOffice finished writing ends with %%EOF (a killed export does not)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(max(0, path.stat().st_size - 1024))
            return b"%%EOF" in fh.read()
    except OSError:
        return False


class PdfPool:
    """Convert .docx files to PDF with as few LibreOffice starts as the files allow."""

    def __init__(self, workdir: Path | None = None, limit: float = PER_FILE_S, batch: int = BATCH,
                 command: str | None = None, env: dict[str, str] | None = None) -> None:
        self._own = workdir is None  # a folder of our own is removed by close()
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="notice-lo-")).resolve()
        self.limit, self.batch = limit, max(1, batch)
        self.command = command
        self.env = env
        self.starts = 0  # LibreOffice starts so far (the bench and the tests read it)
        self.process: subprocess.Popen | None = None  # the running LibreOffice, if any
        self._seq = 0

    # ------------------------------------------------------------ public

    def convert(self, jobs: list[tuple[Path, Path]],
                done: Callable[[Converted], None] | None = None) -> list[Converted]:
        """Each (docx, pdf) of ``jobs`` converted and written to its pdf path (atomically:
        renamed into place); one ``Converted`` per job, in order. ``done`` is called as each
        file is settled (a progress bar)."""
        results: list[Converted | None] = [None] * len(jobs)
        tries = [0] * len(jobs)
        pending = deque(range(len(jobs)))

        def settle(i: int, error: str = "", made: Path | None = None) -> None:
            src, target = jobs[i]
            if not error and made is not None:
                error = _place(made, Path(target))
            results[i] = Converted(Path(src), Path(target), error)
            if done:
                done(results[i])

        while pending:
            batch = [pending.popleft() for _ in range(min(self.batch, len(pending)))]
            staged = self._stage([jobs[i][0] for i in batch])
            if isinstance(staged, str):  # the folder cannot be written: nothing can be converted
                for i in batch:
                    settle(i, staged)
                continue
            outcome = self._run(staged, lambda k, b=batch, st=staged: settle(b[k], made=st[k][1]))
            for k, i in enumerate(batch):
                if results[i] is not None:  # stored while LibreOffice ran
                    continue
                src, made = jobs[i][0], staged[k][1]
                if outcome.fatal:
                    settle(i, outcome.fatal)
                elif outcome.rest is not None and k == outcome.rest and outcome.timed_out:
                    settle(i, f"转换 {src} 超过每个文件的时限（{self.limit:g} 秒），已中止")
                elif outcome.rest is not None and k == outcome.rest:  # LibreOffice died on it
                    tries[i] += 1
                    if tries[i] >= MAX_TRIES:
                        settle(i, f"LibreOffice 转换 {src} 时退出（已重试 {tries[i] - 1} 次）{outcome.detail}")
                elif outcome.rest is not None and k > outcome.rest:
                    pass  # not reached: next start
                elif _pdf_complete(made):
                    settle(i, made=made)
                else:
                    settle(i, f"LibreOffice 无法打开或转换 {src}{outcome.detail or '：未生成 PDF'}")
            # the files LibreOffice did not reach go first into the next start, in order
            requeue = [i for i in batch if results[i] is None]
            pending.extendleft(reversed(requeue))
            for link, made in staged:
                link.unlink(missing_ok=True)
                made.unlink(missing_ok=True)
        return [r for r in results if r is not None]

    def kill(self) -> None:
        """Kill the running LibreOffice (and its children), if any."""
        proc = self.process
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def close(self) -> None:
        self.kill()
        if self._own:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ one start

    def _stage(self, sources: list[Path]) -> list[tuple[Path, Path]] | str:
        """Each source linked under a name of ours (two sources may share a name), with the
        PDF LibreOffice will write for it."""
        stage, out = self.workdir / "in", self.workdir / "out"
        staged = []
        try:
            stage.mkdir(parents=True, exist_ok=True)
            out.mkdir(exist_ok=True)
            for src in sources:
                self._seq += 1
                link = stage / f"f{self._seq:07d}.docx"
                link.unlink(missing_ok=True)
                os.symlink(Path(src).resolve(), link)
                staged.append((link, out / f"{link.stem}.pdf"))
        except OSError as exc:
            return f"无法准备 LibreOffice 的工作文件夹 {self.workdir}：{exc.strerror or exc}"
        return staged

    def _run(self, staged: list[tuple[Path, Path]], stored: Callable[[int], None]) -> _Outcome:
        """One LibreOffice start over ``staged``; ``stored(k)`` as each file is known done."""
        profile = (self.workdir / "profile").as_uri()
        try:
            command = self.command or soffice_command()
        except NoticeError as exc:
            return _Outcome(fatal=exc.message)
        argv = [command, f"-env:UserInstallation={profile}", "--headless",
                "--norestore", "--nologo", "--convert-to", PDF_FILTER, "--outdir", str(self.workdir / "out"),
                *(str(link) for link, _ in staged)]
        index = {link.name: k for k, (link, _) in enumerate(staged)}
        lines: queue.Queue[str | None] = queue.Queue()
        self.starts += 1
        try:
            proc = subprocess.Popen(argv, env=self.env or preview_env(), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as exc:
            return _Outcome(fatal=f"无法启动 LibreOffice：{exc.strerror or exc}")
        self.process = proc
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
        current = -1  # the file LibreOffice last said it converts
        noise: list[str] = []
        deadline = time.monotonic() + START_S + self.limit
        timed_out = False
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                timed_out = True
                self.kill()
                break
            if line is None:
                break
            if line.startswith("convert "):
                k = index.get(Path(line[8:].split(" -> ")[0]).name)
                if k is not None:
                    if current >= 0 and _pdf_complete(staged[current][1]):
                        stored(current)
                    current = k
                    deadline = time.monotonic() + self.limit
            elif line.strip() and "javaldx" not in line and not line.startswith("Overwriting"):
                noise.append(line.strip())
        code = proc.wait()
        self.process = None
        detail = ("：" + " ".join(noise)[-300:]) if noise else ""
        # where it stopped: the file it was on, unless that one is stored (then the next)
        on = max(current, 0)
        if current >= 0 and _pdf_complete(staged[current][1]):
            on = current + 1
        if (timed_out or code != 0) and on < len(staged):
            return _Outcome(rest=on, timed_out=timed_out, detail=detail)
        return _Outcome(detail=detail)


@dataclass
class _Outcome:
    rest: int | None = None  # the file LibreOffice stopped on (None: it went through them all)
    timed_out: bool = False  # ``rest`` exceeded the limit (else LibreOffice died on it)
    detail: str = ""  # what LibreOffice said, besides its “convert” lines
    fatal: str = ""  # LibreOffice could not start: every file gets this


def _pump(stream, lines: queue.Queue) -> None:
    for raw in stream:
        lines.put(raw.decode("utf-8", "replace").rstrip("\n"))
    stream.close()
    lines.put(None)


def _place(made: Path, target: Path) -> str:
    """Move a PDF into place atomically (a rename within one file system, else copy + rename)."""
    try:
        tmp = target.with_name(f".{target.name}.tmp")
        shutil.move(str(made), tmp)
        os.replace(tmp, target)
    except OSError as exc:
        return f"无法写入 {target}：{exc.strerror or exc}"
    return ""


# ---------------------------------------------------------------- the process's pool

_SHARED: tuple[PdfPool, threading.Lock] | None = None
_SHARED_GUARD = threading.Lock()


def shared_pool() -> tuple[PdfPool, threading.Lock]:
    """This process's pool and the lock to hold while using it (one LibreOffice at a time).

    Its folder is kept in the user's cache folder (the profile made once for all runs) when
    no other process holds it; else a private one, removed at exit."""
    global _SHARED
    with _SHARED_GUARD:
        if _SHARED is None:
            pool = PdfPool(_claim_folder())
            atexit.register(pool.close)
            _SHARED = (pool, threading.Lock())
        return _SHARED


_LOCKS: list = []  # the open lock files: closing one would release it


def _claim_folder() -> Path | None:
    import fcntl

    from .cachedir import cache_dir as _cache_dir

    base = _cache_dir()
    if base is None:
        return None
    for n in range(4):  # a few slots: parallel previews each keep a warm profile
        folder = base / f"lo-{os.getuid()}-{n}"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fh = open(folder / "lock", "w")  # noqa: SIM115 - held open for the process's life
        except OSError:
            return None
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            continue
        _LOCKS.append(fh)
        return folder
    return None
