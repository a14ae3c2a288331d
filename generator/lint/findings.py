"""Findings, under lint's own name. They live in ``generator/findings.py``: the drafting
elements build them too (their checks), and importing anything from the lint package runs
``lint/__init__`` (the reader, the rules engine's lint side) — ~40 ms a draft need not pay."""

from ..findings import SEVERITIES, Finding, Fix, LintResult, finding

__all__ = ["SEVERITIES", "Finding", "Fix", "LintResult", "finding"]
