"""The notice template's compiled forms kept on disk, like the tree: a cold ``notice draft``
neither re-patches the template's XML (docxtpl's ~20 regexes over each part) nor re-compiles
its Jinja source (~1/3 of a first render together).

Both are pure functions of the template's text and of the code doing it: the key is the
text's hash with docxtpl's, Jinja's and Python's versions, so an upgrade or another template
simply misses. A value that cannot be read back is rebuilt; nothing is kept when the user's
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
    folder = _folder()
    if _VERSIONS is None:
        _VERSIONS = _versions()
    if folder is None or not _VERSIONS:
        return build()
    digest = hashlib.sha256(f"{kind}\0{_VERSIONS}\0{text}".encode()).hexdigest()[:32]
    path = folder / f"{kind}-{digest}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(value))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass  # a cache that cannot be written is no cache
    return value
