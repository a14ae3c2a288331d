"""Benchmark: ms per ``notice lint`` of a 4-page .docx (warm, in process).

    python3 scripts/bench_lint.py [--repeat N]

The 4-page document is the 新北区 2024 draft shortened (one activity, the committee
line only, level-2 texts cut to 40 characters, no attachment): ``notice preview``
(LibreOffice) lays it out on 4 pages, the last holding the 版记. The full draft with its
attachment form (10 pages) is timed beside it. The file is on disk so each call pays the
whole read: zip checks, the XML parts parsed (lxml), reader, every rule. ``--profile`` also drafts
the expected notice each call. Beside them, the bare python-docx build of the same 4-page
document (scripts/bench_render.py: same paragraphs and tables, saved to memory): the goal
is lint ≤ 1× that build. ``bench()`` is what scripts/bench_inprocess.py may call.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from bench_inprocess import per_call_ms  # noqa: E402  (median of warm calls)
from bench_render import bare_build, shape_of  # noqa: E402

from generator.assemble import build_notice  # noqa: E402
from generator.lint import lint_file  # noqa: E402
from generator.model import Notice  # noqa: E402
from generator.render import render_notice  # noqa: E402


def four_page_notice() -> Notice:
    n = build_notice("xinbei", 2024)
    n.attachments = []
    for s in n.sections:
        if s.heading == "活动内容":
            s.children = s.children[:1]
        if s.heading == "组织领导":
            s.paragraphs = s.paragraphs[:1]
    for s in n.all_sections():
        if s.level > 1:
            s.paragraphs = [p[:40] + "。" for p in s.paragraphs]
    return n


def bench(repeat: int = 20) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        short, full = Path(tmp) / "xinbei-4p.docx", Path(tmp) / "xinbei-2024.docx"
        short.write_bytes(render_notice(four_page_notice()))
        full.write_bytes(render_notice(build_notice("xinbei", 2024)))
        paragraphs, tables = shape_of(short.read_bytes())
        return {
            "bare python-docx build of the 4-page .docx": per_call_ms(lambda: bare_build(paragraphs, tables), repeat),
            "lint 4-page .docx": per_call_ms(lambda: lint_file(short), repeat),
            "lint 4-page .docx --profile xinbei --year 2024": per_call_ms(
                lambda: lint_file(short, "xinbei", 2024), repeat),
            "lint full 10-page draft .docx": per_call_ms(lambda: lint_file(full), repeat),
        }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    results = bench(ap.parse_args().repeat)
    for name, ms in results.items():
        print(f"{name}: {ms:.1f} ms")
    ratio = results["lint 4-page .docx"] / results["bare python-docx build of the 4-page .docx"]
    print(f"lint 4-page .docx ÷ bare build（目标 ≤ 1）: {ratio:.2f} ×")
