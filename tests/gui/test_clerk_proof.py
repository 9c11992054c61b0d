"""Issue 13: the slips a new clerk made, each reproduced through the windows, and shown to do no harm now.

Message boxes are the real ``QMessageBox`` built by ``messages.confirm``; only its ``exec`` is replaced by
``Boxes``, which records what the box says and which button is the default, then presses a button the way
the clerk would (Enter presses the default one).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from tests.classwork_builder import build_class
from tests.db.classwork_support import marks_of
from tests.gui.classwork_helpers import shown_page, type_score, type_text
from trungtam_desktop.db import backup as bk
from trungtam_desktop.domain.enums import ClassStatus, Gender, PartyStatus
from trungtam_desktop.domain.models import Learner, TrainingClass
from trungtam_desktop.services.backups import BackupService
from trungtam_desktop.ui.certificates.template_dialog import TemplateDialog
from trungtam_desktop.ui.classwork.attendance_page import AttendancePage
from trungtam_desktop.ui.classwork.issue_dialog import IssueDialog
from trungtam_desktop.ui.classwork.paste_dialog import PasteDialog
from trungtam_desktop.ui.classwork.results_page import ResultsPage
from trungtam_desktop.ui.common.forms import set_combo_data
from trungtam_desktop.ui.safety.restore_dialog import RestoreDialog
from trungtam_desktop.ui.tabs.classes.dialogs import ClassDialog
from trungtam_desktop.ui.tabs.classes.tab import ClassesTab
from trungtam_desktop.ui.tabs.learners.dialogs import LearnerDialog
from trungtam_desktop.ui.tabs.learners.tab import LearnersTab

START, END = date(2024, 11, 11), date(2024, 11, 15)  # NTVD-2024-14 of the issue: ten buổi, 11/11–15/11


def _query(opened, statement: str, *args: object) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        return conn.execute(statement, args).fetchall()


class Boxes:
    """Stands in for ``QMessageBox.exec``: records (text, default button, Esc button) and presses
    ``answer`` (a button's text, or None for the default button: what Enter does)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []
        self.answer: str | None = None

    def exec(self, box: QMessageBox) -> int:
        default, escape = box.defaultButton(), box.escapeButton()
        self.seen.append((box.text(), default.text() if default else "", escape.text() if escape else ""))
        if self.answer is None:  # Enter: the default button (a box with one button: that one)
            target = default or box.buttons()[0]
        else:
            target = next(b for b in box.buttons() if b.text() == self.answer)
        target.click()
        return 0

    @property
    def last(self) -> tuple[str, str, str]:
        return self.seen[-1]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    recorder = Boxes()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: recorder.exec(box))
    return recorder


def _scored_class(services, opened, *, marked: int | None = None, learners: int = 3, scores=None):  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-14", learners=learners, sessions=10, start=START)
    for session_id in built.session_ids[:marked]:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    values = scores or [8.0] * learners
    services.results.set_scores(
        built.class_id, {(e, component): v for e, v in zip(built.enrolment_ids, values, strict=True)}
    )
    return built


def _issue_dialog(qtbot, services, class_id: int) -> IssueDialog:  # type: ignore[no-untyped-def]
    dialog = IssueDialog(services.certificates, services.certificates.plan(class_id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _click_save(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


# -- 1. rules in the service, checked early in the dialog ------------------------------------------------
def test_an_issue_date_in_2030_or_before_the_class_ended_is_refused_beside_the_field(
    qtbot, services, opened, boxes
) -> None:  # type: ignore[no-untyped-def]
    built = _scored_class(services, opened)
    dialog = _issue_dialog(qtbot, services, built.class_id)
    assert dialog.issued_on.text() == "15/11/2024"  # the class's last day is proposed
    for typed, words in (("15/11/2030", "không được sau hôm nay (20/11/2024)"),
                         ("10/11/2024", "không được trước ngày kết thúc lớp (15/11/2024)")):  # fmt: skip
        dialog.issued_on.set_text(typed)
        _click_save(dialog)
        assert words in dialog.field_error("issued_on") and dialog.isVisible()
    assert boxes.seen == [] and _query(opened, "SELECT count(*) FROM certificate") == [(0,)]
    dialog.done(0)


def test_a_class_with_six_of_ten_buoi_unmarked_ticks_nobody_and_needs_a_logged_reason(
    qtbot, services, opened, boxes
) -> None:  # type: ignore[no-untyped-def]
    built = _scored_class(services, opened, marked=4)
    dialog = _issue_dialog(qtbot, services, built.class_id)
    assert (
        not dialog.not_ready_banner.isHidden()
        and "6/10 buổi chưa điểm danh" in dialog.not_ready_banner.text()
    )
    assert dialog.chosen() == []  # nobody listed as ready to certify
    notes = {dialog.model.item(r, 4).text() for r in range(dialog.model.rowCount())}
    assert notes == {"Đủ điều kiện (tạm tính: lớp chưa sẵn sàng)"}
    for row in range(dialog.model.rowCount()):
        dialog.model.item(row, 0).setCheckState(Qt.CheckState.Checked)
    _click_save(dialog)
    assert "Lớp chưa sẵn sàng" in dialog.field_error("not_ready") and boxes.seen == []
    dialog.not_ready.setChecked(True)
    assert dialog.field_error("not_ready") == ""  # its cause is gone: the message with it
    dialog.not_ready_reason.setText("Sổ điểm danh giấy đã ký đủ, nhập sau")
    boxes.answer = "Cấp giấy"
    _click_save(dialog)
    assert "Lớp chưa sẵn sàng; lý do vẫn cấp: Sổ điểm danh giấy đã ký đủ, nhập sau" in boxes.last[0]
    assert dialog.result() == QDialog.DialogCode.Accepted
    (logged,) = _query(opened, "SELECT summary FROM audit_log WHERE entity = 'class' AND action = 'issue'")
    assert "khi lớp chưa sẵn sàng" in logged[0]


# -- 2. irreversible acts say what they will do, then ask; the default is the safe answer -----------------
def test_issuing_67_says_numbers_and_date_and_enter_does_not_issue(qtbot, services, opened, boxes) -> None:  # type: ignore[no-untyped-def]
    built = _scored_class(services, opened, learners=67)
    dialog = _issue_dialog(qtbot, services, built.class_id)
    assert len(dialog.chosen()) == 67
    _click_save(dialog)  # the confirmation comes up; Enter presses its default button
    text, default, escape = boxes.last
    assert text.startswith("Cấp 67 giấy chứng nhận, số 1–67/2024, ngày cấp 15/11/2024 — không hoàn tác được.")
    assert (default, escape) == ("Quay lại", "Quay lại")
    assert dialog.isVisible() and _query(opened, "SELECT count(*) FROM certificate") == [(0,)]
    boxes.answer = "Cấp giấy"
    _click_save(dialog)
    assert _query(opened, "SELECT min(number), max(number), count(*) FROM certificate") == [(1, 67, 67)]


def test_closing_a_class_says_what_it_means_and_defaults_to_no(qtbot, services, opened, boxes) -> None:  # type: ignore[no-untyped-def]
    built = _scored_class(services, opened)
    tab = ClassesTab(
        services.classes, services.programmes, services.lecturers, today=lambda: date(2024, 11, 13)
    )
    qtbot.addWidget(tab)
    tab.table.select_where(lambda c: c.id == built.class_id)
    tab.change_status(ClassStatus.CLOSED)
    text, default, _escape = boxes.last
    assert text.startswith("Đóng lớp “NTVD-2024-14 – Lớp NTVD-2024-14” (11/11/2024–15/11/2024, 3 học viên)?")
    assert "lớp chưa kết thúc (học đến ngày 15/11/2024)" in text and "kết quả của lớp chưa khóa" in text
    assert default == "Không" and services.classes.get(built.class_id).status is ClassStatus.PLANNED


def test_locking_results_says_what_is_missing_and_defaults_to_cancel(qtbot, services, opened, boxes) -> None:  # type: ignore[no-untyped-def]
    built = _scored_class(services, opened, marked=7)
    page = shown_page(qtbot, ResultsPage(services, built.class_id))
    page.lock_button.click()
    text, default, _escape = boxes.last
    assert "Đủ điều kiện cấp giấy chứng nhận: 3/3 học viên." in text
    assert "Còn 3/10 buổi chưa điểm danh đủ: điểm danh sẽ bị khóa như hiện có." in text
    assert default == "Hủy" and not services.results.sheet(built.class_id).locked


def test_restoring_says_when_the_copy_was_made_and_defaults_to_no(qtbot, gui_app, opened, boxes) -> None:  # type: ignore[no-untyped-def]
    bk.make_backup(opened.paths.database, opened.paths.backups, bk.KIND_AUTO)
    dialog = RestoreDialog(BackupService(opened.paths))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=20_000)
    made = dialog.model.item(0).created
    dialog.restore_button.click()
    text, default, _escape = boxes.last
    assert f"Bản sao lưu lúc {made:%d/%m/%Y %H:%M}: mọi thay đổi sau thời điểm đó sẽ không còn" in text
    assert default == "Không" and dialog.request is None


# -- 3. the next round is written only on Lưu; a khóa number is used once ---------------------------------
def _classes_tab(qtbot, services, **kwargs) -> ClassesTab:  # type: ignore[no-untyped-def]
    tab = ClassesTab(services.classes, services.programmes, services.lecturers, **kwargs)
    qtbot.addWidget(tab)
    return tab


def _khoa(services, name: str, code: str, start: date) -> TrainingClass:  # type: ignore[no-untyped-def]
    programme = next(p for p in services.programmes.list() if p.code == "SCLLCT")
    return services.classes.create(
        TrainingClass(programme.id, code, name, start, date(start.year, start.month, 28))
    )


def test_next_round_cancelled_twice_makes_no_class_and_a_second_khoa_86_is_refused(
    qtbot, services, opened, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _khoa(services, "Khóa 85", "SCLLCT-2024-05", date(2024, 3, 4))
    _khoa(services, "Khóa 86", "SCLLCT-2024-06", date(2024, 4, 1))
    tab = _classes_tab(qtbot, services)
    seen: list[ClassDialog] = []

    def cancel(dialog: ClassDialog) -> int:
        seen.append(dialog)
        dialog.reject()  # nothing typed: no question
        return dialog.result()

    monkeypatch.setattr(ClassDialog, "exec", cancel)
    for _ in range(2):
        tab.table.select_where(lambda c: c.name == "Khóa 85")
        tab.next_round()
    assert services.classes.count() == 2 and tab.model.rowCount() == 2
    assert seen[0].windowTitle() == "Tạo đợt tiếp theo" and seen[0].name.text() == "Khóa 87"

    def rename_to_86(dialog: ClassDialog) -> int:
        dialog.name.setText("Khóa 86")
        dialog._on_save()
        assert "Khóa 86" in dialog.field_error(
            "name"
        ) and "không được trùng số khóa/đợt" in dialog.field_error("name")
        dialog.done(0)
        return dialog.result()

    monkeypatch.setattr(ClassDialog, "exec", rename_to_86)
    tab.next_round()
    assert services.classes.count() == 2


# -- 4. a class made by mistake can be deleted; a class with work is closed instead ----------------------
def test_a_mistaken_class_is_deleted_after_asking_and_a_class_with_attendance_is_not(
    qtbot, services, opened, boxes
) -> None:  # type: ignore[no-untyped-def]
    mistake = _khoa(services, "Khóa 87", "SCLLCT-2024-07", date(2024, 5, 6))
    worked = _scored_class(services, opened, marked=1)
    tab = _classes_tab(qtbot, services)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    tab.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.table)
    tab.table.select_where(lambda c: c.id == mistake.id)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)  # asked; Enter = "Không"
    assert boxes.last[1] == "Không" and "không hoàn tác được" in boxes.last[0]
    assert services.classes.count() == 2
    boxes.answer = "Xóa lớp"
    deleted: list[int] = []
    tab.class_deleted.connect(deleted.append)
    tab.delete_button.click()
    assert services.classes.count() == 1 and deleted == [mistake.id]
    assert _query(opened, "SELECT count(*) FROM audit_log WHERE action = 'delete'") == [(1,)]
    tab.table.select_where(lambda c: c.id == worked.class_id)
    boxes.answer = None
    tab.delete_button.click()
    assert "Không xóa được" in boxes.last[0] and "Đóng lớp" in boxes.last[0]
    assert services.classes.count() == 1


# -- 5. a record just saved is shown and selected, whatever the filters -----------------------------------
def test_a_new_class_the_year_filter_hides_is_shown_and_selected(qtbot, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _khoa(services, "Khóa 85", "SCLLCT-2024-05", date(2024, 3, 4))
    tab = _classes_tab(qtbot, services, current_year=2024)
    assert tab.year.currentData() == 2024

    def fill(dialog: ClassDialog) -> int:
        set_combo_data(dialog.programme, next(p.id for p in services.programmes.list() if p.code == "NTVD"))
        dialog.code.setText("NTVD-2026-01")
        dialog.name.setText("Đợt 1/2026")
        dialog.start.set_text("02/03/2026")
        dialog.end.set_text("06/03/2026")
        dialog._on_save()
        return dialog.result()

    monkeypatch.setattr(ClassDialog, "exec", fill)
    tab.add_class()
    assert tab.current() is not None and tab.current().code == "NTVD-2026-01"
    assert tab.year.currentData() == 2026 and not tab.notice.isHidden()
    assert "năm 2026" in tab.notice.text() and tab.count_label.text().startswith("1 lớp")


def test_a_new_learner_is_selected_not_the_namesake_listed_first(qtbot, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.learners.create(Learner("Nguyễn Văn An", birth_year=1970, gender=Gender.MALE))
    tab = LearnersTab(services.learners)
    qtbot.addWidget(tab)

    def fill(dialog: LearnerDialog) -> int:
        dialog.full_name.setText("Nguyễn Văn An")
        dialog.birth.set_text("1990")
        set_combo_data(dialog.gender, Gender.MALE)
        dialog._on_save()
        return dialog.result()

    monkeypatch.setattr(LearnerDialog, "exec", fill)
    tab.add_learner()
    assert tab.model.rowCount() == 2 and tab.current().birth_year == 1990


# -- 6. one dialog behaviour: ask before discarding; all errors at once; errors clear with their cause ----
def _learner_dialog(qtbot, services, learner: Learner | None = None) -> LearnerDialog:  # type: ignore[no-untyped-def]
    dialog = LearnerDialog(services.learners, learner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("editing", [False, True])
def test_esc_close_and_cancel_ask_before_a_half_typed_learner_is_lost(
    qtbot, services, boxes, editing
) -> None:  # type: ignore[no-untyped-def]
    learner = services.learners.create(Learner("Lê Thị Hoa", birth_year=1980, gender=Gender.FEMALE))
    dialog = _learner_dialog(qtbot, services, learner if editing else None)
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Escape)
    assert boxes.seen == [] and not dialog.isVisible()  # nothing typed: Esc just closes
    dialog = _learner_dialog(qtbot, services, learner if editing else None)
    type_text(dialog.unit, "Chi bộ thôn 3")
    qtbot.keyClick(dialog.unit, Qt.Key.Key_Escape)  # Enter on the question = "Quay lại"
    assert boxes.last[0].startswith("Bỏ các thay đổi?") and boxes.last[1:] == ("Quay lại", "Quay lại")
    assert dialog.isVisible() and dialog.unit.text() == "Chi bộ thôn 3"
    dialog.close()  # the window's ✕
    assert len(boxes.seen) == 2 and dialog.isVisible()
    boxes.answer = "Bỏ thay đổi"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert len(boxes.seen) == 3 and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected and services.learners.count() == 1


def test_three_errors_are_shown_at_once_beside_their_fields_and_nothing_moves(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    dialog = _learner_dialog(qtbot, services)
    size, buttons = dialog.size(), dialog.buttons.geometry()
    type_text(dialog.full_name, "Nguyễn Thị Mỵ")
    type_text(dialog.phone, "09xy")
    dialog.party_join.set_text("01/05/2015")  # a Party join date for a "Quần chúng"
    _click_save(dialog)
    assert dialog.field_error("gender") == "Hãy chọn giới tính (Nam hoặc Nữ)."
    assert "phải có 10 chữ số, bắt đầu bằng 0" in dialog.field_error("phone")
    assert dialog.field_error("party_join_date").startswith("Quần chúng không có ngày vào Đảng")
    assert dialog.size() == size and dialog.buttons.geometry() == buttons  # the layout did not jump
    assert dialog.focusWidget() is dialog.gender and services.learners.count() == 0
    # Each message goes as soon as its cause does, before Lưu is pressed again.
    set_combo_data(dialog.gender, Gender.FEMALE)
    assert dialog.field_error("gender") == "" and dialog.field_error("phone")
    set_combo_data(dialog.party_status, PartyStatus.PROBATIONARY)
    assert dialog.field_error("party_join_date") == ""
    dialog.phone.setText("0912 345 678")
    assert dialog.errors.shown() == []
    _click_save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (saved,) = services.learners.search("nguyen thi my").items
    assert (saved.gender, saved.phone, saved.party_status) == (
        Gender.FEMALE,
        "0912 345 678",
        PartyStatus.PROBATIONARY,
    )


def test_the_reason_error_of_the_issue_dialog_clears_when_she_is_unticked(
    qtbot, services, opened, boxes
) -> None:  # type: ignore[no-untyped-def]
    built = _scored_class(services, opened, scores=[8.0, 3.0, 9.0])
    dialog = _issue_dialog(qtbot, services, built.class_id)
    failing = next(
        r for r in range(dialog.model.rowCount()) if dialog.model.item(r, 4).text() != "Đủ điều kiện"
    )
    name = dialog.model.item(failing, 1).text()
    dialog.model.item(failing, 0).setCheckState(Qt.CheckState.Checked)
    _click_save(dialog)
    assert dialog.field_error("reason") == f"Cần ghi rõ lý do cấp cho {name}."
    dialog.model.item(failing, 0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.field_error("reason") == "" and boxes.seen == []
    dialog.done(0)


# -- 7. undo and redo in the class window's grids ---------------------------------------------------------
def test_ctrl_z_and_ctrl_y_undo_and_redo_attendance_marks_as_audited_writes(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-14", learners=3, sessions=4, start=START)
    page = shown_page(qtbot, AttendancePage(services, built.class_id))
    e, s = built.enrolment_ids, built.session_ids
    qtbot.keyClick(page.table, Qt.Key.Key_K)  # learner 0, first buổi: vắng không phép
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the rest present
    assert marks_of(opened, built.class_id) == {
        (e[0], s[0]): "vang_khong_phep",
        (e[1], s[0]): "co_mat",
        (e[2], s[0]): "co_mat",
    }
    audit_before = _query(opened, "SELECT count(*) FROM audit_log WHERE entity = 'attendance'")[0][0]
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert marks_of(opened, built.class_id) == {(e[0], s[0]): "vang_khong_phep"}
    assert page.status.text().startswith("Đã hoàn tác: cả buổi")
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert marks_of(opened, built.class_id) == {}
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.status.text() == "Chưa có gì để hoàn tác."
    qtbot.keyClick(page.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert marks_of(opened, built.class_id) == {(e[0], s[0]): "vang_khong_phep"}
    assert page.table.currentIndex() == page.model.index_of(e[0], s[0])
    audit_after = _query(opened, "SELECT count(*) FROM audit_log WHERE entity = 'attendance'")[0][0]
    assert audit_after == audit_before + 3  # every undo and redo is a write like any other


def test_ctrl_z_undoes_scores_one_by_one_and_a_new_score_drops_the_redo(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-14", learners=2, sessions=2, start=START)
    page = shown_page(qtbot, ResultsPage(services, built.class_id))
    cell = page.score_index(built.enrolment_ids[0], page.sheet.components[0].id)

    def enter(text: str) -> None:
        page.table.setCurrentIndex(cell)
        type_score(qtbot, page, text)

    def stored() -> list[tuple]:  # type: ignore[type-arg]
        return _query(opened, "SELECT value FROM score WHERE enrolment_id = ?", built.enrolment_ids[0])

    enter("8,5")
    enter("9")
    assert stored() == [(9.0,)]
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored() == [(8.5,)] and page.table.currentIndex() == cell
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored() == []
    qtbot.keyClick(page.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored() == [(8.5,)] and page.redo_button.isEnabled()
    enter("7")
    assert not page.redo_button.isEnabled() and "Kiểm tra" not in page.redo_button.toolTip()
    selection = page.table.selectionModel()
    selection.select(cell, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.undo_button.click()
    assert stored() == [(8.5,)]


def test_the_pasted_list_and_the_certificate_template_ask_too(qtbot, services, opened, boxes) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-14", learners=1, sessions=1, start=START)
    paste = PasteDialog(services, built.class_id)
    template = TemplateDialog(services.certificate_printing)
    for dialog in (paste, template):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
    paste.text.setPlainText("Lò Thị Mai\t1999")
    template.name.setText("Mẫu của trung tâm")
    for dialog in (paste, template):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Enter on the question: "Quay lại"
        assert boxes.last[0].startswith("Bỏ các thay đổi?") and dialog.isVisible()
    boxes.answer = "Bỏ thay đổi"
    for dialog in (paste, template):
        dialog.close()
        assert not dialog.isVisible()
    assert len(boxes.seen) == 4 and len(services.enrolment.roster(built.class_id)) == 1


def test_a_class_not_ended_is_certified_in_advance_only_with_a_reason_and_dated_its_last_day(
    qtbot, services, opened, boxes
) -> None:  # type: ignore[no-untyped-def]
    built = build_class(
        opened.database, code="NTVD-2024-16", learners=2, sessions=10, start=date(2024, 11, 18)
    )
    for session_id in built.session_ids:  # marks known in advance (excused absences are, too)
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): 8.0 for e in built.enrolment_ids})
    dialog = _issue_dialog(qtbot, services, built.class_id)
    assert "Lớp chưa kết thúc (học đến ngày 22/11/2024)" in dialog.not_ready_banner.text()
    assert dialog.issued_on.text() == "20/11/2024" and dialog.chosen() == []
    dialog.not_ready.setChecked(True)
    assert dialog.issued_on.text() == "22/11/2024"  # in advance: dated the class's last day
    for row in range(dialog.model.rowCount()):
        dialog.model.item(row, 0).setCheckState(Qt.CheckState.Checked)
    _click_save(dialog)
    assert "Cần ghi rõ lý do cấp khi lớp chưa sẵn sàng" in dialog.field_error("not_ready_reason")
    dialog.not_ready_reason.setText("In trước cho lễ bế giảng")
    boxes.answer = "Cấp giấy"
    _click_save(dialog)
    assert boxes.last[0].startswith("Cấp 2 giấy chứng nhận, số 1–2/2024, ngày cấp 22/11/2024")
    assert _query(opened, "SELECT DISTINCT issued_on FROM certificate") == [("2024-11-22",)]
