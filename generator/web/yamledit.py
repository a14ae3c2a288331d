"""Round-trip editing of profile files: comments, order and quoting kept; validated as
``check-profile`` validates before anything is written; atomic; a save based on an older
version of the file is refused (``StaleSave``) so a colleague's save is never overwritten.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import threading
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..errors import NoticeError
from ..fileio import write_atomic
from ..profiles import Problem, ProfileError, validate_file

NEW = "new"  # the version of a file that does not exist yet
_SAVE_LOCK = threading.Lock()  # check-then-write is one step for the threads of this server


class StaleSave(NoticeError):
    """The file changed on disk since the form was opened."""


def yaml_rt() -> YAML:
    """A YAML that writes what it read: the profiles' indentation, quotes, ``null`` spelled out."""
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # long Chinese lines stay on one line
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def version(path: Path) -> str:
    """What a save must be based on: a digest of the bytes on disk."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return NEW


def load(path: Path) -> Any:
    try:
        return yaml_rt().load(path.read_text(encoding="utf-8")) if path.exists() else None
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise NoticeError(f"无法读取档案 {path.name}：{type(exc).__name__}；请先用 check-profile 修正。") from None


def dump(data: Any) -> str:
    buf = io.StringIO()
    yaml_rt().dump(data, buf)
    return buf.getvalue()


def parse(text: str) -> Any:
    """A form field's YAML text; a syntax error becomes a Chinese message."""
    try:
        return yaml_rt().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise ValueError(f"YAML 格式错误{where}：请检查缩进、冒号和引号") from None


def check(path: Path, text: str) -> list[Problem]:
    """check-profile's problems for ``text`` as the content of ``path`` (validated in a
    temporary copy with the same name, so the edition/node schema is chosen as for the file)."""
    with tempfile.TemporaryDirectory(prefix="notice-check-") as tmp:
        probe = Path(tmp) / path.name
        probe.write_text(text, encoding="utf-8")
        try:
            _, problems = validate_file(probe)
        except ProfileError as exc:
            problems = exc.problems
    return [Problem(path, p.line, p.field, p.message) for p in problems]


def save(path: Path, data: Any, base: str) -> list[Problem]:
    """Validate and write ``data`` to ``path`` if the file is still at version ``base``.

    Returns the validation problems (nothing written when there are any); raises
    StaleSave when someone saved the file in between.
    """
    text = dump(data)
    problems = check(path, text)
    if problems:
        return problems
    with _SAVE_LOCK:
        if version(path) != base:
            raise StaleSave(f"{path.name} 已被他人修改（在您打开表单之后）；您的输入仍在表单中，"
                            "请核对后再保存。")
        write_atomic(path, text.encode("utf-8"), force=True)
    return []
