"""Benchmark: ms per operation, warm, in process (scripts/bench.py --in-process runs it). One line per figure.

    python3 scripts/bench_inprocess.py [--repeat N]

Explain and the attachment forms are measured here; the renderer and lint add theirs through
``scripts/bench_render.py`` and ``scripts/bench_lint.py`` (each exposes ``bench()``).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generator.assemble import build_notice  # noqa: E402
from generator.explain import explain_dict, explain_text  # noqa: E402
from generator.forms import build_form_docx, build_summary_xlsx  # noqa: E402


def per_call_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median of ``repeat`` timed calls after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def bench_explain(repeat: int) -> dict[str, float]:
    out = {}
    for ref, year in (("xinbei", 2024), ("xinbei", 2027)):
        out[f"explain {ref} {year} (text+json)"] = per_call_ms(
            lambda r=ref, y=year: (explain_text(n := build_notice(r, y)), explain_dict(n)), repeat)
    return out


def bench_forms(repeat: int) -> dict[str, float]:
    """Every form file of a notice, built in memory (what `notice forms` writes)."""
    out = {}
    for ref, year in (("jintan", 2020), ("zibo", 2024)):
        n = build_notice(ref, year)
        forms = [i for i, a in enumerate(n.attachments, 1) if a.form]

        def build(n=n, forms=forms) -> None:
            for i in forms:
                build_form_docx(n, i)
                if n.attachments[i - 1].form == "summary_report":
                    build_summary_xlsx(n, i)

        out[f"forms {ref} {year} ({len(forms)} forms)"] = per_call_ms(build, max(5, repeat // 5))
    return out


def _optional(name: str) -> dict[str, float]:
    path = HERE / f"{name}.py"
    if not path.exists():
        return {}
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.bench()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    results = bench_explain(args.repeat)
    results.update(bench_forms(args.repeat))
    results.update(_optional("bench_render"))
    results.update(_optional("bench_lint"))
    for name, ms in results.items():
        print(f"{name:<55} {ms:8.2f} ms")


if __name__ == "__main__":
    main()
