"""Subcommands of ``notice``: each module exposes ``register(sub)`` (see generator.cli)."""
