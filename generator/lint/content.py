"""Content checks (rules/content.yaml, ``check:`` names): is every element there, and, with a
profile, is it the one the profile and year require.

A checker is ``fn(rule, draft, expected, ctx) -> list[Finding]``: ``draft`` is the Notice read
from the file, ``expected`` the Notice drafted from the profile (or None), ``ctx`` the
LintContext. Each checker lives beside its element's builder in ``generator/elements/``.
"""

from __future__ import annotations

from ..elements import CONTENT_CHECKS, LintContext
from ..elements.base import SCHOOL_RE, TRAINING_RE

__all__ = ["CONTENT_CHECKS", "SCHOOL_RE", "TRAINING_RE", "LintContext"]
