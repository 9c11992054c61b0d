"""Writing a file the clerk chose (an export, a saved PDF): whole or not at all.

The bytes go to a hidden file beside the target, then are renamed into place, so a full disk, a USB stick
pulled out or a file open in Excel never leaves a half-written document behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from trungtam_desktop.disk_errors import FULL, IN_USE, IO, MISSING, READ_ONLY, describe, kind_of
from trungtam_desktop.domain.errors import ValidationError


def save_file(out: Path, data: bytes, *, create_folder: bool = True) -> None:
    """Write ``data`` beside ``out`` then rename it into place (``create_folder``: make missing folders,
    as the command line wants; a file dialog's folder exists already).

    A file or folder that cannot be written raises ``ValidationError`` naming ``out`` (the window and the
    command line both show it as it is, not as an unexpected error)."""
    temporary = out.with_name(f".{out.name}.tmp")
    try:
        if create_folder:
            out.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        kind = kind_of(exc)
        if kind in (FULL, READ_ONLY, MISSING, IO, IN_USE):  # say what is wrong: the drive, or the open file
            where, what = (out, "tệp") if kind == IN_USE else (out.parent, "thư mục")
            raise ValidationError("out", f"Không ghi được tệp {out}. {describe(kind, where, what)}") from None
        raise ValidationError(
            "out",
            f"Không ghi được tệp {out}. Tệp có đang mở trong Excel hay trình xem PDF không, và thư mục có "
            "ghi được không?",
        ) from None
