"""The LibreOffice pool: many files per start, a hang or a crash survived, a batch's PDFs."""

from __future__ import annotations

import os
import signal
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from tree_helpers import county_tree

from generator import lopool
from generator.cli import main
from generator.lopool import PdfPool
from tests.render_fixtures import docx_bytes

#: stands in for soffice: converts like it (a “convert A -> B” line, then the PDF), except that
#: a file whose real name has “hang” never finishes and one with “crash” kills LibreOffice
FAKE = textwrap.dedent(f"""\
    #!{sys.executable}
    import os, sys, time
    args = sys.argv[1:]
    out = args[args.index("--outdir") + 1]
    for a in args:
        if not a.endswith(".docx"):
            continue
        real = os.path.realpath(a)
        pdf = os.path.join(out, os.path.basename(a)[:-5] + ".pdf")
        print(f"convert {{a}} -> {{pdf}} using filter : pdf", flush=True)
        if "hang" in real:
            time.sleep(600)
        if "crash" in real:
            os._exit(134)
        with open(pdf, "wb") as fh:
            fh.write(b"%PDF-1.4 " + real.encode() + b"\\n%%EOF\\n")
    """)


@pytest.fixture
def fake(tmp_path) -> str:
    path = tmp_path / "fake-soffice"
    path.write_text(FAKE, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def sources(folder: Path, *names: str) -> list[tuple[Path, Path]]:
    folder.mkdir(exist_ok=True)
    jobs = []
    for name in names:
        src = folder / f"{name}.docx"
        src.write_bytes(b"PK fake")
        jobs.append((src, folder / f"{name}.pdf"))
    return jobs


def test_a_file_past_the_limit_is_reported_and_the_others_go_on(tmp_path, fake):
    jobs = sources(tmp_path / "in", "a", "b-hang", "c", "d")
    with PdfPool(tmp_path / "pool", limit=1.0, command=fake) as pool:
        results = pool.convert(jobs)
    assert [r.ok for r in results] == [True, False, True, True]
    assert "b-hang.docx" in results[1].error and "超过每个文件的时限（1 秒）" in results[1].error
    for (src, pdf), r in zip(jobs, results, strict=True):
        assert r.source == src and r.pdf == pdf
        assert pdf.exists() == r.ok
    assert str(jobs[2][0]) in (tmp_path / "in" / "c.pdf").read_text(encoding="utf-8")  # each its own PDF
    assert pool.starts == 2  # the hung LibreOffice was killed, a new one did c and d


def test_a_file_that_kills_libreoffice_is_tried_again_then_reported(tmp_path, fake):
    jobs = sources(tmp_path / "in", "a", "b-crash", "c")
    with PdfPool(tmp_path / "pool", command=fake) as pool:
        results = pool.convert(jobs)
    assert [r.ok for r in results] == [True, False, True]
    assert "退出" in results[1].error and "b-crash.docx" in results[1].error
    assert pool.starts == lopool.MAX_TRIES + 1  # bounded: the culprit's tries, then the rest


def test_many_files_go_through_one_start_in_batches(tmp_path, fake):
    jobs = sources(tmp_path / "in", *(f"n{i}" for i in range(7)))
    seen = []
    with PdfPool(tmp_path / "pool", batch=3, command=fake) as pool:
        results = pool.convert(jobs, done=seen.append)
    assert all(r.ok for r in results) and pool.starts == 3
    assert sorted(r.source for r in seen) == sorted(src for src, _ in jobs)
    assert not list((tmp_path / "pool" / "out").iterdir())  # nothing left behind


def test_libreoffice_killed_mid_run_is_restarted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    jobs = []
    for ref, year in (("xinbei", 2024), ("jintan", 2020), ("nanchang", 2023), ("zibo", 2024)):
        src = folder / f"{ref}.docx"
        src.write_bytes(docx_bytes(ref, year))
        jobs.append((src, folder / f"{ref}.pdf"))
    with PdfPool(tmp_path / "pool") as pool:

        def kill_once(done) -> None:  # the first PDF is in: kill LibreOffice under the pool
            if pool.starts == 1 and pool.process is not None:
                os.killpg(pool.process.pid, signal.SIGKILL)

        results = pool.convert(jobs, done=kill_once)
        assert pool.starts >= 2
        assert all(r.ok for r in results), [r.error for r in results]
        for _, pdf in jobs:
            assert pdf.read_bytes()[:5] == b"%PDF-"
        # the profile made by the first start is kept for the next ones
        assert (tmp_path / "pool" / "profile").is_dir()


def test_preview_of_several_files(tmp_path, capsys):
    names = []
    for ref, year in (("xinbei", 2024), ("zibo", 2024)):
        (tmp_path / f"{ref}.docx").write_bytes(docx_bytes(ref, year))
        names.append(str(tmp_path / f"{ref}.docx"))
    (tmp_path / "bad.docx").write_text("不是 Word 文档", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["preview", *names, str(tmp_path / "bad.docx"), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["xinbei.pdf", "zibo.pdf"]
    assert "失败：" in captured.err and "bad.docx" in captured.err
    assert "共 3 个文件，生成 2 个预览，失败 1 个" in captured.out
    assert main(["preview", *names, "-o", str(out)]) == 2  # exists, no --force
    assert main(["preview", *names, "-o", str(out), "--png", "--dpi", "40"]) == 0
    assert (out / "zibo.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["preview", *names, "-o", str(tmp_path / "x.pdf")]) == 2  # several files, one PDF
    assert "输出文件夹" in capsys.readouterr().err


def test_batch_with_forms_pdf_html(tmp_path, capsys, monkeypatch):
    import generator.assemble as assemble

    real = assemble.build_notice

    def flaky(ref, year, *rest):
        if ref == "county01":
            from generator.errors import NoticeError

            raise NoticeError("测试用的失败")
        return real(ref, year, *rest)

    monkeypatch.setattr(assemble, "build_notice", flaky)
    root = county_tree(tmp_path / "profiles", 2)
    out = tmp_path / "out"
    code = main(["draft", "--under", "changzhou", "--year", "2024", "-o", str(out), "--profiles", str(root),
                 "--with", "forms,pdf,html", "--jobs", "2"])
    captured = capsys.readouterr()
    assert code == 1
    assert "失败：county01（测试01县）：测试用的失败" in captured.err
    ids = {"xinbei", "jintan", "liyang", "county00"}
    for i in ids:
        assert (out / f"{i}-2024.pdf").read_bytes()[:5] == b"%PDF-"
        assert "<html" in (out / f"{i}-2024.html").read_text(encoding="utf-8").lower()
        assert docx.Document(str(out / f"{i}-2024.docx")).paragraphs
    assert not (out / "county01-2024.docx").exists() and not (out / "county01-2024.pdf").exists()
    forms = sorted(p.relative_to(out).as_posix() for p in out.glob("*-附件表格/*"))
    assert forms and all(f.endswith((".docx", ".xlsx")) for f in forms)
    assert any(f.startswith("xinbei-2024-附件表格/附件") for f in forms)
    assert "PDF 4 个" in captured.out and "网页 4 个" in captured.out and "失败 1 份" in captured.out
    assert not list(out.glob(".notice-lo-*"))  # the workers' LibreOffice folders are gone
    # refused without --force: the PDFs, pages and form folders are outputs too
    code = main(["draft", "--under", "changzhou", "--year", "2024", "-o", str(out), "--profiles", str(root),
                 "--with", "pdf"])
    assert code == 2 and "--force" in capsys.readouterr().err
    assert main(["draft", "--under", "changzhou", "--year", "2024", "-o", str(out), "--profiles", str(root),
                 "--with", "pdf,word"]) == 2
    assert "不认识“word”" in capsys.readouterr().err


def test_no_libreoffice_is_said_before_anything_is_drafted(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(lopool.shutil, "which", lambda name: None)
    out = tmp_path / "out"
    code = main(["draft", "--under", "jiangxi", "--year", "2023", "-o", str(out), "--with", "pdf"])
    assert code == 2 and "找不到 LibreOffice" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())
    jobs = sources(tmp_path / "in", "a")
    with PdfPool(tmp_path / "pool") as pool:  # the pool itself: each file says why
        assert "找不到 LibreOffice" in pool.convert(jobs)[0].error
