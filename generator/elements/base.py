"""What every element module shares: the drafting state (``Draft``) and the lint context
(``LintContext``), the two registries (``sets:`` → builder, ``check:`` → checker) and small helpers.

An element of the notice is one rule record (rules/content.yaml) plus, in one module of this
package, its builder and its checker side by side.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import ROOT
from ..errors import NoticeError
from ..findings import Finding, finding
from ..levels import AREA
from ..model import (
    Notice,
    Organ,
    PlaceholderNote,
    Provenance,
    Section,
    cn_month_day,
    cn_weekday,
    placeholder,
    verify,
)
from ..profiles import Node, ProfileTree
from ..rules import Rule

if TYPE_CHECKING:  # the checks get a read document; drafting never imports the reader (~30 ms)
    from ..reader import ReadResult

SCHOOL_RE = re.compile(r"中小学|学校|幼儿园")
TRAINING_RE = re.compile(r"培训机构|非学历|社会办学")

# ---------------------------------------------------------------- drafting


@dataclass
class Draft:
    """What the builders share while one notice is assembled."""

    node: Node
    year: int
    tree: ProfileTree
    notice: Notice
    edition: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)  # builder key → section
    hints: set[str] = field(default_factory=set)  # the placeholders the builders wrote (``missing``)
    held: tuple[Rule, ...] = ()  # the rules that hold for this notice (what the engine inferred)

    def given(self, fact: str) -> list[Rule]:
        """The rules that hold and give ``fact`` (``gives:``), e.g. each that brings an attachment."""
        return [r for r in self.held if fact in r.gives]

    @property
    def defaults(self) -> dict[str, Any]:
        return self.node.defaults

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(ROOT))
        except ValueError:
            return str(path)

    def edition_source(self) -> str:
        f = self.node.path.parent / f"{self.year}.yaml"
        return f"{self.rel(f)}：{self.edition.get('source', '')}"

    def defaults_source(self) -> str:
        return f"{self.rel(self.node.path)} defaults：{self.defaults.get('source', '')}"

    def fact(self, key: str) -> tuple[Any, str]:
        """A fact from this year's edition, else the node's defaults; with its source."""
        if self.edition.get(key) is not None:
            return self.edition[key], self.edition_source()
        if self.defaults.get(key) is not None:
            return self.defaults[key], self.defaults_source()
        return None, ""

    def missing(self, field_name: str, hint: str, reason: str) -> str:
        """A placeholder token, reported once per field."""
        if not any(p.field == field_name for p in self.notice.placeholders):
            self.notice.placeholders.append(PlaceholderNote(field_name, reason))
        self.hints.add(hint)
        return placeholder(hint)

    def known_years(self, spec: dict | None = None, seen_in=None) -> tuple[int, int] | set[int]:
        """The years a node-level fact that changes (a contact, the 印发机关, an organ) is known
        for: its own ``since``/``until`` or ``years``, else the years of the node's editions
        that give it (``seen_in(edition)``): an edition of the year without it settles nothing."""
        spec = spec or {}
        if spec.get("since") or spec.get("until"):
            return (int(spec.get("since") or 0), int(spec.get("until") or 9999))
        if spec.get("years"):
            return {int(y) for y in spec["years"]}
        return {y for y, ed in self.node.editions.items() if seen_in is None or seen_in(ed)}

    def settled(self, spec: dict | None = None, seen_in=None) -> tuple[bool, int | None]:
        """Whether the fact holds for the draft's year; else the latest year it is known for."""
        known = self.known_years(spec, seen_in)
        if isinstance(known, tuple):
            lo, hi = known
            return lo <= self.year <= hi, (hi if hi != 9999 else lo) or None
        return self.year in known, max(known) if known else None

    def unverified(self, field_name: str, value: str, known_for: int | None, what: str,
                   shown: str = "") -> str:
        """A fact known for another year only: printed as 【待核实：值】 and listed once per field
        with that year (``shown``: the whole fact, when several values print as tokens)."""
        when = f"{known_for}年" if known_for else "年份不详的"
        if not any(p.field == field_name for p in self.notice.placeholders):
            self.notice.placeholders.append(PlaceholderNote(
                field_name, f"{what}“{shown or value}”载于{when}通知，{self.year}年尚无来源，请核实后填写",
                "待核实", known_for))
        self.hints.add(value)
        return verify(value)

    @property
    def area(self) -> str:
        """The 全X of the text: the place's own word (武汉市 under the nation reads 全市, a
        县级市 全市, 浦东新区 全区, 广西壮族自治区 全区), else the level's."""
        if self.node.data.get("county_level_city"):
            return "市"
        place = str(self.node.data.get("place") or "")
        if self.node.level != "national" and place[-1:] in ("省", "市", "区", "县"):
            return place[-1]
        return AREA[self.node.level]

    def organ(self, key: str) -> Organ:
        """The organ ``key`` under the name valid in the draft's year: an organ renamed
        (``renames``) is the other record outside its ``since``/``until``."""
        organs = self.node.data.get("organs") or {}
        spec = organs.get(key)
        if spec is None:
            raise NoticeError(f"{self.node.path}：发文机关“{key}”未在 organs 中定义")

        def valid(s: dict) -> bool:
            return int(s.get("since") or 0) <= self.year <= int(s.get("until") or 9999)

        if not valid(spec):
            spec = next((o for k, o in organs.items() if (o.get("renames") == key or spec.get("renames") == k)
                         and valid(o)), spec)
        return Organ(spec["name"], spec.get("short", ""), spec.get("seal", ""))


def prov(rule: Rule, source: str) -> Provenance:
    return Provenance(rule.id, source)


def fmt(text: str, **values: Any) -> str:
    """``str.format`` that leaves unknown ``{names}`` visible instead of failing."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)


def to_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return None


def day_label(value: str) -> str:
    """ISO → 10月30日（周三）; a placeholder stays as it is."""
    d = to_date(value)
    return f"{cn_month_day(d)}（{cn_weekday(d)}）" if d else value


def _registrar(registry: dict[str, Callable]) -> Callable[[str], Callable]:
    """A decorator factory that files a function in ``registry`` under a rule's name for it."""

    def register(name: str) -> Callable:
        def deco(fn: Callable) -> Callable:
            registry[name] = fn
            return fn

        return deco

    return register


Builder = Callable[[Draft, Rule], None]
BUILDERS: dict[str, Builder] = {}
builds = _registrar(BUILDERS)  # @builds("four_ones"): the builder for ``sets: four_ones``


# ---------------------------------------------------------------- linting


def norm(text: str) -> str:
    """The reader's compare form (``reader.norm``), imported on a check's first call: lint has
    imported the reader already, a draft never does."""
    from ..reader import norm as reader_norm

    return reader_norm(text)


@dataclass
class LintContext:
    """What a checker reads beyond the notice: the read draft and the 四个一 variants."""

    res: ReadResult
    four_ones_variants: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(ln.text for ln in self.res.body)


Checker = Callable[[Rule, Notice, "Notice | None", LintContext], list[Finding]]
CONTENT_CHECKS: dict[str, Checker] = {}
checks = _registrar(CONTENT_CHECKS)  # @checks("four_ones"): the checker for ``check: four_ones``


def _sections(n: Notice, *words: str) -> list[Section]:
    return [s for s in n.all_sections() if any(w in s.heading for w in words)]


def _section_text(s: Section) -> str:
    return s.heading + "".join(p for x in s.walk() for p in [x.heading, *x.paragraphs])


def _missing(rule: Rule, ctx: LintContext, key: str, detail: str, severity: str = "") -> list[Finding]:
    return [finding(rule, detail, ctx.res.loc_of(key), "", severity)]


def _text_soft(ctx: LintContext) -> str:
    """Text conversions often lose the red header block: say so, but not as an error."""
    return "warning" if ctx.res.input_kind == "text" else ""
