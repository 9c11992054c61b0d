"""One class's workspace: roster, timetable, attendance and results on tabs, and the class's printouts.

Opened from the class list (Enter or double-click). Not modal: the clerk can keep the class list, or a
second class, open beside it. Every page re-reads from the services when another page changed something
(a learner added to the roster appears in the attendance grid and the results at once).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.models import TrainingClass
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.services.printing import ClassDocument
from trungtam_desktop.ui.classwork.attendance_page import AttendancePage
from trungtam_desktop.ui.classwork.certificates_page import CertificatesPage
from trungtam_desktop.ui.classwork.results_page import ResultsPage
from trungtam_desktop.ui.classwork.roster_page import RosterPage
from trungtam_desktop.ui.classwork.timetable_page import TimetablePage
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.screen import place_window, remember_window
from trungtam_desktop.ui.preview import show_class_document

NOTIFY_DELAY_MS = 500  # the class list refreshes this long after the last edit of a burst
PAGES = (RosterPage, TimetablePage, AttendancePage, ResultsPage, CertificatesPage)


class ClassWorkWindow(QWidget):
    """A top-level window for one class. ``class_changed`` tells the class list to refresh its counts."""

    class_changed = Signal(int)

    def __init__(
        self, services: Services, class_id: int, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._services = services
        self.class_id = class_id
        self._settings = settings
        self.training_class: TrainingClass | None = None
        self._build_ui()
        self._connect_signals()
        self.reload_header()
        place_window(self, settings, "classwork", (1200, 720))  # maximised on a 1366×768 screen

    # -- building ------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.print_button = QToolButton()
        self.print_button.setText("&In giấy tờ của lớp")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_menu = QMenu(self.print_button)
        for text, kind, blank in self._documents():
            action = self.print_menu.addAction(text)
            action.triggered.connect(lambda _checked=False, k=kind, b=blank: self.print_document(k, b))
        self.print_button.setMenu(self.print_menu)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.details)
        header.addLayout(titles, 1)
        header.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)

        self.tabs = QTabWidget()
        self.pages = [page_type(self._services, self.class_id, self) for page_type in PAGES]
        for number, page in enumerate(self.pages, start=1):
            self.tabs.addTab(page, f"&{number}. {page.title}")
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self._stale: set[int] = set()  # pages to re-read when their tab is next shown
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(NOTIFY_DELAY_MS)
        self._notify.timeout.connect(self._notify_class_list)
        self.tabs.currentChanged.connect(self._on_tab_shown)
        for page in self.pages:
            page.changed.connect(lambda source=page: self._on_page_changed(source))
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_button.showMenu)
        for number in range(1, len(self.pages) + 1):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda i=number - 1: self.tabs.setCurrentIndex(i))

    @staticmethod
    def _documents() -> list[tuple[str, ClassDocument, bool]]:
        return [
            ("Danh sách điểm danh – bản để ký (trống)", ClassDocument.ATTENDANCE, True),
            ("Danh sách điểm danh – đã ghi", ClassDocument.ATTENDANCE, False),
            ("Danh sách học viên", ClassDocument.CLASS_LIST, False),
            ("Bảng điểm, kết quả học tập", ClassDocument.RESULTS, False),
            ("Lịch học", ClassDocument.TIMETABLE, False),
        ]

    # -- behaviour -----------------------------------------------------------------------------------
    def reload_header(self) -> None:
        training_class = run_guarded(self, lambda: self._services.classes.get(self.class_id))
        if training_class is None:
            return
        self.training_class = training_class
        c = training_class
        self.setWindowTitle(f"Lớp {c.code} – {c.name}")
        self.heading.setText(f"{c.code} – {c.name}")
        locked = " · Đã khóa kết quả" if c.locked else ""
        self.details.setText(
            f"{c.programme_name} · từ {format_date(c.start_date)} đến {format_date(c.end_date)}"
            f" · {c.venue or 'chưa có địa điểm'} · {c.status.label} · "
            f"{format_int(c.learner_count)} học viên{locked}"
        )

    def _on_page_changed(self, source: QWidget) -> None:
        """Another page wrote something: the hidden pages re-read when next shown (an attendance key
        press must not re-read five pages), and the class list hears of it once a burst of edits ends."""
        for index, page in enumerate(self.pages):
            if page is source:
                continue
            if page is self.tabs.currentWidget():
                page.reload()
            else:
                self._stale.add(index)
        self.reload_header()
        self._notify.start()

    def _on_tab_shown(self, index: int) -> None:
        if index in self._stale:
            self._stale.discard(index)
            self.pages[index].reload()

    def _notify_class_list(self) -> None:
        self._notify.stop()
        self.class_changed.emit(self.class_id)

    def print_document(self, kind: ClassDocument, blank: bool = False) -> None:
        """Render in the background, then open the preview (print, save, open elsewhere)."""
        code = self.training_class.code if self.training_class else str(self.class_id)
        show_class_document(self, self._services.class_documents, kind, self.class_id, code, blank=blank)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._notify.isActive():  # edits not yet told to the class list
            self._notify_class_list()
        remember_window(self, self._settings, "classwork")
        super().closeEvent(event)
