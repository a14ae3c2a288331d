"""Benchmark: ms per ``notice draft`` render (warm, in process) beside a bare python-docx build.

    python3 scripts/bench_render.py [--repeat N]

The bare build writes a document of the same size with python-docx alone (the same
paragraph texts, the same tables filled cell by cell, saved to memory): the floor any
renderer on python-docx pays. Goal: the renderer within 2× of it. ``bench()`` is what
scripts/bench_inprocess.py calls.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from bench_inprocess import per_call_ms  # noqa: E402  (median of warm calls)
from docx import Document  # noqa: E402

from generator.assemble import build_notice  # noqa: E402
from generator.render import render_notice  # noqa: E402

CASES = (("xinbei", 2024), ("jintan", 2020))


def shape_of(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """Paragraph texts and table cell texts of a rendered notice."""
    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def bare_build(paragraphs: list[str], tables: list[list[list[str]]]) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    for rows in tables:
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def bench(repeat: int = 20) -> dict[str, float]:
    out: dict[str, float] = {}
    for ref, year in CASES:
        notice = build_notice(ref, year)
        paragraphs, tables = shape_of(render_notice(notice))
        draft = per_call_ms(lambda n=notice: render_notice(n), repeat)
        bare = per_call_ms(lambda p=paragraphs, t=tables: bare_build(p, t), repeat)
        out[f"draft render {ref} {year}"] = draft
        out[f"bare python-docx build, same size, {ref} {year}"] = bare
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    results = bench(args.repeat)
    for name, value in results.items():
        print(f"{name:<52} {value:8.2f} ms")
    for ref, year in CASES:
        ratio = results[f"draft render {ref} {year}"] / results[f"bare python-docx build, same size, {ref} {year}"]
        print(f"{'draft ÷ bare ' + ref + ' ' + str(year) + '（目标 ≤ 2）':<52} {ratio:8.2f} ×")


if __name__ == "__main__":
    main()
