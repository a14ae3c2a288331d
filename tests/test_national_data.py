"""The national node's editions carry what the public record states, year by year."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS

from generator.assemble import build_notice
from generator.profiles import ProfileTree

RECORD = SEEDS.parent / "national_directives.md"
DOC_NUMBER = re.compile(r"教职成厅函〔\d{4}〕\d+号")


def _rows() -> list[list[str]]:
    rows = []
    for line in RECORD.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].isdigit():
            rows.append(cells)
    return rows


@pytest.fixture(scope="module")
def national():
    return ProfileTree().resolve("national")


def test_every_year_on_record_has_an_edition(national) -> None:
    covered = [int(r[0]) for r in _rows() if r[1] != "nothing found"]
    assert len(covered) >= 14
    assert sorted(y for y in national.editions if y in covered) == covered
    for year in covered:
        assert national.editions[year]["source"], year


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r[0])
def test_theme_and_number_as_recorded(national, row) -> None:
    year, notice, theme, _window, _at = row
    ed = national.editions.get(int(year))
    if notice == "nothing found":
        assert ed is None
        return
    recorded_theme = theme.split(" (")[0]
    if recorded_theme in ("not found", "—"):
        assert "theme" not in ed
    else:
        assert ed["theme"] == recorded_theme
        assert ed["theme_source"]
    numbers = DOC_NUMBER.findall(notice)
    # the first 文号 is the notice's own (2021 also names its opening notice)
    assert ed.get("doc_number") == (numbers[0] if numbers else None)


def test_a_year_with_a_national_theme_drafts_with_it() -> None:
    notice = build_notice("xinbei", 2018)
    assert notice.theme == "服务国家重大战略，推动全民终身学习"
    national = notice.citations[0]
    assert national.doc_number == "教职成厅函〔2018〕42号"
    assert national.title == "教育部办公厅关于举办2018年全民终身学习活动周的通知"
