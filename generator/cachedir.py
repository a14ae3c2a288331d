"""Where notice-kit keeps what it can rebuild: ``NOTICE_KIT_CACHE=DIR`` (``off`` for nowhere),
else ``$XDG_CACHE_HOME/notice-kit`` or ``~/.cache/notice-kit``."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The cache folder, or None when the user turned the cache off."""
    setting = os.environ.get("NOTICE_KIT_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "notice-kit"
