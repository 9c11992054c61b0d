"""trungtam_desktop — offline desktop program for a Vietnamese political training centre."""

from __future__ import annotations

APP_NAME = "trungtam_desktop"
APP_DISPLAY_NAME = "Quản lý Trung tâm chính trị"


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first asked for: importing
    importlib.metadata costs the start of the program 20-50 ms that the first screen does not need."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("trungtam-desktop")
    except PackageNotFoundError:  # running from a source tree that was not installed
        found = "0.1.0"
    globals()["__version__"] = found
    return found
