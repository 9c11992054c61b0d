"""``trungtam-desktop print``: documents of a demo class written to a PDF file; exit codes 0, 1 and 2."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from trungtam_desktop.app import open_services
from trungtam_desktop.cli import main
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.demo import seed_demo


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[Path]:
    """A data folder with the small demo database, shared by the tests of this module (read only)."""
    paths = DataPaths(tmp_path_factory.mktemp("cli-print")).ensure()
    shutil.copy(migrated_template, paths.database)
    opened = open_services(paths)
    seed_demo(opened.database, scale="small")
    opened.close()
    yield paths.root


def _codes(demo_dir: Path) -> dict[str, str]:
    """A class of the Sơ cấp programme (53 buổi) and one of the new-members programme (11 buổi)."""
    opened = open_services(DataPaths(demo_dir))
    try:
        classes = [c for c in opened.services.classes.list() if c.learner_count > 0]
    finally:
        opened.close()
    return {
        prefix: next(c.code for c in classes if c.code.startswith(prefix)) for prefix in ("SCLLCT-", "DVM-")
    }


def _print(kind: str, code: str, out: Path, data_dir: Path, *extra: str) -> int:
    return main(["print", kind, "--class", code, "--out", str(out), *extra, "--data-dir", str(data_dir)])


def _pdf(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


@pytest.mark.parametrize(
    ("kind", "extra", "landscape", "title"),
    [
        ("attendance", [], True, "DANH SÁCH ĐIỂM DANH HỌC VIÊN"),
        ("attendance", ["--blank"], True, "Học viên ký tên vào ô của buổi học."),
        ("class-list", [], False, "DANH SÁCH HỌC VIÊN"),
        ("results", [], None, "BẢNG ĐIỂM"),
        ("timetable", [], False, "LỊCH HỌC"),
    ],
)
def test_print_writes_the_document_and_says_so(demo_dir, tmp_path, capsys, kind, extra, landscape, title):  # type: ignore[no-untyped-def]
    code = _codes(demo_dir)["DVM-"]
    out = tmp_path / "ra" / "tai lieu.pdf"
    assert _print(kind, code, out, demo_dir, *extra) == 0
    reader = _pdf(out)
    pages = len(reader.pages)
    printed = capsys.readouterr().out
    assert f"lớp {code} vào {out.resolve()} ({pages} trang; ngày " in printed and printed.startswith("Đã ghi ")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert title in text
    first = reader.pages[0].mediabox
    if landscape is not None:
        assert (float(first.width) > float(first.height)) is landscape


def test_data_dir_may_come_before_the_command(demo_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = _codes(demo_dir)["SCLLCT-"]
    out = tmp_path / "diem danh.pdf"
    argv = ["--data-dir", str(demo_dir), "print", "attendance", "--class", code, "--out", str(out)]
    assert main(argv) == 0
    assert len(_pdf(out).pages) > 5  # 53 buổi over five column groups
    assert "trang; ngày 10/01/2025)." in capsys.readouterr().out  # the filled sheet: the class's last day


def test_unknown_class_exits_1_with_a_vietnamese_message(demo_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.pdf"
    assert _print("results", "KHONG-CO", out, demo_dir) == 1
    assert "Không tìm thấy lớp có mã “KHONG-CO”" in capsys.readouterr().err
    assert not out.exists()


def test_missing_database_and_wrong_extension_exit_1(demo_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "trong"
    assert _print("timetable", "A", tmp_path / "a.pdf", empty) == 1
    assert "không có cơ sở dữ liệu" in capsys.readouterr().err
    assert not (empty / "trungtam.sqlite").exists()  # nothing created by a print
    code = _codes(demo_dir)["DVM-"]
    assert _print("timetable", code, tmp_path / "a.txt", demo_dir) == 1
    assert "đuôi .pdf" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["print"],
        ["print", "certificates", "--out", "a.pdf"],
        ["print", "register", "--out", "a.pdf"],
        ["print", "results", "--class", "A", "--out", "a.pdf", "--blank"],
        ["print", "timetable", "--out", "a.pdf"],
        ["print", "class-list", "--class", "A"],
    ],
)
def test_bad_arguments_exit_2_in_vietnamese(argv, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "lỗi cú pháp lệnh" in err
    vietnamese = ("thiếu tham số bắt buộc", "tham số không hợp lệ", "lựa chọn không hợp lệ")
    assert any(phrase in err for phrase in vietnamese)


def test_print_certificates_of_a_freshly_seeded_demo_class(demo_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The demo issues certificates: a class's valid ones print, whole or onto blanks, QR codes readable."""
    import pypdfium2
    import zxingcpp

    from trungtam_desktop.domain.enums import CertificateStatus

    opened = open_services(DataPaths(demo_dir))
    try:
        service = opened.services.certificate_books
        lines = [c for c in service.list() if c.class_code.startswith("NTVD-")]
        code = lines[0].class_code
        valid = sorted(
            (c for c in lines if c.class_code == code and c.status is CertificateStatus.ISSUED),
            key=lambda c: c.number,
        )
        first_qr = service.face(valid[0].id).qr_text
    finally:
        opened.close()
    assert len(valid) > 10
    out = tmp_path / "gcn.pdf"
    assert _print("certificates", code, out, demo_dir) == 0
    assert f"Đã ghi {len(valid)} giấy chứng nhận lớp {code}" in capsys.readouterr().out
    reader = _pdf(out)
    assert len(reader.pages) == len(valid)
    assert valid[0].full_name.upper() in " ".join(reader.pages[0].extract_text().split())
    page = pypdfium2.PdfDocument(out.read_bytes())[0]
    read = [r.text for r in zxingcpp.read_barcodes(page.render(scale=150 / 72, grayscale=True).to_pil())]
    assert read == [first_qr]
    blanks = tmp_path / "phoi.pdf"
    assert _print("certificates", code, blanks, demo_dir, "--fields-only") == 0
    assert len(_pdf(blanks).pages) == len(valid)


def test_version_and_help_name_the_installed_version(capsys) -> None:  # type: ignore[no-untyped-def]
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"trungtam-desktop {version('trungtam-desktop')}"
    with pytest.raises(SystemExit):
        main(["-h"])
    assert f"Quản lý Trung tâm chính trị — phiên bản {version('trungtam-desktop')}" in capsys.readouterr().out
