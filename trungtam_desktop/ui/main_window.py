"""The main window: tabs for classes, learners and lecturers, menus, status bar, remembered geometry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import trungtam_desktop
from trungtam_desktop import APP_DISPLAY_NAME
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.messages import info
from trungtam_desktop.ui.common.screen import place_window, remember_window
from trungtam_desktop.ui.help import show_help, topic_for
from trungtam_desktop.ui.setup import START_CLASS, START_DEMO, START_IMPORT, run_setup, start_demo
from trungtam_desktop.ui.tabs.classes.tab import ClassesTab
from trungtam_desktop.ui.tabs.learners.tab import LearnersTab
from trungtam_desktop.ui.tabs.lecturers.tab import LecturersTab

DEFAULT_SIZE = (1280, 720)
DEMO_STARTED = (
    "Chương trình đang mở thêm một cửa sổ với dữ liệu của một trung tâm mẫu (mất vài giây). Ở đó có thể "
    "thử mọi việc; dữ liệu thật của trung tâm không bị ảnh hưởng, và dữ liệu mẫu bị xóa khi đóng cửa sổ đó."
)


class SetupBanner(QFrame):
    """Shown until the centre is set up: documents print blanks for its name, place and signer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_banner")
        self.setStyleSheet("#setup_banner { background: #fff4ce; border-bottom: 1px solid #e0c060; }")
        text = QLabel(
            "Chưa khai báo thông tin trung tâm: giấy tờ in ra sẽ để trống (dấu chấm) tên cơ quan, địa danh "
            "và người ký."
        )
        text.setWordWrap(True)
        self.button = QPushButton("Thiết lập ngay…")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(text, 1)
        layout.addWidget(self.button)


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        settings: QSettings,
        database_path: Path,
        data_folder: Path,
        *,
        demo: bool = False,
        open_settings_dialog: Callable[[QWidget], bool] | None = None,
        create_class_window: Callable[[int, QWidget], QWidget] | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._settings = settings
        self._database_path = database_path
        self._data_folder = data_folder
        self._demo = demo
        self._open_settings_dialog = open_settings_dialog
        self._create_class_window = create_class_window
        self.class_windows: dict[int, QWidget] = {}
        self._build_ui()
        self._build_menus()
        self._connect_signals()
        self.update_title()
        self.update_status()
        self._restore_state()

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        s = self._services
        self.classes_tab = ClassesTab(
            s.classes,
            s.programmes,
            s.lecturers,
            self,
            current_year=s.context.today().year,
            today=s.context.today,
        )
        # The learners and lecturers are read when their tab is first shown: the start reads one list.
        self.learners_tab = LearnersTab(s.learners, self, load=False)
        self.lecturers_tab = LecturersTab(s.lecturers, self, load=False)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.classes_tab, "&Lớp học")
        self.tabs.addTab(self.learners_tab, "&Học viên")
        self.tabs.addTab(self.lecturers_tab, "&Giảng viên")
        self.setup_banner = SetupBanner(self)
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.setup_banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.database_label = QLabel()
        self.counts_label = QLabel()
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        # Features wired in app.py add their actions to these menus (file_menu: before "Thoát").
        self.file_menu = menu.addMenu("&Tệp")
        self.quit_action = QAction("&Thoát", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.file_menu.addAction(self.quit_action)

        self.data_menu = menu.addMenu("&Dữ liệu")
        self.settings_action = QAction("&Cài đặt…", self)
        self.settings_action.setEnabled(self._open_settings_dialog is not None)
        self.data_menu.addAction(self.settings_action)
        self.setup_action = QAction("&Thiết lập ban đầu…", self)
        self.setup_action.setStatusTip(
            "Tên trung tâm, địa danh, người ký, số vào sổ tiếp theo và các chương trình đào tạo"
        )
        self.data_menu.addAction(self.setup_action)

        self.reports_menu = menu.addMenu("&Báo cáo")
        self.reports_menu.menuAction().setVisible(False)  # shown once a document action is added

        self.help_menu = menu.addMenu("Trợ &giúp")
        # F1 itself is caught for every window by ui/help (the guide opens at the window's section).
        self.guide_action = QAction("&Hướng dẫn sử dụng\tF1", self)
        self.help_menu.addAction(self.guide_action)
        self.about_action = QAction("&Giới thiệu chương trình", self)
        self.help_menu.addAction(self.about_action)

        for index in range(self.tabs.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(action)

    def add_report_action(self, action: QAction) -> None:
        """Later features put their documents and reports here."""
        self.reports_menu.addAction(action)
        self.reports_menu.menuAction().setVisible(True)

    def add_file_action(self, action: QAction) -> None:
        """Tệp menu entries (backup, restore...) go above "Thoát", after a separator."""
        if self.file_menu.actions()[0] is self.quit_action:
            self.file_menu.insertSeparator(self.quit_action)
        self.file_menu.insertAction(self.file_menu.actions()[-2], action)

    def _connect_signals(self) -> None:
        self.quit_action.triggered.connect(self.close)
        self.settings_action.triggered.connect(self.open_settings)
        self.setup_action.triggered.connect(lambda _checked=False: self.open_setup())
        self.setup_banner.button.clicked.connect(lambda _checked=False: self.open_setup())
        self.learners_tab.import_requested.connect(lambda: self.start_with(START_IMPORT))
        self.about_action.triggered.connect(self.show_about)
        self.guide_action.triggered.connect(lambda _checked=False: show_help(topic_for(self.tabs)))
        for tab in (self.classes_tab, self.learners_tab, self.lecturers_tab):
            tab.counts_changed.connect(self.update_status)
        self.classes_tab.open_requested.connect(self.open_class)
        self.classes_tab.class_deleted.connect(self._on_class_deleted)

    # -- state ---------------------------------------------------------------------------------------
    def update_title(self) -> None:
        centre = run_guarded(self, self._services.settings.centre)
        parts = [centre.centre_name, centre.parent_body] if centre else []
        name = " — ".join(part for part in parts if part) or APP_DISPLAY_NAME
        demo = " [DỮ LIỆU MẪU]" if self._demo else ""
        self.setWindowTitle(f"{name}{demo} — {APP_DISPLAY_NAME}")
        set_up = run_guarded(self, self._services.settings.centre_is_set_up)
        self.setup_banner.setVisible(set_up is False)

    def update_status(self) -> None:
        self.database_label.setText(f"Cơ sở dữ liệu: {self._database_path}")
        counts = run_guarded(
            self,
            lambda: (
                self._services.classes.count(),
                self._services.learners.count(),
                len(self._services.lecturers.list(active_only=True)),
            ),
        )
        if counts:
            classes, learners, lecturers = (format_int(n) for n in counts)
            self.counts_label.setText(f"{classes} lớp · {learners} học viên · {lecturers} giảng viên")

    def _restore_state(self) -> None:
        # Maximised on a 1366×768 screen, else the remembered or default size within the screen.
        place_window(self, self._settings, "window", DEFAULT_SIZE)
        state = self._settings.value("window/state")
        if state:
            self.restoreState(state)
        self.tabs.setCurrentIndex(int(self._settings.value("window/tab", 0)))
        for tab in (self.classes_tab, self.learners_tab, self.lecturers_tab):
            tab.restore_state(self._settings)

    def save_state(self) -> None:
        remember_window(self, self._settings, "window")
        self._settings.setValue("window/state", self.saveState())
        self._settings.setValue("window/tab", self.tabs.currentIndex())
        for tab in (self.classes_tab, self.learners_tab, self.lecturers_tab):
            tab.save_state(self._settings)
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

    # -- actions -------------------------------------------------------------------------------------
    def open_class(self, class_id: int) -> None:
        """Show the class's own window (one per class: a second request brings it to the front)."""
        window = self.class_windows.get(class_id)
        if window is None:
            if self._create_class_window is None:
                return
            window = run_guarded(self, lambda: self._create_class_window(class_id, self))
            if window is None:
                return
            self.class_windows[class_id] = window
            window.destroyed.connect(lambda _obj=None, key=class_id: self.class_windows.pop(key, None))
            class_changed = getattr(window, "class_changed", None)
            if class_changed is not None:
                class_changed.connect(self._on_class_changed)
        window.show()
        window.raise_()
        window.activateWindow()

    def _on_class_deleted(self, class_id: int) -> None:
        window = self.class_windows.pop(class_id, None)
        if window is not None:
            window.close()
        self.learners_tab.refresh()  # the learners' class counts

    def _on_class_changed(self, _class_id: int) -> None:
        self.classes_tab.refresh_keeping_selection()
        self.learners_tab.refresh()
        self.update_status()

    def open_settings(self) -> None:
        if self._open_settings_dialog and self._open_settings_dialog(self):
            self.update_title()
            self.classes_tab.reload_filters()
            self.classes_tab.refresh()

    def open_setup(self) -> None:
        """Dữ liệu → Thiết lập ban đầu (also the banner shown until the centre is set up)."""
        wizard = run_setup(self._services, self)
        if wizard.saved:
            self.update_title()
            self.classes_tab.reload_filters()
            self.classes_tab.refresh()
        if wizard.choice:
            self.start_with(wizard.choice)

    def start_soon(self, choice: str) -> None:
        """``start_with(choice)`` once the window is up and the program waits for the clerk."""
        if choice:
            QTimer.singleShot(0, self, lambda: self.start_with(choice))

    def start_with(self, choice: str) -> None:
        """One of the first steps the setup offers: the first class, a learner list, or the demo."""
        if choice == START_CLASS:
            self.tabs.setCurrentWidget(self.classes_tab)
            self.classes_tab.add_class()
        elif choice == START_IMPORT:
            from trungtam_desktop.ui.import_export.menu import open_import_wizard

            open_import_wizard(self, self._services)
        elif choice == START_DEMO:
            if start_demo():
                info(self, DEMO_STARTED, "Dữ liệu mẫu")
            else:
                info(self, "Không mở được chương trình với dữ liệu mẫu.", "Dữ liệu mẫu")

    def show_about(self) -> None:
        info(
            self,
            f"{APP_DISPLAY_NAME}\nPhiên bản {trungtam_desktop.__version__}\n\n"
            f"Thư mục dữ liệu:\n{self._data_folder}\n\nCơ sở dữ liệu:\n{self._database_path}\n\n"
            "Chương trình chạy hoàn toàn trên máy này, không cần Internet; dữ liệu không được gửi đi đâu.",
            "Giới thiệu chương trình",
        )
