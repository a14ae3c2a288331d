"""发文机关署名、成文日期、版记。"""

from __future__ import annotations

import re

from ..lint.findings import finding
from ..profiles import iso
from ..reader import norm
from ..rules import Rule
from .base import (
    Draft,
    _missing,
    builds,
    checks,
    prov,
)


@builds("signature")
def build_signature(d: Draft, rule: Rule) -> None:
    given = d.edition.get("date")
    if given:
        d.notice.signature_date, source = iso(given), d.edition_source()
    else:
        d.notice.signature_date = d.missing("signature_date", "成文日期", "成文日期由发文机关签发时确定")
        source = "无"
    d.notice.provenance["signature"] = prov(rule, source)


@builds("imprint")
def build_imprint(d: Draft, rule: Rule) -> None:
    given = d.edition.get("imprint") or {}
    office = given.get("office") or d.defaults.get("imprint_office") or (
        d.notice.issuers[-1].name if d.notice.issuers else "")
    when = iso(given.get("date")) or d.notice.signature_date or d.missing(
        "imprint.date", "印发日期", "印发日期由发文机关确定")
    imprint = {"office": office, "date": when}
    cc = given.get("cc") or d.defaults.get("cc")
    if cc:
        imprint["cc"] = cc
    d.notice.imprint = imprint
    d.notice.provenance["imprint"] = prov(rule, d.edition_source() if given else d.defaults_source())


@checks("signature")
def signature(rule, draft, expected, ctx):
    res = ctx.res
    out = []
    if not res.signature:
        out.append(finding(rule, "未见发文机关署名", res.loc_of("signature_date")))
    if not draft.signature_date:
        out.append(finding(rule, "未见成文日期", res.loc_of("signature")))
    names = {norm(n) for n, _ in res.signature}
    lost = [h for h in res.header if norm(h) not in names]
    if res.signature and lost:
        out.append(finding(rule, "版头机关“" + "、".join(lost) + "”未署名", res.loc_of("signature")))
    if expected and expected.signature_date and re.match(r"\d{4}-", expected.signature_date) \
            and draft.signature_date and draft.signature_date != expected.signature_date:
        out.append(finding(rule, f"档案成文日期 {expected.signature_date}", res.loc_of("signature_date")))
    return out


@checks("imprint")
def imprint(rule, draft, expected, ctx):
    return [] if draft.imprint.get("date") else _missing(rule, ctx, "title", "未见“……印发”一行")
