"""Date fields typed as dd/mm/yyyy, with a calendar pop-up; optionally empty or a year alone."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import format_birth, format_date, parse_birth, parse_date


class DateField(QWidget):
    """A line edit for dd/mm/yyyy with a calendar button (Alt+Down opens the calendar too).

    ``value()`` parses the text with the domain's rules and raises ``ValidationError`` naming ``label``.
    With ``year_only_allowed`` (birth dates) the clerk may type just "1990".
    """

    changed = Signal()

    def __init__(
        self,
        field: str,
        label: str,
        *,
        required: bool = False,
        year_only_allowed: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field, self.label = field, label
        self._required = required
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("năm hoặc dd/mm/yyyy" if year_only_allowed else "dd/mm/yyyy")
        self.edit.setMaxLength(12)
        self.edit.textEdited.connect(self.changed)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("Chọn ngày trên lịch (Alt+Mũi tên xuống)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        QShortcut(
            QKeySequence("Alt+Down"), self.edit, self.open_calendar, context=Qt.ShortcutContext.WidgetShortcut
        )

    # -- values --------------------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def set_date(self, value: date | None) -> None:
        self.edit.setText(format_date(value))

    def set_birth(self, birth_date: date | None, birth_year: int | None) -> None:
        self.edit.setText(format_birth(birth_date, birth_year))

    def value(self) -> date | None:
        """The date typed, None when empty and not required; raises ValidationError otherwise."""
        text = self.edit.text().strip()
        if not text:
            if self._required:
                raise ValidationError(self.field, f"{self.label} không được để trống.")
            return None
        return parse_date(text, self.field, self.label)

    def birth(self) -> tuple[date | None, int | None]:
        """(date or None, year or None) for a birth field that accepts a year alone."""
        text = self.edit.text().strip()
        if not text:
            if self._required:
                raise ValidationError(self.field, f"{self.label} không được để trống.")
            return None, None
        return parse_birth(text, self.field, self.label)

    # -- calendar ------------------------------------------------------------------------------------
    def open_calendar(self) -> None:
        calendar = QCalendarWidget()
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        try:
            current = self.value()
        except ValidationError:
            current = None
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(qdate: QDate) -> None:
            self.set_date(date(qdate.year(), qdate.month(), qdate.day()))
            self.changed.emit()
            menu.close()
            self.edit.setFocus()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()
