"""Direct paragraph properties (the children of w:pPr), one named helper each.

Each returns its element as text; a caller joins them in the schema's order (keepNext,
pageBreakBefore, framePr, pBdr, shd, tabs, overflowPunct, snapToGrid, spacing, ind, jc,
rPr) and hands them to ``Para(ppr=…)`` or ``style_xml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from .runs import run_properties

#: one side of an indent: twips, or (hundredths of a character, twips) to write w:…Chars too
Side = int | tuple[int, int] | None


def paragraph_properties(children: str) -> str:
    """w:pPr around ``children`` (a style's paragraph properties)."""
    return f"<w:pPr>{children}</w:pPr>"


def keep_next() -> str:
    """w:keepNext: the paragraph stays on the page of the next one (a heading, the 署名)."""
    return "<w:keepNext/>"


def page_break_before() -> str:
    """w:pageBreakBefore: the paragraph starts a page (an attachment's 附件N label)."""
    return "<w:pageBreakBefore/>"


def hanging_punctuation() -> str:
    """w:overflowPunct on: Word's own default written out, because LibreOffice reads it
    inverted (writerfilter: ParaIsHangingPunctuation = value == 0) and so hangs nothing when
    it is absent: a closing mark that does not fit takes the character before it along."""
    return '<w:overflowPunct w:val="1"/>'


def off_grid() -> str:
    """w:snapToGrid off: the paragraph keeps its own line height, not the 22-line grid's."""
    return '<w:snapToGrid w:val="0"/>'


def spacing(*, before: int | None = None, after: int | None = None, line: int | None = None,
            rule: str = "exact") -> str:
    """w:spacing in twips: space before and after, and the line height (``rule`` exact, or
    auto with 240 = single); an attribute not given is left to the style."""
    attrs = ""
    if before is not None:
        attrs += f' w:before="{before}"'
    if after is not None:
        attrs += f' w:after="{after}"'
    if line is not None:
        attrs += f' w:line="{line}" w:lineRule="{rule}"'
    return f"<w:spacing{attrs}/>"


def indent(*, left: Side = None, right: Side = None, first_line: Side = None, hanging: Side = None) -> str:
    """w:ind: each side in twips, or as (1/100 character, twips) so w:leftChars … are set
    alike (Word prefers the *Chars values, LibreOffice the twips)."""
    attrs = ""
    for key, side in (("left", left), ("right", right), ("firstLine", first_line), ("hanging", hanging)):
        if isinstance(side, tuple):
            attrs += f' w:{key}Chars="{side[0]}" w:{key}="{side[1]}"'
        elif side is not None:
            attrs += f' w:{key}="{side}"'
    return f"<w:ind{attrs}/>"


def align(value: str) -> str:
    """w:jc: left, center, right, both (justified) or distribute."""
    return f'<w:jc w:val="{value}"/>'


def tab_stops(stops: Iterable[tuple[str, int]]) -> str:
    """w:tabs: one w:tab per (alignment, position in twips); nothing when there is none."""
    tabs = "".join(f'<w:tab w:val="{kind}" w:pos="{pos}"/>' for kind, pos in stops)
    return f"<w:tabs>{tabs}</w:tabs>" if tabs else ""


def shading(fill: str) -> str:
    """w:shd filled with ``fill``: an empty paragraph shaded so draws a rule (版记, 信函格式)."""
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


def border(side: str, eighths: int, color: str = "000000", space: int = 1) -> str:
    """One single line of a border (w:top, w:bottom, … inside w:pBdr or w:tblBorders),
    ``eighths`` of a point wide, ``space`` points from the text."""
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{color}"/>'


def bottom_rule(eighths: int, color: str, space: int = 0) -> str:
    """w:pBdr with a bottom line only: the red rule under the 文号 (7.2.7)."""
    return f"<w:pBdr>{border('bottom', eighths, color, space=space)}</w:pBdr>"


def paragraph_mark(size_pt: float) -> str:
    """w:pPr/w:rPr: the paragraph mark's own size, so an empty paragraph is no taller than
    its exact line (the rules and the air between them)."""
    return run_properties(size_pt=size_pt)


def frame_bottom(width_twips: int) -> str:
    """w:framePr that pins a paragraph group to the bottom of the text block (版记)."""
    return (f'<w:framePr w:w="{width_twips}" w:wrap="notBeside" w:vAnchor="margin" '
            f'w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>')


def frame_at(width_twips: int, y_twips: int, wrap: str = "notBeside") -> str:
    """w:framePr ``y_twips`` below the page's top edge, centred on the text block (信函格式's
    letterhead: its mark and double lines stand outside the text block, 10.1)."""
    return (f'<w:framePr w:w="{width_twips}" w:wrap="{wrap}" w:vAnchor="page" w:hAnchor="margin" '
            f'w:xAlign="center" w:y="{y_twips}"/>')
