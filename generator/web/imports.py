"""The import page's work: engineer "import"'s ``notice import`` dry run, in the worker pool."""

from __future__ import annotations

from typing import Any

from .state import Upload, WebError, Workbench


async def dry_run(wb: Workbench, upload: Upload) -> dict[str, Any]:
    raise WebError(501, "导入功能尚未就绪：notice import 还没有合入主线。")
