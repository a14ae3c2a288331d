"""Whether the draft's dates are decided: 确定 (an edition of the year fixes them), 推算 (a rule
computed them) or 待填 (nobody gives them) — rules/content.yaml NK-C-DATE-STATUS.

The classes are facts about the facts the builders used: the node's own edition of the year
(its week, deadlines, 成文日期), a superior's edition of the year (its week or window bounds
the week), else the rule that computed the date. A superior's edition added later turns a
推算 week into 确定 with no other change. The record's ``params`` say, per date, what would
confirm it; the note lists the 推算 dates for the clerk.
"""

from __future__ import annotations

from datetime import date

from .. import workcal
from ..model import COMPUTED, FIXED, PENDING, DateStatus, cn_date, cn_month_day
from ..rules import Rule
from .base import Draft, builds, day_label, to_date
from .deadlines import holiday_arrangement


def printed(iso: str) -> tuple[str, ...]:
    """How the text prints an ISO date: 10月28日（周四）, 2027年10月28日, 10月28日."""
    d = to_date(iso)
    return (day_label(iso), cn_date(d), cn_month_day(d)) if d else ()


def _superior_fix(d: Draft, key: str) -> str:
    """The superior edition of the year whose ``key`` (window / week) the draft's week lies in."""
    week = d.notice.week
    start, end = (to_date(week.start), to_date(week.end)) if week else (None, None)
    if not (start and end):
        return ""
    for sup in d.node.chain():
        fact = (sup.editions.get(d.year) or {}).get(key)
        lo, hi = (to_date(fact.get("start")), to_date(fact.get("end"))) if isinstance(fact, dict) else (None, None)
        if lo and hi and lo <= start and end <= hi:
            return f"{sup.name}{d.year}年通知规定的活动周时间 {lo}—{hi}（{d.rel(sup.path.parent / f'{d.year}.yaml')}）"
    return ""


def _week_status(d: Draft, rule: Rule) -> DateStatus:
    week = d.notice.week
    if week is None or not to_date(week.start):
        return DateStatus(PENDING, rule.id, "活动周日期未定")
    shown = printed(week.start) + printed(week.end)
    if d.edition.get("week"):
        return DateStatus(FIXED, rule.id, d.edition_source(), printed=shown)
    fixed = _superior_fix(d, "week") or _superior_fix(d, "window")
    if fixed:
        return DateStatus(FIXED, rule.id, fixed, printed=shown)
    return DateStatus(COMPUTED, rule.id, week.prov.source, rule.params["confirm_week"], shown)


def _deadline_status(d: Draft, rule: Rule, i: int) -> DateStatus:
    dl = d.notice.deadlines[i]
    if not to_date(dl.date):
        return DateStatus(PENDING, rule.id, "报送时限未定")
    if any(f["kind"] == dl.kind for f in d.edition.get("deadlines") or []):
        return DateStatus(FIXED, rule.id, dl.prov.source, printed=printed(dl.date))
    return DateStatus(COMPUTED, rule.id, dl.prov.source, rule.params["confirm_deadline"], printed(dl.date))


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


@builds("date_status")
def build_date_status(d: Draft, rule: Rule) -> None:
    n = d.notice
    status = {"week": _week_status(d, rule)}
    for i in range(len(n.deadlines)):
        status[f"deadlines.{i}"] = _deadline_status(d, rule, i)
    sig = n.signature_date
    if d.edition.get("date"):
        status["signature_date"] = DateStatus(FIXED, rule.id, d.edition_source(), printed=printed(sig))
    elif to_date(sig):
        basis = n.provenance["signature"].source
        status["signature_date"] = DateStatus(COMPUTED, rule.id, basis, rule.params["confirm_signature"], printed(sig))
    else:
        status["signature_date"] = DateStatus(PENDING, rule.id, "成文日期由发文机关签发时确定")
    n.date_status = status
    guessed = [k for k, s in status.items() if s.status == COMPUTED]
    if guessed:
        names = {"week": "活动周", "signature_date": "成文日期"}
        what = "、".join(dict.fromkeys(names.get(k, "报送时限") for k in guessed))
        n.notes.append(rule.params["note"].format(what=what, year=d.year))
