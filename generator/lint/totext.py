"""The text form of a Notice, laid out as the seeds are (one paragraph a line).

Used by the tests to lint drafts through the text reader and to mutate them line by
line; also handy for pasting a draft into e-mail.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Notice, Section, attachment_label, cn_date


def _date(value: str) -> str:
    return cn_date(date.fromisoformat(value)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or "") else value


def _section_lines(s: Section) -> list[str]:
    head = f"{s.label}{s.heading}"
    paras = list(s.paragraphs)
    if s.run_in and s.level > 1:
        lead = head if head.endswith(("。", "！", "？")) else head + "。"
        out = [lead + (paras.pop(0) if paras else "")]
    else:
        out = [head]
    out += paras
    for c in s.children:
        out += _section_lines(c)
    return out


def notice_to_text(notice: Notice) -> str:
    lines = ["  ".join(o.name for o in notice.issuers) + "  文件"]
    if notice.doc_number:
        lines.append(str(notice.doc_number))
    lines += [notice.title, "，".join(notice.recipients) + "：", notice.opening]
    for s in notice.sections:
        lines += _section_lines(s)
    for i, a in enumerate(notice.attachments, 1):
        if len(notice.attachments) == 1:
            lines.append(f"附件：{a.title}")
        else:
            lines.append(f"附件：{i}. {a.title}" if i == 1 else f"{i}. {a.title}")
    lines += [o.seal or o.name for o in notice.issuers]
    lines.append(_date(notice.signature_date))
    for i, a in enumerate(notice.attachments, 1):
        lines += [attachment_label(len(notice.attachments), i), a.title]
    office = notice.imprint.get("office", "")
    if office:
        lines.append(f"{office}  {_date(notice.imprint.get('date') or notice.signature_date)}印发")
    return "\n\n".join(lines) + "\n"
