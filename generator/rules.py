"""Rules as data: load ``rules/*.yaml``, compile them into one durable-rules ruleset.

A rule is a record a domain person can read::

    - id: NK-C-FOUR-ONES
      title: 学校开展“四个一”活动
      severity: error
      when: {recipient_kind: school}
      sets: four_ones            # what drafting adds (a builder in generator.assemble)
      check: four_ones           # what lint verifies (a checker in generator.lint)
      message: 主送机关含学校，但未部署“四个一”活动（%s）。
      source: 常新教〔2024〕76号 五（四）

``when`` is compiled into a durable-rules condition over one ``context`` fact per
session (the node's level, recipient kinds, the year's directive flags, the input kind).
Its vocabulary: ``level``, ``recipient_kind``, ``flag``, ``input``, ``has`` (a value or a
list meaning "any of"), all of which must hold. An empty ``when`` always holds.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cerberus import Validator

from . import RULES_DIR
from .errors import NoticeError
from .profiles import Problem, ProfileError, _cn_message, _field_name, _leaf_errors, _line_for, read_yaml

RULESET = "notice_kit"
#: where a rule's force comes from: a standard, regulation or the superior's written requirement
#: (with its clause in ``source``); what most real notices do; or advice. Only 规定 may be an error.
STRENGTHS = {"规定": "标准、条例或上级通知的明文规定", "惯例": "多数通知的通行做法", "建议": "建议"}
_WHEN_KEYS = {"level": "level", "recipient_kind": "kind", "flag": "flag", "input": "input", "has": "has"}

_RULE_SCHEMA = {
    "id": {"type": "string", "regex": r"^NK-[A-Z]+(-[A-Z0-9]+)+$", "required": True},
    "title": {"type": "string", "required": True},
    "severity": {"type": "string", "allowed": ["error", "warning", "info"], "required": True},
    "strength": {"type": "string", "allowed": list(STRENGTHS), "required": True},
    "when": {"type": "dict", "keysrules": {"type": "string", "allowed": list(_WHEN_KEYS)}},
    "sets": {"type": "string"},
    "check": {"type": "string"},
    "message": {"type": "string", "required": True, "empty": False},
    "source": {"type": "string", "required": True, "empty": False},
    "params": {"type": "dict"},
}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    message: str
    strength: str
    source: str
    when: dict[str, Any] = field(default_factory=dict)
    sets: str = ""
    check: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    file: str = ""
    line: int = 0

    def describe_when(self) -> str:
        """The trigger in words, for ``notice explain`` and the docs."""
        if not self.when:
            return "总是适用"
        words = {"level": "层级为", "recipient_kind": "主送单位含", "flag": "上级当年要求",
                 "input": "输入为", "has": "档案给出"}
        parts = []
        for key, value in self.when.items():
            vals = value if isinstance(value, list) else [value]
            parts.append(f"{words[key]}{'或'.join(VALUE_CN.get(str(v), str(v)) for v in vals)}")
        return "；".join(parts)


VALUE_CN = {
    "national": "国家级", "province": "省级", "city": "市级", "district": "区级", "county": "县级",
    "school": "中小学、幼儿园", "community_college": "社区学院", "community_centre": "社区教育中心",
    "training_institution": "培训机构", "bureau": "下级教育行政部门", "government_unit": "部门单位",
    "university": "高校", "epidemic_prevention": "疫情防控", "guiding": "指导思想",
    "plan_deadline": "方案报送时限", "attachments": "附件", "docx": ".docx 文件", "text": "文本",
}


def _as_list(v: Any) -> list:
    return v if isinstance(v, list) else [v]


def _condition(rule: Rule) -> dict:
    """``when`` → a durable-rules condition on the context fact."""
    terms: list[dict] = [{"type": "context"}]
    for key, value in rule.when.items():
        prefix = _WHEN_KEYS[key]
        alts = []
        for v in _as_list(value):
            if prefix in ("level", "input"):
                alts.append({prefix: v})
            else:
                alts.append({f"{prefix}_{v}": True})
        terms.append(alts[0] if len(alts) == 1 else {"$or": alts})
    return {"$and": terms}


def context_fact(level: str = "", kinds: set[str] = frozenset(), flags: set[str] = frozenset(),
                 input_kind: str = "", has: set[str] = frozenset()) -> dict[str, Any]:
    """The one fact a session reasons over. Only true flags are present: an absent
    attribute never matches, which is what "the flag is not set" should mean."""
    fact: dict[str, Any] = {"type": "context", "level": level or "unknown", "input": input_kind or "model"}
    fact.update({f"kind_{k}": True for k in kinds})
    fact.update({f"flag_{f}": True for f in flags})
    fact.update({f"has_{h}": True for h in has})
    return fact


def load_rules(rules_dir: Path = RULES_DIR) -> list[Rule]:
    """All rules, in file order (files sorted by name). Bad rule files raise ProfileError."""
    return list(_load_rules_cached(str(rules_dir)))


@lru_cache(maxsize=4)
def _load_rules_cached(rules_dir: str) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in sorted(Path(rules_dir).glob("*.yaml")):
        data, lines = read_yaml(path)
        if not isinstance(data, list):
            problems.append(Problem(path, 1, "", "规则文件应是规则记录的列表（每条以“- id:”开头）"))
            continue
        for i, rec in enumerate(data):
            v = Validator(_RULE_SCHEMA)
            if not isinstance(rec, dict) or not v.validate(rec):
                errs = _leaf_errors(v._errors) if isinstance(rec, dict) else []
                for e in errs:
                    path_ = (i, *e.document_path)
                    problems.append(Problem(path, _line_for(path_, lines), _field_name(path_), _cn_message(e)))
                if not errs:
                    problems.append(Problem(path, _line_for((i,), lines), f"第{i + 1}项", "规则应是键值表"))
                continue
            if rec["id"] in seen:
                problems.append(Problem(path, _line_for((i, "id"), lines), "id",
                                        f"规则编号 {rec['id']} 重复（已见于 {seen[rec['id']].name}）"))
                continue
            seen[rec["id"]] = path
            if rec["strength"] != "规定" and rec["severity"] == "error":
                problems.append(Problem(path, _line_for((i, "severity"), lines), "severity",
                                        f"强度为“{rec['strength']}”的规则不能是 error（只有“规定”可以报错误）"))
                continue
            rules.append(Rule(
                id=rec["id"], title=rec["title"], severity=rec["severity"], message=rec["message"],
                strength=rec["strength"],
                source=rec["source"], when=rec.get("when") or {}, sets=rec.get("sets", ""),
                check=rec.get("check", ""), params=rec.get("params") or {},
                file=path.name, line=_line_for((i,), lines)))
    if problems:
        raise ProfileError(problems)
    return tuple(rules)


class RuleEngine:
    """One durable-rules ruleset per process; one session per notice, deleted after."""

    _lock = threading.Lock()
    _instance: RuleEngine | None = None

    def __init__(self, rules: list[Rule]) -> None:
        from durable.lang import get_host

        self.rules = rules
        self.by_id = {r.id: r for r in rules}
        self._fired: dict[str, list[str]] = {}
        self._sids = itertools.count(1)
        self._host = get_host()
        definition: dict[str, Any] = {}
        for rule in rules:
            definition[rule.id] = {"all": [{"m": _condition(rule)}], "run": self._recorder(rule.id)}
        # A catch-all rule: a fact no rule matches would raise MessageNotHandledException.
        definition["NK-ENGINE-SEEN"] = {"all": [{"m": {"type": "context"}}], "run": lambda c: None}
        self._host.set_rulesets({RULESET: definition})

    def _recorder(self, rule_id: str):
        def run(c) -> None:
            self._fired.setdefault(c.m.sid, []).append(rule_id)

        return run

    @classmethod
    def get(cls) -> RuleEngine:
        """The process-wide engine (durable-rules refuses to define a ruleset twice)."""
        with cls._lock:
            if cls._instance is None:
                cls._instance = RuleEngine(load_rules())
            return cls._instance

    def fire(self, context: dict[str, Any]) -> list[Rule]:
        """Rules whose ``when`` holds for this context, in rule-file order."""
        with self._lock:
            sid = str(next(self._sids))
            fact = {**context, "sid": sid, "id": f"ctx-{sid}"}
            try:
                self._host.assert_fact(RULESET, fact)
                fired = set(self._fired.pop(sid, []))
            except Exception as exc:  # durable raises bare Exceptions with engine codes
                raise NoticeError(f"规则引擎运行失败：{exc}") from None
            finally:
                self._host.delete_state(RULESET, sid)
        return [r for r in self.rules if r.id in fired]


def fire(context: dict[str, Any]) -> list[Rule]:
    """Module-level shortcut: the rules that hold for ``context``."""
    return RuleEngine.get().fire(context)
