""" "Gửi báo lỗi": the last log files and version information in one zip the clerk hands over (no network)."""

from __future__ import annotations

import platform
import sys
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from trungtam_desktop import APP_DISPLAY_NAME, __version__
from trungtam_desktop.logs import LOG_FILE_NAME, scrub

MAX_LOG_FILES = 3


def report_name(now: datetime | None = None) -> str:
    return f"bao-loi-trungtam_{(now or datetime.now()):%Y%m%d-%H%M}.zip"


def version_info(extra: Iterable[tuple[str, str]] = ()) -> str:
    lines = [
        f"Chương trình: {APP_DISPLAY_NAME}",
        f"Phiên bản: {__version__}",
        f"Thời điểm: {datetime.now():%d/%m/%Y %H:%M:%S}",
        f"Python: {sys.version.split()[0]}",
        f"Hệ điều hành: {platform.platform()}",
        f"Đóng gói: {'có' if getattr(sys, 'frozen', False) else 'không'}",
    ]
    lines.extend(f"{label}: {value}" for label, value in extra)
    return "\n".join(lines) + "\n"


def write_error_report(log_dir: Path, destination: Path, extra: Iterable[tuple[str, str]] = ()) -> Path:
    """Zip ``trungtam.log`` and the newest rotated files with ``phien-ban.txt``; returns ``destination``.

    Only logs and version facts go in: never the database (learners' personal data stays on this PC). The
    logs are scrubbed once more on the way in (files written by an older version were not).
    """
    logs = sorted(
        log_dir.glob(f"{LOG_FILE_NAME}*") if log_dir.is_dir() else [],
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )[:MAX_LOG_FILES]
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + ".partial")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("phien-ban.txt", version_info(extra))
            for path in logs:
                text = path.read_bytes().decode("utf-8", "replace")
                archive.writestr(f"nhat-ky/{path.name}", scrub(text))
            if not logs:
                archive.writestr("nhat-ky/KHONG-CO-NHAT-KY.txt", f"Không có tệp nhật ký trong {log_dir}.\n")
        tmp.replace(destination)
    finally:
        tmp.unlink(missing_ok=True)  # a full drive leaves no half zip beside the chosen name
    return destination
