"""The error report zip: a write that fails half-way leaves neither the zip nor a partial file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from trungtam_desktop.error_report import write_error_report
from trungtam_desktop.logs import LOG_FILE_NAME


def test_a_failed_write_leaves_no_half_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / LOG_FILE_NAME).write_text("dòng nhật ký\n", "utf-8")

    def full_drive(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_drive)
    out = tmp_path / "usb" / "bao-loi.zip"
    with pytest.raises(OSError):
        write_error_report(logs, out)
    assert list(out.parent.iterdir()) == []
