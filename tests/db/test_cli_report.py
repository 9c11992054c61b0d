"""``trungtam-desktop report``: the periodic report and the pay list to PDF or XLSX; exit codes 0, 1 and 2."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.report_fixture import build_report_database
from trungtam_desktop.app import open_services
from trungtam_desktop.cli import main
from trungtam_desktop.paths import DataPaths


@pytest.fixture
def data_dir(data_paths: DataPaths) -> Path:
    opened = open_services(data_paths)
    build_report_database(opened.database)
    opened.close()
    return data_paths.root


def _run(data_dir: Path, *args: str) -> int:
    return main(["report", *args, "--data-dir", str(data_dir)])


def test_period_report_pdf_without_subcommand(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bao cao" / "q3.pdf"
    assert _run(data_dir, "--year", "2024", "--period", "q3", "--out", str(out)) == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert "BÁO CÁO" in reader.pages[0].extract_text()
    assert "Đã ghi báo cáo quý III năm 2024" in capsys.readouterr().out


def test_period_report_xlsx_and_start_basis(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "nam.xlsx"
    assert (
        _run(data_dir, "period", "--year", "2024", "--period", "q3", "--basis", "start", "--out", str(out))
        == 0
    )
    sheet = load_workbook(out)["Lớp và học viên"]
    total = [c.value for c in sheet[sheet.max_row]]
    assert total[:3] == ["Tổng cộng", 2, 3]  # B and D start in Q3


def test_pay_list(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pdf, xlsx = tmp_path / "tl.pdf", tmp_path / "tl.xlsx"
    assert (
        main(
            [
                "report",
                "pay",
                "--year",
                "2024",
                "--period",
                "q3",
                "--out",
                str(pdf),
                "--data-dir",
                str(data_dir),
            ]
        )
        == 0
    )
    assert "Bằng chữ: Hai triệu một trăm nghìn đồng." in PdfReader(pdf).pages[0].extract_text()
    assert _run(data_dir, "pay", "--year", "2024", "--period", "q3", "--out", str(xlsx)) == 0
    assert load_workbook(xlsx).active["H9"].value == 2_100_000
    assert "bảng kê giờ giảng và thù lao quý III năm 2024" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "2024", "--period", "q3", "--out", "x.docx"],  # suffix
        ["--year", "1800", "--period", "q3", "--out", "x.pdf"],  # year out of range
    ],
)
def test_bad_input_exits_1_and_writes_nothing(
    data_dir: Path, tmp_path: Path, args: list[str], capsys
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "ra"
    args = [a if not a.startswith("x.") else str(out / a) for a in args]
    assert _run(data_dir, *args) == 1
    assert "Lỗi" in capsys.readouterr().err
    assert not out.exists()


def test_missing_database_exits_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        [
            "report",
            "--year",
            "2024",
            "--period",
            "q3",
            "--out",
            str(tmp_path / "a.pdf"),
            "--data-dir",
            str(tmp_path / "none"),
        ]
    )
    assert code == 1
    assert "không có cơ sở dữ liệu" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "2024", "--period", "q5", "--out", "a.pdf"],  # no such period
        ["--year", "hai", "--period", "q3", "--out", "a.pdf"],
        ["--period", "q3", "--out", "a.pdf"],  # no year
        ["pay", "--year", "2024", "--out", "a.pdf"],  # no period
        ["pay", "--basis", "end", "--year", "2024", "--period", "q3", "--out", "a.pdf"],  # no basis for pay
    ],
)
def test_usage_errors_exit_2(data_dir: Path, args: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    try:
        code = _run(data_dir, *args)
    except SystemExit as exc:
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    assert "lỗi cú pháp lệnh" in capsys.readouterr().err
