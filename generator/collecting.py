"""How often Python's cycle collector runs: rarely while a command starts, as usual once it
works through many documents.

A command makes ~60,000 objects that live as long as it does (modules, classes, the tree); at
Python's default threshold (a collection per 700 objects that outlive their statement) the
collector walks them ~60 times, 6–10 ms of a 170 ms cold ``notice draft``. But each document
a loop finishes leaves cycles (python-docx's part ↔ document) that hold its XML in C memory the
threshold does not count: at one collection per 100,000 objects, a batch of 2,800 counties held
316 MB a worker (133 MB as usual). So a loop over documents asks for the usual threshold back.
A block that builds many objects that all stay (the tree's read results) pauses it outright.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: one collection per this many surviving objects while a command starts
STARTING = (100_000, 10, 10)
USUAL = gc.get_threshold()  # Python's own, taken before anything changes it


def starting() -> None:
    """A command begins: its modules and data are long-lived, so collect rarely."""
    gc.set_threshold(*STARTING)


def many_documents() -> None:
    """A loop over documents begins (a batch, several files, a server): collect as usual."""
    gc.set_threshold(*USUAL)


@contextmanager
def paused() -> Iterator[None]:
    """No collection while a block makes many objects that all stay (a tree's results)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
