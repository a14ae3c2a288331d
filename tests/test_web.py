"""notice serve through HTTP: the API, the safety rules, saves (round trip, stale refused)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from generator.web import create_app
from generator.web.guard import MAX_UPLOAD
from tests.conftest import SEEDS
from tests.web_helpers import PageClient, copy_profiles

HTML = {"accept": "text/html"}
XINBEI = Path("national/jiangsu/changzhou/xinbei")


@pytest.fixture(scope="module")
def profiles(tmp_path_factory) -> Path:
    return copy_profiles(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(profiles: Path):
    with PageClient(create_app(profiles, workers=2), raise_server_exceptions=False) as c:
        yield c


def seed(n: str) -> Path:
    return next(SEEDS.glob(f"{n}_*.txt"))


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


# ---------------------------------------------------------------- API


def test_api_nodes_lists_the_tree(client):
    nodes = {n["id"]: n for n in client.get("/api/nodes").json()}
    assert nodes["xinbei"]["name"] == "新北区" and 2024 in nodes["xinbei"]["years"]
    assert nodes["xinbei"]["path"].endswith("常州市 / 新北区")


def test_api_notice_is_the_explain_json(client):
    ex = client.get("/api/notices/xinbei/2024").json()
    assert ex["doc_number"] == "常新教〔2024〕76号"
    assert ex["rules"][ex["provenance"]["title"]["rule"]]["title"]
    fields = [p["field"] for p in client.get("/api/notices/xinbei/2027").json()["placeholders"]]
    assert "doc_number.serial" in fields


def test_api_docx_opens_in_word_form(client):
    r = client.get("/api/notices/xinbei/2024.docx")
    assert r.status_code == 200 and r.headers["content-type"].endswith("wordprocessingml.document")
    assert "常新教〔2024〕76号" in docx_text(r.content)


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/nodes", "/api/notices/{node}/{year}", "/api/notices/{node}/{year}.docx", "/api/lint",
            "/api/import"} <= set(spec["paths"])
    ref = spec["paths"]["/api/lint"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    assert "file" in spec["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]


def test_api_lint_finds_the_duplicated_recipient(client):
    path = seed("001")
    r = client.post("/api/lint", files={"file": (path.name, path.read_bytes(), "text/plain")})
    assert r.status_code == 200
    body = r.json()
    assert body["file"] == path.name and "anchors" not in body and "lines" not in body
    assert any("社区培训学院" in f["message"] + f["excerpt"] for f in body["findings"])


# ---------------------------------------------------------------- safety


@pytest.mark.parametrize("url", ["/api/notices/xinbei/2004", "/api/notices/xinbei/2100",
                                 "/api/notices/xinbei/20x4", "/api/notices/xinbei/2004.docx"])
def test_year_outside_the_range_is_422_in_chinese(client, url):
    r = client.get(url)
    assert r.status_code == 422 and "2005—2099" in r.json()["detail"]


def test_year_outside_the_range_on_a_page_is_a_chinese_page(client):
    r = client.get("/nodes/xinbei/1999", headers=HTML)
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]
    assert "不在 2005—2099 之间" in r.text and "Traceback" not in r.text


@pytest.mark.parametrize("node", ["..", "XINBEI", "xinbei;rm", "a" * 65, "nope"])
def test_node_ids_are_validated(client, node):
    r = client.get(f"/api/notices/{node}/2024")
    assert r.status_code in (404, 422) and re.search(r"[\u4e00-\u9fff]", r.json()["detail"])


def test_path_like_node_is_never_opened(client):
    r = client.get("/nodes/%2E%2E%2Fnational/2024", headers=HTML)
    assert r.status_code in (404, 422) and ("找不到" in r.text or "无效" in r.text)


def test_upload_over_20_mb_is_413(client):
    big = b"x" * (MAX_UPLOAD + 1)
    r = client.post("/api/lint", files={"file": ("big.txt", big, "text/plain")})
    assert r.status_code == 413 and "20 MB" in r.json()["detail"]


def test_upload_without_length_is_capped_while_read(client):
    def chunks():
        yield b'--zz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        for _ in range(21):
            yield b"y" * (1024 * 1024)

    r = client.post("/api/lint", content=chunks(), headers={"content-type": "multipart/form-data; boundary=zz"})
    assert r.status_code == 413


@pytest.mark.parametrize("name,data,status", [
    ("bad.docx", b"PK\x03\x04 not really a zip", 422),
    ("photo.png", b"\x89PNG\r\n", 415),
    ("empty.txt", b"", 422),
    ("menu.txt", "今天的午饭是面条。\n".encode(), 422),
])
def test_corrupt_or_foreign_upload_is_4xx_in_chinese(client, name, data, status):
    r = client.post("/api/lint", files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == status and re.search(r"[\u4e00-\u9fff]", r.json()["detail"])
    assert "Traceback" not in r.text and "/tmp/" not in r.json()["detail"]


def test_missing_file_field_is_422_in_chinese(client):
    r = client.post("/api/lint", data={"x": "1"})
    assert r.status_code == 422 and "file" in r.json()["detail"] and "缺少" in r.json()["detail"]


def test_unknown_page_is_a_chinese_page(client):
    r = client.get("/no/such/page", headers=HTML)
    assert r.status_code == 404 and "找不到这个页面" in r.text and "<html" in r.text


def test_token_required_when_set(profiles):
    with TestClient(create_app(profiles, token="s3cret", workers=1)) as c:
        assert c.get("/api/nodes").status_code == 401
        assert "令牌" in c.get("/api/nodes").json()["detail"]
        assert c.get("/api/nodes", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/api/nodes", headers={"Authorization": "Bearer wrong"}).status_code == 401
        first = c.get("/?token=s3cret", headers=HTML)  # the printed link sets the session cookie
        assert first.status_code == 200 and "notice_session" in first.headers["set-cookie"]
        assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=Strict" in first.headers["set-cookie"]
        assert c.get("/api/nodes").status_code == 200  # the cookie now carries it


def test_serve_requires_a_token_off_loopback():
    from generator.commands.serve import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


# ---------------------------------------------------------------- pages and saves


def test_home_searches_by_name(client):
    r = client.get("/", params={"q": "新北"}, headers=HTML)
    hits = r.text.split('id="hits"')[1].split("</ul>")[0]
    assert "新北区" in hits and "金坛区" not in hits


def test_node_page_shows_explain_notice_and_placeholders(client):
    r = client.get("/nodes/xinbei/2027", headers=HTML)
    assert r.status_code == 200
    assert "NK-C-TITLE" in r.text and "关于举办新北区2027年全民终身学习活动周的通知" in r.text
    assert 'name="fill.doc_number.serial"' in r.text and 'class="placeholder"' in r.text


def test_downloads(client):
    forms = client.get("/nodes/xinbei/2024/forms.zip")
    assert forms.status_code == 200 and zipfile.ZipFile(io.BytesIO(forms.content)).namelist()
    html = client.get("/nodes/xinbei/2024/notice.html")
    assert "常新教〔2024〕76号" in html.text and html.text.lower().startswith("<!doctype html>")
    assert client.get("/nodes/national/2024/forms.zip").status_code == 404


def _form_fields(html: str, form_id: str) -> dict[str, str]:
    """The named inputs of one form in the page, as a browser would post them."""
    import html as h

    part = html.split(f'id="{form_id}"')[1].split("</form>")[0]
    out = {}
    for m in re.finditer(r"<(input|textarea)\b([^>]*)>", part):
        attrs = dict(re.findall(r'([\w.-]+)="([^"]*)"', m.group(2)))
        if "name" not in attrs or "disabled" in m.group(2):
            continue
        value = attrs.get("value", "")
        if m.group(1) == "textarea":
            value = part[m.end():part.index("</textarea>", m.end())]
        out[h.unescape(attrs["name"])] = h.unescape(value)
    return out


def test_edition_save_keeps_comments_and_is_atomic(client, profiles):
    path = profiles / XINBEI / "2024.yaml"
    before = path.read_text(encoding="utf-8")
    page = client.get("/nodes/xinbei/2024", headers=HTML).text
    fields = _form_fields(page, "form-edition")
    fields["field.theme"] = "测试主题：终身学习"
    r = client.post("/nodes/xinbei/2024/profile/edition", data=fields, headers=HTML)
    assert r.status_code == 200 and "已保存 2024.yaml" in r.text
    after = path.read_text(encoding="utf-8")
    changed = [ln for ln in after.splitlines() if ln not in before.splitlines()]
    assert changed == ["theme: 测试主题：终身学习"] or changed == ["theme: '测试主题：终身学习'"]
    assert before.splitlines()[0].startswith("#") == after.splitlines()[0].startswith("#")
    assert not list(path.parent.glob(".*.tmp"))


def test_invalid_value_shows_check_profile_message_beside_the_field(client, profiles):
    """Each fact is its own field (活动周·结束日期, no YAML): a date that does not exist is named
    so, check-profile's message stands beside the field it is about, in Chinese."""
    page = client.get("/nodes/xinbei/2024", headers=HTML).text
    fields = _form_fields(page, "form-edition")
    assert fields["field.week.end"] == "2024-11-06" and "field.week" not in fields
    before = (profiles / XINBEI / "2024.yaml").read_bytes()
    fields["field.week.end"] = "2024-02-30"
    r = client.post("/nodes/xinbei/2024/profile/edition", data=fields, headers=HTML)
    assert r.status_code == 422 and "未保存" in r.text
    around = r.text.split('id="edition-week-end"')[1].split("<label")[0]
    assert 'class="problem"' in around and "2024年2月没有30日" in around
    fields["field.week.end"] = "2024-10-01"
    r = client.post("/nodes/xinbei/2024/profile/edition", data=fields, headers=HTML)
    assert r.status_code == 422
    around = r.text.split('id="edition-week-start"')[1].split('id="edition-week-end"')[0] + \
        r.text.split('id="edition-week-end"')[1].split("<label")[0]
    assert "活动周·结束日期：结束日期 2024-10-01 早于开始日期 2024-10-31" in around and "week（" not in around
    assert (profiles / XINBEI / "2024.yaml").read_bytes() == before


def test_concurrent_edit_nothing_lost(client, profiles):
    """Two clerks open the same edition; the second save is refused with her input kept;
    saving again then writes her field on top of the first clerk's."""
    page_a = client.get("/nodes/xinbei/2017", headers=HTML).text
    page_b = client.get("/nodes/xinbei/2017", headers=HTML).text
    a, b = _form_fields(page_a, "form-edition"), _form_fields(page_b, "form-edition")
    a["field.theme"] = "甲填写的主题"
    assert client.post("/nodes/xinbei/2017/profile/edition", data=a, headers=HTML).status_code == 200
    b["field.title"] = "乙修改的标题"
    refused = client.post("/nodes/xinbei/2017/profile/edition", data=b, headers=HTML)
    assert refused.status_code == 409 and "已被他人修改" in refused.text
    assert "乙修改的标题" in refused.text  # her input stays in the form
    assert "他人保存的新值：甲填写的主题" in refused.text
    text = (profiles / XINBEI / "2017.yaml").read_text(encoding="utf-8")
    assert "甲填写的主题" in text and "乙修改的标题" not in text
    again = _form_fields(refused.text, "form-edition")  # she checks and saves again
    assert client.post("/nodes/xinbei/2017/profile/edition", data=again, headers=HTML).status_code == 200
    text = (profiles / XINBEI / "2017.yaml").read_text(encoding="utf-8")
    assert "甲填写的主题" in text and "乙修改的标题" in text


def test_placeholder_fill_writes_the_edition_and_the_draft(client, profiles):
    page = client.get("/nodes/xinbei/2028", headers=HTML).text
    fields = _form_fields(page, "placeholders")
    fields["fill.doc_number.serial"] = "第5"
    bad = client.post("/nodes/xinbei/2028/fill", data=fields, headers=HTML)
    assert bad.status_code == 422 and "不加“第”" in bad.text and 'value="第5"' in bad.text
    fields["fill.doc_number.serial"] = "58"
    fields["fill.committee.members.0.name"] = "李明"
    ok = client.post("/nodes/xinbei/2028/fill", data=fields, headers=HTML)
    assert ok.status_code == 200 and "已保存" in ok.text
    text = (profiles / XINBEI / "2028.yaml").read_text(encoding="utf-8")
    assert "doc_number: 常新教〔2028〕58号" in text and "李明" in text
    body = docx_text(client.get("/api/notices/xinbei/2028.docx").content)
    assert "常新教〔2028〕58号" in body and "李明" in body


def test_lint_page_links_findings_to_paragraphs(client):
    path = seed("001")
    r = client.post("/lint", files={"file": (path.name, path.read_bytes(), "text/plain")}, headers=HTML)
    assert r.status_code == 200 and "社区培训学院" in r.text
    anchors = set(re.findall(r'href="#(p-[^"]+)"', r.text))
    ids = set(re.findall(r'<p id="(p-[^"]+)"', r.text))
    assert anchors and anchors <= ids


def test_api_import_is_a_dry_run(client, profiles):
    path = seed("002")
    before = sorted(p.name for p in (profiles / "national/jiangsu/changzhou/jintan").iterdir())
    r = client.post("/api/import", files={"file": (path.name, path.read_bytes(), "text/plain")})
    assert r.status_code == 200
    body = r.json()
    assert body["target"] == {"as_node": "jintan"}  # 金坛区's own organs issued it
    assert body["doc_number"] == "坛教字〔2020〕51号" and body["edition"]["year"] == 2020
    assert body["unsure"] and all(not u["file"].startswith("/") for u in body["unsure"])
    assert sorted(p.name for p in (profiles / "national/jiangsu/changzhou/jintan").iterdir()) == before
    new = client.post("/api/import", files={"file": (path.name, path.read_bytes(), "text/plain")},
                      data={"node": "jintan2", "parent": "changzhou"})
    assert new.json()["files"][0]["path"] == "national/jiangsu/changzhou/jintan2/node.yaml"
    bad = client.post("/api/import", files={"file": (path.name, path.read_bytes(), "text/plain")},
                      data={"node": "../etc", "parent": "changzhou"})
    assert bad.status_code == 422 and "无效" in bad.json()["detail"]


def test_api_import_refuses_what_is_not_a_notice(client):
    r = client.post("/api/import", files={"file": ("menu.txt", "今天的午饭是面条。\n".encode(), "text/plain")})
    assert r.status_code == 422 and "不像一份通知" in r.json()["detail"] and "/tmp" not in r.json()["detail"]


def test_an_unforeseen_error_is_a_chinese_page_without_traceback(client, monkeypatch):
    from generator.web import pages

    def boom(*_):
        raise RuntimeError("internal detail that must not leak")

    monkeypatch.setattr(pages, "explain_rows", boom)
    r = client.get("/nodes/xinbei/2024", headers=HTML)
    assert r.status_code == 500 and "服务器内部错误" in r.text
    assert "Traceback" not in r.text and "internal detail" not in r.text and "RuntimeError" not in r.text


def test_a_broken_profile_tree_is_explained_in_chinese(tmp_path):
    profiles = copy_profiles(tmp_path)
    (profiles / XINBEI / "2024.yaml").write_text("year: 2024\nsource: [unclosed\n", encoding="utf-8")
    with TestClient(create_app(profiles, workers=1)) as c:
        r = c.get("/nodes/xinbei/2024", headers=HTML)
        assert r.status_code == 503 and "check-profile" in r.text and "2024.yaml" in r.text
        assert "Traceback" not in r.text


def test_simultaneous_saves_of_one_file_lose_nothing(client, profiles):
    """Eight clerks open the same edition and save different fields at the same moment:
    one save wins, every other is refused with her input kept, and once each saves again
    every field is in the file."""
    from concurrent.futures import ThreadPoolExecutor

    page = client.get("/nodes/xinbei/2024", headers=HTML).text
    base = _form_fields(page, "form-edition")
    edits = {f"field.{k}": f"并发测试{i}" for i, k in enumerate(["theme", "title", "purpose", "guiding"])}

    def save(item):
        key, value = item
        return key, client.post("/nodes/xinbei/2024/profile/edition", data={**base, key: value}, headers=HTML)

    with ThreadPoolExecutor(len(edits)) as pool:
        results = dict(pool.map(save, edits.items()))
    codes = sorted(r.status_code for r in results.values())
    assert codes.count(200) == 1 and codes.count(409) == len(edits) - 1
    for key, r in results.items():
        for _ in range(len(edits)):  # each refusal shows the file's newest version: saving again succeeds
            if r.status_code != 409:
                break
            assert edits[key] in r.text  # her input is still in the form
            r = client.post("/nodes/xinbei/2024/profile/edition", data=_form_fields(r.text, "form-edition"),
                            headers=HTML)
        assert r.status_code == 200
    text = (profiles / XINBEI / "2024.yaml").read_text(encoding="utf-8")
    assert all(v in text for v in edits.values())


def test_a_worker_that_dies_is_replaced(profiles):
    import os
    import signal

    with TestClient(create_app(profiles, workers=1)) as c:
        pool = c.app.state.bench.workers.pool
        for pid in list(pool._processes):
            os.kill(pid, signal.SIGKILL)
        first = c.get("/api/notices/xinbei/2024")
        assert first.status_code in (200, 503)
        if first.status_code == 503:
            assert "请重试" in first.json()["detail"]
        assert c.get("/api/notices/xinbei/2024").status_code == 200


def test_serve_refuses_a_taken_port_and_bad_options_in_chinese(capsys):
    import socket

    from generator.cli import main

    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert "已被其他程序占用" in capsys.readouterr().err
    assert main(["serve", "--port", "0"]) == 2 and "1—65535" in capsys.readouterr().err
    assert main(["serve", "--profiles", "/nonexistent/profiles"]) == 2 and "找不到档案文件夹" in capsys.readouterr().err


def _lint_page(client, name: str, data: bytes) -> str:
    r = client.post("/lint", files={"file": (name, data, "application/octet-stream")}, headers=HTML)
    assert r.status_code == 200
    return str(r.url)


def test_lint_fixed_copy_of_a_text(client):
    path = seed("001")
    assert "（三）、" in path.read_text(encoding="utf-8")
    page = _lint_page(client, path.name, path.read_bytes())
    fixed = client.get(page + "/fixed")
    assert fixed.status_code == 200 and "filename" in fixed.headers["content-disposition"]
    text = fixed.content.decode("utf-8")
    assert "（三）具体要求" in text and "（三）、" not in text


def test_lint_fixed_and_annotated_copies_of_a_docx(client):
    d = docx.Document(io.BytesIO(client.get("/api/notices/xinbei/2024.docx").content))
    heading = next(p for p in d.paragraphs if p.text.startswith("（一）"))
    heading.runs[0].text = heading.runs[0].text.replace("（一）", "（一）、", 1)
    buf = io.BytesIO()
    d.save(buf)
    page = _lint_page(client, "新北区.docx", buf.getvalue())
    html = client.get(page, headers=HTML).text
    assert 'id="dl-fixed"' in html and 'id="dl-annotated"' in html
    fixed = client.get(page + "/fixed")
    body = zipfile.ZipFile(io.BytesIO(fixed.content)).read("word/document.xml").decode()
    assert "<w:del " in body and "<w:ins " in body and 'w:author="notice-kit"' in body
    annotated = client.get(page + "/annotated.docx")
    assert "word/comments.xml" in zipfile.ZipFile(io.BytesIO(annotated.content)).namelist()


def test_lint_against_a_node_of_the_workbench_tree(client, profiles):
    """The lint page and API compare with a node of the tree the workbench serves (not the
    repository's): the node page links to the form with its node and year filled in."""
    node_page = client.get("/nodes/xinbei/2024", headers=HTML)
    assert 'href="/lint?node=xinbei&amp;year=2024"' in node_page.text
    form = client.get("/lint?node=xinbei&year=2024", headers=HTML)
    assert 'value="xinbei"' in form.text and 'value="2024"' in form.text
    text = client.get("/api/notices/xinbei/2024.docx").content
    body = docx_text(text).replace("10月31日（周四）—11月6日（周三）", "11月1日（周五）—11月7日（周四）")
    assert "11月1日（周五）" in body
    files = {"file": ("稿子.txt", body.encode(), "text/plain")}
    plain = client.post("/api/lint", files=files).json()
    assert not [f for f in plain["findings"] if f["rule"] == "NK-C-WEEK"]  # nothing to compare with
    against = client.post("/api/lint", files=files, data={"node": "xinbei", "year": "2024"}).json()
    week = [f["message"] for f in against["findings"] if f["rule"] == "NK-C-WEEK"]
    assert week and "应为 2024-10-31 至 2024-11-06" in week[0]
    page = client.post("/lint", files=files, data={"node": "xinbei", "year": "2024"}, headers=HTML)
    assert page.status_code == 200 and "已与节点" in page.text and "应为 2024-10-31 至 2024-11-06" in page.text
    half = client.post("/lint", files=files, data={"node": "xinbei"}, headers=HTML)
    assert half.status_code == 422 and "须同时给出节点编号和年份" in half.text
    unknown = client.post("/api/lint", files=files, data={"node": "nosuch", "year": "2024"})
    assert unknown.status_code == 404 and "找不到节点" in unknown.json()["detail"]


def test_import_of_a_notice_without_its_place(client):
    """A body copied from a site (no title, no issuer): the place is a placeholder unless the
    clerk gives it; given, it names the node and its drafts."""
    body = ("各区（市）教育局，市直有关学校：\n"
            "根据上级通知精神，我市决定举办2019年全民终身学习活动周。现将有关要求通知如下：\n"
            "一、时间和主题\n（一）时间：2019年10月19日至25日\n（二）主题：推动全民终身学习，建设学习型城市\n"
            "二、活动内容\n（一）推动社区广泛开展学习活动\n面向城乡社区居民开展讲座、培训等多种形式的学习活动。\n")
    files = {"file": ("notice.txt", body.encode(), "text/plain")}
    target = {"node": "shili", "parent": "shandong"}
    bare = client.post("/api/import", files=files, data=target).json()
    node_text = next(t["text"] for t in bare["texts"] if t["kind"] == "node")
    assert "name: 【待填：地名】" in node_text and "name: shili" not in node_text
    named = client.post("/api/import", files=files, data={**target, "name": "示例市"}).json()
    node_text = next(t["text"] for t in named["texts"] if t["kind"] == "node")
    assert "name: 示例市" in node_text
