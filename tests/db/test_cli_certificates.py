"""``trungtam-desktop print certificates`` and ``print register``: PDFs from the register, exit codes."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.classwork_builder import build_class, pass_everyone
from trungtam_desktop.cli import main
from trungtam_desktop.domain.certificates import ReissueReason


@pytest.fixture
def issued(services, opened):  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-CLI", learners=3, sessions=2)
    pass_everyone(services, built)
    lines = services.certificates.issue(
        built.class_id, list(built.enrolment_ids), issued_on=date(2024, 6, 20)
    )
    return built, lines


def _pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_print_certificates_whole_and_fields_only(issued, opened, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    built, lines = issued
    assert len(lines) == 3
    data_dir = str(opened.paths.root)
    out = tmp_path / "gcn.pdf"
    assert (
        main(["print", "certificates", "--class", built.code, "--out", str(out), "--data-dir", data_dir]) == 0
    )
    assert "Đã ghi 3 giấy chứng nhận lớp NTVD-CLI" in capsys.readouterr().out
    pages = _pages(out)
    assert len(pages) == 3 and "GIẤY CHỨNG NHẬN" in pages[0] and "1/2024" in pages[0]
    fields = tmp_path / "phoi.pdf"
    assert (
        main(
            [
                "print",
                "certificates",
                "--class",
                built.code,
                "--out",
                str(fields),
                "--fields-only",
                "--data-dir",
                data_dir,
            ]
        )
        == 0
    )
    first = _pages(fields)[0]
    assert "GIẤY CHỨNG NHẬN" not in first and "1/2024" in first  # only the fields are printed


def test_print_certificates_refuses_a_class_without_certificates(opened, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-NONE", learners=1, sessions=1)
    out = tmp_path / "x.pdf"
    code = main(
        [
            "print",
            "certificates",
            "--class",
            built.code,
            "--out",
            str(out),
            "--data-dir",
            str(opened.paths.root),
        ]
    )
    assert code == 1 and not out.exists()
    assert "chưa có giấy chứng nhận nào còn hiệu lực" in capsys.readouterr().err


def test_print_register_lists_every_certificate_with_its_state(
    issued, services, opened, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    built, lines = issued
    first = min(lines, key=lambda c: c.number)
    services.certificates.void(first.id, "In hỏng phôi")
    out = tmp_path / "so.pdf"
    code = main(
        ["print", "register", "--year", "2024", "--out", str(out), "--data-dir", str(opened.paths.root)]
    )
    assert code == 0 and "sổ cấp giấy chứng nhận năm 2024" in capsys.readouterr().out
    text = " ".join(" ".join(_pages(out)).split())  # cells wrap: compare with single spaces
    assert "SỔ CẤP GIẤY CHỨNG NHẬN" in text and "Năm 2024" in text
    for name in built.names:
        assert name in text
    assert re.search(r"Đã hủy ngày \d\d/\d\d/\d{4}: In hỏng phôi", text)  # its date and reason
    assert "từ số 1/2024 đến số 3/2024" in text and "đã hủy: 1" in text and "còn giá trị: 2" in text


def test_print_register_for_a_date_range(issued, services, opened, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    _built, lines = issued
    later = services.certificates.reissue(
        min(lines, key=lambda c: c.number).id,
        ReissueReason.LOST,
        "",
        issued_on=date(2024, 9, 2),
    )
    out = tmp_path / "so-quy3.pdf"
    argv = ["print", "register", "--year", "2024", "--out", str(out), "--data-dir", str(opened.paths.root)]
    assert main([*argv, "--from", "01/07/2024", "--to", "30/09/2024"]) == 0
    text = " ".join(" ".join(_pages(out)).split())
    assert "từ ngày 01/07/2024 đến ngày 30/09/2024" in text
    assert later.register_number in text and "2/2024" not in text  # only the re-issue falls in the range
    capsys.readouterr()
    assert main([*argv, "--from", "31/02/2024"]) == 1
    assert "Từ ngày" in capsys.readouterr().err
