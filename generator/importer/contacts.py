"""The contact people a notice gives, however it lays them out:

``联系人：张玉玉，联系电话：0519-88586715`` (one line), ``联系人：县教育局职成股  张××，电话：…``
(the office before the person), ``联系人：`` as a heading with a person a line
(``万梦婷（市社区教育指导中心） 19979136126``), a second person after ``；`` with her own phone,
and a person with several phones (``0519-85586715、13912345678``).
"""

from __future__ import annotations

import re

from ..reader import EMAIL_RE, PHONE_RE
from .text import CJK

PH = r"【待填[^】]*】"
HEAD_RE = re.compile(r"联系人[^：:\n]{0,5}[：:]")
#: words of the line that are labels, never a person's name
LABELS = re.compile(r"^(?:联系电话|电话|手机|座机|传真|邮箱|电子邮箱|邮件|地址|联系方式|及电话|联系|号码|办公电话|QQ)$")
OFFICE_END = re.compile(r"(?:局|部|厅|办|委|会|院|府|室|中心|处|科|股|校|站|馆|所|学院|办公室)$")
NAME_RE = re.compile(rf"^(?:{PH}|[{CJK}]{{2,4}}?(?:同志|老师)?)$")
#: a person and the office in brackets after the name: 万梦婷（市社区教育指导中心）
BRACKET_RE = re.compile(rf"^([{CJK}]{{2,4}})[（(]([^）)]+)[）)]$")

JOINED_RE = re.compile(rf"^([{CJK}]{{2,}}(?:股|科|处|办公室|中心))([{CJK}]{{2,3}})$")


def _person(piece: str) -> dict[str, str] | None:
    """Name, office and phones in one piece of a contact line; None when it names nobody."""
    # a two-character name spaced out to the width of three (万 翾（…）)
    piece = re.sub(rf"^\s*([{CJK}])[ \t\u3000]+([{CJK}])(?=[（(])", r"\1\2", piece)
    phones = [m.group(0) for m in PHONE_RE.finditer(piece)]
    rest = PHONE_RE.sub(" ", EMAIL_RE.sub(" ", HEAD_RE.sub(" ", piece)))
    name = office = ""
    for tok in re.split(rf"[\s，,、：:；;。.]+|(?<=[{CJK}])(?=电话|手机)", rest):
        tok = tok.strip()
        if not tok or LABELS.match(tok):
            continue
        if m := BRACKET_RE.match(tok):
            name, office = name or m.group(1), office or m.group(2)
        elif (m := JOINED_RE.match(tok)) and not name:  # 县教育局职成股张三: the office, then the person
            office, name = office or m.group(1), m.group(2)
        elif OFFICE_END.search(tok) and len(tok) >= 3 and not re.fullmatch(PH, tok):
            office = office or tok
        elif NAME_RE.match(tok) and not name:
            name = re.sub(r"(?:同志|老师)$", "", tok) if len(tok) > 3 else tok
    if not name and not phones:
        return None
    out = {"name": name, "phone": "、".join(phones)}
    if office:
        out["office"] = office
    return out


def read_contacts(lines: list[str]) -> list[dict[str, str]]:
    """The people of each 联系人 passage in ``lines`` (the body's paragraphs, tidied)."""
    found: list[dict[str, str]] = []
    for i, line in enumerate(lines):
        m = HEAD_RE.search(line)
        if not m:
            continue
        after = line[m.end():].strip()
        pieces = [p for p in re.split(r"[；;]", after) if p.strip()]
        if not pieces or all(not _person(p) or not _person(p)["name"] for p in pieces):
            # a heading 联系人： with the people on the next lines (up to a new section or a blank)
            for nxt in lines[i + 1:i + 5]:
                if not nxt.strip() or re.match(r"^[（(]?[一二三四五六七八九十\d]+[、.．）)]", nxt) or len(nxt) > 60:
                    break
                pieces.extend(p for p in re.split(r"[；;]", nxt) if p.strip())
        for piece in pieces:
            who = _person(piece)
            if who is None:
                continue
            if who["name"]:
                found.append(who)
            elif found and who["phone"] and not found[-1]["phone"]:
                found[-1]["phone"] = who["phone"]  # 联系人：张三；电话：…: the phone is his
    return found
