"""Benchmark ``notice import`` as a user runs it: a fresh process importing seed 002 with
``--dry-run`` (a new node under changzhou, so nothing exists to compare with), as a ratio to
a bare python-docx process building a document of the same size in the same run (so a busy
machine slows both alike). Target (issue 19): ≤ 1.5×.

    python3 scripts/bench_import.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import BARE, bare_spec, notice, run  # noqa: E402

SEED = next((Path("/work/shared/corpus/seeds")).glob("002_*.txt"), None) if Path("/work/shared/corpus/seeds").is_dir() \
    else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    ap.add_argument("--seed", type=Path, default=SEED, help="the notice to import (default: seed 002)")
    args = ap.parse_args()
    if args.seed is None or not args.seed.is_file():
        raise SystemExit("seed 002 not found: give --seed FILE")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        draft = tmp / "jintan.docx"
        run(notice("draft", "jintan", "--year", "2020", "-o", str(draft), "--force"))  # .pyc files, tree cache
        spec = bare_spec(draft, tmp / "spec.json")  # the same-sized document: 金坛区's notice of 2020
        bare = [sys.executable, "-c", BARE, str(spec), str(tmp / "bare.docx")]
        cases = {
            "notice import seed 002 --dry-run": notice("import", str(args.seed), "--node", "jintan2", "--parent",
                                                       "changzhou", "--dry-run"),
            "  … --format json": notice("import", str(args.seed), "--node", "jintan2", "--parent", "changzhou",
                                        "--dry-run", "--format", "json"),
        }
        run(cases["notice import seed 002 --dry-run"])
        times: dict[str, list[float]] = {"bare python-docx script": [], **{k: [] for k in cases}}
        for _ in range(args.repeat):  # interleaved: a burst of load hits every case alike
            times["bare python-docx script"].append(run(bare)[0])
            for name, argv in cases.items():
                times[name].append(run(argv)[0])
        base = statistics.median(times["bare python-docx script"])
        for name, ts in times.items():
            print(f"{name:<40} {statistics.median(ts) * 1000:7.0f} ms  {statistics.median(ts) / base:.2f}×")


if __name__ == "__main__":
    main()
