"""Start-up paid once: the template's compiled forms kept on disk, no needless imports."""

from __future__ import annotations

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
