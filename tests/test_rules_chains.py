"""The engine infers: a directive flag of the year (not the year) brings the epidemic clause;
a plan deadline asking for a form brings that attachment, which brings the 附件说明 line and
the attachment page; a computed date is 推算 until a fixing fact is given; the node's launch
and a superior's bring their sentences; the level brings the opening. Removing one rule's
record removes what follows from it, no more. Lint reads the same facts from a draft and
fires the same rules."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import PROFILES_DIR, RULES_DIR
from generator.catalogue import fire, load_rules
from generator.profiles import ProfileError
from generator.rules import context_fact

EPIDEMIC = "落实防控举措"


def _text(node: str, year: int, root: Path = PROFILES_DIR, rules: Path = RULES_DIR) -> str:
    from generator.assemble import build_notice
    from generator.writers.text import notice_to_text

    return notice_to_text(build_notice(node, year, root, rules))


def ids(ctx) -> set[str]:
    return {r.id for r in fire(ctx)}


def test_the_epidemic_clause_follows_the_directive_flag_not_the_year():
    for year in (2020, 2021, 2024):
        assert "NK-C-REQ-EPIDEMIC" not in ids(context_fact("district", {"school"}, year=year))
        assert "NK-C-REQ-EPIDEMIC" in ids(context_fact("district", {"school"}, {"epidemic_prevention"}, year=year))
    # the 2020 national edition raises the flag: every 2020 draft below it carries the clause
    assert EPIDEMIC in _text("jintan", 2020) and EPIDEMIC in _text("national", 2020)
    # no profile raises it for 2021: the year alone brings nothing
    assert EPIDEMIC not in _text("national", 2021)


def test_a_flag_moved_to_another_year_moves_the_clause(tmp_path: Path):
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    y2020, y2024 = root / "national/2020.yaml", root / "national/2024.yaml"
    text = y2020.read_text(encoding="utf-8")
    flags = re.search(r"^flags:\n(?:  .*\n)+", text, re.M).group(0)
    y2020.write_text(text.replace(flags, ""), encoding="utf-8")
    y2024.write_text(y2024.read_text(encoding="utf-8") + flags, encoding="utf-8")
    assert EPIDEMIC in _text("xinbei", 2024, root) and EPIDEMIC not in _text("xinbei", 2024)
    assert EPIDEMIC not in _text("jintan", 2020, root)


def _without(tmp_path: Path, *rule_ids: str) -> Path:
    """A copy of rules/ without these rules' records (and their lines in the outline)."""
    d = tmp_path / "rules"
    shutil.copytree(RULES_DIR, d)
    for f in d.glob("*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        if f.name == "outline.yaml":
            data = [{**part, "rules": [r for r in part["rules"] if r not in rule_ids]} for part in data]
        else:
            data = [rec for rec in data if rec["id"] not in rule_ids]
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return d


def _lines(text: str) -> list[str]:
    """The lines of a draft without their sequence labels (removing an item renumbers the rest)."""
    return [re.sub(r"^（[一二三四五六七八九十]+）", "", ln) for ln in text.splitlines() if ln]


# 新北区 2027: no edition, so the deadlines and the form come from the node's defaults
NODE, YEAR = "xinbei", 2027


def _without_carried(dst: Path) -> Path:
    """A copy of the tree whose 新北 editions list no attachments: 2027 then carries none over
    from 2024, so the plan deadline's form is the only source of its attachment."""
    shutil.copytree(PROFILES_DIR, dst)
    for f in dst.rglob("xinbei/20*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        data.pop("attachments", None)
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


def test_the_plan_deadline_brings_its_form_the_attachment_note_and_page():
    full = _text(NODE, YEAR)
    plan = next(ln for ln in full.splitlines() if "按时报送方案" in ln)
    assert "（见附件）" in plan
    assert "附件：2027年全民终身学习活动周主要活动安排表" in full
    assert re.search(r"^附件\n\n2027年全民终身学习活动周主要活动安排表$", full, re.M)


def test_removing_the_plan_deadline_rule_removes_its_attachment_and_the_note(tmp_path: Path):
    # the form rule (and the 推算 rule of its date) need the plan deadline: removing only the
    # deadline's record is refused, by name
    with pytest.raises(ProfileError) as e:
        load_rules(_without(tmp_path / "a", "NK-C-DEADLINE-PLAN"))
    assert "规则 NK-C-PLAN-FORM 引用的规则“NK-C-DEADLINE-PLAN”不存在" in str(e.value)
    assert "规则 NK-D-PLAN-COMPUTED 引用的规则“NK-C-DEADLINE-PLAN”不存在" in str(e.value)
    root = _without_carried(tmp_path / "tree")
    full = _lines(_text(NODE, YEAR, root))
    cut = _lines(_text(NODE, YEAR, root, rules=_without(tmp_path / "b", "NK-C-DEADLINE-PLAN", "NK-C-PLAN-FORM",
                                                        "NK-D-PLAN-COMPUTED")))
    gone = [ln for ln in full if ln not in cut]
    assert [ln for ln in cut if ln not in full] == []  # nothing new
    assert len(gone) == 4, gone  # the deadline, the 附件说明 line, the page's 附件 label and title
    assert gone[0].startswith("按时报送方案。") and gone[1] == "附件：2027年全民终身学习活动周主要活动安排表"
    assert gone[2:] == ["附件", "2027年全民终身学习活动周主要活动安排表"]


def test_removing_the_form_rule_keeps_the_deadline_without_its_attachment(tmp_path: Path):
    root = _without_carried(tmp_path / "tree")
    full = _lines(_text(NODE, YEAR, root))
    cut = _lines(_text(NODE, YEAR, root, rules=_without(tmp_path / "r", "NK-C-PLAN-FORM")))
    plan = next(ln for ln in cut if ln.startswith("按时报送方案。"))
    assert "附件" not in plan and plan == next(ln for ln in full if ln.startswith("按时报送方案。")).replace(
        "（见附件）", "")
    assert not any(ln.startswith("附件") for ln in cut)


def test_a_years_own_attachments_stay_without_the_plan_deadline(tmp_path: Path):
    """新北区 2024's edition lists its attachment: that fact brings it, whatever the chain does."""
    cut = _text("xinbei", 2024, rules=_without(tmp_path, "NK-C-DEADLINE-PLAN", "NK-C-PLAN-FORM", "NK-D-PLAN-COMPUTED"))
    assert "附件：2024年全民终身学习活动周主要活动安排表" in cut and "按时报送方案" not in cut


# ---------------------------------------------------------------- 推算 until a fixing fact exists


def _notice(node: str, year: int, root: Path = PROFILES_DIR, rules: Path = RULES_DIR):
    from generator.assemble import build_notice

    return build_notice(node, year, root, rules)


def test_a_computed_date_is_computed_unless_a_fixing_fact_is_given():
    computed = {"NK-D-WEEK-COMPUTED", "NK-D-PLAN-COMPUTED", "NK-D-SUMMARY-COMPUTED", "NK-D-SIGNATURE-COMPUTED"}
    facts = dict(level="district", year=2027, has={"plan_deadline"})
    assert computed <= ids(context_fact(**facts))
    for fixing, gone in (("edition_week", "NK-D-WEEK-COMPUTED"), ("superior_week", "NK-D-WEEK-COMPUTED"),
                         ("edition_plan_date", "NK-D-PLAN-COMPUTED"), ("edition_summary_date", "NK-D-SUMMARY-COMPUTED"),
                         ("edition_date", "NK-D-SIGNATURE-COMPUTED")):
        held = ids(context_fact(**{**facts, "has": {"plan_deadline", fixing}}))
        assert held & computed == computed - {gone}, fixing  # that date alone is fixed


def test_removing_the_week_rule_of_推算_removes_only_the_weeks_推算(tmp_path: Path):
    from generator.writers.text import notice_to_text

    full, cut = _notice(NODE, YEAR), _notice(NODE, YEAR, rules=_without(tmp_path, "NK-D-WEEK-COMPUTED"))
    assert notice_to_text(cut) == notice_to_text(full)  # the words are the same
    before = {k: s.status for k, s in full.date_status.items()}
    after = {k: s.status for k, s in cut.date_status.items()}
    assert before == {"week": "推算", "deadlines.0": "推算", "deadlines.1": "推算", "signature_date": "推算"}
    assert after == {**before, "week": "确定"}
    assert full.date_status["week"].rule == "NK-D-WEEK-COMPUTED" and cut.date_status["week"].rule == "NK-C-WEEK"
    # the week's dates are no longer marked (green in the .docx), the other dates still are
    week = set(full.date_status["week"].printed)
    assert set(full.computed_texts()) - set(cut.computed_texts()) == week
    assert [n for n in full.notes if n not in cut.notes] == [n for n in full.notes if "推算" in n]
    assert any(n.startswith("报送时限、成文日期为按规则推算") for n in cut.notes)


def test_unless_reads_the_context_only_and_a_wrong_key_is_refused_at_its_line(tmp_path: Path):
    d = tmp_path / "rules"
    shutil.copytree(RULES_DIR, d)
    f = d / "dates.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("unless: {has: edition_date}", "unless: {flag: edition_date}"), encoding="utf-8")
    line = next(i for i, ln in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if "unless: {flag:" in ln)
    with pytest.raises(ProfileError) as e:
        load_rules(d)
    assert f"dates.yaml:{line}" in str(e.value) and "unless" in str(e.value)


# ---------------------------------------------------------------- the launch and the opening


LAUNCH = "活动周启动仪式（在三井街道举办）具体时间、地点及其他事项另行通知。"


def test_the_nodes_launch_is_a_rule_and_removing_it_removes_its_sentence(tmp_path: Path):
    full = _lines(_text("xinbei", 2024))
    cut = _lines(_text("xinbei", 2024, rules=_without(tmp_path, "NK-C-LAUNCH")))
    assert [ln for ln in full if ln not in cut] == [LAUNCH] and [ln for ln in cut if ln not in full] == []
    assert _notice("xinbei", 2024).week.launch and not _notice(
        "xinbei", 2024, rules=_without(tmp_path / "b", "NK-C-LAUNCH")).week.launch
    assert "NK-C-LAUNCH" not in ids(context_fact("district", {"school"}, year=2024))


def test_a_superiors_launch_brings_the_own_launch_sentence(tmp_path: Path):
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    city = root / "national/jiangsu/changzhou/2024.yaml"
    city.write_text(city.read_text(encoding="utf-8") + "launch: {date: 2024-10-28, place: 常州大剧院}\n",
                    encoding="utf-8")
    own = "各单位可结合实际，自主安排启动仪式活动（错开常州市启动仪式时间），并在活动周时间内自行开展全民终身学习活动。"
    plain, full = _lines(_text("xinbei", 2024)), _lines(_text("xinbei", 2024, root))
    assert [ln for ln in full if ln not in plain] == [own] and [ln for ln in plain if ln not in full] == []
    assert full.index(own) == full.index(LAUNCH) + 1  # in the week's section, after the node's own launch
    cut = _lines(_text("xinbei", 2024, root, _without(tmp_path / "r", "NK-C-OWN-LAUNCH")))
    assert cut == plain


def test_the_level_brings_the_opening(tmp_path: Path):
    assert "NK-C-OPENING" in ids(context_fact("national")) and "NK-C-CITATIONS" not in ids(context_fact("national"))
    for level in ("province", "city", "district", "county"):
        held = ids(context_fact(level))
        assert "NK-C-CITATIONS" in held and "NK-C-OPENING" not in held
    opening = ("为加快推进学习型社会、学习型城市建设，决定举办2024年全民终身学习活动周（以下简称“活动周”）。"
               "现将有关事项通知如下：")
    full = _lines(_text("national", 2024))
    cut = _lines(_text("national", 2024, rules=_without(tmp_path, "NK-C-OPENING")))
    assert [ln for ln in full if ln not in cut] == [opening] and [ln for ln in cut if ln not in full] == []
    assert _text("xinbei", 2024) == _text("xinbei", 2024, rules=_without(tmp_path / "b", "NK-C-OPENING"))


# ---------------------------------------------------------------- lint reads the same facts


def test_lint_reads_the_same_facts_from_a_draft_and_fires_the_same_checks(tmp_path: Path):
    """Every profile × year draft (every node's editions and 2027), read back as text: the
    level (from the title's place where the issuers are 【待填】, 溧阳市 2027), the flags and the
    checks fired equal the profile's, wherever the profile's kind of notice is the kind its
    title names (a title 关于转发… read as a forwarding notice, drafted as a week's: reported)."""
    from generator.assemble import build_notice, load_tree
    from generator.context import profile_facts, read_facts
    from generator.reader import read_notice
    from generator.vocabulary import notice_kind
    from generator.writers.text import notice_to_text

    tree, same, other_kind = load_tree(), [], []
    for node in sorted(tree.nodes.values(), key=lambda n: n.id):
        for year in sorted({*node.editions, 2027}):
            notice = build_notice(node.id, year)
            f = tmp_path / f"{node.id}-{year}.txt"
            f.write_text(notice_to_text(notice), encoding="utf-8")
            read = read_facts(read_notice(f))
            given = profile_facts(node, year, node.editions.get(year) or {})
            assert (read.flags, read.level, read.year) == (given.flags, given.level, year), (node.id, year)
            if given.notice_kind != (notice_kind(notice.title)[0] or "week"):
                other_kind.append((node.id, year))
                continue
            checks = [sorted(r.id for r in fire(facts) if r.check) for facts in (given, read)]
            same.append((node.id, year, checks[0] == checks[1]))
    assert len(same) + len(other_kind) == 36 and len(other_kind) <= 1, other_kind
    assert all(ok for *_, ok in same), [case for case in same if not case[2]]
