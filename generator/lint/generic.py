"""The generic check types (``check: existence | substitution | occurrence``): the pattern
lives in the rule's ``params`` (schemas and loading in generator/checktypes.py), so a new
wording check is a YAML record and its fixture."""

from __future__ import annotations

import re
from functools import lru_cache

from ..reader import Line, ReadResult, is_residue
from ..rules import Rule
from .findings import Finding, finding
from .form import MASK, _prose, fix_at, register


@lru_cache(maxsize=512)
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _title_lines(res: ReadResult) -> list[tuple[Line, str]]:
    """The line(s) the title was read from (a long title is often broken over two)."""
    at = res.locs.get("title")
    title = res.notice.title
    out: list[tuple[Line, str]] = []
    for k, ln in enumerate(res.lines):
        if ln.loc == at:
            got = ""
            for x in res.lines[k:k + 3]:
                piece = re.sub(r"\s+", "", x.text)
                if not piece or got + piece not in title and not title.startswith(got + piece.rstrip("。")):
                    break
                out.append((x, x.text))
                got += piece
            break
    return out


def scope_lines(res: ReadResult, scope: str) -> list[tuple[Line, str]]:
    """``(line, text)`` of a scope; offsets in ``text`` are offsets in ``line.text``."""
    if scope == "title":
        return _title_lines(res)
    if scope == "body":
        return [(ln, ln.text) for ln in res.body if ln.text and not ln.cell]
    if scope == "attachment_note":
        at = {loc.key() for _, loc in res.attachment_note}
        return [(ln, ln.text) for ln in res.lines if ln.text and ln.loc.key() in at]
    if scope == "all":
        return [(ln, ln.text) for ln in res.lines if ln.text and not is_residue(ln)]
    return _prose(res)


def _lines(rule: Rule, res: ReadResult) -> list[tuple[Line, str]]:
    unless = rule.params.get("unless")
    lines = scope_lines(res, rule.params.get("scope", "prose"))
    return [(ln, t) for ln, t in lines if not (unless and _rx(unless).search(ln.text))]


def _excerpt(ln: Line, m: re.Match) -> str:
    return ln.text[max(0, m.start() - 12):m.end() + 12]


@register("existence")
def existence(rule: Rule, res: ReadResult) -> list[Finding]:
    """One finding per match of any of ``tokens``."""
    rx = _rx("|".join(f"(?:{t})" for t in rule.params["tokens"]))
    say = rule.params.get("detail", "“{match}”")
    out = []
    for ln, text in _lines(rule, res):
        for m in rx.finditer(text):
            if m.group(0) and MASK not in m.group(0):
                out.append(finding(rule, say.format(match=m.group(0)), ln.loc, _excerpt(ln, m)))
    return out


@register("substitution")
def substitution(rule: Rule, res: ReadResult) -> list[Finding]:
    """One finding per match of an entry's pattern, its fix the entry's replacement."""
    say = rule.params.get("detail", "“{match}”应为“{right}”")
    with_fix = rule.params.get("fix", True)
    out = []
    for ln, text in _lines(rule, res):
        hits = []
        for ent in rule.params["entries"]:
            for m in _rx(ent["pattern"]).finditer(text):
                if MASK not in m.group(0) and not any(a < m.end() and m.start() < b for a, b, _, _ in hits):
                    hits.append((m.start(), m.end(), m, ent))
        for _, _, m, ent in sorted(hits, key=lambda h: h[0]):
            right = m.expand(ent["right"])
            detail = say.format(match=m.group(0), right=right)
            why = "；".join(x for x in (ent.get("note"), f"依据：{ent['source']}" if ent.get("source") else "") if x)
            fix = fix_at(ln, m.start(), m.group(0), right) if with_fix else None
            out.append(finding(rule, f"{detail}（{why}）" if why else detail, ln.loc, _excerpt(ln, m), fix=fix))
    return out


@register("occurrence")
def occurrence(rule: Rule, res: ReadResult) -> list[Finding]:
    """``token`` more than ``max`` times in the scope: one finding, on the first line past the limit."""
    rx, most = _rx(rule.params["token"]), rule.params["max"]
    seen = 0
    for ln, text in _lines(rule, res):
        for m in rx.finditer(text):
            seen += 1
            if seen == most + 1:
                total = sum(len(rx.findall(t)) for _, t in _lines(rule, res))
                return [finding(rule, f"“{m.group(0)}”出现 {total} 次，至多 {most} 次", ln.loc, _excerpt(ln, m))]
    return []
