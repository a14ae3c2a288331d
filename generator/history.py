"""Every edit kept: the profile tree in a git repository, one commit per save, import, fill,
撤销 or 审核, with who made it (the user, or 本机用户) and a Chinese message naming the node,
the year and the facts changed.

Through the git CLI (installed with git, no Python dependency): a commit names only the files
it saved (``git commit --only -- FILE``), so a repository the tree lives in keeps every other
file, staged or not, as it was; an approval is an empty commit made with ``commit-tree`` (the
index is not touched at all). Commits carry machine-read trailers (``Notice-Node``,
``Notice-Year``, ``Notice-File``, ``Notice-Approve``) the node page's history reads back.

Commit times are real times: deterministic outputs are the drafts, not the record of edits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import subprocess
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from . import profile_diff
from .errors import NoticeError

log = logging.getLogger("notice.history")
LOCAL_USER = "本机用户"
EMAIL = "notice-kit@localhost"
GIT_TIMEOUT = 30
_CONFIG = ["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-c", "core.quotepath=false",
           "-c", "i18n.commitEncoding=utf-8", "-c", "log.showSignature=false"]
_lock = threading.Lock()
_tops: dict[str, Path | None] = {}


@dataclass
class _Batch:
    author: str
    action: str
    files: list[tuple[Path, str | None, str | None]] = field(default_factory=list)


_batch: ContextVar[_Batch | None] = ContextVar("notice_history_batch", default=None)


def _git(top: Path | str, *args: str, author: str = LOCAL_USER, stdin: str | None = None,
         check: bool = True) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": EMAIL, "GIT_COMMITTER_NAME": author,
           "GIT_COMMITTER_EMAIL": EMAIL, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C.UTF-8"}
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # never someone else's repository
        env.pop(var, None)
    try:
        done = subprocess.run(["git", *_CONFIG, "-C", str(top), *args], input=stdin, capture_output=True,
                              text=True, encoding="utf-8", env=env, timeout=GIT_TIMEOUT)
    except FileNotFoundError:
        raise NoticeError("没有安装 git，无法记录修改历史。") from None
    except subprocess.TimeoutExpired:
        raise NoticeError("git 超时，修改历史未能记录。") from None
    if check and done.returncode != 0:
        raise NoticeError(f"git 出错，修改历史未能记录：{done.stderr.strip()[:300]}")
    return done.stdout


def toplevel(path: Path | str) -> Path | None:
    """The top of the git repository ``path`` (a folder or a file's folder) is in, or None."""
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    key = str(folder.resolve())
    if key not in _tops:
        try:
            out = _git(folder, "rev-parse", "--show-toplevel", check=False).strip()
        except NoticeError:
            out = ""
        _tops[key] = Path(out).resolve() if out else None
    return _tops[key]


def ensure_repo(root: Path | str) -> Path:
    """The repository of the profile tree ``root``; a new one at ``root`` (its files as the
    first commit) when it is in none. An existing repository is used as it is."""
    root = Path(root).resolve()
    top = toplevel(root)
    if top is not None:
        _baseline(top, root)
        return top
    with _lock:
        _git(root, "init", "-q")
        _tops.clear()
        _git(root, "add", "-A", "--", ".")
        _git(root, "commit", "-q", "--allow-empty", "-m",
             "档案树开始记录修改：现有档案作为第一版\n\nNotice-Action: 开始记录")
    return root


def _baseline(top: Path, root: Path) -> None:
    """Profile files of an existing repository not committed as they are (new, or changed
    since the last commit) become one commit first, so that 撤销 of the first edit restores
    the file as it was, not as it was last committed. Only files below ``root``."""
    rel = root.relative_to(top).as_posix() if root != top else "."
    pending = [ln[3:] for ln in _git(top, "status", "--porcelain", "--untracked-files=all", "--", rel).splitlines()
               if ln[3:].endswith(".yaml") and ln[:2] in ("??", " M", "M ", "MM", "A ", "AM")]
    if not pending:
        return
    with _repo_lock(top):
        _git(top, "add", "--", *pending)
        message = "档案树开始记录修改：尚未提交的档案作为第一版\n\nNotice-Action: 开始记录"
        _git(top, "commit", "-q", "--only", "-m", message, "--", *pending)


@contextlib.contextmanager
def change(author: str | None = None, action: str = "修改") -> Iterator[None]:
    """The profile writes inside become one commit by ``author`` (an outer ``change`` wins)."""
    if _batch.get() is not None:
        yield
        return
    batch = _Batch(author or LOCAL_USER, action)
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    if batch.files:
        try:
            commit(batch.files, batch.author, batch.action)
        except NoticeError as exc:
            log.warning("%s", exc.message)


def record(path: Path, old_text: str | None, new_text: str | None) -> None:
    """profile_write's hook after it wrote (``new_text``) or removed (None) ``path``: a commit
    when the tree is in a repository (now, or when the surrounding ``change`` ends)."""
    batch = _batch.get()
    if batch is not None:
        batch.files.append((Path(path), old_text, new_text))
        return
    try:
        if toplevel(path) is not None:
            commit([(Path(path), old_text, new_text)], LOCAL_USER, "修改")
    except NoticeError as exc:  # the file is saved; say that its record is missing, do not undo the save
        log.warning("%s", exc.message)


def node_of(path: Path) -> tuple[str, str]:
    """(id, name) of the node a profile file belongs to."""
    data = profile_diff.parse(_read(path.parent / "node.yaml"))
    if isinstance(data, dict):
        return str(data.get("id", path.parent.name)), str(data.get("name", path.parent.name))
    return path.parent.name, path.parent.name


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def year_of(path: Path) -> str:
    return path.stem if path.stem.isdigit() else "默认"


def subject(name: str, year: str, action: str) -> str:
    return f"{name} {'默认做法' if year == '默认' else year + ' 年'}：{action}"


def commit(files: list[tuple[Path, str | None, str | None]], author: str, action: str,
           extra: list[str] | None = None) -> str | None:
    """One commit of ``files`` (path, text before, text after); its sha, None when nothing changed."""
    top = toplevel(files[0][0])
    if top is None:
        return None
    first = {}
    for path, old, new in files:  # a file saved twice in one change: its first before, last after
        first.setdefault(path, [old, new])[1] = new
    node_id, name = node_of(files[0][0])
    years = sorted({year_of(p) for p in first})
    lines, trailers = [], []
    for path, (old, new) in first.items():
        facts = profile_diff.describe(old, new)
        if old is None and new is not None:
            facts = facts or [f"新建 {path.name}"]
        elif new is None:
            facts = [f"删除 {path.name}"]
        lines += [f"· {f}" for f in facts]
        trailers.append(f"Notice-File: {path.resolve().relative_to(top).as_posix()}")
    message = "\n".join([subject(name, "、".join(years), action), "", *lines, "",
                         f"Notice-Node: {node_id}", *(f"Notice-Year: {y}" for y in years),
                         f"Notice-Action: {action}", *trailers, *(extra or [])]) + "\n"
    rels = [t.split(": ", 1)[1] for t in trailers]
    with _repo_lock(top):
        _git(top, "add", "-A", "--", *rels, author=author)
        if not _git(top, "diff", "--cached", "--name-only", "--", *rels, author=author).strip():
            return None  # saved the same bytes: nothing to record
        _git(top, "commit", "-q", "--only", "-F", "-", "--", *rels, author=author, stdin=message)
        return _git(top, "rev-parse", "HEAD").strip()


def empty_commit(top: Path, message: str, author: str) -> str:
    """A commit changing no file (an approval), made without touching the index."""
    with _repo_lock(top):
        head = _git(top, "rev-parse", "HEAD").strip()
        sha = _git(top, "commit-tree", f"{head}^{{tree}}", "-p", head, "-F", "-", author=author,
                   stdin=message).strip()
        _git(top, "update-ref", "-m", "notice-kit: 审核", "HEAD", sha, head)
    return sha


@contextlib.contextmanager
def _repo_lock(top: Path) -> Iterator[None]:
    """One writer of the repository at a time: threads of the server and other processes
    (a CLI import beside it) alike."""
    gitdir = Path(_git(top, "rev-parse", "--absolute-git-dir").strip())
    with _lock, open(gitdir / "notice-kit.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


# ---------------------------------------------------------------- reading the history


@dataclass
class Entry:
    sha: str
    author: str
    when: dt.datetime
    subject: str
    action: str
    facts: list[str]
    files: list[str]
    approves: str = ""  # the file an approval is for

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def when_text(self) -> str:
        return self.when.strftime("%Y-%m-%d %H:%M")


_SEP, _END = "\x1f", "\x1e"
_log_cache: dict[tuple, tuple[tuple, list[Entry]]] = {}


def _stamp(top: Path) -> tuple:
    """Changes whenever a commit is made (the reflog of HEAD grows), without running git."""
    gitdir = _gitdirs.get(top)
    if gitdir is None:
        gitdir = _gitdirs[top] = Path(_git(top, "rev-parse", "--absolute-git-dir").strip())
    try:
        st = (gitdir / "logs" / "HEAD").stat()
        return (st.st_mtime_ns, st.st_size)
    except OSError:
        return (_git(top, "rev-parse", "HEAD", check=False).strip(),)


_gitdirs: dict[Path, Path] = {}


def entries(top: Path, node_id: str, years: tuple[str, ...], limit: int = 50) -> list[Entry]:
    """The commits of ``node_id`` for ``years`` ("2027", "默认"), newest first; cached until
    the next commit."""
    key = (top, node_id, years, limit)
    stamp = _stamp(top)
    hit = _log_cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    out = _git(top, "log", f"-n{limit * 4}", "--fixed-strings", f"--grep=Notice-Node: {node_id}",
               f"--format=%H{_SEP}%an{_SEP}%at{_SEP}%B{_END}", check=False)
    found = []
    for record_ in out.split(_END):
        parts = record_.strip("\n").split(_SEP)
        if len(parts) != 4:
            continue
        sha, author, at, body = parts
        lines = body.splitlines()
        trailers: dict[str, list[str]] = {}
        for ln in lines:
            if ln.startswith("Notice-") and ": " in ln:
                k, v = ln.split(": ", 1)
                trailers.setdefault(k, []).append(v)
        if trailers.get("Notice-Node") != [node_id] or not set(trailers.get("Notice-Year", [])) & set(years):
            continue
        found.append(Entry(sha, author, dt.datetime.fromtimestamp(int(at)), lines[0] if lines else "",
                           (trailers.get("Notice-Action") or [""])[0],
                           [ln[2:] for ln in lines if ln.startswith("· ")], trailers.get("Notice-File", []),
                           (trailers.get("Notice-Approve") or [""])[0]))
        if len(found) >= limit:
            break
    _log_cache[key] = (stamp, found)
    if len(_log_cache) > 512:
        _log_cache.pop(next(iter(_log_cache)))
    return found


def approval(top: Path, found: list[Entry], file_rel: str) -> Entry | None:
    """The approval of ``file_rel`` still standing: the newest one, when no commit changed
    the file after it."""
    mark = next((e for e in found if e.approves == file_rel), None)
    if mark is None:
        return None
    later = _git(top, "rev-list", "-n1", f"{mark.sha}..HEAD", "--", file_rel, check=False).strip()
    return None if later else mark


def approve(top: Path, file_rel: str, node_id: str, name: str, year: int, reviewer: str) -> str:
    message = (f"{subject(name, str(year), '已审核')}\n\n· 审核人：{reviewer}\n\nNotice-Node: {node_id}\n"
               f"Notice-Year: {year}\nNotice-Action: 已审核\nNotice-Approve: {file_rel}\n")
    return empty_commit(top, message, reviewer)


def blob(top: Path, rev: str, file_rel: str) -> str | None:
    """A file's text at a commit (``sha`` or ``sha^``), None when it did not exist there."""
    try:
        return _git(top, "show", f"{rev}:{file_rel}")
    except NoticeError:
        return None


def is_commit_of(found: list[Entry], sha: str) -> Entry | None:
    return next((e for e in found if e.sha == sha), None)
