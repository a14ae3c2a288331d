"""``notice lint``: read a notice, fire the rules for its context, run each rule's checker.

The rules are the same records drafting uses (rules/content.yaml), plus the form and
layout rules (rules/form.yaml, rules/layout.yaml); durable-rules decides which hold for
this notice's context (level, recipient kinds, input kind, what the profile gives).
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from pathlib import Path

from ..errors import NoticeError
from ..model import Notice
from ..reader import ReadResult, read_notice
from ..rules import Facts, context_fact, fire
from .findings import SEVERITIES, Finding, LintResult

__all__ = ["Finding", "LintResult", "checkers", "lint_file", "lint_read"]


def checkers() -> tuple[dict, dict]:
    """The form and layout checkers by ``check:`` name. Imported on demand: drafting imports
    lint.findings (through the elements) and should not pay for every lint module."""
    from . import chain, language  # noqa: F401  (they register their checks into FORM_CHECKS)
    from .form import FORM_CHECKS
    from .layout import LAYOUT_CHECKS

    return FORM_CHECKS, LAYOUT_CHECKS


@lru_cache(maxsize=1)
def known_four_ones(root: str = "") -> tuple[tuple[str, ...], ...]:
    """Every 四个一 variant the profiles hold (editions and node defaults)."""
    from .. import PROFILES_DIR
    from ..tree_cache import load_tree

    tree = load_tree(Path(root) if root else PROFILES_DIR)
    out: list[tuple[str, ...]] = []
    for node in tree.nodes.values():
        for src in [node.defaults, *node.editions.values()]:
            v = tuple(src.get("four_ones") or ())
            if v and v not in out:
                out.append(v)
    return tuple(out)


def _level(res: ReadResult) -> str:
    """The issuing level, from the issuers' names (the text has no profile to say it)."""
    names = "".join(o.name for o in res.notice.issuers) or "".join(res.header)
    if "教育部" in names:
        return "national"
    if re.search(r"[^社]区|县", names.replace("社区", "")):
        return "district"
    if "市" in names:
        return "city"
    if "省" in names or "厅" in names:
        return "province"
    return ""


def _national_flags(year: int) -> set[str]:
    """The directive flags of the year's national edition: a notice read without a profile
    still owes what that year's national notice asked of every level."""
    if not year:
        return set()
    from ..assemble import directive_flags, load_tree

    try:
        tree = load_tree()
    except NoticeError:  # an unreadable profile tree must not stop linting a file
        return set()
    return {f for node in tree.nodes.values() if node.level == "national" for f in directive_flags(node, year)}


def _context(res: ReadResult, expected: Notice | None, profile_ctx: Facts | None) -> Facts:
    kind = res.input_kind
    if profile_ctx:
        return dataclasses.replace(profile_ctx, input_kind=kind)
    from ..elements.base import SCHOOL_RE, TRAINING_RE

    rec = "".join(res.notice.recipients)
    kinds = {k for k, rx in (("school", SCHOOL_RE), ("training_institution", TRAINING_RE)) if rx.search(rec)}
    has = set()
    if res.attachment_note or res.attachment_pages:
        has.add("attachments")
    if any(d.kind == "plan" for d in res.notice.deadlines):
        has.add("plan_deadline")
    if any(w in s.heading for s in res.notice.all_sections() for w in ("指导思想", "总体要求")):
        has.add("guiding")
    year = res.notice.year
    return context_fact(_level(res), kinds, _national_flags(year), kind, has, year, res.notice.kind or "week")


def _expected(profile: str, year: int, root: Path | str | None) -> tuple[Notice, Facts]:
    from .. import PROFILES_DIR
    from ..assemble import build_notice, context_for, load_tree

    root = root or PROFILES_DIR
    node = load_tree(root).resolve(profile)
    return build_notice(profile, year, root), context_for(node, year, node.editions.get(year) or {})


def lint_read(res: ReadResult, profile: str | None = None, year: int | None = None,
              root: Path | str | None = None) -> LintResult:
    """Lint a read notice; with ``profile`` and ``year`` (a node of the tree at ``root``, by
    default profiles/) it is also compared with the notice drafted from that profile."""
    from ..elements import CONTENT_CHECKS, LintContext  # imported here: the elements import lint.findings

    FORM_CHECKS, LAYOUT_CHECKS = checkers()
    expected, pctx = _expected(profile, year, root) if profile and year else (None, None)
    ctx = LintContext(res, [list(v) for v in known_four_ones(str(root or ""))])
    result = LintResult(res.path, res.input_kind)
    for rule in fire(_context(res, expected, pctx)):  # the engine keeps each context's outcome
        if rule.check in LAYOUT_CHECKS and res.document is not None:
            result.findings += LAYOUT_CHECKS[rule.check](rule, res)
        elif rule.check in FORM_CHECKS:
            result.findings += FORM_CHECKS[rule.check](rule, res)
        elif rule.check in CONTENT_CHECKS:
            result.findings += CONTENT_CHECKS[rule.check](rule, res.notice, expected, ctx)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    result.findings.sort(key=lambda f: (order[f.severity], res.order(f.location), f.rule))
    return result


def lint_file(path: str | Path, profile: str | None = None, year: int | None = None,
              root: Path | str | None = None) -> LintResult:
    """Lint one file. NoticeError(code 2) when it cannot be read as a notice."""
    return lint_read(read_notice(path), profile, year, root)
