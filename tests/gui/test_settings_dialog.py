"""The Settings dialog: loads current values, saves each page through the services, refuses bad values
without writing anything, asks before throwing changes away, and speaks only Vietnamese."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from tests.conftest import TEST_CENTRE
from trungtam_desktop.domain.enums import LecturerType, StaffRole
from trungtam_desktop.domain.models import Programme
from trungtam_desktop.services.settings import Quota, Rate
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.settings import SettingsDialog, saving
from trungtam_desktop.ui.settings.editing import EditableTable

TODAY = date(2026, 11, 22)
ENGLISH = {
    "OK",
    "Cancel",
    "Save",
    "Apply",
    "Close",
    "Yes",
    "No",
    "Discard",
    "Reset",
    "Help",
    "Add",
    "Remove",
    "Delete",
    "Up",
    "Down",
    "Name",
    "Code",
    "Total",
    "Active",
    "Settings",
}


class ModalRecorder:
    """Stands in for the message boxes, which would block a test: records what would have been asked."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.errors: list[str] = []
        self.answer = True

    def confirm(self, parent: QWidget | None, text: str, title: str = "", **_kwargs: object) -> bool:
        self.questions.append(text)
        return self.answer

    def error(self, parent: QWidget | None, error: BaseException) -> None:
        self.errors.append(str(error))

    def warn(self, parent: QWidget | None, text: str, title: str = "") -> None:
        self.errors.append(text)


@pytest.fixture
def modals(monkeypatch: pytest.MonkeyPatch) -> ModalRecorder:
    recorder = ModalRecorder()
    monkeypatch.setattr(messages, "confirm", recorder.confirm)
    monkeypatch.setattr(messages, "show_error", recorder.error)
    monkeypatch.setattr(messages, "warn", recorder.warn)
    monkeypatch.setattr(messages, "info", recorder.warn)
    return recorder


@pytest.fixture
def settings_dialog(qtbot, services, modals: ModalRecorder) -> Iterator[SettingsDialog]:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(services.settings, services.programmes, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    yield dialog
    if dialog.isVisible():
        dialog.done(0)  # hide without the "discard changes?" question
    assert modals.errors == [], f"unexpected message boxes: {modals.errors}"


# -- helpers --------------------------------------------------------------------------------------------
def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like the clerk, Vietnamese included (QTest.keyClicks aborts on characters beyond ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
            )


def retype(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def set_spin(qtbot, spin: QSpinBox, value: int) -> None:  # type: ignore[no-untyped-def]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    spin.interpretText()
    assert spin.value() == value


def focused_editor(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def edit_cell(qtbot, table: EditableTable, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open a cell with F2, type, and press Enter, as the clerk does."""
    table.setFocus()
    table.select_row(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = focused_editor(qtbot)
    assert table.viewport().isAncestorOf(editor)
    if isinstance(editor, QLineEdit | QSpinBox | QDoubleSpinBox):
        editor.selectAll()
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QTableView.State.EditingState)


def select_programme(qtbot, dialog: SettingsDialog, code: str) -> Programme:  # type: ignore[no-untyped-def]
    dialog.tabs.setCurrentWidget(dialog.programmes_page)
    page = dialog.programmes_page
    assert page.list.select_where(lambda e: e.programme.code == code)
    qtbot.waitUntil(lambda: page.editor.code.text() == code)
    return page.editor.programme()


def click_save(qtbot, dialog: SettingsDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


# -- opening --------------------------------------------------------------------------------------------
def test_opens_with_the_current_values(settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    centre = services.settings.centre()
    page = settings_dialog.centre_page
    assert page.edits["parent_body"].text() == centre.parent_body
    assert page.edits["place_name"].text() == centre.place_name
    assert page.edits["document_code"].text() == centre.document_code
    assert "Đức Trọng, ngày 22 tháng 11 năm 2026" in page.preview_text()
    assert "Số 12-BC/TTCT" in page.preview_text()

    codes = [e.programme.code for e in settings_dialog.programmes_page.list_model.items()]
    assert codes == [p.code for p in services.programmes.list()]
    assert len(codes) == 6
    editor = settings_dialog.programmes_page.editor
    first = services.programmes.list()[0]
    assert editor.programme() == dataclasses.replace(first, bands=editor.programme().bands)
    assert editor.absence_num.value() == 1 and editor.absence_den.value() == 3

    standard, lecturing = settings_dialog.quotas_page.quota_spins[StaffRole.DIRECTOR]
    assert (standard.value(), lecturing.value()) == (40, 30)
    assert settings_dialog.quotas_page.rates() == services.settings.rates()
    assert settings_dialog.quotas_page.rates_model.index(1, 3).data() == "150.000"
    assert not settings_dialog.has_changes()
    assert settings_dialog.width() <= 1100 and settings_dialog.height() <= 700


def test_preview_follows_typing(qtbot, settings_dialog: SettingsDialog) -> None:  # type: ignore[no-untyped-def]
    page = settings_dialog.centre_page
    retype(qtbot, page.edits["place_name"], "Lâm Hà")
    retype(qtbot, page.edits["document_code"], "TTCTLH")
    assert "Lâm Hà, ngày 22 tháng 11 năm 2026" in page.preview_text()
    assert "Số 12-BC/TTCTLH" in page.preview_text()


# -- saving ---------------------------------------------------------------------------------------------
def test_changed_place_name_is_saved(qtbot, settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, settings_dialog.centre_page.edits["place_name"], "Lâm Hà")
    assert settings_dialog.has_changes()
    with qtbot.waitSignal(settings_dialog.accepted):
        click_save(qtbot, settings_dialog)
    assert services.settings.centre().place_name == "Lâm Hà"
    assert settings_dialog.saved_parts == {"centre"}


def test_enter_saves_and_escape_closes_without_changes(
    qtbot, settings_dialog: SettingsDialog, modals
) -> None:  # type: ignore[no-untyped-def]
    assert settings_dialog.save_button.isDefault()
    with qtbot.waitSignal(settings_dialog.rejected):
        qtbot.keyClick(settings_dialog.centre_page.edits["centre_name"], Qt.Key.Key_Escape)
    assert modals.questions == []  # nothing changed, nothing to ask


def test_enter_in_a_field_saves(qtbot, settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    edit = settings_dialog.centre_page.edits["director_name"]
    retype(qtbot, edit, "Nguyễn Văn Bình")
    with qtbot.waitSignal(settings_dialog.accepted):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert services.settings.centre().director_name == "Nguyễn Văn Bình"


def test_empty_required_field_is_refused_beside_it(qtbot, settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    before = services.settings.centre()
    settings_dialog.tabs.setCurrentWidget(settings_dialog.quotas_page)
    settings_dialog.centre_page.edits["centre_name"].clear()
    click_save(qtbot, settings_dialog)
    assert settings_dialog.isVisible()
    assert settings_dialog.tabs.currentWidget() is settings_dialog.centre_page
    assert settings_dialog.centre_page.errors.text("centre_name") == "Tên trung tâm không được để trống."
    assert services.settings.centre() == before


def test_weights_not_totalling_100_write_nothing(qtbot, settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    centre_before = services.settings.centre()
    programmes_before = services.programmes.list()
    retype(qtbot, settings_dialog.centre_page.edits["place_name"], "Lâm Hà")  # a valid change on page 1

    select_programme(qtbot, settings_dialog, "SCLLCT")
    editor = settings_dialog.programmes_page.editor
    edit_cell(qtbot, editor.components, 0, 1, "50")
    assert [c.weight_percent for c in editor.programme().components] == [50, 30, 40]
    assert "120%" in editor.weights_total.text()
    assert "b00020" in editor.weights_total.styleSheet()  # shown in red

    settings_dialog.tabs.setCurrentWidget(settings_dialog.centre_page)
    click_save(qtbot, settings_dialog)

    assert settings_dialog.isVisible()
    assert settings_dialog.tabs.currentWidget() is settings_dialog.programmes_page
    assert editor.code.text() == "SCLLCT"
    message = editor.errors.text("components")
    assert message == "Tổng trọng số các cột điểm phải bằng 100% (hiện là 120%)."
    assert settings_dialog.error_messages() == [message]
    # Nothing at all was written — not even the valid centre change made in the same session.
    assert services.settings.centre() == centre_before
    assert services.programmes.list() == programmes_before

    # Fixing the weight lets the whole set be saved.
    edit_cell(qtbot, editor.components, 0, 1, "30")
    assert "100%" in editor.weights_total.text()
    with qtbot.waitSignal(settings_dialog.accepted):
        click_save(qtbot, settings_dialog)
    assert services.settings.centre().place_name == "Lâm Hà"


def test_added_lesson_is_saved_and_ids_are_kept(qtbot, settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    before = select_programme(qtbot, settings_dialog, "NTVD")
    editor = settings_dialog.programmes_page.editor
    qtbot.mouseClick(editor.add_lesson, Qt.MouseButton.LeftButton)
    title_editor = focused_editor(qtbot)
    assert isinstance(title_editor, QLineEdit)
    type_text(qtbot, title_editor, "Thảo luận tổ về Điều lệ Đảng")
    qtbot.keyClick(title_editor, Qt.Key.Key_Tab)  # on to the tiết cell
    tiet_editor = focused_editor(qtbot)
    assert isinstance(tiet_editor, QSpinBox)
    tiet_editor.selectAll()
    qtbot.keyClicks(tiet_editor, "7")
    qtbot.keyClick(tiet_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.lessons.state() != QTableView.State.EditingState)
    assert settings_dialog.isVisible()  # Enter inside a cell ends the cell, not the dialog
    assert f"{before.total_tiet + 7} tiết" in editor.lessons_total.text()

    with qtbot.waitSignal(settings_dialog.accepted):
        click_save(qtbot, settings_dialog)
    saved = services.programmes.get(before.id)
    assert saved.lessons[-1].title == "Thảo luận tổ về Điều lệ Đảng"
    assert saved.lessons[-1].tiet == 7
    assert [(x.id, x.title) for x in saved.lessons[:-1]] == [(x.id, x.title) for x in before.lessons]
    assert saved.components == before.components


def test_removing_and_moving_lessons(qtbot, settings_dialog: SettingsDialog, services, modals) -> None:  # type: ignore[no-untyped-def]
    before = select_programme(qtbot, settings_dialog, "HNQT")
    editor = settings_dialog.programmes_page.editor
    editor.lessons.select_row(0)
    modals.answer = False
    qtbot.mouseClick(editor.remove_lesson, Qt.MouseButton.LeftButton)
    assert modals.questions == [f"Xóa bài “{before.lessons[0].title}” khỏi chương trình?"]
    assert editor.lessons_model.rowCount() == 2  # the clerk said no

    editor.lessons.select_row(1)
    qtbot.mouseClick(editor.lesson_up, Qt.MouseButton.LeftButton)
    assert editor.lessons.current_row() == 0
    modals.answer = True
    editor.lessons.select_row(1)
    qtbot.mouseClick(editor.remove_lesson, Qt.MouseButton.LeftButton)
    assert [x.id for x in editor.programme().lessons] == [before.lessons[1].id]

    with qtbot.waitSignal(settings_dialog.accepted):
        click_save(qtbot, settings_dialog)
    assert services.programmes.get(before.id).lessons == (before.lessons[1],)


def test_removing_a_component_asks_first(qtbot, settings_dialog: SettingsDialog, modals) -> None:  # type: ignore[no-untyped-def]
    select_programme(qtbot, settings_dialog, "SCLLCT")
    editor = settings_dialog.programmes_page.editor
    editor.components.select_row(2)
    modals.answer = False
    qtbot.mouseClick(editor.remove_component, Qt.MouseButton.LeftButton)
    assert len(modals.questions) == 1 and "Thi cuối khóa" in modals.questions[0]
    assert editor.components_model.rowCount() == 3


def test_programme_settings_and_bands_round_trip(qtbot, settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    before = select_programme(qtbot, settings_dialog, "DVM")
    editor = settings_dialog.programmes_page.editor
    retype(qtbot, editor.name, "Bồi dưỡng lý luận chính trị cho đảng viên mới (2025)")
    set_spin(qtbot, editor.absence_num, 1)
    set_spin(qtbot, editor.absence_den, 4)
    assert "25,0%" in editor.absence_percent.text()
    band = editor.band_spins[next(iter(editor.band_spins))]  # Xuất sắc
    band.setFocus()
    band.selectAll()
    qtbot.keyClicks(band, "9,5")
    band.interpretText()
    assert band.value() == pytest.approx(9.5)
    with qtbot.waitSignal(settings_dialog.accepted):
        click_save(qtbot, settings_dialog)
    saved = services.programmes.get(before.id)
    assert saved.name == "Bồi dưỡng lý luận chính trị cho đảng viên mới (2025)"
    assert (saved.absence_limit_num, saved.absence_limit_den) == (1, 4)
    assert max(b.min_score for b in saved.bands) == pytest.approx(9.5)
    assert saved.lessons == before.lessons


def test_new_programme_is_created_and_duplicate_code_refused(
    qtbot, settings_dialog: SettingsDialog, services
) -> None:  # type: ignore[no-untyped-def]
    page = settings_dialog.programmes_page
    settings_dialog.tabs.setCurrentWidget(page)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.editor.code.hasFocus()
    qtbot.keyClicks(page.editor.code, "NTVD")
    retype(qtbot, page.editor.name, "Bồi dưỡng công tác dân vận")
    click_save(qtbot, settings_dialog)
    assert "đã được dùng" in page.editor.errors.text("code")
    assert len(services.programmes.list()) == 6

    retype(qtbot, page.editor.code, "DANVAN")
    with qtbot.waitSignal(settings_dialog.accepted):
        click_save(qtbot, settings_dialog)
    created = services.programmes.list()[-1]
    assert (created.code, created.name) == ("DANVAN", "Bồi dưỡng công tác dân vận")


def test_quotas_and_rates_round_trip(qtbot, settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    page = settings_dialog.quotas_page
    settings_dialog.tabs.setCurrentWidget(page)
    standard, lecturing = page.quota_spins[StaffRole.DIRECTOR]
    set_spin(qtbot, standard, 45)
    set_spin(qtbot, lecturing, 35)
    edit_cell(qtbot, page.rates_table, 1, 3, "175000")
    assert page.rates_model.index(1, 3).data() == "175.000"

    qtbot.mouseClick(page.add_rate, Qt.MouseButton.LeftButton)
    combo = focused_editor(qtbot)  # loại giảng viên: Giảng viên mời is offered first
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    title = focused_editor(qtbot)
    assert isinstance(title, QLineEdit)
    type_text(qtbot, title, "Phó Bí thư Huyện ủy")
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    unit = focused_editor(qtbot)
    qtbot.keyClick(unit, Qt.Key.Key_Down)  # tiết → buổi
    qtbot.keyClick(unit, Qt.Key.Key_Tab)
    amount = focused_editor(qtbot)
    assert isinstance(amount, QSpinBox)
    amount.selectAll()
    qtbot.keyClicks(amount, "500000")
    qtbot.keyClick(amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.rates_table.state() != QTableView.State.EditingState)
    assert page.rates_model.index(4, 3).data() == "500.000"
    assert page.rates_model.index(4, 2).data() == "buổi"

    with qtbot.waitSignal(settings_dialog.accepted):
        click_save(qtbot, settings_dialog)
    quotas = services.settings.quotas()
    assert Quota(StaffRole.DIRECTOR, 45, 35) in quotas
    assert StaffRole.OTHER not in {q.role for q in quotas}  # untouched zero row is not invented
    rates = services.settings.rates()
    assert rates[1] == Rate(LecturerType.PART_TIME, "", "tiet", 175_000)
    assert rates[-1] == Rate(LecturerType.GUEST, "Phó Bí thư Huyện ủy", "buoi", 500_000)


def test_bad_quota_is_refused_on_its_page(qtbot, settings_dialog: SettingsDialog, services) -> None:  # type: ignore[no-untyped-def]
    quotas_before = services.settings.quotas()
    retype(qtbot, settings_dialog.centre_page.edits["place_name"], "Lâm Hà")
    page = settings_dialog.quotas_page
    _standard, lecturing = page.quota_spins[StaffRole.DEPUTY]
    set_spin(qtbot, lecturing, 80)  # more lecturing hours than the 60 standard hours
    settings_dialog.tabs.setCurrentWidget(settings_dialog.centre_page)
    click_save(qtbot, settings_dialog)
    assert settings_dialog.tabs.currentWidget() is page
    assert page.errors.text("quotas") == "Giờ giảng của Phó giám đốc không được lớn hơn tổng giờ chuẩn."
    assert services.settings.quotas() == quotas_before
    assert services.settings.centre().place_name != "Lâm Hà"


# -- closing --------------------------------------------------------------------------------------------
def test_cancel_with_changes_asks_before_discarding(
    qtbot, settings_dialog: SettingsDialog, services, modals
) -> None:  # type: ignore[no-untyped-def]
    before = services.settings.centre()
    retype(qtbot, settings_dialog.centre_page.edits["place_name"], "Lâm Hà")
    modals.answer = False
    qtbot.mouseClick(settings_dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert [q.splitlines()[0] for q in modals.questions] == ["Bỏ các thay đổi?"]
    assert settings_dialog.isVisible()  # "Quay lại" keeps the dialog and the typing

    modals.answer = True
    with qtbot.waitSignal(settings_dialog.rejected):
        qtbot.keyClick(settings_dialog.centre_page.edits["place_name"], Qt.Key.Key_Escape)
    assert len(modals.questions) == 2
    assert services.settings.centre() == before


def test_an_unsaved_lesson_edit_counts_as_a_change(qtbot, settings_dialog: SettingsDialog, modals) -> None:  # type: ignore[no-untyped-def]
    select_programme(qtbot, settings_dialog, "CNKT")
    editor = settings_dialog.programmes_page.editor
    edit_cell(qtbot, editor.lessons, 0, 1, "8")
    assert settings_dialog.has_changes()
    select_programme(qtbot, settings_dialog, "HNQT")  # switching programmes keeps the draft
    assert [p.code for _k, p in settings_dialog.programmes_page.changed_programmes()] == ["CNKT"]


# -- language and keyboard ------------------------------------------------------------------------------
def _visible_texts(dialog: SettingsDialog) -> list[str]:
    texts = [dialog.windowTitle()]
    texts += [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    texts += [b.text().replace("&", "") for b in dialog.findChildren(QAbstractButton)]
    texts += [label.text() for label in dialog.findChildren(QLabel)]
    texts += [box.title() for box in dialog.findChildren(QGroupBox)]
    for view in dialog.findChildren(QTableView):
        model = view.model()
        texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    return [t for t in texts if t]


def test_every_text_is_vietnamese(settings_dialog: SettingsDialog) -> None:
    buttons = [b.text().replace("&", "") for b in settings_dialog.findChildren(QAbstractButton)]
    assert "Lưu" in buttons and "Hủy" in buttons
    assert not {"OK", "Cancel", "Save", "Apply", "Close", "Yes", "No"} & set(buttons)
    words = {word.strip(".:,()") for text in _visible_texts(settings_dialog) for word in text.split()}
    assert not ENGLISH & words


def test_tab_order_follows_the_fields(qtbot, settings_dialog: SettingsDialog) -> None:  # type: ignore[no-untyped-def]
    edits = list(settings_dialog.centre_page.edits.values())
    edits[0].setFocus()
    qtbot.waitUntil(edits[0].hasFocus)
    for edit in edits[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is edit


def test_alt_shortcut_focuses_the_field(qtbot, settings_dialog: SettingsDialog) -> None:  # type: ignore[no-untyped-def]
    page = settings_dialog.centre_page
    page.edits["parent_body"].setFocus()
    qtbot.keyClick(page.edits["parent_body"], Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Đị&a danh
    qtbot.waitUntil(page.edits["place_name"].hasFocus)


# -- the Qt-free save plan ------------------------------------------------------------------------------
def test_check_refuses_before_anything_is_written(services) -> None:  # type: ignore[no-untyped-def]
    programmes = services.programmes.list()
    bad = dataclasses.replace(programmes[0], tiet_per_buoi=0)
    centre = dataclasses.replace(TEST_CENTRE, place_name="Lâm Hà")
    pending = saving.Pending(centre=centre, programmes=((bad.id, bad),))
    with pytest.raises(saving.SettingsProblem) as caught:
        saving.check(pending, programmes)
    assert (caught.value.page, caught.value.field, caught.value.key) == (
        "programmes",
        "tiet_per_buoi",
        bad.id,
    )
    assert saving.Pending().is_empty
