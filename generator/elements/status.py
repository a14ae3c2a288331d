"""Whether the draft's dates are decided: 确定 (an edition of the year fixes them), 推算 (a rule
computed them) or 待填 (nobody gives them).

Which is a rule's: each 推算 rule (rules/dates.yaml, ``gives: [computed_date]``) needs the rule
that computes a date (NK-C-WEEK, NK-C-DEADLINE-*, NK-C-SIGNATURE) and holds ``unless`` a fixing
fact is given — the node's own edition of the year (its week, deadlines, 成文日期) or a
superior's edition whose week or window bounds the week (``context.fixing_facts``). A superior's
edition added later turns a 推算 week into 确定 with no other change. A date no 推算 rule
holds for is 确定; one with no value is 待填. This module only says what each status rests on
(``basis``) and what is printed; ``classify_dates`` runs once the builders have run, and the
note (NK-C-SIGNATURE ``params.computed_note``) lists the 推算 dates.
"""

from __future__ import annotations

from datetime import date

from .. import workcal
from ..model import COMPUTED, FIXED, PENDING, DateStatus, cn_date, cn_month_day
from ..profiles import Node
from ..rules import Rule
from .base import Draft, day_label, to_date
from .deadlines import holiday_arrangement


def printed(iso: str) -> tuple[str, ...]:
    """How the text prints an ISO date: 10月28日（周四）, 2027年10月28日, 10月28日."""
    d = to_date(iso)
    return (day_label(iso), cn_date(d), cn_month_day(d)) if d else ()


def superior_bounds(node: Node, year: int, key: str = "") -> list[tuple[Node, date, date]]:
    """The superiors whose edition of the year bounds the week (``key``: ``week`` or
    ``window``; both when not given), with the bounds: the facts that fix a computed week."""
    out = []
    for sup in node.chain():
        for k in (key,) if key else ("week", "window"):
            fact = (sup.editions.get(year) or {}).get(k)
            lo, hi = (to_date(fact.get("start")), to_date(fact.get("end"))) if isinstance(fact, dict) else (None, None)
            if lo and hi:
                out.append((sup, lo, hi))
    return out


def _superior_basis(d: Draft) -> str:
    """The superior edition of the year whose week (else window) the draft's week lies in."""
    week = d.notice.week
    start, end = to_date(week.start), to_date(week.end)
    for key in ("week", "window"):
        for sup, lo, hi in superior_bounds(d.node, d.year, key):
            if start and end and lo <= start and end <= hi:
                where = d.rel(sup.path.parent / f"{d.year}.yaml")
                return f"{sup.name}{d.year}年通知规定的活动周时间 {lo}—{hi}（{where}）"
    return ""


def _status(computed: Rule | None, writer: str, value: str, pending: str, fixed_basis: str,
            computed_basis: str, shown: tuple[str, ...]) -> DateStatus:
    """待填 without a value; 推算 while its 推算 rule holds (that rule, what would confirm it);
    else 确定, on what fixes it."""
    if not to_date(value):
        return DateStatus(PENDING, writer, pending)
    if computed is not None:
        return DateStatus(COMPUTED, computed.id, computed_basis, str(computed.params.get("confirm") or ""), shown)
    return DateStatus(FIXED, writer, fixed_basis, printed=shown)


def habit_lead(d: Draft) -> tuple[int, int] | None:
    """(working days from the 成文日期 to the week's start, the year) in the node's latest
    edition that gives both: how long before its week the node signs its notice."""
    for year in sorted(d.node.editions, reverse=True):
        ed = d.node.editions[year]
        signed, week = to_date(ed.get("date")), to_date((ed.get("week") or {}).get("start"))
        if year == d.year or not (signed and week) or signed >= week:
            continue
        cal = holiday_arrangement(d, year)
        n, day = 0, signed
        while day < week:
            day = workcal.shift_working_days(day, 1, cal)
            n += 1
        return n, year
    return None


def computed_signature_date(d: Draft, rule: Rule) -> tuple[str, str] | None:
    """The 成文日期 as the node's habit puts it before the week: (ISO, how it was computed)."""
    week = d.notice.week
    start = to_date(week.start) if week else None
    lead = habit_lead(d) if start and not d.edition.get("date") else None
    if lead is None or not rule.params.get("signature_habit"):
        return None
    n, year = lead
    when: date = workcal.shift_working_days(start, -n, holiday_arrangement(d, d.year))
    how = rule.params["signature_habit"].format(n=n, year=year, rule=rule.id)
    return when.isoformat(), f"{d.rel(d.node.path.parent / f'{year}.yaml')} date：{how}"


def classify_dates(d: Draft) -> None:
    """``Notice.date_status`` for the week, each deadline and the 成文日期: 推算 where a 推算 rule
    that needs the rule writing the date held (``d.held``), else 确定 or 待填."""
    computed = {need: r for r in d.held if "computed_date" in r.gives for need in r.needs}
    n, status = d.notice, {}
    if n.week:
        fixed = d.edition_source() if d.edition.get("week") else _superior_basis(d) or n.week.prov.source
        status["week"] = _status(computed.get(n.week.prov.rule), n.week.prov.rule, n.week.start, "活动周日期未定",
                                 fixed, n.week.prov.source, printed(n.week.start) + printed(n.week.end))
    else:
        status["week"] = DateStatus(PENDING, "", "活动周日期未定")
    for i, dl in enumerate(n.deadlines):
        status[f"deadlines.{i}"] = _status(computed.get(dl.prov.rule), dl.prov.rule, dl.date, "报送时限未定",
                                           dl.prov.source, dl.prov.source, printed(dl.date))
    sig_prov = n.provenance.get("signature")
    writer = sig_prov.rule if sig_prov else ""
    status["signature_date"] = _status(
        computed.get(writer), writer, n.signature_date, "成文日期由发文机关签发时确定",
        d.edition_source() if d.edition.get("date") else sig_prov.source if sig_prov else "",
        sig_prov.source if sig_prov else "", printed(n.signature_date))
    n.date_status = status
    guessed = [k for k, s in status.items() if s.status == COMPUTED]
    signature = next((r for r in d.held if r.id == writer), None)
    note = (signature.params if signature else {}).get("computed_note")
    if guessed and note:
        names = {"week": "活动周", "signature_date": "成文日期"}
        what = "、".join(dict.fromkeys(names.get(k, "报送时限") for k in guessed))
        n.notes.append(note.format(what=what, year=d.year))
