"""The elements of a notice: each module holds, side by side, the builder (drafting) and the
checker (lint) of its elements; the rule record that decides when they apply is in
rules/content.yaml (``sets:`` names the builder, ``check:`` the checker). Importing the package
registers them all."""

from . import closing, deadlines, header, opening, sections, status  # noqa: F401  (registration)
from .base import BUILDERS, CONTENT_CHECKS, Draft, LintContext

__all__ = ["BUILDERS", "CONTENT_CHECKS", "Draft", "LintContext"]
