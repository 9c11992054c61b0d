"""The class window: opened from the class list, one per class, its pages kept in step, its printouts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from tests.classwork_builder import build_class
from trungtam_desktop.domain.enums import AttendanceStatus
from trungtam_desktop.ui.classwork.window import ClassWorkWindow
from trungtam_desktop.ui.main_window import MainWindow
from trungtam_desktop.ui.preview import PreviewWindow


def _main_window(qtbot, services, opened, window_settings) -> MainWindow:  # type: ignore[no-untyped-def]
    def create(class_id: int, parent):  # type: ignore[no-untyped-def]
        return ClassWorkWindow(services, class_id, window_settings, parent)

    window = MainWindow(
        services, window_settings, opened.paths.database, opened.paths.root, create_class_window=create
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _select_class(window: MainWindow, code: str) -> None:
    tab = window.classes_tab
    tab.reload_filters()
    tab.year.setCurrentIndex(tab.year.findData(None))
    tab.refresh()
    assert tab.table.select_where(lambda c: c.code == code)


def test_enter_on_the_class_list_opens_one_window_per_class(qtbot, services, opened, window_settings) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=4, sessions=6)
    window = _main_window(qtbot, services, opened, window_settings)
    _select_class(window, built.code)
    window.activateWindow()
    window.classes_tab.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.classes_tab.table, timeout=2000)
    qtbot.keyClick(window.classes_tab.table, Qt.Key.Key_Return)
    assert list(window.class_windows) == [built.class_id]
    class_window = window.class_windows[built.class_id]
    qtbot.waitExposed(class_window)
    assert class_window.windowTitle() == f"Lớp {built.code} – Lớp {built.code}"
    assert "4 học viên" in class_window.details.text()
    assert [class_window.tabs.tabText(i) for i in range(class_window.tabs.count())] == [
        "&1. Học viên",
        "&2. Lịch học",
        "&3. Điểm danh",
        "&4. Kết quả",
        "&5. Giấy chứng nhận",
    ]
    # A second request brings the same window forward instead of opening another one.
    window.classes_tab.open_button.click()
    assert window.class_windows[built.class_id] is class_window
    assert len([w for w in QApplication.topLevelWidgets() if isinstance(w, ClassWorkWindow)]) == 1
    # Ctrl+3 goes to the attendance page; Ctrl+W closes the window and forgets it.
    class_window.activateWindow()
    qtbot.waitUntil(class_window.isActiveWindow, timeout=2000)
    qtbot.keyClick(class_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert class_window.tabs.currentIndex() == 2
    qtbot.keyClick(class_window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.class_windows, timeout=2000)


def test_a_change_on_one_page_reloads_the_others_when_shown_and_the_class_list_once(
    qtbot, services, opened, window_settings
) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=3, sessions=4)
    window = _main_window(qtbot, services, opened, window_settings)
    _select_class(window, built.code)
    window.open_class(built.class_id)
    class_window = window.class_windows[built.class_id]
    attendance = class_window.pages[2]
    reloads: list[str] = []
    for page in class_window.pages:
        original = page.reload
        page.reload = lambda p=page, o=original: (reloads.append(p.title), o())[1]  # type: ignore[method-assign]
    class_window.tabs.setCurrentWidget(attendance)
    refreshed: list[int] = []
    class_window.class_changed.connect(refreshed.append)
    services.attendance.mark_session_present(built.class_id, built.session_ids[0])
    for _key in range(5):  # a burst of edits, as key presses in the grid make
        attendance.changed.emit()
    # No hidden page re-reads during the burst; the class list hears of it once, after the burst.
    assert reloads == []
    qtbot.waitUntil(lambda: refreshed == [built.class_id], timeout=3000)
    # Each other page re-reads once, when it is shown, and shows the mark just saved.
    for page in class_window.pages:
        class_window.tabs.setCurrentWidget(page)
    assert sorted(reloads) == sorted(p.title for p in class_window.pages if p is not attendance)
    class_window.tabs.setCurrentWidget(attendance)
    assert reloads.count(attendance.title) == 0
    grid = services.attendance.grid(built.class_id)
    assert {grid.mark(e, built.session_ids[0]) for e in built.enrolment_ids} == {AttendanceStatus.PRESENT}
    # The class list keeps the class selected after it refreshed.
    assert window.classes_tab.current().code == built.code


def test_the_print_menu_previews_each_sheet_of_the_class(qtbot, services, opened, window_settings) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=5, sessions=4)
    class_window = ClassWorkWindow(services, built.class_id, window_settings)
    qtbot.addWidget(class_window)
    class_window.show()
    actions: list[QAction] = class_window.print_menu.actions()
    assert [a.text() for a in actions] == [
        "Danh sách điểm danh – bản để ký (trống)",
        "Danh sách điểm danh – đã ghi",
        "Danh sách học viên",
        "Bảng điểm, kết quả học tập",
        "Lịch học",
    ]
    for number, action in enumerate(actions, start=1):
        action.trigger()
        qtbot.waitUntil(lambda n=number: len(class_window.findChildren(PreviewWindow)) == n, timeout=10000)
    previews = class_window.findChildren(PreviewWindow)
    assert all(p.pdf.startswith(b"%PDF") and p.page_count >= 1 for p in previews)
    assert previews[0].windowTitle().endswith(built.code)
    assert [p.file_name for p in previews] == [
        f"Diem danh de ky - {built.code}.pdf",
        f"Diem danh - {built.code}.pdf",
        f"Danh sach hoc vien - {built.code}.pdf",
        f"Bang diem - {built.code}.pdf",
        f"Lich hoc - {built.code}.pdf",
    ]
