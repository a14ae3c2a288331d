"""Lint as broad as the broadest 公文 checker (issue 23) and YAML-only checks (issue 21 item 3).

* A probe notice written for this test (tests/lint_fixtures/probe-slips.md, a 松溪县 notice)
  holds each slip of the issue; every one is found on its line by a rule of its kind, and the
  same notice without the slips (probe-clean.md) gives no finding at all.
* No profile × year draft, .docx or text, gets a finding of the new rules, except the two
  true ones listed (a mobile number the 南昌 2023 edition gives for its contact).
* ``--fix`` on the probe, .txt and .docx (tracked changes, accepted): none of the new rules
  that carry a fix finds anything after; the slips without a mechanical fix stay, each listed.
* The generic check types: a wording check that is only a YAML record in a copy of rules/
  is found and fixed by ``notice lint --fix``; a misspelt params key fails at load with file:line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_lint_fix import accept_all

from generator.assemble import build_notice, load_tree
from generator.catalogue import load_rules
from generator.lint import lint_file
from generator.render import render_notice
from generator.validation import ProfileError
from generator.writers.text import notice_to_text

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).parent / "lint_fixtures" / "probe-slips.md"
CLEAN = Path(__file__).parent / "lint_fixtures" / "probe-clean.md"
NEW = {"NK-F-DENG-COMMA", "NK-F-DATE-HAO", "NK-F-BARE-DECIMAL", "NK-F-REQUEST-WORDING", "NK-F-CLOSING",
       "NK-F-ADDRESS-FORM", "NK-F-CONFUSED-WORD", "NK-F-VAGUE-DATE", "NK-F-TITLE-PUNCT", "NK-F-TITLE-URGENCY",
       "NK-F-ID-NUMBER", "NK-F-PRIVATE-MOBILE", "NK-F-SPECIAL-NOTICE-ONCE", "NK-F-SHORT-YEAR", "NK-F-RANGE-UNIT",
       "NK-F-HEADING-LEVEL", "NK-F-RECIPIENT-COLON", "NK-F-CC-END", "NK-F-ATTACHMENT-NOTE-PUNCT",
       "NK-F-NOTE-BRACKETS", "NK-L-INDENT", "NK-L-LINE-PITCH"}

# (line of probe-slips.md, rule, the text it is about): every slip of the issue
SLIPS = [
    (5, "NK-F-CONFUSED-WORD", "终生学习"), (5, "NK-F-TITLE-URGENCY", "紧急"), (5, "NK-F-TITLE-PUNCT", "。"),
    (7, "NK-F-RECIPIENT-COLON", "县社区学院"), (9, "NK-F-VAGUE-DATE", "日前"),
    (11, "NK-F-HEADING-LEVEL", "（一）"), (17, "NK-F-DATE-HAO", "10月8号"), (17, "NK-F-ADDRESS-FORM", "贵单位"),
    (25, "NK-F-HEADING-LEVEL", "1."), (25, "NK-F-DENG-COMMA", "、等"), (25, "NK-F-BARE-DECIMAL", ".5"),
    (27, "NK-F-RANGE-UNIT", "10-20%"), (27, "NK-F-RANGE-UNIT", "3-5万"),
    (33, "NK-F-CONFUSED-WORD", "布署"), (33, "NK-F-REQUEST-WORDING", "妥否，请"),
    (37, "NK-F-CONFUSED-WORD", "截止"), (41, "NK-F-SHORT-YEAR", "25年"),
    (43, "NK-F-PRIVATE-MOBILE", "13905917788"), (43, "NK-F-ID-NUMBER", "350722199003151234"),
    (45, "NK-F-CLOSING", "特此报告"), (47, "NK-F-ATTACHMENT-NOTE-PUNCT", "。"),
    (53, "NK-F-NOTE-BRACKETS", "此件公开发布"), (55, "NK-F-CC-END", "县文明办"),
]
# what --fix cannot decide: the clerk rewrites these
NOT_MECHANICAL = {"NK-F-TITLE-URGENCY", "NK-F-VAGUE-DATE", "NK-F-HEADING-LEVEL", "NK-F-ADDRESS-FORM",
                  "NK-F-REQUEST-WORDING", "NK-F-PRIVATE-MOBILE", "NK-F-ID-NUMBER"}
# none on our own drafts: the 南昌 2023 edition's contact mobiles print as 【待核实】 (listed, to be
# kept or replaced by an office phone before publication), which the rule leaves to NK-F-PLACEHOLDER
DRAFT_FINDINGS: Counter = Counter()


def test_new_rules_are_loaded():
    assert NEW <= {r.id for r in load_rules()}


def test_every_slip_of_the_probe_is_found_on_its_line_by_its_rule():
    found = lint_file(PROBE).findings
    for line, rule, text in SLIPS:
        hits = [f for f in found if f.rule == rule and f.location and f.location.index == line]
        assert any(text in f.message or text in f.excerpt for f in hits), (line, rule, text)
    ranges = [f for f in found if f.rule == "NK-F-RANGE-UNIT"]
    assert [(f.fix.replace, f.fix.with_) for f in ranges] == [("10-20%", "10%～20%"), ("3-5万", "3万～5万")]


def test_the_probe_without_its_slips_gives_no_finding_at_all():
    assert [(f.rule, f.location.index if f.location else None) for f in lint_file(CLEAN).findings] == []


def test_no_draft_gets_a_finding_of_the_new_rules(tmp_path: Path):
    tree = load_tree()
    got: Counter = Counter()
    for nid, node in sorted(tree.nodes.items()):
        for year in sorted(set(node.editions) | {2027}):
            notice = build_notice(nid, year)
            d, t = tmp_path / "d.docx", tmp_path / "d.txt"
            d.write_bytes(render_notice(notice))
            t.write_text(notice_to_text(notice), encoding="utf-8")
            for f in (d, t):
                got.update((nid, year, f.suffix, x.rule) for x in lint_file(f).findings if x.rule in NEW)
    assert got == DRAFT_FINDINGS


def _probe_docx(path: Path) -> Path:
    d = docx.Document()
    for line in PROBE.read_text(encoding="utf-8").split("\n"):
        if line:
            d.add_paragraph(line)
    d.save(str(path))
    return path


def _left(path: Path) -> list[tuple[str, str]]:
    return sorted((f.rule, f.excerpt) for f in lint_file(path).findings if f.rule in NEW)


@pytest.mark.parametrize("kind", [".md", ".docx"])
def test_fix_leaves_the_probe_clean_of_every_mechanical_slip(tmp_path: Path, kind):
    from generator.cli import main

    src = PROBE if kind == ".md" else _probe_docx(tmp_path / "probe.docx")
    out = tmp_path / f"fixed{kind}"
    assert main(["lint", str(src), "--fix", str(out)]) in (0, 1)
    if kind == ".docx":  # each fix a tracked change by notice-kit
        body = docx.Document(str(out)).element.body
        authors = {x.get(qn("w:author")) for x in body.xpath(".//w:del") + body.xpath(".//w:ins")}
        assert len(body.xpath(".//w:del")) >= 14 and authors == {"notice-kit"}
    after = accept_all(out, tmp_path / "accepted.docx") if kind == ".docx" else out
    before = {f.rule for f in lint_file(src).findings if f.rule in NEW}
    left = {rule for rule, _ in _left(after) if not rule.startswith("NK-L-")}  # python-docx's page is no 公文's
    assert before - NOT_MECHANICAL >= {"NK-F-DENG-COMMA", "NK-F-DATE-HAO", "NK-F-SHORT-YEAR", "NK-F-RANGE-UNIT",
                                       "NK-F-BARE-DECIMAL", "NK-F-CONFUSED-WORD", "NK-F-TITLE-PUNCT",
                                       "NK-F-CLOSING", "NK-F-RECIPIENT-COLON", "NK-F-CC-END",
                                       "NK-F-ATTACHMENT-NOTE-PUNCT", "NK-F-NOTE-BRACKETS"}
    assert left == NOT_MECHANICAL  # every fixable slip gone; the others wait for the clerk


# ---------------------------------------------------------------- generic check types (issue 21 item 3)

RECORD = """
- id: NK-F-UNIT-QITA
  title: 其它 → 其他
  severity: warning
  strength: 惯例
  when: {}
  check: substitution
  params:
    swap: {"其它": "其他"}
  message: 本单位统一用“其他”：%s
  source: 本单位公文处理细则
"""


def _rules_copy(tmp_path: Path, extra: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with (rules / "form.yaml").open("a", encoding="utf-8") as f:
        f.write(extra)
    return rules


def test_a_yaml_only_wording_check_is_found_and_fixed_by_lint_fix(tmp_path: Path):
    rules = _rules_copy(tmp_path, RECORD)
    src = tmp_path / "n.md"
    text = CLEAN.read_text(encoding="utf-8").replace("制定具体实施方案。", "制定具体实施方案和其它安排。")
    src.write_text(text, encoding="utf-8")
    env = {**os.environ, "NOTICE_KIT_RULES": str(rules), "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "generator", "lint", str(src), "--fix", str(tmp_path / "out.md")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert "[NK-F-UNIT-QITA]" in run.stdout and "“其它” → “其他”" in run.stdout, run.stdout + run.stderr
    assert "制定具体实施方案和其他安排。" in (tmp_path / "out.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("typo, field", [("swop", "swap"), ("tokens", "tokens")])
def test_a_misspelt_params_key_fails_at_load_with_file_and_line(tmp_path: Path, typo, field):
    rules = _rules_copy(tmp_path, RECORD.replace("    swap:", f"    {typo}:"))
    lines = (rules / "form.yaml").read_text(encoding="utf-8").split("\n")
    at = max(i for i, x in enumerate(lines, 1) if x.startswith(f"    {typo}:"))
    with pytest.raises(ProfileError) as err:
        load_rules(rules)
    text = str(err.value)
    assert f"form.yaml:{at}" in text and "不认识的字段" in text, text


def test_a_misspelt_builder_param_and_a_bad_lexicon_entry_fail_at_load(tmp_path: Path):
    rules = _rules_copy(tmp_path, "")
    form = rules / "content.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("    keywords:", "    keyword:", 1), encoding="utf-8")
    with (rules / "lexicon" / "confused.yaml").open("a", encoding="utf-8") as f:
        f.write("\n- wrong: 帐户\n  right: 账户\n")  # no source
    with pytest.raises(ProfileError) as err:
        load_rules(rules)
    text = str(err.value)
    at = next(i for i, x in enumerate(form.read_text(encoding="utf-8").split("\n"), 1) if x.startswith("    keyword:"))
    assert f"content.yaml:{at}" in text and "keyword" in text, text
    assert "confused.yaml:" in text and "source" in text, text


def test_docs_name_every_rule_and_only_rules_that_exist():
    import re

    doc = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    ids = {r.id for r in load_rules()}
    assert {i for i in ids if f"| `{i}` |" not in doc} == set()  # the rules table
    peer = [ln for ln in doc.split("\n") if ln.startswith("| GW-")]
    assert len(peer) == 86
    named = set(re.findall(r"NK-[A-Z]+(?:-[A-Z0-9]+)+", "\n".join(peer)))
    assert named - ids <= {"NK-C-DEADLINE"}, named - ids  # NK-C-DEADLINE-* names the pair


HEAD = "关于举办青石县2025年全民终身学习活动周的通知\n"
# (what is written, the rule that must not report it): what real notices write that is no slip
NOT_SLIPS = [
    (HEAD + "为推进学习型社会建设，决定举办青石县2025年全民终身学习活动周。\n一、活动主题\n学以成人\n",
     "NK-F-RECIPIENT-COLON"),  # no 主送: the opening sentence is not a list of organs
    (HEAD + "各中小学：\n请各校于10月20日前往县文化馆布展，当日前往签到，活动日前完成彩排。\n", "NK-F-VAGUE-DATE"),
    (HEAD + "各中小学：\n组织一次参观，学员等级评定、等待区设置另行通知，社区学院等单位参加。\n", "NK-F-DENG-COMMA"),
    (HEAD + "各中小学：\n贵州省的经验十分宝贵，单位之间要交流；请3号楼的学员10月8日到场。\n", "NK-F-ADDRESS-FORM"),
    (HEAD + "各中小学：\n社区教育已开展12年，建校50周年活动另行安排，2024—2025学年总结一并报送。\n", "NK-F-SHORT-YEAR"),
    (HEAD + "各中小学：\n各校开展活动。\n特此通知。\n青石县教育局\n2025年10月9日\n附件\n"
     "关于举办2025年全民终身学习活动周的通知\n各区县：\n现将有关事项通知如下。\n特此通知。\n",
     "NK-F-SPECIAL-NOTICE-ONCE"),
]


@pytest.mark.parametrize("text, rule", NOT_SLIPS, ids=[r for _, r in NOT_SLIPS])
def test_what_real_notices_write_is_no_slip(tmp_path: Path, text, rule):
    f = tmp_path / "n.txt"
    f.write_text(text, encoding="utf-8")
    assert [x.excerpt for x in lint_file(f).findings if x.rule == rule] == []
