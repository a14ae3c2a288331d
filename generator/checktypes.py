"""The ``params`` each ``sets:``/``check:`` type takes, validated when the rules load.

A rule's params must fit the schema of its builder (``sets:``) together with that of its
checker (``check:``): a misspelt key (``keyword:`` for ``keywords:``), a wrong type or a
regular expression that does not compile is ``rules/x.yaml:LINE`` in Chinese, never a
silent default. A type not listed here takes no params.

Three generic check types keep their pattern in the YAML (as Vale's ``extends:``), so a new
wording check is a record and its fixture, no Python (generator/lint/generic.py runs them):

- ``existence``: each match of ``tokens`` (regular expressions) is a finding;
- ``substitution``: each match of a ``swap`` key (or of a lexicon entry's ``wrong``/
  ``pattern``, ``lexicon: NAME`` → rules/lexicon/NAME.yaml) is a finding whose fix writes
  its replacement (``\\1`` refers to a group), unless ``fix: false``;
- ``occurrence``: ``token`` found more than ``max`` times in the scope.

``scope`` (all three): ``prose`` (running text from the title on, heading labels, e-mails
and URLs masked; the default), ``title``, ``body`` (opening to 附件说明), ``attachment_note``
(the 附件说明 lines), ``all`` (every line).
``unless``: a line this expression matches is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

try:
    from re import _compiler, _constants, _parser
except ImportError:  # another Python: patterns are compiled to be checked
    _compiler = _constants = _parser = None

from .validation import Problem, cn_message, field_name, leaf_errors, line_for

SCOPES = ["prose", "title", "body", "attachment_note", "all"]
_TEXT = {"type": "string"}
_WORDS = {"type": "list", "schema": {"type": "string"}}
_COMMON = {"scope": {"type": "string", "allowed": SCOPES}, "unless": _TEXT, "detail": _TEXT}

#: params of each type (builder or checker name → cerberus schema of ``params``)
SCHEMAS: dict[str, dict[str, Any]] = {
    # generic check types
    "existence": {"tokens": {**_WORDS, "required": True, "minlength": 1}, **_COMMON},
    "substitution": {"swap": {"type": "dict", "keysrules": _TEXT, "valuesrules": _TEXT},
                     "lexicon": {"type": "string", "regex": r"^[a-z0-9_\-]+$"},
                     "fix": {"type": "boolean"}, **_COMMON},
    "occurrence": {"token": {**_TEXT, "required": True}, "max": {"type": "integer", "min": 0, "required": True},
                   **_COMMON},
    # drafting builders (generator/elements) and the content checks that read the same params
    "title": {"pattern": _TEXT},
    "citations": {"purpose": _TEXT, "text": _TEXT},
    "opening": {"purpose": _TEXT, "text": _TEXT},
    "section_guiding": {"heading": _TEXT},
    "section_theme": {"heading": _TEXT},
    "section_week": {"heading": _TEXT, "text": _TEXT},
    "launch": {"text": _TEXT},
    "own_launch": {"text": _TEXT},
    "section_organisation": {"heading": _TEXT, "office": _TEXT},
    "section_activities": {"heading": _TEXT},
    "section_requirements": {"heading": _TEXT},
    "requirement": {"key": _TEXT, "heading": _TEXT, "keywords": _WORDS, "text": _TEXT},
    "four_ones": {"into": _TEXT, "text": _TEXT},
    "free_training": {"into": _TEXT, "keywords": _WORDS, "text": _TEXT},
    "deadline": {"kinds": _WORDS, "heading": _TEXT, "text": _TEXT},
    # the habit a 成文日期 follows when it is computed, and the note listing the 推算 dates
    "signature": {"signature_habit": _TEXT, "computed_note": _TEXT},
    "imprint": {"sole_issuer_prints": _TEXT},
    "joint_issuers": {"joint_pattern": {**_TEXT, "required": True}, "hint": {**_TEXT, "required": True},
                      "hint_at": {**_TEXT, "required": True}},
    "attachments": {"label": _TEXT},
    "format": {"letter_suffix": _TEXT},
    # facts a rule gives (``gives: [attachment]``): what the giving rule says of them
    "gives:attachment": {"kinds": _WORDS},
    # a 推算 date (rules/dates.yaml, elements/status.py): what would confirm it
    "gives:computed_date": {"confirm": {**_TEXT, "required": True}},
}

#: the params keys' Chinese names (for the typo hint of an unknown key)
KEY_CN = {"tokens": "匹配的写法", "swap": "替换表", "lexicon": "词表", "fix": "是否给出修改",
          "token": "计数的写法", "max": "最多次数", "scope": "范围", "unless": "例外", "detail": "说明",
          "pattern": "标题格式", "purpose": "目的", "text": "正文",
          "heading": "小标题", "office": "办公室", "key": "键",
          "keywords": "关键词", "into": "所在要求", "kinds": "时限种类", "label": "标签",
          "letter_suffix": "函的代字结尾", "confirm": "如何确定", "signature_habit": "成文日期推算说明",
          "computed_note": "推算日期提示", "sole_issuer_prints": "单独发文的印发机关", "joint_pattern": "联合发文写法",
          "hint": "提示", "hint_at": "按位次的提示"}

#: a lexicon entry (rules/lexicon/*.yaml): the wrong form (literal) or a pattern, the right
#: form, why, and where that is written
ENTRY_SCHEMA = {"wrong": _TEXT, "pattern": _TEXT, "right": {**_TEXT, "required": True},
                "note": _TEXT, "source": {**_TEXT, "required": True, "empty": False}}
ENTRY_CN = {"wrong": "误写", "pattern": "误写的模式", "right": "正确写法", "note": "说明", "source": "依据"}


def _errors(data: Any, schema: dict, names: dict[str, str], key: tuple = ()) -> list[tuple[tuple, str]]:
    from .fastcheck import fast_valid

    if key and fast_valid(data, schema, ("params", *key)):  # the usual case: cerberus words the rest
        return []
    from cerberus import Validator

    v = Validator(schema)
    if v.validate(data):
        return []
    return [(tuple(e.document_path), cn_message(e, names, "generator/checktypes.py"))
            for e in leaf_errors(v._errors)]


def _regex_problem(pattern: str) -> str:
    """What re.compile says is wrong with ``pattern``, found without compiling it: compiling a
    CJK class costs 2–9 ms (~11 ms for the rules' patterns, in every cold process with the cache
    off), and re's parser finds every error but the look-behind widths its compiler checks."""
    try:
        if _parser is None:  # another Python: compile as before
            re.compile(pattern)
        else:
            _check_lookbehinds(_parser.parse(pattern))
    except re.error as exc:
        return f"正则表达式“{pattern}”写法有误：{exc}"
    return ""


def _check_lookbehinds(parsed: Any) -> None:
    """re._compiler's two look-behind errors, in its order (depth first, an assertion before its body)."""
    if isinstance(parsed, (tuple, list)):
        for part in parsed:
            _check_lookbehinds(part)
        return
    if not isinstance(parsed, _parser.SubPattern):
        return
    for op, av in parsed:
        if op in (_constants.ASSERT, _constants.ASSERT_NOT) and av[0] < 0:
            lo, hi = av[1].getwidth()
            if lo > _compiler.MAXCODE:
                raise re.error("looks too much behind")
            if lo != hi:
                raise re.error("look-behind requires fixed-width pattern")
        _check_lookbehinds(av)


def params_problems(path: Path, i: int, rec: dict, lines: dict, rules_dir: Path) -> tuple[dict, list[Problem]]:
    """``rec``'s params checked against its types' schemas: (params ready for the checker, problems).
    A substitution's lexicon is read here, so its entries are part of the loaded rule."""
    params = rec.get("params") or {}
    schema = {**SCHEMAS.get(rec.get("sets", ""), {}), **SCHEMAS.get(rec.get("check", ""), {}),
              **{k: v for g in rec.get("gives") or () for k, v in SCHEMAS.get(f"gives:{g}", {}).items()}}
    names = {k: KEY_CN.get(k, k) for k in schema}  # the hint names a key this type takes
    kinds = "、".join(x for x in (rec.get("sets"), rec.get("check"), *(rec.get("gives") or ())) if x)
    out = [Problem(path, line_for((i, "params", *p), lines), field_name(("params", *p), KEY_CN),
                   msg.replace("不认识的字段", f"{kinds} 不接受这个参数") if not schema else msg)
           for p, msg in _errors(params, schema, names,
                                 (rec.get("sets", ""), rec.get("check", ""), tuple(rec.get("gives") or ())))]
    if out:
        return params, out
    where = {"tokens": params.get("tokens") or [], "token": [params.get("token", "")],
             "unless": [params.get("unless", "")], "swap": list(params.get("swap") or {})}
    for key, patterns in where.items():
        for k, p in enumerate(patterns):
            bad = p and _regex_problem(p)
            if bad:
                at = (i, "params", key, k) if key == "tokens" else (i, "params", key, p) if key == "swap" \
                    else (i, "params", key)
                out.append(Problem(path, line_for(at, lines), f"params.{key}", bad))
    if rec.get("check") == "substitution":
        if bool(params.get("swap")) == bool(params.get("lexicon")):
            out.append(Problem(path, line_for((i, "params"), lines), "params",
                               "替换规则应给出 swap（替换表）或 lexicon（词表）之一"))
        elif params.get("lexicon"):
            entries, probs = read_lexicon(rules_dir / "lexicon" / f"{params['lexicon']}.yaml", path,
                                          line_for((i, "params", "lexicon"), lines))
            out += probs
            params = {**params, "entries": entries}
        else:
            params = {**params, "entries": [{"pattern": k, "right": v} for k, v in params["swap"].items()]}
    return params, out


def read_lexicon(lex: Path, rule_path: Path, rule_line: int) -> tuple[list[dict], list[Problem]]:
    """The entries of one lexicon file, each validated (file:line of the entry)."""
    from .profiles import read_yaml

    if not lex.is_file():
        return [], [Problem(rule_path, rule_line, "params.lexicon",
                            f"词表文件 {lex.name} 不存在（应在 rules/lexicon/ 下）")]
    data, lines = read_yaml(lex)
    if not isinstance(data, list):
        return [], [Problem(lex, 1, "", "词表应是词条的列表（每条以“- wrong:”或“- pattern:”开头）")]
    out, entries = [], []
    for k, ent in enumerate(data):
        errs = (_errors(ent, ENTRY_SCHEMA, ENTRY_CN, ("lexicon entry",)) if isinstance(ent, dict)
                else [((), "词条应是键值表")])
        if not errs and bool(ent.get("wrong")) == bool(ent.get("pattern")):
            errs = [((), "词条应给出 wrong（误写）或 pattern（误写的模式）之一")]
        if not errs and ent.get("pattern") and _regex_problem(ent["pattern"]):
            errs = [(("pattern",), _regex_problem(ent["pattern"]))]
        for p, msg in errs:
            out.append(Problem(lex, line_for((k, *p), lines), field_name((f"第{k + 1}条", *p), ENTRY_CN), msg))
        if not errs:
            entries.append({"pattern": ent.get("pattern") or re.escape(ent["wrong"]), "right": ent["right"],
                            "note": ent.get("note", ""), "source": ent["source"]})
    return entries, out


def lexicon_files(rules_dir: Path) -> list[Path]:
    """The lexicon files a rules folder's substitutions may name (part of the rules' cache key)."""
    return sorted((Path(rules_dir) / "lexicon").glob("*.yaml"))
