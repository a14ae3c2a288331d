"""Vale-style fixtures: tests/fixtures/lint/<RULE-ID>/ holds ``bad.md`` with the exact
findings of that rule in ``bad.expected`` (one a line: ``<line>`` or ``<line> <replace>→<with>``
when the finding carries a fix) and ``ok.md`` that must give no finding of that rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.lint import lint_file
from generator.rules import load_rules

FIXTURES = Path(__file__).parent / "fixtures" / "lint"
FORM_RULES = sorted(r.id for r in load_rules() if r.id.startswith("NK-F-"))


def _found(path: Path, rule: str) -> list[str]:
    out = []
    for f in lint_file(path).findings:
        if f.rule == rule:
            fix = f" {f.fix.replace}→{f.fix.with_}" if f.fix else ""
            out.append(f"{f.location.index}{fix}")
    return sorted(out)


def test_every_form_rule_has_a_fixture():
    assert FORM_RULES and sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == FORM_RULES


@pytest.mark.parametrize("rule", FORM_RULES)
def test_fixture_bad_gives_exactly_the_expected_findings(rule):
    expected = (FIXTURES / rule / "bad.expected").read_text(encoding="utf-8").splitlines()
    assert _found(FIXTURES / rule / "bad.md", rule) == sorted(x for x in expected if x)


@pytest.mark.parametrize("rule", FORM_RULES)
def test_fixture_ok_gives_no_finding(rule):
    assert _found(FIXTURES / rule / "ok.md", rule) == []
