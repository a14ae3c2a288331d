"""Start-up paid once: the template's compiled forms kept on disk, no needless imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from generator import template_cache


def _render_in_new_process(cache: str) -> bytes:
    code = ("import sys; from generator.assemble import build_notice; from generator.render import render_notice;"
            "sys.stdout.buffer.write(render_notice(build_notice('xinbei', 2024)))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                          env={**os.environ, "NOTICE_KIT_CACHE": cache}).stdout


def test_the_template_cache_gives_the_same_bytes(tmp_path):
    cache = tmp_path / "cache"
    off = _render_in_new_process("off")
    cold = _render_in_new_process(str(cache))
    kept = sorted(p.name for p in (cache / "templates").iterdir())
    assert any(n.startswith("jinja-") for n in kept) and any(n.startswith("patched-") for n in kept)
    warm = _render_in_new_process(str(cache))
    assert off == cold == warm
    for f in (cache / "templates").iterdir():  # a damaged cache is rebuilt, not trusted
        f.write_bytes(b"\x00garbage")
    assert _render_in_new_process(str(cache)) == off


def test_a_value_is_built_once_then_read(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return "patched text"

    assert template_cache.cached("patched", "source", build) == "patched text"
    assert template_cache.cached("patched", "source", build) == "patched text"
    assert template_cache.cached("patched", "other source", build) == "patched text"
    assert len(calls) == 2


def test_lint_does_not_import_the_network_modules():
    code = "import sys, generator.reader, generator.lint; print('urllib.request' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_lint_does_not_import_the_template_engine(tmp_path):
    """Lint reads a draft; docxtpl and Jinja (~40 ms of a cold process) only write one."""
    draft = tmp_path / "d.docx"
    subprocess.run([sys.executable, "-m", "generator", "draft", "xinbei", "--year", "2024", "-o", str(draft)],
                   check=True, capture_output=True)
    code = ("import sys; from generator.cli import main; main(['lint', sys.argv[1]]);"
            "print(sorted(m for m in ('docxtpl', 'jinja2') if m in sys.modules), file=sys.stderr)")
    err = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True).stderr
    assert err.strip().splitlines()[-1] == "[]"


def test_a_cold_draft_imports_no_lint_module(tmp_path):
    """Its rules' check: names are verified against catalogue.LINT_CHECKS, not the checkers' modules."""
    code = ("import sys; from generator.cli import main;"
            "main(['draft', 'xinbei', '--year', '2024', '-o', sys.argv[1]]);"
            "print(sorted(m for m in sys.modules if m.startswith('generator.lint')), file=sys.stderr)")
    err = subprocess.run([sys.executable, "-c", code, str(tmp_path / "d.docx")], capture_output=True, text=True,
                         env={**os.environ, "NOTICE_KIT_CACHE": "off"}).stderr
    assert err.strip().splitlines()[-1] == "[]"


def _notice(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, **kw)


def test_the_command_ends_without_teardown_but_with_its_exit_work(tmp_path):
    """``notice`` ends with os._exit after main() (Python's teardown was ~20 ms of a cold
    draft): the exit code is main()'s, what it printed is all there, and the exit handlers
    ran (the start-up cache was saved, so a second process reads it)."""
    cache = tmp_path / "cache"
    env = {"NOTICE_KIT_CACHE": str(cache)}
    first = _notice("draft", "xinbei", "--year", "2024", "-o", str(tmp_path / "a.docx"), env=env)
    assert first.returncode == 0 and first.stdout.strip().endswith("a.docx")
    saved = sorted(p.name for p in cache.glob("startup-*-draft.marshal"))
    assert saved, "the start-up cache's exit handler did not run"
    bad = _notice("draft", "nosuch", "--year", "2024", "-o", str(tmp_path / "b.docx"), env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("错误：找不到档案") and bad.stdout == ""
    report = _notice("lint", str(tmp_path / "a.docx"), "--format", "json", env=env)
    assert report.returncode == 0 and json.loads(report.stdout)["summary"]["error"] == 0  # the whole report


def test_a_closed_pipe_ends_quietly(tmp_path):
    """``notice … | head``: the reader went away; no BrokenPipeError at exit."""
    draft = tmp_path / "a.docx"
    assert _notice("draft", "xinbei", "--year", "2024", "-o", str(draft)).returncode == 0
    proc = subprocess.Popen([sys.executable, "-m", "generator", "lint", str(draft), "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before it writes a byte
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1) and "Traceback" not in err and "BrokenPipe" not in err
