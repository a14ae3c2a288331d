"""A clerk never sees YAML or field keys: the import review of a real notice, read in
headless Chromium, is Chinese labels, values, source lines and 待核实 marks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.schema import EDITION_SCHEMA, FORM_KINDS, NODE_SCHEMA
from tests.conftest import SEEDS
from tests.web_helpers import CHROMIUM, CHROMIUM_ARGS, copy_profiles, live_server

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium (scripts/setup.sh)")


def schema_words() -> set[str]:
    """Every key and enumerated value of the profile schemas: what a clerk must never read."""
    out: set[str] = set(FORM_KINDS)

    def walk(rule) -> None:
        if isinstance(rule, dict):
            for k, v in rule.items():
                if k == "allowed" and isinstance(v, list):
                    out.update(x for x in v if isinstance(x, str))
                elif isinstance(v, dict):
                    if k not in ("schema", "keysrules", "valuesrules"):
                        out.add(k)
                    walk(v)

    walk(NODE_SCHEMA)
    walk(EDITION_SCHEMA)
    return {w for w in out if len(w) >= 3}


def test_import_review_of_a_real_notice_has_no_key_and_no_yaml(tmp_path):
    from playwright.sync_api import sync_playwright

    profiles = copy_profiles(tmp_path)
    shutil.rmtree(profiles / "national/jiangsu/changzhou/jintan")
    upload = tmp_path / "金坛区2020年活动周通知.txt"
    shutil.copy(next(SEEDS.glob("002_*.txt")), upload)
    with live_server(profiles) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN")
        page.set_default_timeout(60_000)
        page.goto(url + "/import")
        page.set_input_files("#file", str(upload))
        page.click("#extract")
        text = page.inner_text("main")
        values = page.eval_on_selector_all("main input[readonly], main textarea[readonly]",
                                           "els => els.map(e => e.value)")
        browser.close()
    seen = "\n".join([text, *values])
    assert "坛教字〔2020〕51号" in seen and "文号" in text
    assert "待核实" in text and "来源" in text and "第" in text and "行" in text
    assert "保存时将写入的文件" in text and "node.yaml" in text  # the files it will change, by place
    plain = re.sub(r"https?://\S+|[\w.-]+@[\w.-]+|\S+\.(txt|yaml|docx)\b", " ", seen)
    words = set(re.findall(r"[A-Za-z_]+", plain))
    assert not words & schema_words(), words & schema_words()
    assert not re.search(r"(?m)^\s*(- )?[a-z_]+: ", seen)  # no YAML line
    assert "# 待核实" not in seen and "null" not in words


def test_four_ones_imprint_and_dates_are_filled_in_the_page(tmp_path):
    """溧阳 2026 has no edition: its 四个一 and the 版记's 印发机关 and date are fields of the
    page; a date that does not exist is named so, with the page's year in the example."""
    from generator.web import create_app
    from tests.web_helpers import PageClient

    profiles = copy_profiles(tmp_path)
    html = {"accept": "text/html"}
    path = profiles / "national/jiangsu/changzhou/liyang/2026.yaml"
    with PageClient(create_app(profiles, workers=1)) as c:
        page = c.get("/nodes/liyang/2026", headers=html).text
        for name in ("four_ones", "imprint.office", "imprint.date", "signature_date"):
            assert f'name="fill.{name}"' in page and f'name="fill.{name}" value="" disabled' not in page
        form = {"fill.signature_date": "2026-02-29"}
        r = c.post("/nodes/liyang/2026/fill", data=form, headers=html)
        assert r.status_code == 422 and "2026年2月没有29日" in r.text and not path.exists()
        r = c.post("/nodes/liyang/2026/fill", data={"fill.imprint.date": "十月"}, headers=html)
        assert r.status_code == 422 and "印发日期须写作 2026-10-20 或 2026年10月20日" in r.text
        form = {"fill.four_ones": "一次主题讲座、一次主题班会", "fill.imprint.office": "溧阳市教育局办公室",
                "fill.imprint.date": "2026年10月21日", "fill.signature_date": "10月20日"}
        r = c.post("/nodes/liyang/2026/fill", data=form, headers=html)
        assert r.status_code == 200, r.text[-2000:]
        notice = r.text.split('id="notice"')[1].split('id="placeholders"')[0]
        assert "一次主题讲座" in notice and "溧阳市教育局办公室" in notice
        text = path.read_text(encoding="utf-8")
        assert "2026-10-21" in text and "2026-10-20" in text


def test_defaults_form_is_facts_in_words(tmp_path):
    """The defaults of 新北区: the week's rule a choice in words, the issuing organs by their
    names, a title template with {地名}{年份}; saving writes the file's own ids and variables."""
    import html as h

    from generator.web import create_app
    from tests.test_web import _form_fields
    from tests.web_helpers import PageClient

    profiles = copy_profiles(tmp_path)
    node = profiles / "national/jiangsu/changzhou/xinbei/node.yaml"
    before = node.read_text(encoding="utf-8").splitlines()
    with PageClient(create_app(profiles, workers=1)) as c:
        page = c.get("/nodes/xinbei/2024", headers={"accept": "text/html"}).text
        form = page.split('id="form-defaults"')[1].split("</form>")[0]
        assert "每年固定的第几个星期几" in form and "nth_weekday</option>" not in form
        fields = _form_fields(page, "form-defaults")
        organs = fields["field.issuers"].split("、")
        assert len(organs) == 2 and all("（新北区" in o for o in organs)
        assert "{地名}{年份}" in h.unescape(fields["field.title"])
        fields["field.issuers"] = "、".join(reversed(organs))
        r = c.post("/nodes/xinbei/2024/profile/defaults", data=fields, headers={"accept": "text/html"})
        assert r.status_code == 200, r.text[-1500:]
        text = node.read_text(encoding="utf-8")
        assert [ln for ln in text.splitlines() if ln not in before] == ["  issuers: [edu, propaganda]"]
        assert "{place}{year}" in text
        fields = _form_fields(r.text, "form-defaults")
        fields["field.issuers"] = "不存在的局"
        r = c.post("/nodes/xinbei/2024/profile/defaults", data=fields, headers={"accept": "text/html"})
        assert r.status_code == 422 and "档案中没有这个发文机关：不存在的局" in r.text


def test_forms_zip_for_every_year_with_attachments(tmp_path):
    """Every node × year (editions, and years drafted from the defaults alone) whose notice has
    attachments offers the forms .zip, and the link is there exactly when the .zip is."""
    import io
    import zipfile

    from fastapi.testclient import TestClient

    from generator.profiles import ProfileTree
    from generator.web import create_app

    profiles = copy_profiles(tmp_path)
    tree = ProfileTree(profiles)
    checked = 0
    with TestClient(create_app(profiles, workers=2)) as c:
        for node_id, node in sorted(tree.nodes.items()):
            for year in sorted(set(node.editions) | {2025, 2027}):
                explained = c.get(f"/api/notices/{node_id}/{year}").json()
                r = c.get(f"/nodes/{node_id}/{year}/forms.zip")
                link = 'id="dl-forms"' in c.get(f"/nodes/{node_id}/{year}", headers={"accept": "text/html"}).text
                assert link == (r.status_code == 200), (node_id, year)
                if explained.get("attachments"):
                    assert r.status_code == 200 and zipfile.ZipFile(io.BytesIO(r.content)).namelist(), (node_id, year)
                    checked += 1
    assert checked >= 8


def test_an_edit_keeps_the_other_counties_drafts(tmp_path):
    """The drafts cache is keyed by the files a notice is drafted from: saving 新北区 redrafts
    新北区 only, 淄博市's .docx still comes from the cache."""
    import io

    import docx

    from generator.web import create_app
    from tests.test_web import _form_fields
    from tests.web_helpers import PageClient

    profiles = copy_profiles(tmp_path)
    app = create_app(profiles, workers=1)
    with PageClient(app) as c:
        assert c.get("/api/notices/zibo/2024.docx").status_code == 200
        fields = _form_fields(c.get("/nodes/xinbei/2024", headers={"accept": "text/html"}).text, "form-edition")
        fields["field.theme"] = "缓存测试的主题"
        saved = c.post("/nodes/xinbei/2024/profile/edition", data=fields, headers={"accept": "text/html"})
        assert saved.status_code == 200
        workers, calls = app.state.bench.workers, []
        run = workers.run

        async def spy(fn, *args):
            calls.append(args[:2])
            return await run(fn, *args)

        workers.run = spy
        assert c.get("/api/notices/zibo/2024.docx").status_code == 200
        body = c.get("/api/notices/xinbei/2024.docx").content
        assert "缓存测试的主题" in "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
        assert calls == [("xinbei", 2024)]
