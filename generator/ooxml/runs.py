"""Runs (w:r) and the highlighted placeholders in them; paragraphs (w:p) as docxtpl markup.

Text always passes through ``escape`` here, so a profile value with ``&``, ``<``, ``>`` or
``{{ }}`` lands in the document literally. Objects expose ``__html__`` so docxtpl's
autoescaping inserts them as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from ..model import PLACEHOLDER_RE, is_verify
from .names import escape

#: Word's highlight per kind of mark (notice-kit's convention, not GB/T 9704): a fact nobody
#: gave (【待填】), a fact known for another year (【待核实】), a date a rule computed (推算)
HIGHLIGHT = {"待填": "yellow", "待核实": "cyan", "推算": "green"}

#: the printed forms of the computed dates of the notice being drawn (``highlighting``)
_COMPUTED: ContextVar[re.Pattern | None] = ContextVar("computed_dates", default=None)


@contextmanager
def highlighting(computed: tuple[str, ...]) -> Iterator[None]:
    """While a notice is drawn, ``text_runs`` also highlights these texts (its 推算 dates)."""
    pattern = re.compile("|".join(re.escape(t) for t in computed)) if computed else None
    token = _COMPUTED.set(pattern)
    try:
        yield
    finally:
        _COMPUTED.reset(token)


def marks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every placeholder token and computed date in ``text``, in order."""
    found = [(m.start(), m.end(), "待核实" if is_verify(m.group(0)) else "待填")
             for m in PLACEHOLDER_RE.finditer(text)]
    pattern = _COMPUTED.get()
    if pattern is not None:
        taken = [(a, b) for a, b, _ in found]
        found += [(m.start(), m.end(), "推算") for m in pattern.finditer(text)
                  if not any(a < m.end() and m.start() < b for a, b in taken)]
    return sorted(found)


def rfonts(font: str) -> str:
    """One font for every script: the official name lands in w:eastAsia and beside it."""
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def half_points(size_pt: float) -> str:
    """w:sz and w:szCs: a run's size in half points, for Chinese and complex scripts alike."""
    half = round(size_pt * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def run_properties(font: str = "", *, style: str = "", size_pt: float = 0, color: str = "",
                   highlight: str = "", bold: bool = False) -> str:
    """<w:rPr> in schema order (rStyle, rFonts, b, color, sz, szCs, highlight), or nothing
    when no property is given. Styles (``style_xml``) and runs share it."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if font:
        props += rfonts(font)
    if bold:
        props += "<w:b/>"
    if color:
        props += f'<w:color w:val="{color}"/>'
    if size_pt:
        props += half_points(size_pt)
    if highlight:
        props += f'<w:highlight w:val="{highlight}"/>'
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def run(text: str, font: str = "", *, style: str = "", size_pt: float = 0, color: str = "",
        highlight: str = "", bold: bool = False) -> str:
    """One <w:r> of text, its blanks kept (xml:space)."""
    rpr = run_properties(font, style=style, size_pt=size_pt, color=color, highlight=highlight, bold=bold)
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def text_runs(text: str, font: str = "", **props) -> str:
    """Runs for ``text``; every placeholder token (and computed date) becomes its own
    highlighted run, in its kind's colour (``HIGHLIGHT``)."""
    out, pos = [], 0
    for start, end, kind in marks(text):
        if start > pos:
            out.append(run(text[pos:start], font, **props))
        out.append(run(text[start:end], font, highlight=HIGHLIGHT[kind], **props))
        pos = end
    if pos < len(text) or not out:
        out.append(run(text[pos:], font, **props))
    return "".join(out)


def line_break() -> str:
    """A run holding a w:br: a new line inside the paragraph (a balanced title's lines)."""
    return "<w:r><w:br/></w:r>"


def tab_run() -> str:
    """A run holding a w:tab: the text after it starts at the paragraph's next tab stop."""
    return "<w:r><w:tab/></w:r>"


def field_runs(instr: str, shown: str, font: str = "") -> str:
    """A complex field (PAGE, …): begin, instruction, separate, cached result, end."""
    rpr = f"<w:rPr>{rfonts(font)}</w:rPr>" if font else ""
    return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rpr}<w:t>{escape(shown)}</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')


@dataclass
class Markup:
    """Ready-made XML that docxtpl must insert as is (autoescape leaves __html__ alone)."""

    xml: str = ""

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


@dataclass
class Para(Markup):
    """One <w:p> with a named style; ``ppr`` adds direct paragraph properties (schema order)."""

    style: str = ""
    runs: list[str] = field(default_factory=list)
    ppr: str = ""

    def __html__(self) -> str:
        head = f'<w:pStyle w:val="{self.style}"/>' if self.style else ""
        return f"<w:p><w:pPr>{head}{self.ppr}</w:pPr>{''.join(self.runs)}</w:p>"

    __str__ = __html__
