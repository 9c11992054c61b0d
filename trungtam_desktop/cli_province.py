"""Commands of the province's side and of the centre's key (issue 21):

    trungtam-desktop public-key [--data-dir DIR] [--out F.txt]      the centre's fingerprint and key line
    trungtam-desktop rollup A.ttct B.ttct … --keys KEYS --year 2024 --period q3 --out tong-hop.xlsx|.pdf
    trungtam-desktop verify-qr "TTCT-GCN2;…" --keys KEYS              check a certificate's QR offline

``rollup`` and ``verify-qr`` read no database and need no data folder: only the packages or the QR text and
the province's keys file(s) (or a folder of them). ``rollup`` writes the consolidated report of the packages
that check out and lists the refused ones (tampered, unsigned, unknown key, duplicate, other period) on
stderr; its exit code is 1 when any package was refused (the report is still written from the others), or
when none is left. The centre's own ``report … --package F.ttct`` is in :mod:`cli_report`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trungtam_desktop.cli_args import path_arg
from trungtam_desktop.domain.reports import ClassBasis, Period

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


def add_province(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    key = sub.add_parser(
        "public-key",
        help="dấu vân tay và khóa công khai của trung tâm (để gửi tỉnh một lần)",
        description="In dấu vân tay và dòng khóa công khai của trung tâm; tạo khóa nếu chưa có.",
    )
    key.add_argument(
        "--out", type=path_arg, metavar="TỆP", help="ghi dòng khóa công khai ra tệp này (để gửi tỉnh)"
    )
    key.add_argument(
        "--data-dir", type=path_arg, metavar="THƯ_MỤC", default=argparse.SUPPRESS, help="thư mục dữ liệu"
    )

    rollup = sub.add_parser(
        "rollup",
        help="tỉnh: kiểm tra chữ ký và tổng hợp các gói báo cáo (.ttct) của các trung tâm",
        description="Kiểm tra từng gói báo cáo (.ttct) bằng danh sách khóa của tỉnh rồi lập báo cáo tổng hợp "
        "theo từng trung tâm và toàn tỉnh. Không cần thư mục dữ liệu.",
    )
    rollup.add_argument(
        "packages", nargs="+", type=path_arg, metavar="GÓI.ttct", help="các gói báo cáo nhận từ trung tâm"
    )
    rollup.add_argument(
        "--keys",
        required=True,
        action="append",
        type=path_arg,
        metavar="KHÓA",
        help="tệp (hoặc thư mục) khóa công khai của các trung tâm; có thể ghi --keys nhiều lần",
    )
    rollup.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm báo cáo")
    rollup.add_argument(
        "--period",
        required=True,
        choices=[p.value for p in Period],
        metavar="KỲ",
        help="kỳ báo cáo: q1, q2, q3, q4, h1, 9m, year",
    )
    rollup.add_argument(
        "--basis",
        choices=[b.value for b in ClassBasis],
        default=ClassBasis.END.value,
        help="cách xếp lớp vào kỳ của các gói (end, mặc định; hoặc start)",
    )
    rollup.add_argument(
        "--out",
        required=True,
        type=path_arg,
        metavar="TỆP",
        help="tệp báo cáo tổng hợp, đuôi .pdf hoặc .xlsx",
    )
    rollup.add_argument(
        "--parent-body", default="", metavar="TÊN", help="cơ quan cấp trên (dòng đầu, góc trái)"
    )
    rollup.add_argument("--issuer", default="", metavar="TÊN", help="cơ quan tổng hợp (dòng thứ hai, in đậm)")
    rollup.add_argument("--place", default="", metavar="ĐỊA_DANH", help="địa danh ở dòng ngày tháng")

    verify = sub.add_parser(
        "verify-qr",
        help="tỉnh: kiểm tra mã QR trên giấy chứng nhận bằng khóa công khai của trung tâm",
        description="Kiểm tra chữ ký trong mã QR của giấy chứng nhận, không cần cơ sở dữ liệu của trung tâm. "
        "Gõ “-” thay cho nội dung để đọc từ đầu vào chuẩn (máy quét).",
    )
    verify.add_argument("text", metavar="NỘI_DUNG_QR", help="nội dung mã QR (hoặc - để đọc từ đầu vào)")
    verify.add_argument(
        "--keys",
        required=True,
        action="append",
        type=path_arg,
        metavar="KHÓA",
        help="tệp (hoặc thư mục) khóa; ghi nhiều lần được",
    )


def cmd_public_key(args: argparse.Namespace) -> int:
    from trungtam_desktop.app import command_session
    from trungtam_desktop.paths import resolve_data_paths
    from trungtam_desktop.services.files import save_file

    paths = resolve_data_paths(getattr(args, "data_dir", None))
    if not paths.database.is_file():
        print(f"Lỗi: không có cơ sở dữ liệu trong thư mục {paths.root}", file=sys.stderr)
        return EXIT_BAD_INPUT
    # the key is made on first need (a write): the folder's lock, as every writing command takes it
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    with command_session(paths, "public-key", say=say) as opened:
        key = opened.services.signing.ensure()
        text = opened.services.signing.key_file_text()
    print(f"Dấu vân tay khóa của trung tâm: {key.fingerprint}")
    print(key.line())
    if args.out:
        out = Path(args.out).expanduser()
        save_file(out, text.encode("utf-8"))
        print(f"Đã ghi khóa công khai vào {out.resolve()}.")
    return EXIT_OK


def cmd_rollup(args: argparse.Namespace) -> int:
    from trungtam_desktop.documents.rollup_report import rollup_renderer, rollup_workbook
    from trungtam_desktop.domain.reports import check_year
    from trungtam_desktop.domain.vietnamese import format_int
    from trungtam_desktop.services.files import save_file
    from trungtam_desktop.services.province.rollup import read_keys, roll_up
    from trungtam_desktop.services.report_documents import OutputFormat, format_for

    out = Path(args.out).expanduser()
    output = format_for(out)
    check_year(args.year)
    keys = read_keys([Path(k).expanduser() for k in args.keys])
    rollup = roll_up(
        [Path(p).expanduser() for p in args.packages],
        keys,
        args.year,
        Period(args.period),
        ClassBasis(args.basis),
    )
    for refusal in rollup.refused:
        print(f"Từ chối {refusal.file}: {refusal.reason}", file=sys.stderr)
    if not rollup.centres:
        print("Lỗi: không có gói nào hợp lệ để tổng hợp; chưa ghi báo cáo.", file=sys.stderr)
        return EXIT_BAD_INPUT
    for centre in rollup.centres:
        print(f"Đã nhận {centre.file}: {centre.centre} (khóa {centre.fingerprint}).")
    if output is OutputFormat.XLSX:
        data = rollup_workbook(rollup, args.issuer)
    else:
        data = rollup_renderer(args.parent_body, args.issuer, args.place).render(rollup)
    save_file(out, data)
    total = rollup.total()
    print(
        f"Đã ghi báo cáo tổng hợp {rollup.title} của {format_int(len(rollup.centres))} trung tâm vào "
        f"{out.resolve()}: {format_int(total.classes)} lớp, {format_int(total.places)} lượt học viên."
    )
    if rollup.refused:
        print(
            f"Lỗi: {format_int(len(rollup.refused))} gói bị từ chối, không có trong báo cáo tổng hợp.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_verify_qr(args: argparse.Namespace) -> int:
    from trungtam_desktop.services.province.qr_check import check_qr
    from trungtam_desktop.services.province.rollup import read_keys

    text = sys.stdin.read() if args.text == "-" else args.text
    keys = read_keys([Path(k).expanduser() for k in args.keys])
    answer = check_qr(text, keys)
    print(answer.message, file=sys.stdout if answer.genuine else sys.stderr)
    return EXIT_OK if answer.genuine else EXIT_BAD_INPUT
