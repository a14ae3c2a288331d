"""The ``notice`` command: one subcommand per job, errors as Chinese messages + exit codes.

Exit codes: 0 success / clean, 1 lint found errors, 2 bad input or refused action.
Subcommands live in ``generator/commands/<name>.py`` and expose ``register(sub)``; they
are discovered here so each job's module stays on its own.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
import threading

from . import collecting, commands, startup_cache
from .cachedir import cache_dir
from .cliargs import Parser
from .errors import NoticeError, os_error_cn

# A command's module where its name differs (else generator/commands/<name>.py).
_MODULE_OF = {"check-profile": "profiles", "import": "import_"}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the arguments, only the named command's module is imported (each
    imports its whole stack — serve's web app, import's YAML writer — so all of them cost
    ~1 s of a 2 s `notice draft`); without them, or for `notice -h`, all are."""
    parser = Parser(
        prog="notice",
        description="通知工坊：起草、审查、补全全民终身学习活动周通知。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=Parser)
    sub.required = True
    first = argv[0] if argv else ""
    wanted = _MODULE_OF.get(first, first.replace("-", "_"))
    own = os.path.join(commands.__path__[0], f"{wanted}.py")
    if wanted.isidentifier() and not wanted.startswith("_") and os.path.isfile(own):
        names = [wanted]  # the named command alone: no listing of the folder (pkgutil: ~1 ms)
    else:
        import pkgutil

        names = sorted(info.name for info in pkgutil.iter_modules(commands.__path__))
    for name in names:
        module = importlib.import_module(f"{commands.__name__}.{name}")
        if hasattr(module, "register"):  # a command's helper module (serve_process) is no command
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    collecting.starting()  # rare collections while it starts (collecting.py); loops ask for the usual
    # before the command's modules compile their patterns and classes (startup_cache: ~180 ms of a cold lint)
    startup_cache.install(cache_dir(), argv[0] if argv else "")
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its message
        return int(exc.code or 0) and 2
    try:
        return int(args.func(args) or 0)
    except NoticeError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file problem no command foresaw: still a message, not a traceback
        where = f"：{exc.filename}" if exc.filename else ""
        print(f"错误：文件操作失败{where}（{os_error_cn(exc)}）", file=sys.stderr)
        return 2


def run() -> None:
    """The ``notice`` command: ``main()``, then the process ends without Python's teardown.

    Tearing down the ~1,500 modules' objects took ~20 ms of a 160 ms cold ``notice draft``,
    more than writing the notice's text. By then every file a command wrote is closed and
    renamed into place; the exit handlers (the caches' saves, a LibreOffice pool's close) run
    first and the standard streams are flushed. A process with a thread of its own still
    running (none of the commands leaves one) ends as usual."""
    code = main()
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (notice lint … | head): nothing more to say
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
