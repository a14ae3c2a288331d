"""Running ``notice serve`` until SIGTERM or SIGINT (Ctrl-C), leaving no process behind.

uvicorn turns both signals into a graceful shutdown; the application's lifespan then stops
the drafting workers. What multiprocessing started besides them (the resource tracker of the
spawn context) would outlive the server under PID 1, so it is stopped here, after the server
returned, however it returned.
"""

from __future__ import annotations

import multiprocessing
import os
import signal

import uvicorn


class _Server(uvicorn.Server):
    """Prints the addresses once the port accepts connections (the workers are warm by then)."""

    def __init__(self, config: uvicorn.Config, banner: str) -> None:
        super().__init__(config)
        self.banner = banner

    def handle_exit(self, sig: int, frame) -> None:
        # uvicorn would raise the signal again once shut down, killing this process before
        # it stops what multiprocessing left (stop_children); a graceful stop exits 0 instead
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        self.should_exit = True

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets)
        if self.started and not self.should_exit:
            print(self.banner, flush=True)


def stop_children() -> None:
    """Every process multiprocessing started in this one, and its resource tracker."""
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join(2)
    from multiprocessing import resource_tracker

    tracker = resource_tracker._resource_tracker
    stop = getattr(tracker, "_stop", None)  # Python 3.12+
    if stop is not None:
        stop()
        return
    with tracker._lock:  # 3.11: closing its pipe ends it; then reap it
        if tracker._fd is not None:
            os.close(tracker._fd)
            tracker._fd = None
        if tracker._pid is not None:
            try:
                os.waitpid(tracker._pid, 0)
            except ChildProcessError:
                pass
            tracker._pid = None


def serve_until_stopped(app, host: str, port: int, banner: str) -> int:
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=10)
    server = _Server(config, banner)
    try:
        server.run()
    finally:
        app.state.bench.workers.close()
        stop_children()
    return 0
