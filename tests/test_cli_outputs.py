"""Where outputs cannot go: every command says why in Chinese, exits 2, and leaves no file behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture(scope="module")
def draft_docx(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("draft") / "新北 2024.docx"
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(out)]) == 0
    return out


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    """A plain file where the user's path needs a folder (stands in for any unwritable place)."""
    f = tmp_path / "note.txt"
    f.write_text("precious", encoding="utf-8")
    return f


@pytest.mark.parametrize("argv", [
    ["draft", "xinbei", "--year", "2024", "-o", "{file}/x.docx"],
    ["forms", "zibo", "--year", "2024", "-o", "{file}/forms"],
    ["lint", "{draft}", "--annotate", "{file}/x.docx"],
])
def test_unwritable_output_is_a_chinese_error(capsys, draft_docx, a_file, argv):
    argv = [a.format(file=a_file, draft=draft_docx) for a in argv]
    code, out = run(capsys, *argv)
    assert code == 2, out
    assert "Traceback" not in out
    assert "路径中有一段不是文件夹" in out and str(a_file) in out, out
    assert a_file.read_text(encoding="utf-8") == "precious"
    assert list(a_file.parent.iterdir()) == [a_file]  # no temporary file left behind


@pytest.mark.parametrize("value", ["0", "-5", "100000", "abc"])
def test_preview_dpi_out_of_range_is_refused(capsys, draft_docx, tmp_path, value):
    out = tmp_path / "p.png"
    code, text = run(capsys, "preview", str(draft_docx), "-o", str(out), "--dpi", value)
    assert code == 2 and "Traceback" not in text
    assert "分辨率" in text and not out.exists()


@pytest.mark.parametrize("argv", [
    ["draft", "xinbei", "--year", "2024", "-o", "{dir}"],
    ["lint", "{draft}", "--annotate", "{dir}"],
])
def test_output_that_is_a_folder_does_not_suggest_force(capsys, draft_docx, tmp_path, argv):
    argv = [a.format(dir=tmp_path, draft=draft_docx) for a in argv]
    for extra in ([], ["--force"]):
        code, out = run(capsys, *argv, *extra)
        assert code == 2 and "输出路径是一个文件夹" in out and "--force" not in out, out


@pytest.mark.parametrize("argv", [
    ["draft", "xinbei", "--year", "2024", "-o", "{dir}/通知.pdf"],
    ["lint", "{draft}", "--annotate", "{dir}/批注.txt"],
])
def test_docx_output_must_be_named_docx(capsys, draft_docx, tmp_path, argv):
    """A Word file saved as .pdf or .txt opens as garbage in the program its name promises."""
    argv = [a.format(dir=tmp_path, draft=draft_docx) for a in argv]
    code, out = run(capsys, *argv)
    assert code == 2 and "输出文件须以 .docx 结尾" in out, out
    assert list(tmp_path.iterdir()) == []
