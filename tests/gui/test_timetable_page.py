"""The timetable page driven through its real widgets: generate, edit and add a buổi, delete, clashes, lock."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from tests.db.classwork_support import lock, make_class, make_learner, make_lecturer, mark, sql
from tests.gui.classwork_helpers import focus_table, show_modal
from trungtam_desktop.domain.classwork import ClassSessionInfo
from trungtam_desktop.domain.enums import HalfDay
from trungtam_desktop.ui.classwork.session_dialog import SessionDialog
from trungtam_desktop.ui.classwork.timetable_page import CLASH_BRUSH, TimetablePage

# Friday 06/12/2024 to Monday 09/12/2024 (Sunday 08/12 between); BDCB has 6 lessons of 5 tiết.
FRI, SAT, SUN, MON = (date(2024, 12, d) for d in (6, 7, 8, 9))


@pytest.fixture
def class_id(services) -> int:  # type: ignore[no-untyped-def]
    return make_class(services, "BD1", FRI, MON, programme="BDCB")


@pytest.fixture
def page(qtbot, gui_app, services, class_id) -> TimetablePage:  # type: ignore[no-untyped-def]
    widget = TimetablePage(services, class_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _rows(page: TimetablePage) -> list[tuple[str, ...]]:
    return [
        tuple(page.proxy.index(row, column).data() for column in range(page.proxy.columnCount()))
        for row in range(page.proxy.rowCount())
    ]


def test_generate_a_timetable_and_confirm_before_replacing(
    qtbot, page, services, class_id, opened, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    assert TimetablePage.title == "Lịch học"
    assert "Tạo lịch tự động" in page.summary.text()
    with qtbot.waitSignal(page.changed, timeout=1000):
        page.generate_button.click()
    rows = _rows(page)
    assert [row[:2] for row in rows] == [
        ("Thứ Sáu, 06/12/2024", "Sáng"),
        ("Thứ Sáu, 06/12/2024", "Chiều"),
        ("Thứ Bảy, 07/12/2024", "Sáng"),
        ("Thứ Bảy, 07/12/2024", "Chiều"),
        ("Thứ Hai, 09/12/2024", "Sáng"),
        ("Thứ Hai, 09/12/2024", "Chiều"),
    ]
    assert rows[0][2:] == ("Nhiệm vụ, quyền hạn của bí thư chi bộ", "(chưa phân công)", "5")
    assert page.summary.text().startswith("6 buổi, 30 tiết; chương trình cần 6 buổi")
    assert page.status.text() == "Đã tạo lịch học tự động: 6 buổi."

    (entry,) = services.enrolment.enrol(class_id, [make_learner(services, "Lê Văn An")]).enrolled
    mark(opened, entry.enrolment_id, services.timetable.sessions(class_id)[0].id)
    page.reload()
    questions: list[str] = []
    answers = iter([False, True])

    def answer(_parent, text, *_args, **_kwargs) -> bool:  # type: ignore[no-untyped-def]
        questions.append(text)
        return next(answers)

    monkeypatch.setattr("trungtam_desktop.ui.classwork.timetable_page.confirm", answer)
    page.skip_sundays.setChecked(False)
    page.generate_button.click()  # declined: nothing changes
    assert [row[0] for row in _rows(page)][-1] == "Thứ Hai, 09/12/2024"
    page.generate_button.click()  # confirmed: replaced, Sunday used
    assert [row[0] for row in _rows(page)][-1] == "Chủ nhật, 08/12/2024"
    assert "Lớp đã có lịch 6 buổi" in questions[0] and "1 lượt điểm danh" in questions[0]


def test_edit_a_buoi_through_its_dialog(qtbot, page, services, class_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lecturer = make_lecturer(services, "Nguyễn Văn Giảng")
    services.timetable.generate(class_id)
    page.reload()
    seen: list[str] = []

    def drive(dialog: SessionDialog) -> int:
        show_modal(qtbot, dialog)
        assert dialog.windowTitle() == "Sửa buổi học" and dialog.day.text() == "06/12/2024"
        dialog.day.set_text("10/12/2024")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        seen.append(dialog.field_error("date"))
        dialog.day.set_text("09/12/2024")
        dialog.half_day.setCurrentIndex(dialog.half_day.findData(HalfDay.AFTERNOON))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        seen.append(dialog.field_error("half_day"))
        dialog.day.set_text("08/12/2024")  # Sunday is free
        dialog.lecturer.setCurrentIndex(dialog.lecturer.findData(lecturer))
        dialog.tiet.setValue(4)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(SessionDialog, "exec", drive)
    focus_table(qtbot, page)
    with qtbot.waitSignal(page.changed, timeout=1000):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert seen == [
        "Ngày 10/12/2024 nằm ngoài thời gian của lớp (từ 06/12/2024 đến 09/12/2024).",
        "Lớp đã có buổi chiều ngày 09/12/2024; mỗi buổi chỉ xếp một lần.",
    ]
    moved = [s for s in services.timetable.sessions(class_id) if s.date == SUN]
    assert [(s.half_day, s.lecturer_id, s.tiet) for s in moved] == [(HalfDay.AFTERNOON, lecturer, 4)]
    assert page.current().date == SUN  # the edited buổi stays selected where it moved
    assert _rows(page)[-3][:4] == ("Chủ nhật, 08/12/2024", "Chiều", moved[0].title, "Nguyễn Văn Giảng")


def test_add_a_buoi_and_see_the_lecturer_clash(qtbot, page, services, class_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lecturer = make_lecturer(services, "Nguyễn Văn Giảng")
    other = make_class(services, "BD2", FRI, MON, programme="BDCB")
    services.timetable.add_session(
        ClassSessionInfo(other, FRI, HalfDay.MORNING, title="Bài 1", lecturer_id=lecturer)
    )
    lessons = services.programmes.get(services.classes.get(class_id).programme_id).lessons

    def drive(dialog: SessionDialog) -> int:
        show_modal(qtbot, dialog)
        assert dialog.windowTitle() == "Thêm buổi học"
        assert (dialog.day.text(), dialog.half_day.currentText(), dialog.tiet.value()) == (
            "06/12/2024",
            "Sáng",
            5,
        )
        dialog.lesson.setCurrentIndex(dialog.lesson.findData(lessons[2].id))
        assert dialog.title.text() == lessons[2].title  # the lesson gives its title
        dialog.lecturer.setCurrentIndex(dialog.lecturer.findData(lecturer))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(SessionDialog, "exec", drive)
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_Insert)
    (saved,) = services.timetable.sessions(class_id)
    assert (saved.lesson_id, saved.title) == (lessons[2].id, lessons[2].title)
    assert page.status.text().startswith("Đã thêm buổi sáng 06/12/2024. Lưu ý: Giảng viên Nguyễn Văn Giảng")
    assert page.clash_label.isVisible() and "lớp BD2 – Lớp BD2" in page.clash_label.text()
    index = page.proxy.index(0, 2)
    assert index.data(Qt.ItemDataRole.BackgroundRole) == CLASH_BRUSH
    assert "BD2" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_delete_asks_twice_when_the_buoi_has_marks(
    qtbot, page, services, class_id, opened, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sessions = services.timetable.generate(class_id)
    (entry,) = services.enrolment.enrol(class_id, [make_learner(services, "Lê Văn An")]).enrolled
    mark(opened, entry.enrolment_id, sessions[0].id)
    page.reload()
    questions: list[str] = []
    answers = iter([True, False, True, True])

    def answer(_parent, text, *_args, **_kwargs) -> bool:  # type: ignore[no-untyped-def]
        questions.append(text)
        return next(answers)

    monkeypatch.setattr("trungtam_desktop.ui.classwork.timetable_page.confirm", answer)
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # yes, then no to the second question
    assert len(services.timetable.sessions(class_id)) == 6
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # yes and yes
    assert len(services.timetable.sessions(class_id)) == 5
    assert questions[0].startswith("Xóa buổi sáng 06/12/2024 (Nhiệm vụ, quyền hạn của bí thư chi bộ)")
    assert questions[1].startswith("Buổi sáng 06/12/2024 đã có 1 lượt điểm danh")
    assert sql(opened, "SELECT count(*) FROM attendance") == [(0,)]
    assert page.status.text() == "Đã xóa buổi sáng 06/12/2024."


def test_locked_class_disables_every_change(qtbot, page, services, class_id, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.timetable.generate(class_id)
    lock(opened, class_id)
    page.reload()
    assert page.lock_banner.isVisible() and "lịch học" in page.lock_banner.text()
    buttons = [page.generate_button, page.add_button, page.edit_button, page.delete_button]
    assert not any(button.isEnabled() for button in buttons)
    shown: list[str] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(type(self).__name__) or 0)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    focus_table(qtbot, page)
    keys = (Qt.Key.Key_Insert, Qt.Key.Key_Return, Qt.Key.Key_Delete)
    for key in keys:
        qtbot.keyClick(page.table, key)
    assert shown == []
    sql(opened, "UPDATE training_class SET locked = 0 WHERE id = ?", class_id)
    page.reload()
    for key in keys:
        qtbot.keyClick(page.table, key)
    assert shown[:2] == ["SessionDialog", "SessionDialog"] and shown[2].startswith("Xóa buổi sáng 06/12/2024")
