"""Clicking through notice serve in headless Chromium (Debian's, driven by Playwright):
what a clerk does, and what she sees."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from generator.assemble import build_notice
from generator.cli import main
from generator.compose import Mark, compose
from generator.profiles import ProfileTree
from generator.render.layout import mark_size_pt
from generator.writers.html import notice_html
from tests.conftest import SEEDS
from tests.web_helpers import CHROMIUM, chromium, copy_profiles, live_server, zh_page

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium (scripts/setup.sh)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    profiles = copy_profiles(tmp_path_factory.mktemp("browser"))
    with live_server(profiles) as url:
        yield url, profiles


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    with zh_page(browser, accept_downloads=True) as pg:
        yield pg


def docx_text(path: Path) -> str:
    d = docx.Document(io.BytesIO(path.read_bytes()))
    return "\n".join(p.text for p in d.paragraphs)


def test_fill_the_serial_save_and_download(server, page, tmp_path):
    url, profiles = server
    page.goto(url + "/")
    page.fill("#q", "新北")
    page.press("#q", "Enter")
    page.click("#hits >> text=新北区")
    assert page.locator("#page-title").inner_text().startswith("新北区")
    page.goto(url + "/")  # the year picker: 新北区, 2027
    page.select_option("select[name=node]", "xinbei")
    page.fill("input[name=year]", "2027")
    page.click("button:text-is(\"打开\")")
    assert "新北区 · 2027 年" in page.locator("#page-title").inner_text()
    assert page.locator("#notice span.placeholder").first.is_visible()
    page.fill("input[name='fill.doc_number.serial']", "91")
    page.click("#save-fills")
    assert "已保存到 xinbei/2027.yaml" in page.locator("#placeholders .msg").inner_text().replace(
        "national/jiangsu/changzhou/", "")
    assert "常新教〔2027〕91号" in page.locator("#notice").inner_text()
    assert "serial" not in page.locator("#placeholders").inner_text()  # no longer a placeholder
    with page.expect_download() as dl:
        page.click("#dl-docx")
    saved = tmp_path / "notice.docx"
    dl.value.save_as(saved)
    assert "常新教〔2027〕91号" in docx_text(saved)
    assert "doc_number: 常新教〔2027〕91号" in (profiles / "national/jiangsu/changzhou/xinbei/2027.yaml").read_text()


def test_lint_seed_001_and_jump_to_the_paragraph(server, page, tmp_path):
    url, _ = server
    seed = next(SEEDS.glob("001_*.txt"))
    upload = tmp_path / seed.name
    shutil.copy(seed, upload)
    page.goto(url + "/lint")
    page.set_input_files("#file", str(upload))
    page.click("button[type=submit]")
    finding = page.locator("#findings a", has_text="“社区培训学院”重复")
    assert finding.count() == 1
    anchor = finding.get_attribute("href")
    finding.click()
    assert page.evaluate("location.hash") == anchor
    target = page.locator(anchor)
    assert "社区培训学院、各镇（街道）社区教育中心、社区培训学院" in target.inner_text()
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"  # :target shown


def test_lint_against_the_node_from_its_page(server, page, tmp_path):
    """From a node page to its lint form with the node and year filled in; the report compares
    the upload with what that profile drafts."""
    url, _ = server
    page.goto(url + "/nodes/xinbei/2024")
    page.click("#lint-against")
    assert page.input_value("#node") == "xinbei" and page.input_value("#year") == "2024"
    upload = tmp_path / "旧稿.txt"
    upload.write_text("关于举办2024年全民终身学习活动周的通知\n各单位：\n活动周时间为11月1日—11月7日。\n",
                      encoding="utf-8")
    page.set_input_files("#file", str(upload))
    page.click("button[type=submit]")
    assert "已与节点 xinbei 2024 年的档案逐项比对" in page.inner_text("#checked-against")
    week = page.locator("#findings li", has_text="应为 2024-10-31 至 2024-11-06")
    assert week.count() == 1


def test_error_pages_are_chinese_in_the_browser(server, page):
    url, _ = server
    response = page.goto(url + "/nodes/xinbei/1999")
    assert response.status == 422
    assert "不在 2005—2099 之间" in page.inner_text("body")
    response = page.goto(url + "/nodes/nosuch/2024")
    assert response.status == 404 and "找不到节点" in page.inner_text("body")


def test_import_seed_002_as_a_new_node_and_draft_it(server, page, tmp_path):
    """金坛区 removed from the copy of the tree, its 2020 notice (seed 002) imported as a new
    node under 常州市: the node page drafts it, and the next year too."""
    url, profiles = server
    shutil.rmtree(profiles / "national/jiangsu/changzhou/jintan")
    upload = tmp_path / "金坛区2020年活动周通知.txt"
    shutil.copy(next(SEEDS.glob("002_*.txt")), upload)
    page.goto(url + "/import")
    page.set_input_files("#file", str(upload))
    page.click("#extract")
    assert "坛教字〔2020〕51号" in page.inner_text("body")
    assert page.locator("#unsure li").count() >= 1  # unsure facts are marked for review
    assert page.locator("tr.unsure mark").count() >= 1  # … and beside the facts to be written
    page.check("#save-import input[name=mode][value=node]")
    page.fill("#save-import input[name=node]", "jintan")
    page.select_option("#save-import select[name=parent]", "changzhou")
    page.click("#save")
    assert "金坛区 · 2020 年" in page.locator("#page-title").inner_text()
    assert "已写入" in page.locator("#banner").inner_text()
    assert "坛教字〔2020〕51号" in page.locator("#notice").inner_text()
    node = profiles / "national/jiangsu/changzhou/jintan"
    assert (node / "node.yaml").exists() and (node / "2020.yaml").exists()
    with page.expect_download() as dl:
        page.click("#dl-docx")
    saved = tmp_path / "jintan-2020.docx"
    dl.value.save_as(saved)
    assert "坛教字〔2020〕51号" in docx_text(saved)
    page.click("text=2021")  # next year drafts from the imported node's defaults
    assert "金坛区 · 2021 年" in page.locator("#page-title").inner_text()
    assert "坛教字〔2021〕" in page.locator("#notice").inner_text()


MARK_BOXES = """() => {
  const block = document.querySelector('.nk-notice').getBoundingClientRect();
  const pad = getComputedStyle(document.querySelector('.nk-notice'));
  const mark = document.querySelector('.nk-notice .mark');
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.height]; };
  return {left: block.left + parseFloat(pad.paddingLeft), right: block.right - parseFloat(pad.paddingRight),
          size: parseFloat(getComputedStyle(mark).fontSize),
          names: [...mark.querySelectorAll('.mark-names > span')].map(box),
          word: box(mark.querySelector('.mark-word'))};
}"""


def assert_mark_within_the_block(page, names: list[str]) -> None:
    """GB/T 9704 7.2.4: the red 发文机关标志 no wider than the 版心, each joint name on one line
    with 文件 beside the stack, at the size the .docx gives it."""
    m = page.evaluate(MARK_BOXES)
    assert abs(m["size"] - mark_size_pt(names) * 96 / 72) < 0.1, (m["size"], names)
    assert len(m["names"]) == len(names)
    for left, right, _ in m["names"] + [m["word"]]:
        assert m["left"] - 0.5 <= left and right <= m["right"] + 0.5, (m, names)
    assert all(height < 1.5 * m["size"] for _, _, height in m["names"]), m  # one line per name
    assert m["word"][0] > max(right for _, right, _ in m["names"])  # 文件 to the right of the names


def test_standalone_html_mark_fits_the_text_block(server, page, tmp_path):
    """``notice draft -o x.html`` (and the workbench's page) in Chromium: the mark of every
    profile × year, 新北 2024's 22-character 宣传统战部 included, measured against the 版心."""
    out = tmp_path / "xinbei-2024.html"
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(out)]) == 0
    page.goto(out.as_uri())
    names = [o.name for o in build_notice("xinbei", 2024).issuers]
    assert max(map(len, names)) >= 20
    assert_mark_within_the_block(page, names)
    tree = ProfileTree()
    for node_id, node in sorted(tree.nodes.items()):
        for year in sorted(node.editions):
            notice = build_notice(node_id, year)
            page.set_content(notice_html(notice))
            comp = compose(notice)
            if comp.letter:  # 信函格式 (10.1): the host organ's name alone, centred within the block
                box = page.evaluate("""() => {
                    const m = document.querySelector('.letter .mark').getBoundingClientRect(),
                          a = document.querySelector('.nk-notice').getBoundingClientRect();
                    return [m.left >= a.left - 0.5, m.right <= a.right + 0.5, m.height]; }""")
                assert box[0] and box[1], (node_id, year, box)
                continue
            assert_mark_within_the_block(page, list(comp.one(Mark).names))
    url, _ = server
    page.goto(url + "/nodes/xinbei/2024")
    assert_mark_within_the_block(page, names)
