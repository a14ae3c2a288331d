"""A notice as read (``reader.ReadResult``) → the year's edition as profile data.

Sections are recognised by what their headings say (主题, 时间, 组织/领导, 内容, 要求), not by
their position, so a notice that orders or names them differently still imports. A fact the
text does not state is left out (drafting makes it a placeholder); a fact read with doubt is
listed in ``unsure`` with the reason; a slip corrected on the way (a 文号 with [] or 第) is
listed in ``changes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .. import TEMPLATES_DIR
from ..datafile import load_yaml
from ..model import Location, Section
from ..reader import DATE_RE, DOC_NO_RE, EMAIL_RE, PHONE_RE, ReadResult, deadline_clauses
from .contacts import read_contacts
from .people import read_committee, read_office
from .text import CJK, tidy, where

KINDS = [  # first match wins: a heading "组织保障" is about requirements, not the committee
    ("guiding", re.compile(r"指导思想|总体要求|总体目标")),
    ("other", re.compile(r"其他事项|其他要求|报送要求")),
    ("requirements", re.compile(r"要求|保障|措施")),
    ("activities", re.compile(r"内容|活动项目|主要活动")),
    ("organisation", re.compile(r"组织|领导|机构|组委会")),
    ("division", re.compile(r"分工")),
    ("time", re.compile(r"时间|安排|日程")),
    ("theme", re.compile(r"主题")),
]
REQUIREMENT_KEYS = [  # the keys rules/content.yaml gives the requirement paragraphs
    ("epidemic", r"疫情|防控"), ("frugality", r"节俭|八项|廉洁"), ("local_features", r"特色"),
    ("learning_organisations", r"学习型组织"), ("organisation", r"组织|领导|管理"),
    ("publicity", r"氛围|宣传|媒体"), ("effectiveness", r"实效|成效"), ("summary", r"总结|表彰"),
]
#: a further paragraph on these matters is an item of its own (its rule has its own heading)
SEPARATE_KEYS = ("epidemic", "frugality", "learning_organisations")
#: sentences drafting writes from other facts (四个一, deadlines): not kept as requirement text
GENERATED = re.compile(r"四个一|前将|前报送|前上报|报送至|发送至|上报至|邮箱")
SUBMIT_RE = re.compile(r"报送|上报|发送|发至|报至|交至")
OFFICE_RE = re.compile(r"(?:报送|发送|上报|报)(?:至|到|给)?([^，,。；;（(：:\s]{2,30}?(?:处|科|股|室|中心|办公室|局))"
                       r"(?=[，,。；;（(：:\s]|邮箱|$)")


#: 《title》 and the cited 文号 in the brackets after it, however its year is bracketed
#: (教职成厅函[2012]31号，见……): read leniently, written in GB/T 9704 form
CITATION_RE = re.compile(r"([^《》，、。（）]{0,30}?)《([^》]+)》(?:（([^）]*?\d{4}\s*[〕\]］）)][^）]*?号)[^）]*）)?")
PHRASE_GAP = re.compile(rf"(?<=[{CJK}]{{4}})[ \t\u3000]+(?=[{CJK}]{{4}})")
NO_YEAR = "原文日期未写年份，按通知的年份 {year} 年读"
#: a day not yet fixed: a part of a month, "暂定…之后", "另行通知"
VAGUE_DAY = re.compile(r"[上中下]旬|暂定|待定|之后|以后|左右|另行通知|前后")
ALLOWED_LATIN = {"word", "pdf", "wps", "excel", "ppt", "app", "qq", "email", "mail", "ai", "vr", "ar", "led"}


@dataclass
class Reading:
    """What import read from a notice: the edition and what the node needs beyond it."""

    edition: dict[str, Any]
    unsure: dict[tuple, str] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)  # organ names as signed
    recipients: list[str] = field(default_factory=list)  # groups as addressed
    citations: list[dict[str, str]] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


@cache
def _form_titles() -> list[tuple[str, str]]:
    """(name, kind) of each form definition, the longest name first (启动周活动情况统计表 before
    …统计表); read once a process, with libyaml where PyYAML has it (the forms were 1/3 of a plan)."""
    out = []
    for f in sorted((TEMPLATES_DIR / "forms").glob("*.yaml")):
        data = load_yaml(f.read_text(encoding="utf-8"))
        out += [(name, data["kind"]) for name in [data["name"], *(data.get("aliases") or [])]]
    return sorted(out, key=lambda x: -len(x[0]))


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def form_kind(title: str) -> tuple[str, str]:
    """The form kind for an attachment title, and why it is unsure when only the end of the
    form's name matched (2024年活动周开展情况统计表 → 全民终身学习活动开展情况统计表), not the whole name."""
    core = re.sub(r"[“”\"\s]", "", title)
    kind = next((kind for name, kind in _form_titles() if core.endswith(name)), "")
    if kind or len(core) < 3:
        return kind, ""
    tails = sorted(((_common_tail(core, name), name, kind) for name, kind in _form_titles()), reverse=True)
    best, runner = tails[0], tails[1] if len(tails) > 1 else (0, "", "")
    # a tail longer than the table's kind of name (…统计表), or the only form with that kind of name
    if best[0] >= 3 and (best[0] > runner[0]) and (best[0] >= 5 or runner[0] < 3):
        return best[2], f"按表名末尾“{core[-best[0]:]}”推定为“{best[1]}”"
    return "", ""


def normal_doc_number(raw: str) -> tuple[str, str]:
    """The 文号 in GB/T 9704 form (代字〔2024〕7号) and what was changed, if anything."""
    m = DOC_NO_RE.search(raw)
    if not m:
        return "", ""
    fixed = f"{m['code']}〔{m['year']}〕{int(m['serial'])}号" if m["serial"].isdigit() else raw
    return fixed, ("" if fixed == raw.strip() else f"文号“{raw.strip()}”已按 GB/T 9704 写作“{fixed}”")


def _fullest(offices: list[str]) -> str:
    """The first office named, or its full name when another deadline names it in full
    (区教育局职教科 → 区教育局职业教育与终身教育科)."""
    if not offices:
        return ""
    first = offices[0]
    head, _, tail = first.partition("局")
    full = [o for o in offices if o.startswith(head + "局") and tail and o.endswith(tail[-1])
            and o.partition("局")[2][:1] == tail[:1] and len(o) > len(first)]
    return max(full, key=len) if full else first


def place_of(title: str, issuers: list[str]) -> str:
    """The place the notice is for: from its title (关于举办新北区2024年…), else from the
    education organ's name (常州国家高新区（新北区）教育局 → 新北区; 淄博市教育局 → 淄博市)."""
    # 关于举办某市某区2024年… names the city before the district: the place is the nearer one
    m = re.search(rf"关于(?:举办|开展)(?:[{CJK}]{{2,4}}省)?(?:[{CJK}]{{2,4}}市(?=[{CJK}]{{1,6}}[区县市]\s*\d))?"
                  rf"([{CJK}]{{2,8}}?[省市区县])\s*\d{{4}}", title) \
        or re.search(rf"关于(?:举办|开展)\s*\d{{4}}\s*年(?:[{CJK}]{{2,4}}省)?"
                     rf"(?:[{CJK}]{{2,4}}市(?=[{CJK}]{{1,6}}[区县市]全民))?"
                     rf"([{CJK}]{{2,8}}?[省市区县])(?=全民|终身)", title)
    if m:
        return m.group(1)
    for name in issuers:
        if re.search(r"教育", name):
            inner = re.search(r"[（(]([^）)]+[市区县])[）)]", name)
            if inner:
                return inner.group(1)
            m = re.search(rf"([{CJK}]{{2,6}}?[省市区县])(?:[{CJK}]{{2,6}}[区县])?教育", name)
            if m:
                return m.group(1)
    return ""


def _kind(heading: str) -> str:
    return next((k for k, rx in KINDS if rx.search(heading)), "")


def _flatten(sections: list[Section]) -> list[tuple[str, Section]]:
    """Each section with its kind; a section whose children are of different kinds (主题和时间,
    活动时间与内容) is split into them."""
    out: list[tuple[str, Section]] = []
    for s in sections:
        # children that are headings (not numbered sentences, as a 分工安排 list has)
        kids = {_kind(c.heading) for c in s.children if len(c.heading) <= 20} - {""}
        own = _kind(s.heading)
        # 活动时间与内容 holds 活动时间, 活动内容, 具体要求; 具体要求's own items may name 组织
        if len(kids) >= 2 and (own in kids or own not in ("activities", "requirements", "organisation")):
            out.extend(_flatten(s.children))
        else:
            out.append((_kind(s.heading), s))
    return out


def _text_of(s: Section, colon: frozenset[int] = frozenset()) -> str:
    """A section's text in one run: a run-in heading keeps the colon the source gave it (``colon``:
    ids of such sections), else takes a stop; an item that ends without one gets a stop before
    the next (（一）时间：11月30日 9:30-11:00。（二）地点：……)."""
    parts = [tidy(p) for p in s.paragraphs]
    for c in s.children:
        label = c.label.rstrip()
        head = tidy(c.heading)
        mark = "：" if id(c) in colon else "。"
        lead = f"{label}{head}" + (mark if c.run_in and not head.endswith(("。", "：")) else "")
        if parts and parts[-1] and not re.search(r"[。；！？：:，、]$", parts[-1]):
            parts[-1] += "。"
        parts.append(lead + _text_of(c, colon))
    return "".join(parts)


def _iso(year: int, m: str, d: str) -> str:
    try:
        return date(year, int(m), int(d)).isoformat()
    except ValueError:
        return ""


def _split_top(text: str, seps: str = "、") -> list[str]:
    """Split on ``seps`` outside brackets."""
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（(《“"
        depth -= ch in "）)》”" and depth > 0
        if ch in seps and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return [x.strip().rstrip("。，") for x in out if x.strip()]


def _sentences(text: str) -> list[str]:
    return _split_top(text, "。；") if text else []


def _pieces(text: str) -> list[str]:
    """Sentences with their own end marks (outside brackets), so dropping one keeps the rest as written."""
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（(《“"
        depth -= ch in "）)》”" and depth > 0
        cur += ch
        if ch in "。；" and depth == 0:
            out.append(cur)
            cur = ""
    return out + ([cur] if cur.strip() else [])


class EditionReader:
    def __init__(self, res: ReadResult, year: int) -> None:
        self.r = res
        self.n = res.notice
        self.year = year
        self.file = Path(res.path).name
        self.out = Reading({})
        self.ed = self.out.edition
        self.colon = self._colon_heads()

    def fact(self, key: str, value: Any, loc: Location | None) -> None:
        if value in (None, "", [], {}):
            return
        self.ed[key] = value
        self.out.sources[key] = where(loc, self.file)

    def unsure(self, path: tuple, why: str) -> None:
        self.out.unsure[path] = why

    def read(self) -> Reading:
        n, r = self.n, self.r
        self.ed["year"] = self.year
        raw = r.raw.get("doc_number", "")
        number, change = normal_doc_number(raw)
        if change:
            self.out.changes.append(change)
        self.ed["source"] = f"{number or tidy(n.title)}（{self.file}）" if number or n.title else self.file
        self.fact("doc_number", number or None, r.locs.get("doc_number"))
        if not number:
            self.ed["doc_number"] = None  # 原文未标文号
        self.fact("title", tidy(n.title), r.locs.get("title"))
        self.ed["kind"] = n.kind or "week"  # what its title names (开幕式通知 …); 活动周通知 by default
        self.out.issuers = [tidy(o.name) for o in n.issuers] or [tidy(h) for h in r.header]
        self.out.recipients = self._recipient_groups()
        self._opening()
        sections = _flatten(n.sections)
        for kind, s in sections:
            getattr(self, f"_sec_{kind}", lambda _s: None)(s)
        self._theme()
        self._week(dict(sections))
        if "office" not in self.ed:
            self._office_anywhere()
        self._four_ones()
        self._deadlines()
        self._attachments()
        self._contacts()
        self._signature()
        self._slips()
        self.ed["sources"] = dict(self.out.sources)
        return self.out

    def _slips(self) -> None:
        """English words typed into Chinese text (…交流and风采…) are flagged, not copied silently;
        spaces a conversion put into an e-mail address or URL (czzsxx@126. com) are taken out
        and the change reported."""
        for key in ("requirements", "activities", "guiding", "purpose"):
            if key in self.ed:
                self.ed[key] = self._mend_addresses(self.ed[key])
        def visit(value: Any, path: tuple) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    visit(v, (*path, k))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    visit(v, (*path, i))
            elif isinstance(value, str):
                for m in re.finditer(rf"(?<=[{CJK}])([A-Za-z]{{2,8}})(?=[{CJK}])", value):
                    if m.group(1).lower() not in ALLOWED_LATIN:
                        self.unsure(path, f"文中夹有英文“{m.group(1)}”，疑为录入错误，请对照原件")
                        break
        for key in ("purpose", "guiding", "activities", "requirements", "division", "week_note", "deadlines"):
            if key in self.ed:
                visit(self.ed[key], (key,))

    # ------------------------------------------------------------ head

    def _recipient_groups(self) -> list[str]:
        loc = self.r.locs.get("recipients")
        if loc is None:
            return []
        text = ""
        for ln in self.r.lines[self.r.order(loc) - 1:]:
            # a list broken over lines without a mark between the parts is still a list
            text += ("、" if text and not text.endswith(("、", "，", ",", "；", "：")) else "") + ln.text
            if text.endswith(("：", ":")):
                break
        groups = _split_top(tidy(text).rstrip("："), "，；")
        if len(groups) == 1:
            groups = _split_top(groups[0])
        seen: list[str] = []
        for g in groups:
            if g in seen:
                self.out.changes.append(f"主送机关“{g}”在原文中重复出现，只记一次")
            else:
                seen.append(g)
        return seen

    def _opening(self) -> None:
        text = tidy(self.n.opening)
        loc = self.r.locs.get("opening")
        m = re.match(r"^(为.+?)，(?:根据|按照|依据)", text)
        if m:
            self.fact("purpose", m.group(1), loc)
        for cm in CITATION_RE.finditer(text):
            if "通知" not in cm.group(2):
                continue  # a law or a plan the opening names (《…促进条例》, 《…规划》) is no superior notice
            issuer = re.sub(r"^(?:根据|按照|依据|和|及|以及)", "", cm.group(1)).strip()
            if not re.search(r"(?:局|部|厅|办|委|会|院|府|室|中心|处|科|股|部门|单位)$", issuer):
                issuer = ""  # words before the title that are no organ (进一步落实《…》)
            number, change = normal_doc_number(cm.group(3) or "")
            if change:
                self.out.changes.append(change)
            self.out.citations.append({"issuer": issuer, "title": cm.group(2), "doc_number": number})

    # ------------------------------------------------------------ sections

    def _sec_guiding(self, s: Section) -> None:
        self.fact("guiding", self._text(s), s.loc)

    def _theme(self) -> None:
        if self.n.theme:
            # a slogan's two phrases set apart by a space (庆建党百年华诞 谱终身学习新篇) stay apart
            theme = "\u3000".join(tidy(p) for p in PHRASE_GAP.split(self.n.theme.strip()))
            if theme.startswith("“") and theme.endswith("”") and theme.count("“") == 1:
                theme = theme[1:-1]
            self.fact("theme", theme, self.r.locs.get("theme"))
            self.ed["theme_source"] = self.out.sources["theme"]

    def _sec_time(self, s: Section) -> None:
        self._time_section = s

    def _line_text(self, loc: Location | None) -> str:
        if loc is None:
            return ""
        return next((ln.text for ln in self.r.lines if ln.loc.key() == loc.key()), "")

    def _week(self, kinds: dict[str, Section]) -> None:
        s = getattr(self, "_time_section", None)
        w = self.n.week
        if w and re.match(r"\d{4}-", w.start) and re.match(r"\d{4}-", w.end):
            self.fact("week", {"start": date.fromisoformat(w.start), "end": date.fromisoformat(w.end)},
                      self.r.locs.get("week"))
            said = self.r.raw.get("week") or self._line_text(self.r.locs.get("week"))
            if not re.search(r"\d{4}\s*年", said):
                self.unsure(("week",), NO_YEAR.format(year=self.year))
        elif s is not None:
            self.fact("week_note", self._text(s), s.loc)
        if self.ed.get("kind") == "opening":
            self._opening_day(s)
            return
        if s is None or "week_note" in self.ed:
            self._launch_elsewhere()
            return
        text = self._text(s)
        for sent in _sentences(text):
            if not re.search(r"启动仪式|开幕式", sent):
                continue
            clauses = _split_top(sent, "，,")
            start = next(i for i, c in enumerate(clauses) if re.search(r"启动仪式|开幕式", c))
            launch: dict[str, Any] = {"note": "，".join(clauses[start:])}
            if m := re.search(rf"在([{CJK}（）]{{2,24}}?)(?:举办|举行)", sent):
                launch["place"] = m.group(1)
            self._launch_date(launch, sent if start == 0 else clauses[start])
            self.fact("launch", launch, s.loc)
            break

    def _launch_elsewhere(self) -> None:
        """Without a time section that says it, a launch fixed in a sentence of its own anywhere
        in the body (二、活动组织 …开幕式定于10月31日在某街道社区教育中心举行): only with a day."""
        for ln in self.r.body:
            for sent in _sentences(tidy(ln.text)):
                m = re.search(rf"(?:开幕式|启动仪式)[^，。；]{{0,6}}?定于([^，。；]{{2,30}}?)在([{CJK}（）]{{2,24}}?)"
                              r"(?:举办|举行|召开)", sent)
                if m and DATE_RE.search(m.group(1)) and not VAGUE_DAY.search(m.group(1)):
                    launch: dict[str, Any] = {"note": m.group(0), "place": m.group(2)}
                    self._launch_date(launch, m.group(1))
                    self.fact("launch", launch, ln.loc)
                    return

    def _launch_date(self, launch: dict[str, Any], said: str) -> None:
        """The launch's day only where the text gives one: a span (下旬) or a day to be fixed
        (暂定20日之后, 另行通知) stays the source's words in the note, marked 待核实."""
        if VAGUE_DAY.search(said):
            launch.setdefault("note", said)
            self.unsure(("launch", "note"), f"原文未给出确定日期（“{VAGUE_DAY.search(said).group(0)}”），"
                                            "未写作日期，请确定后填写 launch.date")
            return
        if m := DATE_RE.search(said):
            day = _iso(int(m["y"] or self.year), m["m"], m["d"])
            if day:
                launch["date"] = date.fromisoformat(day)
                if not m["y"]:
                    self.unsure(("launch", "date"), NO_YEAR.format(year=self.year))

    def _opening_day(self, s: Section | None) -> None:
        """An opening-ceremony notice: its day, hour and place are the launch (定于10月20日（星期一）
        上午9:30在区文化中心举行; 时间：…; 地点：…), not a week."""
        # each item with its own heading: （二）主会场地点：…
        items = [f"{tidy(c.heading)}：{self._text(c)}" if c.run_in else self._text(c) for c in s.children] \
            if s is not None else []
        texts = ([tidy(p) for p in s.paragraphs] + items if s is not None else []) + [tidy(self.n.opening)]
        launch: dict[str, Any] = {}
        for text in texts:
            for sent in _sentences(text):
                if "place" not in launch and (m := re.search(r"地点[：:]\s*([^，。；]{2,40})", sent)
                                              or re.search(rf"在([{CJK}（）]{{2,24}}?)(?:举办|举行|召开)", sent)):
                    launch["place"] = m.group(1)
                if "date" not in launch and "note" not in launch and (DATE_RE.search(sent) or VAGUE_DAY.search(sent)):
                    said = next(c for c in _split_top(sent, "，,") if DATE_RE.search(c) or VAGUE_DAY.search(c))
                    launch["note"] = re.sub(r"^(?:[（(][一二三四五六七八九十]+[）)])?时间[：:]\s*|^经研究，", "",
                                            said)
                    self._launch_date(launch, said)
        self.fact("launch", launch, s.loc if s is not None else self.r.locs.get("opening"))

    def _sec_organisation(self, s: Section) -> None:
        bodies = [c for c in s.children if re.search(r"委员会|领导小组", c.heading)]
        if bodies:
            main = bodies[-1]
            got, unsure = read_committee([f"设{main.heading}", *main.paragraphs])
            committee = got.get("committee", {})
            others = []
            for b in bodies[:-1]:
                sub, _ = read_committee([f"设{b.heading}", *b.paragraphs])
                others.append(sub.get("committee", {}))
            if others:
                committee["bodies"] = [o for o in others if o.get("name")]
            got["committee"] = committee
        else:
            got, unsure = read_committee(s.paragraphs)
        if got.get("committee", {}).get("name"):
            self.fact("committee", got["committee"], s.loc)
            for path, why in unsure:
                self.unsure(path, why)
        if got.get("office"):
            self.fact("office", got["office"], s.loc)

    def _sec_division(self, s: Section) -> None:
        items = [tidy(c.heading) + "".join(tidy(p) for p in c.paragraphs) for c in s.children]
        self.fact("division", items or [self._text(s)], s.loc)

    def _office_anywhere(self) -> None:
        for ln in self.r.body:
            for sent in _sentences(tidy(ln.text)):
                if "办公室设在" in sent:
                    self.fact("office", read_office(sent + "。"), ln.loc)
                    return

    def _colon_heads(self) -> frozenset[int]:
        """The run-in headings the source ends with a colon (……包括：启动仪式、授牌……): such a
        heading introduces its text, and drafting must print the colon; with a stop added it
        would read as a sentence of its own (……包括。启动仪式……)."""
        lines = {ln.loc.key(): ln.text for ln in self.r.lines}
        out: set[int] = set()

        def visit(sections: list[Section]) -> None:
            for c in sections:
                if c.run_in and c.loc is not None:
                    after = lines.get(c.loc.key(), "").partition(c.heading)[2].lstrip()
                    if after[:1] in ("：", ":"):
                        out.add(id(c))
                visit(c.children)
        visit(self.n.sections)
        return frozenset(out)

    def _text(self, s: Section) -> str:
        return _text_of(s, self.colon)

    def _run_in_head(self, c: Section) -> str:
        head = tidy(c.heading)
        return head + "：" if id(c) in self.colon and not head.endswith("：") else head

    def _sec_activities(self, s: Section) -> None:
        items = []
        for c in s.children:
            text = "".join(tidy(p) for p in c.paragraphs) + "".join(
                f"{k.label.strip()}{self._run_in_head(k)}{'。' if k.run_in and id(k) not in self.colon else ''}"
                f"{self._text(k)}" for k in c.children)
            if text:
                items.append({"heading": self._run_in_head(c), "text": text, "source": where(c.loc, self.file)})
        self.fact("activities", items, s.loc)

    def _sec_requirements(self, s: Section) -> None:
        """Each item's own words, without the sentences drafting writes from other facts (四个一,
        deadlines); a further paragraph about another matter (八项规定, 学习型组织) is its own item."""
        out: dict[str, str] = {}

        def key_for(text: str) -> str:
            return next((k for k, rx in REQUIREMENT_KEYS if re.search(rx, text) and k not in out),
                        f"item{len(out) + 1}")

        for c in s.children:
            # an item that is one sentence (1、各街道要结合实际，开展……活动。) is its own text
            paras = [tidy(p) for p in c.paragraphs] or ([tidy(c.heading) + "。"] if len(c.heading) > 15 else [])
            first = "".join(x for x in _pieces(paras[0]) if not GENERATED.search(x)) if paras else ""
            own = key_for(c.heading)
            if first:
                out[own] = first
            for p in paras[1:]:
                if GENERATED.search(p):
                    continue
                k = key_for(p)
                if k not in SEPARATE_KEYS and own in out:
                    out[own] += p
                else:
                    out[k] = p
        self.fact("requirements", out, s.loc)

    # ------------------------------------------------------------ facts anywhere in the body

    def _four_ones(self) -> None:
        for ln in self.r.body:
            m = re.search(r"“?四个一”?[^（(]{0,12}[（(]([^）)]+)[）)]", ln.text)
            if m:
                self.fact("four_ones", [tidy(x) for x in _split_top(m.group(1), "、，,")], ln.loc)
                return

    def _deadlines(self) -> None:
        out: list[dict] = []
        for ln in self.r.body:
            for whole in _sentences(tidy(ln.text)):
                if SUBMIT_RE.search(whole):
                    for sent, m in deadline_clauses(whole):
                        self._deadline(sent, whole, m, out, ln.loc)
        if out:
            self.ed["deadlines"] = out

    def _deadline(self, sent: str, whole: str, m: re.Match, out: list[dict], loc: Location) -> None:
        """One deadline: ``sent`` is its clause of the sentence ``whole``, which may set two
        (于11月1日前报送方案，于11月5日前报送总结); where it is sent may be said once for both."""
        when = "" if m["ph"] else _iso(int(m["y"] or self.year), m["m"], m["d"])
        if not when:
            return
        day = date.fromisoformat(when)
        start = self.ed.get("week", {}).get("start")
        if start:
            kind = "summary" if day >= start else (
                "schedule" if "统计表" in sent and "方案" not in sent else "plan")
        else:
            kind = "summary" if "总结" in sent else "plan"
        what, materials = self._what(sent)
        if re.search(r"[^A-Za-z]and[^A-Za-z]", sent):
            self.out.changes.append(f"报送材料中的“and”按“和”读（原文：{sent[:40]}……）")
        d: dict[str, Any] = {"kind": kind, "what": what or "报送材料", "date": day}
        if not m["y"]:
            self.unsure(("deadlines", len(out), "date"), NO_YEAR.format(year=self.year))
        if materials:
            d["materials"] = materials
        att = re.findall(r"附件\s*(\d+)", sent)
        named = [i for i, a in enumerate(self.n.attachments, 1) if a.title and tidy(a.title) in sent]
        if att:
            d["attachment"] = int(att[-1])
        elif named:
            d["attachment"] = named[-1]
        elif re.search(r"[（(]\s*(?:详)?见附件\s*[）)]", sent) and len(self.n.attachments) == 1:
            d["attachment"] = 1
        office = OFFICE_RE.search(sent) or OFFICE_RE.search(whole)
        if office:
            d["office"] = self._placed(office.group(1))
        elif "同上" in sent and out and out[-1].get("office"):
            d["office"] = out[-1]["office"]
        out.append(d)
        self.out.sources.setdefault("deadlines", where(loc, self.file))

    def _mend_addresses(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self._mend_addresses(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._mend_addresses(v) for v in value]
        if not isinstance(value, str):
            return value
        fixed = re.sub(r"(@[A-Za-z0-9-]+)\.\s+([A-Za-z]{2,6})\b", r"\1.\2", value)
        fixed = re.sub(r"(https?)[:：]\s+//", r"\1://", fixed)
        for a, b in zip(re.findall(r"\S*@[A-Za-z0-9-]+\.\s+[A-Za-z]+|https?[:：]\s+//\S*", value),
                        re.findall(r"\S*@[A-Za-z0-9-]+\.[A-Za-z]+|https?://\S*", fixed), strict=False):
            self.out.changes.append(f"“{a}”中的空格已去掉：{b}")
        return fixed

    def _placed(self, office: str) -> str:
        """An office named without its place (教育文体局教育处) is the issuing jurisdiction's:
        the place is added and the change reported; 区教育局… and 市…局 already say whose."""
        place = place_of(self.ed.get("title", ""), self.out.issuers)
        if not place or office.startswith(place) or re.match(r"^[区市县省]", office) \
                or not re.match(r"^教育|^[^局]{0,6}局", office):
            return office
        self.out.changes.append(f"报送单位“{office}”未写地名，按发文机关记作“{place}{office}”")
        return place + office

    @staticmethod
    def _what(sent: str) -> tuple[str, list[str]]:
        """What is due: the object of 将/制订 up to the date or the verb, and the materials
        listed in it (in brackets after 总结材料, or the enumeration itself)."""
        m = (re.search(r"(?:制订好|制定好|制订|制定)([^，,。]+?)(?:[（(](?:见)?附件\d*[）)])", sent)
             or re.search(r"将(.+?)(?:，?(?:于|在)\d|(?:电子稿|电子版)?(?:报送|发送|上报|发至))", sent)
             or re.search(r"报送(.+?)(?:，|$)", sent))
        if not m:
            return "", []
        obj = re.sub(r"[（(](?:详见|见)?附件\d*[）)]$", "", m.group(1).strip("，, "))
        inner = re.match(r"^([^（(]{2,12})[（(](.+)[）)]?$", obj)
        if inner and "、" in inner.group(2):
            return inner.group(1), [x for x in _split_top(inner.group(2).rstrip("）)")) if x]
        # "活动总结和3张……照片": 和 joins two materials when a count follows it
        parts = [x.strip() for p in _split_top(obj)
                 for x in re.split(r"(?:和|\s*and\s*)(?=\d|[一二三四五六七八九十]张)", p) if x.strip()]
        # further materials in the sentence: forms named 《…》, files asked for (电子版, 扫描件)
        rest = sent[m.end():]
        extra = re.findall(r"《[^》]+》", rest) + [c for c in _split_top(rest, "，,")
                                                   if re.search(r"电子版|扫描件|照片|视频", c) and "《" not in c]
        materials = parts + extra if len(parts) > 1 or extra else []
        return obj, (materials if "总结" in sent or extra else [])

    def _attachments(self) -> None:
        items = []
        for a in self.n.attachments:
            title = tidy(a.title)
            if title[:1] in "“《" and title[-1:] in "”》" and title.count(title[0]) == 1:
                title = title[1:-1]
            if not title:
                continue
            item = {"title": title}
            kind, why = form_kind(title)
            if kind:
                item["form"] = kind
            if why:
                self.unsure(("attachments", len(items), "form"), why)
            items.append(item)
        self.fact("attachments", items, self.r.locs.get("attachment_note"))

    def _contacts(self) -> None:
        body = self.r.body
        text = "\n".join(tidy(ln.text) for ln in body)
        found: list[dict] = read_contacts([ln.text for ln in body])
        emails = EMAIL_RE.findall(text)
        offices = [d["office"] for d in self.ed.get("deadlines", []) if d.get("office")]
        address = re.search(r"地址[：:]\s*([^\n。]+)", text)
        out = []
        for c in found:
            near = text[text.find(c["name"]):][:200]
            if not c["phone"]:
                ph = PHONE_RE.search(near)
                c["phone"] = ph.group(0) if ph else ""
            if not c["phone"]:
                ph = re.search(r"电话[：:]\s*(" + PHONE_RE.pattern + ")", text)
                c["phone"] = ph.group(1) if ph else ""
            mail = EMAIL_RE.search(near)
            contact = {"name": c["name"]}
            if c["phone"]:
                contact["phone"] = c["phone"]
            if mail or emails:
                contact["email"] = (mail.group(0) if mail else emails[0])
            office = tidy(c["office"]) if c.get("office") else _fullest(offices)
            if office:
                contact["office"] = office
            if address:
                contact["address"] = address.group(1).strip()
            contact["source"] = where(self.r.locs.get("contacts"), self.file)
            if contact not in out:
                out.append(contact)
        if out:
            self.ed["contacts"] = out
            for d in self.ed.get("deadlines", []):
                d["contact"] = 0

    def _signature(self) -> None:
        sd = self.n.signature_date
        if re.match(r"\d{4}-\d{2}-\d{2}$", sd or ""):
            self.fact("date", date.fromisoformat(sd), self.r.locs.get("signature_date"))
        lines = self.r.lines
        for i, ln in enumerate(lines):
            t = tidy(ln.text)
            m = re.match(r"^(?:(.+?)\s*)?(\d{4})年(\d{1,2})月(\d{1,2})日印发$", t)
            if not m:
                continue
            office = m.group(1) or ""
            if not office and i > 0:
                prev = next((tidy(x.text) for x in reversed(lines[:i]) if x.text.strip()), "")
                office = prev if re.search(r"(?:局|部|厅|办|委|会|院|室|中心|办公室)$", prev) else ""
            imprint: dict[str, Any] = {"date": date(int(m.group(2)), int(m.group(3)), int(m.group(4)))}
            if office:
                imprint = {"office": office, **imprint}
            self.fact("imprint", imprint, ln.loc)
            break
