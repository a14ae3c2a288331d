"""The Notice model: one shape for a 通知, used by drafting, rendering, reading and lint.

Text values are plain strings. A fact nobody gave us is never guessed: it is written
as a placeholder token ``【待填：提示】`` inside the text (see ``placeholder``) and
listed in ``Notice.placeholders``. The renderer highlights every token; lint reports
every token it reads back. Keeping the marker inside the text lets a value survive the
round trip model → .docx → reader → model without a side channel.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, ClassVar

#: 【待填：提示】 a fact nobody gave; 【待核实：值】 a fact known for another year only (a contact
#: read from 2020's notice, drafted for 2027): printed, highlighted in its own colour, listed
PLACEHOLDER_RE = re.compile(r"【待(?:填|核实)(?:：([^】]*))?】")
VERIFY_PREFIX = "【待核实"

#: what a date of the draft rests on (``Notice.date_status``): a superior's or the node's own
#: edition of the year fixed it (确定), a rule computed it (推算), or nobody gives it (待填)
FIXED, COMPUTED, PENDING = "确定", "推算", "待填"

#: heading numerals for level 1 (一、二、…)
CN_NUMERALS = "一二三四五六七八九十"


def placeholder(hint: str = "") -> str:
    """The visible token for a missing fact, e.g. ``【待填：文号序号】``."""
    return f"【待填：{hint}】" if hint else "【待填】"


def verify(value: str) -> str:
    """The token for a fact known for another year: ``【待核实：凌东】``."""
    return f"【待核实：{value}】"


def is_verify(token: str) -> bool:
    return token.startswith(VERIFY_PREFIX)


def attachment_label(count: int, index: int) -> str:
    """GB/T 9704-2012 8: 附件 alone when the notice has one attachment, else 附件N."""
    return "附件" if count == 1 else f"附件{index}"


def attachment_ref(count: int, index: int) -> str:
    """How the body points at an attachment: （见附件） for the only one, else （附件N）."""
    return "（见附件）" if count == 1 else f"（附件{index}）"


def has_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER_RE.search(text or ""))


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (enough for headings)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMERALS[tens - 1]
    return head + "十" + (CN_NUMERALS[ones - 1] if ones else "")


def heading_label(level: int, n: int) -> str:
    """The GB/T 9704 numbering for a heading: 一、 / （一） / 1. / （1）."""
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def cn_date(d: date) -> str:
    """2024-10-18 → 2024年10月18日 (no leading zeros, per GB/T 9704)."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month_day(d: date) -> str:
    return f"{d.month}月{d.day}日"


WEEKDAYS = "一二三四五六日"


def cn_weekday(d: date) -> str:
    """2024-10-30 → 周三."""
    return "周" + WEEKDAYS[d.weekday()]


@dataclass
class Provenance:
    """Why an element is in the notice: the rule that put it there and its source."""

    rule: str = ""
    source: str = ""


@dataclass
class Location:
    """Where the reader found an element: paragraph index (.docx) or line (text)."""

    kind: str = ""  # "paragraph" | "line" | "textbox" | "pageheader" | "table" (TableLocation)
    index: int = 0

    def __str__(self) -> str:
        where = {"paragraph": "", "textbox": "文本框", "pageheader": "页眉"}.get(self.kind)
        return f"第{self.index}行" if where is None else f"{where}第{self.index}段"

    def key(self) -> tuple:
        """A hashable identity (the dataclass itself is mutable)."""
        return (self.kind, self.index)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "index": self.index}


@dataclass
class TableLocation(Location):
    """A paragraph inside a table of a .docx: ``index`` is the table's number among the
    body's tables, ``row`` and ``cell`` the row and the cell in it (as Word shows them: a
    merged cell counts once), ``para`` the paragraph in the cell; all 1-based."""

    row: int = 0
    cell: int = 0
    para: int = 1

    def __str__(self) -> str:
        where = f"第{self.index}个表格第{self.row}行第{self.cell}格"
        return where + (f"第{self.para}段" if self.para > 1 else "")

    def key(self) -> tuple:
        return (self.kind, self.index, self.row, self.cell, self.para)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "row": self.row, "cell": self.cell, "paragraph": self.para}


class _CompiledOnRead:
    """A class's pattern compiled when first read: only reading a notice's text needs the two
    below, and their CJK classes cost a cold draft with the cache off ~2.5 ms to compile."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern | None = None

    def __get__(self, obj: object, owner: type | None = None) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled


@dataclass
class DocNumber:
    """发文字号: 代字〔年份〕序号号. Missing parts are placeholder tokens.

    ``parse`` reads one: strict for profiles (the form GB/T 9704 7.2.5 prints, what a profile
    must hold), lenient for text read from a notice (any bracket typed for 〔〕, a two-digit
    year, 第N号, spaces, placeholders). ``TEXT_RE`` finds one inside running text."""

    code: str
    year: str
    serial: str

    STRICT_RE: ClassVar[re.Pattern] = re.compile(r"^(?P<code>.+?)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")
    _BRACKETS: ClassVar[str] = (r"\s*(?P<ob>[〔\[［(（【])\s*(?P<year>\d{2,4})\s*"
                                r"(?P<cb>[〕\]］)）】])\s*(?P<di>第?)\s*(?P<serial>\d+|【待填[^】]*】)\s*号")
    #: a 文号 inside running text (the code at most 12 characters: the words before it are not its code)
    TEXT_RE: ClassVar[re.Pattern] = _CompiledOnRead(r"(?P<code>【待填[^】]*】|[\w\u4e00-\u9fff]{1,12}?)" + _BRACKETS)
    LENIENT_RE: ClassVar[re.Pattern] = _CompiledOnRead(r"^\s*(?P<code>.+?)" + _BRACKETS + r"\s*$")

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"

    @classmethod
    def parse(cls, text: str, strict: bool = True) -> DocNumber | None:
        """The 文号 ``text`` is, whole (None when it is not one)."""
        m = (cls.STRICT_RE if strict else cls.LENIENT_RE).match(text or "")
        return cls.from_match(m) if m else None

    @classmethod
    def from_match(cls, m: re.Match) -> DocNumber:
        """A match of ``TEXT_RE``/``parse``'s patterns as a DocNumber (the code as matched)."""
        return cls(m["code"].strip(), m["year"], m["serial"])


@dataclass
class Organ:
    """An issuing organ: its full name, its short name in running text, and its seal's name."""

    name: str  # full name as printed in the header and signature
    short: str = ""  # standard short name (used in running text)
    seal: str = ""  # name on the seal, when it differs


@dataclass
class Citation:
    """One superior notice cited in the opening: 《title》（文号）."""

    level: str  # national | province | city | ...
    issuer: str
    title: str
    doc_number: str  # "" when the source gives none
    prov: Provenance = field(default_factory=Provenance)

    def text(self) -> str:
        title = self.title if self.title.startswith("《") else f"《{self.title}》"
        lead = "" if self.title.startswith(self.issuer) or not self.issuer else self.issuer
        tail = f"（{self.doc_number}）" if self.doc_number else ""
        return f"{lead}{title}{tail}"


@dataclass
class Week:
    """The week's dates (ISO or placeholder tokens), its launch event and where they come from."""

    start: str  # ISO date or placeholder token
    end: str
    launch: dict[str, str] = field(default_factory=dict)  # {date, place, note}
    prov: Provenance = field(default_factory=Provenance)


@dataclass
class Contact:
    """A contact person for a deadline: name, telephone, e-mail and office."""

    name: str
    phone: str = ""
    email: str = ""
    office: str = ""


@dataclass
class Deadline:
    """A date by which the units send something (a plan, a summary, a schedule), with its contact."""

    kind: str  # plan | summary | schedule
    what: str  # 活动周工作方案、主要活动安排表
    date: str  # ISO date or placeholder token
    materials: list[str] = field(default_factory=list)
    office: str = ""
    contact: Contact | None = None
    attachment: int | None = None  # the 附件 number it asks for
    working_day_checked: bool = True
    prov: Provenance = field(default_factory=Provenance)
    calendar: str = ""  # the holiday calendar the date was checked against, in words


@dataclass
class Attachment:
    """An attachment: its title, the form drawn for it (or the note its page carries) and its source."""

    title: str
    form: str = ""  # form kind id in templates/forms (activity_schedule, ...)
    prov: Provenance = field(default_factory=Provenance)
    note: str = ""  # what the attachment page says when there is no form to draw (a placeholder)
    columns: list[str] = field(default_factory=list)  # a generic form's headings, as the source's table


@dataclass
class DateStatus:
    """Whether a printed date is decided: ``status`` 确定 | 推算 | 待填, the rule that classed it,
    what it rests on, and (推算) what would confirm it."""

    status: str
    rule: str = ""
    basis: str = ""
    confirm: str = ""
    printed: tuple[str, ...] = ()  # the date as the text prints it (the .docx highlights 推算 ones)

    def to_dict(self) -> dict[str, str]:
        out = {"status": self.status, "status_rule": self.rule, "status_basis": self.basis}
        if self.confirm:
            out["confirm"] = self.confirm
        return out


@dataclass
class Section:
    """A numbered part of the body: its heading, paragraphs and sub-sections, as drafted or read."""

    heading: str
    level: int = 1
    paragraphs: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    prov: Provenance = field(default_factory=Provenance)
    number: int = 0  # set by Notice.number_sections (drafting) or by the reader
    label: str = ""  # numbering as written, e.g. "（三）" (reader keeps it for lint)
    loc: Location | None = None
    run_in: bool = False  # heading and first paragraph on one line: （一）强化组织领导。……

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PlaceholderNote:
    """A fact nobody gave (待填) or one known for another year only (待核实), and why."""

    field: str
    reason: str
    kind: str = "待填"  # 待填 (nobody gave it) | 待核实 (known for another year: ``known_for``)
    known_for: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "reason": self.reason}
        if self.kind != "待填":
            out.update(kind=self.kind, known_for=self.known_for)
        return out


@dataclass
class Notice:
    """The whole notice, one shape for drafting, rendering, reading and lint."""

    jurisdiction: str
    year: int
    issuers: list[Organ] = field(default_factory=list)
    doc_number: DocNumber | None = None
    title: str = ""
    kind: str = ""  # the kind of notice its title names (week, opening, day, forwarding; vocabulary.yaml)
    recipients: list[str] = field(default_factory=list)
    opening: str = ""
    theme: str = ""
    citations: list[Citation] = field(default_factory=list)
    week: Week | None = None
    sections: list[Section] = field(default_factory=list)
    four_ones: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    signature_date: str = ""  # 成文日期, ISO or placeholder
    sealed: bool = True  # 署名 laid out for seals (GB/T 9704 7.3.5.1) or unsealed (7.3.5.2)
    format: str = "文件"  # 文件 (GB/T 9704 7–9) or 信函 (10.1: a 函 is printed as a letter)
    imprint: dict[str, str] = field(default_factory=dict)  # 版记: {cc, office, date}
    placeholders: list[PlaceholderNote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "holidays not checked for 2027"
    provenance: dict[str, Provenance] = field(default_factory=dict)  # top-level element → why
    #: "week", "deadlines.N", "signature_date" → whether the date is decided (the 推算 rules of
    #: rules/dates.yaml, their params.confirm); empty for a notice read back from a file
    date_status: dict[str, DateStatus] = field(default_factory=dict)

    def computed_texts(self) -> tuple[str, ...]:
        """Every printed form of the dates a rule computed (推算), longest first."""
        found = {t for s in self.date_status.values() if s.status == COMPUTED for t in s.printed}
        return tuple(sorted(found, key=lambda t: (-len(t), t)))

    def number_sections(self) -> None:
        """Give every section its position number within its parent."""

        def visit(sections: list[Section], level: int) -> None:
            for i, s in enumerate(sections, 1):
                s.number, s.level = i, level
                s.label = heading_label(level, i)
                visit(s.children, level + 1)

        visit(self.sections, 1)

    def all_sections(self):
        for s in self.sections:
            yield from s.walk()

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README (`notice explain --format json`)."""

        def prov(p: Provenance) -> dict[str, str]:
            return {"rule": p.rule, "source": p.source}

        def section(s: Section) -> dict[str, Any]:
            return {
                "heading": s.heading,
                "label": s.label,
                "level": s.level,
                "paragraphs": list(s.paragraphs),
                **prov(s.prov),
                "children": [section(c) for c in s.children],
            }

        def contact(c: Contact | None) -> dict[str, str] | None:
            return asdict(c) if c else None

        def status(key: str) -> dict[str, str]:
            st = self.date_status.get(key)
            return st.to_dict() if st else {}

        week = None
        if self.week:
            week = {"start": self.week.start, "end": self.week.end, **prov(self.week.prov), **status("week")}
            if self.week.launch:
                week["launch"] = dict(self.week.launch)
        return {
            "jurisdiction": self.jurisdiction,
            "year": self.year,
            "issuers": [asdict(o) for o in self.issuers],
            "doc_number": str(self.doc_number) if self.doc_number else "",
            "title": self.title,
            "recipients": list(self.recipients),
            "opening": self.opening,
            "theme": self.theme,
            "citations": [
                {"level": c.level, "issuer": c.issuer, "title": c.title,
                 "doc_number": c.doc_number, **prov(c.prov)}
                for c in self.citations
            ],
            "week": week,
            "sections": [section(s) for s in self.sections],
            "four_ones": list(self.four_ones),
            "deadlines": [
                {"kind": d.kind, "what": d.what, "date": d.date, "materials": list(d.materials),
                 "office": d.office, "contact": contact(d.contact), "attachment": d.attachment,
                 "working_day_checked": d.working_day_checked, "calendar": d.calendar, **prov(d.prov),
                 **status(f"deadlines.{i}")}
                for i, d in enumerate(self.deadlines)
            ],
            "attachments": [{"title": a.title, "form": a.form, **({"note": a.note} if a.note else {}),
                             **({"columns": list(a.columns)} if a.columns else {}), **prov(a.prov)}
                            for a in self.attachments],
            "contacts": [asdict(c) for c in self.contacts],
            "signature_date": self.signature_date,
            "format": self.format,
            **({"signature_status": status("signature_date")} if "signature_date" in self.date_status else {}),
            "imprint": dict(self.imprint),
            "placeholders": [p.to_dict() for p in self.placeholders],
            "notes": list(self.notes),
            "provenance": {k: prov(v) for k, v in sorted(self.provenance.items())},
        }
