"""The one behaviour of every form in the program, built once here.

- Labelled fields in one or two columns, required marks, Enter saves.
- **All errors at once, beside their fields**: the form is read and checked as a whole (the domain's
  validators report every problem), each message goes under its field, the first wrong field gets the
  focus. Each field keeps room for one line of error, so showing errors does not make the form jump.
- **Errors clear as soon as their cause does**: once errors are shown, every change re-checks the form
  (without writing anything) and removes the messages whose cause is gone.
- **A changed form asks before it is thrown away**: Esc, ✕ and Hủy ask "Bỏ các thay đổi?" (the safe
  answer, "Quay lại", is the default) when anything differs from what the form showed when it opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.enums import LabelledEnum
from trungtam_desktop.domain.errors import DomainError, ValidationError
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.messages import show_error

ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "border: 1px solid #b00020;"
DISCARD_QUESTION = "Bỏ các thay đổi?"
SLACK_LINES = 3  # spare lines a form keeps for errors that wrap
Problems = Sequence[tuple[str, str]]


def ask_discard(parent: QWidget | None, title: str = "", detail: str = "") -> bool:
    """ "Bỏ các thay đổi?" with "Quay lại" as the default answer; True when the clerk chose to discard."""
    text = DISCARD_QUESTION + (f"\n\n{detail}" if detail else "\n\nNhững gì vừa nhập sẽ không được lưu.")
    return messages.confirm(parent, text, title, yes="Bỏ thay đổi", no="Quay lại")


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
T = TypeVar("T")


def enum_data(combo: QComboBox, enum: type[E]) -> E | None:
    """The enum member chosen in an ``enum_combo`` (None for the empty item).

    Qt hands item data back as a plain ``str`` (a StrEnum member loses its class on the way through
    QVariant), so ``combo.currentData()`` alone is not an enum member: convert it here."""
    value = combo.currentData()
    return None if value is None else enum(value)


def set_combo_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


# -- what a form holds ---------------------------------------------------------------------------------
def widget_state(widget: QWidget) -> tuple[Any, ...]:
    """What the clerk can change in ``widget`` and the inputs inside it (a date field's line edit...)."""
    state: list[Any] = []
    for item in [widget, *widget.findChildren(QWidget)]:
        if isinstance(item, QLineEdit):
            state.append(item.text())
        elif isinstance(item, QPlainTextEdit | QTextEdit):
            state.append(item.toPlainText())
        elif isinstance(item, QComboBox):
            state.append((item.currentIndex(), item.currentText()))
        elif isinstance(item, QAbstractButton) and item.isCheckable():
            state.append(item.isChecked())
        elif isinstance(item, QSpinBox | QDoubleSpinBox):
            state.append(item.value())
    return tuple(state)


def _change_signals(widget: QWidget) -> Iterable[Any]:
    """The signals that say the clerk changed ``widget`` or an input inside it."""
    for item in [widget, *widget.findChildren(QWidget)]:
        if isinstance(item, QLineEdit | QPlainTextEdit | QTextEdit):
            yield item.textChanged
        elif isinstance(item, QComboBox):
            yield item.currentIndexChanged
            yield item.editTextChanged
        elif isinstance(item, QAbstractButton) and item.isCheckable():
            yield item.toggled
        elif isinstance(item, QAbstractSpinBox) and hasattr(item, "valueChanged"):
            yield item.valueChanged


# -- errors beside fields ------------------------------------------------------------------------------
def error_label(*, reserve: bool = False) -> QLabel:
    """A hidden error label; ``reserve`` keeps its line free when hidden, so showing it moves nothing."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    if reserve:
        policy = label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        label.setSizePolicy(policy)
        label.setMinimumHeight(label.fontMetrics().height())
    label.hide()
    return label


def with_error(widget: QWidget, error: QLabel) -> QWidget:
    """The widget with its (hidden) error label right under it."""
    container = QWidget()
    box = QVBoxLayout(container)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(1)
    box.addWidget(widget)
    box.addWidget(error)
    return container


class FieldErrors:
    """Error labels keyed by a ValidationError's ``field``; unknown fields go to the ``general`` label."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, field: str, widget: QWidget, label: QLabel | None = None) -> QLabel:
        label = label or error_label()
        self._fields[field] = (widget, label)
        return label

    def knows(self, field: str) -> bool:
        return field in self._fields

    def widget(self, field: str) -> QWidget | None:
        return self._fields[field][0] if field in self._fields else None

    def show(self, field: str, message: str, *, focus: bool = True) -> None:
        if field in self._fields:
            widget, label = self._fields[field]
            label.setText(message)
            label.setToolTip(message)
            label.show()
            widget.setStyleSheet(INVALID_STYLE)
            if focus:
                widget.setFocus()
        else:
            self.general.setText(message)
            self.general.show()

    def show_all(self, problems: Problems) -> None:
        """Every problem beside its field (general ones together); the focus goes to the first field."""
        general = [message for field, message in problems if field not in self._fields]
        for index, (field, message) in enumerate(p for p in problems if p[0] in self._fields):
            self.show(field, message, focus=index == 0)
        if general:
            self.show("", "\n".join(general))

    def hide(self, field: str) -> None:
        if field in self._fields:
            widget, label = self._fields[field]
            label.hide()
            label.clear()
            widget.setStyleSheet("")
        else:
            self.general.hide()
            self.general.clear()

    def clear(self) -> None:
        for field in self._fields:
            self.hide(field)
        self.hide("")

    def text(self, field: str) -> str:
        """The message shown for ``field`` ('' when none); the general message for unknown fields."""
        label = self._fields[field][1] if field in self._fields else self.general
        return "" if label.isHidden() else label.text()

    def shown_fields(self) -> list[str]:
        """The fields now showing an error ("" for the general one)."""
        fields = [f for f, (_widget, label) in self._fields.items() if not label.isHidden()]
        return fields + ([""] if not self.general.isHidden() else [])

    def shown(self) -> list[str]:
        """Every message now visible (for tests)."""
        labels = [label for _widget, label in self._fields.values()] + [self.general]
        return [label.text() for label in labels if not label.isHidden()]


class AsksBeforeDiscarding:
    """For a ``QDialog`` (listed first among its bases): what the dialog holds when first shown is its
    starting point; Esc, ✕ and Hủy (all go through ``reject``) ask "Bỏ các thay đổi?" when it differs.

    Subclasses give ``form_state()``; ``ask_before_discarding`` False turns the question off."""

    ask_before_discarding = True
    _baseline: tuple[Any, ...] | None = None

    def form_state(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def mark_unchanged(self) -> None:
        """What the dialog holds now is its starting point (done when it is first shown)."""
        self._baseline = self.form_state()

    def has_changes(self) -> bool:
        return self._baseline is not None and self.form_state() != self._baseline

    def showEvent(self, event: QShowEvent) -> None:
        if self._baseline is None:
            self.mark_unchanged()
        super().showEvent(event)  # type: ignore[misc]

    def reject(self) -> None:
        """Esc, ✕ and Hủy: a changed dialog asks first; "Quay lại" (the default) keeps it open."""
        if self.ask_before_discarding and self.has_changes():
            title = self.windowTitle()  # type: ignore[attr-defined]
            if not ask_discard(self, title):  # type: ignore[arg-type]
                return
        super().reject()  # type: ignore[misc]


class FormDialog(AsksBeforeDiscarding, QDialog):
    """Subclasses add rows with ``add_row`` and implement ``collect()`` (read widgets → object; read each
    parsed field through ``read`` so that all its problems are gathered), optionally ``validate(obj)``
    (the domain's check, no writing: raises ``ValidationError`` with every problem) and ``save(obj)``
    (call one service method). Problems from any of them are shown beside their fields.

    ``ask_before_discarding`` False for a dialog that only chooses options (nothing typed to lose)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.result_object: Any = None
        self._gathered: list[tuple[str, str]] = []
        self._service_errors: dict[str, tuple[Any, ...]] = {}  # field → its state when the service refused
        self._widgets: dict[str, QWidget] = {}
        self.forms = [self._new_form(), self._new_form()]
        columns = QHBoxLayout()
        columns.setSpacing(24)
        for form in self.forms:
            columns.addLayout(form, 1)
        self.general_error = error_label(reserve=True)
        self.errors = FieldErrors(self.general_error)
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
        layout.addStretch(1)  # takes up an error that wraps, so the buttons stay where they are
        layout.addWidget(self.general_error)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    @staticmethod
    def _new_form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(2)
        return form

    def add_row(
        self, field: str, label: str, widget: QWidget, *, required: bool = False, column: int = 0
    ) -> QWidget:
        """Add a labelled field (left or right column); its error line sits right under it.

        Tab order follows insertion order: down the left column, then down the right one."""
        text = f"{label}: <b style='color:#b00020'>*</b>" if required else f"{label}:"
        caption = QLabel(text)
        caption.setBuddy(widget)
        error = self.errors.add(field, widget, error_label(reserve=True))
        container = with_error(widget, error)
        container.setMinimumWidth(280)  # room for a full name, a dd/mm/yyyy date and a short error
        self.forms[column].addRow(caption, container)
        self._widgets[field] = widget
        for signal in _change_signals(widget):
            signal.connect(self._on_changed)
        return widget

    # -- state ---------------------------------------------------------------------------------------
    def form_state(self) -> tuple[Any, ...]:
        """Everything the clerk can change; subclasses with other inputs (a ticked list) add theirs."""
        return tuple(widget_state(widget) for widget in self._widgets.values())

    def showEvent(self, event: QShowEvent) -> None:
        if self._baseline is None:
            # Room for a few errors running onto a second line: the stretch above the buttons takes it.
            slack = SLACK_LINES * self.fontMetrics().lineSpacing()
            self.resize(self.width(), max(self.height(), self.sizeHint().height() + slack))
        super().showEvent(event)

    def _fit(self) -> None:
        """Grow only when the errors shown need more room than the slack left (never shrink)."""
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else 0
        if needed > self.height():
            self.resize(self.width(), needed)

    # -- errors --------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.errors.clear()
        self._service_errors.clear()

    def show_problems(self, problems: Problems, *, from_service: bool = False) -> None:
        self.clear_errors()
        self.errors.show_all(problems)
        self._fit()
        if from_service:
            self._service_errors = {
                field: self._field_state(field) for field, _message in problems if self.errors.knows(field)
            }

    def field_error(self, field: str) -> str:
        """The error text shown for ``field`` ('' when none) — for tests and accessibility."""
        return self.errors.text(field)

    def _field_state(self, field: str) -> tuple[Any, ...]:
        widget = self.errors.widget(field)
        return widget_state(widget) if widget is not None else ()

    # -- checking ------------------------------------------------------------------------------------
    def read(self, reader: Callable[[], T], default: T) -> T:
        """A field's value from ``reader``; when it raises ``ValidationError`` its problems are kept (and
        shown with all the others) and ``default`` stands in, so that reading goes on."""
        try:
            return reader()
        except ValidationError as exc:
            self._gathered.extend(exc.problems)
            return default

    def collect(self) -> Any:
        raise NotImplementedError

    def validate(self, obj: Any) -> None:
        """The domain's check of ``obj`` (no writing); raises ``ValidationError`` with every problem."""

    def save(self, obj: Any) -> Any:
        raise NotImplementedError

    def before_save(self, obj: Any) -> bool:
        """Last chance to ask the clerk something (e.g. possible duplicates); False cancels saving."""
        return True

    def check(self) -> tuple[Any, list[tuple[str, str]]]:
        """Read the form and check it as a whole: (the object, every problem, one per field)."""
        self._gathered = []
        obj = None
        try:
            obj = self.collect()
        except ValidationError as exc:
            self._gathered.extend(exc.problems)
        if obj is not None:
            try:
                self.validate(obj)
            except ValidationError as exc:
                self._gathered.extend(exc.problems)
        problems: list[tuple[str, str]] = []
        for field, message in self._gathered:
            if all(field != known for known, _message in problems):
                problems.append((field, message))
        return obj, problems

    def _on_changed(self, *_args: Any) -> None:
        """Re-check while errors are shown: a message whose cause is gone disappears at once (a message
        the service gave goes when its field changes); new ones wait for the next Lưu."""
        shown = self.errors.shown_fields()
        if not shown:
            return
        _obj, problems = self.check()
        now = dict(problems)
        for field in shown:
            if field in self._service_errors:
                if self._field_state(field) != self._service_errors[field]:
                    self._service_errors.pop(field)
                    self.errors.hide(field)
            elif field in now and field:
                self.errors.show(field, now[field], focus=False)
            elif field and self.errors.knows(field):
                self.errors.hide(field)
            elif not field and not any(not self.errors.knows(f) for f in now):
                self.errors.hide("")

    def _on_save(self) -> None:
        obj, problems = self.check()
        if problems:
            self.show_problems(problems)
            return
        self.clear_errors()
        try:
            if not self.before_save(obj):
                return
            self.result_object = self.save(obj)
        except ValidationError as exc:
            self.show_problems(exc.problems, from_service=True)
            return
        except DomainError as exc:
            self.show_problems([("", exc.message)], from_service=True)
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
