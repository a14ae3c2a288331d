"""The notice template's compiled forms kept on disk, like the tree: a cold ``notice draft``
neither re-patches the template's XML (docxtpl's ~20 regexes over each part) nor re-compiles
its Jinja source (~1/3 of a first render together).

Both are pure functions of the template's text and of the code doing it: the key is the
text's hash with docxtpl's, Jinja's and Python's versions, so an upgrade or another template
simply misses. The template's large parts deflated (ooxml.package) are kept the same way,
through ``kept``. A value that cannot be read back is rebuilt; nothing is kept when the user's
cache is off (``NOTICE_KIT_CACHE=off``).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _folder() -> Path | None:
    from .cachedir import cache_dir as _cache_dir

    folder = _cache_dir()
    return folder / "templates" if folder else None


def _versions() -> str:
    import docxtpl
    import jinja2

    return f"{sys.version}|{getattr(docxtpl, '__version__', '')}|{getattr(jinja2, '__version__', '')}"


_VERSIONS: str | None = None


def cached(kind: str, text: str, build: Callable[[], Any]) -> Any:
    """``build()``'s result for ``text`` (a str, or a code object), kept in the cache folder."""
    global _VERSIONS
    if _folder() is None:
        return build()
    if _VERSIONS is None:
        _VERSIONS = _versions()
    if not _VERSIONS:
        return build()
    return kept(kind, hashlib.sha256(f"{kind}\0{_VERSIONS}\0{text}".encode()).hexdigest()[:32], build)


#: entries kept of each kind (a template edited again and again leaves its earlier forms)
KEEP_PER_KIND = 32
_DIGEST = 16


def kept(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """``build()``'s value (anything marshal writes), kept under ``kind`` and ``key`` in the
    cache folder for the next process; the caller's ``key`` names everything the value rests
    on. The file carries its payload's digest, so a torn or altered one is rebuilt, not used;
    the newest KEEP_PER_KIND of a kind stay."""
    folder = _folder()
    if folder is None:
        return build()
    path = folder / f"{kind}-{key}.marshal"
    try:
        data = path.read_bytes()
        if hashlib.blake2b(data[_DIGEST:], digest_size=_DIGEST).digest() == data[:_DIGEST]:
            return marshal.loads(data[_DIGEST:])
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    tmp = None
    try:
        payload = marshal.dumps(value)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload)
        os.replace(tmp, path)
        tmp = None
        older = sorted(folder.glob(f"{kind}-*.marshal"), key=lambda f: f.stat().st_mtime_ns)[:-KEEP_PER_KIND]
        for old in older:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        if tmp is not None and os.path.exists(tmp):  # a cache that cannot be written is no cache
            os.unlink(tmp)
    return value
