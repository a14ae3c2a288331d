"""The validated profile tree, read once and kept: in this process and on disk.

Reading a tree means parsing and cerberus-validating every file: ~40 % of a cold
``notice draft`` on the repository's tree, 25 s for ``notice profiles`` on 3,000 county
nodes. A valid tree is therefore kept, keyed by its files' names, sizes and mtimes (and
those of the code that validates them):

- in the process, so a loop of notices (tests, the web workbench) reads it once;
- on disk, under the user's cache folder (``$NOTICE_KIT_CACHE``, else
  ``$XDG_CACHE_HOME/notice-kit`` or ``~/.cache/notice-kit``; ``NOTICE_KIT_CACHE=off``
  turns it off), so the next command skips parsing, validation and cerberus's import.

An invalid tree is never kept whole: its errors are reported afresh each time. Each file's
validation is kept beside the tree, keyed by the file's path and the hash of its bytes:
after an edit only the edited file is parsed and validated again, and a file's problems are
the same Chinese ``file:line: 字段…`` messages whether kept or not. A file changed
less than two seconds ago is not trusted (an edit within the mtime's granularity that keeps
the size would go unseen), so a tree being edited is simply re-read. A batch holds one
snapshot (``hold``) and does not look at the files again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from . import PROFILES_DIR
from .cachedir import cache_dir as _cache_dir
from .profiles import ProfileTree

T = TypeVar("T")
_TREES: dict[str, tuple[tuple, ProfileTree]] = {}
_HELD: set[str] = set()
#: files changed more recently than this are not trusted by size and mtime
RACY_SECONDS = 2.0
#: the code that decides what a valid tree is: a change to it invalidates the disk cache
_CODE = [Path(__file__).with_name(n) for n in ("profiles.py", "schema.py", "validation.py", "tree_cache.py",
                                                "fastcheck.py", "profile_yaml.py")]


def load_tree(root: Path | str = PROFILES_DIR) -> ProfileTree:
    """The valid profile tree below ``root`` (ProfileError when it is not valid)."""
    root = Path(root)
    key = _key(root)
    if key in _HELD and key in _TREES:
        return _TREES[key][1]
    stamp = _stamp(root)
    cached = _TREES.get(key)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    saved = _read_saved(key)
    if stamp is not None and saved[0] == stamp and isinstance(saved[1], ProfileTree):
        tree = saved[1]
    else:
        tree = _read_files(root, key, stamp, saved[2])
    if stamp is not None:
        _TREES[key] = (stamp, tree)
    return tree


def _read_saved(key: str) -> tuple[tuple | None, ProfileTree | None, dict]:
    """What the disk keeps for a tree: (its stamp, the tree when it was valid, each file's
    validation). One pickle: the tree and the files' results share their data, so after an
    edit it is read once and written once (two pickles were ~40 % of that run)."""
    code = _code_stamp()
    value = _read_disk(key, code) if code is not None else None
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], dict):
        return value
    return None, None, {}


def _read_files(root: Path, key: str, stamp: tuple | None, results: dict) -> ProfileTree:
    """The tree read from its files, each file's validation taken from the per-file results
    when its bytes are unchanged (an edit re-validates that file alone), valid or not; what
    was read is kept (the tree only when it is valid and its files not just edited)."""
    from . import profiles

    if key not in _FILES_LOADED:
        profiles.FILE_RESULTS.update(results)
        _FILES_LOADED.add(key)
    profiles.FILES_SEEN.clear()
    tree = None
    try:
        tree = ProfileTree(root)
        return tree
    finally:
        code = _code_stamp()
        if code is not None:
            seen = {k: profiles.FILE_RESULTS[k] for k in profiles.FILES_SEEN if k in profiles.FILE_RESULTS}
            _write_disk(key, code, (stamp if tree is not None else None, tree if stamp is not None else None, seen))


_FILES_LOADED: set[str] = set()


def _code_stamp() -> tuple | None:
    """(name, size, mtime) of the code that validates: the kept results are its results."""
    try:
        return tuple((str(f), st.st_size, st.st_mtime_ns) for f in _CODE for st in [f.stat()])
    except OSError:
        return None


def hold(root: Path | str = PROFILES_DIR) -> ProfileTree:
    """Load the tree and keep using it without looking at the files again (a batch drafts
    from one snapshot; checking every file per notice was 67 % of a 3,000-node loop)."""
    tree = load_tree(root)
    key = _key(Path(root))
    _TREES[key] = ((), tree)
    _HELD.add(key)
    return tree


def _key(root: Path) -> str:
    # the root as given, with the folder it is relative to: node paths in messages keep its spelling
    return f"{root}\0{'' if root.is_absolute() else os.getcwd()}"


def _stamp(root: Path) -> tuple | None:
    """(name, size, mtime) of every .yaml below ``root`` and of the validating code; None
    when a file changed too recently to be trusted, or the folder cannot be read."""
    entries: list[tuple[str, int, int]] = []
    newest = 0
    try:
        stack, seen = [str(root)], set()
        while stack:
            folder = stack.pop()
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:  # a symlink loop
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                for e in it:
                    if e.is_dir():
                        if not e.name.startswith("."):  # .git: the history, not profiles
                            stack.append(e.path)
                    elif e.name.endswith(".yaml"):
                        st = e.stat()
                        entries.append((e.path, st.st_size, st.st_mtime_ns))
                        newest = max(newest, st.st_mtime_ns)
        for f in _CODE:
            st = f.stat()
            entries.append((str(f), st.st_size, st.st_mtime_ns))
    except OSError:
        return None
    if not entries or newest > (time.time() - RACY_SECONDS) * 1e9:
        return None
    return tuple(sorted(entries))


def _disk_path(key: str, kind: str = "tree") -> Path | None:
    folder = _cache_dir()
    return folder / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pickle" if folder else None


def _read_disk(key: str, stamp: tuple, kind: str = "tree") -> Any:
    # The cache is the user's own file in the user's own folder, written by this code: as
    # trusted as the code itself. Anything unreadable or stale is ignored and rewritten.
    path = _disk_path(key, kind)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            saved_stamp, value = pickle.load(fh)
    except Exception:  # missing, truncated, from another version: just build it again
        return None
    return value if saved_stamp == stamp else None


def _write_disk(key: str, stamp: tuple, value: Any, kind: str = "tree") -> None:
    path = _disk_path(key, kind)
    if path is None:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((stamp, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path.parent)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        if tmp and os.path.exists(tmp):  # a cache that cannot be written is no cache
            os.unlink(tmp)


#: cached trees and rule sets kept; the least recently written go first
MAX_ENTRIES = 64


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda f: f.stat().st_mtime_ns)
    for old in entries[:-MAX_ENTRIES]:
        old.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _package_stamp() -> tuple:
    """Sizes and mtimes of the package's code, taken once a process: the code a process runs
    does not change under it, and the ~1,100 stat calls were paid by each cached kind."""
    return tuple((str(f), st.st_size, st.st_mtime_ns)
                 for f in sorted(Path(__file__).parent.rglob("*.py")) for st in [f.stat()])


def inputs_stamp(inputs: list[Path]) -> tuple | None:
    """Sizes and mtimes of ``inputs`` and of the package's code; None when one cannot be read
    or was written too recently to be told from a later write (see RACY_SECONDS)."""
    try:
        stamp = (*((str(f), st.st_size, st.st_mtime_ns) for f in inputs for st in [f.stat()]), *_package_stamp())
    except OSError:
        return None
    if max(st[2] for st in stamp) > (time.time() - RACY_SECONDS) * 1e9:
        return None
    return stamp


def on_disk(kind: str, key: str, inputs: list[Path], build: Callable[[], T]) -> T:
    """``build()``'s result, kept on disk while ``inputs`` and the package's code keep their
    sizes and mtimes (the validated rules: cerberus and the lint modules' import skipped)."""
    stamp = inputs_stamp(inputs)
    if stamp is None:
        return build()
    value = _read_disk(key, stamp, kind)
    if value is None:
        value = build()
        _write_disk(key, stamp, value, kind)
    return value
