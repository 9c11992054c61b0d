"""Renders every document kind the program knows, for ``self-test`` (extended as documents arrive)."""

from __future__ import annotations

from collections.abc import Iterator


def render_all_documents(services) -> Iterator[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Yields (document name, PDF size in bytes) for each document kind; empty until renderers exist."""
    yield from ()
