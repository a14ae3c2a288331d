"""The text form of a Notice, laid out as the seeds are (one paragraph a line).

Drawn from the composition, so it says what the .docx says. Used by the tests to lint
drafts through the text reader and to mutate them line by line; also handy for pasting
a draft into e-mail.
"""

from __future__ import annotations

from pathlib import Path

from .. import compose as C
from ..fileio import check_target, write_atomic
from ..model import Notice


def _lines(block: C.Block) -> list[str]:
    match block:
        case C.Mark(names=names, word=word):
            return ["  ".join(names) + "  " + word]
        case C.DocNumber(text=text) | C.Title(text=text) | C.Recipients(text=text):
            return [text]
        case C.Heading() | C.Paragraph():
            return [block.full]
        case C.AttachmentNote(items=items):
            return [item.full for item in items]
        case C.Signature(names=names, date=date):
            return [*names, date]
        case C.AttachmentPage(label=label, title=title, note=note):
            return [label, title] + ([note] if note else [])
        case C.Imprint(cc=cc, office=office, issued=issued):
            return ([cc] if cc else []) + ([f"{office}  {issued}"] if office or issued else [])
    raise TypeError(f"纯文本输出不认识“{type(block).__name__}”这种内容块")


def composition_to_text(comp: C.Composition) -> str:
    return "\n\n".join(line for block in comp.blocks for line in _lines(block)) + "\n"


def notice_to_text(notice: Notice) -> str:
    return composition_to_text(C.compose(notice))


def write_text(notice: Notice, path: Path | str, force: bool = False) -> None:
    """Write the text atomically; an existing file is kept unless ``force``."""
    check_target(Path(path), force)
    write_atomic(Path(path), notice_to_text(notice).encode("utf-8"), force)
