"""Hash every profile × year draft (.docx, .html, .txt), to compare two versions of the code.

    PYTHONPATH=/work/main python3 scripts/draft_hashes.py > main.txt
    PYTHONPATH=.          python3 scripts/draft_hashes.py > mine.txt && diff main.txt mine.txt

The cases are every node's editions plus 2027 (a year no edition gives), as
tests/test_rules_reasoning.py drafts them; the code drafting them is whichever PYTHONPATH gives.

``--forms`` also hashes every form (.docx/.xlsx) of those drafts, as ``notice forms`` writes
them. ``--lint DOCS`` also hashes what ``lint --annotate`` and ``lint --fix`` write for the
.docx inputs of ``scripts/lint_snapshot.py`` (filled into DOCS on first use, with a copy of
the 新北区 2024 draft carrying clerks' slips added, and reused so two versions of the code
read the same bytes) and ``--fix`` of every ``tests/fixtures/lint/*/bad.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: (as drafted, slipped): mechanical slips lint --fix corrects (as tests/test_lint_fix.py makes them)
SLIPS = [("常新教〔2024〕76号", "常新教 [2024] 第076号"), ("（教职成厅函〔2024〕7号）", "（教职成厅函[2024]7号）"),
         ("10月31日（周四）—11月6日（周三）", "10月31日（周五）-11月6日（周三）"), ("要高度重视，", "要高度重视,"),
         ("于10月30日（周三）前", "于１０月30日（周三）前"), ("（二）营造良好氛围", "(二)营造良好氛围")]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _writers() -> dict:
    try:
        from generator.writers import WRITERS
        return {k: v() for k, v in WRITERS.items()}
    except ImportError:  # before the registry (main until issue 21)
        from generator.commands.draft import _writers
        return _writers()


def drafts(tmp: Path, forms: bool) -> None:
    from generator.assemble import build_notice, load_tree

    writers = _writers()
    for node in sorted(load_tree().nodes.values(), key=lambda n: n.id):
        for year in sorted({*node.editions, 2027}):
            notice = build_notice(node.id, year)
            for suffix in sorted(writers):
                out = tmp / f"{node.id}-{year}{suffix}"
                writers[suffix](notice, out, True)
                print(f"{node.id} {year} {suffix} {_digest(out)}")
            if forms:
                from generator.forms import write_forms

                folder = tmp / f"{node.id}-{year}-forms"
                folder.mkdir()
                for path in write_forms(notice, folder, force=True):
                    print(f"{node.id} {year} form {path.name} {_digest(path)}")


#: other inputs slipped alike: a half-width comma in every third run that has a comma
COMMA_SLIPPED = ("national-2024.docx", "zibo-2024.docx", "word.docx")


def _slipped(docs: Path) -> None:
    import docx

    d = docx.Document(str(docs / "xinbei-2024.docx"))
    for old, new in SLIPS:
        run = next(r for p in d.paragraphs for r in p.runs if old in r.text)
        run.text = run.text.replace(old, new, 1)
    d.save(str(docs / "slipped-xinbei-2024.docx"))
    for name in COMMA_SLIPPED:
        d = docx.Document(str(docs / name))
        runs = [r for p in d.paragraphs for r in p.runs if "，" in r.text]
        for r in runs[::3]:
            r.text = r.text.replace("，", ",")
        d.save(str(docs / f"slipped-{name}"))


def lint_outputs(docs: Path, tmp: Path) -> None:
    sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
    from lint_snapshot import make_docs

    from generator.lint import lint_read
    from generator.lint.annotate import annotate
    from generator.lint.fix import write_fixed
    from generator.reader import read_notice

    if not (docs / "drafts.json").exists():
        make_docs(docs)
    if not (docs / "slipped-xinbei-2024.docx").exists():
        _slipped(docs)
    inputs = sorted(docs.glob("*.docx")) + sorted((HERE.parent / "tests/fixtures/lint").glob("*/bad.md"))
    for src in inputs:
        name = f"{src.parent.name}-{src.name}" if src.suffix == ".md" else src.name
        res = read_notice(src)
        result = lint_read(res)
        outs = [("fix", tmp / f"fixed-{name}", write_fixed)]
        if src.suffix == ".docx":
            outs.append(("annotate", tmp / f"annotated-{name}", annotate))
        for kind, out, write in outs:
            n = write(res, result, out, True)
            print(f"lint {kind} {name} {n} {_digest(out)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forms", action="store_true", help="also every draft's forms (.docx/.xlsx)")
    ap.add_argument("--lint", metavar="DOCS", type=Path, help="also lint --fix/--annotate outputs of DOCS' inputs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        drafts(Path(tmp), args.forms)
        if args.lint:
            lint_outputs(args.lint, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
