"""Command line: opens the window, or runs an administrator's command.

Exit codes: 0 done, 1 bad input or data (message on stderr, in Vietnamese), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import trungtam_desktop
from trungtam_desktop import APP_DISPLAY_NAME
from trungtam_desktop.cli_args import code_arg, path_arg, value_arg
from trungtam_desktop.cli_province import add_province, cmd_public_key, cmd_rollup, cmd_verify_qr
from trungtam_desktop.cli_report import add_report, cmd_report
from trungtam_desktop.cli_safety import add_safety, cmd_backup, cmd_check, cmd_restore
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
        kwargs["allow_abbrev"] = False  # "--v" is not "--valid-only": an option is typed whole or refused
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
        type=path_arg,
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
    add_safety(sub, _add_data_dir)
    _add_import(sub)
    add_report(sub, _Parser)
    add_province(sub)
    return parser


def _add_import(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importing = sub.add_parser("import", help="nhập dữ liệu từ tệp Excel (.xlsx) hoặc .csv")
    kinds = importing.add_subparsers(dest="kind", parser_class=_Parser, metavar="LOẠI", required=True)
    learners = kinds.add_parser(
        "learners",
        help="nhập danh sách học viên (in kết quả từng dòng)",
        description="Nhập danh sách học viên từ tệp .xlsx hoặc .csv. Không có --valid-only: chỉ cần một "
        "dòng lỗi là không nhập gì (mã thoát 1).",
    )
    learners.add_argument("file", type=path_arg, metavar="TỆP", help="tệp danh sách (.xlsx hoặc .csv)")
    learners.add_argument(
        "--class", dest="class_code", type=code_arg, metavar="MÃ_LỚP", help="xếp các học viên vào lớp này"
    )
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
        parser.add_argument(
            "--class", dest="class_code", required=True, type=code_arg, metavar="MÃ_LỚP", help="mã lớp"
        )
        parser.add_argument(
            "--out", required=True, type=path_arg, metavar="TỆP.pdf", help="tệp PDF sẽ ghi ra"
        )
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
    certificates.add_argument(
        "--class", dest="class_code", required=True, type=code_arg, metavar="MÃ_LỚP", help="mã lớp"
    )
    certificates.add_argument(
        "--out", required=True, type=path_arg, metavar="TỆP.pdf", help="tệp PDF sẽ ghi ra"
    )
    certificates.add_argument(
        "--fields-only", action="store_true", help="chỉ in phần điền vào phôi in sẵn (theo mẫu đang dùng)"
    )
    _add_data_dir(certificates)
    register = kinds.add_parser("register", help="sổ cấp giấy chứng nhận của một năm")
    register.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm của sổ, ví dụ 2024")
    register.add_argument("--out", required=True, type=path_arg, metavar="TỆP.pdf", help="tệp PDF sẽ ghi ra")
    register.add_argument(
        "--from", dest="start", type=value_arg, metavar="dd/mm/yyyy", help="chỉ các giấy cấp từ ngày này"
    )
    register.add_argument(
        "--to", dest="end", type=value_arg, metavar="dd/mm/yyyy", help="chỉ các giấy cấp đến ngày này"
    )
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
        "backup": cmd_backup,
        "restore": cmd_restore,
        "check": cmd_check,
        "import": _cmd_import,
        "report": cmd_report,
        "public-key": cmd_public_key,
        "rollup": cmd_rollup,
        "verify-qr": cmd_verify_qr,
    }
    log_file = _command_logging(args)
    try:
        return commands[args.command](args)
    except DomainError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return _output_closed()
    except KeyboardInterrupt:  # Ctrl+C: the open transaction is rolled back, nothing is half-written
        print(
            "Lỗi: lệnh đã bị dừng (Ctrl+C). Không có gì bị ghi dở: việc đã xong thì đã lưu, việc chưa "
            "xong thì chưa ghi gì.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except Exception as exc:  # never a traceback on the console: a sentence, and the details in the log
        return _unexpected(exc, args, log_file)


def _command_logging(args: argparse.Namespace) -> Path | None:
    """A command logs into its data folder's ``logs/`` (scrubbed of personal data), never on the console.
    A folder that does not exist yet is not created for that; one that cannot be written gets no log."""
    from trungtam_desktop.logs import setup_logging

    if args.command in (None, "self-test"):
        return None  # the window sets up its own; the self-test works in a temporary folder
    root = resolve_data_paths(args.data_dir).root
    if not root.is_dir():
        import logging

        logging.getLogger().addHandler(logging.NullHandler())  # nothing may reach the console
        return None
    return setup_logging(root / "logs")


def _unexpected(exc: BaseException, args: argparse.Namespace, log_file: Path | None) -> int:
    """A failure no command expected: what it is in Vietnamese (a disk failure names its file), the
    scrubbed traceback in the log file only."""
    import logging

    from trungtam_desktop.disk_errors import describe, kind_of, path_of

    logging.getLogger(__name__).error("Command %s failed", args.command or "-", exc_info=exc)
    kind = kind_of(exc)
    if kind is not None:
        database = None if args.command is None else resolve_data_paths(args.data_dir).database
        print(f"Lỗi: {describe(kind, path_of(exc, database))}", file=sys.stderr)
    else:
        where = f" Chi tiết đã được ghi vào tệp nhật ký {log_file}." if log_file else ""
        print(f"Lỗi không mong đợi ({type(exc).__name__}); lệnh chưa làm xong.{where}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _output_closed() -> int:
    """The program reading our output stopped (``| more`` closed): say nothing more, exit 1."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
    except (OSError, ValueError):
        pass
    print(
        "Lỗi: đầu ra của lệnh đã bị đóng (chương trình đọc kết quả đã dừng); lệnh dừng lại.", file=sys.stderr
    )
    return EXIT_BAD_INPUT


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _cmd_gui(args: argparse.Namespace) -> int:
    from trungtam_desktop.app import make_demo_folder, run_gui

    paths = make_demo_folder() if args.demo else resolve_data_paths(args.data_dir)
    return run_gui(paths, demo=args.demo)


def _print_progress(stage: str, done: int, total: int) -> None:
    print(f"  {stage}: {format_int(done)}/{format_int(total)}", flush=True)


def _cmd_seed_demo(args: argparse.Namespace) -> int:
    from trungtam_desktop.app import command_session
    from trungtam_desktop.services.demo import seed_demo

    paths = resolve_data_paths(args.data_dir)
    with command_session(paths, "seed-demo", say=_say) as opened:
        start = time.perf_counter()
        print(f"Tạo dữ liệu mẫu ({args.scale}) vào {paths.database} ...", flush=True)
        summary = seed_demo(opened.database, scale=args.scale, seed=args.seed, progress=_print_progress)
        elapsed = time.perf_counter() - start
    for label, count in summary.items():
        print(f"  {label}: {format_int(count)}")
    print(f"Xong sau {format_decimal(elapsed)} giây.")
    return EXIT_OK


def _cmd_print(args: argparse.Namespace) -> int:
    """Render one document of one class into ``--out``; the class is looked up by its code."""
    from trungtam_desktop.app import command_session
    from trungtam_desktop.documents.pdf_info import page_count
    from trungtam_desktop.services.files import save_file
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
    with command_session(paths, "print", say=_say) as opened:
        training_class = opened.services.classes.get_by_code(args.class_code)
        documents = opened.services.class_documents
        about = documents.describe(kind, training_class.id, blank=blank)
        data = documents.render(kind, training_class.id, blank=blank, dated=dated)
    save_file(out, data)
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

    from trungtam_desktop.app import command_session
    from trungtam_desktop.documents.pdf_info import page_count
    from trungtam_desktop.domain.certificate_layout import PrintMode
    from trungtam_desktop.domain.enums import CertificateStatus
    from trungtam_desktop.domain.reports import check_year
    from trungtam_desktop.domain.vietnamese import parse_date
    from trungtam_desktop.services.files import save_file

    if args.kind == "register":
        check_year(args.year)
    with command_session(paths, "print", say=_say) as opened:
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
    save_file(out, data)
    print(f"Đã ghi {what} vào {out.resolve()} ({format_int(page_count(data))} trang).")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    """Import a learner list: the per-row report on stdout; exit 1 when any row is in error (unless
    ``--valid-only``) or the file cannot be read; nothing is written by ``--dry-run``."""
    from trungtam_desktop.app import command_session

    source = Path(args.file).expanduser()
    paths = resolve_data_paths(args.data_dir)
    if not paths.database.is_file():
        print(f"Lỗi: không có cơ sở dữ liệu trong thư mục {paths.root}", file=sys.stderr)
        return EXIT_BAD_INPUT
    with command_session(paths, "import", say=_say) as opened:
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


if __name__ == "__main__":
    sys.exit(main())
