"""``trungtam-desktop report``: the periodic report or the teaching pay list, written to a PDF or XLSX file.

    trungtam-desktop report --year 2024 --period q3 --out bao-cao.pdf      (the periodic report)
    trungtam-desktop report period --year 2024 --period year --out bao-cao.xlsx
    trungtam-desktop report pay --year 2024 --period q3 --out thu-lao.pdf  (the pay list)
    trungtam-desktop report --year 2024 --period q3 --package goi.ttct     (the package for the province)

Periods: q1, q2, q3, q4, h1 (6 tháng), 9m (9 tháng), year (cả năm). The periodic report uses the draft the
clerk saved in the program (number, date, hạn chế, phương hướng) if any. The file is written whole or not
at all. Exit codes as for every command: 0 done, 1 bad input or data, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trungtam_desktop.cli_args import path_arg
from trungtam_desktop.domain.reports import ClassBasis, Period

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2
KINDS = {"period": "báo cáo định kỳ (mặc định)", "pay": "bảng kê giờ giảng và thù lao giảng viên"}
_OPTIONS = ("year", "period", "out")


def _add_options(parser: argparse.ArgumentParser, *, suppress: bool, basis: bool = True) -> None:
    """The options of the report; on the sub-commands their defaults are suppressed so that they do not
    overwrite what was given before the sub-command word."""
    default: dict[str, object] = {"default": argparse.SUPPRESS} if suppress else {}
    parser.add_argument("--year", type=int, metavar="NĂM", help="năm báo cáo, ví dụ 2024", **default)
    parser.add_argument(
        "--period",
        choices=[p.value for p in Period],
        metavar="KỲ",
        help="kỳ báo cáo: q1, q2, q3, q4, h1 (6 tháng), 9m (9 tháng), year (cả năm)",
        **default,
    )
    parser.add_argument(
        "--out", type=path_arg, metavar="TỆP", help="tệp ghi ra, đuôi .pdf hoặc .xlsx", **default
    )
    if basis:
        parser.add_argument(
            "--package",
            type=path_arg,
            metavar="TỆP.ttct",
            help="ghi thêm gói báo cáo gửi tỉnh (số liệu, danh sách lớp, giấy chứng nhận; có chữ ký)",
            **default,
        )
        parser.add_argument(
            "--basis",
            choices=[b.value for b in ClassBasis],
            help="xếp lớp vào kỳ theo ngày kết thúc (end, mặc định) hay ngày khai giảng (start)",
            **default,
        )
    parser.add_argument(
        "--data-dir",
        metavar="THƯ_MỤC",
        type=path_arg,
        default=argparse.SUPPRESS,
        help="thư mục dữ liệu (mặc định: thư mục người dùng)",
    )


def add_report(sub: argparse._SubParsersAction, parser_class: type[argparse.ArgumentParser]) -> None:  # type: ignore[type-arg]
    report = sub.add_parser("report", help="báo cáo định kỳ hoặc bảng kê thù lao ra tệp PDF hay XLSX")
    _add_options(report, suppress=False)
    kinds = report.add_subparsers(dest="report_kind", parser_class=parser_class, metavar="LOẠI")
    for kind, help_text in KINDS.items():
        _add_options(kinds.add_parser(kind, help=help_text), suppress=True, basis=kind == "period")


def _usage(message: str) -> int:
    print(f"trungtam-desktop report: lỗi cú pháp lệnh: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_report(args: argparse.Namespace) -> int:
    from trungtam_desktop.app import command_session
    from trungtam_desktop.domain.reports import check_year, period_title
    from trungtam_desktop.domain.vietnamese import format_int
    from trungtam_desktop.paths import resolve_data_paths
    from trungtam_desktop.services.files import save_file
    from trungtam_desktop.services.report_documents import OutputFormat, format_for

    package = getattr(args, "package", None)
    wanted = [name for name in _OPTIONS if not (name == "out" and package)]  # a package alone will do
    missing = [f"--{name}" for name in wanted if getattr(args, name, None) is None]
    if missing:
        return _usage(f"thiếu tham số bắt buộc: {', '.join(missing)}")
    if package and args.report_kind == "pay":
        return _usage("--package chỉ dùng với báo cáo định kỳ")
    out = Path(args.out).expanduser() if getattr(args, "out", None) else None
    output = format_for(out) if out else None  # a ValidationError: exit 1 with its message
    package_out = Path(package).expanduser() if package else None
    if package_out is not None and package_out.suffix.casefold() != ".ttct":
        print(f"Lỗi: gói báo cáo phải có đuôi .ttct: {package_out.name}", file=sys.stderr)
        return EXIT_BAD_INPUT
    period = Period(args.period)
    check_year(args.year)
    paths = resolve_data_paths(args.data_dir)
    if not paths.database.is_file():
        print(f"Lỗi: không có cơ sở dữ liệu trong thư mục {paths.root}", file=sys.stderr)
        return EXIT_BAD_INPUT
    pay = args.report_kind == "pay"
    data = packed = b""
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    with command_session(paths, "report", say=say) as opened:
        documents = opened.services.report_documents
        basis = ClassBasis(getattr(args, "basis", None) or ClassBasis.END.value)
        if pay and output is not None:
            data = documents.pay_list(args.year, period, output)
        elif output is not None:
            data = documents.period_report(args.year, period, output, basis=basis)
        if package_out is not None:
            packed = opened.services.packages.build(args.year, period, basis)
            fingerprint = opened.services.signing.ensure().fingerprint
    if package_out is not None:
        save_file(package_out, packed)
        print(
            f"Đã ghi gói báo cáo {period_title(args.year, period)} gửi tỉnh vào {package_out.resolve()} "
            f"(ký bằng khóa của trung tâm, dấu vân tay {fingerprint})."
        )
    if out is None or output is None:
        return EXIT_OK
    save_file(out, data)
    what = "bảng kê giờ giảng và thù lao" if pay else "báo cáo"
    if output is OutputFormat.PDF:
        from trungtam_desktop.documents.pdf_info import page_count

        size = f"{format_int(page_count(data))} trang"
    else:
        size = "bảng tính Excel"
    print(f"Đã ghi {what} {period_title(args.year, period)} vào {out.resolve()} ({size}).")
    return EXIT_OK
