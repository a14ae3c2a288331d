"""``--annotate``: a copy of the .docx with each finding as a Word comment on its paragraph."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from ..errors import NoticeError
from ..fileio import check_target, write_atomic
from ..ooxml import normalise_zip, stamp_comments
from ..reader import ReadResult, open_docx, paragraph_map
from .findings import LintResult
from .report import LABEL

FIXED_TIME = datetime(2000, 1, 1)  # deterministic output: no "now" in comments or core properties
FIXED_ZIP_TIME = FIXED_TIME.timetuple()[:6]


def annotate(res: ReadResult, result: LintResult, out: Path, force: bool = False) -> int:
    """Write the annotated copy; returns the number of comments. A finding anchors on the
    runs of its paragraph, in a table cell too; document-level findings (no location) on
    the title paragraph."""
    if res.document is None:
        raise NoticeError("--annotate 只适用于 .docx 输入。", 2)
    check_target(Path(out), force)
    doc = open_docx(res.path)  # python-docx edits and saves it
    title = res.locs.get("title")
    count = 0
    where = paragraph_map(doc)
    first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    for f in result.findings:
        # a paragraph, or a paragraph in a table cell; else the title; else the first paragraph
        p = next((x for x in (where.get(loc.key()) for loc in (f.location, title) if loc is not None)
                  if x is not None), None) or first
        runs = p.runs or [p.add_run("")]
        doc.add_comment(runs, text=f"[{LABEL[f.severity]}] {f.rule}：{f.message}", author="notice-kit", initials="NK")
        count += 1
    stamp_comments(doc, FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))
    doc.core_properties.modified = FIXED_TIME
    buf = io.BytesIO()
    doc.save(buf)
    data = _fixed_zip(buf.getvalue())
    _check_well_formed(data, Path(out))
    write_atomic(Path(out), data, force)
    return count


def _check_well_formed(data: bytes, out: Path) -> None:
    """python-docx writes back whatever it kept (an unexpanded XML entity once gave a copy
    Word could not open, reported as written): parse every XML part before writing."""
    import zipfile

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            try:
                etree.fromstring(z.read(name), parser)
            except etree.XMLSyntaxError:
                raise NoticeError(f"无法生成带批注的文件 {out}：原文件的 {name} 含有无法原样保存的内容；"
                                  "请用 Word/WPS 打开原文件另存为 .docx 后再试。", 2) from None


def _fixed_zip(data: bytes) -> bytes:
    """Re-packed with one member timestamp (and no file modes) so the same input gives the
    same bytes."""
    return normalise_zip(data, FIXED_ZIP_TIME, mode=None)
