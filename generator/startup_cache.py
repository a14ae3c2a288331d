"""What every cold ``notice`` process compiles from the same text, kept on disk for the next:
the regular expressions, and the methods dataclasses writes for each model class.

Python compiles every pattern afresh in each process, and a character class with a CJK range
(``[\\u4e00-\\u9fff]``) costs it 2–9 ms: the parser fills a 65,536-entry map to find the class's
runs. The reader, lint and import compile ~230 such patterns, ~140 ms of a cold ``notice lint``
(issue 25) and of a cold ``notice import`` (issue 19) — more than the document work itself.

What ``re`` compiles a pattern into (the ``_sre`` code: a list of integers, the group names)
is a pure function of the pattern, its flags and the Python build, so it is kept like the
template's compiled forms: one marshal file per Python build and command in the cache folder,
read once at start, written back (atomically) when a process compiled patterns it did not find. A
pattern made from the kept code is the one ``re`` would have made; anything unexpected (another
``_sre``, an unreadable file) falls back to ``re``'s own compile, and nothing is kept when the
cache is off.

Dataclasses write each class's ``__init__``/``__eq__``/``__repr__`` as Python source and compile
it on import: ~0.8 ms a class, ~40 ms for the model's 50 classes in every cold command. The
compiled code of that source is kept the same way (Python 3.11's ``dataclasses._create_fn``,
whose text this module reproduces; on another Python, dataclasses are left alone).

Installed by the ``notice`` command only, never on import of the package.
"""

from __future__ import annotations

import atexit
import dataclasses
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the start-up path imports nothing it does not run
    from collections.abc import Callable

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # another Python: re compiles as usual
    _sre = _compiler = _parser = None

_KEY = f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}"
_MAX_ENTRIES = 4096  # patterns built from data (a unit's lexicon) must not grow the file forever
#: an entry no process used in this many saves is dropped: patterns made from one notice's
#: data (its computed dates) would otherwise fill the file, read by every start, to the cap
_KEEP_SAVES = 32

_kept: dict = {}  # (pattern, flags) → re's code; the source text of a dataclass method → its code
_new: dict = {}
_used: set = set()  # kept entries this process used
_ages: dict = {}  # key → the save (generation) that last found it used
_generation = 0
_path: Path | None = None
_original = None
_original_create_fn = None
# the 3.11 function this module's _create_fn reproduces (checked by its variable names)
_CREATE_FN_VARS = ("name", "args", "body", "globals", "locals", "return_type", "return_annotation", "txt",
                   "local_vars", "ns")


def _recall(key: Any, make: Callable[[], Any]) -> Any:
    """The kept entry for ``key`` (marked used), else one made now and kept for the next save."""
    entry = _kept.get(key)
    if entry is not None:
        _used.add(key)
        return entry
    entry = _new.get(key)
    if entry is None:
        entry = make()
        if len(_kept) + len(_new) < _MAX_ENTRIES:
            _new[key] = entry
    return entry


def _compile(p, flags=0):
    """re._compiler.compile with the kept code: same arguments, same Pattern."""
    if not isinstance(p, (str, bytes)) or flags & re.DEBUG:  # re's internals, or asked to print
        return _original(p, flags)

    def make() -> tuple:
        parsed = _parser.parse(p, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]  # named opcodes are int subclasses
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)

    all_flags, code, groups, groupindex, indexgroup = _recall((p, int(flags)), make)
    return _sre.compile(p, all_flags, code, groups, groupindex, indexgroup)


def _create_fn(name, args, body, *, globals=None, locals=None, return_type=dataclasses.MISSING):
    """dataclasses._create_fn of Python 3.11, the compiled source kept (the same text, the same code)."""
    if locals is None:
        locals = {}
    return_annotation = ""
    if return_type is not dataclasses.MISSING:
        locals["_return_type"] = return_type
        return_annotation = "->_return_type"
    args = ",".join(args)
    body = "\n".join(f"  {b}" for b in body)
    txt = f" def {name}({args}){return_annotation}:\n{body}"
    local_vars = ", ".join(locals.keys())
    txt = f"def __create_fn__({local_vars}):\n{txt}\n return {name}"
    code = _recall(txt, lambda: compile(txt, "<string>", "exec"))
    ns: dict = {}
    exec(code, globals, ns)  # noqa: S102 (dataclasses' own generated method, as dataclasses runs it)
    return ns["__create_fn__"](**locals)


def _save() -> None:
    if not _new or _path is None:
        return
    try:
        _path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        generation = _generation + 1
        ages = {**_ages, **dict.fromkeys(_used, generation), **dict.fromkeys(_new, generation)}
        kept = {k: v for k, v in {**_kept, **_new}.items() if ages.get(k, 0) > generation - _KEEP_SAVES}
        data = marshal.dumps((_KEY, kept, {k: ages.get(k, generation) for k in kept}, generation))
        fd, tmp = tempfile.mkstemp(dir=_path.parent, prefix=".startup-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, _path)
    except (OSError, ValueError):
        pass  # a cache that cannot be written is no cache


def install(folder: Path | None, command: str = "") -> None:
    """Serve ``re``'s compiles in this process from ``folder`` (None: leave ``re`` alone).

    Each ``command`` keeps its own file: a draft reads the ~350 entries it uses, not lint's and
    import's as well (one shared file held ~600, 0.5 MB, ~2 ms more to read at every start)."""
    global _path, _original, _original_create_fn, _kept, _ages, _generation
    if folder is None or _sre is None or _original is not None:
        return
    import hashlib

    own = f"-{command}" if re.fullmatch(r"[a-z][a-z_-]{0,31}", command) else ""  # a name, never a path
    _path = folder / f"startup-{hashlib.sha256(_KEY.encode()).hexdigest()[:16]}{own}.marshal"
    try:
        key, kept, ages, generation = marshal.loads(_path.read_bytes())
        if key == _KEY and isinstance(kept, dict) and isinstance(ages, dict) and isinstance(generation, int):
            _kept, _ages, _generation = kept, ages, generation
    except (OSError, EOFError, ValueError, TypeError):
        pass
    _original = _compiler.compile
    _compiler.compile = _compile
    create_fn = getattr(dataclasses, "_create_fn", None)
    if sys.version_info[:2] == (3, 11) and getattr(create_fn, "__code__", None) is not None \
            and create_fn.__code__.co_varnames == _CREATE_FN_VARS:
        _original_create_fn = create_fn
        dataclasses._create_fn = _create_fn
    atexit.register(_save)


def uninstall() -> None:
    """``re`` and dataclasses compile on their own again (tests)."""
    global _original, _original_create_fn, _path, _generation
    if _original_create_fn is not None:
        dataclasses._create_fn = _original_create_fn
        _original_create_fn = None
    if _original is not None:
        _compiler.compile = _original
        _original = None
        _path = None
        _kept.clear()
        _new.clear()
        _used.clear()
        _ages.clear()
        _generation = 0
