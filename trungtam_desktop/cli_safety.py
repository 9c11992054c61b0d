"""``trungtam-desktop backup | restore | check``: the data-safety commands.

    backup --data-dir DIR --to FILE|FOLDER [--password-file F]   a verified copy (encrypted with a password)
    restore --data-dir DIR FILE [--password-file F]              replace the database with a backup
    check --data-dir DIR                                          integrity and schema version

``backup`` and ``check`` only read the data folder and take no lock; ``restore`` takes the folder's lock and
is refused while any program has the database open. Exit codes as for every command: 0 done, 1 bad input
or data, 2 usage.
"""

from __future__ import annotations

import argparse
import codecs
import sys
import time
from collections.abc import Callable
from pathlib import Path

from trungtam_desktop.cli_args import path_arg
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.vietnamese import format_decimal
from trungtam_desktop.paths import resolve_data_paths

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def add_safety(
    sub: argparse._SubParsersAction, add_data_dir: Callable[[argparse.ArgumentParser], None]
) -> None:  # type: ignore[type-arg]
    backup = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu ra một tệp (có kiểm tra lại bản sao)")
    add_data_dir(backup)
    backup.add_argument(
        "--to",
        required=True,
        type=path_arg,
        metavar="TỆP",
        help="tệp sao lưu sẽ ghi ra (hoặc một thư mục: tự đặt tên tệp)",
    )
    backup.add_argument(
        "--password-file",
        type=path_arg,
        metavar="TỆP",
        help="mã hóa bản sao lưu bằng mật khẩu ghi ở dòng đầu của tệp này",
    )
    restore = sub.add_parser("restore", help="khôi phục cơ sở dữ liệu từ một tệp sao lưu")
    add_data_dir(restore)
    restore.add_argument("file", type=path_arg, metavar="TỆP", help="tệp sao lưu (.sqlite hoặc .sqlite.enc)")
    restore.add_argument(
        "--password-file", type=path_arg, metavar="TỆP", help="mật khẩu của bản sao lưu đã mã hóa"
    )
    check = sub.add_parser("check", help="kiểm tra toàn vẹn và phiên bản lược đồ của cơ sở dữ liệu")
    add_data_dir(check)


def _read_password(path: str | None) -> str | None:
    """The first line of the file: UTF-8 with or without the BOM Notepad may write, or UTF-16 with its BOM
    (Notepad's "Unicode"). A BOM left in the password would make a right password fail as a wrong one."""
    if not path:
        return None
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        from trungtam_desktop.disk_errors import disk_error

        raise DomainError(f"Không đọc được tệp mật khẩu. {disk_error(exc, Path(path)).message}") from exc
    try:
        utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        text = raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(f"Tệp mật khẩu {path} không phải văn bản UTF-8; hãy lưu lại ở dạng UTF-8.") from exc
    lines = text.splitlines()
    password = lines[0].rstrip("\r\n") if lines else ""
    if not password:
        raise DomainError(f"Tệp mật khẩu {path} trống.")
    return password


def cmd_backup(args: argparse.Namespace) -> int:
    """A verified copy of the database into ``--to`` (a file, or a folder for an automatic name).

    Read-only on the data folder (SQLite's online backup takes a consistent snapshot), so it needs no lock
    and may run while the window is open; its temporary files carry its own process id (``temp_files``)."""
    from trungtam_desktop.db.restore import inspect_database
    from trungtam_desktop.services.backups import export_backup, summary_text

    paths = resolve_data_paths(args.data_dir)
    if not paths.database.is_file():
        print(f"Lỗi: không có cơ sở dữ liệu trong thư mục {paths.root}", file=sys.stderr)
        return EXIT_BAD_INPUT
    password = _read_password(args.password_file)
    target = Path(args.to).expanduser()
    start = time.perf_counter()
    summary = inspect_database(paths.database, full_check=False)
    if target.is_dir():
        written = export_backup(paths, target, password)
    else:
        written = export_backup(paths, target.parent, password, file_name=target.name)
    elapsed = format_decimal(time.perf_counter() - start)
    locked = " (đã mã hóa bằng mật khẩu)" if password else ""
    print(f"Đã sao lưu vào {written.resolve()}{locked}: {summary_text(summary)}; {elapsed} giây.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the data folder's database with a backup: under the folder's lock (refused while the window
    has the folder open; waits for another command), and refused while any program has the database open."""
    from trungtam_desktop.app import backup_service, folder_locked
    from trungtam_desktop.services.backups import restore_report

    paths = resolve_data_paths(args.data_dir)
    source = Path(args.file).expanduser()
    password = _read_password(args.password_file)
    with folder_locked(paths, "restore", say=_say):
        result = backup_service(paths).restore(source, password)
    print(restore_report(result))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Integrity and schema revision of the database; exit 1 when it cannot be used as it is. A folder
    that cannot be written is said so (exit 0): the database in it is not damaged."""
    import os

    from trungtam_desktop.db.backup import BackupError, integrity_problem, stored_revision
    from trungtam_desktop.db.migrate import SCHEMA_REVISION
    from trungtam_desktop.db.restore import inspect_database
    from trungtam_desktop.services.backups import summary_text

    paths = resolve_data_paths(args.data_dir)
    print(f"Cơ sở dữ liệu: {paths.database}")
    if not paths.database.is_file():
        print(f"Lỗi: không có cơ sở dữ liệu trong thư mục {paths.root}", file=sys.stderr)
        return EXIT_BAD_INPUT
    problem = integrity_problem(paths.database)
    if problem:
        print(f"Lỗi: cơ sở dữ liệu bị hỏng: {problem}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    print("Toàn vẹn: tốt (PRAGMA integrity_check = ok)")
    try:
        summary = inspect_database(paths.database, full_check=False)
    except BackupError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    revision = stored_revision(paths.database)
    note = "" if revision == SCHEMA_REVISION else " — sẽ được nâng cấp khi mở chương trình"
    print(f"Phiên bản lược đồ: {revision} (chương trình: {SCHEMA_REVISION}){note}")
    print(f"Dữ liệu: {summary_text(summary)}")
    if not os.access(paths.root, os.W_OK) or not os.access(paths.database, os.W_OK):
        print(
            f"Lưu ý: thư mục dữ liệu {paths.root} hoặc tệp cơ sở dữ liệu chỉ cho phép đọc. Dữ liệu vẫn tốt, "
            "nhưng chương trình và các lệnh ghi dữ liệu sẽ không mở được cho đến khi có quyền ghi.",
            file=sys.stderr,
        )
    return EXIT_OK
