"""The roster page driven through its real widgets: search and add, quick-add, paste, withdraw, remove, lock."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from tests.db.classwork_support import lock, make_class, make_learner, mark, sql
from tests.gui.classwork_helpers import focus_table, show_modal, type_text
from trungtam_desktop.domain.classwork import ClassSessionInfo
from trungtam_desktop.domain.enums import EnrolmentStatus, Gender, HalfDay
from trungtam_desktop.domain.import_plan import RowStatus
from trungtam_desktop.ui.classwork.paste_dialog import PasteDialog
from trungtam_desktop.ui.classwork.roster_dialogs import LearnerSearchDialog, QuickAddDialog, WithdrawDialog
from trungtam_desktop.ui.classwork.roster_page import RosterPage
from trungtam_desktop.ui.common import messages

RUNNING = (date(2024, 11, 18), date(2024, 11, 22))  # FIXED_TODAY, 20/11/2024, is inside


@pytest.fixture
def class_id(services) -> int:  # type: ignore[no-untyped-def]
    return make_class(services, "K86", *RUNNING)


@pytest.fixture
def page(qtbot, gui_app, services, class_id) -> RosterPage:  # type: ignore[no-untyped-def]
    widget = RosterPage(services, class_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _names(page: RosterPage) -> list[str]:
    return [page.proxy.index(row, 1).data() for row in range(page.proxy.rowCount())]


def test_page_is_vietnamese_and_titled(page) -> None:  # type: ignore[no-untyped-def]
    assert RosterPage.title == "Học viên"
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào lớp", "Tình trạng", "Đơn vị"]
    assert page.add_existing_button.text() == "Thêm học viên có sẵn…"
    assert page.count_label.text().startswith("Sĩ số: 0 học viên")


def test_add_existing_learners_through_the_search_dialog(
    qtbot, page, services, class_id, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    binh = make_learner(services, "Trần Văn Bình", 1985)
    make_learner(services, "Lê Thị Hoa", 1990)
    make_learner(services, "Nguyễn Văn An", 1970)
    shown: list[str] = []

    def drive(dialog: LearnerSearchDialog) -> int:
        show_modal(qtbot, dialog)
        type_text(dialog.search, "binh")
        dialog.search.flush()
        shown.append(dialog.count_label.text())
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # Enter in the search box: go to the results
        assert dialog.table.currentIndex().row() == 0
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter in the results: add the selection
        return dialog.result()

    monkeypatch.setattr(LearnerSearchDialog, "exec", drive)
    focus_table(qtbot, page)
    with qtbot.waitSignal(page.changed, timeout=1000):
        qtbot.keyClick(page.table, Qt.Key.Key_Insert)
    assert shown == ["Tìm thấy 1 học viên; đã chọn 0."]
    assert [e.learner_id for e in services.enrolment.roster(class_id)] == [binh]
    assert _names(page) == ["Trần Văn Bình"]
    assert page.status.text() == "Đã thêm 1 học viên vào lớp."
    assert page.count_label.text() == "Sĩ số: 1 học viên."


def test_search_dialog_adds_several_and_reports_those_already_in(
    qtbot, page, services, class_id, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ids = [make_learner(services, name, 1980) for name in ("Lê Văn An", "Phạm Thị Lan", "Võ Văn Tâm")]
    services.enrolment.enrol(class_id, ids[:1])
    page.reload()

    def drive(dialog: LearnerSearchDialog) -> int:
        show_modal(qtbot, dialog)
        dialog.search.flush()
        selection = dialog.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in range(dialog.model.rowCount()):
            selection.select(dialog.model.index(row, 0), flags)
        assert dialog.model.index(0, 0).data() == "Lê Văn An (đã có trong lớp)"
        assert dialog.count_label.text() == "Tìm thấy 3 học viên; đã chọn 3."
        dialog.add_button.click()
        return dialog.result()

    monkeypatch.setattr(LearnerSearchDialog, "exec", drive)
    page.add_existing_button.click()
    assert len(services.enrolment.roster(class_id)) == 3
    assert page.status.text() == "Đã thêm 2 học viên vào lớp. Đã có trong lớp từ trước: Lê Văn An."


def test_quick_add_creates_and_enrols(qtbot, page, services, class_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def drive(dialog: QuickAddDialog) -> int:
        show_modal(qtbot, dialog)
        type_text(dialog.full_name, "Hoàng Thị Lụa")
        qtbot.keyClicks(dialog.birth.edit, "02/09/1999")
        dialog.gender.setCurrentIndex(dialog.gender.findData(Gender.FEMALE))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(QuickAddDialog, "exec", drive)
    focus_table(qtbot, page)
    with qtbot.waitSignal(page.changed, timeout=1000):
        qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (entry,) = services.enrolment.roster(class_id)
    assert entry.full_name == "Hoàng Thị Lụa" and entry.enrolled_on == date(2024, 11, 20)
    assert page.current().enrolment_id == entry.enrolment_id
    assert page.status.text() == "Đã tạo hồ sơ và thêm Hoàng Thị Lụa vào lớp."


def test_quick_add_warns_about_a_possible_duplicate(qtbot, page, services, class_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make_learner(services, "Hoàng Thị Lụa", birth_date=date(1999, 9, 2))
    asked: list[str] = []

    def decline(_parent, text, *_args, **_kwargs) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return False

    def drive(dialog: QuickAddDialog) -> int:
        show_modal(qtbot, dialog)
        type_text(dialog.full_name, "Hoàng Thị Lụa")
        qtbot.keyClicks(dialog.birth.edit, "2/9/1999")
        dialog.gender.setCurrentIndex(dialog.gender.findData(Gender.FEMALE))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert dialog.isVisible()  # declined: the form stays open for a correction
        dialog.reject()  # the typed form asks first: "Bỏ các thay đổi?" — yes
        return dialog.result()

    discarded: list[str] = []
    monkeypatch.setattr("trungtam_desktop.ui.tabs.learners.dialogs.confirm", decline)
    monkeypatch.setattr(messages, "confirm", lambda _p, text, *a, **k: discarded.append(text) or True)
    monkeypatch.setattr(QuickAddDialog, "exec", drive)
    page.add_new_button.click()
    assert len(asked) == 1 and "Hoàng Thị Lụa" in asked[0]
    assert [text.splitlines()[0] for text in discarded] == ["Bỏ các thay đổi?"]
    assert services.enrolment.roster(class_id) == [] and services.learners.count() == 1


def test_paste_a_list_fix_a_row_choose_a_record_and_enrol(
    qtbot, page, services, class_id, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    first = make_learner(services, "Trần Văn Bình", 1985, unit="Thôn 1")
    make_learner(services, "Trần Văn Bình", 1985, unit="Thôn 2")
    text = (
        "STT\tHọ và tên\tNăm sinh\tĐơn vị\n"
        "1\tTrần Văn Bình\t1985\tThôn 1\n"
        "2\tNguyễn Thị Mỵ\t31/02/1990\tXã Hiệp An\n"
        "3\tLê Văn Tám\t1992\tXã Ninh Gia\n"
    )
    states: list[tuple[bool, str]] = []

    def drive(dialog: PasteDialog) -> int:
        show_modal(qtbot, dialog)
        dialog.text.setFocus()
        dialog.text.insertPlainText(text)  # what Ctrl+V does
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=2000)
        states.append((dialog.add_button.isEnabled(), dialog.error_label.text().splitlines()[0]))
        dialog.text.setPlainText(text.replace("31/02/1990", "21/02/1990"))
        dialog.refresh_preview()
        assert [row.status for row in dialog.rows()] == [
            RowStatus.AMBIGUOUS,
            RowStatus.NEW,
            RowStatus.NEW,
        ]
        states.append((dialog.add_button.isEnabled(), dialog.error_label.text()))
        dialog.table.selectRow(0)
        assert dialog.choice_box.isVisibleTo(dialog) and dialog.choice.count() == 4
        dialog.choice.setCurrentIndex(dialog.choice.findData(first))
        dialog.choice.activated.emit(dialog.choice.currentIndex())
        states.append((dialog.add_button.isEnabled(), dialog.error_label.text()))
        dialog.add_button.click()
        return dialog.result()

    monkeypatch.setattr(PasteDialog, "exec", drive)
    with qtbot.waitSignal(page.changed, timeout=1000):
        page.paste_button.click()
    assert states == [
        (False, "Dòng 3: Ngày sinh: ngày 31/02/1990 không tồn tại."),
        (False, "Chọn hồ sơ cho các dòng tô vàng (2) trước khi thêm vào lớp."),
        (True, ""),
    ]
    roster = services.enrolment.roster(class_id)
    assert {e.full_name for e in roster} == {"Trần Văn Bình", "Nguyễn Thị Mỵ", "Lê Văn Tám"}
    assert first in {e.learner_id for e in roster}
    assert page.status.text() == "Đã thêm 3 học viên vào lớp (trong đó 2 hồ sơ mới)."


def test_withdraw_reinstate_and_remove(qtbot, page, services, class_id, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    learner = make_learner(services, "Nguyễn Văn An")
    (entry,) = services.enrolment.enrol(class_id, [learner]).enrolled
    page.reload()
    assert page.withdraw_button.isEnabled() and not page.reinstate_button.isEnabled()

    def drive(dialog: WithdrawDialog) -> int:
        show_modal(qtbot, dialog)
        assert dialog.on_date.text() == "20/11/2024"
        dialog.on_date.set_text("19/11/2024")  # before the learner joined
        type_text(dialog.reason, "Đi công tác")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert "phải từ ngày vào lớp" in dialog.field_error("on_date")
        dialog.on_date.set_text("21/11/2024")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(WithdrawDialog, "exec", drive)
    page.withdraw_button.click()
    assert services.enrolment.roster(class_id)[0].status is EnrolmentStatus.WITHDRAWN
    assert page.proxy.index(0, 5).data() == "Thôi học từ 21/11/2024"
    assert page.reinstate_button.isEnabled() and not page.withdraw_button.isEnabled()

    page.reinstate_button.click()
    assert services.enrolment.roster(class_id)[0].status is EnrolmentStatus.ACTIVE

    questions: list[str] = []
    answers = iter([False, True])

    def answer(_parent, text, *_args, **_kwargs) -> bool:  # type: ignore[no-untyped-def]
        questions.append(text)
        return next(answers)

    monkeypatch.setattr("trungtam_desktop.ui.classwork.roster_page.confirm", answer)
    opening = ClassSessionInfo(class_id, date(2024, 11, 21), HalfDay.MORNING, title="Bài 3")
    session_id = services.timetable.add_session(opening).session.id
    mark(opened, entry.enrolment_id, session_id)
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # declined
    assert len(services.enrolment.roster(class_id)) == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # confirmed
    assert services.enrolment.roster(class_id) == []
    assert "Xóa Nguyễn Văn An khỏi lớp?" in questions[0] and "(1 mục) cũng bị xóa" in questions[0]
    assert sql(opened, "SELECT count(*) FROM attendance") == [(0,)]
    assert page.count_label.text().startswith("Sĩ số: 0 học viên")


KEYS = [
    (Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
]


def test_locked_class_disables_every_change_and_says_why(
    qtbot, page, services, class_id, opened, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    services.enrolment.enrol(class_id, [make_learner(services, "Nguyễn Văn An")])
    lock(opened, class_id)
    page.reload()
    assert page.lock_banner.isVisible() and "đã khóa kết quả" in page.lock_banner.text()
    changing = [
        page.add_existing_button,
        page.add_new_button,
        page.paste_button,
        page.withdraw_button,
        page.reinstate_button,
        page.remove_button,
    ]
    assert not any(button.isEnabled() for button in changing)
    assert page.edit_button.isEnabled()  # a learner's own record is not the class's data
    # The shortcuts open nothing either; unlocking brings them back.
    shown: list[str] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(type(self).__name__) or 0)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    focus_table(qtbot, page)
    for key, modifier in KEYS:
        qtbot.keyClick(page.table, key, modifier)
    assert shown == [] and len(services.enrolment.roster(class_id)) == 1
    sql(opened, "UPDATE training_class SET locked = 0 WHERE id = ?", class_id)
    page.reload()
    assert not page.lock_banner.isVisible()
    for key, modifier in KEYS:
        qtbot.keyClick(page.table, key, modifier)
    assert shown[:3] == ["LearnerSearchDialog", "QuickAddDialog", "PasteDialog"]
    assert shown[3].startswith("Xóa Nguyễn Văn An khỏi lớp?")
