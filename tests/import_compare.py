"""Field-by-field comparison of an imported edition with the hand-written one.

A fact is one leaf value of the hand-written edition. Not counted: the hand-writer's own words
(``source``, ``theme_source``, a deadline's ``what`` summary) and, for lists, the grouping
(recipients are compared as the addressed names, requirements by their text whatever the
key). Items of a list are matched by what identifies them (a member by name, an activity by
heading, a deadline by date, a contact by name); a matched fact with another value is wrong.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

SKIP = {"source", "theme_source", "sources", "what", "year"}


def norm(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    t = re.sub(r"\s+", "", str(value))
    for a, b in ((",", "，"), (":", "："), (";", "；"), ("(", "（"), (")", "）"), ("‘", "“"), ("’", "”")):
        t = t.replace(a, b)
    return t.strip("。")


class Score:
    def __init__(self) -> None:
        self.found: list[str] = []
        self.missing: list[str] = []
        self.wrong: list[str] = []

    def check(self, path: str, hand: Any, got: Any, loose: bool = False) -> None:
        if got is None or got == "" or got == []:
            self.missing.append(f"{path} = {hand!r}")
        elif norm(hand) == norm(got) or (loose and (norm(hand) in norm(got) or norm(got) in norm(hand))):
            self.found.append(path)
        else:
            self.wrong.append(f"{path}: hand {hand!r} ≠ imported {got!r}")

    @property
    def ratio(self) -> float:
        total = len(self.found) + len(self.missing) + len(self.wrong)
        return len(self.found) / total if total else 1.0


def _by(items: list[dict], key: str) -> dict[str, dict]:
    return {norm(i.get(key)): i for i in items or [] if isinstance(i, dict)}


def _compare_dict(s: Score, path: str, hand: dict, got: dict, keyed: dict[str, str]) -> None:
    for k, v in hand.items():
        if k in SKIP:
            continue
        p = f"{path}.{k}" if path else k
        g = (got or {}).get(k)
        if isinstance(v, dict):
            _compare_dict(s, p, v, g or {}, keyed)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            ident = keyed.get(k, "name")
            index = _by(g or [], ident)
            for item in v:
                sub = index.get(norm(item.get(ident)))
                if sub is None:
                    s.missing.append(f"{p}[{item.get(ident)}]")
                    continue
                s.found.append(f"{p}[{item.get(ident)}]")
                _compare_dict(s, f"{p}[{item.get(ident)}]", {a: b for a, b in item.items() if a != ident},
                              sub, keyed)
        elif isinstance(v, list):
            have = [norm(x) for x in g or []]
            for x in v:
                hit = any(norm(x) == h or (len(norm(x)) > 6 and (norm(x) in h or h in norm(x))) for h in have)
                (s.found if hit else s.missing).append(f"{p} ∋ {x}")
        elif v is None:
            continue  # the hand-written file says "not given": nothing to find
        else:
            s.check(p, v, g, loose=k == "note")


def uncorrected(edition: dict) -> dict:
    """The hand profile as the source words it: each of its ``corrections`` (a slip fixed in
    the profile, the original kept) undone in its field, so import is compared with what it
    could read."""
    import copy

    out = copy.deepcopy({k: v for k, v in edition.items() if k != "corrections"})
    for c in edition.get("corrections") or []:
        *path, last = [int(k) if k.isdigit() else k for k in c["field"].split(".")]
        holder = out
        for k in path:
            holder = holder[k]
        holder[last] = holder[last].replace(c["now"], c["was"])
    return out


def compare_edition(hand: dict, got: dict, hand_organs: dict, got_organs: dict,
                    got_recipients: list | None = None) -> Score:
    """``got_recipients``: the imported node's groups, when the edition has none of its own (a
    new node keeps the groups it was read with)."""
    s = Score()
    hand = uncorrected(hand)
    got = dict(got)
    got.setdefault("recipients", got_recipients)
    # issuers: the organs' names, whatever their keys
    hi = [hand_organs[k]["name"] for k in hand.pop("issuers", [])]
    gi = [got_organs.get(k, {}).get("name") for k in got.pop("issuers", [])]
    for name in hi:
        (s.found if name in gi else s.missing).append(f"issuers ∋ {name}")
    # requirements: by text, not by the key a person chose
    hreq = hand.pop("requirements", {}) or {}
    greq = [norm(v) for v in (got.pop("requirements", {}) or {}).values()]
    for k, v in hreq.items():
        hit = any(norm(v) == g or norm(v) in g for g in greq)
        (s.found if hit else s.missing).append(f"requirements.{k}")
    # recipients: the addressed names (the grouping is a matter of layout)
    hrec = hand.pop("recipients", None)
    grec = got.pop("recipients", None)
    if hrec:
        atoms = {norm(a) for g in grec or [] for a in re.split(r"[、，]", g["name"])}
        for g in hrec:
            for a in re.split(r"[、，]", g["name"]):
                (s.found if norm(a) in atoms else s.missing).append(f"recipients ∋ {a}")
    keyed = {"members": "name", "activities": "heading", "deadlines": "date", "attachments": "title",
             "contacts": "name", "bodies": "name"}
    _compare_dict(s, "", hand, got, keyed)
    return s
