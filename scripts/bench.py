"""Benchmark whole `notice` processes, as ratios to a bare python-docx script measured in
the same run (so a busy machine slows both alike), and the batch rate on a synthetic tree.

    python3 scripts/bench.py [--repeat N] [--batch NODES] [--jobs N] [--in-process]
    python3 scripts/bench.py --province N [--pdf-sample M] [--jobs N] [--seed S]
    python3 scripts/bench.py --province N --tree-only DIR

- cold commands: a fresh ``python3 -m generator …`` process each time, median of N runs
  interleaved with the bare script's, the ratio the median of each round's ratio to it;
  with the profile-tree disk cache warm (the usual case) and off (``NOTICE_KIT_CACHE=off``);
- the bare script builds a document of the same paragraphs and tables as the drafted notice
  with python-docx alone: the floor any drafting process stands on;
- a synthetic county tree: ``--batch`` copies of the liyang node under changzhou in a temp
  folder; ``notice profiles`` on it cold and warm, and one ``notice draft --under changzhou``
  (notices per second, peak memory of the pool) — at a tenth of the size too, to see that
  memory stays flat;
- ``--province N``: a tree like a province (tests/province_tree.py: N distinct counties under
  real cities, deterministic from ``--seed``): ``notice profiles`` cold (no cache), warm, and
  after one edited file; ``draft --under national --with forms`` (notices and forms), and
  ``--with pdf`` on the first ``--pdf-sample`` counties, each process's peak memory sampled
  (Python and LibreOffice apart); ``--tree-only DIR`` writes the tree and stops;
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
from docx.oxml.ns import qn
from docx.shared import Pt
spec = json.load(open(sys.argv[1], encoding="utf-8"))
d = docx.Document()


def runs(par, items):
    # what any python-docx script writes for Chinese text: the run, its size, bold, and the
    # East Asian font beside the Latin one (python-docx's font.name sets only w:ascii/w:hAnsi)
    for text, ascii_font, east_asia, size, bold in items:
        r = par.add_run(text)
        if ascii_font:
            r.font.name = ascii_font
        if east_asia:
            r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
        if size:
            r.font.size = Pt(size)
        if bold:
            r.font.bold = True


for align, items in spec["paragraphs"]:
    par = d.add_paragraph()
    if align is not None:
        par.alignment = align
    runs(par, items)
for cells in spec["tables"]:
    t = d.add_table(rows=len(cells), cols=max(len(row) for row in cells))
    for row, texts in zip(t.rows, cells):
        for cell, items in zip(row.cells, texts):
            runs(cell.paragraphs[0], items)
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


def run_cpu(argv: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one process and its children."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env={**environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t0, usage.ru_utime + usage.ru_stime


def median_s(argv: list[str], repeat: int, env: dict | None = None) -> float:
    return statistics.median(run(argv, env)[0] for _ in range(repeat))


def notice(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def bare_spec(docx_path: Path, out: Path) -> Path:
    """The drafted notice's shape for the bare script to rebuild (issue 25: "the same shape:
    runs, East Asian fonts, the tables"): each body paragraph's alignment and runs (text, Latin
    and East Asian font, size, bold, as the draft's styles resolve them), and each table's cells
    with their runs."""
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(str(docx_path))

    def run_items(par) -> list:
        items = []
        for r in par.runs:
            style = par.style
            fonts = r._element.rPr.rFonts if r._element.rPr is not None else None
            east = fonts.get(qn("w:eastAsia")) if fonts is not None else None
            while east is None and style is not None:  # the style's, as Word resolves it
                rpr = style.element.rPr
                east = rpr.rFonts.get(qn("w:eastAsia")) if rpr is not None and rpr.rFonts is not None else None
                style = style.base_style
            size = r.font.size or par.style.font.size
            items.append([r.text, r.font.name or par.style.font.name, east,
                          size.pt if size else None, bool(r.font.bold or par.style.font.bold)])
        return items

    spec = {"paragraphs": [[p.alignment, run_items(p)] for p in d.paragraphs],
            "tables": [[[run_items(c.paragraphs[0]) if c.paragraphs else [] for c in row.cells]
                        for row in t.rows] for t in d.tables]}
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
    # each round's ratio to the bare script run just before it, then their median: a shared
    # machine's load drifts over a run, and a ratio of two medians taken minutes apart drifts too
    bare = times["bare python-docx script"]
    return [(name, statistics.median(ts), f"{statistics.median(t / b for t, b in zip(ts, bare, strict=True)):.2f}×")
            for name, ts in times.items()]


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


class _Shown(list):
    """Rows printed as they come: a long run shows its figures before it ends."""

    def append(self, row) -> None:
        super().append(row)
        _print_row(row)

    def __iadd__(self, rows):
        for row in rows:
            self.append(row)
        return self


def _print_row(row: tuple[str, float, str]) -> None:
    name, seconds, note = row
    print(f"{name:<50} {seconds * 1000:9.0f} ms  {note}", flush=True)


def peak_rss(argv: list[str], env: dict | None = None) -> tuple[float, dict[str, float]]:
    """Wall seconds of one process, and the peak resident MB of any one process of its tree,
    by kind (python, soffice.bin), sampled from /proc every 50 ms."""
    import threading

    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env={**environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[str, float] = {}
    page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
    # The sampler stops on this flag, set once os.wait4 has reaped the child: a proc.poll()
    # in the thread could reap it first, and os.wait4 would then fail (ChildProcessError).
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            stats = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        text = Path(f"/proc/{entry}/stat").read_text()
                    except OSError:
                        continue
                    name = text[text.index("(") + 1:text.rindex(")")]
                    fields = text[text.rindex(")") + 2:].split()
                    stats[int(entry)] = (name, int(fields[1]), int(fields[21]) * page_mb)
            tree, grew = {proc.pid}, True
            while grew:
                grew = False
                for pid, (_, ppid, _) in stats.items():
                    if ppid in tree and pid not in tree:
                        tree.add(pid)
                        grew = True
            for pid in tree:
                if pid in stats:
                    name, _, mb = stats[pid]
                    kind = "soffice" if "soffice" in name or "oosplash" in name else "python"
                    peaks[kind] = max(peaks.get(kind, 0.0), mb)
            done.wait(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    err = proc.stderr.read()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        done.set()
        watcher.join()
    code = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t0
    proc.returncode = code  # reaped here: Popen must not wait for it again
    peaks["cpu"] = usage.ru_utime + usage.ru_stime  # of the whole tree: every worker and LibreOffice
    if code not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}\n{err.decode()}")
    return seconds, peaks


def bench_province(tmp: Path, count: int, seed: int, jobs: int | None, pdf_sample: int) -> list[tuple[str, float, str]]:
    from province_tree import province_tree  # tests/, on sys.path above

    rows: list[tuple[str, float, str]] = _Shown()

    root = province_tree(tmp / "province", count, seed)
    cache = tmp / "pcache"
    env = {"NOTICE_KIT_CACHE": str(cache)}
    shutil.rmtree(cache, ignore_errors=True)
    cold, cold_cpu = run_cpu(notice("profiles", "--profiles", str(root)), env)
    warm, warm_cpu = min(run_cpu(notice("profiles", "--profiles", str(root)), env) for _ in range(3))
    edited = next(root.rglob("p0001/2024.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("2024年", "2024 年", 1), encoding="utf-8")
    past = time.time() - 60
    os.utime(edited, (past, past))
    one_edit, edit_cpu = run_cpu(notice("profiles", "--profiles", str(root)), env)
    rows += [(f"notice profiles, {count} distinct counties, no cache", cold, f"{cold_cpu:.2f} CPU-s"),
             (f"notice profiles, {count} distinct counties, warm", warm, f"{warm_cpu:.2f} CPU-s"),
             (f"notice profiles, {count} counties, one file edited", one_edit, f"{edit_cpu:.2f} CPU-s")]
    jobs_arg = ["--jobs", str(jobs)] if jobs else []
    out = tmp / "pout"
    argv = notice("draft", "--under", "national", "--year", "2024", "-o", str(out), "--profiles", str(root),
                  "--with", "forms", *jobs_arg)
    seconds, peaks = peak_rss(argv, env)
    drafted = len(list(out.glob("*.docx")))
    forms = len(list(out.glob("*-附件表格/*")))
    rows.append((f"draft --under --with forms: {drafted} notices, {forms} forms", seconds,
                 f"{drafted / seconds:.1f} notices/s, {peaks['cpu']:.0f} CPU-s (on 2 free cores ≥ "
                 f"{peaks['cpu'] / 2:.0f} s), peak {peaks.get('python', 0):.0f} MB a process"))
    shutil.rmtree(out)
    if pdf_sample:
        # the first counties of one city... of several: a --under over a sample of the tree
        sample = tmp / "psample"
        shutil.copytree(root, sample)
        keep = {f"p{i:04d}" for i in range(pdf_sample)}
        for node in list(sample.rglob("node.yaml")):
            folder = node.parent
            if folder.name.startswith("p") and folder.name[1:].isdigit() and folder.name not in keep:
                shutil.rmtree(folder)
        for f in sample.rglob("*.yaml"):
            os.utime(f, (past, past))
        argv = notice("draft", "--under", "national", "--year", "2024", "-o", str(out), "--profiles", str(sample),
                      "--with", "forms,pdf", *jobs_arg)
        seconds, peaks = peak_rss(argv, env)
        pdfs = len(list(out.glob("*.pdf")))
        rows.append((f"draft --under --with forms,pdf: {pdfs} PDFs", seconds,
                     f"{seconds / max(pdfs, 1):.2f} s a PDF → {count} counties ≈ "
                     f"{seconds / max(pdfs, 1) * count / 60:.1f} min; {peaks['cpu'] / max(pdfs, 1):.2f} CPU-s a PDF "
                     f"(2,800 on 2 free cores ≈ {peaks['cpu'] / max(pdfs, 1) * 2800 / 2 / 60:.1f} min); "
                     f"peak {peaks.get('python', 0):.0f} MB a Python process, "
                     f"{peaks.get('soffice', 0):.0f} MB a LibreOffice"))
        shutil.rmtree(out)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=15,
                    help="runs per process figure (median of interleaved runs; fewer flap on a shared machine)")
    ap.add_argument("--batch", type=int, default=3000, help="county nodes in the synthetic tree (0: skip)")
    ap.add_argument("--jobs", type=int, default=None, help="draft --under's --jobs (default: CPU count)")
    ap.add_argument("--province", type=int, default=0, metavar="N",
                    help="measure on a tree of N distinct counties under real cities (tests/province_tree.py)")
    ap.add_argument("--seed", type=int, default=25, help="the province tree's seed")
    ap.add_argument("--pdf-sample", type=int, default=0, metavar="M", help="with --province: PDFs of M counties")
    ap.add_argument("--tree-only", metavar="DIR", help="with --province: write the tree to DIR and stop")
    ap.add_argument("--in-process", action="store_true", help="also the warm in-process figures")
    args = ap.parse_args()
    if args.tree_only:
        from province_tree import province_tree

        if not args.province:
            raise SystemExit("--tree-only needs --province N")
        province_tree(Path(args.tree_only), args.province, args.seed)
        print(f"{args.province} counties written to {args.tree_only}")
        return
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.province:
            bench_province(tmp, args.province, args.seed, args.jobs, args.pdf_sample)
            print(f"load average after: {os.getloadavg()[0]:.1f}")
            return
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
