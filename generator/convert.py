"""The other files clerks have, turned into what the reader reads: a .doc or .wps (converted
to .docx by LibreOffice headless, bounded in time and memory), a PDF with a text layer
(pdfplumber), a saved web page (.html/.htm, .mht/.mhtml: its text, one line per block).
Each conversion is said in Chinese so import and lint can report it; a file that cannot be
converted (a scanned PDF without text, LibreOffice failing or running too long) is a Chinese
error, exit 2."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import NoticeError

WORD_OLD = (".doc", ".wps")
PDF = (".pdf",)
WEB = (".html", ".htm", ".mht", ".mhtml")
#: LibreOffice's start and one notice's conversion take ~3 s; a file that takes this long is refused
CONVERT_TIMEOUT_S = 90
CONVERT_MEMORY = 3 * 1024 ** 3  # address space for LibreOffice (it maps much more than it uses)
MAX_PDF_PAGES = 80  # a notice with its forms is ~10 pages


def _limit_memory() -> None:  # in the child, before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CONVERT_MEMORY, CONVERT_MEMORY))


def word_to_docx(path: Path, workdir: Path) -> Path:
    """``path`` (.doc/.wps) as a .docx in ``workdir``, by LibreOffice with a private profile."""
    import signal
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise NoticeError(f"无法读取 {path.name}：读 {path.suffix} 文件需要 LibreOffice（soffice），本机未安装。"
                          "请在 Word/WPS 中另存为 .docx 后再试，或运行 scripts/setup.sh 安装。", 2)
    src = workdir / f"input{path.suffix.lower()}"  # a plain name: LibreOffice names its output after it
    shutil.copyfile(path, src)
    cmd = [soffice, f"-env:UserInstallation={(workdir / 'lo-profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(workdir), str(src)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_limit_memory)
    try:
        _, err = proc.communicate(timeout=CONVERT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise NoticeError(f"无法读取 {path.name}：LibreOffice 转换超过 {CONVERT_TIMEOUT_S} 秒，已停止。"
                          "请在 Word/WPS 中另存为 .docx 后再试。", 2) from None
    out = workdir / "input.docx"
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise NoticeError(f"无法读取 {path.name}：LibreOffice 无法打开或转换它（文件可能已损坏、加密或不是 "
                          f"{path.suffix} 文档）。请在 Word/WPS 中打开后另存为 .docx 再试。", 2)
    return out


def pdf_lines(path: Path) -> tuple[list[str], list[bool]]:
    """The text of a PDF's pages, line by line, and for each line whether it runs to the right
    margin (a paragraph goes on past such a line; a shorter one ends it). A PDF without a text
    layer (a scan) is refused."""
    import pdfplumber

    lines: list[str] = []
    full: list[bool] = []
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise NoticeError(f"无法读取 {path.name}：PDF 有 {len(pdf.pages)} 页，不像一份通知"
                                  f"（超过 {MAX_PDF_PAGES} 页）。", 2)
            for page in pdf.pages:
                rows = page.extract_text_lines()
                # the right margin: where most long lines end (a hanging mark may pass it)
                ends = [round(r["x1"]) for r in rows]
                far = [e for e in ends if e >= 0.8 * max(ends, default=0)]
                margin = max(set(far), key=lambda e: (sum(abs(x - e) <= 3 for x in far), e)) if far else 0
                for r in rows:
                    size = max((c.get("size") or 0 for c in r.get("chars", [])[:3]), default=0) or 12
                    lines.append(r["text"])
                    # a line may stop up to two characters short (an opening bracket is not left at its end)
                    full.append(r["x1"] >= margin - 3 * size)
                lines.append("")
                full.append(False)
    except NoticeError:
        raise
    except Exception:  # pdfminer raises many kinds on a broken file (PDFSyntaxError among them)
        raise NoticeError(f"无法读取 {path.name}：不是有效的 PDF 文件，或已损坏、加密。", 2) from None
    if not re.search(r"[\u4e00-\u9fff]", "".join(lines)):
        raise NoticeError(f"无法读取 {path.name}：这个 PDF 没有文字层（可能是扫描件或图片），读不出文字。"
                          "请找原始的 Word/WPS 文件，或先用 OCR 软件识别成文字后再试。", 2)
    return lines, full


BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "ul", "ol", "dd", "dt", "title", "blockquote", "center", "pre"}
SKIP = {"script", "style", "noscript", "template", "svg", "head", "select", "button", "iframe"}


def html_lines(markup: str) -> list[str]:
    """A web page's text, a line per block element; table cells apart by two spaces; scripts,
    styles and forms' controls left out."""
    import html
    from html.parser import HTMLParser  # only for a web page: the reader is imported by every lint

    parts: list[str] = []
    skip = 0

    class Text(HTMLParser):
        def handle_starttag(self, tag: str, attrs) -> None:
            nonlocal skip
            if tag in SKIP and tag != "head":
                skip += 1
            elif tag in BLOCKS:
                parts.append("\n")
            elif tag in ("td", "th"):
                parts.append("  ")

        def handle_endtag(self, tag: str) -> None:
            nonlocal skip
            if tag in SKIP and tag != "head":
                skip = max(skip - 1, 0)
            elif tag in BLOCKS:
                parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not skip:
                parts.append(re.sub(r"[ \t\r\n]+", " ", data))

    parser = Text(convert_charrefs=True)
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parts)).replace("\u00a0", " ")
    return [ln.strip() for ln in text.split("\n")]


def _charset(data: bytes) -> str:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    name = m.group(1).decode("ascii").lower() if m else ""
    return "gb18030" if name in ("gb2312", "gbk", "gb18030") else (name or "utf-8")


def _decode(data: bytes, charset: str) -> str:
    for enc in (charset, "utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def web_lines(path: Path) -> list[str]:
    """A saved page's text: .html/.htm as it is, .mht/.mhtml its HTML part."""
    data = path.read_bytes()
    if path.suffix.lower() in (".mht", ".mhtml"):
        import email
        from email import policy

        msg = email.message_from_bytes(data, policy=policy.default)
        part = next((p for p in msg.walk() if p.get_content_type() == "text/html"), None)
        if part is None:
            raise NoticeError(f"无法读取 {path.name}：这个 .mht 文件里没有网页正文（text/html）。", 2)
        body = part.get_payload(decode=True) or b""
        return html_lines(_decode(body, part.get_content_charset() or _charset(body)))
    return html_lines(_decode(data, _charset(data)))


def converted_docx(path: Path) -> tuple[tempfile.TemporaryDirectory, Path]:
    """A temporary folder holding ``path`` converted to .docx (the caller cleans it up)."""
    tmp = tempfile.TemporaryDirectory(prefix="notice-convert-")
    try:
        return tmp, word_to_docx(path, Path(tmp.name))
    except BaseException:
        tmp.cleanup()
        raise
