"""Trợ giúp → Hướng dẫn sử dụng: the user guide shipped with the program (offline), with its contents on
the left, opened at the section of the window in use (F1), and printable as a PDF."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from trungtam_desktop.paths import resource
from trungtam_desktop.ui.common.screen import resize_to_fit
from trungtam_desktop.ui.help.topics import GUIDE, START

_HEADING = re.compile(r"<h([23]) id=\"([^\"]+)\">(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_IMAGE = re.compile(r'<img src="([^"]+)"')


def guide_path() -> Path:
    return resource(*GUIDE)


def sections(html: str) -> list[tuple[str, str, int]]:
    """(id, title, level) of every h2/h3 section of the guide, in order."""
    return [(m[1], " ".join(_TAG.sub("", m[2]).split()), int(m[0])) for m in _HEADING.findall(html)]


def guide_pdf() -> bytes:
    """The whole guide as an A4 PDF, images included (Trợ giúp → Hướng dẫn sử dụng → In / lưu PDF)."""
    path = guide_path()
    html = path.read_text(encoding="utf-8")
    document = QTextDocument()
    for source in set(_IMAGE.findall(html)):  # a document without a browser does not load files itself
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(source), QImage(str(path.parent / source))
        )
    document.setHtml(html)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle("Hướng dẫn sử dụng – Quản lý Trung tâm chính trị")
    writer.setCreator("Phần mềm quản lý Trung tâm chính trị")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(96)  # the guide's sizes are screen pixels (images 640 wide)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(page.width(), page.height()))  # laid out over the whole printable width
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(data.data())


class HelpWindow(QMainWindow):
    """One window for the guide; ``show_topic`` scrolls to a section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Hướng dẫn sử dụng")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        path = guide_path()
        html = path.read_text(encoding="utf-8")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path)))
        self.browser.setHtml(html)
        self.contents = QListWidget(self)
        for anchor, title, level in sections(html):
            item = QListWidgetItem(("    " if level == 3 else "") + title)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            item.setToolTip(title)
            self.contents.addItem(item)
        self.contents.setMaximumWidth(320)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter(self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        toolbar = self.addToolBar("Hướng dẫn")
        toolbar.setObjectName("help_toolbar")
        toolbar.setMovable(False)
        self.print_action = QAction("In / lưu PDF…", self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setToolTip("Hướng dẫn sử dụng thành tệp PDF để in hoặc lưu (Ctrl+P)")
        self.close_action = QAction("Đóng", self)
        self.close_action.setShortcut(QKeySequence("Esc"))
        toolbar.addAction(self.print_action)
        toolbar.addSeparator()
        toolbar.addAction(self.close_action)
        self.print_action.triggered.connect(self.print_guide)
        self.close_action.triggered.connect(self.close)
        self.contents.currentItemChanged.connect(
            lambda item, _old: item is not None and self.show_topic(item.data(Qt.ItemDataRole.UserRole))
        )
        self.topic = ""
        # Not maximised: the clerk reads it beside the window being explained.
        resize_to_fit(self, 1000, 700)

    def show_topic(self, topic: str) -> None:
        """Scroll to the section ``topic`` (an ``id`` of the guide) and mark it in the contents."""
        self.topic = topic or START
        self.browser.scrollToAnchor(self.topic)
        # Once more after the layout settles (a window just shown, its images just laid out).
        QTimer.singleShot(0, self, lambda: self.browser.scrollToAnchor(self.topic))
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == self.topic:
                self.contents.blockSignals(True)
                self.contents.setCurrentItem(item)
                self.contents.blockSignals(False)
                break

    def print_guide(self) -> None:
        from trungtam_desktop.ui.common.forms import run_guarded
        from trungtam_desktop.ui.preview import PreviewWindow

        pdf = run_guarded(self, guide_pdf)
        if pdf:
            preview = PreviewWindow(pdf, "Hướng dẫn sử dụng", "Huong dan su dung.pdf", self)
            preview.show()


def show_help(topic: str) -> HelpWindow:
    """Open the guide at ``topic``; the window already open is reused and brought forward.

    Over a modal dialog the guide belongs to that dialog (else the dialog would block it), and closes
    with it."""
    owner = QApplication.activeModalWidget()
    window = next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow) and w.isVisible()), None
    )
    if window is not None and window.parentWidget() is not owner:
        window.close()
        window = None
    if window is None:
        window = HelpWindow(owner)
    window.show()
    window.show_topic(topic)
    window.raise_()
    window.activateWindow()
    return window
