"""Hostile input (issue 12): each case ends in a Chinese message and exit 2 (or 0/1 for a
document that can be read), never a traceback, within 10 s of CPU and 600 MB of memory.

Every case runs the real CLI in a child process: the kernel stops it past 10 s of CPU
(RLIMIT_CPU, robust to a loaded machine, unlike wall time) and its peak resident memory
comes from wait4's rusage, so the figures are the command's own.
"""

from __future__ import annotations

import io
import os
import random
import re
import resource
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from generator import ROOT
from tests.conftest import NATIONAL_NODE
from tests.test_profile_errors import DISTRICT

CPU_SECONDS = 10
MAX_RSS_MB = 600
EDITION = "year: 2024\nsource: 测试\ntitle: 关于举办测试区2024年全民终身学习活动周的通知\n" \
          "week: {start: 2024-10-31, end: 2024-11-06}\n"


def run_bounded(*argv: str) -> tuple[int, str, str, float]:
    """Run ``notice argv`` in a child with a CPU-time cap; exit code, stdout, stderr, peak MB."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
        # a safety net only: a regression must fail the test, not swap the machine
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "generator", *argv], cwd=ROOT, stdout=out, stderr=err,
                                preexec_fn=limits, env={**os.environ, "NOTICE_KIT_CACHE": "off"})
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read().decode(), err.read().decode(), usage.ru_maxrss / 1024


def assert_refused(argv: list[str], *words: str, code: int = 2) -> str:
    rc, out, err, mb = run_bounded(*argv)
    text = out + err
    assert rc == code, (rc, text[-2000:])
    assert "Traceback" not in text and "Error" not in text, text[-2000:]
    assert re.search(r"[\u4e00-\u9fff]", err or out), text
    for w in words:
        assert w in text, (w, text[-2000:])
    assert mb <= MAX_RSS_MB, f"{mb:.0f} MB"
    return text


@pytest.fixture
def tree(write_tree):
    """A national node and a district with a 2024 edition; ``tree(edition_text)``."""

    def make(edition: str = EDITION, node_extra: str = "") -> Path:
        return write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT + node_extra, "d/2024.yaml": edition})

    return make


def profile_cases(root: Path) -> list[list[str]]:
    return [["check-profile", str(root)], ["draft", "testdistrict", "--year", "2024", "--profiles", str(root),
                                           "-o", str(root.parent / "out.docx")]]


# ---------------------------------------------------------------- profiles


def test_alias_bomb_is_refused_quickly(tree):
    """1. Nested &a/*a lists: 1 KB that expands to 10^9 items."""
    bomb = ["bomb:", '  a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    bomb += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    root = tree(EDITION + "\n".join(bomb) + "\n")
    for argv in profile_cases(root):
        assert_refused(argv, "2024.yaml:", "引用")


def test_deep_nesting_is_refused(tree):
    """libyaml composes recursively in C: ~30,000 levels used to crash the interpreter."""
    root = tree(EDITION + "deep: " + "[" * 60000 + "]" * 60000 + "\n")
    assert_refused(["check-profile", str(root)], "嵌套")
    root = tree(EDITION + "deep:\n  " + "- " * 30000 + "x\n")
    assert_refused(["check-profile", str(root)], "嵌套")


def test_date_that_does_not_exist(tree):
    """2. 2024-02-30 was a ValueError traceback."""
    root = tree(EDITION.replace("2024-10-31", "2024-02-30"))
    for argv in profile_cases(root):
        assert_refused(argv, "2024.yaml:4:", "日期不存在")


def test_week_that_ends_before_it_starts(tree):
    """7. It passed check-profile and was drafted as 11月6日—10月31日."""
    root = tree(EDITION.replace("start: 2024-10-31, end: 2024-11-06", "start: 2024-11-06, end: 2024-10-31"))
    for argv in profile_cases(root):
        assert_refused(argv, "2024.yaml:4:", "结束日期 2024-10-31 早于开始日期 2024-11-06")


def test_python_tag_is_named_not_called_indentation(tree):
    """9. !!python/object was reported as an indentation error."""
    root = tree(EDITION + "extra: !!python/object/apply:os.system [echo hi]\n")
    text = assert_refused(["check-profile", str(root)], "2024.yaml:5:", "不支持的标签“!!python/object/apply:os.system”")
    assert "缩进" not in text


def test_long_title_drafts_quickly(tree, tmp_path):
    """3. A title over 255 characters: a core-properties traceback, and minutes of line balancing."""
    title = "关于举办" + "测试区全民终身学习活动周" * 800 + "的通知"  # ~9,600 characters
    root = tree(EDITION.replace("关于举办测试区2024年全民终身学习活动周的通知", title))
    out = tmp_path / "long.docx"
    rc, text, err, mb = run_bounded("draft", "testdistrict", "--year", "2024", "--profiles", str(root), "-o", str(out))
    assert rc == 0, err
    assert mb <= MAX_RSS_MB
    doc = docx.Document(str(out))
    assert len(doc.core_properties.title) == 255 and title.startswith(doc.core_properties.title)
    body = "".join(p.text for p in doc.paragraphs).replace("\n", "")
    assert title in body


# ---------------------------------------------------------------- .docx inputs


def _docx_bytes(*paragraphs: str) -> bytes:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


NOTICE_TEXT = ["关于举办测试区2024年全民终身学习活动周的通知", "各学校：", "一、活动时间", "2024年10月31日至11月6日。"]


def _rezip(src: bytes, replace: dict[str, bytes]) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(src)) as z:
        return {n: replace.get(n, z.read(n)) for n in z.namelist()}


def _write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_docx_without_section_properties(tmp_path):
    """4. A valid .docx without w:sectPr: IndexError in lint and --annotate."""
    d = docx.Document(io.BytesIO(_docx_bytes(*NOTICE_TEXT)))
    body = d.element.body
    for sect in body.findall(docx.oxml.ns.qn("w:sectPr")):
        body.remove(sect)
    src = tmp_path / "nosect.docx"
    d.save(str(src))
    assert_refused(["lint", str(src)], "w:sectPr", code=1)
    out = tmp_path / "annotated.docx"
    assert_refused(["lint", str(src), "--annotate", str(out)], "已写入带批注的文件", code=1)
    assert docx.Document(str(out)).comments


def _lying_bomb(path: Path, inflated: int, stated: int = 5000) -> Path:
    """A .docx whose word/document.xml states ``stated`` bytes (and the CRC of that many)
    but whose deflate stream goes on to ``inflated`` bytes."""
    base = _rezip(_docx_bytes(*NOTICE_TEXT), {})
    head = base["word/document.xml"][:200]
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # identical bytes for every 1 MB of spaces
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    stream = first + block * (inflated >> 20) + b"\x03\x00"  # an empty final block ends the stream
    crc = zlib.crc32((head + chunk)[:stated])
    entries, central, blob = [], b"", b""
    for name, data in base.items():
        if name == "word/document.xml":
            entries.append((name, stream, crc, stated))
        else:
            entries.append((name, zlib.compress(data, 9)[2:-4], zlib.crc32(data), len(data)))
    for name, packed, crc32, size in entries:
        n = name.encode()
        offset = len(blob)
        blob += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 33, crc32, len(packed), size, len(n), 0)
        blob += n + packed
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, crc32, len(packed), size,
                               len(n), 0, 0, 0, 0, 0, offset) + n
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(blob), 0)
    path.write_bytes(blob + central + eocd)
    return path


def test_zip_bomb_with_lying_headers(tmp_path):
    """5. Declares 5 KB, inflates to 1 GiB: the old guard trusted the declared size (2.1 GB held)."""
    bomb = _lying_bomb(tmp_path / "bomb.docx", 1 << 30)
    assert bomb.stat().st_size < 2 << 20
    assert_refused(["lint", str(bomb)], "压缩炸弹")
    assert_refused(["preview", str(bomb), "-o", str(tmp_path / "bomb.pdf")], "压缩炸弹")


def _many_paragraphs(path: Path, texts) -> Path:
    base = _docx_bytes(*NOTICE_TEXT)
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        xml = z.read("word/document.xml")
    paras = b"".join(b"<w:p><w:r><w:t>" + t.encode() + b"</w:t></w:r></w:p>" for t in texts)
    return _write_zip(path, _rezip(base, {"word/document.xml": xml.replace(b"<w:sectPr", paras + b"<w:sectPr", 1)}))


def test_huge_document_is_refused_with_its_size(tmp_path):
    """6. 200,000 paragraphs took 17–40 s; refused in under a second, saying why."""
    big = _many_paragraphs(tmp_path / "big.docx", (f"第{k}段。" for k in range(200_000)))
    assert_refused(["lint", str(big)], "word/document.xml", "8 MB")
    many = _many_paragraphs(tmp_path / "many.docx", (f"第{k}段。" for k in range(50_000)))
    assert_refused(["lint", str(many)], "段落", "上限 10000")


def test_long_document_reads_in_bounded_time(tmp_path):
    """6. Below the cap, lint's work grows linearly: 5,000 headings took 28 s (a style lookup
    that scans every style, per paragraph)."""
    doc = _many_paragraphs(tmp_path / "long.docx", (f"一、第{k}项工作" for k in range(5000)))
    assert_refused(["lint", str(doc)], "NK-", code=1)


def test_big_document_is_not_called_a_bomb(tmp_path):
    """9. A large document.xml (ordinary text, ordinary compression) was called a zip bomb."""
    words = [a + b for a in "学习活动周社区教育终身全民开展组织工作要求报送材料" for b in "中心学校单位部门时间地点"]
    text = "".join(random.Random(0).choices(words, k=2_000_000))  # 12 MB of XML, packs ~3:1
    doc = _many_paragraphs(tmp_path / "big.docx", (text[k:k + 2000] for k in range(0, len(text), 2000)))
    text = assert_refused(["lint", str(doc)], "word/document.xml", "MB")
    assert "炸弹" not in text


def test_xml_entity_is_refused_not_written_corrupt(tmp_path):
    """8. An entity declared in a DTD: --annotate wrote a .docx Word cannot open, and said it succeeded."""
    base = _docx_bytes(*NOTICE_TEXT[:3], "活动时间见ENT。")
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        xml = z.read("word/document.xml")
    xml = xml.replace(b"ENT", b"&e;").replace(b"?>", '?><!DOCTYPE w:document [<!ENTITY e "十月">]>'.encode(), 1)
    src = _write_zip(tmp_path / "entity.docx", _rezip(base, {"word/document.xml": xml}))
    out = tmp_path / "annotated.docx"
    assert_refused(["lint", str(src), "--annotate", str(out)], "DTD")
    assert not out.exists()


def test_report_survives_an_unwritable_annotated_copy(tmp_path):
    """8. When the annotated copy could not be written, the lint report was lost too."""
    src = tmp_path / "notice.docx"
    src.write_bytes(_docx_bytes(*NOTICE_TEXT))
    out = tmp_path / "missing-folder" / "annotated.docx"
    text = assert_refused(["lint", str(src), "--annotate", str(out)], "输出文件夹不存在")
    assert "NK-" in text and "个错误" in text
