"""Attachment forms (附件表格): definitions in templates/forms/*.yaml, output as .docx/.xlsx.

A form is data, not code: its columns, rows (plain rows, header rows, groups whose label
is merged down the first column, one row per day of the week, numbered blank rows), the
lines above the table (单位名称（盖章）…) and below it, and a 注 line filled from the
notice's deadline for that attachment. ``layout`` turns a form + notice into a grid of
placed cells once; the .docx and .xlsx writers only draw that grid, so both agree.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import yaml
from cerberus import Validator
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from . import ROOT, TEMPLATES_DIR
from . import gbt9704 as G
from .errors import NoticeError
from .fileio import check_target, write_atomic
from .model import PLACEHOLDER_RE, Attachment, Deadline, Notice, cn_month_day, cn_weekday, placeholder
from .model import attachment_label as model_attachment_label
from .ooxml import insert_in_order, normalise_zip

FORMS_DIR = TEMPLATES_DIR / "forms"
#: forms with at least this many columns go landscape even if the YAML says portrait
WIDE_COLUMNS = 7
#: every zip entry and core-property date is pinned so equal inputs give equal bytes
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = FIXED_TIME.timetuple()[:6]
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

_CELL = {
    "anyof": [
        {"type": ["string", "integer"]},
        {"type": "dict", "schema": {
            "text": {"type": ["string", "integer"], "default": ""},
            "span": {"type": "integer", "min": 1},
            "rowspan": {"type": "integer", "min": 1},
            "bold": {"type": "boolean"},
        }},
    ]
}
_CELLS = {"type": "list", "minlength": 1, "schema": _CELL}
_ROW = {
    "anyof": [
        _CELLS,
        {"type": "dict", "schema": {"header": {**_CELLS, "required": True}}},
        {"type": "dict", "schema": {"days": {**_CELLS, "required": True}}},
        {"type": "dict", "schema": {
            "group": {"type": "string", "required": True, "empty": False},
            "rows": {"type": "list", "required": True, "minlength": 1, "schema": _CELLS},
        }},
        {"type": "dict", "schema": {"blank": {"type": "dict", "required": True, "schema": {
            "count": {"type": "integer", "min": 1, "required": True},
            "cells": {**_CELLS, "required": True},
        }}}},
    ]
}
FORM_SCHEMA = {
    "kind": {"type": "string", "required": True, "empty": False},
    "name": {"type": "string", "required": True, "empty": False},
    "source": {"type": "string", "required": True, "empty": False},
    "orientation": {"type": "string", "allowed": ["portrait", "landscape"], "default": "portrait"},
    "xlsx": {"type": "boolean", "default": False},
    "columns": {"type": "list", "required": True, "minlength": 1, "schema": {"type": "number", "min": 0.1}},
    "above": {"type": "list", "default": [], "schema": {"type": "string"}},
    "below": {"type": "list", "default": [], "schema": {"type": "string"}},
    "rows": {"type": "list", "required": True, "minlength": 1, "schema": _ROW},
    "date_format": {"type": "string", "default": "{month_day}"},
    "note": {"type": "string", "default": ""},
}
FIELD_NAMES = {
    "kind": "表格类型", "name": "名称", "source": "来源", "orientation": "纸张方向", "columns": "列宽",
    "above": "表上方文字", "below": "表下方文字", "rows": "行", "note": "注", "date_format": "日期格式",
}


@dataclass
class FormDef:
    kind: str
    name: str
    source: str
    columns: list[float]
    rows: list
    above: list[str] = field(default_factory=list)
    below: list[str] = field(default_factory=list)
    note: str = ""
    date_format: str = "{month_day}"
    orientation: str = "portrait"
    xlsx: bool = False
    path: Path | None = None

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape" or len(self.columns) >= WIDE_COLUMNS


@dataclass
class Cell:
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


# ---------------------------------------------------------------- definitions


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _flatten_errors(errors, prefix: str = "") -> list[str]:
    """Cerberus error tree → ["行 → 第4项：…"], with the field names users see in Chinese."""
    out: list[str] = []
    for key, items in errors.items():
        if str(key).startswith("anyof definition"):
            continue  # the per-alternative details of an anyof only repeat the summary
        if isinstance(key, int):
            name = f"第{key + 1}项"
        else:
            name = FIELD_NAMES.get(key, key) if not prefix else key
        where = f"{prefix}{name}"
        for item in items:
            if isinstance(item, dict):
                out += _flatten_errors(item, where + " → ")
            else:
                out.append(f"{where}：{_cn_message(str(item))}")
    return out


def _cn_message(msg: str) -> str:
    table = [
        ("required field", "缺少此字段"), ("unknown field", "不认识的字段"), ("must be of", "类型不对"),
        ("unallowed value", "取值不在允许范围内"), ("min length", "不能为空"), ("min value", "数值太小"),
        ("empty values not allowed", "不能为空"), ("no definitions validate", "格式不符合任何一种行的写法"),
    ]
    for needle, cn in table:
        if needle in msg:
            return cn
    return msg


def parse_form(data: object, path: Path) -> FormDef:
    """Validate one YAML form definition; errors name the file and the field in Chinese."""
    v = Validator(FORM_SCHEMA)
    if not isinstance(data, dict) or not v.validate(data):
        detail = "；".join(_flatten_errors(v.errors)) if isinstance(data, dict) else "文件内容应是一个映射"
        raise NoticeError(f"表格定义有误：{_rel(path)}：{detail}")
    d = v.document
    form = FormDef(
        kind=d["kind"], name=d["name"], source=d["source"], columns=[float(c) for c in d["columns"]],
        rows=d["rows"], above=d["above"], below=d["below"], note=d["note"], date_format=d["date_format"],
        orientation=d["orientation"], xlsx=d["xlsx"], path=path,
    )
    if form.kind != path.stem:
        raise NoticeError(f"表格定义有误：{_rel(path)}：表格类型（kind）“{form.kind}”应与文件名“{path.stem}”一致")
    # lay the rows out once against a sample week so a bad grid fails at load, not at render time
    _grid(form, _sample_days(), path)
    return form


def known_forms(forms_dir: Path = FORMS_DIR) -> list[str]:
    return sorted(p.stem for p in forms_dir.glob("*.yaml"))


@cache
def _load(kind: str, forms_dir: Path) -> FormDef:
    path = forms_dir / f"{kind}.yaml"
    if not re.fullmatch(r"[a-z0-9_]+", kind or "") or not path.is_file():
        raise NoticeError(f"不认识的表格类型“{kind}”。可用的类型：{'、'.join(known_forms(forms_dir))}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise NoticeError(f"表格定义有误：{_rel(path)}{where}：YAML 格式错误") from exc
    return parse_form(data, path)


def load_form(kind: str, forms_dir: Path = FORMS_DIR) -> FormDef:
    """The form definition ``templates/forms/<kind>.yaml`` (validated, cached per process)."""
    return _load(kind, Path(forms_dir))


# ---------------------------------------------------------------- layout


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _sample_days() -> list[str]:
    return [placeholder("日期")] * 7


def week_days(notice: Notice, date_format: str = "{month_day}") -> list[str]:
    """One label per day of the week; 7 placeholder dates when the week is not known."""
    start = _iso(notice.week.start) if notice.week else None
    end = _iso(notice.week.end) if notice.week else None
    if not start or not end or end < start:
        return _sample_days()
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


def _grid(form: FormDef, days: list[str], path: Path | None = None) -> tuple[list[Cell], int]:
    """Place cells left to right, skipping positions a merge from above already covers."""
    width = len(form.columns)
    rows = _logical_rows(form, days)
    taken: set[tuple[int, int]] = set()
    placed: list[Cell] = []
    where = _rel(path or form.path or Path(f"{form.kind}.yaml"))
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


def layout(notice: Notice, index: int) -> Layout:
    """The form for attachment ``index`` (1-based) filled in with the notice's facts."""
    if not 1 <= index <= len(notice.attachments):
        raise NoticeError(f"通知没有附件{index}（共{len(notice.attachments)}个附件）")
    att = notice.attachments[index - 1]
    if not att.form:
        raise NoticeError(f"附件{index}“{att.title}”不是表格，没有表格定义")
    form = load_form(att.form)
    cells, n_rows = _grid(form, week_days(notice, form.date_format))
    note = note_line(form, notice, index)
    below = list(form.below) + ([note] if note else [])
    return Layout(form, att.title or form.name, list(form.above), cells, n_rows, below, note)


def attachment_label(notice: Notice, index: int) -> str:
    """附件 alone when the notice has one attachment, else 附件N (shared with the renderer)."""
    return model_attachment_label(len(notice.attachments), index)


# ---------------------------------------------------------------- .docx


def _font(run, east_asia: str, pt: float, bold: bool = False) -> None:
    run.font.size = Pt(pt)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if PLACEHOLDER_RE.search(run.text):
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _off_grid(p) -> None:
    """Form rows are sized in mm: inside a notice whose body snaps to the 22-line grid, a
    snapped two-line cell would take two 10 mm grid lines and push the form onto a second page."""
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    insert_in_order(p._p.get_or_add_pPr(), el, ("spacing", "ind", "contextualSpacing", "mirrorIndents",
                                                 "suppressOverlap", "jc", "textDirection", "textAlignment",
                                                 "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
                                                 "sectPr", "pPrChange"))


def _para(container, text: str, font: str, pt: float, align=None, bold: bool = False):
    p = container.add_paragraph()
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0  # not the notice body's exact grid pitch
    _off_grid(p)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, pt, bold)
    return p


def _borders(table) -> None:
    """Single black lines on every edge: no reliance on a 'Table Grid' style being present."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{k}"), v)
        borders.append(el)
    insert_in_order(tbl_pr, borders, ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"))


def _text_width(doc: DocxDocument) -> int:
    s = doc.sections[-1]
    return int(s.page_width - s.left_margin - s.right_margin)


def add_form_table(doc: DocxDocument, attachment: Attachment, notice: Notice) -> bool:
    """Append the lines above, the table and the lines below (注 included) to ``doc``.

    The caller has already written the 附件N label and the title. Returns False when the
    attachment has no form or an unknown one, so the caller can leave the page as is.
    """
    if not attachment.form or attachment.form not in known_forms():
        return False
    index = attachment_index(notice, attachment)
    if not index:
        return False
    add_form_layout(doc, layout(notice, index))
    return True


def add_form_layout(doc: DocxDocument, lay: Layout) -> None:
    """Append a laid-out form: the lines above, the table, the lines below (注 included)."""
    for line in lay.above:
        _para(doc, line, LINE_FONT, LINE_PT)
    _draw_table(doc, lay)
    for line in lay.below:
        _para(doc, line, LINE_FONT, LINE_PT)


def _draw_table(doc: DocxDocument, lay: Layout) -> None:
    widths = lay.form.columns
    total = _text_width(doc)
    col_w = [int(total * w / sum(widths)) for w in widths]
    table = doc.add_table(rows=lay.n_rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    for j, w in enumerate(col_w):
        table.columns[j].width = w
    # python-docx's table.cell() rebuilds the whole grid on every call (quadratic in cells), so
    # the cells are taken once from the XML, filled, and merged last: merging a region leaves
    # the top-left cell of every other region in place.
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for row in grid:
        for j, cell in enumerate(row):
            cell.width = col_w[j]
    # room to write by hand, but the whole form stays on one page
    sec = doc.sections[-1]
    free_mm = (sec.page_height - sec.top_margin - sec.bottom_margin) / Mm(1) - _furniture_mm(lay, total / Mm(1))
    heights = _row_heights(lay, [w / Mm(1) for w in col_w], free_mm)
    for row, height in zip(table.rows, heights, strict=True):
        row.height = Mm(height)
        # a row split over two pages leaves half a date on each
        insert_in_order(row._tr.get_or_add_trPr(), OxmlElement("w:cantSplit"),
                         ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"))
    for c in lay.cells:
        cell = grid[c.row][c.col]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        _off_grid(p)
        if c.text:
            _font(p.add_run(c.text), HEAD_FONT if c.bold else CELL_FONT, CELL_PT)
    for c in lay.cells:
        if c.rowspan > 1 or c.colspan > 1:
            grid[c.row][c.col].merge(grid[c.row + c.rowspan - 1][c.col + c.colspan - 1])


def _lines(text: str, width_mm: float, pt: float) -> int:
    """Lines ``text`` takes in ``width_mm`` at ``pt`` (CJK full width, ASCII half)."""
    ems = sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)
    per_line = max(1, int(width_mm / (pt * PT_MM)))
    return max(1, -(-int(ems + 0.99) // per_line))


def _furniture_mm(lay: Layout, width_mm: float) -> float:
    title = _lines(lay.title, width_mm, TITLE_PT + 1)  # +1: balanced breaks fill lines less
    around = sum(_lines(t, width_mm, LINE_PT) for t in [*lay.above, *lay.below])
    return LABEL_MM + title * TITLE_LINE_MM + around * LINE_MM + SLACK_MM


def _row_heights(lay: Layout, col_mm: list[float], free_mm: float) -> list[float]:
    """One height for the rows (largest between ROW_MM_MIN and ROW_MM_MAX that fits ``free_mm``),
    and more for a row whose text wraps: Word and LibreOffice grow such a row anyway, so the
    others must leave it room or the form spills onto a second page."""
    need = [0.0] * lay.n_rows
    for c in lay.cells:
        if c.rowspan == 1 and c.text:
            width = sum(col_mm[c.col:c.col + c.colspan]) - 2.0  # cell margins
            need[c.row] = max(need[c.row], _lines(c.text, width, CELL_PT) * CELL_PT * 1.3 * PT_MM + 1.0)
    height = ROW_MM_MAX
    while height > ROW_MM_MIN and sum(max(height, n) for n in need) > free_mm:
        height -= 0.5
    return [max(height, n) for n in need]


def _page_setup(doc: DocxDocument, landscape: bool) -> None:
    """A4 with the GB/T 9704 text block (156 × 225 mm), turned for wide forms."""
    s = doc.sections[0]
    margins = (G.MARGIN_TOP, G.MARGIN_BOTTOM, G.MARGIN_LEFT, G.MARGIN_RIGHT)
    if landscape:  # turned a quarter: the top margin becomes the left one
        s.orientation = WD_ORIENT.LANDSCAPE
        s.page_width, s.page_height = Mm(G.PAGE_H), Mm(G.PAGE_W)
        left, right, top, bottom = margins
    else:
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Mm(G.PAGE_W), Mm(G.PAGE_H)
        top, bottom, left, right = margins
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(top), Mm(bottom), Mm(left), Mm(right)


def build_form_docx(notice: Notice, index: int) -> bytes:
    """The standalone document for attachment ``index`` (1-based): label, title, form."""
    lay = layout(notice, index)
    doc = Document()
    _page_setup(doc, lay.form.landscape)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the default template's empty paragraph
        body.remove(p)
    _para(doc, attachment_label(notice, index), LABEL_FONT, LABEL_PT)
    _para(doc, "", LINE_FONT, LINE_PT)
    _para(doc, lay.title, TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "", LINE_FONT, LINE_PT)
    add_form_table(doc, notice.attachments[index - 1], notice)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = lay.title, "notice-kit", "notice-kit"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue(), FIXED_ZIP_TIME)


# ---------------------------------------------------------------- .xlsx


def build_summary_xlsx(notice: Notice, index: int) -> bytes:
    """The same form as a worksheet (merged cells kept) for superiors who aggregate them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    lay = layout(notice, index)
    width = len(lay.form.columns)
    wb = Workbook()
    ws = wb.active
    ws.title = f"附件{index}"
    line_font = Font(name=CELL_FONT, size=12)

    def line(r: int, text: str, font: Font, center: bool = False) -> None:
        ws.cell(r, 1, text).font = font
        ws.cell(r, 1).alignment = Alignment(horizontal="center" if center else "left", vertical="center")
        if width > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)

    line(1, attachment_label(notice, index), Font(name=LABEL_FONT, size=14))
    line(2, lay.title, Font(name=TITLE_FONT, size=18, bold=True), center=True)
    r = 3
    for text in lay.above:
        line(r, text, line_font)
        r += 1
    top = r
    side = Side(style="thin", color="000000")
    box = Border(left=side, right=side, top=side, bottom=side)
    for i in range(lay.n_rows):  # borders on every grid position, merged ones included
        for j in range(width):
            ws.cell(top + i, j + 1).border = box
    for c in lay.cells:
        cell = ws.cell(top + c.row, c.col + 1, c.text or None)
        cell.font = Font(name=HEAD_FONT if c.bold else CELL_FONT, size=11, bold=c.bold)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(start_row=top + c.row, start_column=c.col + 1,
                           end_row=top + c.row + c.rowspan - 1, end_column=c.col + c.colspan)
    r = top + lay.n_rows
    for text in lay.below:
        line(r, text, line_font)
        r += 1
    for j, w in enumerate(lay.form.columns, 1):
        ws.column_dimensions[get_column_letter(j)].width = round(w * 4.5, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if lay.form.landscape else "portrait"
    wb.properties.creator = wb.properties.lastModifiedBy = "notice-kit"
    wb.properties.title = lay.title
    wb.properties.created = wb.properties.modified = FIXED_TIME
    # openpyxl's save() stamps "modified" with the clock; its writer without that step does not
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(buf.getvalue(), FIXED_ZIP_TIME)


# ---------------------------------------------------------------- files


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
