"""Writing output safely: atomically, and never over a user's file without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import NoticeError, os_error_cn


def check_target(path: Path, force: bool) -> None:
    """Refuse to replace an existing file unless the user said --force."""
    # A folder first: --force cannot replace it, so the user must not be told to try it.
    _refuse_folder(path)
    if path.exists() and not force:
        raise NoticeError(f"输出文件已存在：{path}。如需覆盖，请加 --force。")
    if not path.parent.exists():
        raise NoticeError(f"输出文件夹不存在：{path.parent}")


def _refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise NoticeError(f"输出路径是一个文件夹：{path}；请给出文件名，如 {path / 'out.docx'}")


def require_suffix(path: Path, *suffixes: str) -> None:
    """Refuse an output named for another program (a .docx saved as out.pdf opens as garbage)."""
    _refuse_folder(path)
    if path.suffix.lower() not in suffixes:
        also = f"（也可用 {'、'.join(suffixes[1:])}）" if len(suffixes) > 1 else ""
        raise NoticeError(f"输出文件须以 {suffixes[0]} 结尾{also}：{path}")


#: fsync each file before its rename. A batch (generator/batch.py) turns it off while it writes
#: thousands of files (~3 ms each) and syncs the file system once at the end instead.
SYNC_EACH = True


def write_atomic(path: Path, data: bytes, force: bool = False) -> None:
    """Write to a temporary file beside ``path`` and rename it into place.

    A crash or a full disk leaves the old file (or nothing) in place, never half a file.
    """
    path = Path(path)
    check_target(path, force)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise NoticeError(f"无法写入 {path}：{os_error_cn(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if SYNC_EACH:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise NoticeError(f"无法写入 {path}：{os_error_cn(exc)}") from None
        raise


def make_folder(path: Path) -> None:
    """Create an output folder (and its parents), or say in Chinese why not."""
    if path.exists() and not path.is_dir():
        raise NoticeError(f"输出路径不是文件夹：{path}")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NoticeError(f"无法创建输出文件夹 {path}：{os_error_cn(exc)}") from None
