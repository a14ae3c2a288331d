"""The files clerks have: a drafted notice saved by LibreOffice as .doc (and the same bytes
named .wps), PDF and HTML, and the HTML wrapped as a .mht, each import to the same facts as the
.docx; lint reads them too and says how. A PDF without a text layer (a scan) is a Chinese
message, exit 2, for import and lint alike."""

from __future__ import annotations

import json
import shutil
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest
from test_import import _facts, cli

from generator import PROFILES_DIR


def _soffice(src: Path, fmt: str, out: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation={(out / 'lo').as_uri()}", "--headless", "--norestore",
                    "--convert-to", fmt, "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=180)
    return out / f"{src.stem}.{fmt.split(':')[0]}"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("files")
    docx = out / "notice.docx"
    from generator.cli import main

    assert main(["draft", "xinbei", "--year", "2024", "--profiles", str(PROFILES_DIR), "-o", str(docx)]) == 0
    made = {"docx": docx, "doc": _soffice(docx, "doc", out), "pdf": _soffice(docx, "pdf", out),
            "html": _soffice(docx, "html", out)}
    made["wps"] = out / "notice.wps"
    shutil.copyfile(made["doc"], made["wps"])
    msg = EmailMessage()
    msg["Subject"] = "saved page"
    msg.set_content(made["html"].read_text(encoding="utf-8"), subtype="html", charset="utf-8")
    made["mht"] = out / "notice.mht"
    made["mht"].write_bytes(msg.as_bytes())
    return made


def _dry(capsys, path: Path) -> dict:
    code, out, err = cli(capsys, "import", str(path), "--node", "newnode", "--parent", "changzhou",
                         "--profiles", str(PROFILES_DIR), "--dry-run", "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("kind, said", [("doc", "LibreOffice"), ("wps", "LibreOffice"), ("pdf", "pdfplumber"),
                                        ("html", "网页"), ("mht", "网页")])
def test_each_file_imports_to_the_facts_of_the_docx(kind: str, said: str, files: dict[str, Path], capsys) -> None:
    want = _dry(capsys, files["docx"])
    got = _dry(capsys, files[kind])
    assert want["doc_number"] == "常新教〔2024〕76号" and want["edition"]["committee"]["members"]
    assert _facts(got["edition"]) == _facts(want["edition"])
    assert got["citations"] == want["citations"] and got["recipients"] == want["recipients"]
    assert any(said in c for c in got["changes"]), got["changes"]


@pytest.mark.parametrize("kind", ["doc", "pdf", "html"])
def test_lint_reads_them_and_says_how(kind: str, files: dict[str, Path], capsys) -> None:
    code, out, err = cli(capsys, "lint", str(files[kind]))
    assert code in (0, 1), err
    assert "说明：" in err and "Traceback" not in err
    assert "NK-C-DOCNO" not in out  # the 文号 was read


def _blank_pdf(path: Path) -> Path:
    """A one-page PDF with a drawing and no text, as a scanner's image-only page reads."""
    stream = b"0 0 1 rg 100 100 300 500 re f"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>stream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(out)
    return path


def test_a_scan_without_text_is_refused(tmp_path: Path, capsys) -> None:
    scan = _blank_pdf(tmp_path / "scan.pdf")
    for argv in (["import", str(scan), "--node", "x", "--parent", "changzhou", "--profiles", str(PROFILES_DIR)],
                 ["lint", str(scan)]):
        code, out, err = cli(capsys, *argv)
        assert code == 2 and "没有文字层" in err and "扫描件" in err and "Traceback" not in err, err
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    code, _, err = cli(capsys, "lint", str(broken))
    assert code == 2 and err.startswith("错误：")
    bad_doc = tmp_path / "broken.doc"
    bad_doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, _, err = cli(capsys, "lint", str(bad_doc))
    assert code == 2 and "LibreOffice" in err and "另存为 .docx" in err, err
