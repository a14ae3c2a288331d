"""Screenshots of each page of ``notice serve`` for the README (docs/web-*.png).

    python3 scripts/web_screenshots.py

Runs the server on a copy of profiles/ (nothing is written to the repository's profiles)
and drives Debian's chromium headless through Playwright, as the browser tests do.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from tests.conftest import SEEDS  # noqa: E402
from tests.web_helpers import CHROMIUM, CHROMIUM_ARGS, copy_profiles, live_server  # noqa: E402

DOCS = ROOT / "docs"


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        profiles = copy_profiles(Path(tmp))
        shutil.rmtree(profiles / "national/jiangsu/changzhou/jintan")  # to be imported from seed 002
        stack = contextlib.ExitStack()
        url = stack.enter_context(live_server(profiles))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN")
        page.set_default_timeout(120_000)

        def shot(name: str, full: bool = False) -> None:
            page.screenshot(path=str(DOCS / f"web-{name}.png"), full_page=full)
            print(f"docs/web-{name}.png")

        page.goto(url + "/?q=常州")
        shot("home")
        page.goto(url + "/nodes/xinbei/2027")
        shot("node")
        page.locator("#explain").scroll_into_view_if_needed()
        shot("explain")
        page.fill("input[name='fill.doc_number.serial']", "91")  # a fill: one entry of the history
        page.click("#save-fills")
        page.locator("#history").scroll_into_view_if_needed()
        shot("history")
        page.goto(url + "/nodes/xinbei/2024")
        page.fill("#edition-week-end", "2024-02-30")
        page.click("#form-edition button[type=submit]")
        page.locator("#edition-week-end").scroll_into_view_if_needed()
        shot("edition-problem")
        page.goto(url + "/nodes/xinbei/2024")
        page.click("summary")
        page.locator("details img").scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('details img').naturalWidth > 0")
        shot("preview")
        page.goto(url + "/lint")
        page.set_input_files("#file", str(next(SEEDS.glob("001_*.txt"))))
        page.click("button[type=submit]")
        page.click("#findings a >> nth=0")
        shot("lint")
        upload = Path(tmp) / "金坛区2020年活动周通知.txt"
        shutil.copy(next(SEEDS.glob("002_*.txt")), upload)
        page.goto(url + "/import")
        page.set_input_files("#file", str(upload))
        page.click("#extract")
        shot("import")
        page.fill("#save-import input[name=node]", "jintan")
        page.click("#save")
        shot("imported")
        browser.close()
        stack.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
