"""发文机关署名、成文日期、版记。"""

from __future__ import annotations

import re

from ..findings import finding
from ..profiles import iso
from ..rules import Rule
from .base import (
    Draft,
    _missing,
    builds,
    checks,
    norm,
    prov,
)
from .status import computed_signature_date


@builds("signature")
def build_signature(d: Draft, rule: Rule) -> None:
    given = d.edition.get("date")
    computed = None if given else computed_signature_date(d, rule)
    if given:
        d.notice.signature_date, source = iso(given), d.edition_source()
    elif computed:  # the node's habit: so many working days before its week (推算, elements/status.py)
        d.notice.signature_date, source = computed
    else:
        d.notice.signature_date = d.missing("signature_date", "成文日期", "成文日期由发文机关签发时确定")
        source = "无"
    # sealed (GB/T 9704 7.3.5.1, the default) or unsealed (7.3.5.2), as the node's defaults say
    d.notice.sealed = d.defaults.get("signature", "sealed") != "unsealed"
    d.notice.provenance["signature"] = prov(rule, source)


@builds("imprint")
def build_imprint(d: Draft, rule: Rule) -> None:
    # 印发机关 is the office that prints the notice (GB/T 9704 7.4.3), not necessarily an issuer;
    # 印发日期 is the day it goes to print, not the 成文日期: neither is guessed
    given = d.edition.get("imprint") or {}
    sources = []
    keys = d.edition.get("issuers")
    default_issuers = not keys or keys == d.defaults.get("issuers")
    if d.notice.format == "信函":  # GB/T 9704 10.1: 版记不加印发机关和印发日期 — nothing to fill in
        office, when = given.get("office", ""), iso(given["date"]) if given.get("date") else ""
        sources.append(f"规则 {rule.id}：信函格式的版记不加印发机关和印发日期（GB/T 9704-2012 10.1）")
    elif given.get("office"):
        office = given["office"]
        sources.append(d.edition_source())
    elif d.defaults.get("imprint_office") and default_issuers:
        # the node's 印发机关 prints what its default issuers issue, in the years it is known for
        office = d.defaults["imprint_office"]
        settled, known_for = d.settled(d.defaults.get("imprint_years"),
                                       lambda ed: (ed.get("imprint") or {}).get("office") == office)
        if not settled:
            office = d.unverified("imprint.office", office, known_for, "印发机关")
        sources.append(d.defaults_source())
    elif keys and len(keys) == 1 and not default_issuers and rule.params.get("sole_issuer_prints"):
        # the year's notice was issued by another organ alone (新北 2017: 新北区教育文体局):
        # the organ that issued it alone is the one that sent it to print
        office = d.organ(keys[0]).name
        sources.append(f"{d.edition_source()}（发文机关单独发文，{rule.params['sole_issuer_prints']}）")
    else:
        office = d.missing("imprint.office", "印发机关", "档案未给出印发机关（版记中的印发机关，如发文机关的办公室）")
    if d.notice.format == "信函":
        pass
    elif given.get("date"):
        when = iso(given["date"])
        sources.append(d.edition_source())
    else:
        when = d.missing("imprint.date", "印发日期", "印发日期以公文付印的日期为准，由发文机关确定")
    imprint = {"office": office, "date": when}
    cc = given.get("cc") or d.defaults.get("cc")
    if cc:
        imprint["cc"] = cc
        sources.append(d.edition_source() if given.get("cc") else d.defaults_source())
    d.notice.imprint = imprint
    d.notice.provenance["imprint"] = prov(rule, "；".join(dict.fromkeys(sources)) or "无")


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
    from .header import is_letter

    if is_letter(draft):  # GB/T 9704 10.1: a 函's 版记 has no 印发机关 and 印发日期
        return []
    return [] if draft.imprint.get("date") else _missing(rule, ctx, "title", "未见“……印发”一行")
