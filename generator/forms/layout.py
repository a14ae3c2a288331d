"""A form filled in for one notice: ``layout`` turns a FormDef + Notice into a grid of
placed cells once (and sizes its rows to fit one page); the .docx, .xlsx and HTML writers
only draw that grid, so all agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from .. import gbt9704 as G
from ..errors import NoticeError
from ..model import Attachment, Deadline, Notice, cn_month_day, cn_weekday, placeholder
from ..model import attachment_label as model_attachment_label
from .definitions import FORMS_DIR, FormDef, rel_path
from .definitions import load_form as _read_form
from .definitions import parse_form as _parse_form

#: table rows are 6–10 mm high (higher where their text wraps), as room to write by hand allows
ROW_MM_MIN, ROW_MM_MAX = 6.0, 10.0
# What surrounds the table on its page, measured on the draft's attachment pages (the
# standalone files need less): 附件 label and gaps, each title line (2号 on the body grid),
# each line above/below the table (4号 without grid), a margin for rounding.
LABEL_MM, TITLE_LINE_MM, LINE_MM, SLACK_MM = 26.0, 15.0, 7.0, 4.0
PT_MM = G.MM_PER_PT

# fonts and sizes from the one GB/T 9704 spec
LABEL_FONT, LABEL_PT = G.ELEMENTS["attachment_label"].font, G.ELEMENTS["attachment_label"].size
TITLE_FONT, TITLE_PT = G.ELEMENTS["attachment_title"].font, G.ELEMENTS["attachment_title"].size
LINE_FONT, LINE_PT = G.ELEMENTS["form_line"].font, G.ELEMENTS["form_line"].size
CELL_FONT, CELL_PT = G.ELEMENTS["form_cell"].font, G.ELEMENTS["form_cell"].size
HEAD_FONT = G.ELEMENTS["form_header"].font


@dataclass
class Cell:
    """One cell of a form's grid: its place, text, spans and weight."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False


@dataclass
class Layout:
    """A form filled in for one notice: what goes above, the grid, what goes below."""

    form: FormDef
    title: str
    above: list[str]
    cells: list[Cell]
    n_rows: int
    below: list[str]  # includes the 注 line when the notice has a deadline for it
    note: str = ""


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def sample_days() -> list[str]:
    return [placeholder("日期")] * 7


def load_form(kind: str, forms_dir: Path = FORMS_DIR) -> FormDef:
    """The form definition, its rows laid out once against a sample week: a bad grid fails
    when the form is loaded, not when a notice's attachment is rendered."""
    return _gridded(_read_form(kind, Path(forms_dir)))


def parse_form(data: object, path: Path, lines: dict[tuple, int] | None = None) -> FormDef:
    """``definitions.parse_form`` and the same grid check as ``load_form``."""
    return _gridded(_parse_form(data, path, lines))


def _gridded(form: FormDef) -> FormDef:
    if id(form) not in _GRIDDED:
        grid(form, sample_days(), form.path)
        _GRIDDED[id(form)] = form  # kept, so the id is never reused by another definition
    return form


_GRIDDED: dict[int, FormDef] = {}


def week_days(notice: Notice, date_format: str = "{month_day}") -> list[str]:
    """One label per day of the week; 7 placeholder dates when the week is not known."""
    start = _iso(notice.week.start) if notice.week else None
    end = _iso(notice.week.end) if notice.week else None
    if not start or not end or end < start:
        return sample_days()
    days = [start + timedelta(n) for n in range((end - start).days + 1)]
    return [date_format.format(month_day=cn_month_day(d), weekday=cn_weekday(d)) for d in days]


def _cell(raw, bold: bool = False, **fmt: str) -> Cell:
    if isinstance(raw, dict):
        text = str(raw.get("text", ""))
        c = Cell(0, 0, text, raw.get("rowspan", 1), raw.get("span", 1), raw.get("bold", bold))
    else:
        c = Cell(0, 0, str(raw), bold=bold)
    if fmt:
        c.text = c.text.format(**fmt)
    return c


def _logical_rows(form: FormDef, days: list[str]) -> list[list[Cell]]:
    """YAML rows → one list of cells per table row (cells under a merge are left out)."""
    rows: list[list[Cell]] = []
    for raw in form.rows:
        if isinstance(raw, list):
            rows.append([_cell(c) for c in raw])
        elif "header" in raw:
            rows.append([_cell(c, bold=True) for c in raw["header"]])
        elif "group" in raw:
            label = Cell(0, 0, raw["group"], rowspan=len(raw["rows"]), bold=True)
            for i, sub in enumerate(raw["rows"]):
                rows.append(([label] if i == 0 else []) + [_cell(c) for c in sub])
        elif "days" in raw:
            rows += [[_cell(c, date=d) for c in raw["days"]] for d in days]
        else:
            blank = raw["blank"]
            rows += [[_cell(c, n=str(n)) for c in blank["cells"]] for n in range(1, blank["count"] + 1)]
    return rows


def grid(form: FormDef, days: list[str], path: Path | None = None) -> tuple[list[Cell], int]:
    """Place cells left to right, skipping positions a merge from above already covers."""
    width = len(form.columns)
    rows = _logical_rows(form, days)
    taken: set[tuple[int, int]] = set()
    placed: list[Cell] = []
    where = rel_path(path or form.path or Path(f"{form.kind}.yaml"))
    for r, cells in enumerate(rows):
        col = 0
        for c in cells:
            while (r, col) in taken:
                col += 1
            if col + c.colspan > width or r + c.rowspan > len(rows):
                raise NoticeError(f"表格定义有误：{where}：行 → 第{r + 1}行的格子“{c.text}”超出了表格（共{width}列）")
            c.row, c.col = r, col
            taken.update((r + i, col + j) for i in range(c.rowspan) for j in range(c.colspan))
            placed.append(c)
            col += c.colspan
        missing = [j for j in range(width) if (r, j) not in taken]
        if missing:
            raise NoticeError(f"表格定义有误：{where}：行 → 第{r + 1}行只有{width - len(missing)}列，应为{width}列")
    return placed, len(rows)


def deadline_for(notice: Notice, index: int) -> Deadline | None:
    """The deadline that asks for attachment ``index`` (1-based), if the notice has one.

    A deadline carries one attachment number; when it asks for several forms (淄博 2024:
    《特色亮点活动情况表》（附件3）、《开展情况汇总表》（附件4）) the others are named in its
    materials, so those count too.
    """
    direct = next((d for d in notice.deadlines if d.attachment == index), None)
    named = re.compile(rf"附件\s*{index}(?!\d)")
    return direct or next((d for d in notice.deadlines if any(named.search(m) for m in d.materials)), None)


def note_line(form: FormDef, notice: Notice, index: int) -> str:
    """The 注 line with the return deadline, office and e-mail; "" when nothing asks for it."""
    d = deadline_for(notice, index)
    if not form.note or d is None:
        return ""
    day = _iso(d.date)
    when = f"{cn_month_day(day)}（{cn_weekday(day)}）" if day else d.date
    contact = d.contact
    office = d.office or (contact.office if contact else "") or placeholder("报送部门")
    email = (contact.email if contact else "") or placeholder("邮箱")
    return form.note.format(deadline=when, office=office, email=email)


def attachment_index(notice: Notice, attachment: Attachment) -> int:
    """1-based number of ``attachment`` in the notice (by identity, then by equality)."""
    for i, a in enumerate(notice.attachments, 1):
        if a is attachment:
            return i
    for i, a in enumerate(notice.attachments, 1):
        if a == attachment:
            return i
    return 0


#: blank rows a generic form (a source's own table) leaves to fill in
GENERIC_ROWS = 8


def with_columns(form: FormDef, columns: list[str]) -> FormDef:
    """A generic form drawn with the source table's headings (``Attachment.columns``): equal
    widths, the headings as the header row, blank rows under it."""
    if not columns or form.kind != "generic":
        return form
    return replace(form, columns=[1.0] * len(columns),
                   rows=[{"header": list(columns)}, {"blank": {"count": GENERIC_ROWS, "cells": [""] * len(columns)}}])


def layout(notice: Notice, index: int) -> Layout:
    """The form for attachment ``index`` (1-based) filled in with the notice's facts."""
    if not 1 <= index <= len(notice.attachments):
        raise NoticeError(f"通知没有附件{index}（共{len(notice.attachments)}个附件）")
    att = notice.attachments[index - 1]
    if not att.form:
        raise NoticeError(f"附件{index}“{att.title}”不是表格，没有表格定义")
    form = with_columns(load_form(att.form), att.columns)
    cells, n_rows = grid(form, week_days(notice, form.date_format))
    note = note_line(form, notice, index)
    below = list(form.below) + ([note] if note else [])
    return Layout(form, att.title or form.name, list(form.above), cells, n_rows, below, note)


def attachment_label(notice: Notice, index: int) -> str:
    """附件 alone when the notice has one attachment, else 附件N (shared with the renderer)."""
    return model_attachment_label(len(notice.attachments), index)


def _lines(text: str, width_mm: float, pt: float) -> int:
    """Lines ``text`` takes in ``width_mm`` at ``pt`` (CJK full width, ASCII half)."""
    ems = sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)
    per_line = max(1, int(width_mm / (pt * PT_MM)))
    return max(1, -(-int(ems + 0.99) // per_line))


def furniture_mm(lay: Layout, width_mm: float) -> float:
    title = _lines(lay.title, width_mm, TITLE_PT + 1)  # +1: balanced breaks fill lines less
    around = sum(_lines(t, width_mm, LINE_PT) for t in [*lay.above, *lay.below])
    return LABEL_MM + title * TITLE_LINE_MM + around * LINE_MM + SLACK_MM


#: a cell's left and right margins together (Word's default 0.19 cm each, LibreOffice alike)
CELL_MARGINS_MM = 3.8
#: where a cell's text may break: before 及/与/和 joining two words and before （, after ）/、
#: (参与对象|及人数, 活动内容|与形式, 区县|（单位）); 参与 keeps its 与: a word has two characters
CONJUNCTIONS, OPENING, CLOSING = "及与和", "（(“", "）)、/”"


def cell_words(text: str) -> list[str]:
    words = [""]
    for ch in text:
        joins = ch in CONJUNCTIONS and len(words[-1]) >= 2
        if words[-1] and (joins or ch in OPENING or words[-1][-1] in CLOSING):
            words.append("")
        words[-1] += ch
    return [w for w in words if w]


def _word_mm(word: str, pt: float) -> float:
    return G.text_width(word) * pt * PT_MM


def cell_lines(text: str, width_mm: float, pt: float = CELL_PT) -> list[str]:
    """``text`` broken into the lines it takes in a cell ``width_mm`` wide, only between
    words; a word wider than the cell (its column too narrow even so) is cut in two-character
    pieces, the length of most Chinese words."""
    room = width_mm - CELL_MARGINS_MM
    lines: list[str] = []
    line = ""
    for word in cell_words(text):
        if line and _word_mm(line + word, pt) > room:
            lines.append(line)
            line = ""
        while _word_mm(line + word, pt) > room and len(word) > 2:
            cut = max(2, int(room / (pt * PT_MM)) // 2 * 2)
            lines.append(word[:cut])
            word = word[cut:]
        line += word
    return [*lines, line] if line else lines or [""]


def column_widths(lay: Layout, total_mm: float, pt: float = CELL_PT) -> list[float]:
    """The YAML's proportions, except that every column is at least as wide as the longest
    word of its one-column cells (header words stay whole) — or, when the table cannot hold
    all of them, as two characters, so no cell breaks into lone characters; the other
    columns give way in proportion."""
    shares = lay.form.columns
    widths = [total_mm * w / sum(shares) for w in shares]
    for piece in (None, 2):  # whole words; else two-character pieces
        need = [0.0] * len(widths)
        for c in lay.cells:
            if c.colspan == 1 and c.text:
                words = [w[:piece] for w in cell_words(c.text)]
                longest = max((_word_mm(w, pt) for w in words), default=0.0)
                need[c.col] = max(need[c.col], longest + CELL_MARGINS_MM + 0.5)
        short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
        slack = [max(0.0, w - n) for n, w in zip(need, widths, strict=True)]
        if short <= 0:
            return widths
        if sum(slack) >= short:
            return [max(w, n) - short * sl / sum(slack) for w, n, sl in zip(widths, need, slack, strict=True)]
    return widths


def header_rows(lay: Layout) -> int:
    """The grid's top rows made only of header cells (a header's rowspan kept whole): the rows
    a printed page repeats (.xlsx print titles, HTML <thead>)."""
    rows = 0
    for r in range(lay.n_rows):
        cells = [c for c in lay.cells if c.row <= r < c.row + c.rowspan]
        if not cells or not all(c.bold for c in cells):
            break
        rows = r + 1
    while rows and any(c.row < rows < c.row + c.rowspan for c in lay.cells):
        rows -= 1
    return rows


def row_heights(lay: Layout, col_mm: list[float], free_mm: float) -> list[float]:
    """One height for the rows (largest between ROW_MM_MIN and ROW_MM_MAX that fits ``free_mm``),
    and more for a row whose text wraps: Word and LibreOffice grow such a row anyway, so the
    others must leave it room or the form spills onto a second page."""
    need = [0.0] * lay.n_rows
    for c in lay.cells:
        if c.rowspan == 1 and c.text:
            lines = len(cell_lines(c.text, sum(col_mm[c.col:c.col + c.colspan])))
            need[c.row] = max(need[c.row], lines * CELL_PT * 1.3 * PT_MM + 1.0)
    height = ROW_MM_MAX
    while height > ROW_MM_MIN and sum(max(height, n) for n in need) > free_mm:
        height -= 0.5
    return [max(height, n) for n in need]
