"""A real ``notice serve`` process: the address is printed once the port accepts, and SIGTERM
or SIGINT leaves no process of it behind (the workers and the resource tracker, by PID)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from generator.commands.serve import banner, reachable_addresses
from tests.web_helpers import copy_profiles, free_port

ROOT = Path(__file__).resolve().parent.parent


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        found.update(kids)
        todo += kids
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_every_process_of_the_server(tmp_path, sig):
    profiles = copy_profiles(tmp_path)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port), "--profiles",
                             str(profiles), "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, proc.stderr.read() if proc.poll() is not None else line
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass  # printed only once the port accepts
        r = httpx.get(f"http://127.0.0.1:{port}/api/notices/xinbei/2024.docx", timeout=60)
        assert r.status_code == 200 and r.content[:2] == b"PK"
        pids = descendants(proc.pid)
        assert len(pids) >= 3, pids  # two workers and the resource tracker
        proc.send_signal(sig)
        assert proc.wait(40) == 0
        deadline = time.monotonic() + 10
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in pids if alive(p)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_off_loopback_prints_reachable_addresses_and_the_token_on_its_own_line():
    text = banner("0.0.0.0", 8766, "tok-123_abc", 0)
    lines = text.splitlines()
    assert "tok-123_abc" in lines  # alone, to copy
    assert "0.0.0.0" not in text
    assert all(a in text for a in reachable_addresses("0.0.0.0"))
    assert any(ln.strip().startswith("http://") and ln.strip().endswith(":8766/") for ln in lines)
    assert banner("192.168.1.5", 80, None, 3).splitlines()[1] == "  http://192.168.1.5:80/"
    assert "3 人" in banner("192.168.1.5", 80, None, 3)
    assert banner("127.0.0.1", 8000, None, 0) == "通知工坊网页工作台：http://127.0.0.1:8000/"
