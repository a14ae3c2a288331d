"""Errors a user can act on: each carries a Chinese message and the exit code."""

from __future__ import annotations


class NoticeError(Exception):
    """Bad input or a refused action. The CLI prints ``message`` and exits ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
