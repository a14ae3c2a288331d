"""Rules as data: every rule is readable and sourced; durable-rules fires the right ones."""

from __future__ import annotations

from generator.catalogue import LINT_CHECKS, checkers, fire, load_rules
from generator.rules import context_fact


def ids(ctx) -> set[str]:
    return {r.id for r in fire(ctx)}


def test_every_rule_has_id_trigger_message_and_source():
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules)
    for r in rules:
        assert r.id.startswith("NK-") and r.title and r.message and r.source
        assert r.describe_when()


def test_lint_checks_list_is_what_the_lint_modules_register():
    # drafts verify rule names against the list, so a checker added or renamed must be listed
    _, form, layout = checkers()
    assert LINT_CHECKS == set(form) | set(layout)


def test_four_ones_only_for_district_or_county_notices_to_schools():
    assert "NK-C-FOUR-ONES" in ids(context_fact("district", {"school"}))
    assert "NK-C-FOUR-ONES" in ids(context_fact("county", {"school", "community_centre"}))
    assert "NK-C-FOUR-ONES" not in ids(context_fact("district", {"community_centre"}))
    assert "NK-C-FOUR-ONES" not in ids(context_fact("city", {"bureau"}))


def test_directive_flags_and_recipient_kinds_switch_requirements():
    base = ids(context_fact("district", {"school"}, year=2024))
    assert "NK-C-REQ-EPIDEMIC" not in base and "NK-C-FREE-TRAINING" not in base
    # the epidemic clause follows the year's directive flag (profiles/national/2020.yaml), not a year
    for year in (2019, 2020, 2021, 2023):
        assert "NK-C-REQ-EPIDEMIC" not in ids(context_fact("district", {"school"}, year=year)), year
        assert "NK-C-REQ-EPIDEMIC" in ids(context_fact("district", {"school"}, {"epidemic_prevention"}, year=year))
    assert "NK-C-FREE-TRAINING" in ids(context_fact("district", {"training_institution"}))
    assert "NK-C-FRUGALITY" in base  # the 八项规定 clause always applies


def test_citations_for_every_level_below_national():
    assert "NK-C-CITATIONS" not in ids(context_fact("national"))
    for level in ("province", "city", "district", "county"):
        assert "NK-C-CITATIONS" in ids(context_fact(level))


def test_sessions_are_independent_and_repeatable():
    a = [r.id for r in fire(context_fact("district", {"school"}, has={"plan_deadline"}))]
    b = [r.id for r in fire(context_fact("city", {"bureau"}))]
    assert a == [r.id for r in fire(context_fact("district", {"school"}, has={"plan_deadline"}))]
    assert "NK-C-DEADLINE-PLAN" in a and "NK-C-DEADLINE-PLAN" not in b
    rank = {r.id: r.rank for r in load_rules()}
    assert a == sorted(a, key=rank.__getitem__)  # fired rules come back in dependency order


def test_every_rule_has_a_strength_and_only_a_regulation_is_an_error():
    for r in load_rules():
        assert r.strength in ("规定", "惯例", "建议")
        assert r.severity != "error" or r.strength == "规定", r.id


def test_a_convention_declared_as_error_is_refused_with_file_and_line(tmp_path):
    import pytest

    from generator.profiles import ProfileError

    (tmp_path / "x.yaml").write_text(
        "- id: NK-C-X\n  title: 示例\n  severity: error\n  strength: 惯例\n  message: 缺少示例\n  source: 测试\n",
        encoding="utf-8")
    with pytest.raises(ProfileError) as e:
        load_rules(tmp_path)
    assert "x.yaml:3" in str(e.value) and "只有“规定”可以报错误" in str(e.value)


def test_rule_patterns_are_judged_as_re_compile_judges_them():
    # checktypes parses patterns (compiling a CJK class costs ms); its verdicts must be re's own
    import re

    from generator.checktypes import _regex_problem

    patterns = [r"(?<=[一-鿿])-{2,}", r"(?<!a|bc)x", r"(?<=a+)b", r"(?<=(?:ab|cd))e", r"x(?=(?<=a*)y)",
                r"(a(?<!b{1,3})c)", r"(?<=a)(?<=bb*)", r"[一-鿿", r"(?P<n>a)(?P=m)", r"a{3,2}", r"(?<=\d{4})年",
                r"(?:(?<=^)|(?<=[一-鿿\s]))\.(?=\d)", r"(?<=a|bb)", r"(a)(?(1)(?<=x+)|y)", r"*a", r"a**"]
    for rec in load_rules():
        params = rec.params or {}
        patterns += [*(params.get("tokens") or []), params.get("token") or "", params.get("unless") or "",
                     *(params.get("swap") or {}), *(e["pattern"] for e in params.get("entries") or [])]
    for p in filter(None, patterns):
        try:
            re.compile(p)
            expected = ""
        except re.error as exc:
            expected = f"正则表达式“{p}”写法有误：{exc}"
        assert _regex_problem(p) == expected, p
