"""Composition: a Notice → the ordered blocks a reader sees, with their final wording.

Every writer (.docx, plain text, HTML) draws these blocks and decides nothing about
wording: the 附件： label and numbering of the 附件说明, the 抄送：… line, the 印发 line,
dates written out as 2024年10月18日, heading labels, the run-in lead of a heading
printed on its first paragraph's line, and the 【待填】 placeholder for anything missing.
The Notice given is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import Notice, Section, attachment_label, cn_date, heading_label, placeholder

#: a run-in heading that already ends a sentence keeps its stop; others get 。
STOPS = ("。", "：", "！", "？", "；")


@dataclass(frozen=True)
class Mark:
    """发文机关标志: the issuers' names, stacked for a joint notice, with 文件 beside them."""

    names: tuple[str, ...]
    word: str = "文件"


@dataclass(frozen=True)
class DocNumber:
    """The 发文字号 line."""

    text: str


@dataclass(frozen=True)
class Title:
    """The 标题."""

    text: str


@dataclass(frozen=True)
class Recipients:
    """The 主送机关 line."""

    text: str  # ends with ：


@dataclass(frozen=True)
class Heading:
    """A numbered heading of the body (一、 / （一） / 1. / （1）)."""

    level: int
    label: str
    text: str

    @property
    def full(self) -> str:
        return f"{self.label}{self.text}"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``lead`` is a run-in heading of ``level`` printed at its start."""

    text: str
    lead: str = ""
    level: int = 0

    @property
    def full(self) -> str:
        return self.lead + self.text


@dataclass(frozen=True)
class NoteItem:
    """One line of the 附件说明: ``lead`` is 附件： on the first line, ``number`` "1. " when
    there are several attachments."""

    lead: str
    number: str
    title: str

    @property
    def full(self) -> str:
        return self.lead + self.number + self.title


@dataclass(frozen=True)
class AttachmentNote:
    """The 附件说明: one item per attachment."""

    items: tuple[NoteItem, ...]


@dataclass(frozen=True)
class Signature:
    """发文机关署名 in issuing order, then the 成文日期."""

    names: tuple[str, ...]
    date: str
    sealed: bool = True


@dataclass(frozen=True)
class AttachmentPage:
    """One attachment on its own page: 附件N, its title, and its form when it has one."""

    index: int
    label: str
    title: str
    form: object | None = None  # generator.forms.Layout
    note: str = ""  # what to attach, when there is no form to draw


@dataclass(frozen=True)
class Imprint:
    """版记: 抄送 line (may be empty), 印发机关 and 印发日期 (…印发)."""

    cc: str
    office: str
    issued: str


Block = Mark | DocNumber | Title | Recipients | Heading | Paragraph | AttachmentNote | Signature | \
    AttachmentPage | Imprint


@dataclass
class Composition:
    """The notice's blocks in print order, for every writer (.docx, text, HTML)."""

    blocks: list[Block] = field(default_factory=list)
    format: str = "文件"  # or 信函 (GB/T 9704-2012 10.1)
    computed: tuple[str, ...] = ()  # the computed (推算) dates as printed: writers highlight them

    @property
    def letter(self) -> bool:
        return self.format == "信函"

    def of(self, kind: type) -> list:
        return [b for b in self.blocks if isinstance(b, kind)]

    def one(self, kind: type):
        found = self.of(kind)
        return found[0] if found else None


def date_text(value: str) -> str:
    """ISO → 2024年10月18日; a placeholder token stays as it is (and gets highlighted)."""
    try:
        return cn_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or placeholder("日期")


def _labels(notice: Notice) -> dict[int, tuple[int, str]]:
    """Level and label per section (by id): as the model has them, or numbered by position
    when any is missing (drafting numbers them; a hand-made model may not)."""
    if all(s.label for s in notice.all_sections()):
        return {id(s): (s.level, s.label) for s in notice.all_sections()}
    out: dict[int, tuple[int, str]] = {}

    def visit(sections: list[Section], level: int) -> None:
        for i, s in enumerate(sections, 1):
            out[id(s)] = (level, heading_label(level, i))
            visit(s.children, level + 1)

    visit(notice.sections, 1)
    return out


def _section(s: Section, labels: dict[int, tuple[int, str]]) -> list[Block]:
    level, label = labels[id(s)]
    paragraphs = list(s.paragraphs)
    if s.run_in and level > 1:
        head = f"{label}{s.heading}"
        lead = head if head.endswith(STOPS) else head + "。"
        out: list[Block] = [Paragraph(paragraphs.pop(0) if paragraphs else "", lead, level)]
    else:
        out = [Heading(level, label, s.heading)]
    out += [Paragraph(text) for text in paragraphs]
    for child in s.children:
        out += _section(child, labels)
    return out


def _attachment_note(notice: Notice) -> list[Block]:
    items = notice.attachments
    if not items:
        return []
    if len(items) == 1:
        return [AttachmentNote((NoteItem("附件：", "", items[0].title),))]
    return [AttachmentNote(tuple(NoteItem("附件：" if i == 1 else "", f"{i}. ", a.title)
                                 for i, a in enumerate(items, 1)))]


def _form_layout(notice: Notice, index: int):
    from .forms import known_forms, layout  # forms import the model only; no cycle at load

    form = notice.attachments[index - 1].form
    return layout(notice, index) if form and form in known_forms() else None


def _imprint(notice: Notice) -> Imprint:
    cc = notice.imprint.get("cc", "")
    cc_line = f"抄送：{cc}" + ("" if cc.endswith("。") else "。") if cc else ""
    if notice.format == "信函":  # 10.1: 版记不加印发机关和印发日期、分隔线
        return Imprint(cc_line, "", "")
    office = notice.imprint.get("office") or placeholder("印发机关")
    issued = date_text(notice.imprint.get("date") or notice.signature_date) + "印发"
    return Imprint(cc_line, office, issued)


def compose(notice: Notice) -> Composition:
    """The notice as ordered blocks, header to 版记."""
    names = tuple(o.name for o in notice.issuers) or (placeholder("发文机关"),)
    word = "文件"
    if notice.format == "信函":  # 10.1: 联合行文时，使用主办机关标志; no 文件
        names, word = names[:1], ""
    number = str(notice.doc_number) if notice.doc_number else placeholder("发文字号")
    recipients = "，".join(notice.recipients) if notice.recipients else placeholder("主送机关")
    blocks: list[Block] = [Mark(names, word), DocNumber(number), Title(notice.title or placeholder("标题")),
                           Recipients(recipients + "：")]
    if notice.opening:
        blocks.append(Paragraph(notice.opening))
    labels = _labels(notice)
    for s in notice.sections:
        blocks += _section(s, labels)
    blocks += _attachment_note(notice)
    signers = tuple(o.seal or o.name for o in notice.issuers) or (placeholder("发文机关署名"),)
    blocks.append(Signature(signers, date_text(notice.signature_date), notice.sealed))
    n = len(notice.attachments)
    for i, a in enumerate(notice.attachments, 1):
        layout = _form_layout(notice, i)
        blocks.append(AttachmentPage(i, attachment_label(n, i), a.title, layout, "" if layout else a.note))
    blocks.append(_imprint(notice))
    return Composition(blocks, notice.format, notice.computed_texts())
