"""The audit log viewer: filters, a lazily loaded list (100,000+ entries), the changed fields, export.

``install_audit_action`` puts "Nhật ký thay đổi…" in the Dữ liệu menu; app.py calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.models import Page
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.audit import AuditEntry, AuditFilter, AuditService, FieldChange
from trungtam_desktop.services.files import save_file
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel, PagedTableModel
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.common.workers import BackgroundTask, run_in_background

PAGE_SIZE = 200
EXPORT_TITLE = "Xuất nhật ký thay đổi"

ENTRY_COLUMNS: list[Column[AuditEntry]] = [
    Column("Thời gian", lambda e: e.at.strftime("%d/%m/%Y %H:%M:%S"), width=140),
    Column("Người thực hiện", lambda e: e.user, width=130),
    Column("Đối tượng", lambda e: e.entity_label, width=130),
    Column("Mã", lambda e: "" if e.entity_id is None else str(e.entity_id),
           align=Qt.AlignmentFlag.AlignRight, width=60),
    Column("Thao tác", lambda e: e.action_label, width=110),
    Column("Nội dung", lambda e: e.summary, tooltip=lambda e: e.summary, width=420),
]  # fmt: skip

CHANGE_COLUMNS: list[Column[FieldChange]] = [
    Column("Trường", lambda c: c.label, width=190),
    Column("Trước", lambda c: c.before if c.is_change else "", tooltip=lambda c: c.before, width=260),
    Column("Sau", lambda c: c.after, tooltip=lambda c: c.after, width=260),
]


class AuditLogDialog(QDialog):
    """Everything recorded, newest first; the filters run in the database, pages load as the list scrolls."""

    def __init__(
        self,
        audit: AuditService,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[QWidget, str, str], Path | None] | None = None,
        today: Callable[[], date],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhật ký thay đổi dữ liệu")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1100, 700)
        self._audit = audit
        self._choose_file = choose_file
        self._today = today
        self.export_task: BackgroundTask | None = None
        self.exported: Path | None = None
        self._filter = AuditFilter()
        self._total: int | None = None
        self._build_ui()
        self._connect_signals()
        self.reload()

    # -- building ------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.date_from = DateField("date_from", "Từ ngày", parent=self)
        self.date_to = DateField("date_to", "Đến ngày", parent=self)
        self.user_box = QComboBox(self)
        self.user_box.addItem("Tất cả", "")
        for user in self._audit.users():
            self.user_box.addItem(user, user)
        self.entity_box = QComboBox(self)
        self.entity_box.addItem("Tất cả", "")
        for code, label in self._audit.entities():
            self.entity_box.addItem(label, code)
        self.action_box = QComboBox(self)
        self.action_box.addItem("Tất cả", "")
        for code, label in self._audit.actions():
            self.action_box.addItem(label, code)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Tìm trong nội dung hoặc tên người thực hiện…")
        self.search.setClearButtonEnabled(True)
        self.clear_button = QPushButton("Bỏ lọc", self)
        filters = QGridLayout()
        filters.addWidget(QLabel("Từ ngày:"), 0, 0)
        filters.addWidget(self.date_from, 0, 1)
        filters.addWidget(QLabel("Đến ngày:"), 0, 2)
        filters.addWidget(self.date_to, 0, 3)
        filters.addWidget(QLabel("Người thực hiện:"), 0, 4)
        filters.addWidget(self.user_box, 0, 5)
        filters.addWidget(QLabel("Đối tượng:"), 1, 0)
        filters.addWidget(self.entity_box, 1, 1)
        filters.addWidget(QLabel("Thao tác:"), 1, 2)
        filters.addWidget(self.action_box, 1, 3)
        filters.addWidget(QLabel("Tìm:"), 1, 4)
        filters.addWidget(self.search, 1, 5)
        filters.addWidget(self.clear_button, 1, 6)
        filters.setColumnStretch(5, 1)

        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.setVisible(False)
        self.count_label = QLabel(self)

        self.model: PagedTableModel[AuditEntry] = PagedTableModel(ENTRY_COLUMNS, self._fetch, PAGE_SIZE, self)
        self.table = ObjectTableView("audit_log", self)
        self.table.setModel(self.model)
        self.table.apply_default_widths(self.model)

        self.detail_title = QLabel(self)
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changes_model: ObjectTableModel[FieldChange] = ObjectTableModel(CHANGE_COLUMNS, self)
        self.changes_table = ObjectTableView("audit_changes", self)
        self.changes_table.setModel(self.changes_model)
        self.changes_table.apply_default_widths(self.changes_model)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.changes_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.export_button = QPushButton("&Xuất ra Excel…", self)
        self.export_button.setToolTip("Lưu các mục đang lọc vào một tệp Excel (.xlsx)")
        self.export_button.setEnabled(self._choose_file is not None)
        self.close_button = QPushButton("Đóng", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.problem_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(300)

    def _connect_signals(self) -> None:
        for box in (self.user_box, self.entity_box, self.action_box):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        for field in (self.date_from, self.date_to):
            field.edit.editingFinished.connect(self.reload)
            field.edit.textEdited.connect(self._on_date_typed)
        self.search.textChanged.connect(lambda _t: self._text_timer.start())
        self._text_timer.timeout.connect(self.reload)
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_current())
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.accept)

    # -- filtering -----------------------------------------------------------------------------------
    def _on_date_typed(self, text: str) -> None:
        if not text.strip() or len(text.strip()) == 10:  # a full dd/mm/yyyy, or emptied
            self.reload()

    def current_filter(self) -> AuditFilter:
        """The filter the widgets describe; a date that cannot be read raises ``DomainError``."""
        start, end = self.date_from.value(), self.date_to.value()
        return AuditFilter(
            date_from=start,
            date_to=end,
            user=self.user_box.currentData() or "",
            entity=self.entity_box.currentData() or "",
            action=self.action_box.currentData() or "",
            text=self.search.text().strip(),
        )

    def reload(self) -> None:
        try:
            flt = self.current_filter()
        except DomainError as exc:
            self.problem_label.setText(exc.message)
            self.problem_label.setVisible(True)
            return
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
            self.problem_label.setText("“Từ ngày” đang sau “Đến ngày”: không có mục nào trong khoảng này.")
            self.problem_label.setVisible(True)
        else:
            self.problem_label.setVisible(False)
        self._filter = flt
        self._total = None
        self.model.reload()
        self.count_label.setText(
            f"{format_int(self.model.total)} mục" if self.model.total else "Không có mục nào khớp bộ lọc."
        )
        self.table.select_first_row()
        self._show_current()

    def _fetch(self, offset: int, limit: int) -> Page[AuditEntry]:
        if offset == 0 or self._total is None:
            self._total = self._audit.count(self._filter)
        items = tuple(self._audit.page(self._filter, offset, limit))
        return Page(items, self._total or 0, offset, limit)

    def clear_filters(self) -> None:
        for box in (self.user_box, self.entity_box, self.action_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.date_from.set_date(None)
        self.date_to.set_date(None)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.reload()

    # -- details and export --------------------------------------------------------------------------
    def _show_current(self) -> None:
        entry: AuditEntry | None = self.table.current_object()
        if entry is None:
            self.detail_title.setText("Chọn một mục để xem các thay đổi.")
            self.changes_model.set_items([])
            return
        what = entry.entity_label + (f" (mã {entry.entity_id})" if entry.entity_id is not None else "")
        self.detail_title.setText(
            f"{entry.at.strftime('%d/%m/%Y %H:%M:%S')} · {entry.user} · {entry.action_label} · {what}\n"
            f"{entry.summary}"
        )
        changes = entry.changes()
        self.changes_model.set_items(changes)

    def export(self) -> None:
        """Ask where, then write the filtered entries in the background (a long log takes a while); the
        file appears only when complete (written beside it, then renamed)."""
        if self._choose_file is None:
            return
        flt = self._filter
        stamp = self._today().strftime("%d-%m-%Y")
        path = self._choose_file(self, EXPORT_TITLE, f"Nhật ký thay đổi {stamp}.xlsx")
        if path is None:
            return

        def task(progress, _cancelled) -> Path:  # type: ignore[no-untyped-def]
            save_file(path, self._audit.export_xlsx(flt, progress), create_folder=False)
            return path

        def done(written: Path) -> None:
            self.exported = written
            messages.info(self, f"Đã lưu nhật ký vào tệp:\n{written}", EXPORT_TITLE)

        self.export_button.setEnabled(False)

        def finished(_result: object = None) -> None:
            self.export_button.setEnabled(True)

        self.export_task = run_in_background(
            self,
            "Đang xuất nhật ký thay đổi…",
            task,
            lambda written: (finished(), done(written)),
            lambda exc: (finished(), messages.show_error(self, exc)),
            cancellable=False,
        )


def install_audit_action(window: Any, audit: AuditService, today: Callable[[], date]) -> QAction:
    """Dữ liệu → "Nhật ký thay đổi…" (placed before "Cài đặt…")."""
    from trungtam_desktop.ui.import_export.files import choose_save_file

    action = QAction("Nhật &ký thay đổi…", window)
    tip = "Xem ai đã thêm, sửa, cấp, hủy hay khôi phục dữ liệu và khi nào; xuất ra Excel"
    action.setStatusTip(tip)
    action.setToolTip(tip)

    def open_log() -> None:
        AuditLogDialog(audit, window, choose_file=choose_save_file, today=today).exec()

    action.triggered.connect(lambda _checked=False: open_log())
    menu = window.data_menu
    menu.insertAction(window.settings_action, action)
    menu.insertSeparator(window.settings_action)
    return action
