"""Lint output: text grouped by severity (coloured on a terminal) and the documented JSON."""

from __future__ import annotations

import json

from .findings import SEVERITIES, LintResult

LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
COLOUR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
RESET = "\033[0m"


def to_dict(result: LintResult) -> dict:
    return {"file": result.file, "findings": [f.to_dict() for f in result.findings], "summary": result.summary}


def to_json(results: list[LintResult | dict]) -> str:
    """One file → its object; several files → an array of those objects in the order given,
    an unreadable one as ``{file, error}`` (docs/lint.md)."""
    items = [r if isinstance(r, dict) else to_dict(r) for r in results]
    return json.dumps(items[0] if len(items) == 1 else items, ensure_ascii=False, indent=2)


def to_text(result: LintResult, colour: bool = False) -> str:
    out = [f"{result.file}"]
    for sev in SEVERITIES:
        items = [f for f in result.findings if f.severity == sev]
        if not items:
            continue
        head = f"{LABEL[sev]}（{len(items)}）"
        out.append(f"{COLOUR[sev]}{head}{RESET}" if colour else head)
        for f in items:
            where = f"{f.location}：" if f.location else ""
            strength = f"  [{f.strength}]" if f.strength else ""
            out.append(f"  [{f.rule}] {where}{f.message}{strength}")
            if f.excerpt:
                out.append(f"      “{f.excerpt}”")
            if f.fix:
                out.append(f"      可修改：“{f.fix.replace}” → “{f.fix.with_}”")
    s = result.summary
    out.append(f"共 {s['error']} 个错误，{s['warning']} 个警告，{s['info']} 个提示。")
    return "\n".join(out) + "\n"
