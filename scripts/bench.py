"""Benchmark whole `notice` processes, as ratios to a bare python-docx script measured in
the same run (so a busy machine slows both alike), and the batch rate on a synthetic tree.

    python3 scripts/bench.py [--repeat N] [--batch NODES] [--jobs N] [--in-process]

- cold commands: a fresh ``python3 -m generator …`` process each time, median of N runs,
  with the profile-tree disk cache warm (the usual case) and off (``NOTICE_KIT_CACHE=off``);
- the bare script builds a document of the same paragraphs and tables as the drafted notice
  with python-docx alone: the floor any drafting process stands on;
- a synthetic county tree: ``--batch`` copies of the liyang node under changzhou in a temp
  folder; ``notice profiles`` on it cold and warm, and one ``notice draft --under changzhou``
  (notices per second, peak memory of the pool) — at a tenth of the size too, to see that
  memory stays flat;
- ``--in-process``: also the warm in-process ms per explain / forms / render / lint
  (scripts/bench_render.py, scripts/bench_lint.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tree_helpers: the synthetic county trees the tests use too

BARE = r'''
import json, sys
import docx
spec = json.load(open(sys.argv[1], encoding="utf-8"))
d = docx.Document()
for text in spec["paragraphs"]:
    d.add_paragraph(text)
for rows, cols in spec["tables"]:
    t = d.add_table(rows=rows, cols=cols)
    for row in t.rows:
        for cell in row.cells:
            cell.text = "内容"
d.save(sys.argv[2])
'''


def run(argv: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one process (and the children it waited for)."""
    # as installed: with .pyc files (a development shell may set PYTHONDONTWRITEBYTECODE, and
    # then every process compiles the whole package from source, ~0.5 s)
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env={**environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def median_s(argv: list[str], repeat: int, env: dict | None = None) -> float:
    return statistics.median(run(argv, env)[0] for _ in range(repeat))


def notice(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def bare_spec(docx_path: Path, out: Path) -> Path:
    """The drafted notice's paragraphs and table shapes, for the bare script to rebuild."""
    import docx

    d = docx.Document(str(docx_path))
    spec = {"paragraphs": [p.text for p in d.paragraphs],
            "tables": [(len(t.rows), len(t.columns)) for t in d.tables]}
    out.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return out


def bench_processes(tmp: Path, repeat: int) -> list[tuple[str, float, str]]:
    draft = tmp / "xinbei.docx"
    draft_cmd = notice("draft", "xinbei", "--year", "2024", "-o", str(draft), "--force")
    run(draft_cmd)  # fills the tree cache and the .pyc files
    spec = bare_spec(draft, tmp / "spec.json")
    bare = [sys.executable, "-c", BARE, str(spec), str(tmp / "bare.docx")]
    cases = {
        "notice draft xinbei 2024": (draft_cmd, None),
        "notice draft, tree cache off": (draft_cmd, {"NOTICE_KIT_CACHE": "off"}),
        "notice explain xinbei 2024": (notice("explain", "xinbei", "--year", "2024"), None),
        "notice lint (the draft)": (notice("lint", str(draft)), None),
        "notice profiles": (notice("profiles"), None),
        "notice --help": (notice("--help"), None),
    }
    times: dict[str, list[float]] = {name: [] for name in ["bare python-docx script", *cases]}
    for _ in range(repeat):  # interleaved: a burst of load on the machine hits every case alike
        times["bare python-docx script"].append(run(bare)[0])
        for name, (argv, env) in cases.items():
            times[name].append(run(argv, env)[0])
    base = statistics.median(times["bare python-docx script"])
    return [(name, statistics.median(ts), f"{statistics.median(ts) / base:.2f}×") for name, ts in times.items()]


def bench_batch(tmp: Path, count: int, jobs: int | None) -> list[tuple[str, float, str]]:
    rows = []
    cache = tmp / "cache"
    from tree_helpers import county_tree  # tests/, on sys.path above

    for n in sorted({max(count // 10, 1), count}):
        root = county_tree(tmp / f"tree{n}", n, digits=5)
        env = {"NOTICE_KIT_CACHE": str(cache)}
        cold, _ = run(notice("profiles", "--profiles", str(root)), env)
        warm = min(run(notice("profiles", "--profiles", str(root)), env)[0] for _ in range(3))
        rows.append((f"notice profiles, {n} county nodes, cold", cold, ""))
        rows.append((f"notice profiles, {n} county nodes, warm", warm, ""))
        out = tmp / f"out{n}"
        argv = notice("draft", "--under", "changzhou", "--year", "2024", "-o", str(out), "--profiles", str(root))
        seconds, mb = run(argv + (["--jobs", str(jobs)] if jobs else []), env)
        drafted = len(list(out.glob("*.docx")))
        rows.append((f"notice draft --under, {drafted} notices", seconds,
                     f"{drafted / seconds:.1f} notices/s, peak {mb:.0f} MB per process"))
        shutil.rmtree(out)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="runs per process figure (median)")
    ap.add_argument("--batch", type=int, default=3000, help="county nodes in the synthetic tree (0: skip)")
    ap.add_argument("--jobs", type=int, default=None, help="draft --under's --jobs (default: CPU count)")
    ap.add_argument("--in-process", action="store_true", help="also the warm in-process figures")
    args = ap.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rows = bench_processes(tmp, args.repeat)
        if args.batch:
            rows += bench_batch(tmp, args.batch, args.jobs)
    for name, seconds, note in rows:
        print(f"{name:<45} {seconds * 1000:9.0f} ms  {note}")
    if args.in_process:
        from bench_inprocess import main as in_process

        sys.argv = [sys.argv[0]]  # its own defaults
        in_process()


if __name__ == "__main__":
    main()
