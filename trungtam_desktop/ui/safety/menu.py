"""The data-safety entries of the main window's menus: Tệp → Sao lưu… / Khôi phục…, Trợ giúp → Gửi báo lỗi…"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow

from trungtam_desktop.services.backups import BackupService
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.safety.restore_dialog import RestoreRequest


def bring_forward(window: QMainWindow) -> None:
    """Show ``window`` in front (asked for by a second program started on the same data folder)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def close_everything() -> None:
    """Close every window and leave the event loop (the data turned out damaged: nothing may go on
    working on it). A window that will not close (unsaved changes) is hidden: it could not save anyway."""
    QThreadPool.globalInstance().waitForDone()
    QApplication.closeAllWindows()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.hide()
    QApplication.quit()


def install_safety_actions(
    window: QMainWindow,
    backups: BackupService,
    log_dir: Path,
    *,
    on_restore: Callable[[RestoreRequest], None] | None,
) -> dict[str, QAction]:
    """Add the actions to ``window`` (which has ``add_file_action`` and ``help_menu``); returns them."""
    backup_action = QAction("&Sao lưu…", window)
    restore_action = QAction("&Khôi phục…", window)
    report_action = QAction("Gửi &báo lỗi…", window)
    restore_action.setEnabled(on_restore is not None)

    def open_backup() -> None:
        from trungtam_desktop.ui.safety.backup_dialog import BackupDialog

        BackupDialog(backups, window).exec()

    def open_restore() -> None:
        from trungtam_desktop.ui.safety.restore_dialog import RestoreDialog

        dialog = RestoreDialog(backups, window)
        if dialog.exec() and dialog.request is not None and on_restore is not None:
            # The restore runs once every window is closed and the database engine disposed (app.py).
            QThreadPool.globalInstance().waitForDone()
            QApplication.closeAllWindows()
            if window.isVisible():  # a window kept itself open (unsaved work): restore nothing
                messages.warn(window, "Chưa khôi phục: hãy đóng các cửa sổ đang mở rồi thử lại.", "Khôi phục")
                return
            on_restore(dialog.request)

    def send_report() -> None:
        from trungtam_desktop.ui.safety.error_report import save_error_report

        save_error_report(window, log_dir, backups.paths.root)

    backup_action.triggered.connect(open_backup)
    restore_action.triggered.connect(open_restore)
    report_action.triggered.connect(send_report)
    window.add_file_action(backup_action)  # type: ignore[attr-defined]
    window.add_file_action(restore_action)  # type: ignore[attr-defined]
    window.help_menu.addAction(report_action)  # type: ignore[attr-defined]
    return {"backup": backup_action, "restore": restore_action, "report": report_action}
