"""``--fix``: apply the mechanical fixes findings carry (``Finding.fix``), nothing else.

* .docx: each fix is a Word tracked change — the old text in ``w:del``, the new in
  ``w:ins`` (author notice-kit) — with its finding as a comment around it, so the clerk
  accepts or rejects each one in Word or WPS. Runs are split at the fix's edges and keep
  their formatting; a fix whose text crosses a tab, a break, a field or a hyperlink's
  edge, or lies in an automatic number or the page header, is left to the clerk.
* .txt/.md: the corrected text, same encoding and line endings.

A fix is applied only where the text at its place is still what the finding read (two
findings on the same characters: the first applied wins, the other is skipped).
"""

from __future__ import annotations

import io
from pathlib import Path

from ..docxtext import Package
from ..fileio import check_target, write_atomic
from ..ooxml import RevisionIds, W, comment_range, split_run, stamp_comments, tracked_replacement
from ..reader import ReadResult, _docx_body, open_docx
from .annotate import FIXED_TIME, _fixed_zip
from .findings import Finding, LintResult
from .report import LABEL

AUTHOR = "notice-kit"
STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")  # deterministic output


def _by_line(result: LintResult) -> dict[tuple, list[Finding]]:
    """Findings with a fix, per location, last offset first, identical fixes once."""
    out: dict[tuple, list[Finding]] = {}
    seen = set()
    for f in result.findings:
        if f.fix and f.location is not None:
            key = (f.location.key(), f.fix)
            if key not in seen:
                seen.add(key)
                out.setdefault(f.location.key(), []).append(f)
    for items in out.values():
        items.sort(key=lambda f: -f.fix.offset)
    return out


def _place(raw: str, text: str, offset: int, old: str) -> int:
    """Where ``old`` (at ``offset`` of the cleaned ``text``) is in ``raw``; -1 if unsure."""
    lead = raw.find(text[:20]) if text else -1
    if lead >= 0 and raw[lead + offset:lead + offset + len(old)] == old:
        return lead + offset
    return raw.find(old) if raw.count(old) == 1 else -1


def _apply_text(line: str, items: list[Finding], text: str) -> tuple[str, int]:
    done, taken = 0, []
    for f in items:
        at = _place(line, text, f.fix.offset, f.fix.replace)
        end = at + len(f.fix.replace)
        if at < 0 or any(at < b and a < end for a, b in taken):
            continue
        line = line[:at] + f.fix.with_ + line[end:]
        taken = [(a + len(f.fix.with_) - len(f.fix.replace), b + len(f.fix.with_) - len(f.fix.replace))
                 if a >= end else (a, b) for a, b in taken] + [(at, at + len(f.fix.with_))]
        done += 1
    return line, done


def _encoding(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def fix_text(res: ReadResult, result: LintResult) -> tuple[bytes, int]:
    """The corrected text file's bytes and the number of fixes applied."""
    data = Path(res.path).read_bytes()
    enc = _encoding(data)
    lines = data.decode(enc).splitlines(keepends=True)
    by_line = _by_line(result)
    count = 0
    for ln in res.lines:
        items = by_line.get(ln.loc.key())
        if items and 1 <= ln.loc.index <= len(lines):
            body = lines[ln.loc.index - 1]
            ending = body[len(body.rstrip("\r\n")):]
            fixed, n = _apply_text(body[:len(body) - len(ending)], items, ln.text)
            lines[ln.loc.index - 1] = fixed + ending
            count += n
    return "".join(lines).encode(enc), count


# ---------------------------------------------------------------- .docx: tracked changes


def _atoms(p) -> list[tuple[object, int, int]]:
    """``(element, start, end)`` of what the paragraph shows, in order, as ``para_text``
    reads it: ``w:t`` elements are the only ones a fix may touch."""
    from ..docxtext import _SKIP, _TEXT

    out: list[tuple[object, int, int]] = []
    pos = 0

    def walk(el) -> None:
        nonlocal pos
        for ch in el:
            tag = ch.tag
            if tag in _TEXT or tag == W + "br":
                n = len(ch.text or "") if tag == W + "t" else (0 if tag == W + "br" and ch.get(W + "type")
                                                               not in (None, "textWrapping") else 1)
                n = 0 if tag == W + "softHyphen" else n
                out.append((ch, pos, pos + n))
                pos += n
            elif tag not in _SKIP and isinstance(tag, str):
                walk(ch)

    walk(p)
    return out


def _runs_for(p, a: int, b: int) -> list | None:
    """The runs covering exactly characters [a, b) of the paragraph, split as needed;
    None when the span holds anything but plain text of sibling runs."""
    for edge in (a, b):
        for el, s, e in _atoms(p):
            if el.tag == W + "t" and s < edge < e:
                split_run(el, edge - s)
                break
    runs = []
    for el, s, e in _atoms(p):
        if e <= a or s >= b or s == e:
            continue
        if el.tag != W + "t" or s < a or e > b or el.getparent().tag != W + "r":
            return None
        r = el.getparent()
        if r not in runs:
            runs.append(r)
    if not runs or any(r.getparent() is not runs[0].getparent() for r in runs):
        return None
    between = runs[0].itersiblings()
    for r in runs[1:]:  # only markers (bookmarks, proofErr) may sit between them
        for el in between:
            if el is r:
                break
            if el.tag in (W + "r", W + "hyperlink", W + "fldSimple", W + "ins", W + "del", W + "smartTag", W + "sdt"):
                return None
    return runs


def _tracked(doc, runs: list, new: str, ids: RevisionIds, note: str) -> None:
    """The fix as a tracked change by notice-kit, its finding a comment around it."""
    first, last = tracked_replacement(runs, new, ids, AUTHOR, STAMP)
    comment = doc.comments.add_comment(text=note, author=AUTHOR, initials="NK")
    comment_range(first, last, str(comment.comment_id))


def fix_docx(res: ReadResult, result: LintResult) -> tuple[bytes, int]:
    """The .docx with each fix as a tracked change and a comment; and how many were made."""
    doc = open_docx(res.path)  # python-docx edits and saves it
    lines, _, _ = _docx_body(Package.from_docx(doc))
    by_line = _by_line(result)
    ids = RevisionIds(doc)
    count = 0
    for ln in lines:
        items = by_line.get(ln.loc.key())
        if not items or ln.el is None or ln.loc.kind == "pageheader":
            continue  # Word keeps no comments in a page header
        raw = ln.raw.replace("\n", "")
        taken: list[tuple[int, int]] = []
        for f in items:
            at = _place(raw, ln.text, f.fix.offset, f.fix.replace)
            if at < ln.auto:  # not found, or inside the automatic number
                continue
            a, b = _unbroken(ln.raw, at, at + len(f.fix.replace), ln.auto)
            if any(a < y and x < b for x, y in taken):
                continue
            runs = _runs_for(ln.el, a, b)
            if runs is None:
                continue
            _tracked(doc, runs, f.fix.with_, ids, f"[{LABEL[f.severity]}] {f.rule}：{f.message}")
            taken.append((a, b))
            count += 1
    stamp_comments(doc, STAMP)
    doc.core_properties.modified = FIXED_TIME
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue()), count


def _unbroken(raw: str, a: int, b: int, auto: int) -> tuple[int, int]:
    """Offsets in ``raw`` without line breaks → offsets in the paragraph's own text (with
    its breaks, without its automatic number)."""
    k = seen = 0
    pos = {}
    for i, ch in enumerate(raw):
        if ch == "\n":
            continue
        pos[k] = i
        k += 1
        seen = i
    start = pos.get(a, seen + 1)
    end = pos.get(b - 1, seen) + 1 if b > a else start
    return start - auto, end - auto


def write_fixed(res: ReadResult, result: LintResult, out: Path, force: bool = False) -> int:
    """Write the fixed copy to ``out`` (atomic; an existing file only with ``force``)."""
    check_target(Path(out), force)
    data, n = fix_docx(res, result) if res.input_kind == "docx" else fix_text(res, result)
    write_atomic(Path(out), data, force)
    return n
