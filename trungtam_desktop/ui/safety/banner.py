"""The banner at the top of the main window when today's automatic backup failed.

It says when the last good backup was and why today's failed, and stays until a backup succeeds ("Thử
lại" makes the automatic backup again; the next start tries again too). A clerk must not work for weeks
without a backup because a USB drive in the backup folder's place was full or read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QToolBar, QVBoxLayout

from trungtam_desktop.services.backups import BackupService, DailyBackup, daily_backup_warning
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.workers import run_in_background


class BackupBanner(QFrame):
    def __init__(
        self, window: QMainWindow, backups: BackupService, daily: DailyBackup, today: Callable[[], date]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._backups = backups
        self._today = today
        self.bar: QToolBar | None = None  # the strip holding the banner (hidden with it)
        self.setObjectName("backupBanner")
        self.setStyleSheet(
            "#backupBanner { background: #fff4ce; border: 1px solid #c89b00; border-radius: 3px; }"
            "#backupBanner QLabel { color: #3b2f00; }"
        )
        self.headline = QLabel(self)
        self.headline.setStyleSheet("font-weight: bold;")
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Thử &lại", self)
        self.retry_button.setToolTip("Sao lưu tự động lại vào thư mục sao lưu")
        texts = QVBoxLayout()
        texts.addWidget(self.headline)
        texts.addWidget(self.reason)
        layout = QHBoxLayout(self)
        icon = QLabel("⚠", self)
        icon.setStyleSheet("font-size: 20px; color: #9a6b00;")
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retry_button.clicked.connect(self.retry)
        self.show_state(daily)

    def show_state(self, daily: DailyBackup) -> None:
        warning = daily_backup_warning(daily, self._today())
        if warning is None:
            self.hide()
            if self.bar is not None:
                self.bar.hide()
            self._window.statusBar().showMessage("Đã sao lưu tự động.", 10_000)
            return
        headline, reason = warning
        self.headline.setText(headline)
        self.reason.setText(reason)
        self.show()
        if self.bar is not None:
            self.bar.show()

    def retry(self) -> None:
        self.retry_button.setEnabled(False)

        def done(daily: DailyBackup) -> None:
            self.retry_button.setEnabled(True)
            self.show_state(daily)

        def failed(error: BaseException) -> None:
            self.retry_button.setEnabled(True)
            messages.show_error(self._window, error)

        run_in_background(
            self._window,
            "Đang sao lưu dữ liệu…",
            lambda progress, _cancelled: self._backups.daily_backup(progress),
            done,
            failed,
            cancellable=False,
        )


def install_backup_banner(
    window: QMainWindow, backups: BackupService, daily: DailyBackup, today: Callable[[], date]
) -> BackupBanner | None:
    """Put the banner above the window's tabs when ``daily`` failed; None when there is nothing to say."""
    if daily.failure is None:
        return None
    bar = QToolBar("Sao lưu", window)
    bar.setObjectName("backupBannerBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    banner = BackupBanner(window, backups, daily, today)
    banner.bar = bar
    bar.addWidget(banner)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    window.backup_banner = banner  # type: ignore[attr-defined]
    return banner
