"""The catalogue: what the rules' names mean in code, standing above rules, elements and lint.

A rule record names a builder (``sets:``) and a checker (``check:``); this module knows
where they live — the builders and content checkers in ``generator/elements/``, the form and
layout checkers in ``generator/lint/`` — and hands their names to the rules' loader
(``rules.load_rules``), so ``rules.py`` imports none of the code its records name and no
module below imports this one back. Drafting and lint load and fire the rules through here.

A draft never imports lint's checker modules: the rules' ``check:`` names are verified against
``LINT_CHECKS``, the names those modules register written out as data (importing them only to
learn their names cost a cold draft with the cache off ~70 ms); a test keeps the two equal.
"""

from __future__ import annotations

from pathlib import Path

from . import RULES_DIR
from .rules import Facts, Rule, RuleEngine
from .rules import load_rules as _load

__all__ = ["LINT_CHECKS", "checkers", "fire", "known_names", "load_rules"]

#: the form and layout checkers' names (generator/lint/), as ``checkers()`` registers them
LINT_CHECKS = frozenset({
    # form (rules/form.yaml)
    "brackets", "cc_period", "cited_edition", "date_arabic", "deadline_order", "deadline_workday",
    "doc_number_form", "doc_number_year", "doubled", "existence", "fullwidth_digits", "halfwidth",
    "heading_levels", "heading_punctuation", "heading_sequence", "heading_style", "heading_unnumbered", "latin",
    "occurrence", "paragraph_end", "placeholder", "range_dash", "range_units", "recipient_colon",
    "relative_date", "short_year", "stray_space", "substitution", "theme_national", "url_email", "weekday",
    "weekday_label",
    # layout (rules/layout.yaml)
    "first_line_indent", "fonts", "grid", "letter_format", "line_pitch", "margins", "page_number_form",
    "page_numbers", "red_mark",
})


def checkers() -> tuple[dict, dict, dict]:
    """The content, form and layout checkers by ``check:`` name."""
    from .elements import CONTENT_CHECKS
    from .lint import chain, frame, generic, language  # noqa: F401  (they register their checks into FORM_CHECKS)
    from .lint.form import FORM_CHECKS
    from .lint.layout import LAYOUT_CHECKS

    return CONTENT_CHECKS, FORM_CHECKS, LAYOUT_CHECKS


def known_names() -> tuple[set[str], set[str]]:
    """The builders (``sets:``) and checkers (``check:``) that exist in code (lint's by name only)."""
    from .elements import BUILDERS, CONTENT_CHECKS

    return set(BUILDERS), set(CONTENT_CHECKS) | LINT_CHECKS


def load_rules(rules_dir: Path | str = RULES_DIR) -> list[Rule]:
    """All rules of a folder, verified (names included), in their declared order."""
    return _load(Path(rules_dir), known_names)


def fire(facts: Facts, rules_dir: Path | str = RULES_DIR) -> list[Rule]:
    """The rules that hold for ``facts`` (directly or by chaining), in their declared order."""
    return RuleEngine.get(Path(rules_dir), known_names).fire(facts)
