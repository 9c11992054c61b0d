"""The date a class document carries, chosen in its preview window.

A class document is dated by its rule (the class's first or last day, see
:mod:`trungtam_desktop.services.printing`); the bar above the preview lets the clerk pick another day or
leave "ngày … tháng … năm" blank to write by hand, and shows the document again with that date::

    Ngày ghi trên tài liệu: [Theo ngày kết thúc lớp (08/10/2024) ▾] [dd/mm/yyyy ▾] [Áp dụng]

Choosing the rule or the blank applies at once; "Ngày khác" enables the date field, applied with Enter
or "Áp dụng". The document is made again in the background; the page being read stays in view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QToolBar, QWidget

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import format_date
from trungtam_desktop.services.printing import ClassDocumentInfo, IssueDate
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.workers import BackgroundTask, run_in_background

RULE, OTHER, BY_HAND = "rule", "other", "by_hand"


class DatingBar(QToolBar):
    """Picks the date printed on a class document and has the document made again with it."""

    def __init__(
        self,
        parent: QWidget,
        about: ClassDocumentInfo,
        render: Callable[[IssueDate], bytes],
        show: Callable[[bytes], None],
    ) -> None:
        super().__init__("Ngày ghi trên tài liệu", parent)
        self.setObjectName("dating_toolbar")
        self.setMovable(False)
        self._about, self._render, self._show = about, render, show
        self._task: BackgroundTask | None = None
        self._pending = False
        self.applied = IssueDate()
        self.choice = QComboBox(self)
        self.choice.addItem(f"Theo {about.dated_by.label} ({format_date(about.rule_date)})", RULE)
        self.choice.addItem("Ngày khác:", OTHER)
        self.choice.addItem("Để trống (ghi tay ngày … tháng … năm)", BY_HAND)
        self.choice.setToolTip("Ngày ghi ở dòng địa danh, ngày tháng của tài liệu")
        self.day = DateField("date", "Ngày ghi trên tài liệu", required=True, parent=self)
        self.day.set_date(about.rule_date)
        self.day.setEnabled(False)
        self.day.setMaximumWidth(140)
        self.apply_button = QPushButton("Áp dụng", self)
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip("In ngày đã gõ lên tài liệu (Enter)")
        label = QLabel(" Ngày ghi trên tài liệu: ", self)
        label.setBuddy(self.choice)
        self.addWidget(label)
        self.addWidget(self.choice)
        self.addWidget(self.day)
        self.addWidget(self.apply_button)
        self.choice.currentIndexChanged.connect(self._on_choice)
        self.day.edit.returnPressed.connect(self.apply)
        self.apply_button.clicked.connect(self.apply)

    def _on_choice(self, _index: int) -> None:
        other = self.choice.currentData() == OTHER
        self.day.setEnabled(other)
        self.apply_button.setEnabled(other)
        if other:
            self.day.setFocus()
            self.day.edit.selectAll()
        else:
            self.apply()

    def requested(self) -> IssueDate:
        """The date chosen; raises ``ValidationError`` for a day that is not a date."""
        kind = self.choice.currentData()
        if kind == BY_HAND:
            return IssueDate(by_hand=True)
        if kind == OTHER:
            day = self.day.value()
            assert isinstance(day, date)  # required=True: empty raises
            return IssueDate(day=day)
        return IssueDate()

    def apply(self) -> None:
        """Make the document again with the chosen date (in the background) and show it."""
        try:
            wanted = self.requested()
        except ValidationError as exc:
            messages.warn(self, exc.message, "Ngày ghi trên tài liệu")
            self.day.setFocus()
            return
        if self._task is not None and not self._task.done:
            self._pending = True  # chosen while the last one is being made: made next, not lost
            return
        if wanted == self.applied:
            return

        def done(pdf: bytes) -> None:
            self.applied = wanted
            self._show(pdf)
            self._next()

        def failed(error: BaseException) -> None:
            messages.show_error(self, error)
            self._next()

        self._task = run_in_background(
            self.parentWidget(),
            f"Đang ghi lại ngày trên tài liệu: {self._about.title}…",
            lambda _p, _c: self._render(wanted),
            done,
            failed,
        )

    def _next(self) -> None:
        """After a document is made: make it again if the clerk chose another date meanwhile."""
        if self._pending:
            self._pending = False
            QTimer.singleShot(0, self.apply)
