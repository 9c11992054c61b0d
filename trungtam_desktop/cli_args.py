"""Argument types shared by every command: nothing empty is taken for "not given"."""

from __future__ import annotations

import argparse


def path_arg(text: str) -> str:
    """An argument naming a file or folder: an empty one is refused (``Path("")`` is the current folder,
    and an empty ``--data-dir`` would silently mean the real default folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("đường dẫn trống; hãy ghi rõ tệp hoặc thư mục")
    return text


def code_arg(text: str) -> str:
    """A class code: an empty one is refused, never taken as "no class"."""
    if not text.strip():
        raise argparse.ArgumentTypeError("mã trống; hãy ghi rõ mã lớp")
    return text.strip()


def value_arg(text: str) -> str:
    """Any other value (a date...): an empty one is refused, never taken as "not given"."""
    if not text.strip():
        raise argparse.ArgumentTypeError("giá trị trống")
    return text
