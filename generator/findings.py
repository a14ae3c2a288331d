"""A finding: one rule that does not hold, where, and the text it is about."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Location
from .rules import Rule

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Fix:
    """A mechanical correction, as Vale's actions: ``replace`` (the text as written, at
    character ``offset`` of the located line or paragraph as read) becomes ``with_``."""

    replace: str
    with_: str
    offset: int

    def to_dict(self) -> dict:
        return {"replace": self.replace, "with": self.with_, "offset": self.offset}


@dataclass
class Finding:
    """What lint found: the rule, its severity, the message, where, and a fix where one is mechanical."""

    rule: str
    severity: str
    message: str
    location: Location | None = None
    excerpt: str = ""
    strength: str = ""  # 规定 | 惯例 | 建议 (the rule's)
    fix: Fix | None = None

    def to_dict(self) -> dict:
        loc = self.location.to_dict() if self.location else None
        out = {"rule": self.rule, "severity": self.severity, "strength": self.strength, "message": self.message,
               "location": loc, "excerpt": self.excerpt}
        if self.fix:
            out["fix"] = self.fix.to_dict()
        return out


@dataclass
class LintResult:
    """The findings for one linted file, with the kind of input it was read as."""

    file: str
    input_kind: str
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def summary(self) -> dict[str, int]:
        return {s: self.count(s) for s in SEVERITIES}

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}


def finding(rule: Rule, detail: str = "", loc: Location | None = None, excerpt: str = "",
            severity: str = "", fix: Fix | None = None) -> Finding:
    """Fill the rule's ``%s`` slot with ``detail`` (or drop the slot's colon when empty)."""
    msg = rule.message
    if "%s" in msg:
        msg = msg.replace("%s", detail) if detail else msg.replace("：%s", "。").replace("（%s）", "").replace("%s", "")
    elif detail:
        msg = f"{msg}（{detail}）"
    severity = severity or rule.severity
    if severity == "error" and rule.strength != "规定":  # a 惯例 or 建议 is never an error
        severity = "warning"
    return Finding(rule.id, severity, msg, loc, excerpt[:80], rule.strength, fix)
