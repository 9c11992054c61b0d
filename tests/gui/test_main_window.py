"""The main window and its three tabs, driven through the real widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QMessageBox

from trungtam_desktop.domain.enums import Gender, LecturerType
from trungtam_desktop.domain.models import Learner, Lecturer, TrainingClass
from trungtam_desktop.ui.main_window import MainWindow
from trungtam_desktop.ui.tabs.classes.dialogs import ClassDialog
from trungtam_desktop.ui.tabs.learners.dialogs import LearnerDialog
from trungtam_desktop.ui.tabs.lecturers.dialogs import LecturerDialog


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type Vietnamese text (QTest.keyClicks only knows Latin-1 keys) as the clerk's IME would insert it."""
    widget.setFocus()
    widget.insert(text)


ENGLISH = {"OK", "Cancel", "Save", "Apply", "Close", "Yes", "No", "Open", "Discard", "Help", "Reset"}


def _button_texts(widget) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.text().replace("&", "") for b in widget.findChildren(QAbstractButton)}


def test_window_has_three_vietnamese_tabs_and_menus(main_window) -> None:  # type: ignore[no-untyped-def]
    tabs = [main_window.tabs.tabText(i).replace("&", "") for i in range(main_window.tabs.count())]
    assert tabs == ["Lớp học", "Học viên", "Giảng viên"]
    menus = [a.text().replace("&", "") for a in main_window.menuBar().actions() if a.isVisible()]
    assert menus[:2] == ["Tệp", "Dữ liệu"] and menus[-1] == "Trợ giúp"
    assert "TRUNG TÂM CHÍNH TRỊ" in main_window.windowTitle()
    assert "0 lớp" in main_window.counts_label.text()
    assert str(main_window._database_path) in main_window.database_label.text()


def test_geometry_and_column_widths_are_remembered(qtbot, services, opened, window_settings) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(services, window_settings, opened.paths.database, opened.paths.root)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(700, 500)  # the offscreen screen is 800×600
    first.learners_tab.table.setColumnWidth(0, 333)
    first.tabs.setCurrentIndex(2)
    first.close()
    second = MainWindow(
        services,
        QSettings(window_settings.fileName(), QSettings.Format.IniFormat),
        opened.paths.database,
        opened.paths.root,
    )
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (700, 500)
    assert second.learners_tab.table.columnWidth(0) == 333
    assert second.tabs.currentIndex() == 2


def test_standard_buttons_are_vietnamese(qtbot, gui_app) -> None:  # type: ignore[no-untyped-def]
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Close
    )
    qtbot.addWidget(box)
    assert _button_texts(box) == {"Đồng ý", "Hủy", "Có", "Không", "Đóng"}


def test_create_learner_through_the_dialog(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    dialog = LearnerDialog(services.learners)
    qtbot.addWidget(dialog)
    assert not (_button_texts(dialog) & ENGLISH)
    type_text(dialog.full_name, "nguyễn thị mỵ")
    qtbot.keyClicks(dialog.birth.edit, "05/03/1990")
    dialog.gender.setCurrentIndex(dialog.gender.findData(Gender.FEMALE))
    type_text(dialog.unit, "Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    found = services.learners.search("nguyen thi my").items
    assert [(x.full_name, x.birth_date, x.gender) for x in found] == [
        ("Nguyễn Thị Mỵ", date(1990, 3, 5), Gender.FEMALE)
    ]


def test_enter_saves_the_dialog(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    dialog = LearnerDialog(services.learners)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.full_name, "Lê Văn Tám")
    dialog.gender.setCurrentIndex(dialog.gender.findData(Gender.MALE))
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.learners.search("le van tam").total == 1


def test_bad_birth_date_is_shown_beside_the_field_and_nothing_saved(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    dialog = LearnerDialog(services.learners)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.full_name, "Trần Văn Bình")
    qtbot.keyClicks(dialog.birth.edit, "31/02/1990")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "31/02/1990 không tồn tại" in dialog.field_error("birth")
    assert services.learners.count() == 0
    dialog.birth.edit.setText("2099")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert "tương lai" in dialog.field_error("birth") or "2099" in dialog.field_error("birth")
    assert services.learners.count() == 0
    dialog.done(0)  # close without the "Bỏ các thay đổi?" question


def test_possible_duplicate_is_warned_and_can_be_declined(qtbot, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.learners.create(Learner("Nguyễn Thị Mỵ", birth_date=date(1990, 3, 5), gender=Gender.FEMALE))
    asked: list[str] = []

    def decline(_parent, text, *_args, **_kwargs) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return False

    monkeypatch.setattr("trungtam_desktop.ui.tabs.learners.dialogs.confirm", decline)
    dialog = LearnerDialog(services.learners)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.full_name, "Nguyen Thi My")
    qtbot.keyClicks(dialog.birth.edit, "5/3/1990")
    dialog.gender.setCurrentIndex(dialog.gender.findData(Gender.FEMALE))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert asked and "Nguyễn Thị Mỵ" in asked[0]
    assert services.learners.count() == 1


def test_create_lecturer_and_class_through_dialogs(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    lecturer_dialog = LecturerDialog(services.lecturers)
    qtbot.addWidget(lecturer_dialog)
    type_text(lecturer_dialog.full_name, "Phạm Thị Hoa")
    lecturer_dialog.lecturer_type.setCurrentIndex(
        lecturer_dialog.lecturer_type.findData(LecturerType.FULL_TIME)
    )
    type_text(lecturer_dialog.decision, "45-QĐ/HU")
    qtbot.keyClicks(lecturer_dialog.decision_date.edit, "02/01/2023")
    qtbot.mouseClick(
        lecturer_dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    lecturer = lecturer_dialog.result_object
    assert (lecturer.full_name, lecturer.lecturer_type, lecturer.appointment_date) == (
        "Phạm Thị Hoa",
        LecturerType.FULL_TIME,
        date(2023, 1, 2),
    )

    programmes = services.programmes.list()
    class_dialog = ClassDialog(services.classes, programmes, services.lecturers.list(), None)
    qtbot.addWidget(class_dialog)
    class_dialog.programme.setCurrentIndex(1)
    qtbot.keyClicks(class_dialog.start.edit, "10/06/2024")
    class_dialog.start.changed.emit()
    assert class_dialog.code.text() == "NTVD-2024-01"
    type_text(class_dialog.name, "Đợt 1/2024")
    qtbot.keyClicks(class_dialog.end.edit, "14/06/2024")
    class_dialog.homeroom.setCurrentIndex(class_dialog.homeroom.findData(lecturer.id))
    qtbot.mouseClick(
        class_dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    created = services.classes.get_by_code("NTVD-2024-01")
    assert (created.name, created.homeroom_lecturer_name, created.programme_id) == (
        "Đợt 1/2024",
        "Phạm Thị Hoa",
        programmes[1].id,
    )


def test_class_ending_before_start_is_shown_in_the_dialog(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    dialog = ClassDialog(services.classes, services.programmes.list(), [], None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.programme.setCurrentIndex(0)
    qtbot.keyClicks(dialog.code, "K86")
    type_text(dialog.name, "Khóa 86")
    qtbot.keyClicks(dialog.start.edit, "10/06/2024")
    qtbot.keyClicks(dialog.end.edit, "01/06/2024")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert "không được trước ngày bắt đầu" in dialog.field_error("end_date")
    assert services.classes.count() == 0


def test_search_box_finds_folded_name(qtbot, main_window, services) -> None:  # type: ignore[no-untyped-def]
    for name in ("Nguyễn Thị Mỵ", "Nguyễn Văn An", "Trần Thị Bích"):
        services.learners.create(Learner(name, birth_year=1990, gender=Gender.FEMALE))
    tab = main_window.learners_tab
    tab.refresh()
    assert tab.model.rowCount() == 3
    qtbot.keyClicks(tab.search, "nguyen thi my")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.current().full_name == "Nguyễn Thị Mỵ"
    assert "Tìm thấy 1 học viên" in tab.count_label.text()


def test_learner_list_is_in_vietnamese_order_and_server_sorted(qtbot, main_window, services) -> None:  # type: ignore[no-untyped-def]
    for name, year in (
        ("Trần Văn Bình", 1985),
        ("Lê Thị Ánh", 1992),
        ("Nguyễn Văn An", 1970),
        ("Đỗ Văn Đức", 1980),
        ("Phạm Văn Dũng", 1975),
    ):
        services.learners.create(Learner(name, birth_year=year, gender=Gender.FEMALE))
    tab = main_window.learners_tab
    tab.refresh()
    names = [tab.model.item(r).full_name for r in range(tab.model.rowCount())]
    assert names == ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Văn Bình", "Phạm Văn Dũng", "Đỗ Văn Đức"]
    tab.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    years = [tab.model.item(r).birth_year for r in range(tab.model.rowCount())]
    assert years == [1992, 1985, 1980, 1975, 1970]


def test_learner_list_loads_lazily(qtbot, main_window, services) -> None:  # type: ignore[no-untyped-def]
    surnames, middles, given = (
        ["Nguyễn", "Trần", "Lê"],
        ["Văn", "Thị", "Hữu", "Minh", "Thanh"],
        "ABCDEGHIKLMNOPQRSTUVXY",
    )
    for i in range(450):
        name = f"{surnames[i % 3]} {middles[i // 3 % 5]} {given[i // 15 % 22]}ương"
        services.learners.create(Learner(name, birth_year=1950 + i % 50, gender=Gender.FEMALE))
    tab = main_window.learners_tab
    tab.refresh()
    assert tab.model.total == 450
    assert tab.model.rowCount() == 200
    assert tab.model.canFetchMore()
    tab.model.fetchMore()
    assert tab.model.rowCount() == 400


def test_lecturer_tab_deactivates_after_confirmation(qtbot, main_window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.lecturers.create(Lecturer("Vũ Văn Bảo", LecturerType.REPORTER))
    tab = main_window.lecturers_tab
    tab.refresh()
    monkeypatch.setattr("trungtam_desktop.ui.tabs.lecturers.tab.confirm", lambda *a, **k: False)
    tab.toggle_active()
    assert services.lecturers.list(active_only=True)[0].full_name == "Vũ Văn Bảo"
    monkeypatch.setattr("trungtam_desktop.ui.tabs.lecturers.tab.confirm", lambda *a, **k: True)
    tab.toggle_active()
    assert services.lecturers.list(active_only=True) == []
    assert tab.current().active is False


def test_classes_tab_filters_and_next_round(qtbot, main_window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid = services.programmes.list()[1].id
    services.classes.create(
        TrainingClass(pid, "NTVD-2023-01", "Đợt 1/2023", date(2023, 3, 6), date(2023, 3, 10))
    )
    services.classes.create(
        TrainingClass(pid, "NTVD-2024-01", "Đợt 1/2024", date(2024, 3, 4), date(2024, 3, 8))
    )
    tab = main_window.classes_tab
    tab.reload_filters()
    tab.refresh()
    assert tab.model.rowCount() == 2
    tab.year.setCurrentIndex(tab.year.findData(2024))
    assert [c.code for c in tab.model.items()] == ["NTVD-2024-01"]

    def save_as_proposed(dialog: ClassDialog) -> int:
        assert (dialog.code.text(), dialog.name.text()) == ("NTVD-2024-02", "Đợt 2/2024")
        dialog._on_save()
        return dialog.result()

    monkeypatch.setattr(ClassDialog, "exec", save_as_proposed)
    tab.table.select_where(lambda c: c.code == "NTVD-2024-01")
    tab.next_round()
    assert {c.code for c in tab.model.items()} == {"NTVD-2024-01", "NTVD-2024-02"}
    assert tab.current().name == "Đợt 2/2024"


def test_classes_tab_opens_on_the_latest_year_up_to_today(qtbot, gui_app, services) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.tabs.classes.tab import ClassesTab

    pid = services.programmes.list()[0].id
    for code, start in (
        ("A-2023", date(2023, 5, 2)),
        ("A-2024", date(2024, 5, 2)),
        ("A-2025", date(2025, 1, 6)),
    ):
        services.classes.create(TrainingClass(pid, code, code, start, start))
    tab = ClassesTab(services.classes, services.programmes, services.lecturers, current_year=2024)
    qtbot.addWidget(tab)
    assert tab.year.currentData() == 2024
    assert [c.code for c in tab.model.items()] == ["A-2024"]
    older = ClassesTab(services.classes, services.programmes, services.lecturers, current_year=2030)
    qtbot.addWidget(older)
    assert older.year.currentData() == 2025  # no class yet this year: the latest year with classes
    everything = ClassesTab(services.classes, services.programmes, services.lecturers)
    qtbot.addWidget(everything)
    assert everything.year.currentData() is None and everything.model.rowCount() == 3


def test_unexpected_error_is_logged_and_shown_and_window_survives(
    qtbot, main_window, gui_app, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    try:
        raise RuntimeError("hỏng bất ngờ")
    except RuntimeError as exc:
        gui_app._excepthook(type(exc), exc, exc.__traceback__)
    assert shown and "lỗi không mong đợi" in shown[0]
    assert any("hỏng bất ngờ" in (r.exc_text or str(r.exc_info)) for r in caplog.records)
    assert main_window.isVisible()


def test_features_add_file_menu_entries_above_quit(main_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    first, second = QAction("Sao lưu…", main_window), QAction("Khôi phục…", main_window)
    main_window.add_file_action(first)
    main_window.add_file_action(second)
    actions = main_window.file_menu.actions()
    assert [a.text() for a in actions if not a.isSeparator()] == ["Sao lưu…", "Khôi phục…", "&Thoát"]
    assert actions[2].isSeparator() and actions[3] is main_window.quit_action


def test_hidden_tabs_read_their_list_when_first_shown(
    qtbot, gui_app, services, opened, window_settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The start reads only the list it shows; the learners and lecturers are read on opening their tab."""
    services.learners.create(Learner("Nguyễn Thị Mỵ", birth_year=1990, gender=Gender.FEMALE))
    services.lecturers.create(Lecturer("Vũ Văn Bảo", LecturerType.REPORTER))
    calls: list[str] = []
    real_search, real_list = services.learners.search, services.lecturers.list
    # Counting, then the real reads.
    monkeypatch.setattr(
        services.learners, "search", lambda *a, **k: (calls.append("learners"), real_search(*a, **k))[1]
    )
    monkeypatch.setattr(
        services.lecturers, "list", lambda *a, **k: (calls.append("lecturers"), real_list(*a, **k))[1]
    )
    window = MainWindow(services, window_settings, opened.paths.database, opened.paths.root)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.tabs.currentWidget() is window.classes_tab
    assert "learners" not in calls and window.learners_tab.model.rowCount() == 0
    window.tabs.setCurrentWidget(window.learners_tab)
    qtbot.waitUntil(lambda: window.learners_tab.model.rowCount() == 1)
    assert window.learners_tab.current().full_name == "Nguyễn Thị Mỵ"
    window.tabs.setCurrentWidget(window.lecturers_tab)
    qtbot.waitUntil(lambda: window.lecturers_tab.model.rowCount() == 1)
    window.tabs.setCurrentWidget(window.learners_tab)
    assert calls.count("learners") == 1  # read once, not again on each visit
    assert "1 học viên" in window.counts_label.text()  # the status line counted them from the start
