"""The workbench's safety and history in headless Chromium: a page of another site posting to
the fill URL is refused and the file unchanged; a token with a non-ASCII character is 401;
a fill then 撤销 leaves the edition as it was, two entries in the history."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web_helpers import CHROMIUM, chromium, copy_profiles, live_server, zh_page

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium (scripts/setup.sh)")
XINBEI = Path("national/jiangsu/changzhou/xinbei")


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    with zh_page(browser) as pg:
        yield pg


EVIL = """<!doctype html><html><body>
<form id="f" method="post" action="{url}/nodes/xinbei/2024/fill">
<input name="fill.doc_number.serial" value="666"><input name="csrf" value="guessed">
<input type="hidden" name="base.national/jiangsu/changzhou/xinbei/2024.yaml" value="">
</form><script>document.getElementById('f').submit()</script></body></html>"""


def test_another_sites_page_posting_to_the_fill_url_is_refused(tmp_path, page):
    profiles = copy_profiles(tmp_path)
    target = profiles / XINBEI / "2024.yaml"
    before = target.read_bytes()
    with live_server(profiles) as url:
        page.goto(url + "/nodes/xinbei/2024")  # the clerk has the workbench open: her session exists
        page.route("http://evil.example/**", lambda route: route.fulfill(
            status=200, content_type="text/html", body=EVIL.format(url=url)))
        with page.expect_response(lambda r: r.url.endswith("/fill")) as answer:
            page.goto("http://evil.example/prize.html")
        assert answer.value.status == 403
        page.wait_for_load_state()
        assert "已拒绝" in page.inner_text("body") and "其他网页" in page.inner_text("body")
        assert target.read_bytes() == before


def test_a_non_ascii_token_is_401_in_the_browser(tmp_path, page):
    profiles = copy_profiles(tmp_path)
    with live_server(profiles, token="s3cret-token-value") as url:
        response = page.goto(url + "/?token=s3cret-token-value（")
        assert response.status == 401 and "令牌" in page.inner_text("body")
        response = page.goto(url + "/?token=s3cret-token-value")
        assert response.status == 200 and "档案树" in page.inner_text("body")


def test_fill_then_undo_in_the_browser(tmp_path, page):
    profiles = copy_profiles(tmp_path)
    path = profiles / XINBEI / "2027.yaml"
    with live_server(profiles) as url:
        page.goto(url + "/nodes/xinbei/2027")
        page.fill("input[name='fill.doc_number.serial']", "91")
        page.click("#save-fills")
        assert "常新教〔2027〕91号" in page.locator("#notice").inner_text()
        assert path.exists()
        entries = page.locator("#history li.entry")
        assert "填写待填项 · 本机用户" in entries.first.inner_text()
        assert "文号：（无） → 常新教〔2027〕91号" in entries.first.inner_text()
        entries.first.locator("button.undo").click()
        assert "已撤销" in page.locator("#history-message").inner_text()
        assert not path.exists()
        texts = [t for t in page.locator("#history li.entry").all_inner_texts()]
        assert len(texts) == 2 and texts[0].startswith("撤销 本机用户") and "填写待填项 · 本机用户" in texts[1]
        assert "【待填" in page.locator("#notice").inner_text()
