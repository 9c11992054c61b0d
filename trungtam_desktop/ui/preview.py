"""PDF preview and printing: a document opens here before it goes to paper or to a file.

``show_document(parent, title, produce, file_name)`` makes the PDF in the background (a progress dialog
with "Hủy" appears when it takes longer than a moment) and opens a :class:`PreviewWindow` on it;
``show_class_document`` does so for one sheet of a class, through the class document service, with a bar
to choose the date the sheet carries.

Printing is at actual size: each page is rendered at the printer's resolution (at most
:data:`MAX_PRINT_DPI`, which keeps a page's bitmap about 35 MB) and painted over the page's full physical
size, with the printer's margins ignored, so 10 mm on the PDF is 10 mm on paper. Each page is printed on
paper of its own size and orientation: landscape pages stay landscape.

File names offered when saving are ASCII ("Diem danh - NTVD-2024-15.pdf", made by the service): they are
e-mailed, zipped and copied to USB sticks and print shops where Vietnamese file names still get mangled.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QSpinBox,
    QToolBar,
    QWidget,
)

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.services.files import save_file
from trungtam_desktop.services.printing import ClassDocument, ClassDocumentService, IssueDate
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.screen import place_window
from trungtam_desktop.ui.common.workers import BackgroundTask, run_in_background

MAX_PRINT_DPI = 300
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0
POINTS_PER_INCH = 72.0


def page_size_for(size_pt: QSizeF) -> tuple[QPageSize, QPageLayout.Orientation]:
    """The paper (A4 when the page is A4 in either orientation) and the orientation of one PDF page."""
    width, height = size_pt.width(), size_pt.height()
    landscape = width > height
    portrait = QSizeF(min(width, height), max(width, height))
    paper = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return paper, orientation


class PreviewWindow(QMainWindow):
    """Shows one PDF (given as bytes) with printing, saving and opening in another program."""

    def __init__(self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._pdf = bytes(pdf)
        self._title = title
        self._file_name = file_name if file_name.casefold().endswith(".pdf") else f"{file_name}.pdf"
        self._temp_dir: Path | None = None
        self.dating: QToolBar | None = None  # a class document's date bar (show_class_document)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self._pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self._build_ui()
        self._connect_signals()
        self.setWindowTitle(f"Xem trước – {title}")
        place_window(self, None, "preview", (1100, 800))  # maximised on a 1366×768 screen
        self._show_page(0)

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.setCentralWidget(self.view)

        def action(text: str, slot: Callable[[], Any], *keys: QKeySequence.StandardKey | str) -> QAction:
            act = QAction(text, self)
            shortcuts: list[QKeySequence] = []
            for key in keys:  # a standard key may have several bindings on a platform
                is_standard = isinstance(key, QKeySequence.StandardKey)
                shortcuts += QKeySequence.keyBindings(key) if is_standard else [QKeySequence(key)]
            act.setShortcuts(shortcuts)
            act.triggered.connect(slot)
            self.addAction(act)  # shortcuts work even when the toolbar is hidden
            return act

        self.print_action = action("In…", self.print_document, QKeySequence.StandardKey.Print)
        self.save_action = action("Lưu PDF…", self.save_as, QKeySequence.StandardKey.Save)
        self.open_action = action("Mở bằng chương trình khác", self.open_externally)
        self.zoom_in_action = action("Phóng to", self.zoom_in, QKeySequence.StandardKey.ZoomIn, "Ctrl+=")
        self.zoom_out_action = action("Thu nhỏ", self.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self.fit_width_action = action("Vừa chiều rộng", self.fit_width)
        self.fit_page_action = action("Vừa trang", self.fit_page)
        self.close_action = action("Đóng", self.close, "Esc")
        for act, tip in (
            (self.print_action, "In tài liệu đúng kích thước thật (Ctrl+P)"),
            (self.save_action, "Lưu tài liệu thành tệp PDF (Ctrl+S)"),
            (self.open_action, "Mở tài liệu bằng chương trình đọc PDF của máy"),
            (self.zoom_in_action, "Phóng to (Ctrl++)"),
            (self.zoom_out_action, "Thu nhỏ (Ctrl+-)"),
            (self.close_action, "Đóng cửa sổ xem trước (Esc)"),
        ):
            act.setToolTip(tip)

        self.page_box = QSpinBox(self)
        self.page_box.setRange(1, max(1, self.page_count))
        self.page_box.setAccelerated(True)
        self.page_box.setToolTip("Trang đang xem")
        self.page_total = QLabel(f" / {self.page_count} trang ", self)

        toolbar = QToolBar("Công cụ", self)
        toolbar.setObjectName("preview_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.print_action, self.save_action, self.open_action])
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Trang ", self))
        toolbar.addWidget(self.page_box)
        toolbar.addWidget(self.page_total)
        toolbar.addSeparator()
        toolbar.addActions(
            [self.zoom_out_action, self.zoom_in_action, self.fit_width_action, self.fit_page_action]
        )
        toolbar.addSeparator()
        toolbar.addAction(self.close_action)
        self.addToolBar(toolbar)
        self.zoom_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self._update_zoom_label()

    def _connect_signals(self) -> None:
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self.page_box.valueChanged.connect(self._jump_to_page)
        self.view.zoomFactorChanged.connect(self._update_zoom_label)
        self.view.zoomModeChanged.connect(self._update_zoom_label)

    # -- state ---------------------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    @property
    def current_page(self) -> int:
        """The page being looked at, counted from 0."""
        return self.view.pageNavigator().currentPage()

    @property
    def file_name(self) -> str:
        return self._file_name

    @property
    def pdf(self) -> bytes:
        return self._pdf

    def replace_pdf(self, pdf: bytes) -> None:
        """Show another version of the document (made again, e.g. with another date), on the same page."""
        page = self.current_page
        self._pdf = bytes(pdf)
        self.document.close()
        self._buffer.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self._pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.page_box.setRange(1, max(1, self.page_count))
        self.page_total.setText(f" / {self.page_count} trang ")
        self._jump_to_page(min(max(page, 0), self.page_count - 1) + 1)
        self.statusBar().showMessage("Đã cập nhật tài liệu.", 5000)

    def _show_page(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    def _jump_to_page(self, number: int) -> None:
        navigator = self.view.pageNavigator()
        if 1 <= number <= self.page_count and number - 1 != navigator.currentPage():
            navigator.jump(number - 1, QPointF(), navigator.currentZoom())

    def _update_zoom_label(self, *_args: object) -> None:
        if self.view.zoomMode() is QPdfView.ZoomMode.FitToWidth:
            self.zoom_label.setText("Cỡ xem: vừa chiều rộng")
        elif self.view.zoomMode() is QPdfView.ZoomMode.FitInView:
            self.zoom_label.setText("Cỡ xem: vừa trang")
        else:
            self.zoom_label.setText(f"Cỡ xem: {round(self.view.zoomFactor() * 100)}%")

    # -- zoom ----------------------------------------------------------------------------------------
    def _effective_zoom(self) -> float:
        """The zoom factor on screen now, also in the fit modes (where zoomFactor() is not updated)."""
        if self.view.zoomMode() is QPdfView.ZoomMode.Custom or self.page_count == 0:
            return self.view.zoomFactor()
        page = self.document.pagePointSize(max(0, self.current_page))
        screen_width = page.width() / POINTS_PER_INCH * self.view.logicalDpiX()
        return max(MIN_ZOOM, (self.view.viewport().width() - 20) / max(1.0, screen_width))

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(MAX_ZOOM, max(MIN_ZOOM, factor)))

    def zoom_in(self) -> None:
        self._set_zoom(self._effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self._effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    # -- printing ------------------------------------------------------------------------------------
    def print_document(self) -> None:
        """Ask for a printer in the system's print dialog, then print every chosen page at actual size."""
        if self.page_count == 0:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._title)
        printer.setFullPage(True)
        paper, orientation = page_size_for(self.document.pagePointSize(0))
        printer.setPageSize(paper)
        printer.setPageOrientation(orientation)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"In – {self._title}")
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        progress = QProgressDialog("Đang gửi tài liệu tới máy in…", "Hủy", 0, self.page_count, self)
        progress.setWindowTitle("In tài liệu")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def on_page(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            return not progress.wasCanceled()

        try:
            printed = self.print_to(printer, on_page)
        except OSError as exc:
            messages.warn(self, f"Không in được: {exc}", "In tài liệu")
            return
        finally:
            progress.close()
            progress.deleteLater()
        if printed is None:
            self.statusBar().showMessage("Đã hủy lệnh in.", 8000)
        else:
            self.statusBar().showMessage(f"Đã gửi {printed} trang tới máy in.", 8000)

    def print_to(self, printer: QPrinter, on_page: Callable[[int, int], bool] | None = None) -> int | None:
        """Paint the pages the printer asks for (all, or its page ranges) at actual size; returns how many,
        or None when ``on_page(done, total)`` answered False (the job is then aborted).

        Raises OSError when the printer cannot be opened.
        """
        ranges = printer.pageRanges()
        pages = [i for i in range(self.page_count) if ranges.isEmpty() or ranges.contains(i + 1)]
        painter = QPainter()
        try:
            for n, index in enumerate(pages):
                if on_page is not None and not on_page(n, len(pages)):
                    printer.abort()
                    return None
                size_pt = self.document.pagePointSize(index)
                paper, orientation = page_size_for(size_pt)
                printer.setPageSize(paper)
                printer.setPageOrientation(orientation)
                if n == 0:
                    if not painter.begin(printer):
                        raise OSError("máy in không sẵn sàng hoặc không mở được tệp in")
                elif not printer.newPage():
                    raise OSError("máy in không nhận trang tiếp theo")
                self._paint_page(painter, printer.resolution(), index, size_pt)
        finally:
            if painter.isActive():
                painter.end()
        if on_page is not None:
            on_page(len(pages), len(pages))
        return len(pages)

    def _paint_page(self, painter: QPainter, device_dpi: int, index: int, size_pt: QSizeF) -> None:
        dpi = min(device_dpi, MAX_PRINT_DPI)
        pixels = QSize(
            round(size_pt.width() / POINTS_PER_INCH * dpi), round(size_pt.height() / POINTS_PER_INCH * dpi)
        )
        page = QImage(pixels, QImage.Format.Format_RGB32)
        page.fill(Qt.GlobalColor.white)  # PDF pages render transparent; some printer drivers print that black
        with_page = QPainter(page)
        with_page.drawImage(0, 0, self.document.render(index, pixels))
        with_page.end()
        scale = device_dpi / POINTS_PER_INCH
        painter.drawImage(QRectF(0, 0, size_pt.width() * scale, size_pt.height() * scale), page)

    # -- files ---------------------------------------------------------------------------------------
    def save_as(self) -> Path | None:
        """Ask where to save the PDF (the document's own name offered) and write the same bytes there."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / self._file_name) if folder else self._file_name
        chosen, _filter = QFileDialog.getSaveFileName(self, "Lưu PDF", suggested, "Tệp PDF (*.pdf)")
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.casefold() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            save_file(path, self._pdf, create_folder=False)
        except DomainError as exc:
            messages.warn(self, exc.message, "Lưu PDF")
            return None
        self.statusBar().showMessage(f"Đã lưu {path}", 8000)
        return path

    def open_externally(self) -> Path | None:
        """Open a copy in the PC's own PDF reader (the copy is deleted when this window closes)."""
        try:
            if self._temp_dir is None:
                self._temp_dir = Path(tempfile.mkdtemp(prefix="trungtam-xem-"))
            path = self._temp_dir / self._file_name
            path.write_bytes(self._pdf)
        except OSError as exc:
            messages.warn(self, f"Không tạo được tệp tạm để mở:\n{exc}", "Mở bằng chương trình khác")
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            messages.warn(
                self,
                "Không mở được tài liệu: máy chưa có chương trình đọc PDF. Hãy dùng “Lưu PDF…” hoặc “In…”.",
                "Mở bằng chương trình khác",
            )
            return None
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)  # a reader holding it open keeps it
            self._temp_dir = None
        self.document.close()
        super().closeEvent(event)


def show_document(
    parent: QWidget | None,
    title: str,
    produce: Callable[[], bytes],
    file_name: str,
    *,
    on_opened: Callable[[PreviewWindow], None] | None = None,
) -> BackgroundTask:
    """Make a document with ``produce()`` in the background, then show it in a :class:`PreviewWindow`.

    A progress dialog with "Hủy" appears when making it takes longer than a moment; after "Hủy" the
    result is dropped. Errors are shown through :func:`messages.show_error`. Keep the returned handle
    referenced until it finishes (it is also owned by ``parent``).
    """
    handle: BackgroundTask

    def done(pdf: bytes) -> None:
        if handle.cancelled:
            return
        window = PreviewWindow(pdf, title, file_name, parent)
        window.show()
        window.activateWindow()
        if on_opened is not None:
            on_opened(window)

    def failed(error: BaseException) -> None:
        if not handle.cancelled:
            messages.show_error(parent, error)

    handle = run_in_background(parent, f"Đang tạo tài liệu: {title}…", lambda _p, _c: produce(), done, failed)
    return handle


def show_class_document(
    parent: QWidget | None,
    documents: ClassDocumentService,
    kind: ClassDocument,
    class_id: int,
    class_code: str,
    *,
    blank: bool = False,
) -> BackgroundTask | None:
    """Preview one sheet of a class (what a "Print" button of the class tab calls), with the bar that sets
    the date the sheet carries (:mod:`trungtam_desktop.ui.preview_dating`). None when the class cannot be
    read (the error is shown)."""
    from trungtam_desktop.ui.preview_dating import DatingBar

    about = run_guarded(parent, lambda: documents.describe(kind, class_id, blank=blank))
    if about is None:
        return None

    def render(dated: IssueDate) -> bytes:
        return documents.render(kind, class_id, blank=blank, dated=dated)

    def with_dating(window: PreviewWindow) -> None:
        window.dating = DatingBar(window, about, render, window.replace_pdf)
        window.addToolBarBreak()
        window.addToolBar(window.dating)

    return show_document(
        parent,
        f"{about.title} – {class_code}",
        lambda: render(IssueDate()),
        about.file_name,
        on_opened=with_dating,
    )
