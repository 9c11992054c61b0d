"""The import wizard: choose a file → confirm the columns → check every row (dry run) → import.

Reading the file, the dry run and the import run through ``run_in_background`` with a progress bar. Nothing
is written before the clerk presses “Nhập …” on the last page; the import is one transaction after an
automatic backup, and can be undone from Dữ liệu → Hoàn tác lần nhập danh sách.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.enums import ClassStatus
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.import_plan import ImportOutcome, ImportPlan, PlanRow
from trungtam_desktop.domain.sheet_columns import FIELD_LABELS, column_letter
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.services.files import save_file
from trungtam_desktop.ui.common.forms import ERROR_STYLE, run_guarded
from trungtam_desktop.ui.common.messages import info, show_error
from trungtam_desktop.ui.common.table_model import ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.common.workers import BackgroundTask, run_in_background
from trungtam_desktop.ui.import_export import files
from trungtam_desktop.ui.import_export.file_guide import FileGuide
from trungtam_desktop.ui.import_export.plan_model import PlanModel, preview_model
from trungtam_desktop.ui.import_export.row_choice import RowChoice, settle_current

ENCODING_NAMES = {"tcvn3": "TCVN3 (.VnTime, ABC)", "vni": "VNI (VNI-Times)"}
FILE_HELP = (
    "Chọn tệp danh sách học viên do xã, đơn vị gửi lên, và lớp sẽ xếp họ vào (nếu đã mở lớp). Bên dưới là "
    "những tệp chương trình đọc được."
)
MAPPING_HELP = (
    "Kiểm tra mỗi cột của tệp được hiểu đúng (có thể chọn lại). Cột không cần nhập thì chọn “(Không nhập)”. "
    "Bên dưới là các dòng đầu của danh sách như trong tệp."
)
SHOW_ALL, SHOW_REJECTED = "Tất cả các dòng", "Chỉ các dòng không nhập được"


class ImportWizard(QDialog):
    """``imported`` carries the ``ImportOutcome`` once learners were written."""

    imported = Signal(object)

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, class_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhập danh sách học viên từ Excel")
        self.setModal(True)
        self._services = services
        self._fixed_class = class_id
        self.sheet: Any = None
        self.plan: ImportPlan | None = None
        self._checked: ImportPlan | None = None  # the plan as the dry run left it, before any choice
        self.outcome: ImportOutcome | None = None
        self.task: BackgroundTask | None = None
        self.combos: list[QComboBox] = []
        self._build_ui()
        self._connect_signals()
        self._show_page(0)
        self.resize(1100, 680)

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.step_label = QLabel()
        self.step_label.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._check_page())
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.back_button = QPushButton("‹ Quay lại")
        self.next_button = QPushButton("Tiếp tục ›")
        self.import_button = QPushButton("Nhập")
        self.close_button = QPushButton("Đóng")
        for button in (self.back_button, self.next_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _file_page(self) -> QWidget:
        page = QWidget()
        help_label = QLabel(FILE_HELP)
        help_label.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Đường dẫn tệp .xlsx hoặc .csv")
        self.browse_button = QPushButton("Chọn tệp…")
        self.browse_button.setAutoDefault(False)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.class_combo = QComboBox()
        self.class_combo.setMinimumContentsLength(50)
        self._fill_classes()
        grid = QGridLayout()
        grid.addWidget(QLabel("Tệp danh sách:"), 0, 0)
        grid.addLayout(path_row, 0, 1)
        grid.addWidget(QLabel("Xếp vào lớp:"), 1, 0)
        grid.addWidget(self.class_combo, 1, 1)
        self.file_guide = FileGuide(self._services)
        layout = QVBoxLayout(page)
        layout.addWidget(help_label)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addWidget(self.file_guide)
        layout.addStretch(1)
        return page

    def _fill_classes(self) -> None:
        self.class_combo.addItem("(Chỉ nhập hồ sơ học viên, chưa xếp vào lớp nào)", None)
        classes = run_guarded(self, lambda: self._services.classes.list()) or []
        for klass in classes:
            if klass.id == self._fixed_class or (
                self._fixed_class is None and klass.status in (ClassStatus.PLANNED, ClassStatus.OPEN)
            ):
                self.class_combo.addItem(f"{klass.code} – {klass.name}", klass.id)
        if self._fixed_class is not None:
            self.class_combo.setCurrentIndex(max(self.class_combo.findData(self._fixed_class), 0))
            self.class_combo.setEnabled(False)

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        help_label = QLabel(MAPPING_HELP)
        help_label.setWordWrap(True)
        self.layout_label = QLabel()
        self.layout_label.setWordWrap(True)
        self.mapping_grid = QGridLayout()
        holder = QWidget()
        holder.setLayout(self.mapping_grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setMinimumHeight(180)
        self.preview_table = ObjectTableView("import_preview", self)
        self.preview_table.verticalHeader().hide()
        layout = QVBoxLayout(page)
        layout.addWidget(help_label)
        layout.addWidget(self.layout_label)
        layout.addWidget(scroll, 2)
        layout.addWidget(QLabel("<b>Các dòng đầu của danh sách</b>"))
        layout.addWidget(self.preview_table, 3)
        return page

    def _check_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.encoding_label = QLabel()
        self.encoding_label.setWordWrap(True)
        self.encoding_label.setStyleSheet("background: #fff4e0; padding: 4px;")
        self.filter_combo = QComboBox()
        self.filter_combo.addItems([SHOW_ALL, SHOW_REJECTED])
        self.save_rejected_button = QPushButton("Lưu các dòng không nhập được ra Excel…")
        self.save_rejected_button.setAutoDefault(False)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("Hiện:"))
        tools.addWidget(self.filter_combo)
        tools.addStretch(1)
        tools.addWidget(self.save_rejected_button)
        self.plan_model = PlanModel(self)
        self.plan_table = ObjectTableView("import_plan", self)
        self.plan_table.setModel(self.plan_model)
        self.plan_table.apply_default_widths(self.plan_model)
        self.plan_table.verticalHeader().hide()
        self.choice_box = RowChoice("— chưa chọn, không nhập dòng này —")
        self.choice_label, self.choice_combo = self.choice_box.label, self.choice_box.combo
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.encoding_label)
        layout.addLayout(tools)
        layout.addWidget(self.plan_table, 1)
        layout.addWidget(self.choice_box)
        layout.addWidget(self.notes_label)
        return page

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self.browse)
        self.path_edit.returnPressed.connect(self.go_next)
        self.back_button.clicked.connect(lambda: self._show_page(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(self.go_next)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self.filter_combo.currentIndexChanged.connect(lambda _index: self._fill_plan())
        self.save_rejected_button.clicked.connect(self.save_rejected)
        self.plan_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_choice())
        self.choice_box.chosen.connect(self.choose)

    # -- navigation ----------------------------------------------------------------------------------
    def _show_page(self, index: int) -> None:
        index = max(0, min(index, 2))
        self.pages.setCurrentIndex(index)
        titles = (
            "Bước 1/3 – Chọn tệp danh sách",
            "Bước 2/3 – Xác nhận các cột",
            "Bước 3/3 – Kiểm tra từng dòng trước khi nhập",
        )
        self.step_label.setText(titles[index])
        self.error_label.clear()
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < 2)
        self.next_button.setEnabled(not self.busy)
        self.next_button.setText("Đọc tệp ›" if index == 0 else "Kiểm tra danh sách ›")
        self.import_button.setVisible(index == 2)
        self._update_import_button()

    def go_next(self) -> None:
        if self.task is not None and not self.task.done:
            return
        if self.pages.currentIndex() == 0:
            self.read_file()
        elif self.pages.currentIndex() == 1:
            self.check()

    @property
    def class_id(self) -> int | None:
        return self.class_combo.currentData()

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def _run(self, title: str, task: Any, on_done: Any) -> None:
        self.error_label.clear()
        for button in (self.back_button, self.next_button, self.import_button):
            button.setEnabled(False)

        def finished(result: Any) -> None:
            self._show_page(self.pages.currentIndex())
            on_done(result)

        def failed(error: BaseException) -> None:
            self._show_page(self.pages.currentIndex())
            show_error(self, error)

        self.task = run_in_background(self, title, task, finished, failed)

    # -- step 1: the file ----------------------------------------------------------------------------
    def browse(self) -> None:
        path = files.choose_open_file(self)
        if path is not None:
            self.path_edit.setText(str(path))
            self.read_file()

    def read_file(self) -> None:
        text = self.path_edit.text().strip().strip('"')
        if not text:
            self.error_label.setText("Hãy chọn tệp danh sách học viên.")
            return
        path = Path(text)
        if not path.is_file():
            self.error_label.setText(f"Không tìm thấy tệp {path}.")
            return
        importer = self._services.learner_import
        self._run(
            "Đang đọc tệp…",
            lambda progress, _cancelled: importer.open(path, progress),
            self._on_opened,
        )

    def _on_opened(self, sheet: Any) -> None:
        self.sheet = sheet
        self.plan = None
        layout = sheet.layout
        rows = " và ".join(str(n) for n in layout.header_rows)
        notes = " ".join(sheet.raw.notes)
        self.layout_label.setText(
            f"Trang tính “{sheet.raw.name}”: dòng tiêu đề là dòng {rows}; danh sách bắt đầu từ dòng "
            f"{layout.data_start + 1}. {notes}".strip()
        )
        self._fill_mapping(list(layout.captions), list(layout.columns))
        model: ObjectTableModel[list[str]] = preview_model(list(layout.captions), self)
        model.set_items(sheet.preview_rows(8))
        self.preview_table.setModel(model)
        self.preview_table.apply_default_widths(model)
        self._show_page(1)

    def _fill_mapping(self, captions: list[str], columns: list[str]) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.combos = []
        per_column = 2  # two mapping pairs per grid row
        for index, (caption, kind) in enumerate(zip(captions, columns, strict=False)):
            label = QLabel(
                f"Cột {column_letter(index)}: “{caption}”" if caption else f"Cột {column_letter(index)}:"
            )
            combo = QComboBox()
            for key, text in FIELD_LABELS.items():
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(kind), 0))
            combo.currentIndexChanged.connect(lambda _i: self._invalidate_plan())
            row, pair = divmod(index, per_column)
            self.mapping_grid.addWidget(label, row, pair * 2)
            self.mapping_grid.addWidget(combo, row, pair * 2 + 1)
            self.combos.append(combo)

    def columns(self) -> list[str]:
        return [combo.currentData() for combo in self.combos]

    def set_column(self, index: int, kind: str) -> None:
        combo = self.combos[index]
        combo.setCurrentIndex(combo.findData(kind))

    def _invalidate_plan(self) -> None:
        self.plan = None

    # -- step 2: the dry run -------------------------------------------------------------------------
    def check(self) -> None:
        columns = self.columns()
        chosen = [c for c in columns if c]
        repeated = sorted({FIELD_LABELS[c] for c in chosen if chosen.count(c) > 1})
        if repeated:
            self.error_label.setText(
                "Mỗi loại cột chỉ được chọn một lần; đang bị chọn hai lần: " + ", ".join(repeated) + "."
            )
            return
        importer, sheet, class_id = self._services.learner_import, self.sheet, self.class_id
        self._run(
            "Đang kiểm tra danh sách…",
            lambda progress, cancelled: importer.dry_run(sheet, columns, class_id, progress, cancelled),
            self._on_planned,
        )

    def _on_planned(self, plan: ImportPlan) -> None:
        self.plan = self._checked = plan
        class_text = f" Lớp: {plan.class_code}." if plan.class_code else ""
        self.summary_label.setText(f"Tệp {plan.source}: {plan.summary()}{class_text}")
        if plan.encoding:
            examples = "; ".join(f"“{before}” → “{after}”" for before, after in plan.conversions[:4])
            name = ENCODING_NAMES.get(plan.encoding, plan.encoding)
            self.encoding_label.setText(
                f"Tệp được gõ bằng bảng mã cũ {name}; chữ đã được chuyển sang Unicode. Hãy xem lại các tên: "
                f"{examples}"
            )
        self.encoding_label.setVisible(bool(plan.encoding))
        notes = [plan.unused_line(), *plan.skipped[:8], plan.end_note]
        self.notes_label.setText("\n".join(note for note in notes if note))
        self._fill_plan()
        self._show_page(2)

    def _fill_plan(self) -> None:
        if self.plan is None:
            self.plan_model.set_items([])
            return
        rows: tuple[PlanRow, ...] = self.plan.rows
        if self.filter_combo.currentText() == SHOW_REJECTED:
            rows = self.plan.rejected
        self.plan_model.set_items(list(rows))
        first_choice = next((i for i, row in enumerate(rows) if row.choosable), None)
        if first_choice is not None:
            self.plan_table.selectRow(first_choice)
        else:
            self.plan_table.select_first_row()
        self._show_choice()

    # -- settling the rows to check: which learner on file, or a new record ----------------------------
    def _show_choice(self) -> None:
        self.choice_box.show_row(self.plan_table.current_object())

    def choose(self, learner_id: int | None) -> None:
        """Settle the current row: a learner's id, None for a new record, -1 for the row as checked."""
        plan = settle_current(self, self.plan_table, self.plan_model, self.plan, self._checked, learner_id)
        if plan is None:
            self._show_choice()
            return
        self.plan = plan
        self.summary_label.setText(f"Tệp {plan.source}: {plan.summary()}")
        self._update_import_button()

    def _update_import_button(self) -> None:
        plan = self.plan
        count = len(plan.importable) if plan else 0
        if plan is not None and plan.rejected:
            self.import_button.setText(f"Nhập {format_int(count)} dòng hợp lệ")
        else:
            self.import_button.setText(f"Nhập {format_int(count)} học viên")
        self.import_button.setEnabled(count > 0 and not self.busy)
        self.save_rejected_button.setEnabled(bool(plan and plan.rejected))

    # -- step 3: saving the rejected rows, importing -------------------------------------------------
    def save_rejected(self) -> None:
        plan = self.plan
        if plan is None or not plan.rejected:
            return
        name = files.safe_file_name(f"{Path(plan.source).stem} - dòng chưa nhập.xlsx")
        path = files.choose_save_file(self, "Lưu các dòng không nhập được", name)
        if path is None:
            return
        data = run_guarded(self, lambda: self._services.exports.rejected_rows_xlsx(plan))
        if data is None:
            return
        try:
            save_file(path, data, create_folder=False)
        except DomainError as exc:
            self.error_label.setText(exc.message)
            return
        self.notes_label.setText(f"Đã lưu {format_int(len(plan.rejected))} dòng kèm lý do vào {path}.")

    def start_import(self) -> None:
        plan = self.plan
        if plan is None or not plan.importable or self.busy:
            return
        importer = self._services.learner_import
        self._run(
            "Đang nhập danh sách học viên…",
            lambda progress, _cancelled: importer.apply(plan, valid_only=True, progress=progress),
            self._on_imported,
        )

    def _on_imported(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        self.imported.emit(outcome)
        info(
            self,
            outcome.summary() + "\n\nCó thể hoàn tác lần nhập này ở Dữ liệu → Hoàn tác lần nhập danh sách.",
            "Đã nhập danh sách",
        )
        self.accept()
