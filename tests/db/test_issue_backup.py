"""A bulk certificate issue is preceded by a verified backup; without its backup nothing is issued."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date

import pytest

from tests.classwork_builder import build_class
from trungtam_desktop.db import backup as bk
from trungtam_desktop.services.certificate_issuing import BULK_BACKUP_MIN

ISSUED_ON = date(2024, 6, 20)


def _eligible(services, opened, learners: int, code: str):  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code=code, learners=learners, sessions=2)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): 7.5 for e in built.enrolment_ids})
    return built


def _issue_backups(opened) -> list:  # type: ignore[no-untyped-def]
    return sorted(opened.paths.backups.glob("trungtam_*_truoc-cap-gcn.sqlite"))


def test_bulk_issue_backs_up_first_and_a_small_one_does_not(services, opened) -> None:  # type: ignore[no-untyped-def]
    small = _eligible(services, opened, BULK_BACKUP_MIN - 1, "K-NHO")
    services.certificates.issue(small.class_id, list(small.enrolment_ids), issued_on=ISSUED_ON)
    assert _issue_backups(opened) == []
    big = _eligible(services, opened, BULK_BACKUP_MIN, "K-LON")
    services.certificates.issue(big.class_id, list(big.enrolment_ids), issued_on=ISSUED_ON)
    [backup] = _issue_backups(opened)
    assert bk.integrity_ok(backup)
    assert bk.parse_backup_name(backup.name).kind_label == "Trước khi cấp giấy chứng nhận hàng loạt"
    with contextlib.closing(sqlite3.connect(backup)) as conn:  # the state just before: the small class only
        assert conn.execute("SELECT count(*) FROM certificate").fetchone()[0] == BULK_BACKUP_MIN - 1


def test_no_backup_no_issue(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _eligible(services, opened, BULK_BACKUP_MIN, "K-LOI")

    def failing() -> None:
        raise bk.BackupError("Ổ đĩa đầy: không tạo được bản sao lưu.")

    services.certificates.set_before_issue(failing)
    with pytest.raises(bk.BackupError, match="Ổ đĩa đầy"):
        services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    assert services.certificate_books.list(class_id=built.class_id) == []
