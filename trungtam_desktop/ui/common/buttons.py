"""Dialog buttons that say, and show, what they do."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialogButtonBox, QPushButton


def action_button(box: QDialogButtonBox, standard: QDialogButtonBox.StandardButton, text: str) -> QPushButton:
    """Give a standard button the text of the dialog's own action ("Cấp giấy", "Hủy giấy", "Xem trước để
    in") and take off the standard icon, which on styles that show icons would say something else (the
    Save button's floppy disk on an issue, a void or a preview)."""
    button = box.button(standard)
    button.setText(text)
    button.setIcon(QIcon())
    return button
