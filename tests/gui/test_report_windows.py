"""Báo cáo: the annual plan grid, the periodic report window (figures, drafts, Excel) and the pay list."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QSpinBox

from tests.report_fixture import build_report_database
from trungtam_desktop.domain.reports import Period, ReportDraft
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.import_export import files
from trungtam_desktop.ui.reports import pay_window, period_window
from trungtam_desktop.ui.reports.menu import install_report_actions
from trungtam_desktop.ui.reports.pay_window import PayListWindow
from trungtam_desktop.ui.reports.period_window import PeriodReportWindow
from trungtam_desktop.ui.reports.plan_dialog import PlanDialog

SHOTS = os.environ.get("REPORT_SHOTS")  # a folder: save screenshots of the windows there


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def documents(opened):  # type: ignore[no-untyped-def]
    build_report_database(opened.database)
    return opened.services.report_documents


def _cell(table, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return table.item(row, column).text()


def test_menu_entries(main_window, documents, opened) -> None:  # type: ignore[no-untyped-def]
    clock = opened.services.context
    actions = install_report_actions(main_window, documents, today=clock.today, now=clock.now)
    assert [a.text() for a in actions] == [
        "&Kế hoạch năm…",
        "Báo cáo &định kỳ…",
        "Bảng kê giờ giảng và &thù lao…",
    ]
    assert all(a in main_window.reports_menu.actions() for a in actions)
    assert main_window.reports_menu.menuAction().isVisible()


def test_plan_grid_saves_and_refuses_nothing_half(qtbot, documents, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = PlanDialog(documents.reports, year=2024)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 6
    assert dialog.table.item(0, 0).text() == "Sơ cấp lý luận chính trị"
    classes = dialog.table.cellWidget(0, 1)
    assert isinstance(classes, QSpinBox) and classes.value() == 2
    classes.setValue(4)
    learners = dialog.table.cellWidget(1, 2)
    learners.setValue(120)
    assert "Có thay đổi chưa lưu" in dialog.status.text()
    assert dialog.total.text() == "Tổng cộng: 7 lớp, 130 học viên."
    _shot(dialog, "plan_dialog")
    assert dialog.save()
    assert dialog.status.text() == "Đã lưu kế hoạch năm 2024."
    saved = {r.programme: (r.planned_classes, r.planned_learners) for r in documents.reports.plan(2024)}
    assert saved["Sơ cấp lý luận chính trị"] == (4, 10)
    assert saved["Bồi dưỡng nhận thức về Đảng"] == (3, 120)
    # switching year with unsaved changes asks; "Không" drops them
    dialog.table.cellWidget(0, 1).setValue(9)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text, *_a, **_k: asked.append(text) or False)
    dialog.year.setValue(2025)
    assert asked and "2024" in asked[0]
    assert dialog.table.cellWidget(0, 1).value() == 0
    assert documents.reports.plan(2024)[0].planned_classes == 4


def test_period_report_window(qtbot, documents, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    documents.reports.save_draft(2024, Period.Q3, ReportDraft("7", date(2024, 10, 3), "Còn ít lớp.", ""))
    window = PeriodReportWindow(documents, today=date(2024, 11, 20), now=lambda: datetime(2024, 11, 20, 9, 30))
    qtbot.addWidget(window)
    window.show()
    assert window.picker.value() == (2024, Period.Q3)  # the last finished quarter
    assert window.number.text() == "7" and window.limitations.toPlainText() == "Còn ít lớp."
    table = window.programmes
    assert [_cell(table, 0, c) for c in range(9)] == [
        "Sơ cấp lý luận chính trị",
        "1",
        "3",
        "1",
        "3",
        "2",
        "10",
        "50,0%",
        "30,0%",
    ]
    last = table.rowCount() - 1
    assert _cell(table, last, 0) == "Tổng cộng" and _cell(table, last, 8) == "70,0%"
    assert _cell(window.teaching, 0, 6) == "46,7%" and _cell(window.teaching, 2, 5) == "Không có"
    assert "2 lớp, 5 lượt học viên (4 người)" in window.summary.text()
    _shot(window, "period_window")
    window.tabs.setCurrentIndex(5)
    _shot(window, "period_window_text")
    # the draft follows the period; typed text is kept when switching
    window.directions.setPlainText("Mở thêm lớp.")
    window.picker.set_period(Period.YEAR)
    assert window.number.text() == "" and window.report.period is Period.YEAR
    assert documents.reports.draft(2024, Period.Q3).directions == "Mở thêm lớp."
    window.picker.set_period(Period.Q3)
    assert window.directions.toPlainText() == "Mở thêm lớp."
    # a bad date is refused with a message and nothing is produced
    shown: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _p, text, *_a: shown.append(text))
    window.issue_date.set_text("31/02/2024")
    window.export_xlsx()
    assert shown
    window.picker.set_period(Period.Q4)  # refused too: the typed text stays on Q3
    assert len(shown) == 2 and window.picker.value() == (2024, Period.Q3)
    assert window.directions.toPlainText() == "Mở thêm lớp."
    window.issue_date.set_text("03/10/2024")
    out = tmp_path / "q3.xlsx"
    monkeypatch.setattr(files, "choose_save_file", lambda *_a: out)
    window.export_xlsx()
    assert load_workbook(out)["Lớp và học viên"]["B6"].value == 1
    assert "Đã ghi q3.xlsx" in window.draft_status.text()
    produced: list[bytes] = []
    monkeypatch.setattr(
        period_window, "show_document", lambda _p, _t, produce, name: produced.append(produce()) or name
    )
    window.preview_pdf()
    assert produced and produced[0].startswith(b"%PDF")
    # the start-date basis moves class A out of Q3 and D in
    window.basis.setCurrentIndex(1)
    assert [_cell(window.classes, r, 1) for r in range(window.classes.rowCount())] == ["LOP-B", "LOP-D"]
    # saving the draft says when, by the clock the window was given (not the system's)
    assert window.save_draft() is not None
    assert window.draft_status.text() == "Đã lưu bản nháp lúc 09:30."


def test_pay_list_window(qtbot, documents, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = PayListWindow(documents, today=date(2024, 10, 2))
    qtbot.addWidget(window)
    window.show()
    assert window.picker.value() == (2024, Period.Q3)
    assert [_cell(window.table, 0, c) for c in range(7)] == [
        "Nguyễn Văn An", "Chuyên trách", "Giám đốc", "2", "9", "300.000/buổi", "600.000",
    ]  # fmt: skip
    assert _cell(window.table, 2, 5) == "Chưa có mức"
    assert _cell(window.table, 3, 6) == "2.100.000"
    assert "Bằng chữ: Hai triệu một trăm nghìn đồng." in window.total.text()
    _shot(window, "pay_window")
    out = tmp_path / "tl.xlsx"
    monkeypatch.setattr(files, "choose_save_file", lambda *_a: out)
    window.export_xlsx()
    assert load_workbook(out).active["H9"].value == 2_100_000
    produced: list[bytes] = []
    monkeypatch.setattr(
        pay_window, "show_document", lambda _p, _t, produce, name: produced.append(produce()) or name
    )
    window.preview_pdf()
    assert produced[0].startswith(b"%PDF")
    window.picker.year.setValue(2030)
    assert window.table.rowCount() == 1 and not window.pdf_button.isEnabled()
    assert "Không đồng" in window.total.text()
