"""Command line: opens the window, or runs an administrator's command.

Exit codes: 0 done, 1 bad input or data (message on stderr, in Vietnamese), 2 usage.
"""

from __future__ import annotations

import argparse
import codecs
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import trungtam_desktop
from trungtam_desktop import APP_DISPLAY_NAME
from trungtam_desktop.cli_province import add_province, cmd_public_key, cmd_rollup, cmd_verify_qr
from trungtam_desktop.cli_report import add_report, cmd_report
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.vietnamese import format_date, format_decimal, format_int
from trungtam_desktop.paths import DataPaths, resolve_data_paths

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


# argparse's own English error phrases, in Vietnamese.
_ARGPARSE_PHRASES = (
    ("the following arguments are required", "thiếu tham số bắt buộc"),
    ("unrecognized arguments", "tham số không hợp lệ"),
    ("invalid choice", "lựa chọn không hợp lệ"),
    ("choose from", "chọn một trong"),
    ("expected one argument", "cần một giá trị"),
    ("ignored explicit argument", "không nhận giá trị"),
    ("not allowed with argument", "không dùng cùng với"),
    ("ambiguous option", "tùy chọn không rõ ràng"),
    ("could match", "có thể là"),
    ("invalid int value", "không phải số nguyên"),
    ("argument ", "tham số "),
)


def vietnamese_usage_error(message: str) -> str:
    """An argparse error message with its English phrases put into Vietnamese."""
    for english, vietnamese in _ARGPARSE_PHRASES:
        message = message.replace(english, vietnamese)
    return message


class _Formatter(argparse.HelpFormatter):
    """Help text with a Vietnamese "usage" line."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Vietnamese: usage line, section titles, -h/--help and error lines (exit 2)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "lệnh"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def format_help(self) -> str:
        if self.prog == "trungtam-desktop" and not self.description:
            # The version is read (importlib.metadata, tens of ms) only for the help, not for every start.
            self.description = f"{APP_DISPLAY_NAME} — phiên bản {trungtam_desktop.__version__}"
        return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi cú pháp lệnh: {vietnamese_usage_error(message)}\n")


class _Version(argparse.Action):
    """``--version``: the version is read from the package's metadata only when asked for."""

    def __init__(
        self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object
    ) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        print(f"{parser.prog} {trungtam_desktop.__version__}")  # on stdout, as argparse's own action does
        parser.exit()


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    """``--data-dir``, accepted before or after the command word. Its default is suppressed so that a
    command's parser does not overwrite a value given before the command (the main parser sets None)."""
    parser.add_argument(
        "--data-dir",
        metavar="THƯ_MỤC",
        default=argparse.SUPPRESS,
        help="thư mục dữ liệu (mặc định: thư mục người dùng)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trungtam-desktop")
    parser.add_argument("--version", action=_Version, help="hiện số phiên bản rồi thoát")
    _add_data_dir(parser)
    parser.set_defaults(data_dir=None)
    parser.add_argument("--demo", action="store_true", help="mở chương trình trên một cơ sở dữ liệu mẫu mới")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="LỆNH")

    seed = sub.add_parser("seed-demo", help="tạo dữ liệu mẫu (small: một năm; large: hai mươi năm)")
    _add_data_dir(seed)
    seed.add_argument("--scale", choices=("small", "large"), default="small", help="quy mô (mặc định: small)")
    seed.add_argument("--seed", type=int, default=20240101, help="hạt giống ngẫu nhiên (mặc định cố định)")

    self_test = sub.add_parser("self-test", help="tự kiểm tra: tạo CSDL tạm, thử dịch vụ và in tài liệu")
    self_test.add_argument("--keep", action="store_true", help="giữ lại thư mục tạm để xem")
    _add_print(sub)
    _add_safety(sub)
    _add_import(sub)
    add_report(sub, _Parser)
    add_province(sub)
    return parser


def _add_safety(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu ra một tệp (có kiểm tra lại bản sao)")
    _add_data_dir(backup)
    backup.add_argument(
        "--to", required=True, metavar="TỆP", help="tệp sao lưu sẽ ghi ra (hoặc một thư mục: tự đặt tên tệp)"
    )
    backup.add_argument(
        "--password-file", metavar="TỆP", help="mã hóa bản sao lưu bằng mật khẩu ghi ở dòng đầu của tệp này"
    )
    restore = sub.add_parser("restore", help="khôi phục cơ sở dữ liệu từ một tệp sao lưu")
    _add_data_dir(restore)
    restore.add_argument("file", metavar="TỆP", help="tệp sao lưu (.sqlite hoặc .sqlite.enc)")
    restore.add_argument("--password-file", metavar="TỆP", help="mật khẩu của bản sao lưu đã mã hóa")
    check = sub.add_parser("check", help="kiểm tra toàn vẹn và phiên bản lược đồ của cơ sở dữ liệu")
    _add_data_dir(check)


def _add_import(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importing = sub.add_parser("import", help="nhập dữ liệu từ tệp Excel (.xlsx) hoặc .csv")
    kinds = importing.add_subparsers(dest="kind", parser_class=_Parser, metavar="LOẠI", required=True)
    learners = kinds.add_parser(
        "learners",
        help="nhập danh sách học viên (in kết quả từng dòng)",
        description="Nhập danh sách học viên từ tệp .xlsx hoặc .csv. Không có --valid-only: chỉ cần một "
        "dòng lỗi là không nhập gì (mã thoát 1).",
    )
    learners.add_argument("file", metavar="TỆP", help="tệp danh sách (.xlsx hoặc .csv)")
    learners.add_argument("--class", dest="class_code", metavar="MÃ_LỚP", help="xếp các học viên vào lớp này")
    learners.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và in kết quả, không ghi gì")
    learners.add_argument(
        "--valid-only", action="store_true", help="nhập các dòng hợp lệ, bỏ qua (và báo) các dòng lỗi"
    )
    _add_data_dir(learners)


# The documents ``print`` makes, with their Vietnamese help; the names are ClassDocument's values.
_PRINT_KINDS = {
    "attendance": "danh sách điểm danh (mặc định: đã điểm danh; --blank: để học viên ký)",
    "class-list": "danh sách học viên",
    "results": "bảng điểm, kết quả học tập",
    "timetable": "lịch học",
}


def _add_print(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    printing = sub.add_parser("print", help="in tài liệu của một lớp ra tệp PDF")
    kinds = printing.add_subparsers(dest="kind", parser_class=_Parser, metavar="TÀI_LIỆU", required=True)
    for kind, help_text in _PRINT_KINDS.items():
        parser = kinds.add_parser(kind, help=help_text)
        parser.add_argument("--class", dest="class_code", required=True, metavar="MÃ_LỚP", help="mã lớp")
        parser.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi ra")
        if kind == "attendance":
            parser.add_argument("--blank", action="store_true", help="bản trống để học viên ký tên")
        parser.add_argument(
            "--date",
            metavar="dd/mm/yyyy",
            help="ngày ghi trên tài liệu, hoặc “trong” để trống cho ghi tay (mặc định: ngày khai giảng cho "
            "danh sách học viên, bản điểm danh để ký và lịch học; ngày kết thúc lớp cho bảng điểm và bản "
            "điểm danh đã ghi)",
        )
        _add_data_dir(parser)
    certificates = kinds.add_parser("certificates", help="giấy chứng nhận đã cấp của một lớp")
    certificates.add_argument("--class", dest="class_code", required=True, metavar="MÃ_LỚP", help="mã lớp")
    certificates.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi ra")
    certificates.add_argument(
        "--fields-only", action="store_true", help="chỉ in phần điền vào phôi in sẵn (theo mẫu đang dùng)"
    )
    _add_data_dir(certificates)
    register = kinds.add_parser("register", help="sổ cấp giấy chứng nhận của một năm")
    register.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm của sổ, ví dụ 2024")
    register.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi ra")
    register.add_argument("--from", dest="start", metavar="dd/mm/yyyy", help="chỉ các giấy cấp từ ngày này")
    register.add_argument("--to", dest="end", metavar="dd/mm/yyyy", help="chỉ các giấy cấp đến ngày này")
    _add_data_dir(register)


def _utf8_output() -> None:
    """Vietnamese on a redirected Windows console (cp1252 by default) would raise: write UTF-8 instead.
    The frozen build sets Python's UTF-8 mode itself; a windowed program has no streams at all."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if stream is not None and encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    commands: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _cmd_gui,
        "seed-demo": _cmd_seed_demo,
        "self-test": _cmd_self_test,
        "print": _cmd_print,
        "backup": _cmd_backup,
        "restore": _cmd_restore,
        "check": _cmd_check,
        "import": _cmd_import,
        "report": cmd_report,
        "public-key": cmd_public_key,
        "rollup": cmd_rollup,
        "verify-qr": cmd_verify_qr,
    }
    try:
        return commands[args.command](args)
    except DomainError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"Lỗi tệp hoặc thư mục: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _cmd_gui(args: argparse.Namespace) -> int:
    from trungtam_desktop.app import make_demo_folder, run_gui

    paths = make_demo_folder() if args.demo else resolve_data_paths(args.data_dir)
    return run_gui(paths, demo=args.demo)


def _print_progress(stage: str, done: int, total: int) -> None:
    print(f"  {stage}: {format_int(done)}/{format_int(total)}", flush=True)


def _cmd_seed_demo(args: argparse.Namespace) -> int:
    from trungtam_desktop.app import open_services
    from trungtam_desktop.services.demo import seed_demo

    paths = resolve_data_paths(args.data_dir)
    opened = open_services(paths)
    try:
        start = time.perf_counter()
        print(f"Tạo dữ liệu mẫu ({args.scale}) vào {paths.database} ...", flush=True)
        summary = seed_demo(opened.database, scale=args.scale, seed=args.seed, progress=_print_progress)
        elapsed = time.perf_counter() - start
    finally:
        opened.close()
    for label, count in summary.items():
        print(f"  {label}: {format_int(count)}")
    print(f"Xong sau {format_decimal(elapsed)} giây.")
    return EXIT_OK


def _cmd_print(args: argparse.Namespace) -> int:
    """Render one document of one class into ``--out``; the class is looked up by its code."""
    from trungtam_desktop.app import open_services
    from trungtam_desktop.documents.pdf_info import page_count
    from trungtam_desktop.services.printing import ClassDocument, IssueDate

    out = Path(args.out).expanduser()
    if out.suffix.casefold() != ".pdf":
        print(f"Lỗi: tệp ghi ra phải có đuôi .pdf: {out}", file=sys.stderr)
        return EXIT_BAD_INPUT
    paths = resolve_data_paths(args.data_dir)
    if not paths.database.is_file():
        print(f"Lỗi: không có cơ sở dữ liệu trong thư mục {paths.root}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.kind in ("certificates", "register"):
        return _print_certificates(args, paths, out)
    kind, blank = ClassDocument(args.kind), bool(getattr(args, "blank", False))
    dated = IssueDate.parse(args.date)  # a bad date: exit 1 with the reason, before opening anything
    opened = open_services(paths)
    try:
        training_class = opened.services.classes.get_by_code(args.class_code)
        documents = opened.services.class_documents
        about = documents.describe(kind, training_class.id, blank=blank)
        data = documents.render(kind, training_class.id, blank=blank, dated=dated)
    finally:
        opened.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    pages = format_int(page_count(data))
    on = dated.resolve(about.rule_date)
    when = f"ngày {format_date(on)}" if on else "để trống ngày cho ghi tay"
    print(
        f"Đã ghi {about.title.lower()} lớp {training_class.code} vào {out.resolve()} ({pages} trang; {when})."
    )
    return EXIT_OK


def _print_certificates(args: argparse.Namespace, paths: DataPaths, out: Path) -> int:
    """``print certificates``: a class's valid certificates from their stored faces (a reprint, audited);
    ``print register``: the register book of a year."""
    from dataclasses import replace

    from trungtam_desktop.app import open_services
    from trungtam_desktop.documents.pdf_info import page_count
    from trungtam_desktop.domain.certificate_layout import PrintMode
    from trungtam_desktop.domain.enums import CertificateStatus
    from trungtam_desktop.domain.vietnamese import parse_date

    opened = open_services(paths)
    try:
        books, printing = opened.services.certificate_books, opened.services.certificate_printing
        if args.kind == "register":
            start = parse_date(args.start, "start", "Từ ngày") if args.start else None
            end = parse_date(args.end, "end", "Đến ngày") if args.end else None
            data = books.register_book(args.year, start=start, end=end)
            what = f"sổ cấp giấy chứng nhận năm {args.year}"
        else:
            training_class = opened.services.classes.get_by_code(args.class_code)
            lines = [
                c for c in books.list(class_id=training_class.id) if c.status is CertificateStatus.ISSUED
            ]
            if not lines:
                print(
                    f"Lỗi: lớp {training_class.code} chưa có giấy chứng nhận nào còn hiệu lực.",
                    file=sys.stderr,
                )
                return EXIT_BAD_INPUT
            template = None
            if args.fields_only:
                template = replace(printing.active_template(), mode=PrintMode.FIELDS_ONLY)
            ids = [c.id for c in sorted(lines, key=lambda c: (c.year, c.number))]
            data = printing.render(ids, template=template, reprint=True)
            what = f"{format_int(len(ids))} giấy chứng nhận lớp {training_class.code}"
            if args.fields_only:
                what += " (phần điền vào phôi)"
    finally:
        opened.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"Đã ghi {what} vào {out.resolve()} ({format_int(page_count(data))} trang).")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    """Import a learner list: the per-row report on stdout; exit 1 when any row is in error (unless
    ``--valid-only``) or the file cannot be read; nothing is written by ``--dry-run``."""
    from trungtam_desktop.app import open_services

    source = Path(args.file).expanduser()
    paths = resolve_data_paths(args.data_dir)
    if not paths.database.is_file():
        print(f"Lỗi: không có cơ sở dữ liệu trong thư mục {paths.root}", file=sys.stderr)
        return EXIT_BAD_INPUT
    opened = open_services(paths)
    try:
        services = opened.services
        class_id = services.classes.get_by_code(args.class_code).id if args.class_code else None
        sheet = services.learner_import.open(source)
        plan = services.learner_import.dry_run(sheet, class_id=class_id)
        for line in plan.report():
            print(line)
        refused = plan.has_errors and not args.valid_only
        if args.dry_run:
            print("Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.")
            return EXIT_BAD_INPUT if refused else EXIT_OK
        if refused:
            print(
                f"Lỗi: {format_int(len(plan.rejected))} dòng không nhập được nên chưa nhập gì. "
                "Sửa tệp rồi nhập lại, hoặc thêm --valid-only để chỉ nhập các dòng hợp lệ.",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        outcome = services.learner_import.apply(plan, valid_only=args.valid_only)
    finally:
        opened.close()
    print(outcome.summary())
    return EXIT_OK


def _cmd_self_test(args: argparse.Namespace) -> int:
    from trungtam_desktop.selftest import run_self_test

    folder = Path(tempfile.mkdtemp(prefix="trungtam-selftest-"))
    ok = run_self_test(DataPaths(folder), report=print)
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"Thư mục tạm: {folder}")
    return EXIT_OK if ok else EXIT_BAD_INPUT


def _read_password(path: str | None) -> str | None:
    """The first line of the file: UTF-8 with or without the BOM Notepad may write, or UTF-16 with its BOM
    (Notepad's "Unicode"). A BOM left in the password would make a right password fail as a wrong one."""
    if not path:
        return None
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise DomainError(f"Không đọc được tệp mật khẩu {path}: {exc.strerror or exc}.") from exc
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


def _cmd_backup(args: argparse.Namespace) -> int:
    """A verified copy of the database into ``--to`` (a file, or a folder for an automatic name)."""
    from trungtam_desktop.db import backup as bk
    from trungtam_desktop.db.backup_crypto import encrypt_file
    from trungtam_desktop.db.restore import inspect_database
    from trungtam_desktop.services.backups import summary_text

    paths = resolve_data_paths(args.data_dir)
    if not paths.database.is_file():
        print(f"Lỗi: không có cơ sở dữ liệu trong thư mục {paths.root}", file=sys.stderr)
        return EXIT_BAD_INPUT
    password = _read_password(args.password_file)
    if not args.to.strip():  # Path("") is the current folder: never write a backup there by accident
        raise DomainError("Chưa cho biết nơi ghi bản sao lưu (--to TỆP hoặc THƯ MỤC).")
    target = Path(args.to).expanduser()
    start = time.perf_counter()
    if target.is_dir():
        centre = bk.centre_name(paths.database)
        target = bk.free_name(
            target, bk.backup_name(centre, datetime.now(), bk.KIND_MANUAL, encrypted=bool(password))
        )
    if password:
        plain = bk.make_backup(paths.database, paths.backups, bk.KIND_MANUAL)
        try:
            summary = inspect_database(plain, full_check=False)
            encrypt_file(plain, target, password)
        finally:
            plain.unlink(missing_ok=True)
    else:
        bk.backup_file(paths.database, target)
        summary = inspect_database(target, full_check=False)
    elapsed = format_decimal(time.perf_counter() - start)
    locked = " (đã mã hóa bằng mật khẩu)" if password else ""
    print(f"Đã sao lưu vào {target.resolve()}{locked}: {summary_text(summary)}; {elapsed} giây.")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    """Replace the data folder's database with a backup (refused while the program has the folder open)."""
    from trungtam_desktop.app import backup_service
    from trungtam_desktop.services.backups import restore_report
    from trungtam_desktop.ui.instance import InstanceLock

    paths = resolve_data_paths(args.data_dir).ensure()
    source = Path(args.file).expanduser()
    password = _read_password(args.password_file)
    lock = InstanceLock(paths.lock_file)
    if not lock.acquire(listen=False):
        print(
            f"Lỗi: chương trình đang mở thư mục dữ liệu {paths.root}; hãy đóng nó rồi thử lại.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        result = backup_service(paths).restore(source, password)
    finally:
        lock.release()
    print(restore_report(result))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    """Integrity and schema revision of the database; exit 1 when it cannot be used as it is."""
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
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
