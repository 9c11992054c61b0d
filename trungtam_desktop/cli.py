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

from trungtam_desktop import APP_DISPLAY_NAME, __version__
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.paths import DataPaths, resolve_data_paths

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese error lines (usage errors still exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi cú pháp lệnh: {message}\n")


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", metavar="THƯ_MỤC", help="thư mục dữ liệu (mặc định: thư mục người dùng)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trungtam-desktop", description=f"{APP_DISPLAY_NAME} — phiên bản {__version__}")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_data_dir(parser)
    parser.add_argument("--demo", action="store_true", help="mở chương trình trên một cơ sở dữ liệu mẫu mới")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="LỆNH")

    seed = sub.add_parser("seed-demo", help="tạo dữ liệu mẫu (small: một năm; large: hai mươi năm)")
    _add_data_dir(seed)
    seed.add_argument("--scale", choices=("small", "large"), default="small")
    seed.add_argument("--seed", type=int, default=20240101, help="hạt giống ngẫu nhiên (mặc định cố định)")

    self_test = sub.add_parser("self-test", help="tự kiểm tra: tạo CSDL tạm, thử dịch vụ và in tài liệu")
    self_test.add_argument("--keep", action="store_true", help="giữ lại thư mục tạm để xem")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    commands: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _cmd_gui,
        "seed-demo": _cmd_seed_demo,
        "self-test": _cmd_self_test,
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
    print(f"Xong sau {elapsed:.1f} giây.")
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
