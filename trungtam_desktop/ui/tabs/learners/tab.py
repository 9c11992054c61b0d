"""The Học viên tab: search-as-you-type over all learners, details and history of the selected one."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.models import Learner, LearnerEnrolment
from trungtam_desktop.domain.vietnamese import format_birth, format_date, format_decimal, format_int
from trungtam_desktop.services.learners import LearnerService
from trungtam_desktop.ui.common.empty_state import EmptyState, ListOrEmpty
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.messages import confirm
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel, SortProxy
from trungtam_desktop.ui.common.views import LoadsWhenShown, ObjectTableView, SearchBox
from trungtam_desktop.ui.tabs.learners.dialogs import LearnerDialog
from trungtam_desktop.ui.tabs.learners.table_model import LearnerTableModel

HISTORY_COLUMNS: list[Column[LearnerEnrolment]] = [
    Column("Lớp", lambda e: f"{e.class_name} ({e.class_code})", width=170),
    Column("Chương trình", lambda e: e.programme_name, tooltip=lambda e: e.programme_name, width=190),
    Column("Thời gian", lambda e: f"{format_date(e.start_date)} – {format_date(e.end_date)}",
           sort_key=lambda e: e.start_date, width=170),
    Column("Tình trạng", lambda e: e.status_text, width=110),
    Column("Điểm", lambda e: format_decimal(e.final_score), sort_key=lambda e: e.final_score or -1,
           align=Qt.AlignmentFlag.AlignRight, width=50),
    Column("Xếp loại", lambda e: e.grade.label if e.grade else "", width=80),
    Column("Giấy chứng nhận", lambda e: e.certificate, tooltip=lambda e: e.certificate_validity, width=100),
    Column("Hiệu lực của giấy", lambda e: e.certificate_validity, tooltip=lambda e: e.certificate_validity,
           width=170),
]  # fmt: skip


class LearnersTab(LoadsWhenShown, QWidget):
    counts_changed = Signal()
    import_requested = Signal()  # the empty list's "Nhập danh sách…": the main window opens the wizard

    def __init__(self, service: LearnerService, parent: QWidget | None = None, *, load: bool = True) -> None:
        """``load`` False: the list is read when the tab is first shown (or refreshed)."""
        super().__init__(parent)
        self._service = service
        self._query = ""
        self._build_ui()
        self._connect_signals()
        if load:
            self.refresh()
        else:
            self.wait_for_show()

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.search = SearchBox(
            "Tìm theo họ tên (gõ không dấu cũng được), số CCCD, đơn vị hoặc năm sinh…", self._on_search
        )
        self.show_archived = QCheckBox("Hiện cả học viên đã lưu trữ")
        self.add_button = QPushButton("Thêm học viên…")
        self.add_button.setToolTip("Thêm học viên mới (Ctrl+N)")
        self.edit_button = QPushButton("Sửa…")
        self.edit_button.setToolTip("Sửa học viên đang chọn (Enter hoặc nhấp đúp)")
        self.archive_button = QPushButton("Lưu trữ")
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.archive_button)

        self.model = LearnerTableModel(self._fetch, self)
        self.table = ObjectTableView("learners", self)
        # Tens of thousands of learners: no proxy; header clicks reach LearnerTableModel.sort (SQL ORDER BY).
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.apply_default_widths(self.model)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_model: ObjectTableModel[LearnerEnrolment] = ObjectTableModel(HISTORY_COLUMNS, self)
        self.history_proxy = SortProxy(self)
        self.history_proxy.setSourceModel(self.history_model)
        self.history = ObjectTableView("learner_history", self)
        self.history.setModel(self.history_proxy)
        self.history.setSortingEnabled(True)
        self.history.apply_default_widths(self.history_model)
        detail_box = QWidget()
        detail_layout = QHBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail, 2)
        history_box = QVBoxLayout()
        history_box.addWidget(QLabel("<b>Quá trình học tập</b>"))
        history_box.addWidget(self.history)
        detail_layout.addLayout(history_box, 5)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.empty = EmptyState(
            "Chưa có học viên nào",
            "Hồ sơ học viên thường có sẵn trong danh sách Excel do các xã, đơn vị gửi lên: nhập cả danh sách "
            "một lần (chương trình tự nhận ra các cột, báo dòng nào có vấn đề trước khi ghi). Cũng có thể "
            "thêm từng người, hoặc thêm ngay trong cửa sổ của một lớp.",
        )
        self.empty.add_action("Nhập danh sách từ Excel…", self.import_requested.emit, "Tệp .xlsx hoặc .csv")
        self.empty.add_action("Thêm học viên…", self.add_learner, "Thêm một học viên (Ctrl+N)")
        self.list_or_empty = ListOrEmpty(splitter, self.empty, self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list_or_empty, 1)
        layout.addWidget(self.count_label)

    def _connect_signals(self) -> None:
        self.show_archived.toggled.connect(lambda _checked: self.refresh())
        self.add_button.clicked.connect(self.add_learner)
        self.edit_button.clicked.connect(self.edit_current)
        self.archive_button.clicked.connect(self.toggle_archive)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        QShortcut(QKeySequence.StandardKey.New, self, self.add_learner)
        QShortcut(
            QKeySequence(Qt.Key.Key_Return),
            self.table,
            self.edit_current,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)

    # -- data ----------------------------------------------------------------------------------------
    def _fetch(self, offset: int, limit: int, order: str, descending: bool):  # type: ignore[no-untyped-def]
        return self._service.search(
            self._query,
            offset=offset,
            limit=limit,
            include_archived=self.show_archived.isChecked(),
            order=order,
            descending=descending,
        )

    def _on_search(self, text: str) -> None:
        self._query = text
        self.refresh()

    def refresh(self) -> None:
        """Reload the first page (keeps the current sort order)."""
        self.mark_loaded()
        run_guarded(self, self.model.reload)
        total = self.model.total
        self.list_or_empty.set_empty(total == 0 and not self._query and not self.show_archived.isChecked())
        self.count_label.setText(
            f"Tìm thấy {format_int(total)} học viên."
            if self._query
            else f"Tổng số: {format_int(total)} học viên."
        )
        self.table.select_first_row()
        self._show_detail()

    def current(self) -> Learner | None:
        return self.table.current_object()

    def _show_detail(self) -> None:
        learner = self.current()
        self.archive_button.setText("Khôi phục" if learner and learner.archived else "Lưu trữ")
        self.edit_button.setEnabled(learner is not None)
        self.archive_button.setEnabled(learner is not None)
        if learner is None:
            self.detail.setText("<i>Chọn một học viên để xem chi tiết.</i>")
            self.history_model.set_items([])
            return
        rows = [
            ("Ngày sinh", format_birth(learner.birth_date, learner.birth_year)),
            ("Giới tính", learner.gender.label if learner.gender else ""),
            ("Dân tộc / Tôn giáo", f"{learner.ethnicity} / {learner.religion}"),
            ("Số CCCD", learner.cccd or ""),
            ("Điện thoại", learner.phone),
            ("Chức vụ", learner.position),
            ("Đơn vị", learner.unit),
            ("Chi bộ", learner.party_cell),
            ("Xã / phường", learner.commune),
            ("Đảng viên", learner.party_status.label),
            ("Quê quán", learner.hometown),
        ]
        body = "".join(f"<tr><td style='color:#555'>{k}:</td><td>{v}</td></tr>" for k, v in rows if v)
        self.detail.setText(f"<b style='font-size:12pt'>{learner.full_name}</b><table>{body}</table>")
        history = run_guarded(self, lambda: self._service.history(learner.id))
        self.history_model.set_items(history or [])

    # -- actions -------------------------------------------------------------------------------------
    def add_learner(self) -> None:
        dialog = LearnerDialog(self._service, None, self)
        if dialog.exec():
            self.show_learner(dialog.result_object)
            self.counts_changed.emit()

    def show_learner(self, learner: Learner) -> None:
        """Bring a learner just saved into view and select them (a namesake may be listed first): the
        search becomes their name, archived learners are shown when they are one."""
        if learner.archived and not self.show_archived.isChecked():
            self.show_archived.blockSignals(True)
            self.show_archived.setChecked(True)
            self.show_archived.blockSignals(False)
        self.search.setText(learner.full_name)
        self.search.flush()
        self.table.select_where(lambda x: x.id == learner.id)
        self._show_detail()

    def edit_current(self) -> None:
        learner = self.current()
        if learner is None:
            return
        dialog = LearnerDialog(self._service, learner, self)
        if dialog.exec():
            updated: Learner = dialog.result_object
            self.model.replace_item(lambda x: x.id == updated.id, updated)
            self._show_detail()

    def toggle_archive(self) -> None:
        learner = self.current()
        if learner is None:
            return
        if not learner.archived and not confirm(
            self,
            f"Lưu trữ học viên {learner.full_name}? Hồ sơ và quá trình học tập vẫn được giữ nguyên; "
            "học viên chỉ bị ẩn khỏi danh sách (có thể khôi phục).",
            "Lưu trữ học viên",
        ):
            return
        if run_guarded(self, lambda: self._service.set_archived(learner.id, not learner.archived)):
            self.refresh()
            self.counts_changed.emit()

    # -- settings ------------------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        self.table.save_state(settings)
        self.history.save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        self.table.restore_state(settings)
        self.history.restore_state(settings)
