"""``trungtam-desktop import learners``: the per-row report and the exit codes 0, 1 and 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.db.classwork_support import count, make_class
from tests.import_fixtures import commune_list, simple_list
from trungtam_desktop.cli import main


@pytest.fixture
def data_dir(opened) -> str:  # type: ignore[no-untyped-def]
    return str(opened.paths.root)


def test_file_with_errors_imports_nothing_and_exits_1(opened, data_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = commune_list(tmp_path / "xa.xlsx")
    assert main(["import", "learners", str(path), "--data-dir", data_dir]) == 1
    out, err = capsys.readouterr()
    assert "Dòng 10 | Nguyễn Văn An | Hồ sơ mới" in out
    assert "Dòng 15 | Hoàng Văn Em | Lỗi | Dòng 15: Năm sinh (cột Nam): ngày 31/02/1991 không tồn tại." in out
    assert "6 dòng: 4 hồ sơ mới, 1 trùng dòng khác trong danh sách, 1 lỗi." in out
    assert "2 dòng không nhập được nên chưa nhập gì" in err
    assert count(opened, "learner") == 0


def test_dry_run_writes_nothing(opened, data_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = commune_list(tmp_path / "xa.xlsx")
    args = ["import", "learners", str(path), "--data-dir", data_dir, "--dry-run"]
    assert main(args) == 1
    assert main([*args, "--valid-only"]) == 0
    assert "Chạy thử (--dry-run): chưa ghi gì" in capsys.readouterr().out
    assert count(opened, "learner") == 0


def test_valid_only_imports_into_the_class(opened, services, data_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-50", date(2024, 12, 2), date(2024, 12, 6))
    path = commune_list(tmp_path / "xa.xlsx")
    code = main(
        ["import", "learners", str(path), "--data-dir", data_dir, "--class", "NTVD-2024-50", "--valid-only"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Đã tạo 4 hồ sơ học viên mới, xếp 4 học viên vào lớp. 2 dòng không được nhập." in out
    assert count(opened, "enrolment", "class_id = ?", class_id) == 4


def test_clean_file_imports_without_flags(opened, data_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = simple_list(tmp_path / "ds.xlsx", [(1, "Lò Thị Mai", "03/03/1999", "Nữ", "Bản Mòng", None)])
    assert main(["import", "learners", str(path), "--data-dir", data_dir]) == 0
    assert count(opened, "learner") == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Lưu thành"),
        ("rong.csv", b"", "rỗng"),
    ],
)
def test_bad_input_exits_1_with_a_vietnamese_message(
    opened, data_dir, tmp_path, capsys, name, content, message
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", "learners", str(path), "--data-dir", data_dir]) == 1
    assert message in capsys.readouterr().err


def test_unknown_class_and_missing_database_exit_1(data_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = simple_list(tmp_path / "ds.xlsx", [(1, "Lò Thị Mai", 1999)])
    assert main(["import", "learners", str(path), "--data-dir", data_dir, "--class", "KHONG-CO"]) == 1
    assert "KHONG-CO" in capsys.readouterr().err
    assert main(["import", "learners", str(path), "--data-dir", str(tmp_path / "trong")]) == 1
    assert "không có cơ sở dữ liệu" in capsys.readouterr().err


def test_usage_errors_exit_2(data_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exited:
        main(["import", "learners", "--data-dir", data_dir])
    assert exited.value.code == 2
    assert "thiếu tham số bắt buộc: TỆP" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["import", "lecturers", "x.xlsx"])
    assert exited.value.code == 2


def test_missing_file_is_bad_input(data_dir, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["import", "learners", str(tmp_path / "khong-co.xlsx"), "--data-dir", data_dir]) == 1
    assert "Không mở được tệp khong-co.xlsx" in capsys.readouterr().err
