"""The Kết quả page: scores typed like in Excel, a refused value keeping the grid, lock and unlock."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.classwork_builder import build_class, learner_name
from tests.gui.classwork_helpers import shown_page, type_score
from trungtam_desktop.domain.enums import AttendanceStatus
from trungtam_desktop.ui.classwork import results_page
from trungtam_desktop.ui.classwork.results_page import ResultsPage, UnlockDialog


def _query(opened, sql: str, *args: object) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        return conn.execute(sql, args).fetchall()


def _page(qtbot, services, class_id: int) -> ResultsPage:  # type: ignore[no-untyped-def]
    return shown_page(qtbot, ResultsPage(services, class_id))


@pytest.fixture
def built(opened):  # type: ignore[no-untyped-def]
    """Sơ cấp (three components), four learners, six buổi; learner 3 withdrew on 11/06."""
    return build_class(
        opened.database,
        code="SCLLCT-2024-07",
        programme_code="SCLLCT",
        learners=4,
        sessions=6,
        withdrawn_on=[None, None, None, date(2024, 6, 11)],
    )


def test_scores_typed_with_a_comma_are_saved_and_the_cursor_moves_down(
    qtbot, services, opened, built
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, services, built.class_id)
    k1, k2, final = (c.id for c in page.sheet.components)
    e = built.enrolment_ids
    assert page.table.currentIndex() == page.score_index(e[0], k1)
    with qtbot.waitSignal(page.changed):
        type_score(qtbot, page, "8,5")
    assert page.table.currentIndex() == page.score_index(e[1], k1)
    type_score(qtbot, page, "7.0")
    assert _query(opened, "SELECT enrolment_id, value FROM score ORDER BY enrolment_id") == [
        (e[0], 8.5),
        (e[1], 7.0),
    ]
    assert page.score_index(e[0], k1).data() == "8,5" and page.score_index(e[1], k1).data() == "7,0"
    assert page.status.text() == f"Đã lưu điểm “Kiểm tra 1” của {learner_name(1)}: 7,0."
    # The other two components of the first learner: the result appears, with its grade.
    page.table.setCurrentIndex(page.score_index(e[0], k2))
    type_score(qtbot, page, "9")
    page.table.setCurrentIndex(page.score_index(e[0], final))
    type_score(qtbot, page, "10")
    model, row = page.model, page.model.row_of(e[0])
    assert model.index(row, model.column_of("Điểm TB")).data() == "9,3"  # 2,55 + 2,7 + 4 = 9,25 → 9,3
    assert model.index(row, model.column_of("Xếp loại")).data() == "Xuất sắc"
    assert model.index(row, model.column_of("Kết quả")).data() == "Đạt"
    assert _query(opened, "SELECT final_score, grade, passed FROM enrolment WHERE id = ?", e[0]) == [
        (9.3, "xuat_sac", 1)
    ]
    assert page.distribution.text().startswith("<b>Xếp loại:</b> Xuất sắc 1 · Giỏi 0")
    assert "Chưa đủ điểm 2" in page.distribution.text()


def test_a_bad_score_is_refused_with_its_reason_and_the_grid_kept(qtbot, services, opened, built) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, services, built.class_id)
    k1 = page.sheet.components[0].id
    e0 = built.enrolment_ids[0]
    type_score(qtbot, page, "6,5")
    page.table.setCurrentIndex(page.score_index(e0, k1))
    changed: list[None] = []
    page.changed.connect(lambda: changed.append(None))
    type_score(qtbot, page, "8,55")
    message = page.status.text()
    assert f"Điểm “Kiểm tra 1” của học viên {learner_name(0)}" in message
    assert "chỉ được có một chữ số thập phân" in message
    assert page.table.currentIndex() == page.score_index(e0, k1)  # stays on the cell to type it again
    assert page.score_index(e0, k1).data() == "6,5" and page.model.rowCount() == 4 and not changed
    type_score(qtbot, page, "11")
    assert "phải từ 0 đến 10" in page.status.text()
    assert _query(opened, "SELECT value FROM score") == [(6.5,)]
    # Emptying the cell clears the score.
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "6,5"
    editor.clear()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _query(opened, "SELECT count(*) FROM score") == [(0,)])
    assert page.score_index(e0, k1).data() == ""


def test_lock_asks_first_then_everything_is_read_only(qtbot, services, opened, built, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, services, built.class_id)
    k1 = page.sheet.components[0].id
    services.results.set_scores(
        built.class_id, {(built.enrolment_ids[0], c.id): 8 for c in page.sheet.components}
    )
    page.reload()
    asked: list[str] = []
    answers = iter([False, True])

    def fake_confirm(parent, text, title="", *, yes="Có", no="Không") -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(results_page, "confirm", fake_confirm)
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    assert not services.classes.get(built.class_id).locked
    assert "Khóa kết quả lớp “SCLLCT-2024-07 – Lớp SCLLCT-2024-07”?" in asked[0]
    # Two learners still studying have no score (the withdrawn one is not counted).
    assert f"Còn 2 học viên chưa đủ điểm ({learner_name(1)}, {learner_name(2)})" in asked[0]
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    assert services.classes.get(built.class_id).locked
    assert page.locked_banner.isVisibleTo(page) and not page.help.isVisibleTo(page)
    assert not page.lock_button.isEnabled() and page.unlock_button.isEnabled()
    index = page.score_index(built.enrolment_ids[1], k1)
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    page.table.setCurrentIndex(index)
    qtbot.keyClicks(page.table, "9")
    assert page.table.state() != page.table.State.EditingState
    assert _query(opened, "SELECT count(*) FROM score WHERE enrolment_id = ?", built.enrolment_ids[1]) == [
        (0,)
    ]


def test_unlock_needs_a_reason_typed_in_the_dialog(qtbot, services, opened, built, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.results.lock(built.class_id)
    page = _page(qtbot, services, built.class_id)
    reasons = iter(["   ", "Chấm phúc khảo bài thi"])
    shown: list[str] = []

    def answer(dialog: UnlockDialog) -> int:  # the clerk types a reason and presses Đồng ý, twice if needed
        assert dialog.buttons.button(dialog.buttons.StandardButton.Save).text() == "Đồng ý"
        while not dialog.result():
            dialog.reason.setText(next(reasons))
            qtbot.mouseClick(
                dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
            )
            shown.append(dialog.field_error("reason"))
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", answer)
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert shown[0] == "Hãy ghi lý do mở khóa kết quả." and len(shown) == 2
    assert not services.classes.get(built.class_id).locked
    assert not page.locked_banner.isVisibleTo(page) and page.lock_button.isEnabled()
    assert page.model.flags(page.model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    audit = _query(opened, "SELECT summary FROM audit_log WHERE action = 'unlock'")
    assert audit == [
        ("Mở khóa kết quả lớp SCLLCT-2024-07 – Lớp SCLLCT-2024-07. Lý do: Chấm phúc khảo bài thi",)
    ]


def test_cancelling_the_unlock_dialog_keeps_the_lock(qtbot, services, built, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.results.lock(built.class_id)
    page = _page(qtbot, services, built.class_id)
    monkeypatch.setattr(UnlockDialog, "exec", lambda dialog: 0)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert services.classes.get(built.class_id).locked and page.locked_banner.isVisibleTo(page)


def test_a_programme_without_scores_goes_by_attendance(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="CNKT-2024-08", programme_code="CNKT", learners=3, sessions=3)
    e, s = built.enrolment_ids, built.session_ids
    services.attendance.set_marks(
        built.class_id, {(e[2], s[0]): AttendanceStatus.UNEXCUSED, (e[2], s[1]): "vang_co_phep"}
    )
    page = _page(qtbot, services, built.class_id)
    assert page.no_assessment.isVisibleTo(page)
    assert "không có bài kiểm tra chấm điểm" in page.no_assessment.text()
    model = page.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "STT",
        "Họ và tên",
        "Điểm TB",
        "Xếp loại",
        "Kết quả",
        "Số buổi\nvắng",
        "Đủ điều kiện cấp GCN",
    ]
    assert all(page.table.isColumnHidden(model.column_of(t)) for t in ("Điểm TB", "Xếp loại", "Kết quả"))
    eligibility = model.column_of("Đủ điều kiện cấp GCN")
    assert [model.index(r, eligibility).data() for r in range(3)] == [
        "Đủ",
        "Đủ",
        "Không: Vắng 2/3 buổi, quá 1/3 số buổi (tối đa 1 buổi)",
    ]
    assert not any(
        model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable for c in range(model.columnCount())
    )
    assert page.distribution.text() == "<b>Đủ điều kiện cấp giấy chứng nhận:</b> 2/3 học viên"
