"""Tracked changes and comments in a python-docx document (``lint --fix``, ``--annotate``):
a fix is the old text in w:del and the new in w:ins, with its finding as a comment around it."""

from __future__ import annotations

import copy

from .names import XML_SPACE, W


def _element(tag: str, **attrs: str):
    from docx.oxml import OxmlElement

    return OxmlElement(f"w:{tag}", {W + k: v for k, v in attrs.items()})


class RevisionIds:
    """w:id values for new revisions, above every id the document already uses (a
    thousand above, so comments python-docx numbers from the existing ones never meet them)."""

    def __init__(self, doc) -> None:
        ids = [int(v) for v in doc.element.body.xpath("//@w:id") if str(v).lstrip("-").isdigit()]
        self.n = max(ids, default=0) + 1000

    def __call__(self) -> str:
        self.n += 1
        return str(self.n)


def split_run(t, k: int):
    """Split the w:r holding w:t ``t`` after ``k`` characters; the second run keeps the
    first's w:rPr and takes what followed ``t``. Returns the second run."""
    r = t.getparent()
    second = copy.deepcopy(r)
    for ch in list(second):
        if ch.tag != W + "rPr":
            second.remove(ch)
    t2 = copy.deepcopy(t)
    text = t.text or ""
    t.text, t2.text = text[:k], text[k:]
    for x in (t, t2):
        x.set(XML_SPACE, "preserve")
    after = list(t.itersiblings())
    second.append(t2)
    for ch in after:
        second.append(ch)
    r.addnext(second)
    return second


def tracked_replacement(runs: list, new: str, ids: RevisionIds, author: str, date: str) -> tuple:
    """``runs`` (siblings, plain text) moved into a w:del (their w:t become w:delText), and,
    when ``new`` is not empty, a w:ins after it with one run of ``new`` in the first run's
    formatting. Returns the first and last element of the change."""
    first = runs[0]
    dele = _element("del", id=ids(), author=author, date=date)
    first.addprevious(dele)
    for r in runs:
        for t in r.iter(W + "t"):
            t.tag = W + "delText"
        dele.append(r)
    if not new:
        return dele, dele
    ins = _element("ins", id=ids(), author=author, date=date)
    r = copy.deepcopy(runs[0])
    for ch in list(r):
        if ch.tag != W + "rPr":
            r.remove(ch)
    t = _element("t")
    t.text = new
    t.set(XML_SPACE, "preserve")
    r.append(t)
    ins.append(r)
    dele.addnext(ins)
    return dele, ins


def comment_range(first, last, comment_id: str) -> None:
    """The comment ``comment_id`` anchored from before ``first`` to after ``last``:
    w:commentRangeStart, w:commentRangeEnd and the run of its w:commentReference."""
    start = _element("commentRangeStart", id=comment_id)
    end = _element("commentRangeEnd", id=comment_id)
    ref = _element("r")
    ref.append(_element("commentReference", id=comment_id))
    first.addprevious(start)
    last.addnext(end)
    end.addnext(ref)


def stamp_comments(doc, date: str) -> None:
    """Every comment's w:date set to ``date`` (python-docx stamps 'now'): equal inputs,
    equal bytes."""
    for c in doc.comments:
        c._comment_elm.set(W + "date", date)
