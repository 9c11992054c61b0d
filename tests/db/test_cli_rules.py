"""The command line reaches the same rules as the windows.

No command issues certificates on demand: ``self-test`` issues its sample class's (the one command path
into ``CertificateIssuing.issue``), and ``print certificates`` only reprints what was issued. The issuing
rules hold on that path; the learner rules hold on ``import learners``, which lets a list without a gender
column in (the clerk completes the gender in the form) and refuses a row whose phone is not a number.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.classwork_builder import build_class
from tests.db.classwork_support import count, sql
from tests.import_fixtures import simple_list
from trungtam_desktop.cli import main
from trungtam_desktop.domain.errors import ConflictError
from trungtam_desktop.selftest_documents import render_all_documents


def test_the_self_test_path_refuses_to_certify_a_class_that_has_not_ended(services, opened) -> None:  # type: ignore[no-untyped-def]
    services.context.today = lambda: date(2024, 6, 12)  # the sample class runs from 10/06/2024
    documents = render_all_documents(services)
    with pytest.raises(ConflictError, match=r"chưa sẵn sàng.*Lớp chưa kết thúc"):
        for _name, _size in documents:
            pass
    assert count(opened, "certificate") == 0


def test_the_self_test_path_dates_its_certificates_the_sample_class_last_day(services, opened) -> None:  # type: ignore[no-untyped-def]
    names = [name for name, _size in render_all_documents(services)]
    assert "Sổ cấp giấy chứng nhận" in names
    ends = sql(opened, "SELECT DISTINCT c.issued_on, t.end_date FROM certificate c "
               "JOIN enrolment e ON e.id = c.enrolment_id JOIN training_class t ON t.id = e.class_id")  # fmt: skip
    assert len(ends) == 1 and ends[0][0] == ends[0][1]


def test_print_certificates_only_reprints_what_was_issued(opened, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-14", learners=2, sessions=2)
    out = tmp_path / "gcn.pdf"
    args = ["print", "certificates", "--class", built.code, "--out", str(out)]
    assert main([*args, "--data-dir", str(opened.paths.root)]) == 1
    assert "chưa có giấy chứng nhận nào còn hiệu lực" in capsys.readouterr().err
    assert count(opened, "certificate") == 0 and not out.exists()


def test_import_lets_a_list_without_gender_in_and_refuses_a_bad_phone(opened, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    header = ("STT", "Họ tên", "Năm sinh", "Điện thoại")
    path = simple_list(
        tmp_path / "xa.xlsx",
        [(1, "Lò Thị Mai", 1999, "0912.345.678"), (2, "Lò Văn Sáng", 1998, "09xy")],
        header,
    )
    data_dir = ["--data-dir", str(opened.paths.root)]
    assert main(["import", "learners", str(path), *data_dir]) == 1
    out = capsys.readouterr().out
    assert "Dòng 4 | Lò Thị Mai | Hồ sơ mới" in out
    assert "Dòng 5 | Lò Văn Sáng | Lỗi | Dòng 5: Số điện thoại “09xy” phải có 10 chữ số" in out
    assert count(opened, "learner") == 0  # a row in error: nothing written without --valid-only
    assert main(["import", "learners", str(path), *data_dir, "--valid-only"]) == 0
    assert sql(opened, "SELECT full_name, gender, phone FROM learner") == [
        ("Lò Thị Mai", None, "0912.345.678")
    ]
