"""The notice as HTML for the page and the download.

The composition's own HTML writer (engineer "spec") replaces the body below once it is on
main; until then the page shows the notice's text in reading order from the model, with
every 【待填】 placeholder marked.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import PLACEHOLDER_RE, Notice, Section


def _text(text: str) -> Markup:
    """Escaped text with each placeholder in a <mark>."""
    out, last = [], 0
    for m in PLACEHOLDER_RE.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append(Markup('<mark class="todo">{}</mark>').format(m.group(0)))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _section(s: Section) -> list[Markup]:
    tag = "h3" if s.level <= 1 else "h4"
    out = [Markup("<{0}>{1}</{0}>").format(Markup(tag), _text(f"{s.label}{s.heading}"))]
    out += [Markup("<p>{}</p>").format(_text(p)) for p in s.paragraphs]
    for child in s.children:
        out += _section(child)
    return out


def notice_body(notice: Notice) -> Markup:
    """The body fragment (no <html>): header, title, recipients, text, signature, 版记."""
    parts = [Markup('<div class="issuers">{}</div>').format(
        Markup("<br>").join(_text(o.name) for o in notice.issuers))]
    if notice.doc_number:
        parts.append(Markup('<div class="doc-number">{}</div>').format(_text(str(notice.doc_number))))
    parts.append(Markup('<h2 class="title">{}</h2>').format(_text(notice.title)))
    if notice.recipients:
        parts.append(Markup('<p class="recipients">{}：</p>').format(_text("，".join(notice.recipients))))
    if notice.opening:
        parts.append(Markup("<p>{}</p>").format(_text(notice.opening)))
    for s in notice.sections:
        parts += _section(s)
    for i, a in enumerate(notice.attachments, 1):
        parts.append(Markup('<p class="attachment">附件{}：{}</p>').format(i, _text(a.title)))
    parts += [Markup('<p class="signature">{}</p>').format(_text(o.name)) for o in notice.issuers]
    parts.append(Markup('<p class="signature">{}</p>').format(_text(notice.signature_date)))
    return Markup('<article class="notice">{}</article>').format(Markup("\n").join(parts))


def notice_html(notice: Notice) -> str:
    """A whole HTML document of the notice (the download)."""
    return str(Markup(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{}</title>'
        "<style>body{{max-width:40em;margin:2em auto;font-family:serif;line-height:1.8}}"
        ".issuers{{color:#c00;font-size:1.6em;text-align:center}}.title,.doc-number{{text-align:center}}"
        ".signature{{text-align:right}}mark.todo{{background:#ff0}}</style></head><body>{}</body></html>\n"
    ).format(notice.title, notice_body(notice)))
