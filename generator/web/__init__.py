"""``notice serve``: the clerks' workbench, a local web application over the same functions
the commands use (explain, draft, forms, preview, lint, check-profile)."""

from .app import create_app

__all__ = ["create_app"]
