"""Benchmark: ``notice serve`` under load — 20 clients drafting at once.

    python3 scripts/bench_serve.py [--clients 20] [--requests 400] [--workers N] [--cache N]

Starts the server (``python3 -m generator serve``) on a copy of profiles/ and a free port,
warms it, then ``--clients`` threads each fetch ``GET /api/notices/{node}/{year}.docx``
in turn over a mix of nodes and years (editions and years without one) until
``--requests`` drafts are done. Prints drafts/s, p50/p95/max latency and the failures;
exit 1 when a request fails or the goals (≥ 10 drafts/s, p95 ≤ 3 s) are missed.
``--cache 0`` makes the server draft every request (the default keeps the drafts of the mix,
as a server does for clerks asking for the same notices: the figure then measures serving).
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MIX = [("xinbei", 2024), ("xinbei", 2027), ("jintan", 2020), ("nanchang", 2023), ("zibo", 2024),
       ("liyang", 2026), ("changzhou", 2024), ("jintan", 2025)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited: {proc.stderr.read().decode(errors='replace')}")
        try:
            if httpx.get(url + "/api/nodes", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    sys.exit("server did not start")


def run(url: str, clients: int, total: int) -> tuple[list[float], list[str], float]:
    jobs = itertools.cycle(MIX)
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    left = [total]

    def client() -> None:
        with httpx.Client(timeout=60) as http:
            while True:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                    node, year = next(jobs)
                t0 = time.perf_counter()
                try:
                    r = http.get(f"{url}/api/notices/{node}/{year}.docx")
                    ok = r.status_code == 200 and r.content[:2] == b"PK"
                    why = f"{node} {year}: HTTP {r.status_code}"
                except httpx.HTTPError as exc:
                    ok, why = False, f"{node} {year}: {type(exc).__name__}"
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    if not ok:
                        failures.append(why)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--workers", type=int, default=None, help="the server's drafting processes")
    ap.add_argument("--cache", type=int, default=0, help="the server's --cache (default 0: every request drafts)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        profiles = Path(tmp) / "profiles"
        shutil.copytree(ROOT / "profiles", profiles)
        port = free_port()
        cmd = [sys.executable, "-m", "generator", "serve", "--port", str(port), "--profiles", str(profiles)]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        cmd += ["--cache", str(args.cache)]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_up(url, proc)
            run(url, args.clients, 2 * len(MIX))  # warm: every node/year once in each worker
            lat, failures, wall = run(url, args.clients, args.requests)
        finally:
            proc.terminate()
            proc.wait(30)
    lat.sort()
    rate = len(lat) / wall
    p95 = lat[max(0, int(round(0.95 * len(lat))) - 1)]
    print(f"{args.clients} clients, {len(lat)} drafts in {wall:.1f} s: {rate:.1f} drafts/s; "
          f"latency p50 {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {lat[-1] * 1000:.0f} ms; failures {len(failures)}")
    for f in failures[:10]:
        print("  failed:", f)
    ok = not failures and rate >= 10 and p95 <= 3
    print("goals (all succeed, ≥ 10 drafts/s, p95 ≤ 3 s):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
