"""The validated profile tree, read once and kept: in this process and on disk.

Reading a tree means parsing and validating every file: 4 s of CPU for ``notice profiles``
on 3,000 county nodes. What each file's validation gave is therefore kept:

- in the process, with the tree, so a loop of notices (tests, the web workbench) reads it
  once while its files keep their sizes and mtimes;
- on disk, under the user's cache folder (``$NOTICE_KIT_CACHE``, else
  ``$XDG_CACHE_HOME/notice-kit`` or ``~/.cache/notice-kit``; ``NOTICE_KIT_CACHE=off``
  turns it off), per file: its size, mtime, the hash of its bytes and its data or problems
  (profiles.FILE_RESULTS). The next command lists the folders, trusts a file whose size and
  mtime are unchanged, hashes one whose are not (a touched file is not parsed again) and
  parses and validates only a file whose bytes changed; the tree is linked afresh from the
  results (~3,000 nodes in a few ms). A file's problems are the same Chinese
  ``file:line: 字段…`` messages whether kept or not.

The results are one base file and a small delta beside it: an edit writes the delta (the
changed files' entries), not the whole base, which is rewritten once the delta grows. A file
changed less than two seconds ago is not trusted by size and mtime (an edit within the mtime's
granularity that keeps the size would go unseen). A batch holds one snapshot (``hold``) and
does not look at the files again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from . import PROFILES_DIR, collecting, profiles
from .cachedir import cache_dir as _cache_dir
from .profiles import RACY_SECONDS, Listing, ProfileTree, scan_tree

T = TypeVar("T")
_TREES: dict[str, tuple[tuple, ProfileTree]] = {}
_HELD: set[str] = set()
__all__ = ["RACY_SECONDS", "hold", "load_tree", "on_disk"]
#: the code that decides what a valid tree is: a change to it invalidates the disk cache
_CODE = [Path(__file__).with_name(n) for n in ("profiles.py", "schema.py", "validation.py", "tree_cache.py",
                                                "fastcheck.py", "profile_yaml.py")]


def load_tree(root: Path | str = PROFILES_DIR) -> ProfileTree:
    """The valid profile tree below ``root`` (ProfileError when it is not valid)."""
    root = Path(root)
    key = _key(root)
    if key in _HELD and key in _TREES:
        return _TREES[key][1]
    try:
        listing = scan_tree(root) if root.is_dir() else None
    except OSError:
        listing = None  # ProfileTree words the error
    stamp = _listing_stamp(listing)
    cached = _TREES.get(key)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    # The collector would walk the ~10^6 objects of the results again and again as they are
    # made (a third of a warm `notice profiles`); what is read stays for the process.
    with collecting.paused():
        if _load_results(key):
            gc.freeze()
        profiles.FILES_SEEN.clear()
        if listing:
            _validate_in_parallel(listing)
        tree = None
        try:
            tree = ProfileTree(root, listing)
        finally:
            _save_results(key)
    if stamp is not None:
        _TREES[key] = (stamp, tree)
    return tree


#: a cold read of more files than this is shared among the CPUs (below it, starting the
#: workers costs more than it saves)
PARALLEL_ABOVE = 400


def _validate_in_parallel(listing: Listing) -> None:
    """Parse and validate the files not known by their size and mtime in one worker per CPU
    (forked: the code is already loaded), before the tree is linked from the results in this
    process. Parsing is ~85 % of a cold read: on 2 CPUs a 3,000-node tree took 2.3–2.6 s, not
    3.2–4.2 s (two vCPUs that share a core do not halve it)."""
    if sum(map(len, listing.values())) - len(profiles.FILE_RESULTS) <= PARALLEL_ABOVE:
        return  # (most files known: the usual case, not worth listing them one by one)
    todo = [(os.path.join(folder, name), (size, mtime)) for folder, files in listing.items()
            for name, size, mtime in files if _unknown(os.path.join(folder, name), (size, mtime))]
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    # fork only a process with one thread (a forked thread's locks stay held: the workbench)
    if len(todo) <= PARALLEL_ABOVE or cpus < 2 or threading.active_count() > 1 or os.name != "posix":
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = min(cpus, 8, len(todo) // (PARALLEL_ABOVE // 2))
    if n < 2:
        return
    chunks = [todo[i::n] for i in range(n)]
    try:
        # this process takes the first share itself: its results need no pickling back
        with ProcessPoolExecutor(n - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            shares = pool.map(_validate_files, chunks[1:])
            _validate_files(chunks[0])
            for done in shares:
                profiles.FILE_RESULTS.update(done)
    except Exception:  # noqa: BLE001 — a worker that could not run: the files are read here instead
        pass


def _unknown(path: str, stat: tuple[int, int]) -> bool:
    entry = profiles.FILE_RESULTS.get(path)
    return entry is None or entry[1] < 0 or entry[:2] != stat


def _validate_files(files: list[tuple[str, tuple[int, int]]]) -> dict[str, tuple]:
    """In a worker: each file's entry of profiles.FILE_RESULTS (none for an unreadable one)."""
    for path, stat in files:
        try:
            profiles.validate_file(path, stat)
        except profiles.ProfileError:
            pass  # kept in its entry as its problems
    return {path: profiles.FILE_RESULTS[path] for path, _ in files if path in profiles.FILE_RESULTS}


def _listing_stamp(listing: Listing | None) -> tuple | None:
    """The listing as a key for the tree kept in the process; None when a file changed too
    recently to be trusted by its size and mtime."""
    if not listing:
        return None
    recent = (time.time() - RACY_SECONDS) * 1e9
    if any(f[2] > recent for files in listing.values() for f in files):
        return None
    return tuple((folder, tuple(files)) for folder, files in sorted(listing.items()))


#: per tree key: (the base's token, the entries the disk has for it, the delta written on it)
_SAVED: dict[str, tuple[bytes, dict[str, tuple], dict[str, tuple | None]]] = {}
#: the delta is folded into a new base past this many changed files (or a tenth of the base)
DELTA_MAX = 200


def _load_results(key: str) -> bool:
    """Put what the disk keeps for a tree's files into profiles.FILE_RESULTS (once a process);
    True when something was read."""
    if key in _SAVED:
        return False
    code = _code_stamp()
    base = _read_disk(key, code) if code is not None else None
    if not (isinstance(base, tuple) and len(base) == 2 and isinstance(base[1], dict)):
        _SAVED[key] = (b"", {}, {})
        return False
    token, entries = base
    delta = _read_disk(key, code, "delta")
    changes: dict[str, tuple | None] = {}
    if isinstance(delta, tuple) and len(delta) == 2 and delta[0] == token and isinstance(delta[1], dict):
        changes = delta[1]
    on_disk = {**entries, **changes}
    for path, entry in changes.items():
        if entry is None:
            on_disk.pop(path, None)
    profiles.FILE_RESULTS.update(on_disk)
    _SAVED[key] = (token, on_disk, changes)
    return True


def _save_results(key: str) -> None:
    """Write what changed since the disk's copy: a delta on the base, or a new base."""
    code = _code_stamp()
    token, on_disk, changes = _SAVED.get(key, (b"", {}, {}))
    now = {path: profiles.FILE_RESULTS[path] for path in profiles.FILES_SEEN if path in profiles.FILE_RESULTS}
    new = {path: entry for path, entry in now.items() if on_disk.get(path) is not entry}
    gone = [path for path in on_disk if path not in now]
    if code is None or (not new and not gone):
        return
    delta = {**changes, **new, **dict.fromkeys(gone)}
    if token and len(delta) <= max(DELTA_MAX, len(now) // 10):
        if _write_disk(key, code, (token, delta), "delta"):
            _SAVED[key] = (token, now, delta)
        return
    token = os.urandom(8)
    if _write_disk(key, code, (token, now)):
        _SAVED[key] = (token, now, {})
        stale = _disk_path(key, "delta")
        if stale is not None:
            stale.unlink(missing_ok=True)  # written on the old base: ignored, so not kept


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


def _write_disk(key: str, stamp: tuple, value: Any, kind: str = "tree") -> bool:
    """Keep ``value`` (atomically); False when it could not be written."""
    path = _disk_path(key, kind)
    if path is None:
        return False
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((stamp, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path.parent)
        return True
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        if tmp and os.path.exists(tmp):  # a cache that cannot be written is no cache
            os.unlink(tmp)
        return False


#: cached trees and rule sets kept; the least recently written go first
MAX_ENTRIES = 64


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda f: f.stat().st_mtime_ns)
    for old in entries[:-MAX_ENTRIES]:
        old.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _package_stamp() -> tuple:
    """Sizes and mtimes of the package's code, taken once a process: the code a process runs
    does not change under it, and the ~1,100 stat calls were paid by each cached kind. Listed
    by the tree's own walk (pathlib's rglob took 3.6 ms of a 150 ms cold draft; this ~0.6)."""
    listing = scan_tree(os.path.dirname(os.path.abspath(__file__)), ".py")
    return tuple((os.path.join(folder, name), size, mtime)
                 for folder in sorted(listing) for name, size, mtime in listing[folder])


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
