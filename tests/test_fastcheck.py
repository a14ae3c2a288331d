"""Reading a tree fast: compiled schema checks (never looser than cerberus), one-walk YAML
building (the same values as PyYAML's constructor), validation cached per file by content."""

from __future__ import annotations

import copy
import datetime as dt
import os
import random
import time
from pathlib import Path

import pytest
import yaml
from cerberus import Validator
from province_tree import province_tree

from generator import PROFILES_DIR, profiles, tree_cache
from generator.cli import main
from generator.fastcheck import compile_schema
from generator.profile_yaml import _load_with_lines, _PureLineLoader
from generator.schema import EDITION_SCHEMA, NODE_SCHEMA


def schema_of(path: Path) -> dict:
    return NODE_SCHEMA if path.name == "node.yaml" else EDITION_SCHEMA


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    root = province_tree(tmp_path_factory.mktemp("fast") / "profiles", 40)
    return sorted(root.rglob("*.yaml"))


def test_every_profile_passes_and_builds_as_pyyaml_builds_it(files):
    for path in files:
        text = path.read_text(encoding="utf-8")
        data, lines = _load_with_lines(text)
        assert data == yaml.load(text, Loader=_PureLineLoader), path  # noqa: S506 - the safe loader
        assert lines[("source",)] >= 1
        assert compile_schema(schema_of(path))(data), path
        assert Validator(schema_of(path)).validate(data), path


def _mutations(value, rng: random.Random):
    """Values a clerk might write instead of ``value``."""
    return [None, "", "文字", 0, -7, 3000, True, 1.5, dt.date(2024, 1, 1), [], ["文字"], {}, {"x": 1},
            [value], {"unknown_field": value}, rng.choice(["school", "nth_weekday", "edu", "A B"])]


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


def _mutated(doc, where: tuple, new):
    """A copy of ``doc`` with the value at ``where`` replaced by ``new`` ("delete": removed;
    "add": an unknown field beside it)."""
    bad = copy.deepcopy(doc)
    parent = bad
    for step in where[:-1]:
        parent = parent[step]
    if new == "delete":
        del parent[where[-1]]
    elif new == "add" and isinstance(parent, dict):
        parent["no_such_field"] = "x"
    else:
        parent[where[-1]] = new
    return bad


def test_what_the_checks_accept_cerberus_accepts(files):
    """Thousands of mutated profiles: a yes from the compiled checks is never a no from cerberus."""
    rng = random.Random(25)
    rejected = accepted = 0
    for path in files[::8]:
        schema = schema_of(path)
        check, v = compile_schema(schema), Validator(schema)
        doc, _ = _load_with_lines(path.read_text(encoding="utf-8"))
        for where in list(_paths(doc))[1:]:
            for new in rng.sample(_mutations(None, rng), 3) + ["delete", "add"]:
                bad = _mutated(doc, where, new)
                if check(bad):
                    accepted += 1
                    assert v.validate(bad), (path, where, new, v.errors)
                else:
                    rejected += 1
    assert rejected > 500 and accepted > 50, (rejected, accepted)


# ---------------------------------------------------------------- the per-file cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(folder))
    monkeypatch.setattr(tree_cache, "_TREES", {})
    monkeypatch.setattr(tree_cache, "_SAVED", {})
    monkeypatch.setattr(profiles, "FILE_RESULTS", {})
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))


def new_process(monkeypatch) -> None:
    """What a new command starts with: the disk cache only."""
    monkeypatch.setattr(tree_cache, "_TREES", {})
    monkeypatch.setattr(tree_cache, "_SAVED", {})
    monkeypatch.setattr(profiles, "FILE_RESULTS", {})


def test_an_edit_revalidates_that_file_alone_and_errors_stay_chinese(tmp_path, cache_dir, monkeypatch, capsys):
    root = province_tree(tmp_path / "profiles", 5)
    assert main(["profiles", "--profiles", str(root)]) == 0
    validated: list[Path] = []
    real = profiles._validate_file

    def counting(path, text=None):
        validated.append(path)
        return real(path, text)

    monkeypatch.setattr(profiles, "_validate_file", counting)
    county = next(root.rglob("p0002/node.yaml"))
    edition = next(root.rglob("p0003/2024.yaml"))  # (an invalid node's editions are not read)
    _edit(county, "level: county", "level: village")
    _edit(edition, "year: 2024", "year: 2023")
    capsys.readouterr()
    outputs = []
    for _ in range(2):  # the second time every file, the broken ones too, comes from the cache
        new_process(monkeypatch)
        validated.clear()
        assert main(["profiles", "--profiles", str(root)]) == 2
        outputs.append(capsys.readouterr().err)
        if len(outputs) == 1:
            assert sorted(validated) == sorted([county, edition])
        else:
            assert validated == []
    first, again = outputs
    assert first == again
    assert f"{county}:" in first and "字段“level（层级）”" in first and "village" in first
    assert f"{edition}:" in first and "年份 2023 与文件名 2024.yaml 不一致" in first
    # fixed again: only the fixed file is read, and the tree is whole
    _edit(county, "level: village", "level: county")
    _edit(edition, "year: 2023", "year: 2024")
    new_process(monkeypatch)
    validated.clear()
    assert main(["profiles", "--profiles", str(root)]) == 0
    # and the edition of the node that was invalid, read for the first time
    assert sorted(validated) == sorted([county, edition, county.with_name("2024.yaml")])


def test_a_broken_yaml_file_is_reported_the_same_from_the_cache(tmp_path, cache_dir, monkeypatch, capsys):
    root = province_tree(tmp_path / "profiles", 2)
    node = next(root.rglob("p0001/node.yaml"))
    node.write_text(node.read_text(encoding="utf-8") + "\n  bad: [unclosed\n", encoding="utf-8")
    past = time.time() - 60
    os.utime(node, (past, past))
    errs = []
    for _ in range(2):
        new_process(monkeypatch)
        assert main(["profiles", "--profiles", str(root)]) == 2
        errs.append(capsys.readouterr().err)
    assert errs[0] == errs[1] and f"{node}:" in errs[0]


def test_the_repository_tree_reads_the_same_with_and_without_the_cache(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("NOTICE_KIT_CACHE", "off")
    plain = profiles.ProfileTree(PROFILES_DIR)
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(cache_dir))
    tree_cache.load_tree(PROFILES_DIR)
    new_process(monkeypatch)
    monkeypatch.setattr(profiles, "_validate_file", lambda *a: pytest.fail("a file was parsed again"))
    cached = tree_cache.load_tree(PROFILES_DIR)
    assert {k: (n.data, n.editions, n.path) for k, n in cached.nodes.items()} == \
        {k: (n.data, n.editions, n.path) for k, n in plain.nodes.items()}


# ---------------------------------------------------------------- rule records and their params


def _rule_cases() -> list[tuple[dict, dict, tuple]]:
    """(document, schema, key) of every rule record, its params and every lexicon entry."""
    from generator import RULES_DIR
    from generator.checktypes import ENTRY_SCHEMA, SCHEMAS
    from generator.rules import _RULE_SCHEMA

    out = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        if path.name == "outline.yaml":
            continue
        for rec in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append((rec, _RULE_SCHEMA, ("rule",)))
            schema = {**SCHEMAS.get(rec.get("sets", ""), {}), **SCHEMAS.get(rec.get("check", ""), {}),
                      **{k: v for g in rec.get("gives") or () for k, v in SCHEMAS.get(f"gives:{g}", {}).items()}}
            out.append((rec.get("params") or {}, schema, ("params", rec.get("sets", ""), rec.get("check", ""),
                                                          tuple(rec.get("gives") or ()))))
    for path in sorted((RULES_DIR / "lexicon").glob("*.yaml")):
        out += [(ent, ENTRY_SCHEMA, ("lexicon entry",)) for ent in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return out


def test_rule_records_params_and_lexicons_pass_fast_and_mutations_never_pass_looser():
    """The rules are read with the compiled checks too (cerberus only words an invalid record):
    every record of rules/ passes, and no mutated one passes that cerberus refuses."""
    from generator.fastcheck import fast_valid

    rng = random.Random(21)
    cases = _rule_cases()
    assert len(cases) > 150
    refused = 0
    for doc, schema, key in cases:
        assert fast_valid(doc, schema, key), (key, doc)
        v = Validator(schema)
        for where in list(_paths(doc))[1:]:
            for new in [*rng.sample(_mutations(None, rng), 2), "delete", "add", []]:
                bad = _mutated(doc, where, new)
                if fast_valid(bad, schema, key):
                    assert v.validate(bad), (key, where, new, v.errors)
                else:
                    refused += 1
    assert refused > 300, refused


# ---------------------------------------------------------------- anyof, and defaults (form definitions)


def _forms() -> list[tuple[Path, dict]]:
    from generator.datafile import load_yaml
    from generator.forms.definitions import FORMS_DIR

    return [(p, load_yaml(p.read_text(encoding="utf-8"))) for p in sorted(FORMS_DIR.glob("*.yaml"))]


_ANYOF_SCHEMAS = [
    {"x": {"anyof": [{"type": "string", "empty": False}, {"type": "integer", "min": 1}]}},
    {"x": {"type": "string", "anyof": [{"minlength": 3}, {"allowed": ["a", "b"]}]}},  # the type inherited
    {"x": {"type": ["string", "integer"]}},
    {"x": {"type": "list", "schema": {"anyof": [
        {"type": "integer"}, {"type": "dict", "schema": {"n": {"type": "integer", "required": True}}}]}}},
    {"x": {"anyof": [{"type": "dict", "schema": {"a": {"type": "string", "required": True}}},
                     {"type": "dict", "schema": {"b": {"type": "boolean"}, "c": {"type": "integer", "default": 0}}}]}},
    {"x": {"type": "string", "default": "abc", "minlength": 5}},  # a default its own rules refuse
]
_VALUES = ["", "a", "ab", "abc", "abcdef", 0, 1, 7, -2, 1.5, [], [1], [1, "a"], [{"n": 1}], [{"n": "1"}],
           [{"m": 1}], {}, {"a": "s"}, {"a": 1}, {"b": True}, {"b": True, "c": 2}, {"c": None}, {"a": "s", "b": True},
           {"z": 1}, dt.date(2024, 1, 1)]


@pytest.mark.parametrize("schema", _ANYOF_SCHEMAS)
def test_anyof_and_type_lists_agree_with_cerberus(schema):
    check = compile_schema(schema)
    assert check is not None
    for doc in [{}, *({"x": v} for v in _VALUES)]:
        v = Validator(schema)
        assert check(doc) == v.validate(doc), (schema, doc, v.errors)
    # exact types: a bool is no integer here (cerberus takes it), so cerberus words that case
    assert not check({"x": True}) or Validator(schema).validate({"x": True})


def test_a_null_under_anyof_is_left_to_cerberus():
    # stricter, never looser: cerberus decides (and words) a null under anyof
    assert compile_schema({"x": {"anyof": [{"type": "string"}], "nullable": True}})({"x": None}) is False


def test_every_form_passes_fast_and_normalizes_as_cerberus_does():
    from generator.fastcheck import fast_valid, normalized
    from generator.forms.definitions import FORM_SCHEMA

    forms = _forms()
    assert len(forms) >= 8
    for path, data in forms:
        v = Validator(FORM_SCHEMA)
        assert fast_valid(data, FORM_SCHEMA), path
        assert v.validate(data), (path, v.errors)
        assert normalized(data, FORM_SCHEMA) == v.document, path


def test_mutated_forms_pass_fast_only_when_cerberus_accepts_them_alike():
    """A yes from the compiled anyof checks is a yes from cerberus, with the same normalised document."""
    from generator.fastcheck import compile_schema as compiled
    from generator.fastcheck import normalized
    from generator.forms.definitions import FORM_SCHEMA

    rng = random.Random(25)
    check, v = compiled(FORM_SCHEMA), Validator(FORM_SCHEMA)
    rejected = accepted = 0
    for _, doc in _forms():
        places = list(_paths(doc))[1:]
        for where in rng.sample(places, min(len(places), 20)):  # cerberus takes ~15 ms a form
            for new in [*rng.sample(_mutations(None, rng), 3), "delete", "add", {"text": "x", "span": 2}]:
                bad = _mutated(doc, where, new)
                if check(bad):
                    accepted += 1
                    assert v.validate(bad), (where, new, v.errors)
                    assert normalized(bad, FORM_SCHEMA) == v.document, (where, new)
                else:
                    rejected += 1
    assert rejected > 150 and accepted > 100, (rejected, accepted)
