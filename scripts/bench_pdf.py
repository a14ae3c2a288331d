"""PDFs through the LibreOffice pool, as ratios in one run (a busy machine slows all alike).

    python3 scripts/bench_pdf.py [--repeat N] [--files N]

- ``notice preview`` of one draft, then of three in one command (three files, one start);
- in one process: a pool converting one draft, then ``--files`` drafts: the time of each
  PDF after the first (the start is paid once);
- the start itself with a new user profile and with the one the pool keeps.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seconds(argv: list[str]) -> float:
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=environ, check=True, capture_output=True)
    return time.perf_counter() - t0


def children_cpu() -> float:
    """CPU seconds of the children waited for so far (the LibreOffice starts)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--files", type=int, default=10, help="drafts the pool converts in one run")
    args = ap.parse_args()
    from generator.assemble import build_notice
    from generator.lopool import PdfPool
    from generator.render import render_notice

    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cases = [("xinbei", 2024), ("jintan", 2020), ("nanchang", 2023), ("zibo", 2024), ("xinbei", 2017)]
        drafts = []
        for i in range(max(args.files, 3)):
            ref, year = cases[i % len(cases)]
            path = tmp / f"d{i:02d}-{ref}.docx"
            path.write_bytes(render_notice(build_notice(ref, year)))
            drafts.append(path)
        py = [sys.executable, "-m", "generator", "preview"]
        one, three = [], []
        for r in range(args.repeat):  # interleaved
            one.append(seconds([*py, str(drafts[0]), "-o", str(tmp / f"one{r}.pdf")]))
            three.append(seconds([*py, *map(str, drafts[:3]), "-o", str(tmp / f"three{r}")]))
        t1, t3 = statistics.median(one), statistics.median(three)
        print(f"notice preview, one file                 {t1:6.2f} s")
        print(f"notice preview, three files              {t3:6.2f} s  {t3 / t1:.2f}× one file")
        firsts, nexts, fresh, cpu_first, cpu_many = [], [], [], [], []
        for r in range(args.repeat):
            with PdfPool(tmp / f"pool{r}") as pool:  # a new profile: the first start makes it
                t0 = time.perf_counter()
                pool.convert([(drafts[0], tmp / f"p{r}-first.pdf")])
                fresh.append(time.perf_counter() - t0)
                t0, c0 = time.perf_counter(), children_cpu()
                pool.convert([(drafts[0], tmp / f"p{r}-again.pdf")])
                firsts.append(time.perf_counter() - t0)
                cpu_first.append(children_cpu() - c0)
                t0, c0 = time.perf_counter(), children_cpu()
                pool.convert([(d, tmp / f"p{r}-{d.stem}.pdf") for d in drafts[:args.files]])
                nexts.append(time.perf_counter() - t0)
                cpu_many.append(children_cpu() - c0)
        first, many = statistics.median(firsts), statistics.median(nexts)
        print(f"pool: start + one PDF, new profile       {statistics.median(fresh):6.2f} s")
        print(f"pool: start + one PDF, kept profile      {first:6.2f} s")
        print(f"pool: start + {args.files} PDFs                  {many:6.2f} s  "
              f"each PDF after the first {(many - first) / (args.files - 1):.2f} s")
        c1, cn = statistics.median(cpu_first), statistics.median(cpu_many)
        print(f"  LibreOffice CPU: start + one PDF {c1:.2f} CPU-s, each PDF after the first "
              f"{(cn - c1) / (args.files - 1):.2f} CPU-s")
    print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
