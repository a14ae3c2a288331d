"""Lint output: text grouped by severity (coloured on a terminal) and the documented JSON."""

from __future__ import annotations

import json
from itertools import groupby

from .findings import SEVERITIES, Finding, LintResult

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


def _counted(items: list[str]) -> list[str]:
    """Distinct items in order, each with how many times it came when more than once."""
    return [x if n == 1 else f"{x}（{n} 处）" for x, n in ((x, items.count(x)) for x in dict.fromkeys(items))]


def _grouped_message(group: list[Finding]) -> str:
    """One message for a rule's findings on one line: the shared part said once
    (“中文语句中使用了半角标点：“,”应为“，”（3 处）；“:”应为“：””)."""
    msgs = [f.message for f in group]
    head = msgs[0][:msgs[0].find("：") + 1] if "：" in msgs[0] else ""
    if head and all(m.startswith(head) for m in msgs):
        return head + "；".join(_counted([m[len(head):] for m in msgs]))
    return "；".join(_counted(msgs))


def to_text(result: LintResult, colour: bool = False) -> str:
    """Findings by severity; a rule's findings on the same line (one a mark, as in the
    JSON) are one entry, its first excerpt and every distinct fix."""
    out = [f"{result.file}"]
    for sev in SEVERITIES:
        items = [f for f in result.findings if f.severity == sev]
        if not items:
            continue
        head = f"{LABEL[sev]}（{len(items)}）"
        out.append(f"{COLOUR[sev]}{head}{RESET}" if colour else head)
        for _, grp in groupby(items, key=lambda f: (f.rule, f.location.key() if f.location else None)):
            group = list(grp)
            f = group[0]
            where = f"{f.location}：" if f.location else ""
            strength = f"  [{f.strength}]" if f.strength else ""
            out.append(f"  [{f.rule}] {where}{_grouped_message(group)}{strength}")
            if f.excerpt:
                out.append(f"      “{f.excerpt}”")
            fixes = [f"“{x.fix.replace}” → “{x.fix.with_}”" for x in group if x.fix]
            if fixes:
                out.append(f"      可修改：{'；'.join(_counted(fixes))}")
    s = result.summary
    out.append(f"共 {s['error']} 个错误，{s['warning']} 个警告，{s['info']} 个提示。")
    return "\n".join(out) + "\n"
