"""What an empty list shows instead of an empty grid: what the list is for, what to do next, and buttons
that do it (a new centre's first class, its first learner list)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A heading, a few sentences and action buttons, centred."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_state")
        self.title = QLabel(title)
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setMaximumWidth(640)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)
        text_row = QHBoxLayout()  # centred, at most 640 wide, wrapped to its full height
        text_row.addStretch(1)
        text_row.addWidget(self.text, 10)
        text_row.addStretch(1)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addLayout(text_row)
        box.addSpacing(8)
        box.addLayout(self._buttons)
        box.addStretch(2)
        self.buttons: list[QPushButton] = []

    def add_action(self, text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        if not self.buttons:
            button.setDefault(True)
        self.buttons.append(button)
        return button


class ListOrEmpty(QStackedWidget):
    """The list, or its empty state when there is nothing in it yet (not when a filter found nothing)."""

    def __init__(self, content: QWidget, empty: EmptyState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.empty = empty
        self.addWidget(content)
        self.addWidget(empty)

    def set_empty(self, empty: bool) -> None:
        self.setCurrentWidget(self.empty if empty else self.content)

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty
