"""Writers that draw a composed notice (generator.compose), found by the output's suffix.

``writer_for(path)`` is the one registry: .docx is generator.render (it fills
templates/notice.docx), .html ``writers/html.py``, .txt ``writers/text.py``. A new output format
is a module here that draws every ``compose`` block (a block it does not know is an error, not
a silent gap) and one line in ``WRITERS``. The writers are imported when asked for: ``notice
lint`` needs none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Notice

Writer = Callable[["Notice", Path, bool], None]


def _docx() -> Writer:
    from ..render import write_notice

    return write_notice


def _html() -> Writer:
    from .html import write_html

    return write_html


def _text() -> Writer:
    from .text import write_text

    return write_text


#: output suffix → the writer of a notice to such a file (``writer(notice, path, force)``)
WRITERS: dict[str, Callable[[], Writer]] = {".docx": _docx, ".html": _html, ".txt": _text}


def writer_for(path: Path | str) -> Writer:
    """The writer for ``path``'s suffix; another suffix is a NoticeError naming the known ones."""
    from ..fileio import require_suffix

    require_suffix(Path(path), *WRITERS)
    return WRITERS[Path(path).suffix.lower()]()
