"""A clerk imports last year's notice of a county with two attachments in the workbench, opens
next year's draft and downloads its forms: the same two forms `notice forms` writes, and the
contact of last year shown to be confirmed (headless Chromium, as tests/test_web_browser.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from test_next_year import NOTICE

from tests.web_helpers import CHROMIUM, CHROMIUM_ARGS, copy_profiles, live_server

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium (scripts/setup.sh)")


def test_import_two_attachments_and_download_next_years_forms(tmp_path):
    from playwright.sync_api import sync_playwright

    profiles = copy_profiles(tmp_path / "tree")
    upload = tmp_path / "青溪区2025年活动周通知.txt"
    upload.write_text(NOTICE.format(second="开展情况统计表"), encoding="utf-8")
    with live_server(profiles) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(accept_downloads=True, locale="zh-CN").new_page()
            page.set_default_timeout(60_000)
            page.goto(url + "/import")
            page.set_input_files("#file", str(upload))
            page.click("#extract")
            page.check("#save-import input[name=mode][value=node]")
            page.fill("#save-import input[name=node]", "qingxi")
            page.select_option("#save-import select[name=parent]", "changzhou")
            page.click("#save")
            assert "青溪区 · 2025 年" in page.locator("#page-title").inner_text()
            page.click("text=2026")
            assert "青溪区 · 2026 年" in page.locator("#page-title").inner_text()
            notice = page.locator("#notice").inner_text()
            assert "青溪区2026年全民终身学习活动周开展情况统计表" in notice
            # last year's number, to be confirmed: its own colour, not the 【待填】 yellow
            phone = page.locator(".nk-notice .unverified", has_text="0519-86001234").first
            assert phone.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 255, 255)"
            with page.expect_download() as dl:
                page.click("#dl-forms")
            saved = tmp_path / "forms.zip"
            dl.value.save_as(saved)
            names = sorted(zipfile.ZipFile(io.BytesIO(saved.read_bytes())).namelist())
            assert names == ["附件1_青溪区2026年全民终身学习活动周活动安排表.docx",
                             "附件2_青溪区2026年全民终身学习活动周开展情况统计表.docx"]
        finally:
            browser.close()
