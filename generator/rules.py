"""Rules as data: load ``rules/*.yaml``, verify them, and reason over facts with durable-rules.

A rule is a record a domain person can read::

    - id: NK-C-FOUR-ONES
      title: 学校开展“四个一”活动
      severity: warning
      strength: 惯例
      when: {recipient_kind: school, level: [district, county]}
      needs: [NK-C-REQ-EFFECT]     # built into the 确保工作实效 requirement: it must exist first
      sets: four_ones              # what drafting adds (a builder in generator/elements)
      check: four_ones             # what lint verifies (a checker; generator/catalogue.py finds both)
      message: 主送机关含中小学、幼儿园，但未完整部署“四个一”活动：%s
      source: 常新教〔2024〕76号 五（四）

The engine reasons over facts, one session per notice:

- one ``context`` fact: the notice's level, recipient kinds, year, input kind and what the
  profile (or the read draft) gives;
- one ``directive`` fact per flag the year's superior editions raise (e.g. epidemic prevention);
- one ``element`` fact per rule that holds, asserted by that rule's action, and one per fact
  it ``gives:``; the rules that ``needs`` the rule (or the fact) match them: the consequence of
  one rule is the premise of the next (相关要求 → 确保工作实效 → 四个一; 方案报送时限 →
  ``gives: [attachment]`` → 附件说明, which also holds when the year's notice lists attachments).

``when`` keys (all must hold; a list means "any of"): ``level``, ``recipient_kind``, ``flag``
(a directive fact), ``input``, ``has``, ``year`` (``2020``, ``2020-2022``, ``2023-``), ``kind``.
``unless`` takes the same keys but ``flag``: the rule holds only while none of them does (a
computed date is 推算 unless a fixing fact is given, rules/dates.yaml). It reads the context
fact alone, asserted whole at once, so the outcome never depends on the order rules fire in.
The order of elements is declared in ``rules/outline.yaml`` (the notice's parts top to bottom,
each listing the rules that write it), never taken from a rule's id or the order of records.
Every name is verified when the rules load: an unknown ``sets``/``check``/``when`` key or rule
id is a ``file:line`` error in Chinese, and
so is a ``params`` key the rule's types do not take (schemas in generator/checktypes.py).
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .checktypes import lexicon_files, params_problems
from .errors import NoticeError
from .levels import LEVELS, level_words
from .profiles import read_yaml
from .validation import Problem, ProfileError, cn_message, field_name, leaf_errors, line_for

#: where a rule's force comes from: a standard, regulation or the superior's written requirement
#: (with its clause in ``source``); what most real notices do; or advice. Only 规定 may be an error.
STRENGTHS = {"规定": "标准、条例或上级通知的明文规定", "惯例": "多数通知的通行做法", "建议": "建议"}
WHEN_KEYS = ("level", "recipient_kind", "flag", "input", "has", "year", "kind")
#: ``unless`` reads the one context fact: a negated directive or element fact would depend on
#: which facts the engine has seen when the rule is matched
UNLESS_KEYS = tuple(k for k in WHEN_KEYS if k != "flag")
_YEAR_RE = re.compile(r"^(?P<lo>\d{4})?\s*[-—~～]\s*(?P<hi>\d{4})?$")

_RULE_SCHEMA = {
    "id": {"type": "string", "regex": r"^NK-[A-Z]+(-[A-Z0-9]+)+$", "required": True},
    "title": {"type": "string", "required": True},
    "severity": {"type": "string", "allowed": ["error", "warning", "info"], "required": True},
    "strength": {"type": "string", "allowed": list(STRENGTHS), "required": True},
    "when": {"type": "dict", "keysrules": {"type": "string", "allowed": list(WHEN_KEYS)}},
    "unless": {"type": "dict", "keysrules": {"type": "string", "allowed": list(UNLESS_KEYS)}},
    "needs": {"type": "list", "schema": {"type": "string"}},
    # facts the rule's consequence gives besides its own element, which other rules may need:
    # ``gives: [attachment]`` on each rule that brings an attachment, ``needs: [attachment]`` on 附件说明
    "gives": {"type": "list", "schema": {"type": "string", "regex": r"^[a-z][a-z_]*$"}},
    "after": {"type": "list"},  # refused with its own message: the order is the outline's
    "sets": {"type": "string"},
    "check": {"type": "string"},
    "message": {"type": "string", "required": True, "empty": False},
    "source": {"type": "string", "required": True, "empty": False},
    "params": {"type": "dict"},
}

VALUE_CN = {
    **{level: level_words(level) for level in LEVELS},
    "school": "中小学、幼儿园", "community_college": "社区学院", "community_centre": "社区教育中心",
    "training_institution": "培训机构", "bureau": "下级教育行政部门", "government_unit": "部门单位",
    "university": "高校", "epidemic_prevention": "疫情防控", "guiding": "指导思想",
    "plan_deadline": "方案报送时限", "attachments": "附件", "attachment": "附件",
    "plan_form": "报送时限要求填报表格", "docx": ".docx 文件", "text": "文本",
    "launch": "本级启动仪式", "superior_launch": "上级当年启动仪式",
    "edition_week": "本级当年档案写明的活动周日期", "superior_week": "上级当年通知规定的活动周时间",
    "edition_plan_date": "本级当年档案写明的方案报送时限", "edition_summary_date": "本级当年档案写明的总结报送时限",
    "edition_date": "本级当年档案写明的成文日期", "computed_date": "推算的日期",
    "week": "活动周通知", "opening": "开幕式通知", "day": "活动日通知", "forwarding": "转发通知",
}


@dataclass(frozen=True)
class Rule:
    """One rule as its YAML record states it: when it applies, what it sets or checks, its
    message, strength and source clause."""

    id: str
    title: str
    severity: str
    message: str
    strength: str
    source: str
    when: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    unless: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    needs: tuple[str, ...] = ()
    gives: tuple[str, ...] = ()
    sets: str = ""
    check: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    file: str = ""
    line: int = 0
    rank: int = 0  # position in the declared order (rules/outline.yaml), never the id's or the file's

    def describe_when(self) -> str:
        """The trigger in words, for ``notice explain`` and the docs."""
        parts = [_condition_words(key, value) for key, value in self.when.items()]
        if self.needs:
            parts.append("已有" + "、".join(VALUE_CN.get(n, n) for n in self.needs))
        if self.unless:
            parts.append("除非" + "，或".join(_condition_words(k, v) for k, v in self.unless.items()))
        return "；".join(parts) or "总是适用"


_WHEN_WORDS = {"level": "层级为", "recipient_kind": "主送单位含", "flag": "上级当年要求",
               "input": "输入为", "has": "档案给出", "year": "年份为", "kind": "通知类别为"}


def _condition_words(key: str, value: Any) -> str:
    if key == "year":
        return f"年份为{'、'.join(_year_words(v) for v in _as_list(value))}"
    return f"{_WHEN_WORDS[key]}{'或'.join(VALUE_CN.get(str(v), str(v)) for v in _as_list(value))}"


def _as_list(v: Any) -> list:
    return v if isinstance(v, list) else [v]


def _year_range(v: Any) -> tuple[int, int] | None:
    """``2020`` → (2020, 2020); ``"2020-2022"`` → (2020, 2022); ``"2023-"`` → (2023, 9999)."""
    if isinstance(v, int) and not isinstance(v, bool):
        return (0, -v) if v < 0 else (v, v)  # YAML reads "-2015" as the number −2015: "up to 2015"
    m = _YEAR_RE.match(str(v).strip())
    if not m or not (m["lo"] or m["hi"]):
        return None
    lo, hi = int(m["lo"] or 0), int(m["hi"] or 9999)
    return (lo, hi) if lo <= hi else None


def _year_words(v: Any) -> str:
    lo, hi = _year_range(v) or (0, 0)
    if lo == hi:
        return f"{lo}年"
    return f"{lo}年起" if hi == 9999 else (f"{hi}年及以前" if lo == 0 else f"{lo}—{hi}年")


# ---------------------------------------------------------------- facts


@dataclass(frozen=True)
class Facts:
    """What one session reasons over: the notice's context and the year's directive flags."""

    level: str = ""
    kinds: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    input_kind: str = ""
    has: frozenset[str] = frozenset()
    year: int = 0
    notice_kind: str = "week"  # 活动周通知 unless the notice (or its profile) says another kind

    def asserted(self, sid: str) -> list[dict[str, Any]]:
        """The durable-rules facts: directives first, then the context that rules match on.
        Only true attributes are present: an absent one never matches ("not given")."""
        out: list[dict[str, Any]] = [{"type": "directive", "flag": f, "sid": sid, "id": f"dir-{f}-{sid}"}
                                     for f in sorted(self.flags)]
        ctx: dict[str, Any] = {"type": "context", "level": self.level or "unknown",
                               "input": self.input_kind or "model", "year": self.year,
                               "notice_kind": self.notice_kind or "week", "sid": sid, "id": f"ctx-{sid}"}
        ctx.update({f"kind_{k}": True for k in self.kinds})
        ctx.update({f"has_{h}": True for h in self.has})
        return [*out, ctx]


def context_fact(level: str = "", kinds: set[str] = frozenset(), flags: set[str] = frozenset(),
                 input_kind: str = "", has: set[str] = frozenset(), year: int = 0, notice_kind: str = "week") -> Facts:
    """The facts of one notice (see ``Facts``)."""
    return Facts(level, frozenset(kinds), frozenset(flags), input_kind, frozenset(has), int(year or 0),
                 notice_kind or "week")


def _term(key: str, v: Any) -> dict:
    """One value of a ``when`` key as a test of the context fact."""
    if key in ("level", "input", "kind"):
        return {"notice_kind" if key == "kind" else key: v}
    if key == "year":
        lo, hi = _year_range(v)
        return {"$and": [{"$gte": {"year": lo}}, {"$lte": {"year": hi}}]}
    return {f"{'kind' if key == 'recipient_kind' else key}_{v}": True}


def _negated(key: str, v: Any) -> dict:
    """The test that one value of an ``unless`` key does not hold (an absent attribute is "not given")."""
    if key in ("level", "input", "kind"):
        return {"$neq": {"notice_kind" if key == "kind" else key: v}}
    if key == "year":
        lo, hi = _year_range(v)
        return {"$or": [{"$lt": {"year": lo}}, {"$gt": {"year": hi}}]}
    return {"$nex": {f"{'kind' if key == 'recipient_kind' else key}_{v}": 1}}


def _context_terms(rule: Rule) -> list[dict]:
    terms: list[dict] = [{"type": "context"}]
    for key, value in rule.when.items():
        if key == "flag":
            continue  # matched on directive facts
        alts = [_term(key, v) for v in _as_list(value)]
        terms.append(alts[0] if len(alts) == 1 else {"$or": alts})
    # unless: every value of every key fails
    terms += [_negated(key, v) for key, value in rule.unless.items() for v in _as_list(value)]
    return terms


def _condition(rule: Rule) -> list[dict]:
    """``when`` + ``needs`` → the facts a rule matches: the context, the directive flags it
    names, and the element facts of the rules it needs."""
    cond: list[dict] = [{"ctx": {"$and": _context_terms(rule)}}]
    if "flag" in rule.when:
        flags = [{"flag": f} for f in _as_list(rule.when["flag"])]
        cond.append({"dir": {"$and": [{"type": "directive"}, flags[0] if len(flags) == 1 else {"$or": flags}]}})
    for i, need in enumerate(rule.needs):
        cond.append({f"need{i}": {"$and": [{"type": "element"}, {"name": need}]}})
    return cond


# ---------------------------------------------------------------- loading and verifying


def load_rules(rules_dir: Path, known: KnownNames) -> list[Rule]:
    """All rules in dependency order, their ``sets:``/``check:`` names verified against
    ``known()`` (called only when the verified rules are not kept on disk). Bad rule files
    raise ProfileError (file:line, Chinese). Callers use ``catalogue.load_rules``."""
    return list(_load_rules_cached(str(rules_dir), known))


#: the names the code offers, ``(builders, checkers)``: given by the catalogue
#: (``generator/catalogue.py``), which stands above this module and the code it names
KnownNames = Callable[[], tuple[set[str], set[str]]]


def _suggest(name: str, known: set[str]) -> str:
    import difflib

    near = difflib.get_close_matches(name, sorted(known), n=1)
    return f"（是否想写“{near[0]}”？）" if near else f"（可用：{'、'.join(sorted(known))}）"


def _record_problems(path: Path, i: int, rec: dict, lines: dict, builders: set[str], checks: set[str]) -> list[Problem]:
    out = []

    def at(*key: Any) -> int:
        return line_for((i, *key), lines)

    if rec["strength"] != "规定" and rec["severity"] == "error":
        out.append(Problem(path, at("severity"), "severity",
                           f"强度为“{rec['strength']}”的规则不能是 error（只有“规定”可以报错误）"))
    if rec.get("sets") and rec["sets"] not in builders:
        out.append(Problem(path, at("sets"), "sets",
                           f"没有名为“{rec['sets']}”的起草方法{_suggest(rec['sets'], builders)}"))
    if rec.get("check") and rec["check"] not in checks:
        out.append(Problem(path, at("check"), "check",
                           f"没有名为“{rec['check']}”的审查方法{_suggest(rec['check'], checks)}"))
    for key, value in [*(rec.get("when") or {}).items(), *(rec.get("unless") or {}).items()]:
        if key == "year" and any(_year_range(v) is None for v in _as_list(value)):
            out.append(Problem(path, at("when", key), f"when.{key}",
                               f"年份条件“{value}”应写成 2020、2020-2022、2023- 之类"))
    return out


def _link_problems(rules: list[Rule], paths: dict[str, Path], lines: dict[str, dict]) -> list[Problem]:
    """``needs`` name existing rules or facts some rule ``gives``, without a cycle."""
    ids = {r.id for r in rules}
    given = {g for r in rules for g in r.gives}
    out = []
    for r in rules:
        for other in r.needs:
            if other not in ids and other not in given:
                out.append(Problem(paths[r.id], r.line, "needs", f"规则 {r.id} 引用的规则“{other}”不存在"
                                   + _suggest(other, ids | given)))
    if not out:
        order = _dependency_order(rules)
        if len(order) < len(rules):
            stuck = sorted(ids - {r.id for r in order})
            first = next(r for r in rules if r.id == stuck[0])
            out.append(Problem(paths[first.id], first.line, "needs",
                               "规则之间的 needs 形成循环：" + "、".join(stuck)))
    return out


def _dependency_order(rules: list[Rule]) -> list[Rule]:
    """Kahn's topological order over ``needs``; among rules free at once, the smallest id first.
    Only the rules the outline does not list (checks that draft nothing) keep this order."""
    by_id = {r.id: r for r in rules}
    preds = {r.id: set(_need_ids(r, rules)) for r in rules}
    succs: dict[str, set[str]] = {r.id: set() for r in rules}
    for rid, ps in preds.items():
        for p in ps:
            succs[p].add(rid)
    ready = [rid for rid, ps in preds.items() if not ps]
    heapq.heapify(ready)
    out = []
    while ready:
        rid = heapq.heappop(ready)
        out.append(by_id[rid])
        for s in succs[rid]:
            preds[s].discard(rid)
            if not preds[s]:
                heapq.heappush(ready, s)
    return out


def _need_ids(rule: Rule, rules: list[Rule]) -> list[str]:
    """The rules ``rule`` waits for: those it names, and every rule giving a fact it needs."""
    out = []
    for need in rule.needs:
        out += [need] if any(r.id == need for r in rules) else [r.id for r in rules if need in r.gives]
    return out


# ---------------------------------------------------------------- the outline (declared order)

#: the notice's outline in the rules folder: its parts top to bottom, each with the rules that write it
OUTLINE_FILE = "outline.yaml"


def _rule_files(rules_dir: Path) -> list[Path]:
    return [p for p in sorted(Path(rules_dir).glob("*.yaml")) if p.name != OUTLINE_FILE]


def _read_outline(rules_dir: Path) -> tuple[Path, list[tuple[str, int]], list[Problem]]:
    """The outline's rule ids top to bottom, with their lines; malformed parts are problems."""
    path = Path(rules_dir) / OUTLINE_FILE
    if not path.is_file():
        return path, [], []
    data, lines = read_yaml(path)
    out: list[tuple[str, int]] = []
    problems: list[Problem] = []
    shape = "提纲应是各部分的列表，每部分写成“- part: 名称”和“rules: [规则编号, …]”"
    if not isinstance(data, list):
        return path, [], [Problem(path, 1, "", shape)]
    for i, part in enumerate(data):
        ids = part.get("rules") if isinstance(part, dict) else None
        if not isinstance(part, dict) or not part.get("part") or not isinstance(ids, list) \
                or set(part) - {"part", "rules"}:
            problems.append(Problem(path, line_for((i,), lines), f"第{i + 1}部分", shape))
            continue
        out += [(str(rid), line_for((i, "rules", j), lines)) for j, rid in enumerate(ids)]
    return path, out, problems


def _outline_order(rules: list[Rule], rules_dir: Path, paths: dict[str, Path]) -> tuple[list[Rule], list[Problem]]:
    """The declared order: the outline's rules top to bottom, then the rules it does not list
    (checks only) in ``needs`` order. Every rule that drafts (``sets:``) must be listed, once,
    after the rules it needs."""
    path, listed, problems = _read_outline(rules_dir)
    by_id = {r.id: r for r in rules}
    pos: dict[str, int] = {}
    for rid, line in listed:
        if rid not in by_id:
            problems.append(Problem(path, line, "rules", f"提纲中的规则“{rid}”不存在" + _suggest(rid, set(by_id))))
        elif rid in pos:
            problems.append(Problem(path, line, "rules", f"规则 {rid} 在提纲中出现了两次"))
        else:
            pos[rid] = len(pos)
    for r in rules:
        if r.sets and r.id not in pos:
            problems.append(Problem(paths[r.id], r.line, "sets",
                                    f"规则 {r.id} 起草内容（sets: {r.sets}），但未列入提纲 rules/{OUTLINE_FILE}："
                                    "请把它写在通知的相应部分"))
        for need in _need_ids(r, rules) if r.id in pos else ():
            if need not in pos:
                problems.append(Problem(paths[r.id], r.line, "needs",
                                        f"规则 {r.id} 列在提纲中，它依赖的规则 {need} 也须列在提纲中（排在它前面）"))
            elif pos[need] > pos[r.id]:
                line = next(ln for rid, ln in listed if rid == r.id)
                problems.append(Problem(path, line, "rules",
                                        f"规则 {r.id} 依赖 {need}（needs），在提纲中须排在 {need} 之后"))
    rest = [r for r in _dependency_order(rules) if r.id not in pos]
    return sorted((r for r in rules if r.id in pos), key=lambda r: pos[r.id]) + rest, problems


def _stamped_files(rules_dir: str) -> list[Path]:
    """Every file the loaded rules rest on: the rule files, the outline and the lexicons."""
    return sorted(Path(rules_dir).glob("*.yaml")) + lexicon_files(Path(rules_dir))


@lru_cache(maxsize=8)
def _load_rules_cached(rules_dir: str, known: KnownNames) -> tuple[Rule, ...]:
    from .tree_cache import on_disk  # validated rules kept on disk like the profile tree

    return on_disk("rules", str(Path(rules_dir).resolve()), _stamped_files(rules_dir),
                   lambda: _load_rules_checked(rules_dir, known))


def _load_rules_checked(rules_dir: str, known: KnownNames) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    lines_of: dict[str, dict] = {}
    builders, checks = known()
    from .fastcheck import fast_valid

    validator = None
    for path in _rule_files(Path(rules_dir)):
        data, lines = read_yaml(path)
        if not isinstance(data, list):
            problems.append(Problem(path, 1, "", "规则文件应是规则记录的列表（每条以“- id:”开头）"))
            continue
        for i, rec in enumerate(data):
            if not isinstance(rec, dict):
                problems.append(Problem(path, line_for((i,), lines), f"第{i + 1}项", "规则应是键值表"))
                continue
            if not fast_valid(rec, _RULE_SCHEMA):
                if validator is None:  # cerberus (~35 ms to import) judges and words what is wrong
                    from cerberus import Validator

                    validator = Validator(_RULE_SCHEMA)  # one: each new one re-expands the schema
                errs = [] if validator.validate(rec) else leaf_errors(validator._errors)
                for e in errs:
                    path_ = (i, *e.document_path)
                    problems.append(Problem(path, line_for(path_, lines), field_name(path_), cn_message(e)))
                if errs:
                    continue
            if "after" in rec:
                problems.append(Problem(path, line_for((i, "after"), lines), "after",
                                        f"after 已不再使用：通知各部分的先后写在提纲 rules/{OUTLINE_FILE}"))
                continue
            if rec["id"] in seen:
                problems.append(Problem(path, line_for((i, "id"), lines), "id",
                                        f"规则编号 {rec['id']} 重复（已见于 {seen[rec['id']].name}）"))
                continue
            found = _record_problems(path, i, rec, lines, builders, checks)
            params, bad_params = params_problems(path, i, rec, lines, Path(rules_dir))
            found += bad_params
            if found:
                problems += found
                continue
            seen[rec["id"]] = path
            lines_of[rec["id"]] = lines
            rules.append(Rule(
                id=rec["id"], title=rec["title"], severity=rec["severity"], message=rec["message"],
                strength=rec["strength"], source=rec["source"], when=rec.get("when") or {},
                unless=rec.get("unless") or {},
                needs=tuple(rec.get("needs") or ()), gives=tuple(rec.get("gives") or ()),
                sets=rec.get("sets", ""), check=rec.get("check", ""), params=params,
                file=path.name, line=line_for((i,), lines)))
    problems += _link_problems(rules, seen, lines_of) if not problems else []
    if problems:
        raise ProfileError(problems)
    ordered, problems = _outline_order(rules, Path(rules_dir), seen)
    if problems:
        raise ProfileError(problems)
    return tuple(Rule(**{**r.__dict__, "rank": i}) for i, r in enumerate(ordered))


# ---------------------------------------------------------------- the engine


def _quiet_host():
    """A durable-rules host without its background dispatch threads.

    ``durable.lang.get_host()`` starts timer threads that call into the C engine every 0.2 s
    (queued actions, timers) while our thread asserts facts and deletes sessions: the engine
    is not thread-safe, and that race once crashed a lint with a segfault. Every session here
    is synchronous (assert, read what fired, delete), so nothing needs dispatching later.
    """
    from durable.engine import Host

    class QuietHost(Host):
        def _run(self) -> None:  # no dispatch threads: see above
            pass

    return QuietHost()


#: distinct contexts whose outcome one engine keeps (a notice's facts are a few short strings)
MAX_OUTCOMES = 4096


class OutcomeStore:
    """What the engine inferred for each set of facts, kept on disk beside the validated rules
    while the rule files and the package's code keep their sizes and mtimes (as the tree cache).

    An outcome is a pure function of the rules and the facts: a cold ``notice draft`` of facts
    the engine has seen neither imports durable-rules (~25 ms) nor builds its ruleset and
    session (~30 ms). The engine still decides every set of facts the first time, and any
    change to a rule file or the code starts the store afresh."""

    def __init__(self, rules_dir: str) -> None:
        self.key = f"outcomes:{Path(rules_dir).resolve()}"
        self.rules_dir = rules_dir
        self._stamp: tuple | None = None
        self._kept: dict[Facts, tuple[str, ...]] | None = None
        self._dirty = False

    def _load(self) -> dict[Facts, tuple[str, ...]]:
        if self._kept is None:
            from .tree_cache import _read_disk, inputs_stamp

            self._stamp = inputs_stamp(_stamped_files(self.rules_dir))
            kept = _read_disk(self.key, self._stamp, "outcomes") if self._stamp else None
            self._kept = kept if isinstance(kept, dict) else {}
        return self._kept

    def get(self, facts: Facts) -> tuple[str, ...] | None:
        return self._load().get(facts)

    def put(self, facts: Facts, ids: tuple[str, ...]) -> None:
        kept = self._load()
        if self._stamp is None or len(kept) >= MAX_OUTCOMES:
            return
        if not self._dirty:  # written once, when the process ends: a batch of 2,800 counties
            atexit.register(self.save)  # would otherwise rewrite the store once per county
        self._dirty = True
        kept[facts] = ids

    def save(self) -> None:
        if self._dirty and self._stamp is not None and self._kept is not None:
            from .tree_cache import _write_disk

            _write_disk(self.key, self._stamp, self._kept, "outcomes")
            self._dirty = False


class RuleEngine:
    """One durable-rules ruleset per rules folder and process, built when first needed; one
    session per notice, deleted after."""

    _lock = threading.RLock()
    _engines: dict[str, RuleEngine] = {}
    _names = itertools.count(1)

    def __init__(self, rules: list[Rule], store: OutcomeStore | None = None) -> None:
        self.rules = rules
        self.by_id = {r.id: r for r in rules}
        self._fired: dict[str, list[str]] = {}
        self._outcomes: dict[Facts, tuple[Rule, ...]] = {}
        self._store = store
        self._sids = itertools.count(1)
        self._host = None
        self.ruleset = f"notice_kit_{next(self._names)}"  # durable-rules refuses to redefine a ruleset

    def _session_host(self):
        if self._host is None:
            host = _quiet_host()
            definition: dict[str, Any] = {}
            for rule in sorted(self.rules, key=lambda r: r.id):  # definition order is never file order
                definition[rule.id] = {"all": _condition(rule), "run": self._action(rule)}
            # Catch-alls: a fact no rule matches would raise MessageNotHandledException.
            for kind in ("context", "directive", "element"):
                definition[f"NK-ENGINE-{kind.upper()}"] = {"all": [{"m": {"type": kind}}], "run": lambda c: None}
            host.set_rulesets({self.ruleset: definition})
            self._host = host
        return self._host

    def _action(self, rule: Rule):
        def run(c) -> None:
            sid = c.ctx.sid
            fired = self._fired.setdefault(sid, [])
            if rule.id in fired:  # matched again through a second giver of a fact it needs
                return
            fired.append(rule.id)
            # the consequence is a fact: the rules that need this element (or a fact it gives) may now hold
            for name in (rule.id, *rule.gives):
                c.assert_fact({"type": "element", "name": name, "sid": sid, "id": f"el-{name}-{rule.id}-{sid}"})

        return run

    @classmethod
    def get(cls, rules_dir: Path, known: KnownNames) -> RuleEngine:
        key = str(Path(rules_dir).resolve())
        with cls._lock:
            if key not in cls._engines:
                cls._engines[key] = RuleEngine(load_rules(Path(rules_dir), known), OutcomeStore(key))
            return cls._engines[key]

    def fire(self, facts: Facts) -> list[Rule]:
        """Rules that hold for these facts (directly or by chaining), in dependency order.

        Equal facts fire the same rules, so each outcome is kept: a session costs ~7 ms, and
        the 3,000 nodes of a batch share a handful of contexts."""
        with self._lock:
            if facts in self._outcomes:
                return list(self._outcomes[facts])
            kept = self._store.get(facts) if self._store else None
            if kept is not None and all(i in self.by_id for i in kept):
                fired = set(kept)
            else:
                fired = self._infer(facts)
                if self._store:
                    self._store.put(facts, tuple(sorted(fired)))
            held = tuple(r for r in self.rules if r.id in fired)
            if len(self._outcomes) < MAX_OUTCOMES:
                self._outcomes[facts] = held
        return list(held)

    def _infer(self, facts: Facts) -> set[str]:
        """One durable-rules session over these facts: the ids of the rules that hold."""
        host = self._session_host()
        sid = str(next(self._sids))
        try:
            host.assert_facts(self.ruleset, facts.asserted(sid))
            return set(self._fired.pop(sid, []))
        except Exception as exc:  # durable raises bare Exceptions with engine codes
            raise NoticeError(f"规则引擎运行失败：{exc}") from None
        finally:
            self._fired.pop(sid, None)
            host.delete_state(self.ruleset, sid)
