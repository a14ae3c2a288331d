"""Fuzzing (issue 12): profile YAML and .docx/.txt inputs, generated and mutated by
hypothesis, must end in exit 0, 1 or 2 — never an exception (a traceback for the user) —
each within 10 s.

Bounded for CI (100 examples per input kind, ~20 s; derandomized so a run is repeatable); ``NOTICE_FUZZ=long`` explores
many more examples with fresh randomness:  NOTICE_FUZZ=long python3 -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.schema import EDITION_SCHEMA, NODE_SCHEMA
from tests.conftest import NATIONAL_NODE
from tests.test_profile_errors import DISTRICT

settings.register_profile("ci", max_examples=100, derandomize=True, deadline=timedelta(seconds=10),
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=1000, deadline=timedelta(seconds=10),
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("long" if os.environ.get("NOTICE_FUZZ") == "long" else "ci")


def cli(*argv: str) -> tuple[int, str]:
    """Run the CLI in this process; any exception escaping main() fails the test with it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    assert code in (0, 1, 2), (code, err.getvalue())
    if code == 2:
        assert "错误" in err.getvalue() or "问题" in out.getvalue(), (out.getvalue(), err.getvalue())
    return code, out.getvalue() + err.getvalue()


# ---------------------------------------------------------------- profile YAML

EDITION = ("year: 2024\nsource: 测试\ntitle: 关于举办测试区2024年全民终身学习活动周的通知\n"
           "week: {start: 2024-10-31, end: 2024-11-06}\n")
YAML_PIECES = [
    "year: 2024\n", "source: 测试\n", "week: {start: 2024-10-31, end: 2024-11-06}\n", "title: 关于举办的通知\n",
    "deadlines:\n", "  - kind: plan\n", "    date: 2024-11-01\n", "    what: 方案\n", "attachments:\n",
    "  - {title: 安排表, form: activity_schedule}\n", "four_ones: [一次讲话]\n", "&a ", "*a", "<<: *a\n",
    "!!python/object/apply:os.system [ls]\n", "!!binary aGk=\n", "2024-02-30", "9999-12-31", "? [a, b]\n: c\n",
    "'", '"', "\t", "---\n", "...\n", "%YAML 1.1\n", "- ", ": ", "[", "]", "{", "}", "#", "|\n", ">\n",
    "\\x", "\ufeff", "\u3000", "\x85", "null", "~", "true", "0x1F", "1e400", ".nan", "-.inf",
]
_keys = sorted(set(EDITION_SCHEMA) | set(NODE_SCHEMA))
_scalars = (st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=12)
            | st.dates() | st.sampled_from(["2024-10-31", "常新教〔2024〕76号", "【待填】", "{place}", "{year}"]))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.sampled_from(_keys) | st.text(max_size=6), inner, max_size=5),
                       max_leaves=25)


@st.composite
def profile_text(draw) -> tuple[str, str]:
    """(which file, its text): a valid file with schema keys set to arbitrary values, or
    YAML assembled from syntax pieces, or either with a slice of bytes cut out."""
    which = draw(st.sampled_from(["d/2024.yaml", "d/node.yaml"]))
    base = EDITION if which == "d/2024.yaml" else DISTRICT
    kind = draw(st.sampled_from(["structured", "pieces", "cut"]))
    if kind == "structured":
        data = yaml.safe_load(base)
        data.update(draw(st.dictionaries(st.sampled_from(_keys), _values, max_size=4)))
        return which, yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if kind == "pieces":
        pieces = st.sampled_from(YAML_PIECES) | st.text(alphabet=":-[]{}&*!|>'\"#%@`?, \n\t通知年abc019", max_size=8)
        return which, base + "".join(draw(st.lists(pieces, max_size=25)))
    i = draw(st.integers(0, len(base)))
    j = draw(st.integers(i, min(len(base), i + 40)))
    return which, base[:i] + draw(st.text(max_size=5)) + base[j:]


@PROFILE
@given(profile_text())
def test_fuzzed_profiles(case):
    which, text = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "profiles"
        files = {"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT, "d/2024.yaml": EDITION, which: text}
        for rel, body in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(body, encoding="utf-8", errors="surrogatepass")
        code, _ = cli("check-profile", str(root))
        assert code in (0, 2)
        code, _ = cli("explain", "testdistrict", "--year", "2024", "--profiles", str(root), "--format", "json")
        assert code in (0, 2)


# ---------------------------------------------------------------- .txt / .docx inputs

LINES = ["关于举办测试区2024年全民终身学习活动周的通知", "测试区教育局文件", "测教〔2024〕1号", "各学校：",
         "一、活动时间", "（一）组织领导", "1.报送材料", "（1）", "2024年10月31日至11月6日。", "10月31日（周四）",
         "附件：1.活动安排表", "附件1", "附件", "抄送：市教育局。", "测试区教育局办公室  2024年10月8日印发",
         "联系人：张三，电话：0519-12345678，邮箱：a@b.cn", "测试区教育局", "2024年10月8日", "【待填：序号】",
         "## 标题", "> 引用", "— 2 —", "", " ", "\u3000\u3000正文。"]
_line = st.sampled_from(LINES) | st.text(max_size=30)
_lines = st.lists(_line, max_size=40)


@PROFILE
@given(_lines, st.sampled_from(["utf-8", "gb18030", "utf-16", "bytes"]), st.binary(max_size=64))
def test_fuzzed_text_input(lines, encoding, junk):
    text = "\n".join(lines)
    data = junk if encoding == "bytes" else text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.txt"
        path.write_bytes(data)
        cli("lint", str(path))


@pytest.fixture(scope="module")
def drafted() -> bytes:
    """A real drafted notice, to be broken in every way below."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "liyang.docx"
        assert main(["draft", "liyang", "--year", "2024", "-o", str(out)]) == 0
        return out.read_bytes()


def _rezip(data: bytes, name: str, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, change(body) if info.filename == name else body)
    return out.getvalue()


@st.composite
def docx_bytes(draw, drafted: bytes) -> bytes:
    kind = draw(st.sampled_from(["built", "xml", "bytes"]))
    if kind == "built":  # a document made of notice-like lines, some in a table
        lines = draw(_lines)
        cells = draw(st.lists(_line, max_size=6))
        d = docx.Document()
        try:
            for line in lines:
                d.add_paragraph(line)
            if cells:
                for cell, text in zip(d.add_table(rows=1, cols=len(cells)).rows[0].cells, cells, strict=True):
                    cell.text = text
        except ValueError:  # python-docx refuses XML-illegal characters: not an input anyone has
            return drafted
        buf = io.BytesIO()
        d.save(buf)
        return buf.getvalue()
    if kind == "xml":  # document.xml with a slice cut, repeated or replaced
        part = draw(st.sampled_from(["word/document.xml", "word/styles.xml", "[Content_Types].xml",
                                     "word/_rels/document.xml.rels", "word/numbering.xml"]))
        i, n = draw(st.integers(0, 200_000)), draw(st.integers(0, 400))
        junk = draw(st.sampled_from([b"", b"<", b"</w:p>", b"<w:p>", b"&e;", b"<!DOCTYPE x>", b"\xff"]))

        def change(body: bytes) -> bytes:
            k = i % (len(body) + 1)
            return body[:k] + junk + (body[k:k + n] if draw_repeat else b"") + body[k + n:]

        draw_repeat = draw(st.booleans())
        return _rezip(drafted, part, change)
    data = bytearray(drafted)  # the zip itself: bytes flipped or cut
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data)


@PROFILE
@given(st.data())
def test_fuzzed_docx_input(drafted, data):
    blob = data.draw(docx_bytes(drafted))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.docx"
        path.write_bytes(blob)
        code, _ = cli("lint", str(path))
        if code in (0, 1) and data.draw(st.booleans()):
            cli("lint", str(path), "--annotate", str(Path(tmp) / "annotated.docx"))
