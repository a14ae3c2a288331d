"""Preview a .docx as PDF or PNG through LibreOffice headless.

The official font names (方正小标宋简体, 仿宋_GB2312, …) do not exist on Linux; the
fontconfig file templates/fonts/fonts.conf maps them to free stand-ins for the preview
only — the .docx itself keeps the official names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import TEMPLATES_DIR
from .errors import NoticeError
from .fileio import check_target, write_atomic
from .reader import check_docx

FONTS_CONF = TEMPLATES_DIR / "fonts" / "fonts.conf"
#: keep the blank pages the .docx asks for (the one before a 版记 that must start on an even
#: page): LibreOffice's PDF export drops them by default, and then the PDF's pages are not
#: the printed ones (GB/T 9704 7.5: neither that blank page nor the 版记 carries a number)
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
TIMEOUT_S = 180


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise NoticeError("找不到 LibreOffice（soffice）。请先运行 scripts/setup.sh 安装。")


def preview_env() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def docx_to_pdf(docx: Path, workdir: Path, shown: Path | None = None) -> Path:
    """Convert with a private LibreOffice profile, so parallel runs do not lock each other."""
    return docx_to_pdfs([docx], workdir, shown)[0]


def docx_to_pdfs(docxs: list[Path], workdir: Path, shown: Path | None = None) -> list[Path]:
    """Convert several files with one LibreOffice start (the start is most of the time)."""
    profile = (workdir / "lo-profile").resolve().as_uri()
    cmd = [_soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
           "--convert-to", PDF_FILTER, "--outdir", str(workdir), *map(str, docxs)]
    first = shown or docxs[0]
    try:
        proc = subprocess.run(cmd, env=preview_env(), capture_output=True, timeout=TIMEOUT_S * len(docxs),
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise NoticeError(f"LibreOffice 转换超时（{TIMEOUT_S} 秒）：{first}") from exc
    pdfs = [workdir / (docx.stem + ".pdf") for docx in docxs]
    if proc.returncode != 0 or not all(pdf.exists() for pdf in pdfs):
        # name the user's file, not our temporary copy; drop LibreOffice's Java-launcher noise
        lines = proc.stderr.decode("utf-8", "replace").splitlines()
        detail = " ".join(ln for ln in lines if ln.strip() and "javaldx" not in ln)[-300:]
        detail = detail.replace(str(docxs[0]), str(first))
        raise NoticeError(f"LibreOffice 无法打开或转换 {first}：{detail or '未生成 PDF'}")
    return pdfs


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


def preview(docx: Path, out: Path, force: bool = False, dpi: int = 100) -> None:
    """docx → out (.pdf: every page; .png: page 1), written atomically."""
    docx, out = Path(docx), Path(out)
    if not docx.is_file():
        raise NoticeError(f"找不到文件：{docx}")
    # LibreOffice would convert any text file; lint's reader says what is wrong with a bad .docx
    if docx.suffix.lower() != ".docx":
        raise NoticeError(f"{docx} 不是 Word 文档（.docx）；只能预览 .docx 文件。")
    check_docx(docx)
    kind = out.suffix.lower()
    if kind not in (".pdf", ".png"):
        raise NoticeError(f"输出文件须以 .pdf 或 .png 结尾：{out}")
    check_target(out, force)
    with tempfile.TemporaryDirectory(prefix="notice-preview-") as tmp:
        work = Path(tmp)
        src = work / "preview.docx"
        shutil.copyfile(docx, src)
        pdf = docx_to_pdf(src, work, shown=docx)
        result = pdf if kind == ".pdf" else pdf_to_png(pdf, work / "page.png", dpi)
        write_atomic(out, result.read_bytes(), force)
