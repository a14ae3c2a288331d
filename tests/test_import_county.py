"""The county case: a county in another province imports its own notice (three joint issuers,
citing its province's ``××省教育厅等部门`` notice with its 文号, its city's, and a notice of its
own party office). Each citation goes to the superior that issued it, never by position; the
one no superior issued stays in the county's edition; nothing else in the tree changes, and
every file touched is listed before it is written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import docx
import yaml
from test_import import cli, snapshot, tree_copy

from generator.assemble import build_notice

FIXTURE = Path(__file__).parent / "import_fixtures" / "county-2026.txt"
ARGS = ("--node", "qinghu", "--parent", "nanchang")


def _draft(capsys, root: Path, node: str, out: Path) -> str:
    code, _, err = cli(capsys, "draft", node, "--year", "2026", "--profiles", str(root), "-o", str(out))
    assert code == 0, err
    return hashlib.sha256(out.read_bytes()).hexdigest()


def test_dry_run_lists_every_file_and_writes_none(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    before = snapshot(root)
    code, out, err = cli(capsys, "import", str(FIXTURE), *ARGS, "--profiles", str(root), "--dry-run",
                         "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    rel = {str(Path(f["path"]).relative_to(root)): f["change"] for f in data["files"]}
    assert rel == {"national/jiangxi/nanchang/qinghu/node.yaml": "created",
                   "national/jiangxi/nanchang/qinghu/2026.yaml": "created",
                   "national/jiangxi/2026.yaml": "created",
                   "national/jiangxi/nanchang/2026.yaml": "created"}
    code, text, _ = cli(capsys, "import", str(FIXTURE), *ARGS, "--profiles", str(root), "--dry-run")
    for path in rel:
        assert f"将写入：{root / path}（新建）" in text
    assert snapshot(root) == before


def test_each_citation_goes_to_its_issuer(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    national = (root / "national/2026.yaml")
    assert not national.exists()
    other = {n: _draft(capsys, root, n, tmp_path / f"{n}-before.docx") for n in ("xinbei", "zibo")}
    code, out, err = cli(capsys, "import", str(FIXTURE), *ARGS, "--profiles", str(root))
    assert code == 0, err
    # the province's notice (its 代字 赣教职成 holds 教职成) is not taken for the ministry's
    assert not national.exists()
    for n, digest in other.items():  # nodes in other provinces draft the same bytes as before
        assert _draft(capsys, root, n, tmp_path / f"{n}-after.docx") == digest, n
    province = (root / "national/jiangxi/2026.yaml").read_text(encoding="utf-8")
    assert "doc_number: 赣教职成字〔2026〕9号 # 待核实" in province
    assert "issuer: 江西省教育厅等部门  # 待核实" in province
    city = (root / "national/jiangxi/nanchang/2026.yaml").read_text(encoding="utf-8")
    assert "doc_number: 洪教职字〔2026〕21号 # 待核实" in city
    # the party office's notice belongs to no superior: kept in the county's edition, reported
    own = (root / "national/jiangxi/nanchang/qinghu/2026.yaml").read_text(encoding="utf-8")
    assert "title: 关于做好2026年全县宣传文化工作的通知" in own
    assert "中共青湖县委办公室《关于做好2026年全县宣传文化工作的通知》：发文机关不是本节点在档案树中的上级" in out
    notice = build_notice("qinghu", 2026, root)
    numbers = [c.doc_number for c in notice.citations]
    assert numbers[1:] == ["赣教职成字〔2026〕9号", "洪教职字〔2026〕21号"]
    assert "【待填" in numbers[0]  # the national notice of 2026 is not known: a placeholder
    opening = notice.opening if isinstance(notice.opening, str) else str(notice.opening)
    for cited in ("赣教职成字〔2026〕9号", "洪教职字〔2026〕21号"):
        assert opening.count(cited) == 1, opening


def test_organs_phone_and_week_as_written(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    code, _, err = cli(capsys, "import", str(FIXTURE), *ARGS, "--profiles", str(root))
    assert code == 0, err
    folder = root / "national/jiangxi/nanchang/qinghu"
    node = yaml.safe_load((folder / "node.yaml").read_text(encoding="utf-8"))
    assert node["level"] == "county"
    assert node["organs"] == {"edu": {"name": "青湖县教育体育局", "code": "青教体字"},
                              "propaganda": {"name": "中共青湖县委宣传部"},
                              "civilisation": {"name": "青湖县精神文明建设办公室"}}
    edition = (folder / "2026.yaml").read_text(encoding="utf-8")
    assert "phone: 0791-8561 2345" in edition and "office: 县教育体育局职成教股" in edition
    assert "name: 刘思远" in edition
    # the week gives its year on both dates: nothing to flag
    week_line = next(line for line in edition.splitlines() if line.startswith("week:"))
    assert "待核实" not in week_line
    out = tmp_path / "qinghu.docx"
    _draft(capsys, root, "qinghu", out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "0791-8561 2345" in text
    assert "青湖县教育体育局" in text
