"""``notice draft --under NODE [--with forms,pdf,html]``: every node below NODE drafted in
one command — its notice, and with ``--with`` its forms, its PDF, its HTML page.

The tree is read once and held (``tree_cache.hold``): the workers are forked from this
process, so each starts with the tree and the rules already loaded and never looks at the
profile files again. A node that fails is reported at the end; the others go on.

PDFs are made by one LibreOffice per worker (generator/lopool.py), fed a chunk of notices
per start with its profile kept for the run: the start (~1.2 s) is paid once a chunk, not
once a notice.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import NoticeError
from .fileio import make_folder
from .profiles import Node, ProfileTree
from .tree_cache import hold

#: notices handed to a worker at a time: fewer round trips, still a smooth progress bar
CHUNK = 8
#: with PDFs: notices per LibreOffice start (its start amortised, a crash re-runs few)
PDF_CHUNK = 24
#: chunks a worker drafts before a fresh one takes its place (peak memory stays flat)
WORKER_CHUNKS = 25
#: what ``--with`` may add to each notice
EXTRAS = ("forms", "pdf", "html")


@dataclass
class Outcome:
    node_id: str
    error: str = ""  # empty when drafted
    files: dict[str, int] | None = None  # kind → files written (docx, forms, pdf, html)


@dataclass
class _Job:
    root: str
    year: int
    out: Path
    extras: frozenset[str] = frozenset()
    lo_dir: Path | None = None  # the workers' LibreOffice folders go below it


_JOB: _Job | None = None  # set in the parent before forking, so workers inherit it


def nodes_below(tree: ProfileTree, ref: str) -> tuple[Node, list[Node]]:
    """NODE and every node below it (at any depth), in tree order."""
    top = tree.resolve(ref)
    below = [n for n in tree.nodes.values() if top in n.chain()]
    return top, sorted(below, key=lambda n: n.tree_path())


def output_for(out: Path, node: Node | str, year: int, suffix: str = ".docx") -> Path:
    return out / f"{getattr(node, 'id', node)}-{year}{suffix}"


def forms_folder(out: Path, node: Node | str, year: int) -> Path:
    """A node's forms go in a folder of their own: their names (附件1_….docx) repeat per node."""
    return out / f"{getattr(node, 'id', node)}-{year}-附件表格"


def parse_extras(text: str) -> frozenset[str]:
    """``forms,pdf,html`` → the set; an unknown word is a Chinese error."""
    words = [w.strip() for w in text.replace("，", ",").split(",") if w.strip()]
    unknown = [w for w in words if w not in EXTRAS]
    if unknown or not words:
        raise NoticeError(f"--with 不认识“{'、'.join(unknown) or text}”；可选：{','.join(EXTRAS)}（用逗号分隔）。")
    return frozenset(words)


def _targets(out: Path, node: Node, year: int, extras: frozenset[str]) -> list[Path]:
    paths = [output_for(out, node, year)]
    paths += [output_for(out, node, year, s) for s, k in ((".pdf", "pdf"), (".html", "html")) if k in extras]
    if "forms" in extras:
        paths.append(forms_folder(out, node, year))
    return paths


def draft_under(ref: str, year: int, root: str, out: Path, jobs: int, force: bool,
                extras: frozenset[str] = frozenset()) -> int:
    """Draft every node below ``ref`` into ``out`` (and its ``extras``); 0 when all were
    drafted, 1 when any failed."""
    tree = hold(root)
    top, nodes = nodes_below(tree, ref)
    if not nodes:
        raise NoticeError(f"“{top.name}”（{top.id}）下面没有档案节点，无可起草。")
    if "pdf" in extras:
        from .lopool import soffice_command

        soffice_command()  # no LibreOffice: said before anything is drafted
    make_folder(out)
    existing = [p for n in nodes for p in _targets(out, n, year, extras) if p.exists()]
    if existing and not force:
        raise NoticeError(f"输出文件夹中已有 {len(existing)} 个同名文件（如 {existing[0]}）。如需覆盖，请加 --force。")
    global _JOB
    from . import collecting, fileio

    collecting.many_documents()  # each notice leaves cycles holding its XML: collect as usual

    lo_dir = Path(tempfile.mkdtemp(prefix=".notice-lo-", dir=out)) if "pdf" in extras else None
    _JOB = _Job(root, year, out, extras, lo_dir)
    fileio.SYNC_EACH = False  # one sync for the run, not one a file (the workers inherit it)
    try:
        return _draft_all(top, nodes, jobs, out)
    finally:
        fileio.SYNC_EACH = True
        os.sync()
        if lo_dir is not None:
            shutil.rmtree(lo_dir, ignore_errors=True)


def _draft_all(top: Node, nodes: list[Node], jobs: int, out: Path) -> int:
    _warm(nodes[0].id)
    # What is loaded now (the tree: ~35 MB of objects for 3,000 nodes) lives as long as the
    # run: out of the collector's sight, a full collection no longer walks it in each worker,
    # nor dirties the pages the forked workers share with this process.
    gc.freeze()
    started = time.monotonic()
    outcomes = list(_run(nodes, jobs))
    failed = [o for o in outcomes if o.error]
    seconds = time.monotonic() - started
    done = sum(1 for o in outcomes if (o.files or {}).get("docx"))
    names = {n.id: n.name for n in nodes}
    counts = {k: sum((o.files or {}).get(k, 0) for o in outcomes) for k in EXTRAS}
    made = "、".join(f"{label} {counts[k]} 个" for k, label in (("forms", "表格"), ("pdf", "PDF"), ("html", "网页"))
                    if k in _JOB.extras)
    print(f"已生成 {done} 份通知{f'（另有{made}）' if made else ''}，失败 {len(failed)} 份"
          f"（{top.name}以下共 {len(nodes)} 个节点，"
          f"用时 {seconds:.1f} 秒，每秒 {len(outcomes) / max(seconds, 1e-9):.1f} 份）：{out}")
    for o in sorted(failed, key=lambda o: o.node_id):
        print(f"失败：{o.node_id}（{names.get(o.node_id, '')}）：{o.error}", file=sys.stderr)
    return 1 if failed else 0


def _warm(node_id: str) -> None:
    """Load the rules and the renderer's modules once, before forking, so no worker does."""
    from .assemble import build_notice
    from .render import render_notice

    try:
        render_notice(build_notice(node_id, _JOB.year, _JOB.root))
    except NoticeError:
        pass  # that node's own problem; it is reported with the others


def _run(nodes: list[Node], jobs: int):
    ids = [n.id for n in nodes]
    size = PDF_CHUNK if "pdf" in _JOB.extras else CHUNK
    if jobs > 1:  # every worker gets chunks: none idles at the end while another has many
        size = max(1, min(size, -(-len(ids) // jobs)))
    chunks = [ids[i:i + size] for i in range(0, len(ids), size)]
    per_node = 1 + sum(k in _JOB.extras for k in ("pdf", "html"))
    bar = _progress(len(ids) * per_node)
    try:
        if jobs <= 1:
            results = map(_draft_chunk, chunks)
        else:
            # a worker is replaced after a while: what its caches gathered stays bounded
            # (forked from this process, a new one starts as warm as the first)
            pool = multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=WORKER_CHUNKS)
            results = pool.imap_unordered(_draft_chunk, chunks)
        for chunk in results:
            for outcome in chunk:
                bar.advance(outcome)
                yield outcome
        if jobs > 1:
            pool.close()
            pool.join()
    finally:
        if jobs > 1:
            pool.terminate()
        bar.close()


def _draft_chunk(node_ids: list[str]) -> list[Outcome]:
    """Runs in a worker: each node's files, then the chunk's PDFs in one LibreOffice start."""
    outcomes = [_draft_one(i) for i in node_ids]
    if "pdf" in _JOB.extras:
        drafted = [o for o in outcomes if not o.error]
        jobs = [(output_for(_JOB.out, o.node_id, _JOB.year), output_for(_JOB.out, o.node_id, _JOB.year, ".pdf"))
                for o in drafted]
        for o, c in zip(drafted, _pdf_pool().convert(jobs), strict=True):
            if c.ok:
                o.files["pdf"] = 1
            else:
                o.error = f"PDF 未生成：{c.error}"
    return outcomes


_POOL = None  # this worker's LibreOffice


def _pdf_pool():
    global _POOL
    from .lopool import PdfPool

    if _POOL is None or _POOL.workdir.parent != _JOB.lo_dir:
        _POOL = PdfPool(_JOB.lo_dir / str(os.getpid()))
    return _POOL


def _draft_one(node_id: str) -> Outcome:
    """Runs in a worker: one node's notice written to ``<id>-<year>.docx`` (and its extras)."""
    from .assemble import build_notice
    from .writers import writer_for

    job = _JOB
    files: dict[str, int] = {}
    try:
        notice = build_notice(node_id, job.year, job.root)
        # every output through the one registry, as ``notice draft`` writes it
        docx = output_for(job.out, node_id, job.year)
        writer_for(docx)(notice, docx, True)
        files["docx"] = 1
        if "html" in job.extras:
            html = output_for(job.out, node_id, job.year, ".html")
            writer_for(html)(notice, html, True)
            files["html"] = 1
        if "forms" in job.extras and any(a.form for a in notice.attachments):
            from .forms import write_forms

            folder = forms_folder(job.out, node_id, job.year)
            folder.mkdir(exist_ok=True)
            files["forms"] = len(write_forms(notice, folder, force=True))
        return Outcome(node_id, files=files)
    except NoticeError as exc:
        return Outcome(node_id, exc.message, files)
    except Exception as exc:  # one node's unforeseen failure must not stop three thousand others
        return Outcome(node_id, f"内部错误（{type(exc).__name__}），请报告此问题", files)


class _Quiet:
    """No terminal: nothing while running, the summary line at the end."""

    def advance(self, outcome: Outcome) -> None:
        pass

    def close(self) -> None:
        pass


class _Bar:
    """A progress bar on a terminal (rich), with the count of failures so far."""

    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.failed = 0
        self.progress = Progress(TextColumn("生成文件"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("失败 {task.fields[failed]}"), TimeRemainingColumn(),
                                 console=_stderr_console(), transient=True)
        self.task = self.progress.add_task("draft", total=total, failed=0)
        self.progress.start()

    def advance(self, outcome: Outcome) -> None:
        self.failed += bool(outcome.error)
        files = outcome.files or {}
        steps = sum(files.get(k, 0) for k in ("docx", "pdf", "html")) or 1
        self.progress.update(self.task, advance=steps, failed=self.failed)

    def close(self) -> None:
        self.progress.stop()


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)


def _progress(total: int) -> _Quiet | _Bar:
    return _Bar(total) if sys.stderr.isatty() and os.environ.get("TERM") != "dumb" else _Quiet()
