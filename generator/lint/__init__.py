"""``notice lint``: read a notice, fire the rules for its context, run each rule's checker.

The rules are the same records drafting uses (rules/content.yaml), plus the form and
layout rules (rules/form.yaml, rules/layout.yaml); durable-rules decides which hold for
this notice's context (level, recipient kinds, input kind, what the profile gives).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

from ..catalogue import checkers, fire
from ..context import profile_facts, read_facts
from ..elements import LintContext
from ..model import Notice
from ..reader import ReadResult, read_notice
from ..rules import Facts
from .findings import SEVERITIES, Finding, LintResult

__all__ = ["Finding", "LintResult", "lint_file", "lint_read"]


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


def _context(res: ReadResult, expected: Notice | None, profile_ctx: Facts | None) -> Facts:
    """The facts the rules reason over: the profile's (as drafting built them) with this
    input's kind, else those read from the draft — one builder for both (``context.py``)."""
    if profile_ctx:
        return dataclasses.replace(profile_ctx, input_kind=res.input_kind)
    return read_facts(res)


def _expected(profile: str, year: int, root: Path | str | None) -> tuple[Notice, Facts]:
    from .. import PROFILES_DIR
    from ..assemble import build_notice, load_tree

    root = root or PROFILES_DIR
    node = load_tree(root).resolve(profile)
    return build_notice(profile, year, root), profile_facts(node, year, node.editions.get(year) or {})


def lint_read(res: ReadResult, profile: str | None = None, year: int | None = None,
              root: Path | str | None = None) -> LintResult:
    """Lint a read notice; with ``profile`` and ``year`` (a node of the tree at ``root``, by
    default profiles/) it is also compared with the notice drafted from that profile."""
    CONTENT_CHECKS, FORM_CHECKS, LAYOUT_CHECKS = checkers()
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
