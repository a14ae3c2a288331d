"""Next year's notice a reviewer can stamp: facts of another year are 【待核实】, computed dates
推算 until an edition fixes them, joint issuers agree from title to 署名, attachments carry over
from last year's edition, and every draft of the tree lints clean."""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import docx
import pytest
import yaml
from lint_helpers import draft_text

from generator import PROFILES_DIR
from generator.assemble import build_notice, load_tree
from generator.cli import main
from generator.lint import lint_file
from generator.model import PLACEHOLDER_RE  # noqa: F401
from generator.reader import read_notice
from generator.render import render_notice

TREE = load_tree()


def explain(capsys, *argv: str) -> dict:
    assert main(["explain", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def highlights(data: bytes) -> dict[str, list[str]]:
    """Every highlighted run of a .docx, by colour."""
    out: dict[str, list[str]] = {}
    doc = docx.Document(io.BytesIO(data))
    for p in doc.paragraphs:
        for r in p.runs:
            colour = r._r.xpath("string(./w:rPr/w:highlight/@w:val)")
            if colour:
                out.setdefault(colour, []).append(r.text)
    return out


# ---------------------------------------------------------------- facts carry their years


def test_xinbei_2017_imprint_names_the_2017_organ():
    text = draft_text("xinbei", 2017)
    imprint = [ln for ln in text.splitlines() if ln.endswith("印发")]
    assert imprint == ["新北区教育文体局  【待填：印发日期】印发"]
    assert "常州国家高新区（新北区）教育局" not in imprint[0]
    # 2024's edition keeps its own 印发机关, as the node gives it
    assert any(ln.startswith("常州国家高新区（新北区）教育局") and ln.endswith("印发")
               for ln in draft_text("xinbei", 2024).splitlines())


@pytest.mark.parametrize(("node", "known"), [("jintan", 2020), ("xinbei", 2024)])
def test_2027_contacts_are_to_be_verified_with_the_year_known(capsys, node, known):
    d = explain(capsys, node, "--year", "2027")
    contact = d["contacts"][0]
    # every value the profile gives is printed as 【待核实：…】; a missing name stays 【待填】
    assert contact["phone"].startswith("【待核实：") and contact["email"].startswith("【待核实：")
    listed = [p for p in d["placeholders"] if p["field"] == "contacts.0"]
    assert listed and listed[0]["kind"] == "待核实" and listed[0]["known_for"] == known
    assert f"{known}年" in listed[0]["reason"]
    for field in ("imprint.office", "office.location"):  # the 印发机关 and the committee's office too
        office = next(p for p in d["placeholders"] if p["field"] == field)
        assert office["kind"] == "待核实" and office["known_for"] == known


def test_jintan_and_xinbei_2027_answer_the_contact_question_alike(capsys):
    jintan, xinbei = (explain(capsys, n, "--year", "2027")["contacts"][0] for n in ("jintan", "xinbei"))
    assert jintan["name"] == "【待核实：凌东】"  # 2020's person, not printed as settled
    assert xinbei["name"] == "【待填：联系人姓名】"  # nobody named: to fill in
    for c in (jintan, xinbei):
        assert all(v.startswith(("【待核实：", "【待填")) for v in (c["name"], c["phone"], c["email"]))
    # their own years print the settled contact
    assert explain(capsys, "jintan", "--year", "2020")["contacts"][0]["name"] == "凌东"


def test_unverified_facts_have_their_own_colour_in_the_docx():
    marks = highlights(render_notice(build_notice("jintan", 2027)))
    assert "【待核实：凌东】" in marks["cyan"]
    # a token is its own run; a form's 注 line is highlighted whole (in the colour of what it holds)
    assert all(t.startswith("【待核实：") or t.startswith("注：") and "【待核实：" in t for t in marks["cyan"])
    assert all(re.fullmatch(r"【待填(：[^】]*)?】", t) or t.startswith("注：") for t in marks["yellow"])
    # and lint reports them as still to be done, like any placeholder
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "n.docx"
        f.write_bytes(render_notice(build_notice("jintan", 2027)))
        todo = [x.message for x in lint_file(f).findings if x.rule == "NK-F-PLACEHOLDER"]
    assert any("【待核实：凌东】" in m for m in todo)


def read_notice_from(notice):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "n.docx"
        f.write_bytes(render_notice(notice))
        return read_notice(f).notice


# ---------------------------------------------------------------- computed is not decided


def test_2027_dates_are_computed_and_say_what_would_confirm_them(capsys):
    d = explain(capsys, "xinbei", "--year", "2027")
    dates = [d["week"], *d["deadlines"], d["signature_status"]]
    assert [x["status"] for x in dates] == ["推算"] * 4
    # each with the rule that classes it 推算 (rules/dates.yaml), what computed it and what would confirm it
    assert [x["status_rule"] for x in dates] == ["NK-D-WEEK-COMPUTED", "NK-D-PLAN-COMPUTED", "NK-D-SUMMARY-COMPUTED",
                                                 "NK-D-SIGNATURE-COMPUTED"]
    assert [x["rule"] for x in (d["week"], *d["deadlines"])] == ["NK-C-WEEK", "NK-C-DEADLINE-PLAN",
                                                                 "NK-C-DEADLINE-SUMMARY"]
    assert all(x["confirm"] and x["status_basis"] for x in dates)
    assert "window" in d["week"]["confirm"]
    # the 成文日期 as 2024's was before its week: 9 working days
    assert d["signature_date"] == "2027-10-15" and "9 个工作日" in d["signature_status"]["status_basis"]
    assert any("推算" in n for n in d["notes"])
    marks = highlights(render_notice(build_notice("xinbei", 2027)))
    computed = {"10月28日（周四）", "11月3日（周三）", "10月27日（周三）", "11月4日（周四）", "2027年10月15日"}
    assert computed <= set(marks["green"])


def test_xinbei_2024_dates_are_fixed(capsys):
    d = explain(capsys, "xinbei", "--year", "2024")
    dates = [d["week"], *d["deadlines"], d["signature_status"]]
    assert [x["status"] for x in dates] == ["确定"] * 4
    assert "green" not in highlights(render_notice(build_notice("xinbei", 2024)))


def test_a_2027_national_window_fixes_the_county_week(capsys, tmp_path):
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    before = explain(capsys, "xinbei", "--year", "2027", "--profiles", str(root))
    assert before["week"]["status"] == "推算"
    (root / "national" / "2027.yaml").write_text(
        "year: 2027\nsource: 测试用的2027年国家通知（只有时间窗口）\nwindow: {start: 2027-04-01, end: 2027-12-10}\n",
        encoding="utf-8")
    after = explain(capsys, "xinbei", "--year", "2027", "--profiles", str(root))
    assert after["week"]["status"] == "确定" and "教育部2027年通知" in after["week"]["status_basis"]
    assert (after["week"]["start"], after["week"]["end"]) == (before["week"]["start"], before["week"]["end"])
    # the deadlines are still the county's own computation
    assert [x["status"] for x in after["deadlines"]] == ["推算", "推算"]


# ---------------------------------------------------------------- joint issuers agree


def _header_and_signature(nid: str, year: int) -> tuple[list[str], list[str]]:
    text = draft_text(nid, year)
    lines = text.splitlines()
    header = [x for x in re.split(r"\s{2,}", lines[0]) if x and x != "文件"]
    res = read_notice_from(build_notice(nid, year))
    return header, [o.name for o in res.issuers]


@pytest.mark.parametrize(("nid", "lead"), [("national", "教育部办公厅"), ("changzhou", "常州市教育局")])
def test_five_departments_in_the_title_are_five_in_header_and_signature(capsys, nid, lead):
    d = explain(capsys, nid, "--year", "2024")
    assert f"{lead}等五部门" in d["title"]
    header, signed = _header_and_signature(nid, 2024)
    assert len(signed) == 5 and signed[0] == lead
    if d["format"] == "信函":  # GB/T 9704-2012 10.1: a joint 函 carries the host organ's mark alone
        assert header[0] == lead and not any("发文机关" in h for h in header)
        assert [o["name"] for o in d["issuers"]][1:] == [f"【待填：发文机关{n}】" for n in "二三四五"]
    else:
        assert len(header) == 5 and header[0] == lead
        assert header[1:] == [f"【待填：发文机关{n}】" for n in "二三四五"]
    listed = [p["field"] for p in d["placeholders"] if p["field"].startswith("issuers.")]
    assert listed == ["issuers.2", "issuers.3", "issuers.4", "issuers.5"]


def test_zibo_2024_five_organs_unchanged():
    header, signed = _header_and_signature("zibo", 2024)
    names = ["淄博市教育局", "中共淄博市委宣传部", "淄博市文化和旅游局", "淄博市民政局", "淄博市总工会"]
    assert header == names and signed == names


def test_cited_organs_keep_their_place():
    n = build_notice("changzhou", 2017)  # cited as 市委宣传部、市文明办、市教育局、市文广新局
    assert [o.name for o in n.issuers] == ["【待填：联合发文机关（市委宣传部）】", "【待填：联合发文机关（市文明办）】",
                                          "常州市教育局", "【待填：联合发文机关（市文广新局）】"]


# ---------------------------------------------------------------- attachments carry over

NOTICE = """常州市青溪区教育局文件

青教〔2025〕18号

关于举办青溪区2025年全民终身学习活动周的通知

各中小学、幼儿园，各镇（街道）社区教育中心：

为推进学习型社会建设，根据上级有关文件要求，决定举办青溪区2025年全民终身学习活动周。现将有关事项通知如下：

一、活动主题

让学习成为一种生活方式

二、活动时间

全区活动周时间为11月3日（周一）—11月9日（周日）。

三、活动内容

（一）开展社区学习体验活动。各镇（街道）社区教育中心要组织居民走进学习点，开展读书分享、技能体验等活动。

（二）开展校园开放活动。各中小学要向家长和社区居民开放图书室、实验室等学习场所。

四、工作要求

（一）加强组织领导。各单位要高度重视，精心组织，确保活动取得实效。

（二）按时报送安排。各单位于10月29日前将活动周活动安排表（附件1）报送区教育局社区教育科。联系人：周明，联系电话：0519-86001234，电子邮箱：qxsqjy@163.com。

（三）及时报送总结。活动周结束后，各单位于11月14日前将活动总结和{second}（附件2）报送区教育局社区教育科。

（四）厉行勤俭节约。各单位要严格遵守中央八项规定精神，节俭办活动。

附件：1. 青溪区2025年全民终身学习活动周活动安排表
      2. 青溪区2025年全民终身学习活动周{second}

常州市青溪区教育局

2025年10月20日
"""


def _imported(tmp_path: Path, second: str) -> Path:
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    src = tmp_path / "qingxi-2025.txt"
    src.write_text(NOTICE.format(second=second), encoding="utf-8")
    assert main(["import", str(src), "--node", "qingxi", "--parent", "changzhou", "--profiles", str(root)]) == 0
    return root


@pytest.mark.parametrize("second", ["开展情况统计表", "志愿者服务时长登记表"])
def test_imported_county_drafts_next_year_with_both_attachments(tmp_path, capsys, second):
    root = _imported(tmp_path, second)
    capsys.readouterr()
    out = tmp_path / "q2026.docx"
    assert main(["draft", "qingxi", "--year", "2026", "--profiles", str(root), "-o", str(out)]) == 0
    titles = ["青溪区2026年全民终身学习活动周活动安排表", f"青溪区2026年全民终身学习活动周{second}"]
    res = read_notice(out)
    assert [t for t, _ in res.attachment_note] == titles  # 附件说明
    pages = [t for t, _ in res.attachment_pages]  # the attachment pages (the reader joins the line under)
    assert len(pages) == 2 and all(p.startswith(t) for p, t in zip(pages, titles, strict=True))
    n = build_notice("qingxi", 2026, root)
    assert [a.title for a in n.attachments] == titles
    # the deadlines ask for them by number, as last year's did
    assert [d.attachment for d in n.deadlines] == [1, 2]
    forms = tmp_path / "forms"
    capsys.readouterr()
    assert main(["forms", "qingxi", "--year", "2026", "--profiles", str(root), "-o", str(forms)]) == 0
    files = sorted(p.name for p in forms.iterdir())
    known = second == "开展情况统计表"  # recognised as a form kind; the other has no form to draw
    assert files[0] == f"附件1_{titles[0]}.docx"
    assert (f"附件2_{titles[1]}.docx" in files) == known
    if known:
        assert n.attachments[1].form == "annual_stats"
    else:
        assert "附件2正文" in n.attachments[1].note
    errors = [f for f in lint_file(out).findings if f.severity == "error" or
              (f.rule.startswith("NK-F") and f.rule != "NK-F-PLACEHOLDER")]
    assert errors == []


def test_a_generic_form_draws_the_source_table_headings(tmp_path):
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    ed = root / "national" / "jiangxi" / "nanchang" / "2023.yaml"
    data = ed.read_text(encoding="utf-8").replace(
        "    form: annual_stats\n", "    form: generic\n    columns: [序号, 活动名称, 参与人数, 备注]\n")
    ed.write_text(data, encoding="utf-8")
    n = build_notice("nanchang", 2024, root)  # carried over from 2023, its headings kept
    assert n.attachments[0].form == "generic" and n.attachments[0].columns == ["序号", "活动名称", "参与人数", "备注"]
    doc = docx.Document(io.BytesIO(render_notice(n)))
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["序号", "活动名称", "参与人数", "备注"]
    assert len(table.rows) == 9


def test_form_kinds_real_notices_attach_are_recognised():
    from generator.importer.edition import form_kind

    for title, kind in [("2025年全民终身学习活动周开展情况统计表", "annual_stats"),
                        ("“百姓学习之星”推荐表", "recommendation"), ("活动周开展情况汇总表", "summary_report"),
                        ("启动仪式参会回执", "receipt"), ("回执", "receipt"),
                        ("金坛区2020—2021年度全民终身学习活动“启动周”活动情况统计表", "launch_week_stats")]:
        assert form_kind(title)[0] == kind, title


# ---------------------------------------------------------------- drafts lint clean

CASES = sorted({(nid, y) for nid, node in TREE.nodes.items()
                for y in {*node.editions, 2027, *([max(node.editions) + 1] if node.editions else [])}})


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{y}" for n, y in CASES])
def test_every_draft_of_the_tree_lints_clean(tmp_path, case):
    """Every profile × year the tree offers, the year after each node's last edition and 2027:
    no error and no NK-F finding (the placeholders a draft lists are NK-F-PLACEHOLDER, to fill)."""
    nid, year = case
    notice = build_notice(nid, year)
    f = tmp_path / f"{nid}.docx"
    f.write_bytes(render_notice(notice))
    t = tmp_path / f"{nid}.txt"
    t.write_text(draft_text(nid, year), encoding="utf-8")
    for path in (f, t):
        for profile in (None, nid):
            result = lint_file(path, profile, year if profile else None)
            found = [f"{x.rule} {x.severity} {x.message}" for x in result.findings
                     if x.severity == "error" or (x.rule.startswith("NK-F") and x.rule != "NK-F-PLACEHOLDER")]
            assert found == [], (case, path.suffix, profile)


def test_profile_corrections_name_the_field_that_holds_them():
    """A slip corrected in a profile keeps the source's words, in the field it was made in."""
    seen = 0
    for f in sorted(PROFILES_DIR.rglob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for where in (data, data.get("defaults") or {}):
            for c in where.get("corrections") or []:
                value = where
                for k in c["field"].split("."):
                    value = value[int(k)] if k.isdigit() else value[k]
                assert c["now"] in value and c["was"] not in value, (f, c)
                seen += 1
    assert seen >= 10


# ---------------------------------------------------------------- the workbench's side


def test_workbench_zip_and_pages_agree_with_the_cli(tmp_path, capsys):
    """forms.zip of the imported county's next year holds the files `notice forms` writes; the
    notice page of a year with 【待核实】 facts and 推算 dates still opens."""
    import zipfile

    from fastapi.testclient import TestClient

    from generator.web import create_app

    root = _imported(tmp_path, "开展情况统计表")
    capsys.readouterr()
    forms = tmp_path / "forms"
    assert main(["forms", "qingxi", "--year", "2026", "--profiles", str(root), "-o", str(forms)]) == 0
    with TestClient(create_app(root, workers=1), raise_server_exceptions=False) as client:
        got = client.get("/nodes/qingxi/2026/forms.zip")
        assert got.status_code == 200
        names = sorted(zipfile.ZipFile(io.BytesIO(got.content)).namelist())
        assert names == sorted(p.name for p in forms.iterdir()) and len(names) == 2
        api = client.get("/api/notices/jintan/2027").json()
        assert api["week"]["status"] == "推算"
        assert any(p.get("kind") == "待核实" and p["known_for"] == 2020 for p in api["placeholders"])
        page = client.get("/nodes/jintan/2027")
        assert page.status_code == 200 and "【待核实：凌东】" in page.text


def test_an_edition_without_the_fact_settles_nothing(tmp_path):
    """A 2027 edition that gives only its 文号 leaves 2020's contact to be confirmed; one that
    names the contact settles it; ``since`` on the node's contact says it holds from then."""
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    folder = root / "national" / "jiangsu" / "changzhou" / "jintan"
    (folder / "2027.yaml").write_text("year: 2027\nsource: 测试\ndoc_number: 坛教字〔2027〕9号\n", encoding="utf-8")
    assert build_notice("jintan", 2027, root).contacts[0].name == "【待核实：凌东】"
    (folder / "2027.yaml").write_text("year: 2027\nsource: 测试\ncontacts:\n  - {name: 王二, phone: '82800000'}\n",
                                      encoding="utf-8")
    assert build_notice("jintan", 2027, root).contacts[0].name == "王二"
    (folder / "2027.yaml").unlink()
    node = folder / "node.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace(
        "      office: 区教育局职业教育与终身教育科\n      source: 坛教字〔2020〕51号 五（四）",
        "      office: 区教育局职业教育与终身教育科\n      since: 2020\n      source: 坛教字〔2020〕51号 五（四）"),
        encoding="utf-8")
    n = build_notice("jintan", 2027, root)
    assert n.contacts[0].name == "凌东"
    assert not any(p.kind == "待核实" and p.field == "contacts.0" for p in n.placeholders)


def test_a_renamed_organ_is_the_name_valid_that_year(tmp_path):
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    node = root / "national" / "jiangsu" / "changzhou" / "xinbei" / "node.yaml"
    edu = "    name: 常州国家高新区（新北区）教育局\n"
    text = node.read_text(encoding="utf-8").replace(edu, edu + "    since: 2019\n    renames: edu_sports\n")
    text = text.replace("    name: 新北区教育文体局   # 2017 年的发文机关（seeds/001 落款）\n",
                        "    name: 新北区教育文体局   # 2017 年的发文机关（seeds/001 落款）\n    until: 2018\n")
    node.write_text(text, encoding="utf-8")
    assert main(["check-profile", str(node)]) == 0
    names = [o.name for o in build_notice("xinbei", 2018, root).issuers]  # the defaults' edu, in 2018
    assert names == ["中共常州国家高新区工委（新北区委）宣传统战部", "新北区教育文体局"]
    assert [o.name for o in build_notice("xinbei", 2024, root).issuers][1] == "常州国家高新区（新北区）教育局"
