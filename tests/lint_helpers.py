"""Shared helpers for the lint tests: draft text/docx of a profile, lint a string."""

from __future__ import annotations

import re
from pathlib import Path

from generator.assemble import build_notice
from generator.lint import LintResult, lint_file
from generator.writers.text import notice_to_text

FIXTURES = Path(__file__).parent / "lint_fixtures"


def draft_text(profile: str, year: int) -> str:
    return notice_to_text(build_notice(profile, year))


def lint_text(tmp_path: Path, text: str, profile: str | None = None, year: int | None = None,
              name: str = "notice.txt") -> LintResult:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return lint_file(f, profile, year)


def errors(result: LintResult) -> list[str]:
    return [f"{f.rule} {f.location}：{f.message}" for f in result.findings if f.severity == "error"]


def drop_lines(text: str, pattern: str) -> str:
    """Remove every paragraph (line) matching ``pattern``."""
    return "\n\n".join(p for p in text.split("\n\n") if not re.search(pattern, p))
