"""Preview a .docx as PDF or PNG through LibreOffice headless.

The official font names (方正小标宋简体, 仿宋_GB2312, …) do not exist on Linux; the
fontconfig file templates/fonts/fonts.conf maps them to free stand-ins for the preview
only — the .docx itself keeps the official names.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import NoticeError
from .fileio import check_target, write_atomic
from .lopool import FONTS_CONF, preview_env  # noqa: F401  (preview_env: the fonts every render maps)
from .reader import check_docx

TIMEOUT_S = 180


def docx_to_pdf(docx: Path, workdir: Path, shown: Path | None = None) -> Path:
    """``workdir/<stem>.pdf`` of ``docx``, converted by this process's LibreOffice pool."""
    return docx_to_pdfs([docx], workdir, shown)[0]


def docx_to_pdfs(docxs: list[Path], workdir: Path, shown: Path | None = None) -> list[Path]:
    """Several files converted by the pool (one LibreOffice start for them all); the first
    failure is a NoticeError naming ``shown`` (the user's name for a temporary copy)."""
    jobs = [(Path(d), Path(workdir) / (Path(d).stem + ".pdf")) for d in docxs]
    for c in convert(jobs):
        if not c.ok:
            raise NoticeError(c.error.replace(str(docxs[0]), str(shown)) if shown else c.error)
    return [pdf for _, pdf in jobs]


def convert(jobs: list[tuple[Path, Path]], done=None) -> list:
    """(docx, pdf) pairs through the process's shared pool (generator/lopool.py)."""
    from .lopool import shared_pool

    pool, lock = shared_pool()
    with lock:
        return pool.convert(jobs, done)


def pdf_to_png(pdf: Path, out: Path, dpi: int = 100, page: int = 1) -> Path:
    if not shutil.which("pdftoppm"):
        raise NoticeError("找不到 pdftoppm。请安装 poppler-utils（scripts/setup.sh）。")
    stem = out.with_suffix("")
    try:
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(stem)], check=True, capture_output=True, timeout=TIMEOUT_S)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise NoticeError(f"pdftoppm 无法把 PDF 转为 PNG（分辨率 {dpi}）") from exc
    return stem.with_suffix(".png")


def _checked(docx: Path) -> Path:
    docx = Path(docx)
    if not docx.is_file():
        raise NoticeError(f"找不到文件：{docx}")
    # LibreOffice would convert any text file; lint's reader says what is wrong with a bad .docx
    if docx.suffix.lower() != ".docx":
        raise NoticeError(f"{docx} 不是 Word 文档（.docx）；只能预览 .docx 文件。")
    check_docx(docx)
    return docx


def preview(docx: Path, out: Path, force: bool = False, dpi: int = 100) -> None:
    """docx → out (.pdf: every page; .png: page 1), written atomically."""
    docx, out = _checked(docx), Path(out)
    kind = out.suffix.lower()
    if kind not in (".pdf", ".png"):
        raise NoticeError(f"输出文件须以 .pdf 或 .png 结尾：{out}")
    check_target(out, force)
    with tempfile.TemporaryDirectory(prefix="notice-preview-") as tmp:
        work = Path(tmp)
        pdf = docx_to_pdf(docx, work)
        result = pdf if kind == ".pdf" else pdf_to_png(pdf, work / "page.png", dpi)
        write_atomic(out, result.read_bytes(), force)


def preview_many(docxs: list[Path], out_dir: Path, kind: str = ".pdf", force: bool = False,
                 dpi: int = 100) -> list[tuple[Path, Path | None, str]]:
    """Each .docx → ``out_dir/<stem>.pdf|.png`` with one LibreOffice start for them all;
    (docx, output or None, error) per file, in order: a bad file does not stop the others."""
    from .collecting import many_documents
    from .fileio import make_folder

    docxs = [Path(d) for d in docxs]
    if len(docxs) > 1:
        many_documents()  # each checked file leaves cycles holding its XML: collect as usual
    by_stem: dict[str, Path] = {}
    for d in docxs:
        if d.stem in by_stem and by_stem[d.stem] != d:
            raise NoticeError(f"{by_stem[d.stem]} 与 {d} 同名，预览会互相覆盖；请分两次预览。")
        by_stem[d.stem] = d
    make_folder(out_dir)
    outs = {d: out_dir / f"{d.stem}{kind}" for d in docxs}
    for target in outs.values():
        check_target(target, force)
    errors: dict[Path, str] = {}
    for d in docxs:
        try:
            _checked(d)
        except NoticeError as exc:
            errors[d] = exc.message
    with tempfile.TemporaryDirectory(prefix="notice-preview-") as tmp:
        work = Path(tmp)
        good = [d for d in dict.fromkeys(docxs) if d not in errors]
        jobs = [(d, work / f"{n}.pdf") for n, d in enumerate(good)]
        for (d, pdf), c in zip(jobs, convert(jobs), strict=True):
            if not c.ok:
                errors[d] = c.error
                continue
            try:
                result = pdf if kind == ".pdf" else pdf_to_png(pdf, work / f"{pdf.stem}.png", dpi)
                write_atomic(outs[d], result.read_bytes(), force)
            except NoticeError as exc:
                errors[d] = exc.message
    return [(d, None if d in errors else outs[d], errors.get(d, "")) for d in docxs]
