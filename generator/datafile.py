"""The project's own YAML data (the reading vocabulary, form definitions, profile files read
for a diff) parsed by libyaml where PyYAML has it: ~6× faster than the pure-Python parser
(~20 ms of a cold ``notice lint`` for vocabulary.yaml alone), same safe constructors."""

from __future__ import annotations

from typing import Any


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, with libyaml's parser when it is installed."""
    import yaml  # ~7 ms: imported by the modules that read data, only when one is read

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)
