"""Named paragraph and character styles, one per GB/T 9704 element.

A clerk restyles the notice in Word through these names (公文-正文, 公文-标题, …); the
renderer only refers to their ids. ``styles_xml`` is used by scripts/build_template.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import gbt9704 as G
from ..ooxml import (
    align,
    bottom_rule,
    hanging_punctuation,
    indent,
    keep_next,
    off_grid,
    page_break_before,
    paragraph_properties,
    run_properties,
    spacing,
    style_xml,
)
from ..ooxml import (
    doc_defaults_xml as _doc_defaults,
)

LINE = G.line_pitch_twips()
CHAR = G.char_twips()


@dataclass(frozen=True)
class Style:
    """A paragraph style of the template: font, size, alignment and indents."""

    id: str
    name: str
    font: str
    size: float
    jc: str = "both"
    first_line_chars: int = 0  # in 1/100 character, Word's *Chars units
    left_chars: int = 0
    right_chars: int = 0
    hanging_chars: int = 0
    before: int = 0  # twips
    after: int = 0
    line: int = LINE  # exact line height (twips); 0 = single, auto
    color: str = ""
    keep_next: bool = False
    page_break_before: bool = False
    extra_ppr: str = ""  # borders etc. (goes after keep/pageBreak, before spacing)
    char: bool = False  # a character style
    grid: bool = True  # False: keep its own height instead of snapping to the 22-line grid

    def ppr(self) -> str:
        out = keep_next() if self.keep_next else ""
        if self.page_break_before:
            out += page_break_before()
        out += self.extra_ppr
        # 标点溢出 on (LibreOffice reads an absent w:overflowPunct as off)
        out += hanging_punctuation()
        if not self.grid:
            out += off_grid()
        if self.line:
            out += spacing(before=self.before, after=self.after, line=self.line)
        else:
            out += spacing(before=self.before, after=self.after, line=240, rule="auto")
        char = G.char_twips(self.size)  # a character of this style's own size (版记: 4号)
        sides = {key: (chars, round(chars * char / 100))
                 for key, chars in (("left", self.left_chars), ("right", self.right_chars),
                                    ("first_line", self.first_line_chars), ("hanging", self.hanging_chars))
                 if chars}
        out += indent(**sides) if sides else indent(left=0, right=0, first_line=0)
        return paragraph_properties(out + align(self.jc))

    def rpr(self) -> str:
        return run_properties(self.font, color=self.color, size_pt=self.size)

    def xml(self) -> str:
        body = self.rpr() if self.char else self.ppr() + self.rpr()
        return style_xml(self.id, self.name, body, character=self.char)




def _font(element: str) -> tuple[str, float]:
    spec = G.ELEMENTS[element]
    return spec.font, spec.size


_TWO = 200  # two characters, in 1/100 character
#: of the 4 mm from the 文号's characters to the red rule (7.2.7), what the 文号's own grid line
#: leaves under them plus the border's offset under the rule's line (measured in LibreOffice)
RULE_TAKEN_MM = 3.23

MARK = Style("NKMark", "公文-发文机关标志", *_font("mark"), jc="distribute", line=0, color=G.RED, grid=False)
MARK_WORD = Style("NKMarkWord", "公文-发文机关标志-文件", *_font("mark"), jc="left", line=0,
                  color=G.RED, grid=False)
MARK_SPACE = Style("NKMarkSpace", "公文-版头留白", *_font("body"), line=G.mm_to_twips(G.MARK_TOP_MM), grid=False)
DOC_NUMBER = Style("NKDocNumber", "公文-发文字号", *_font("doc_number"), jc="center", before=2 * LINE)
RULE = Style("NKRule", "公文-版头分隔线", G.FONT_FS, 1, line=G.mm_to_twips(G.RULE_MM - RULE_TAKEN_MM),
             extra_ppr=bottom_rule(G.RULE_EIGHTHS, G.RED), grid=False)
TITLE = Style("NKTitle", "公文-标题", *_font("title"), jc="center", before=2 * LINE, line=round(LINE * 1.2),
              grid=False)
RECIPIENTS = Style("NKRecipients", "公文-主送机关", *_font("recipients"), before=LINE)
BODY = Style("NKBody", "公文-正文", *_font("body"), first_line_chars=_TWO)
HEADING1 = Style("NKHeading1", "公文-一级标题", *_font("heading1"), first_line_chars=_TWO, keep_next=True)
HEADING2 = Style("NKHeading2", "公文-二级标题", *_font("heading2"), first_line_chars=_TWO, keep_next=True)
HEADING3 = Style("NKHeading3", "公文-三级标题", *_font("heading3"), first_line_chars=_TWO, keep_next=True)
HEADING4 = Style("NKHeading4", "公文-四级标题", *_font("heading4"), first_line_chars=_TWO, keep_next=True)
RUN_IN2 = Style("NKRunIn2", "公文-段首二级标题", *_font("heading2"), char=True)
RUN_IN3 = Style("NKRunIn3", "公文-段首三级标题", *_font("heading3"), char=True)
# 附件说明 and 署名 keep with what follows, so the 成文日期 never sits alone on a page and the
# first seal stays within a line of the body (clause 7.3.5).
ATTACH_NOTE = Style("NKAttachNote", "公文-附件说明", *_font("attachment_note"), jc="left",
                    left_chars=_TWO + 300, hanging_chars=300, keep_next=True)
SIGNATURE = Style("NKSignature", "公文-发文机关署名", *_font("signature"), jc="right", keep_next=True)
DATE = Style("NKDate", "公文-成文日期", *_font("date"), jc="right", right_chars=400)
ATTACH_LABEL = Style("NKAttachLabel", "公文-附件标识", *_font("attachment_label"), jc="left", page_break_before=True)
ATTACH_TITLE = Style("NKAttachTitle", "公文-附件标题", *_font("attachment_title"), jc="center", before=LINE,
                     after=LINE, line=round(LINE * 1.2), grid=False)
IMPRINT = Style("NKImprint", "公文-版记", *_font("imprint"), jc="left", left_chars=100, right_chars=100,
                line=0, grid=False)
# 信函格式 (10.1): the 文号 顶格居版心右边缘, 3号汉字高度的7/8 under the first double line
LETTER_NUMBER = Style("NKLetterNumber", "公文-信函发文字号", *_font("doc_number"), jc="right",
                      before=round((G.LETTER_NUMBER_GAP_PT + 0.196 * G.SIZE_3) * 20), line=round(G.SIZE_3 * 20),
                      grid=False)  # 0.196: the raise of an exact line's characters (render.EXACT_RAISE)
LETTER_MARK = Style("NKLetterMark", "公文-信函发文机关标志", *_font("mark"), jc="center", line=0, color=G.RED,
                    grid=False)
PAGE_NUMBER = Style("NKPageNumber", "公文-页码", *_font("page_number"), jc="right", line=0)

ALL = [MARK, MARK_WORD, MARK_SPACE, DOC_NUMBER, RULE, TITLE, RECIPIENTS, BODY, HEADING1, HEADING2,
       HEADING3, HEADING4, RUN_IN2, RUN_IN3, ATTACH_NOTE, SIGNATURE, DATE, ATTACH_LABEL, ATTACH_TITLE,
       IMPRINT, LETTER_NUMBER, LETTER_MARK, PAGE_NUMBER]
HEADINGS = {1: HEADING1, 2: HEADING2, 3: HEADING3, 4: HEADING4}
RUN_INS = {2: RUN_IN2, 3: RUN_IN3, 4: RUN_IN3}


def doc_defaults_xml() -> str:
    """Normal: 3号 仿宋 on the 22-line grid, the base every notice style builds on."""
    return _doc_defaults(G.FONT_FS, G.SIZE_3, G.char_spacing_twips(), LINE)
