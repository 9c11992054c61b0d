"""The audit log service: who did what, filters, pages, changes in Vietnamese, export; restore is recorded."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from tests.classwork_builder import build_class
from trungtam_desktop.db import backup as bk
from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.enums import AuditAction, Gender
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.audit import AuditFilter, format_value
from trungtam_desktop.services.backups import BackupService

ISSUED_ON = date(2024, 6, 20)


def _learner(services, name: str = "Nguyễn Thị Mỵ") -> dm.Learner:  # type: ignore[no-untyped-def]
    return services.learners.create(
        dm.Learner(name, birth_date=date(1990, 3, 5), unit="Chi bộ thôn 3", gender=Gender.FEMALE)
    )


def test_create_update_archive_are_listed_newest_first_with_fields_in_vietnamese(services) -> None:  # type: ignore[no-untyped-def]
    learner = _learner(services)
    services.learners.update(
        dm.Learner(
            "Nguyễn Thị Mỵ",
            birth_date=date(1990, 3, 6),
            unit="Chi bộ thôn 4",
            id=learner.id,
            gender=Gender.FEMALE,
        )
    )
    services.learners.set_archived(learner.id)
    entries = services.audit.page(AuditFilter(entity="learner", entity_id=learner.id))
    assert [e.action for e in entries] == ["archive", "update", "create"]
    assert [e.action_label for e in entries] == ["Lưu trữ", "Sửa", "Tạo mới"]
    assert {e.entity_label for e in entries} == {"Học viên"} and {e.user for e in entries} == {"kiểm thử"}
    update = {c.label: c for c in entries[1].changes()}
    assert update["Ngày sinh"].is_change
    assert (update["Ngày sinh"].before, update["Ngày sinh"].after) == ("05/03/1990", "06/03/1990")
    assert (update["Đơn vị"].before, update["Đơn vị"].after) == ("Chi bộ thôn 3", "Chi bộ thôn 4")
    assert not [label for label in update if label.endswith("_key")]  # derived search keys are not shown
    created = {c.label: c for c in entries[2].changes()}
    assert created["Họ và tên"].before == "(trống)" and created["Họ và tên"].after == "Nguyễn Thị Mỵ"


def test_filters_combine_and_pages_cover_everything(services, opened) -> None:  # type: ignore[no-untyped-def]
    for n in range(7):
        _learner(services, f"Trần Văn {'ABCDEFG'[n]}")
    with opened.database.write_sessions.begin() as session:  # an older entry by another user
        session.add(
            orm.AuditLog(
                at=datetime(2023, 1, 15, 9, 30),
                user="giáo vụ 2",
                entity="class",
                entity_id=9,
                action="update",
                changes="{}",
                summary="Sửa lớp K-90",
            )
        )
    audit = services.audit
    everything = audit.count()
    assert everything >= 8
    pages = [e.id for offset in range(0, everything, 3) for e in audit.page(AuditFilter(), offset, 3)]
    assert len(pages) == len(set(pages)) == everything
    assert audit.count(AuditFilter(user="giáo vụ 2")) == 1
    assert audit.count(AuditFilter(entity="class", action="update")) == 1
    assert audit.count(AuditFilter(date_from=date(2023, 1, 15), date_to=date(2023, 1, 15))) == 1
    assert audit.count(AuditFilter(date_to=date(2023, 1, 14))) == 0
    assert audit.count(AuditFilter(text="Trần Văn C")) == 1
    assert audit.count(AuditFilter(text="K-90")) == 1
    assert audit.count(AuditFilter(text="tran van c")) == 1  # case and tone marks ignored
    assert audit.count(AuditFilter(text="GIAO VU")) == 1  # in the user name too
    assert audit.count(AuditFilter(text="100%_")) == 0  # LIKE wildcards are taken literally
    assert "giáo vụ 2" in audit.users() and "kiểm thử" in audit.users()
    labels = dict(audit.entities())
    assert labels["learner"] == "Học viên" and labels["certificate"] == "Giấy chứng nhận"
    assert ("void", "Hủy") in audit.actions()


def test_issue_and_void_of_certificates_are_recorded(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="K-AUDIT", learners=3, sessions=2)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): 8.0 for e in built.enrolment_ids})
    issued = services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    services.certificates.void(issued[0].id, "In hỏng phôi")
    batch = services.audit.page(AuditFilter(entity="certificate", action="issue"))
    assert len(batch) == 3 and len({e.batch_id for e in batch}) == 1
    assert services.audit.count(AuditFilter(batch_id=batch[0].batch_id)) == 3
    void = services.audit.page(AuditFilter(entity="certificate", action="void"))[0]
    status = next(c for c in void.changes() if c.label == "Trạng thái")
    assert (status.before, status.after) == ("Đã cấp", "Đã hủy")


def test_settings_change_is_recorded(services) -> None:  # type: ignore[no-untyped-def]
    identity = services.settings.centre()
    services.settings.save_centre(dm.CentreIdentity(**{**identity.__dict__, "place_name": "Lâm Hà"}))
    entry = services.audit.page(AuditFilter(action="settings"))[0]
    assert entry.entity_label == "Cài đặt"
    place = next(c for c in entry.changes() if c.label == "Địa danh")
    assert place.after == "Lâm Hà" and place.is_change


def test_restore_is_recorded_in_the_restored_database(data_paths: DataPaths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    backup = bk.make_backup(data_paths.database, data_paths.backups, bk.KIND_MANUAL)
    BackupService(data_paths, user=lambda: "quản trị viên").restore(backup)
    from trungtam_desktop.app import open_services

    opened = open_services(data_paths)
    try:
        entry = opened.services.audit.page(AuditFilter(action="restore"))[0]
    finally:
        opened.close()
    assert entry.user == "quản trị viên" and entry.entity_label == "Dữ liệu (khôi phục)"
    assert backup.name in entry.summary and "học viên" in entry.summary
    details = {c.label: c.after for c in entry.changes()}
    assert details["Tệp sao lưu"].endswith(backup.name)
    assert "truoc-khoi-phuc" in details["Bản lưu dữ liệu trước khi khôi phục"]


def test_export_has_vietnamese_headers_real_datetimes_and_a_frozen_header(services) -> None:  # type: ignore[no-untyped-def]
    learner = _learner(services)
    services.learners.set_archived(learner.id)
    data = services.audit.export_xlsx(AuditFilter(entity="learner"))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Nhật ký thay đổi"
    assert sheet["A1"].value == "NHẬT KÝ THAY ĐỔI DỮ LIỆU" and "Học viên" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["STT", "Thời gian", "Người thực hiện"] and header[-1] == "Thay đổi (trước → sau)"
    assert sheet.freeze_panes == "A4"
    first = [c.value for c in sheet[4]]
    assert isinstance(first[1], datetime) and sheet.cell(4, 2).number_format == "DD/MM/YYYY HH:MM:SS"
    assert abs(first[1] - datetime.now()) < timedelta(minutes=5)
    assert first[3] == "Học viên" and first[5] == "Lưu trữ"
    assert sheet.max_row == 5 and sheet.column_dimensions["G"].width == 50


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "(trống)"),
        (True, "Có"),
        ("2024-06-05", "05/06/2024"),
        (list(range(9)), "9 mục"),
        (8.5, "8,5"),
        (16837, "16.837"),
        ("da_cap", "Đã cấp"),
    ],
)
def test_values_read_as_vietnamese(value: object, text: str) -> None:
    assert format_value(value) == text


def test_years_and_ids_have_no_thousands_separator() -> None:
    assert format_value(1990, "birth_year") == "1990" and format_value(12345, "class_id") == "12345"


def test_import_entries_show_values_not_pairs(services, opened) -> None:  # type: ignore[no-untyped-def]
    with opened.database.write_sessions.begin() as session:
        session.add(
            orm.AuditLog(
                user="x",
                entity="learner_import",
                action=AuditAction.IMPORT.value,
                changes=json.dumps({"file": "a.xlsx", "learners": [4, 5]}),
                summary="Nhập 2 hồ sơ mới",
            )
        )
    entry = services.audit.page(AuditFilter(entity="learner_import"))[0]
    assert entry.entity_label == "Nhập danh sách"
    assert {c.label: (c.is_change, c.after) for c in entry.changes()} == {
        "Tệp": (False, "a.xlsx"),
        "Hồ sơ mới": (False, "4, 5"),
    }


def test_every_entity_the_services_write_has_a_vietnamese_name() -> None:
    """A new service writing audit entries under a new entity must name it for the viewer."""
    import importlib
    import pkgutil

    import trungtam_desktop.services as package
    from trungtam_desktop.services.audit import ENTITY_LABELS
    from trungtam_desktop.services.import_undo import ENROLMENT_ENTITY, IMPORT_ENTITY, LEARNER_ENTITY

    entities = {IMPORT_ENTITY, LEARNER_ENTITY, ENROLMENT_ENTITY, "database", "access"}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            entity = getattr(value, "ENTITY", None) if isinstance(value, type) else None
            if isinstance(entity, str):
                entities.add(entity)
    assert "annual_plan" in entities and "certificate" in entities
    assert sorted(e for e in entities if e not in ENTITY_LABELS) == []
