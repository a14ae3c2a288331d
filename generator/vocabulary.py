"""The words import reads kinds by (templates/reading/vocabulary.yaml): organs, recipient
groups and kinds of notice, kept as data so a new name is a line there, not code."""

from __future__ import annotations

import re
from functools import cache

from . import TEMPLATES_DIR
from .datafile import load_yaml

VOCABULARY = TEMPLATES_DIR / "reading" / "vocabulary.yaml"


@cache
def _load() -> dict[str, list[tuple[str, re.Pattern, str]]]:
    data = load_yaml(VOCABULARY.read_text(encoding="utf-8"))
    return {group: [(e["key"], re.compile(e["pattern"]), e.get("name", "")) for e in entries]
            for group, entries in data.items()}


def organ_kind(name: str) -> str:
    """The organ's kind by what its name says (教育体育局 → edu); 'organ' when none matches."""
    return next((key for key, rx, _ in _load()["organ_kinds"] if rx.search(name)), "organ")


def recipient_kinds(name: str) -> list[str]:
    kinds = [key for key, rx, _ in _load()["recipient_kinds"] if rx.search(name)]
    return kinds or ["other"]


def notice_kind(title: str) -> tuple[str, str]:
    """The kind of notice a title names (key, Chinese name): ('week', '活动周通知') by default."""
    for key, rx, label in _load()["notice_kinds"]:
        if rx.search(title):
            return key, label
    return "", ""


def notice_kind_names() -> dict[str, str]:
    return {key: label for key, _, label in _load()["notice_kinds"]}
