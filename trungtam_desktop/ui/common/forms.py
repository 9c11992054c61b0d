"""A base for edit dialogs: labelled fields, required marks, errors beside the field, Enter/Esc."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.enums import LabelledEnum
from trungtam_desktop.domain.errors import DomainError, ValidationError
from trungtam_desktop.ui.common.messages import show_error

ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "border: 1px solid #b00020;"


def enum_combo(enum: type[LabelledEnum], *, allow_empty: bool = False, empty_text: str = "") -> QComboBox:
    """A combo box listing an enum's Vietnamese labels; the member is the item data."""
    combo = QComboBox()
    if allow_empty:
        combo.addItem(empty_text, None)
    for member in enum:
        combo.addItem(member.label, member)
    return combo


def editable_combo(values: tuple[str, ...]) -> QComboBox:
    """A combo box offering common values while letting the clerk type another."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(list(values))
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


E = TypeVar("E", bound=LabelledEnum)


def enum_data(combo: QComboBox, enum: type[E]) -> E | None:
    """The enum member chosen in an ``enum_combo`` (None for the empty item).

    Qt hands item data back as a plain ``str`` (a StrEnum member loses its class on the way through
    QVariant), so ``combo.currentData()`` alone is not an enum member: convert it here."""
    value = combo.currentData()
    return None if value is None else enum(value)


def set_combo_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class FormDialog(QDialog):
    """Subclasses add rows with ``add_row`` and implement ``collect()`` (read widgets → object) and
    ``save(obj)`` (call one service method). A ValidationError from either is shown beside its field."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.result_object: Any = None
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.forms = [self._new_form(), self._new_form()]
        columns = QHBoxLayout()
        columns.setSpacing(24)
        for form in self.forms:
            columns.addLayout(form, 1)
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        note = QLabel("Các mục có dấu <b>*</b> là bắt buộc.")
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.general_error)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    @staticmethod
    def _new_form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def add_row(
        self, field: str, label: str, widget: QWidget, *, required: bool = False, column: int = 0
    ) -> QWidget:
        """Add a labelled field (left or right column); its error label sits right under it.

        Tab order follows insertion order: down the left column, then down the right one."""
        text = f"{label}: <b style='color:#b00020'>*</b>" if required else f"{label}:"
        caption = QLabel(text)
        caption.setBuddy(widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        container = QWidget()
        container.setMinimumWidth(260)  # room for a full name, a dd/mm/yyyy date and a one-line error
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(error)
        self.forms[column].addRow(caption, container)
        self._fields[field] = (widget, error)
        return widget

    # -- errors --------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for widget, error in self._fields.values():
            error.hide()
            widget.setStyleSheet("")
        self.general_error.hide()

    def show_field_error(self, field: str, message: str) -> None:
        if field in self._fields:
            widget, error = self._fields[field]
            error.setText(message)
            error.show()
            widget.setStyleSheet(INVALID_STYLE)
            widget.setFocus()
        else:
            self.general_error.setText(message)
            self.general_error.show()

    def field_error(self, field: str) -> str:
        """The error text shown for ``field`` ('' when none) — for tests and accessibility."""
        if field in self._fields and not self._fields[field][1].isHidden():
            return self._fields[field][1].text()
        return self.general_error.text() if not self.general_error.isHidden() else ""

    # -- saving --------------------------------------------------------------------------------------
    def collect(self) -> Any:
        raise NotImplementedError

    def save(self, obj: Any) -> Any:
        raise NotImplementedError

    def before_save(self, obj: Any) -> bool:
        """Last chance to ask the clerk something (e.g. possible duplicates); False cancels saving."""
        return True

    def _on_save(self) -> None:
        self.clear_errors()
        try:
            obj = self.collect()
            if not self.before_save(obj):
                return
            self.result_object = self.save(obj)
        except ValidationError as exc:
            self.show_field_error(exc.field, exc.message)
            return
        except DomainError as exc:
            self.show_field_error("", exc.message)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.accept()


def run_guarded(parent: QWidget | None, action: Callable[[], Any]) -> Any:
    """Call one service action; show any error through the one helper. Returns the result or None."""
    try:
        return action()
    except Exception as exc:
        show_error(parent, exc)
        return None
