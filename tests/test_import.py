"""``notice import``: each seed re-creates its node in a copy of the tree, the facts match the
hand-written profile, the imported node drafts lint-clean notices, and every kind of input
(web text, PDF text, a Word/WPS .docx) imports; bad input is refused with nothing written."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SEEDS
from import_compare import compare_edition
from ooxml_docs import numbered, para, run, textbox, write_docx

from generator import PROFILES_DIR
from generator.assemble import build_notice
from generator.cli import main
from generator.lint import lint_file
from generator.textclean import clean_lines

FIXTURES = Path(__file__).parent / "import_fixtures"
# seed → (node, parent, year)
CASES = {"000": ("xinbei", "changzhou", 2024), "001": ("xinbei", "changzhou", 2017),
         "002": ("jintan", "changzhou", 2020), "003": ("nanchang", "jiangxi", 2023),
         "004": ("zibo", "shandong", 2024)}


def seed(num: str) -> Path:
    return next(SEEDS.glob(f"{num}_*.txt"))


def tree_copy(tmp_path: Path, without: str | None = None) -> tuple[Path, Path | None]:
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    folder = None
    if without:
        folder = next(root.rglob(f"{without}/node.yaml")).parent
        shutil.rmtree(folder)
    return root, folder


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def unsure_paths(text: str) -> list[str]:
    return [line.split(":")[0].strip() for line in text.splitlines() if "# 待核实" in line]


@pytest.mark.parametrize("num", sorted(CASES))
def test_seed_re_creates_its_node_and_drafts(num: str, tmp_path: Path, capsys) -> None:
    node, parent, year = CASES[num]
    root, folder = tree_copy(tmp_path, without=node)
    hand_folder = next(PROFILES_DIR.rglob(f"{node}/node.yaml")).parent
    code, out, err = cli(capsys, "import", str(seed(num)), "--node", node, "--parent", parent,
                         "--year", str(year), "--profiles", str(root))
    assert code == 0, err
    assert f"已写入：{folder / 'node.yaml'}" in out
    hand_node = yaml.safe_load((hand_folder / "node.yaml").read_text(encoding="utf-8"))
    got_node = yaml.safe_load((folder / "node.yaml").read_text(encoding="utf-8"))
    for key in ("id", "name", "level", "parent"):
        assert got_node[key] == hand_node[key], key
    ed_text = (folder / f"{year}.yaml").read_text(encoding="utf-8")
    hand = yaml.safe_load((hand_folder / f"{year}.yaml").read_text(encoding="utf-8"))
    score = compare_edition(hand, yaml.safe_load(ed_text), hand_node.get("organs", {}),
                            got_node.get("organs", {}), got_node.get("recipients"))
    assert score.ratio >= 0.95, (score.missing, score.wrong)
    # a fact read differently from the hand-written file is one the import itself flagged 待核实
    flagged = "\n".join(line for line in ed_text.splitlines() if "# 待核实" in line)
    for wrong in score.wrong:
        got_value = wrong.split("imported ")[1].strip("'")
        assert got_value[:20] in flagged, wrong
    # the imported node drafts its own year and the next; both drafts lint with no error
    for y in (year, year + 1):
        out_docx = tmp_path / f"{node}-{y}.docx"
        code, _, err = cli(capsys, "draft", node, "--year", str(y), "--profiles", str(root), "-o", str(out_docx))
        assert code == 0, err
        result = lint_file(out_docx)
        assert [f for f in result.findings if f.severity == "error"] == [], (y, result.findings)


def test_citations_become_superior_editions(tmp_path: Path, capsys) -> None:
    root, folder = tree_copy(tmp_path, without="xinbei")
    (root / "national/jiangsu/changzhou/2024.yaml").unlink()
    code, out, err = cli(capsys, "import", str(seed("000")), "--node", "xinbei", "--parent", "changzhou",
                         "--profiles", str(root))
    assert code == 0, err
    city = yaml.safe_load((root / "national/jiangsu/changzhou/2024.yaml").read_text(encoding="utf-8"))
    assert city["doc_number"] == "常教终〔2024〕7号"
    assert city["title"] == "常州市教育局等五部门关于举办常州市2024年全民终身学习活动周的通知"
    notice = build_notice("xinbei", 2024, root)
    assert [c.doc_number for c in notice.citations] == ["教职成厅函〔2024〕7号", "苏教社教函〔2024〕1号",
                                                        "常教终〔2024〕7号"]


def pdf_text(text: str) -> str:
    """The seed as a PDF converter gives it: no Markdown, every printed line (28 characters) a
    line of its own, a page number "— N —" after every 22 lines, the header's organs apart."""
    out, page = [], 1
    for raw in text.splitlines():
        t = raw.strip().lstrip("#").strip()
        if not t:
            continue
        for part in t.split() if t.endswith("文件") else [t]:
            for i in range(0, len(part), 28):
                out.append(part[i:i + 28])
                if len(out) % 25 == 22:
                    out += ["", f"— {page} —", ""]
                    page += 1
    return "\n".join(out) + "\n"


def word_docx(text: str, path: Path) -> Path:
    """The seed as a clerk's Word/WPS file: the red header in a text box, headings numbered by
    the list in numbering.xml (the label is not in the text), the rest as plain paragraphs."""
    from generator.reader import match_label

    body = []
    lines = [t for _, t in clean_lines(text.splitlines())]
    for t in (x.strip().lstrip("#").strip() for x in lines):
        if not t:
            continue
        hit = match_label(t)
        if t.endswith("文件"):
            body.append(para(textbox(t.removesuffix("文件").split())))
        elif hit and hit[0] <= 2:
            rest = t[hit[1].end():]
            body.append(numbered(rest, style="1") if hit[0] == 1 else numbered(rest, ilvl=1))
        else:
            body.append(para(run(t)))
    return write_docx(path, "".join(body))


def _facts(data: dict) -> dict:
    """An edition without where its facts were read (line numbers differ between inputs)."""
    data = {k: v for k, v in data.items() if k not in ("sources", "theme_source", "source")}
    for key in ("activities", "contacts"):
        data[key] = [{k: v for k, v in item.items() if k != "source"} for item in data.get(key, [])]
    return data


def dry_run(capsys, path: Path, *extra: str) -> dict:
    code, out, err = cli(capsys, "import", str(path), "--node", "newnode", "--parent", "changzhou",
                         "--dry-run", "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_pdf_text_and_word_docx_import_as_the_text_does(tmp_path: Path, capsys) -> None:
    text = seed("000").read_text(encoding="utf-8")
    pdf = tmp_path / "pdf.txt"
    pdf.write_text(pdf_text(text), encoding="utf-8")
    assert "— 1 —" in pdf.read_text(encoding="utf-8")
    docx = word_docx(text, tmp_path / "word.docx")
    want = _facts(dry_run(capsys, seed("000"))["edition"])
    assert want["committee"]["members"] and want["activities"] and want["deadlines"]
    got_pdf = _facts(dry_run(capsys, pdf)["edition"])
    assert got_pdf == want
    got_docx = _facts(dry_run(capsys, docx)["edition"])
    assert got_docx == want


def test_web_page_text_leaves_the_site_out(capsys) -> None:
    data = dry_run(capsys, seed("004"))
    assert data["doc_number"] == "淄教职字〔2024〕34号"
    assert data["recipients"][0] == "各区县教育和体育局、宣传部、文化和旅游局、总工会"
    text = json.dumps(data, ensure_ascii=False)
    for residue in ("访问次数", "当前位置", "打印本页", "Produced By", "附件下载"):
        assert residue not in text


def test_dry_run_json_keys_and_nothing_written(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    before = snapshot(root)
    data = dry_run(capsys, seed("000"), "--profiles", str(root))
    for key in ("year", "issuers", "doc_number", "title", "recipients", "theme", "citations", "week",
                "four_ones", "deadlines", "attachments", "contacts", "signature_date", "node", "edition",
                "unsure"):
        assert key in data, key
    assert data["week"] == {"start": "2024-10-31", "end": "2024-11-06"}
    assert data["node"]["organs"]["edu"]["code"] == "常新教"
    assert data["unsure"][0]["field"] == "committee.members.1.title"
    assert snapshot(root) == before


def test_text_dry_run_prints_the_diff(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path, without="zibo")
    code, out, _ = cli(capsys, "import", str(seed("004")), "--node", "zibo", "--parent", "shandong",
                       "--profiles", str(root), "--dry-run")
    assert code == 0
    assert "+++ " in out and "+doc_number: 淄教职字〔2024〕34号" in out and "将写入：" in out
    assert not (root / "national/shandong/zibo").exists()


def test_a_superior_notice_as_node_changes_what_a_subordinate_cites(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    before = build_notice("xinbei", 2026, root)
    assert "【待填" in before.citations[1].doc_number and "【待填" in before.theme
    code, out, err = cli(capsys, "import", str(FIXTURES / "province-2026.txt"), "--as", "jiangsu",
                         "--profiles", str(root))
    assert code == 0, err
    after = build_notice("xinbei", 2026, root)
    assert after.citations[1].doc_number == "苏教社教函〔2026〕3号"
    assert after.citations[1].title == "关于举办2026年江苏省全民终身学习活动周的通知"
    assert after.theme == "终身学习，美好江苏"
    # the province's week bounds the district's: its policy week is moved inside it
    assert "2026-10-22" <= after.week.start and after.week.end <= "2026-10-28"


def _refused(capsys, root: Path, *argv: str) -> str:
    before = snapshot(root)
    code, out, err = cli(capsys, "import", *argv, "--profiles", str(root))
    assert code == 2 and out == ""
    assert err.startswith("错误：") and "Traceback" not in err
    assert snapshot(root) == before
    return err


def test_bad_input_is_refused_and_nothing_written(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    err = _refused(capsys, root, str(FIXTURES / "not-a-notice.txt"), "--node", "x", "--parent", "changzhou")
    assert "不像一份通知" in err
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    err = _refused(capsys, root, str(broken), "--node", "x", "--parent", "changzhou")
    assert "docx" in err or "损坏" in err, err
    err = _refused(capsys, root, str(seed("000")), "--node", "xinbei", "--parent", "changzhou")
    assert "已存在" in err and "--force" in err
    err = _refused(capsys, root, str(seed("000")), "--node", "newdistrict", "--parent", "nowhere")
    assert "上级节点“nowhere”不存在" in err
    err = _refused(capsys, root, str(seed("000")), "--as", "xinbei")
    assert "年度档案已存在" in err
    err = _refused(capsys, root, str(seed("000")), "--node", "Bad-Id", "--parent", "changzhou")
    assert "编号" in err


def test_force_over_an_edition_keeps_its_comments(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    target = root / "national/jiangsu/changzhou/jintan/2020.yaml"
    first_line = target.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# ")
    code, out, err = cli(capsys, "import", str(seed("002")), "--as", "jintan", "--force", "--profiles", str(root))
    assert code == 0, err
    assert f"已写入：{target}（覆盖）" in out
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == first_line
    assert "name: 张五芳  # 待核实：原文只注“（兼）”" in text
    assert yaml.safe_load(text)["doc_number"] == "坛教字〔2020〕51号"
