"""Settings page — Địa bàn, hiệu lực, khóa ký: the centre's level and communes served (dated), how long each
programme's certificates are valid, and the centre's signing key (its fingerprint, the file for the
province).

Like the access page, each button here writes at once (one transaction through the services): a dated
list is saved whole by its own form, the validities by "Lưu thời hạn", the key is made once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.organisation import ServiceArea
from trungtam_desktop.domain.validity import MAX_MONTHS, ProgrammeValidity
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.files import save_file
from trungtam_desktop.services.organisation import OrganisationService
from trungtam_desktop.services.signing import SigningService
from trungtam_desktop.services.validity import ValidityService
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.reorganisation import files
from trungtam_desktop.ui.reorganisation.area_dialog import AreaDialog

AREA_COLUMNS: list[Column[ServiceArea]] = [
    Column("Áp dụng từ ngày", lambda a: format_date(a.valid_from), sort_key=lambda a: a.valid_from,
           width=120),
    Column("Cấp", lambda a: a.level.label, width=190),
    Column("Số xã, phường", lambda a: format_int(len(a.communes)), align=Qt.AlignmentFlag.AlignRight,
           width=100),
    Column("Các xã, phường, đặc khu phục vụ", lambda a: "; ".join(a.communes),
           tooltip=lambda a: "\n".join(a.communes), width=480),
]  # fmt: skip
NOTE = (
    "Từ 01/07/2025 không còn cấp huyện; theo Quy định 360-QĐ/TW, trung tâm chính trị là của xã, phường, đặc "
    "khu và có thể phục vụ nhiều xã, phường. Mỗi lần thay đổi, thêm một danh sách mới với ngày áp dụng: các "
    "lớp, học viên đã ghi trước đó giữ nguyên xã, phường của mình. Các nút trên trang này lưu ngay."
)
KEY_TEXT = (
    "Gói báo cáo gửi tỉnh và mã QR trên giấy chứng nhận được ký bằng khóa riêng của trung tâm (lưu trong cơ "
    "sở dữ liệu, đi theo các bản sao lưu). Gửi tỉnh tệp khóa công khai một lần và ghi dấu vân tay trong công "
    "văn gửi kèm để tỉnh đối chiếu. Khôi phục một bản sao lưu cũ hơn khóa thì trung tâm sẽ có khóa mới: "
    "gửi lại tệp khóa công khai."
)


class ReorganisationPage(QWidget):
    def __init__(
        self,
        organisation: OrganisationService,
        validity: ValidityService,
        signing: SigningService,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date],
    ) -> None:
        super().__init__(parent)
        self._organisation, self._validity, self._signing = organisation, validity, signing
        self._today = today
        self._saved_months: dict[int, int | None] = {}
        self._build_ui()
        self._connect_signals()
        self.reload()

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        note = QLabel(NOTE, self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.area_group = QGroupBox("Cấp và địa bàn phục vụ", self)
        self.area_model: ObjectTableModel[ServiceArea] = ObjectTableModel(AREA_COLUMNS, self)
        self.area_table = ObjectTableView("service_areas", self.area_group)
        self.area_table.setModel(self.area_model)
        self.area_table.apply_default_widths(self.area_model)
        self.area_table.setMinimumHeight(90)
        self.area_table.verticalHeader().hide()
        self.add_area_button = QPushButton("&Thêm thay đổi…", self.area_group)
        self.edit_area_button = QPushButton("&Sửa…", self.area_group)
        self.remove_area_button = QPushButton("&Xóa…", self.area_group)
        area_buttons = QHBoxLayout()
        for button in (self.add_area_button, self.edit_area_button, self.remove_area_button):
            area_buttons.addWidget(button)
        area_buttons.addStretch(1)
        area_layout = QVBoxLayout(self.area_group)
        area_layout.addWidget(self.area_table, 1)
        area_layout.addLayout(area_buttons)

        self.validity_group = QGroupBox("Thời hạn của giấy chứng nhận", self)
        self.validity_table = QTableWidget(0, 3, self.validity_group)
        self.validity_table.setHorizontalHeaderLabels(["Chương trình", "Thời hạn (tháng)", "Mặc định"])
        self.validity_table.verticalHeader().setVisible(False)
        self.validity_table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.validity_table.horizontalHeader().setStretchLastSection(True)
        self.validity_table.setColumnWidth(0, 380)
        self.validity_table.setColumnWidth(1, 150)
        self.validity_table.setMinimumHeight(120)
        self.save_validity_button = QPushButton("Lưu &thời hạn", self.validity_group)
        validity_hint = QLabel(
            "0 = không thời hạn. Thời hạn tính từ ngày cấp giấy đầu tiên (cấp lại không kéo dài thời hạn).",
            self.validity_group,
        )
        validity_hint.setWordWrap(True)
        validity_row = QHBoxLayout()
        validity_row.addWidget(validity_hint, 1)
        validity_row.addWidget(self.save_validity_button)
        validity_layout = QVBoxLayout(self.validity_group)
        validity_layout.addWidget(self.validity_table, 1)
        validity_layout.addLayout(validity_row)

        self.key_group = QGroupBox("Khóa ký của trung tâm", self)
        self.fingerprint = QLabel(self.key_group)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.make_key_button = QPushButton("Tạo &khóa", self.key_group)
        self.export_key_button = QPushButton("&Lưu khóa công khai để gửi tỉnh…", self.key_group)
        key_text = QLabel(KEY_TEXT, self.key_group)
        key_text.setWordWrap(True)
        key_text.setStyleSheet("color: #555;")
        key_row = QHBoxLayout()
        key_row.addWidget(self.fingerprint, 1)
        key_row.addWidget(self.make_key_button)
        key_row.addWidget(self.export_key_button)
        key_layout = QVBoxLayout(self.key_group)
        key_layout.addLayout(key_row)
        key_layout.addWidget(key_text)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.area_group, 3)
        layout.addWidget(self.validity_group, 2)
        layout.addWidget(self.key_group)
        layout.addWidget(self.message)

    def _connect_signals(self) -> None:
        self.add_area_button.clicked.connect(self.add_area)
        self.edit_area_button.clicked.connect(self.edit_area)
        self.remove_area_button.clicked.connect(self.remove_area)
        self.area_table.doubleClicked.connect(lambda _index: self.edit_area())
        self.save_validity_button.clicked.connect(self.save_validity)
        self.make_key_button.clicked.connect(self.make_key)
        self.export_key_button.clicked.connect(self.export_key)

    # -- state ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._run(self._reload, "")

    def _reload(self) -> None:
        areas = list(reversed(self._organisation.areas()))  # the one in force first
        self.area_model.set_items(areas)
        self.area_table.select_first_row()
        self._fill_validity(self._validity.programme_validity())
        key = self._signing.public_key()
        if key is None:
            self.fingerprint.setText(
                "Trung tâm chưa có khóa ký (sẽ được tạo khi lập gói báo cáo hay cấp giấy chứng nhận "
                "đầu tiên)."
            )
        else:
            self.fingerprint.setText(f"Dấu vân tay khóa của trung tâm: <b>{key.fingerprint}</b>")
        self.make_key_button.setVisible(key is None)

    def _fill_validity(self, rows: list[ProgrammeValidity]) -> None:
        self.validity_table.setRowCount(len(rows))
        self._saved_months = {row.programme_id: row.months for row in rows}
        for index, row in enumerate(rows):
            name = QTableWidgetItem(row.programme)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setData(Qt.ItemDataRole.UserRole, row.programme_id)
            self.validity_table.setItem(index, 0, name)
            spin = QSpinBox(self.validity_table)
            spin.setRange(0, MAX_MONTHS)
            spin.setSpecialValueText("Không thời hạn")
            spin.setSuffix(" tháng")
            spin.setValue(row.months or 0)
            self.validity_table.setCellWidget(index, 1, spin)
            default = QTableWidgetItem("Không thời hạn" if row.default is None else f"{row.default} tháng")
            default.setFlags(default.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.validity_table.setItem(index, 2, default)

    def typed_months(self) -> dict[int, int | None]:
        months: dict[int, int | None] = {}
        for index in range(self.validity_table.rowCount()):
            programme_id = self.validity_table.item(index, 0).data(Qt.ItemDataRole.UserRole)
            spin = self.validity_table.cellWidget(index, 1)
            assert isinstance(spin, QSpinBox)
            months[int(programme_id)] = spin.value() or None
        return months

    def has_unsaved(self) -> bool:
        """Validities typed but not saved (the settings dialog asks before closing)."""
        return self.typed_months() != self._saved_months

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.message.setText(text)

    def _run(self, action: Callable[[], object], done: str) -> bool:
        try:
            action()
        except DomainError as exc:
            self._say(exc.message, ok=False)
            return False
        except Exception as exc:  # a bug: logged and explained, the page stays
            messages.show_error(self, exc)
            return False
        if done:
            self._say(done, ok=True)
        return True

    # -- actions -------------------------------------------------------------------------------------
    def _areas(self) -> list[ServiceArea]:
        return self.area_model.items()

    def add_area(self) -> None:
        areas = self._areas()
        dialog = AreaDialog(
            areas,
            self._organisation.save_areas,
            self,
            template=areas[0] if areas else None,
            today=self._today(),
        )
        if dialog.exec():
            self.reload()
            self._say(
                f"Đã thêm danh sách địa bàn áp dụng từ {format_date(dialog.result_object.valid_from)}.",
                ok=True,
            )

    def edit_area(self) -> None:
        area: ServiceArea | None = self.area_table.current_object()
        if area is None:
            self._say("Hãy chọn một danh sách địa bàn.", ok=False)
            return
        others = [a for a in self._areas() if a != area]
        dialog = AreaDialog(others, self._organisation.save_areas, self, area=area, today=self._today())
        if dialog.exec():
            self.reload()
            self._say("Đã lưu danh sách địa bàn.", ok=True)

    def remove_area(self) -> None:
        area: ServiceArea | None = self.area_table.current_object()
        if area is None:
            self._say("Hãy chọn một danh sách địa bàn.", ok=False)
            return
        question = (
            f"Xóa danh sách địa bàn áp dụng từ {format_date(area.valid_from)} ({len(area.communes)} xã, "
            "phường)? Hồ sơ lớp và học viên không thay đổi; báo cáo các kỳ đó sẽ dùng danh sách trước nó."
        )
        if not messages.confirm(self, question, "Địa bàn phục vụ", yes="Xóa", no="Không"):
            return
        others = [a for a in self._areas() if a != area]
        if self._run(lambda: self._organisation.save_areas(others), "Đã xóa danh sách địa bàn."):
            self.reload()

    def save_validity(self) -> None:
        months = self.typed_months()
        if self._run(lambda: self._validity.save_validity(months), "Đã lưu thời hạn giấy chứng nhận."):
            self._fill_validity(self._validity.programme_validity())

    def make_key(self) -> None:
        if self._run(self._signing.ensure, "Đã tạo khóa ký của trung tâm."):
            self._reload()

    def export_key(self) -> None:
        key = self._signing.public_key()
        name = f"khoa-cong-khai-{key.fingerprint if key else 'trung-tam'}.txt"
        path = files.choose_save_path(
            self, "Lưu khóa công khai để gửi tỉnh", name, "Tệp văn bản (*.txt)", ".txt"
        )
        if path is None:
            return
        if self._run(lambda: save_file(path, self._signing.key_file_text().encode("utf-8")), ""):
            self._reload()
            fingerprint = self._signing.public_key()
            self._say(
                f"Đã lưu {path.name}. Dấu vân tay để ghi trong công văn: "
                f"{fingerprint.fingerprint if fingerprint else ''}.",
                ok=True,
            )
