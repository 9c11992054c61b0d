"""Questions asked before the main window exists: a damaged database, a second program on the folder."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QMessageBox, QSizePolicy, QSpacerItem, QWidget

from trungtam_desktop import APP_DISPLAY_NAME


def _widen(box: QMessageBox, width: int) -> None:
    """Room for the long explanation and a Windows path (a message box is narrow by default)."""
    layout = box.layout()
    if isinstance(layout, QGridLayout):
        spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())


def ask_restore_damaged(message: str, can_restore: bool, parent: QWidget | None = None) -> bool:
    """The damaged-database explanation; True when the clerk chose to restore the newest good backup."""
    box = QMessageBox(QMessageBox.Icon.Critical, f"Dữ liệu bị hỏng — {APP_DISPLAY_NAME}", message)
    box.setTextFormat(box.textFormat().PlainText)
    _widen(box, 560)
    restore = None
    if can_restore:
        restore = box.addButton("Khôi phục bản sao lưu mới nhất", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("Thoát", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    return restore is not None and box.clickedButton() is restore


def tell_already_running(message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, APP_DISPLAY_NAME, message)
    box.setTextFormat(box.textFormat().PlainText)
    _widen(box, 480)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
