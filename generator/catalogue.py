"""The catalogue: what the rules' names mean in code, standing above rules, elements and lint.

A rule record names a builder (``sets:``) and a checker (``check:``); this module knows
where they live — the builders and content checkers in ``generator/elements/``, the form and
layout checkers in ``generator/lint/`` — and hands their names to the rules' loader
(``rules.load_rules``), so ``rules.py`` imports none of the code its records name and no
module below imports this one back. Drafting and lint load and fire the rules through here.

The checker modules are imported when the names are needed (rules not yet verified and kept
on disk), not when a draft starts: a draft need not pay for lint's modules (~40 ms).
"""

from __future__ import annotations

from pathlib import Path

from . import RULES_DIR
from .rules import Facts, Rule, RuleEngine
from .rules import load_rules as _load

__all__ = ["checkers", "fire", "known_names", "load_rules"]


def checkers() -> tuple[dict, dict, dict]:
    """The content, form and layout checkers by ``check:`` name."""
    from .elements import CONTENT_CHECKS
    from .lint import chain, frame, generic, language  # noqa: F401  (they register their checks into FORM_CHECKS)
    from .lint.form import FORM_CHECKS
    from .lint.layout import LAYOUT_CHECKS

    return CONTENT_CHECKS, FORM_CHECKS, LAYOUT_CHECKS


def known_names() -> tuple[set[str], set[str]]:
    """The builders (``sets:``) and checkers (``check:``) that exist in code."""
    from .elements import BUILDERS

    return set(BUILDERS), {name for table in checkers() for name in table}


def load_rules(rules_dir: Path | str = RULES_DIR) -> list[Rule]:
    """All rules of a folder, verified (names included), in their declared order."""
    return _load(Path(rules_dir), known_names)


def fire(facts: Facts, rules_dir: Path | str = RULES_DIR) -> list[Rule]:
    """The rules that hold for ``facts`` (directly or by chaining), in their declared order."""
    return RuleEngine.get(Path(rules_dir), known_names).fire(facts)
