"""The audit log viewer: lazy pages, filters, the changes pane, bad dates, export, the menu entry."""

from __future__ import annotations

from datetime import datetime, timedelta

from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.ui.audit.log_dialog import PAGE_SIZE, AuditLogDialog, install_audit_action
from trungtam_desktop.ui.common import messages

SHOTS = "/tmp/safety2_shots"


def _fill(opened, count: int) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2024, 1, 1, 8, 0)
    with opened.database.write_sessions.begin() as session:
        session.add_all(
            orm.AuditLog(
                at=start + timedelta(hours=n), user="giáo vụ" if n % 2 else "phó giám đốc", entity="class",
                entity_id=n, action="update", changes='{"venue": ["Hội trường A", "Hội trường B"]}',
                summary=f"Sửa lớp K-{n}",
            )
            for n in range(count)
        )  # fmt: skip


def _dialog(qtbot, services, **kwargs) -> AuditLogDialog:  # type: ignore[no-untyped-def]
    dialog = AuditLogDialog(services.audit, today=services.context.today, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_pages_load_as_the_list_scrolls_and_filters_run_in_the_database(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    _fill(opened, 450)
    learner = services.learners.create(
        dm.Learner("Nguyễn Thị Mỵ", birth_year=1990, unit="Chi bộ thôn 3", gender=Gender.FEMALE)
    )
    services.learners.update(
        dm.Learner(
            "Nguyễn Thị Mỵ", birth_year=1991, unit="Chi bộ thôn 4", id=learner.id, gender=Gender.FEMALE
        )
    )
    dialog = _dialog(qtbot, services)
    total = services.audit.count()
    assert dialog.model.total == total >= 452
    assert dialog.model.rowCount() == PAGE_SIZE
    dialog.model.fetchMore()
    assert dialog.model.rowCount() == 2 * PAGE_SIZE
    assert dialog.count_label.text() == f"{total:,} mục".replace(",", ".")
    # Newest first: the learner's update is on top and its changes are shown.
    assert dialog.table.current_object().action == "update"
    changes = {c.label: (c.before, c.after) for c in dialog.changes_model.items()}
    assert changes["Năm sinh"] == ("1990", "1991")
    assert changes["Đơn vị"] == ("Chi bộ thôn 3", "Chi bộ thôn 4")
    assert "Học viên" in dialog.detail_title.text() and "kiểm thử" in dialog.detail_title.text()
    dialog.grab().save(f"{SHOTS}/audit_log.png")

    dialog.entity_box.setCurrentIndex(dialog.entity_box.findData("class"))
    assert dialog.model.total == 450
    dialog.user_box.setCurrentIndex(dialog.user_box.findData("giáo vụ"))
    assert dialog.model.total == 225
    dialog.date_from.set_text("01/01/2024")
    dialog.date_to.set_text("01/01/2024")
    dialog.reload()
    assert dialog.model.total == 8  # 08:00 … 23:00, every other hour
    dialog.search.setText("K-15")
    dialog.reload()
    assert dialog.model.total == 1 and dialog.table.current_object().summary == "Sửa lớp K-15"
    venue = dialog.changes_model.items()[0]
    assert (venue.label, venue.before, venue.after) == ("Địa điểm", "Hội trường A", "Hội trường B")
    dialog.clear_filters()
    assert dialog.model.total == total


def test_a_date_that_cannot_be_read_is_said_and_the_list_stays(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    services.learners.create(dm.Learner("Trần Văn An", birth_year=1980, gender=Gender.FEMALE))
    dialog = _dialog(qtbot, services)
    before = dialog.model.total
    dialog.date_from.set_text("31/02/2024")
    dialog.reload()
    assert dialog.problem_label.isVisibleTo(dialog) and "Từ ngày" in dialog.problem_label.text()
    assert dialog.model.total == before
    dialog.date_from.set_text("02/01/2025")
    dialog.date_to.set_text("01/01/2025")
    dialog.reload()
    assert "sau" in dialog.problem_label.text() and dialog.model.total == 0
    assert dialog.count_label.text() == "Không có mục nào khớp bộ lọc."
    assert dialog.detail_title.text() == "Chọn một mục để xem các thay đổi."
    dialog.grab().save(f"{SHOTS}/audit_log_bad_dates.png")


def test_export_writes_the_filtered_entries_in_the_background(
    qtbot, services, opened, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _fill(opened, 30)
    told: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _p, text, _title="": told.append(text))
    asked: list[tuple[str, str]] = []
    target = tmp_path / "nhat-ky.xlsx"

    def choose(_parent, title: str, name: str):  # type: ignore[no-untyped-def]
        asked.append((title, name))
        return target

    dialog = _dialog(qtbot, services, choose_file=choose)
    dialog.user_box.setCurrentIndex(dialog.user_box.findData("giáo vụ"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=10_000)
    title, name = asked[0]
    assert title == "Xuất nhật ký thay đổi" and name.startswith("Nhật ký thay đổi") and name.endswith(".xlsx")
    assert told == [f"Đã lưu nhật ký vào tệp:\n{target}"] and dialog.export_button.isEnabled()
    sheet = load_workbook(target).active
    assert "người thực hiện: giáo vụ" in sheet["A2"].value
    assert sheet.max_row == 3 + 15
    assert {sheet.cell(r, 3).value for r in range(4, sheet.max_row + 1)} == {"giáo vụ"}
    assert sheet.cell(4, 8).value == "Địa điểm: Hội trường A → Hội trường B"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "nhat-ky.xlsx"]  # no partial file left


def test_export_to_a_folder_that_cannot_be_written_says_so(qtbot, services, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, exc: errors.append(exc))
    target = tmp_path / "khong-co" / "nhat-ky.xlsx"
    dialog = _dialog(qtbot, services, choose_file=lambda *_a: target)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "Không ghi được tệp" in str(errors[0]) and not target.exists()
    assert dialog.export_button.isEnabled() and dialog.exported is None


def test_menu_entry_opens_the_log_before_settings(qtbot, main_window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[AuditLogDialog] = []
    monkeypatch.setattr(
        AuditLogDialog, "exec", lambda self: opened.append(self) or QDialog.DialogCode.Accepted
    )
    action = install_audit_action(main_window, services.audit, services.context.today)
    actions = main_window.data_menu.actions()
    assert actions.index(action) < actions.index(main_window.settings_action)
    assert action.text() == "Nhật &ký thay đổi…"
    action.trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "Nhật ký thay đổi dữ liệu"
    assert opened[0].model.total == services.audit.count()
