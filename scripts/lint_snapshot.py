"""Every finding lint gives on the drafts and the seeds, to compare two versions of lint.

    python3 scripts/lint_snapshot.py DOCS OUT.json     # lint with this checkout's code
    python3 scripts/lint_snapshot.py --diff A.json B.json

DOCS is a folder of inputs, filled on first use (and reused, so two versions of the code
read the same bytes): every profile × year draft as .docx, the 新北区 2024 draft with one
layout property changed (margins, grid, title size, a heading's font, the red, the page
numbers), and the 新北区 2024 draft laid out as Word users do (tests/test_reader_word.py:
automatic numbering, a text box, a content control, a table, a field, a tracked change).
Each .docx is linted without a profile, each draft also with its own; the seeds
(/work/shared/corpus/seeds, text, when present) without. OUT holds the findings as ``lint --format json`` gives
them; ``--diff`` prints what differs and exits 1 when anything does.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]
SEEDS = Path("/work/shared/corpus/seeds")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _mutations() -> dict:
    from docx.shared import Mm, Pt

    def margins(d) -> None:
        d.sections[0].top_margin, d.sections[0].left_margin = Mm(25), Mm(20)

    def grid(d) -> None:
        d.sections[0]._sectPr.find(W + "docGrid").set(W + "linePitch", "500")

    def title(d) -> None:
        st = next(s for s in d.styles if s.name and s.name.endswith("-标题"))
        st.font.size = Pt(18)
        for el in st.element.iter():
            if el.get(W + "eastAsia"):
                el.set(W + "eastAsia", "宋体")

    def heading(d) -> None:
        for p in d.paragraphs:
            if p.text.startswith(("一、", "二、")):
                for r in p.runs:
                    r._r.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", "仿宋_GB2312")

    def black(d) -> None:
        for root in (d.element.body, d.styles.element):
            for el in root.iter():
                for k, v in list(el.attrib.items()):
                    if v.upper() in ("FF0000", "E60012", "C00000", "ED1C24"):
                        el.set(k, "000000")

    def footers(d) -> None:
        for s in d.sections:
            for t in s.footer._element.iter(W + "t"):
                t.text = (t.text or "").replace("—", "-")
            for p in s.even_page_footer.paragraphs:
                p._p.getparent().remove(p._p)

    return {f.__name__: f for f in (margins, grid, title, heading, black, footers)}


def make_docs(docs: Path) -> None:
    import docx

    from generator.assemble import build_notice
    from generator.render import render_notice
    from generator.tree_cache import load_tree

    docs.mkdir(parents=True, exist_ok=True)
    pairs = []
    for node in load_tree().nodes.values():
        for year in sorted(node.editions):
            (docs / f"{node.id}-{year}.docx").write_bytes(render_notice(build_notice(node.id, year)))
            pairs.append((node.id, year))
    base = (docs / "xinbei-2024.docx").read_bytes()
    for name, change in _mutations().items():
        d = docx.Document(io.BytesIO(base))
        change(d)
        d.save(str(docs / f"changed-{name}.docx"))
    from test_reader_word import _word_twin

    _word_twin(docs)
    (docs / "drafts.json").write_text(json.dumps(pairs))


def snapshot(docs: Path) -> dict[str, list[dict]]:
    from generator.lint import lint_file

    if not (docs / "drafts.json").exists():
        make_docs(docs)
    runs = [(p, None, None) for p in sorted(docs.glob("*.docx"))]
    runs += [(docs / f"{n}-{y}.docx", n, y) for n, y in json.loads((docs / "drafts.json").read_text())]
    runs += [(p, None, None) for p in sorted(SEEDS.glob("*.txt"))]
    return {f"{p.name} {n or ''} {y or ''}".strip(): [f.to_dict() for f in lint_file(p, n, y).findings]
            for p, n, y in runs}


def diff(a: dict, b: dict) -> list[str]:
    out = []
    for key in sorted(set(a) | set(b)):
        old, new = a.get(key, []), b.get(key, [])
        if old != new:
            out.append(key)
            out += [f"  - {f['rule']} {f['location']} {f['message']}" for f in old if f not in new]
            out += [f"  + {f['rule']} {f['location']} {f['message']}" for f in new if f not in old]
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs=2, type=Path, help="DOCS OUT.json, or with --diff A.json B.json")
    ap.add_argument("--diff", action="store_true")
    args = ap.parse_args()
    if args.diff:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.paths)
        lines = diff(a, b)
        print("\n".join(lines) or "相同")
        print(f"{len(a)} / {len(b)} 次审查，{sum(map(len, a.values()))} → {sum(map(len, b.values()))} 条结果")
        sys.exit(1 if lines else 0)
    result = snapshot(args.paths[0])
    args.paths[1].write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} 次审查，{sum(map(len, result.values()))} 条结果 → {args.paths[1]}")
