"""The Điểm danh page: a whole class marked with the keyboard, ranges, clearing, refusals and the lock."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush

from tests.classwork_builder import build_class, learner_name
from tests.db.classwork_support import marks_of
from tests.gui.classwork_helpers import shown_page
from trungtam_desktop.ui.classwork.attendance_page import LOCKED_TEXT, AttendancePage
from trungtam_desktop.ui.common.table_model import OBJECT_ROLE

CODES = {"C": "co_mat", "P": "vang_co_phep", "K": "vang_khong_phep", "M": "di_muon"}


def _page(qtbot, services, class_id: int) -> AttendancePage:  # type: ignore[no-untyped-def]
    return shown_page(qtbot, AttendancePage(services, class_id))


class Keyboard:
    """Presses keys on the grid and counts them (a key with a modifier counts once)."""

    def __init__(self, qtbot, widget) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.widget, self.count = qtbot, widget, 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.widget, key, modifier)
        self.count += 1


LETTER_KEYS = {"C": Qt.Key.Key_C, "P": Qt.Key.Key_P, "K": Qt.Key.Key_K, "M": Qt.Key.Key_M}


def test_a_class_of_40_by_10_is_marked_by_keyboard_in_under_two_minutes(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    # Learner 5 joins on the second day (11/06): the first two buổi are not theirs.
    built = build_class(
        opened.database, learners=40, sessions=10, enrolled_on=[None] * 5 + [date(2024, 6, 11)]
    )
    page = _page(qtbot, services, built.class_id)
    keys = Keyboard(qtbot, page.table)
    # Three or four exceptions per buổi, as in a real class (about 8 % absent or late).
    exceptions = {
        column: {(column * 7 + k * 11) % 40: "PKM"[(column + k) % 3] for k in range(3 + column % 2)}
        for column in range(10)
    }
    assert page.table.currentIndex().row() == 0 and page.table.currentIndex().column() == 0
    changed: list[None] = []
    page.changed.connect(lambda: changed.append(None))
    for column in range(10):
        if column:
            keys.press(Qt.Key.Key_Right)
        # Everyone present, and back to the first learner of the buổi.
        keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert page.table.currentIndex().row() == 0 and page.table.currentIndex().column() == column
        row = 0
        for target, letter in sorted(exceptions[column].items()):
            for _ in range(target - row):
                keys.press(Qt.Key.Key_Down)
            keys.press(LETTER_KEYS[letter])  # saves the cell and moves down
            row = target + 1
            assert page.table.currentIndex().row() == min(row, 39)
    # Rows follow the Vietnamese order of names, not the order the learners were created in.
    rows = [page.model.line(row).enrolment_id for row in range(40)]
    late = built.enrolment_ids[5]
    expected = {
        (enrolment_id, session_id): CODES[exceptions[column].get(row, "C")]
        for column, session_id in enumerate(built.session_ids)
        for row, enrolment_id in enumerate(rows)
        if not (enrolment_id == late and column < 2)
    }
    assert (late, built.session_ids[0]) not in marks_of(opened, built.class_id)
    assert marks_of(opened, built.class_id) == expected
    assert len(changed) == 10 + sum(len(e) for e in exceptions.values())
    # At a steady four keys a second (arrow keys repeat faster when held down) this takes under 2 minutes.
    print(f"keystrokes for 40 learners × 10 buổi: {keys.count}")
    assert keys.count <= 4 * 120, keys.count


def test_a_range_a_clear_and_a_cell_before_enrolment(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=4, sessions=4, enrolled_on=[None, date(2024, 6, 11)])
    page = _page(qtbot, services, built.class_id)
    e, s = built.enrolment_ids, built.session_ids
    keys = Keyboard(qtbot, page.table)
    # Shift+Down twice selects three cells of the second buổi; K marks them all (the "—" cell is skipped).
    keys.press(Qt.Key.Key_Right)
    keys.press(Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    keys.press(Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(page.changed):
        keys.press(Qt.Key.Key_K)
    assert marks_of(opened, built.class_id) == {
        (e[0], s[1]): "vang_khong_phep",
        (e[2], s[1]): "vang_khong_phep",
    }
    assert page.status.text() == "Đã ghi “vắng không phép” cho 2 ô."
    # Delete clears the current cell only and moves down.
    page.table.setCurrentIndex(page.model.index(0, 1))
    keys.press(Qt.Key.Key_Delete)
    assert marks_of(opened, built.class_id) == {(e[2], s[1]): "vang_khong_phep"}
    assert page.table.currentIndex().row() == 1
    # The late joiner's first buổi: nothing written, the reason on the status line, on to the next learner.
    page.table.setCurrentIndex(page.model.index(1, 0))
    keys.press(Qt.Key.Key_P)
    assert marks_of(opened, built.class_id) == {(e[2], s[1]): "vang_khong_phep"}
    assert "chưa vào lớp ngày 10/06/2024" in page.status.text()
    assert page.table.currentIndex().row() == 2
    # M marks late; the model shows the letters and the dash.
    keys.press(Qt.Key.Key_M)
    model = page.model
    assert [model.index(r, 1).data() for r in range(4)] == ["", "—", "K", ""]
    assert model.index(2, 0).data() == "M" and model.index(1, 0).data() == "—"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "10/06\nSáng"
    assert model.headerData(1, Qt.Orientation.Vertical) == f"2. {learner_name(1)}"
    assert model.index(0, 0).data(OBJECT_ROLE).enrolment_id == e[0]


def test_over_the_limit_is_marked_in_colour_and_words(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=3, sessions=6)
    e, s = built.enrolment_ids, built.session_ids
    services.attendance.set_marks(built.class_id, {(e[1], s[i]): "vang_co_phep" for i in range(3)})
    page = _page(qtbot, services, built.class_id)
    model, last = page.model, page.model.columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal) == "Quá số buổi vắng"
    assert model.index(1, last).data() == "Vắng 3/6, tối đa 2"
    assert (
        model.index(1, last).data(Qt.ItemDataRole.ToolTipRole)
        == "Vắng 3/6 buổi, quá 1/3 số buổi (tối đa 2 buổi)"
    )
    assert isinstance(model.index(1, 4).data(Qt.ItemDataRole.BackgroundRole), QBrush)
    assert model.index(0, 4).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(0, last).data() == ""
    assert "1 học viên vắng quá số buổi" in page.summary.text()
    # Clearing one absence brings the learner back within the limit.
    page.table.setCurrentIndex(model.index(1, 0))
    Keyboard(qtbot, page.table).press(Qt.Key.Key_Backspace)
    assert model.index(1, last).data() == "" and "quá số buổi" not in page.summary.text()


def test_locked_class_is_read_only_with_the_reason_shown(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=2, sessions=2)
    services.results.lock(built.class_id)
    page = _page(qtbot, services, built.class_id)
    assert page.locked_banner.isVisibleTo(page) and "đã khóa kết quả" in page.locked_banner.text()
    assert not page.all_present_button.isEnabled()
    keys = Keyboard(qtbot, page.table)
    keys.press(Qt.Key.Key_C)
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert marks_of(opened, built.class_id) == {}
    assert page.status.text() == LOCKED_TEXT
    # Unlocked elsewhere (the results page): a reload makes the grid writable again.
    services.results.unlock(built.class_id, "Sửa điểm danh")
    page.reload()
    assert not page.locked_banner.isVisibleTo(page) and page.all_present_button.isEnabled()
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.all_present_button, Qt.MouseButton.LeftButton)
    assert (
        set(marks_of(opened, built.class_id).values()) == {"co_mat"}
        and len(marks_of(opened, built.class_id)) == 2
    )


def test_reload_keeps_the_current_cell_and_shows_an_empty_class(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=5, sessions=3)
    page = _page(qtbot, services, built.class_id)
    target = page.model.index(3, 2)
    page.table.setCurrentIndex(target)
    page.table.selectionModel().select(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    services.attendance.set_marks(built.class_id, {(built.enrolment_ids[0], built.session_ids[0]): "co_mat"})
    page.reload()
    assert (page.table.currentIndex().row(), page.table.currentIndex().column()) == (3, 2)
    assert page.model.index(0, 0).data() == "C"
    empty = build_class(opened.database, code="NTVD-2024-20", learners=0, sessions=2)
    other = _page(qtbot, services, empty.class_id)
    assert other.empty_label.isVisibleTo(other) and "chưa có học viên" in other.empty_label.text()
    assert not other.all_present_button.isEnabled()


def test_everyone_present_needs_a_buoi_column(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=2, sessions=2)
    page = _page(qtbot, services, built.class_id)
    page.table.setCurrentIndex(page.model.index(0, page.model.session_count))  # the "Vắng CP" column
    Keyboard(qtbot, page.table).press(Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert marks_of(opened, built.class_id) == {}
    assert "Hãy chọn một ô trong cột của buổi học" in page.status.text()
