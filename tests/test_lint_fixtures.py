"""Vale-style fixtures, one folder per rule: tests/fixtures/lint/<RULE-ID>/.

* Form (NK-F) and content (NK-C) rules: ``bad.md`` with the exact findings of that rule in
  ``bad.expected``, and ``ok.md`` that must give no finding of that rule. A ``profile`` file
  (``<node> <year>``) lints both against that profile (rules that only a profile can make hold).
* Content rules share one whole notice, ``content-notice.md`` (a general one, 江东区): a rule's
  ``bad.edits.yaml`` names the lines it changes there (``line``, the lines it ``was``, what it
  is ``now``); ``ok.md`` is that notice itself unless an ``ok.edits.yaml`` changes it too.
* Layout (NK-L) rules need a .docx: the test drafts 新北区 2024 and changes one property
  (``LAYOUT_SAMPLES``: bad, and ok — a change GB/T 9704 allows, or none).

``bad.expected``, one finding a line: ``<location>``, then `` <replace>→<with>`` when it
carries a fix (NK-F), or `` <message>`` (NK-C, NK-L); the location is the line (or
paragraph) number, ``-`` when the finding has none.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from docx.shared import Mm, Pt

from generator.assemble import build_notice
from generator.catalogue import load_rules
from generator.lint import lint_file
from generator.render import render_notice

FIXTURES = Path(__file__).parent / "fixtures" / "lint"
RULES = sorted(r.id for r in load_rules() if r.check)  # a rule that only gives a fact (gives:) checks nothing
TEXT_RULES = [r for r in RULES if not r.startswith("NK-L-")]
LAYOUT_RULES = [r for r in RULES if r.startswith("NK-L-")]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _found(path: Path, rule: str, profile: tuple[str, int] | tuple[()] = ()) -> list[str]:
    out = []
    for f in lint_file(path, *profile).findings:
        if f.rule == rule:
            where = str(f.location.index) if f.location else "-"
            detail = (f" {f.fix.replace}→{f.fix.with_}" if f.fix else "") if rule.startswith("NK-F-") \
                else f" {f.message}"
            out.append(where + detail)
    return sorted(out)


def _sample(rule: str, name: str, tmp_path: Path) -> Path:
    """``<rule>/<name>.md``, or the shared content notice with ``<name>.edits.yaml`` applied."""
    own = FIXTURES / rule / f"{name}.md"
    if own.exists():
        return own
    lines = (FIXTURES / "content-notice.md").read_text(encoding="utf-8").split("\n")
    edits = FIXTURES / rule / f"{name}.edits.yaml"
    for ed in sorted(yaml.safe_load(edits.read_text(encoding="utf-8")) if edits.exists() else [],
                     key=lambda e: -e["line"]):  # from the bottom, so the line numbers hold
        at = slice(ed["line"] - 1, ed["line"] - 1 + len(ed["was"]))
        assert lines[at] == ed["was"], f"{edits}: line {ed['line']} is not what it says it was"
        lines[at] = ed["now"]
    out = tmp_path / f"{name}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def _expected(rule: str) -> list[str]:
    return sorted(x for x in (FIXTURES / rule / "bad.expected").read_text(encoding="utf-8").splitlines() if x)


def _profile(rule: str) -> tuple[str, int] | tuple[()]:
    f = FIXTURES / rule / "profile"
    if not f.exists():
        return ()
    node, year = f.read_text(encoding="utf-8").split()
    return node, int(year)


# ---------------------------------------------------------------- layout samples (.docx)


def _set_margins(top_mm: float) -> Callable:
    def change(d) -> None:
        d.sections[0].top_margin = Mm(top_mm)
    return change


def _line_pitch(twips: str) -> Callable:
    def change(d) -> None:
        d.sections[0]._sectPr.find(W + "docGrid").set(W + "linePitch", twips)
    return change


def _title_size(pt: float) -> Callable:
    def change(d) -> None:
        next(s for s in d.styles if s.name and s.name.endswith("-标题")).font.size = Pt(pt)
    return change


def _recolour(new: str) -> Callable:
    """Every red of the header (text colour and the rule's border) to ``new``."""
    def change(d) -> None:
        for root in (d.element.body, d.styles.element):
            for el in root.iter():
                for k, v in list(el.attrib.items()):
                    if k in (W + "val", W + "color") and v.upper() in ("FF0000", "E60012", "C00000", "ED1C24"):
                        el.set(k, new)
    return change


def _drop_footers(d) -> None:
    for s in d.sections:
        for f in (s.footer, s.even_page_footer, s.first_page_footer):
            for p in f.paragraphs:
                p._p.getparent().remove(p._p)


def _page_number_text(odd: tuple[str, str], even: tuple[str, str]) -> Callable:
    """The text around the PAGE field: ``odd`` in the odd pages' footer, ``even`` in the even's."""
    def change(d) -> None:
        for s in d.sections:
            for footer, (before, after) in ((s.footer, odd), (s.even_page_footer, even)):
                ts = [t for t in footer._element.iter(W + "t") if t.text and "—" in t.text]
                if len(ts) == 2:
                    ts[0].text, ts[1].text = before, after
    return change


def _unchanged(d) -> None:
    return None


def _body_indent(chars: int) -> Callable:
    """The body style's first-line indent set to ``chars`` (1/100 character)."""
    def change(d) -> None:
        st = next(s for s in d.styles if s.name and s.name.endswith("-正文"))
        ind = st.element.find(f"{W}pPr/{W}ind")
        for k in list(ind.attrib):
            del ind.attrib[k]
        ind.set(W + "firstLineChars", str(chars))
    return change


def _body_pitch(twips: int) -> Callable:
    """Every body paragraph's own line spacing set to an exact ``twips``."""
    def change(d) -> None:
        for p in d.paragraphs:
            if p.style.name.endswith("-正文"):
                p.paragraph_format.line_spacing = Pt(twips / 20)
    return change


def _code_as_letter(d) -> None:
    """新北 2024's 常新教 turned 常新教函: a 函 drawn in the 文件 format (GB/T 9704 10.1)."""
    for t in d.element.body.iter(W + "t"):
        if t.text and "常新教〔" in t.text:
            t.text = t.text.replace("常新教〔", "常新教函〔")


# rule → (bad change, ok change): 30 mm / 37.5 mm top margin (tolerance 1 mm), 25.5 / 22 lines,
# the body's first-line indent 0 / 2 characters, its line pitch 36 pt / 26 pt (7.3.5.5 tightening),
# an 18 pt title, the red turned black / another red, no page-number field, page numbers as
# -1- and 第1页 / —1— (the 一字线 without spaces)
LAYOUT_SAMPLES: dict[str, tuple[Callable, Callable]] = {
    "NK-L-MARGINS": (_set_margins(30), _set_margins(37.5)),
    "NK-L-GRID": (_line_pitch("500"), _unchanged),
    "NK-L-FONTS": (_title_size(18), _title_size(22)),
    "NK-L-RED-MARK": (_recolour("000000"), _recolour("C00000")),
    "NK-L-PAGE-NUMBERS": (_drop_footers, _unchanged),
    "NK-L-INDENT": (_body_indent(0), _body_indent(200)),
    "NK-L-LINE-PITCH": (_body_pitch(720), _body_pitch(520)),
    "NK-L-LETTER": (_code_as_letter, _unchanged),
    "NK-L-PAGE-NUMBER-FORM": (_page_number_text(("-", "-"), ("第", "页")), _page_number_text(("—", "—"), ("— ", " —"))),
}


@pytest.fixture(scope="module")
def draft() -> bytes:
    return render_notice(build_notice("xinbei", 2024))


def _layout_sample(tmp_path: Path, draft: bytes, change: Callable) -> Path:
    d = docx.Document(io.BytesIO(draft))
    change(d)
    out = tmp_path / "sample.docx"
    d.save(str(out))
    return out


# ---------------------------------------------------------------- the tests


def test_every_rule_has_a_fixture():
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == RULES
    for rule in TEXT_RULES:
        names = {p.name for p in (FIXTURES / rule).iterdir()}
        assert "bad.expected" in names and names & {"bad.md", "bad.edits.yaml"}, rule
        assert "ok.md" in names or rule.startswith("NK-C-"), rule  # NK-C: the shared notice is ok
    assert sorted(LAYOUT_SAMPLES) == LAYOUT_RULES
    assert all((FIXTURES / rule / "bad.expected").exists() for rule in LAYOUT_RULES)


@pytest.mark.parametrize("rule", TEXT_RULES)
def test_fixture_bad_gives_exactly_the_expected_findings(rule, tmp_path):
    assert _found(_sample(rule, "bad", tmp_path), rule, _profile(rule)) == _expected(rule)


@pytest.mark.parametrize("rule", TEXT_RULES)
def test_fixture_ok_gives_no_finding(rule, tmp_path):
    assert _found(_sample(rule, "ok", tmp_path), rule, _profile(rule)) == []


@pytest.mark.parametrize("rule", LAYOUT_RULES)
def test_layout_sample_bad_gives_exactly_the_expected_findings(rule, draft, tmp_path):
    assert _found(_layout_sample(tmp_path, draft, LAYOUT_SAMPLES[rule][0]), rule) == _expected(rule)


@pytest.mark.parametrize("rule", LAYOUT_RULES)
def test_layout_sample_ok_gives_no_finding(rule, draft, tmp_path):
    assert _found(_layout_sample(tmp_path, draft, LAYOUT_SAMPLES[rule][1]), rule) == []
