"""The paste dialog is the import's quick face: the same columns, the same check table, a choice that can be
taken back, and a pasted list that is undone like an import."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.db.classwork_support import make_class, make_learner
from tests.gui.classwork_helpers import show_modal
from trungtam_desktop.domain.import_plan import RowStatus
from trungtam_desktop.ui.classwork.paste_dialog import PasteDialog
from trungtam_desktop.ui.import_export import menu
from trungtam_desktop.ui.import_export.row_choice import UNSETTLED

FUTURE = (date(2024, 12, 2), date(2024, 12, 6))
TEXT = (
    "STT\tHọ và tên\tNăm sinh\tChi bộ\tSố CCCD\tNăm vào Đoàn\n"
    "1\tTrần Văn Bình\t1985\tChi bộ thôn 1\t\t2001\n"
    "2\tLò Thị Mai\t1999\tChi bộ bản Mòng\t079199000111\t2014\n"
)


@pytest.fixture
def dialog(qtbot, gui_app, services):  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-60", *FUTURE)
    widget = PasteDialog(services, class_id)
    qtbot.addWidget(widget)
    show_modal(qtbot, widget)
    return widget


def test_pasted_columns_choice_taken_back_add_and_undo(
    qtbot, dialog, services, main_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    first = make_learner(services, "Trần Văn Bình", 1985, unit="Thôn 1")
    make_learner(services, "Trần Văn Bình", 1985, unit="Thôn 2")
    dialog.text.setPlainText(TEXT)
    dialog.refresh_preview()
    horizontal = Qt.Orientation.Horizontal
    headers = [dialog.model.headerData(c, horizontal) for c in range(dialog.model.columnCount())]
    assert headers[:3] == ["Dòng", "Họ và tên", "Tình trạng"] and "Chi bộ" in headers
    rows = dialog.rows()
    assert [(row.status, row.learner.party_cell) for row in rows] == [
        (RowStatus.AMBIGUOUS, "Chi bộ thôn 1"),
        (RowStatus.NEW, "Chi bộ bản Mòng"),
    ]
    assert "Bỏ qua cột: “Năm vào Đoàn” (cột F)" in dialog.summary.text()
    assert not dialog.add_button.isEnabled() and not dialog.choice_box.isHidden()

    dialog.choose(first)
    assert dialog.rows()[0].status is RowStatus.EXISTING and dialog.add_button.isEnabled()
    dialog.choose(UNSETTLED)  # "— chọn một người —": the row is to check again
    assert dialog.rows()[0].status is RowStatus.AMBIGUOUS and not dialog.add_button.isEnabled()
    assert dialog.error_label.text() == "Chọn hồ sơ cho các dòng tô vàng (2) trước khi thêm vào lớp."
    dialog.choose(None)  # a different person: a new record
    assert dialog.rows()[0].status is RowStatus.NEW and dialog.add_button.isEnabled()

    dialog.add_button.click()
    assert dialog.outcome is not None and (dialog.outcome.created, dialog.outcome.enrolled) == (2, 2)
    assert services.learners.count() == 4

    undo = menu.UndoImportDialog(services, main_window)
    qtbot.addWidget(undo)
    undo.show()
    assert undo.model.rowCount() == 1 and undo.undo_button.isEnabled()
    monkeypatch.setattr(menu, "confirm", lambda *_args, **_kwargs: True)
    monkeypatch.setattr(menu, "info", lambda *_args, **_kwargs: None)
    undo.undo_button.click()
    assert services.learners.count() == 2


def test_a_paste_without_a_name_column_says_so_on_every_row(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.text.setPlainText("Ngày sinh\tĐơn vị\n1990\tXã A\n1991\tXã B\n")
    dialog.refresh_preview()
    assert [row.reason for row in dialog.rows()] == [
        "Dòng 2: không tìm thấy cột họ và tên.",
        "Dòng 3: không tìm thấy cột họ và tên.",
    ]
    assert not dialog.add_button.isEnabled()
    dialog.text.clear()  # nothing left to ask about when the test closes the dialog
