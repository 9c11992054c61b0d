"""The Dữ liệu menu entries of import and export, and the dialog that undoes an import.

``install_import_export_actions`` is called from app.py with the main window and the services.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.import_plan import ImportRecord
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.services.files import save_file
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.messages import confirm, info
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.import_export import files

RECORD_COLUMNS: list[Column[ImportRecord]] = [
    Column("Lúc", lambda r: r.at.strftime("%d/%m/%Y %H:%M"), width=120),
    Column("Người nhập", lambda r: r.user, width=100),
    Column("Nội dung", lambda r: r.summary, tooltip=lambda r: r.summary, width=380),
    Column("Hoàn tác được?", lambda r: "Được" if r.can_undo else f"Không: {r.why_not}",
           tooltip=lambda r: r.why_not, width=260),
]  # fmt: skip


def save_export(parent: QWidget | None, title: str, file_name: str, make: Callable[[], bytes]) -> Path | None:
    """Ask where to save, make the workbook, write it; the clerk is told where it went."""
    path = files.choose_save_file(parent, title, files.safe_file_name(file_name))
    if path is None:
        return None
    data = run_guarded(parent, make)
    if data is None:
        return None
    try:
        save_file(path, data, create_folder=False)
    except DomainError as exc:
        info(parent, exc.message, title)
        return None
    info(parent, f"Đã lưu vào tệp:\n{path}", title)
    return path


class UndoImportDialog(QDialog):
    """The latest imports; the chosen one is taken back as one step, after a confirmation."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hoàn tác lần nhập danh sách học viên")
        self._services = services
        self.undone = False
        help_label = QLabel(
            "Chọn lần nhập cần hoàn tác: các hồ sơ học viên mới tạo và các lượt xếp lớp của lần nhập "
            "đó sẽ bị xóa. Chỉ hoàn tác được khi chưa ai sửa các hồ sơ, lớp chưa điểm danh hay chấm "
            "điểm các học viên đó."
        )
        help_label.setWordWrap(True)
        self.model: ObjectTableModel[ImportRecord] = ObjectTableModel(RECORD_COLUMNS, self)
        self.table = ObjectTableView("import_history", self)
        self.table.setModel(self.model)
        self.table.apply_default_widths(self.model)
        self.table.verticalHeader().hide()
        self.undo_button = QPushButton("Hoàn tác lần nhập này")
        self.close_button = QPushButton("Đóng")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.undo_button.clicked.connect(self.undo_current)
        self.close_button.clicked.connect(self.accept)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.resize(900, 400)
        self.reload()

    def reload(self) -> None:
        records = run_guarded(self, self._services.learner_import.history) or []
        self.model.set_items(records)
        self.table.select_first_row()
        self._update()

    def _update(self) -> None:
        record: ImportRecord | None = self.table.current_object()
        self.undo_button.setEnabled(record is not None and record.can_undo)

    def undo_current(self) -> None:
        record: ImportRecord | None = self.table.current_object()
        if record is None or not record.can_undo:
            return
        question = f"Hoàn tác lần nhập “{record.summary}”?\n\nCác hồ sơ mới tạo trong lần nhập này sẽ bị xóa."
        if not confirm(self, question, "Hoàn tác lần nhập", yes="Hoàn tác", no="Không"):
            return
        summary = run_guarded(self, lambda: self._services.learner_import.undo(record.batch_id))
        if summary is not None:
            self.undone = True
            info(self, summary, "Đã hoàn tác")
            self.reload()


def open_import_wizard(window: Any, services: Services, class_id: int | None = None) -> Any:
    from trungtam_desktop.ui.import_export.import_wizard import ImportWizard

    wizard = ImportWizard(services, window, class_id=class_id)
    wizard.imported.connect(lambda _outcome: refresh_main_window(window))
    wizard.exec()
    return wizard


def refresh_main_window(window: Any) -> None:
    for name in ("learners_tab", "classes_tab"):
        tab = getattr(window, name, None)
        refresh = getattr(tab, "refresh_keeping_selection", None) or getattr(tab, "refresh", None)
        if refresh is not None:
            refresh()
    if hasattr(window, "update_status"):
        window.update_status()


def install_import_export_actions(window: Any, services: Services) -> dict[str, QAction]:
    """Dữ liệu → import, undo, exports. Returns the actions by name (tests trigger them)."""
    menu = window.data_menu
    first = menu.actions()[0] if menu.actions() else None
    actions: dict[str, QAction] = {}

    def add(name: str, text: str, slot: Callable[[], Any], tip: str) -> None:
        action = QAction(text, window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.insertAction(first, action)
        actions[name] = action

    def undo() -> None:
        dialog = UndoImportDialog(services, window)
        dialog.exec()
        if dialog.undone:
            refresh_main_window(window)

    today = services.context.today()
    add(
        "import",
        "&Nhập danh sách học viên…",
        lambda: open_import_wizard(window, services),
        "Nhập danh sách học viên từ tệp Excel (.xlsx) hoặc .csv",
    )
    add("undo", "&Hoàn tác lần nhập danh sách…", undo, "Xóa các hồ sơ của một lần nhập danh sách")
    add(
        "export_learners",
        "&Xuất danh sách học viên ra Excel…",
        lambda: save_export(
            window,
            "Xuất danh sách học viên",
            f"Danh sách học viên {today:%d-%m-%Y}.xlsx",
            lambda: services.exports.learners_xlsx(),
        ),
        "Mọi học viên (trừ hồ sơ đã lưu trữ), theo thứ tự tên",
    )
    add(
        "export_classes",
        "Xuất danh sách &lớp học ra Excel…",
        lambda: save_export(
            window,
            "Xuất danh sách lớp học",
            f"Danh sách lớp học {today:%d-%m-%Y}.xlsx",
            lambda: services.exports.classes_xlsx(services.classes.list()),
        ),
        "Mọi lớp học, mới nhất trước",
    )
    add("template", "Tải &mẫu danh sách để nhập…",
        lambda: save_export(window, "Mẫu danh sách học viên", "Mẫu danh sách học viên.xlsx",
                            services.exports.template_xlsx),
        "Tệp Excel trống có sẵn các cột chương trình nhận ra, để gửi cho các xã, đơn vị")  # fmt: skip
    if first is not None:
        menu.insertSeparator(first)
    return actions


def export_roster(parent: QWidget | None, services: Services, class_id: int, class_code: str) -> Path | None:
    """A class's roster with its results, to .xlsx (from the class window)."""
    return save_export(
        parent,
        "Xuất danh sách lớp",
        f"Lớp {class_code} {services.context.today():%d-%m-%Y}.xlsx",
        lambda: services.exports.roster_xlsx(class_id, with_results=True),
    )
