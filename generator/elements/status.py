"""Whether the draft's dates are decided: 确定 (an edition of the year fixes them), 推算 (a rule
computed them) or 待填 (nobody gives them).

The classes are facts about the facts the builders used: the node's own edition of the year
(its week, deadlines, 成文日期), a superior's edition of the year (its week or window bounds
the week), else the rule that computed the date (NK-C-WEEK, NK-C-DEADLINE-*, NK-C-SIGNATURE),
whose ``params.confirm`` in rules/content.yaml says what would confirm it. A superior's edition
added later turns a 推算 week into 确定 with no other change. ``classify_dates`` runs once the
builders have run; the note (NK-C-SIGNATURE ``params.computed_note``) lists the 推算 dates.
"""

from __future__ import annotations

from datetime import date

from .. import workcal
from ..model import COMPUTED, FIXED, PENDING, DateStatus, cn_date, cn_month_day
from ..rules import Rule
from .base import Draft, day_label, to_date
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


def _week_status(d: Draft, rule: Rule | None) -> DateStatus:
    week = d.notice.week
    rid = rule.id if rule else ""
    if week is None or not to_date(week.start):
        return DateStatus(PENDING, rid, "活动周日期未定")
    shown = printed(week.start) + printed(week.end)
    if d.edition.get("week"):
        return DateStatus(FIXED, rid, d.edition_source(), printed=shown)
    fixed = _superior_fix(d, "week") or _superior_fix(d, "window")
    if fixed:
        return DateStatus(FIXED, rid, fixed, printed=shown)
    return DateStatus(COMPUTED, rid, week.prov.source, _confirm(rule), shown)


def _confirm(rule: Rule | None) -> str:
    return str((rule.params if rule else {}).get("confirm") or "")


def _deadline_status(d: Draft, rule: Rule | None, i: int) -> DateStatus:
    dl = d.notice.deadlines[i]
    rid = rule.id if rule else ""
    if not to_date(dl.date):
        return DateStatus(PENDING, rid, "报送时限未定")
    if any(f["kind"] == dl.kind for f in d.edition.get("deadlines") or []):
        return DateStatus(FIXED, rid, dl.prov.source, printed=printed(dl.date))
    return DateStatus(COMPUTED, rid, dl.prov.source, _confirm(rule), printed(dl.date))


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


def classify_dates(d: Draft, rules: dict[str, Rule]) -> None:
    """``Notice.date_status`` for the week, each deadline and the 成文日期, each with the rule
    that set it (``rules``: by id) and, for a 推算 one, what would confirm it."""
    n = d.notice
    status = {"week": _week_status(d, rules.get(n.week.prov.rule) if n.week else None)}
    for i, dl in enumerate(n.deadlines):
        status[f"deadlines.{i}"] = _deadline_status(d, rules.get(dl.prov.rule), i)
    sig_prov = n.provenance.get("signature")
    rule = rules.get(sig_prov.rule) if sig_prov else None
    rid, sig = (rule.id if rule else ""), n.signature_date
    if d.edition.get("date"):
        status["signature_date"] = DateStatus(FIXED, rid, d.edition_source(), printed=printed(sig))
    elif to_date(sig):
        status["signature_date"] = DateStatus(COMPUTED, rid, sig_prov.source, _confirm(rule), printed(sig))
    else:
        status["signature_date"] = DateStatus(PENDING, rid, "成文日期由发文机关签发时确定")
    n.date_status = status
    guessed = [k for k, s in status.items() if s.status == COMPUTED]
    note = (rule.params if rule else {}).get("computed_note")
    if guessed and note:
        names = {"week": "活动周", "signature_date": "成文日期"}
        what = "、".join(dict.fromkeys(names.get(k, "报送时限") for k in guessed))
        n.notes.append(note.format(what=what, year=d.year))
