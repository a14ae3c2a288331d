"""The workbench's view of profile saving: profile_write (round-trip YAML, check-profile
validation, atomic, content-hash versions) with the page's needs on top — a file that does
not exist yet opens empty, a form field's YAML text is parsed, problems come back as a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .. import profile_write
from ..profile_write import StaleSave, dump, file_version
from ..profiles import Problem, ProfileError

__all__ = ["NEW", "StaleSave", "dump", "load", "parse", "save", "version"]

NEW = ""  # profile_write's version of a file that does not exist yet


def version(path: Path) -> str:
    return file_version(path)


def load(path: Path) -> Any:
    """The file as an editable mapping (comments kept), or None when it does not exist."""
    return profile_write.load_profile(path)[0] if path.exists() else None


def parse(text: str) -> Any:
    """A form field's YAML text (round-trip, so comments typed in the field are kept)."""
    try:
        return YAML().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise ValueError(f"YAML 格式错误{where}：请检查缩进、冒号和引号") from None


def save(path: Path, data: Any, base: str, root: Path | None = None) -> list[Problem]:
    """Validate and write ``data`` if the file is still at version ``base``: the problems
    (nothing written) or []; StaleSave when someone saved in between."""
    try:
        profile_write.save_profile(path, dump(data), expected_version=base, root=root)
    except ProfileError as exc:
        return exc.problems
    return []
