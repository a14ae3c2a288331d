"""Attachment forms (附件表格): definitions in templates/forms/*.yaml, output as .docx/.xlsx.

Split by job: ``definitions`` (YAML → FormDef), ``layout`` (FormDef + Notice → placed
cells), ``docx`` and ``xlsx`` (writers that only draw the layout). ``write_forms`` writes
a notice's forms as files.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..fileio import check_target, write_atomic
from ..model import Notice
from .definitions import FORMS_DIR, FormDef, known_forms
from .docx import add_form_layout, add_form_table, build_form_docx
from .layout import (
    Cell,
    Layout,
    attachment_index,
    attachment_label,
    deadline_for,
    layout,
    load_form,
    note_line,
    parse_form,
    week_days,
)
from .xlsx import build_summary_xlsx

__all__ = ["FORMS_DIR", "Cell", "FormDef", "Layout", "add_form_layout", "add_form_table", "attachment_index",
           "attachment_label", "build_form_docx", "build_summary_xlsx", "deadline_for", "known_forms", "layout",
           "load_form", "note_line", "parse_form", "week_days", "write_forms"]


#: characters of the title kept in a file name: 60 CJK characters are 180 bytes, well under the
#: 255-byte limit of a name once "附件N_" and ".xlsx" are added
NAME_CHARS = 60


def _safe_name(text: str) -> str:
    return (re.sub(r'[\\/:*?"<>|\s]+', "", text) or "表格")[:NAME_CHARS]


def write_forms(notice: Notice, out_dir: Path, force: bool = False) -> list[Path]:
    """Write every form attachment as .docx (the 汇总表 also as .xlsx); returns the paths.

    All targets are checked before anything is written, so a refusal leaves no half set.
    """
    out_dir = Path(out_dir)
    jobs: list[tuple[Path, int, bool]] = []
    for i, att in enumerate(notice.attachments, 1):
        if not att.form:
            continue
        form = load_form(att.form)  # unknown kinds fail here, before any file is written
        stem = f"{attachment_label(notice, i)}_{_safe_name(att.title or form.name)}"
        jobs.append((out_dir / f"{stem}.docx", i, False))
        if form.xlsx:
            jobs.append((out_dir / f"{stem}.xlsx", i, True))
    for path, _, _ in jobs:
        check_target(path, force)
    written = []
    for path, i, is_xlsx in jobs:
        data = build_summary_xlsx(notice, i) if is_xlsx else build_form_docx(notice, i)
        write_atomic(path, data, force)
        written.append(path)
    return written
