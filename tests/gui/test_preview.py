"""The PDF preview window: pages, zoom and keys, saving, printing at actual size, opening elsewhere."""

from __future__ import annotations

import io
import os
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from trungtam_desktop.documents import (
    AttendanceRow,
    AttendanceSheetData,
    AttendanceSheetRenderer,
    ClassInfo,
    ClassListData,
    ClassListRenderer,
    LearnerRow,
    Session,
)
from trungtam_desktop.domain.enums import AttendanceStatus, HalfDay
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.ui import preview
from trungtam_desktop.ui.preview import PreviewWindow, show_document

CENTRE = CentreIdentity(director_name="Nguyễn Văn Hùng")
SHOTS = os.environ.get("PREVIEW_SHOTS")  # a folder: save screenshots there
INFO = ClassInfo("Đợt 2/2024", "Bồi dưỡng nhận thức về Đảng", date(2024, 6, 10), date(2024, 6, 14))
NAMES = ("Nguyễn Thị Mỵ", "Trần Văn Bình", "Lê Thị Ánh", "Phạm Quang Đức", "K'Brơi Hạnh")


def _learners(count: int) -> tuple[LearnerRow, ...]:
    return tuple(
        LearnerRow(f"{NAMES[i % len(NAMES)]} {i}", "1990", unit="UBND xã Hiệp Thạnh") for i in range(count)
    )


def attendance_pdf(learners: int = 30) -> bytes:
    days = [date(2024, 6, 10) + timedelta(days=d) for d in range(5)]
    sessions = tuple(Session(day, half) for day in days for half in (HalfDay.MORNING, HalfDay.AFTERNOON))
    rows = tuple(
        AttendanceRow(learner, (AttendanceStatus.PRESENT,) * len(sessions)) for learner in _learners(learners)
    )
    return AttendanceSheetRenderer(CENTRE, filled=True).render(AttendanceSheetData(INFO, sessions, rows))


def class_list_pdf(learners: int = 5) -> bytes:
    return ClassListRenderer(CENTRE).render(ClassListData(INFO, _learners(learners)))


def mixed_pdf() -> bytes:
    """A portrait page, then landscape pages: each must be printed in its own orientation."""
    writer = PdfWriter()
    for data in (class_list_pdf(), attendance_pdf(20)):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sizes_mm(data: bytes) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
        for p in PdfReader(io.BytesIO(data)).pages
    ]


@pytest.fixture
def window(qtbot, gui_app):  # type: ignore[no-untyped-def]
    """A preview of a two-page attendance sheet; closed (and so deleted) at the end unless a test did."""
    w = PreviewWindow(attendance_pdf(), "Danh sách điểm danh", "Diem danh - NTVD-2024-15.pdf")
    w.show()
    qtbot.waitExposed(w)
    yield w
    if shiboken6.isValid(w):
        with qtbot.waitSignal(w.destroyed):
            w.close()


def test_window_shows_every_page_fitted_to_width(window) -> None:  # type: ignore[no-untyped-def]
    pages = len(PdfReader(io.BytesIO(window.pdf)).pages)
    assert pages >= 2 and window.page_count == pages
    assert window.windowTitle() == "Xem trước – Danh sách điểm danh"
    assert window.page_total.text().strip() == f"/ {pages} trang"
    assert window.view.pageMode() is QPdfView.PageMode.MultiPage
    assert window.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
    assert window.page_box.value() == 1 and window.page_box.maximum() == pages


def test_page_box_moves_through_the_pages(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.page_box.setValue(2)
    qtbot.waitUntil(lambda: window.current_page == 1)
    window.view.pageNavigator().jump(0, window.view.pageNavigator().currentLocation())
    qtbot.waitUntil(lambda: window.page_box.value() == 1)


def test_keyboard_zoom_and_escape(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitActive(window)
    fitted = window._effective_zoom()  # fit to width: depends on the window's size on this screen
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoomMode() is QPdfView.ZoomMode.Custom
    zoomed = window.view.zoomFactor()
    assert zoomed == pytest.approx(fitted * 1.25)
    assert window.zoom_label.text() == f"Cỡ xem: {round(zoomed * 100)}%"
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoomFactor() == pytest.approx(zoomed / 1.25)
    window.fit_width_action.trigger()
    assert window.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
    with qtbot.waitSignal(window.destroyed):  # closed and deleted
        qtbot.keyClick(window.view, Qt.Key.Key_Escape)


def test_save_writes_the_same_bytes_with_the_offered_name(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def choose(parent, caption, directory, filter_text):  # type: ignore[no-untyped-def]
        asked.append(directory)
        return str(tmp_path / "bang diem"), filter_text

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked and Path(asked[0]).name == "Diem danh - NTVD-2024-15.pdf"
    saved = tmp_path / "bang diem.pdf"  # ".pdf" added when the clerk typed none
    assert saved.read_bytes() == window.pdf
    assert "Đã lưu" in window.statusBar().currentMessage()


def test_cancelled_save_writes_nothing(window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: ("", "")))
    assert window.save_as() is None
    assert list(tmp_path.iterdir()) == []


def _print_to_file(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[QPrintDialog]:
    """The print dialog "accepts" at once, with the printer set to write a PDF file."""
    shown: list[QPrintDialog] = []

    def accept(dialog: QPrintDialog) -> int:
        shown.append(dialog)
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    return shown


@pytest.mark.parametrize("make", [attendance_pdf, class_list_pdf, mixed_pdf])
def test_print_keeps_page_count_size_and_orientation(qtbot, gui_app, tmp_path, monkeypatch, make) -> None:  # type: ignore[no-untyped-def]
    data = make()
    w = PreviewWindow(data, "Tài liệu", "tai lieu.pdf")
    qtbot.addWidget(w)
    target = tmp_path / "may in.pdf"
    shown = _print_to_file(monkeypatch, target)
    w.print_document()
    assert len(shown) == 1 and shown[0].windowTitle() == "In – Tài liệu"
    printed = target.read_bytes()
    assert sizes_mm(printed) == sizes_mm(data)  # same pages, same paper, landscape stays landscape
    assert f"Đã gửi {len(sizes_mm(data))} trang tới máy in." in w.statusBar().currentMessage()


def test_print_is_at_actual_size(qtbot, gui_app, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The printed page's ink is where the PDF's is: same margins, no scaling to the printable area."""
    import pdfplumber

    data = class_list_pdf()
    w = PreviewWindow(data, "Danh sách học viên", "ds.pdf")
    qtbot.addWidget(w)
    target = tmp_path / "in.pdf"
    _print_to_file(monkeypatch, target)
    w.print_document()
    with pdfplumber.open(io.BytesIO(data)) as source, pdfplumber.open(target) as printed:
        words = source.pages[0].extract_words()
        left_ink = min(word["x0"] for word in words)
        top_ink = min(word["top"] for word in words)
        image = printed.pages[0].images[0]
        assert image["x0"] == pytest.approx(0, abs=0.5) and image["top"] == pytest.approx(0, abs=0.5)
        assert image["x1"] == pytest.approx(float(source.pages[0].width), abs=0.5)
        assert image["bottom"] == pytest.approx(float(source.pages[0].height), abs=0.5)
    assert 0 < left_ink < image["x1"] and 0 < top_ink < image["bottom"]


def test_print_cancelled_prints_nothing(qtbot, gui_app, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = PreviewWindow(class_list_pdf(), "Danh sách học viên", "ds.pdf")
    qtbot.addWidget(w)
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected.value)
    w.print_document()
    assert w.statusBar().currentMessage() == ""


def test_open_externally_uses_a_temporary_copy_removed_on_close(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    path = window.open_externally()
    assert path is not None and path.name == "Diem danh - NTVD-2024-15.pdf"
    assert path.read_bytes() == window.pdf
    assert opened == [QUrl.fromLocalFile(str(path))]
    window.close()
    assert not path.exists() and not path.parent.exists()


def test_open_externally_without_a_reader_says_so(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    warnings: list[str] = []
    monkeypatch.setattr(preview.messages, "warn", lambda parent, text, title="": warnings.append(text))
    assert window.open_externally() is None
    assert warnings and "chưa có chương trình đọc PDF" in warnings[0]


@pytest.fixture
def parent(qtbot, gui_app) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_show_document_makes_the_pdf_in_the_background_then_previews_it(qtbot, parent) -> None:  # type: ignore[no-untyped-def]
    data = class_list_pdf()
    worker_threads: list[bool] = []

    def produce() -> bytes:
        worker_threads.append(threading.current_thread() is not threading.main_thread())
        return data

    windows: list[PreviewWindow] = []
    handle = show_document(
        parent, "Danh sách học viên", produce, "Danh sach hoc vien - A.pdf", on_opened=windows.append
    )
    qtbot.waitUntil(lambda: bool(windows))
    assert handle.done and worker_threads == [True]
    shown = windows[0]
    assert shown.pdf == data and shown.file_name == "Danh sach hoc vien - A.pdf"
    assert shown.isVisible() and shown.parent() is parent and shown.isWindow()
    assert shown.windowTitle() == "Xem trước – Danh sách học viên"


def test_show_document_reports_errors_through_the_message_helper(qtbot, parent, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    monkeypatch.setattr(preview.messages, "show_error", lambda widget, error: errors.append(error))

    def produce() -> bytes:
        raise ValidationError("class", "Lớp chưa có học viên.")

    handle = show_document(parent, "Bảng điểm", produce, "Bang diem.pdf")
    qtbot.waitUntil(lambda: handle.done)
    assert [str(e) for e in errors] == ["Lớp chưa có học viên."]
    assert not parent.findChildren(PreviewWindow)


def test_show_document_cancelled_opens_nothing(qtbot, parent, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    monkeypatch.setattr(preview.messages, "show_error", lambda widget, error: errors.append(error))
    release = threading.Event()

    def produce() -> bytes:
        release.wait(5)
        return class_list_pdf()

    handle = show_document(parent, "Lịch học", produce, "Lich hoc.pdf")
    handle.cancel()  # what "Hủy" in the progress dialog does
    release.set()
    qtbot.waitUntil(lambda: handle.done)
    assert handle.cancelled and not errors
    assert not parent.findChildren(PreviewWindow)


def test_show_class_document_previews_a_sheet_read_from_the_database(qtbot, parent, services) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.services.printing import ClassDocument
    from trungtam_desktop.services.sample_class import SampleClassService

    sample = SampleClassService(services.context).create_sample_class("NTVD-2024-15")
    handle = preview.show_class_document(
        parent, services.class_documents, ClassDocument.ATTENDANCE, sample.class_id, sample.code, blank=True
    )
    qtbot.waitUntil(lambda: handle.done and bool(parent.findChildren(PreviewWindow)))
    shown = parent.findChildren(PreviewWindow)[0]
    assert shown.windowTitle() == "Xem trước – Danh sách điểm danh (bản để ký) – NTVD-2024-15"
    assert shown.file_name == "Diem danh de ky - NTVD-2024-15.pdf"
    assert shown.page_count == len(PdfReader(io.BytesIO(shown.pdf)).pages) >= 1


def test_class_document_preview_sets_the_date_the_sheet_carries(qtbot, parent, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.services.printing import ClassDocument
    from trungtam_desktop.services.sample_class import SampleClassService
    from trungtam_desktop.ui.common import messages

    def first_page() -> str:
        return " ".join(PdfReader(io.BytesIO(shown.pdf)).pages[0].extract_text().split())

    sample = SampleClassService(services.context).create_sample_class("NTVD-2024-16")
    handle = preview.show_class_document(
        parent, services.class_documents, ClassDocument.RESULTS, sample.class_id, sample.code
    )
    qtbot.waitUntil(lambda: handle.done and bool(parent.findChildren(PreviewWindow)))
    shown = parent.findChildren(PreviewWindow)[0]
    bar = shown.dating
    assert bar is not None and bar.choice.currentText() == "Theo ngày kết thúc lớp (14/06/2024)"
    assert "ngày 14 tháng 06 năm 2024" in first_page()  # the class's last day, not today
    bar.choice.setCurrentIndex(1)  # "Ngày khác:"
    assert bar.day.isEnabled() and bar.apply_button.isEnabled()
    bar.day.set_text("17/06/2024")
    qtbot.keyClick(bar.day.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "ngày 17 tháng 06 năm 2024" in first_page())
    bar.choice.setCurrentIndex(2)  # blank, for the pen
    qtbot.waitUntil(lambda: "ngày 17 tháng" not in first_page())
    assert "tháng" in first_page() and not bar.day.isEnabled()
    bar.choice.setCurrentIndex(0)  # back to the rule, and at once (while that is made) the pen again
    bar.choice.setCurrentIndex(2)
    qtbot.waitUntil(lambda: bar.applied.by_hand and bar._task is not None and bar._task.done)
    assert "ngày 14 tháng" not in first_page()  # the last choice wins, none is lost
    warned: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _p, text, _t="": warned.append(text))
    bar.choice.setCurrentIndex(1)
    bar.day.set_text("31/02/2024")
    bar.apply()
    assert warned and "không tồn tại" in warned[0]
    if SHOTS:
        shown.grab().save(str(Path(SHOTS) / "preview_dating.png"))


def test_print_reports_progress_and_can_be_cancelled(qtbot, gui_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = PreviewWindow(attendance_pdf(), "Danh sách điểm danh", "dd.pdf")
    qtbot.addWidget(w)
    calls: list[tuple[int, int]] = []

    def printer() -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(tmp_path / "in.pdf"))
        return p

    assert w.print_to(printer(), lambda done, total: calls.append((done, total)) or True) == w.page_count
    assert calls == [(n, w.page_count) for n in range(w.page_count + 1)]
    calls.clear()
    assert w.print_to(printer(), lambda done, total: calls.append((done, total)) or done < 1) is None
    assert calls == [(0, w.page_count), (1, w.page_count)]  # stopped before painting the second page
