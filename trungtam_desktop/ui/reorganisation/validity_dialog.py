"""Dữ liệu → Tra cứu hiệu lực giấy chứng nhận: "does this person hold a valid certificate of this programme on
this date?" (by CCCD, or name and birth), and the certificates that expire in the next months for a commune
or a chi bộ (printable, and to Excel)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.enums import ProgrammeKind
from trungtam_desktop.domain.validity import ExpiringList, HeldCertificate
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.organisation import OrganisationService
from trungtam_desktop.services.validity import MAX_AHEAD, ValidityService
from trungtam_desktop.ui.certificates.lookup_dialog import BAD_STYLE, GOOD_STYLE
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import editable_combo, run_guarded
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.import_export.menu import save_export
from trungtam_desktop.ui.preview import show_document


def held_columns(today: Callable[[], date]) -> list[Column[HeldCertificate]]:
    return [
        Column("Số giấy", lambda h: h.register_number, width=80),
        Column("Họ và tên", lambda h: h.full_name, width=170),
        Column("Ngày sinh", lambda h: h.birth, width=85),
        Column("Lớp", lambda h: f"{h.class_name} ({h.class_code})", width=180),
        Column("Ngày cấp", lambda h: format_date(h.issued_on), sort_key=lambda h: h.issued_on, width=85),
        Column("Hiệu lực (hôm nay)", lambda h: h.validity.text(today()), width=200),
    ]


EXPIRING_COLUMNS: list[Column[HeldCertificate]] = [
    Column("Hiệu lực đến", lambda h: format_date(h.until), sort_key=lambda h: h.until, width=90),
    Column("Họ và tên", lambda h: h.full_name, width=170),
    Column("Ngày sinh", lambda h: h.birth, width=85),
    Column("Chi bộ", lambda h: h.party_cell, tooltip=lambda h: h.party_cell, width=220),
    Column("Xã, phường", lambda h: h.commune, width=130),
    Column("Chương trình", lambda h: h.programme, tooltip=lambda h: h.programme, width=200),
    Column("Số giấy", lambda h: h.register_number, width=80),
    Column("Ngày cấp", lambda h: format_date(h.issued_on), sort_key=lambda h: h.issued_on, width=85),
]


class ValidityDialog(QDialog):
    def __init__(
        self,
        validity: ValidityService,
        organisation: OrganisationService,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date],
    ) -> None:
        super().__init__(parent)
        self._validity, self._organisation, self._today = validity, organisation, today
        self._tasks: list[object] = []
        self.expiring: ExpiringList | None = None
        self.setWindowTitle("Tra cứu hiệu lực giấy chứng nhận")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._person_page(), "&1. Một người có giấy còn hiệu lực không?")
        self.tabs.addTab(self._expiring_page(), "&2. Giấy sắp hết hiệu lực")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(1000, 560)
        self.cccd.setFocus()

    # -- one person ----------------------------------------------------------------------------------
    def _person_page(self) -> QWidget:
        page = QWidget(self)
        self.programme = QComboBox(page)
        programmes = run_guarded(self, self._validity.programme_validity) or []
        for p in programmes:
            self.programme.addItem(f"{p.programme} ({p.text.lower()})", p.programme_id)
        awareness = [i for i, p in enumerate(programmes) if p.kind is ProgrammeKind.PARTY_AWARENESS]
        self.programme.setCurrentIndex(awareness[0] if awareness else 0)
        self.cccd = QLineEdit(page)
        self.cccd.setPlaceholderText("12 chữ số (để trống thì tra theo họ tên và ngày sinh)")
        self.full_name = QLineEdit(page)
        self.full_name.setPlaceholderText("gõ không dấu cũng được")
        self.birth = QLineEdit(page)
        self.birth.setPlaceholderText("dd/mm/yyyy hoặc chỉ năm")
        self.on_day = DateField("on", "Vào ngày", required=True, parent=page)
        self.on_day.set_date(self._today())
        self.check_button = QPushButton("&Kiểm tra", page)
        self.check_button.setDefault(True)
        self.answer = QLabel(page)
        self.answer.setWordWrap(True)
        self.answer.hide()
        self.held_model: ObjectTableModel[HeldCertificate] = ObjectTableModel(held_columns(self._today), self)
        self.held_table = ObjectTableView("validity_held", page)
        self.held_table.setModel(self.held_model)
        self.held_table.apply_default_widths(self.held_model)
        form = QFormLayout()
        form.addRow("&Chương trình:", self.programme)
        form.addRow("Số &CCCD:", self.cccd)
        form.addRow("hoặc &Họ và tên:", self.full_name)
        form.addRow("và &Ngày sinh:", self.birth)
        form.addRow("&Vào ngày:", self.on_day)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.answer)
        layout.addWidget(QLabel("Giấy chứng nhận của chương trình này trong sổ của trung tâm:", page))
        layout.addWidget(self.held_table, 1)
        self.check_button.clicked.connect(self.check)
        for edit in (self.cccd, self.full_name, self.birth, self.on_day.edit):
            edit.returnPressed.connect(self.check)
        return page

    def check(self) -> None:
        on = run_guarded(self, self.on_day.value)
        programme_id = self.programme.currentData()
        if on is None or programme_id is None:
            return
        answer = run_guarded(
            self,
            lambda: self._validity.check(
                programme_id,
                on,
                cccd=self.cccd.text(),
                full_name=self.full_name.text(),
                birth=self.birth.text(),
            ),
        )
        if answer is None:
            return
        self.answer.setText(("✔ " if answer.holds else "✘ ") + answer.message)
        self.answer.setStyleSheet(GOOD_STYLE if answer.holds else BAD_STYLE)
        self.answer.show()
        self.held_model.set_items(list(answer.certificates))

    # -- expiring ------------------------------------------------------------------------------------
    def _expiring_page(self) -> QWidget:
        page = QWidget(self)
        self.months = QSpinBox(page)
        self.months.setRange(1, MAX_AHEAD)
        self.months.setValue(6)
        self.months.setSuffix(" tháng tới")
        choices = run_guarded(self, self._organisation.commune_choices) or []
        self.commune: QComboBox = editable_combo(("", *choices))
        self.commune.lineEdit().setPlaceholderText("mọi xã, phường")
        self.party_cell = QLineEdit(page)
        self.party_cell.setPlaceholderText("một phần tên chi bộ, ví dụ “thôn 3” (để trống: mọi chi bộ)")
        self.list_button = QPushButton("&Xem danh sách", page)
        self.expiring_model: ObjectTableModel[HeldCertificate] = ObjectTableModel(EXPIRING_COLUMNS, self)
        self.expiring_table = ObjectTableView("validity_expiring", page)
        self.expiring_table.setModel(self.expiring_model)
        self.expiring_table.apply_default_widths(self.expiring_model)
        self.expiring_note = QLabel(page)
        self.pdf_button = QPushButton("Xem trước, in &PDF…", page)
        self.xlsx_button = QPushButton("Xuất &Excel…", page)
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)
        form = QFormLayout()
        form.addRow("Hết hiệu lực &trong:", self.months)
        form.addRow("Xã, &phường:", self.commune)
        form.addRow("Chi &bộ:", self.party_cell)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.list_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.expiring_note, 1)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.xlsx_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.expiring_table, 1)
        layout.addLayout(bottom)
        self.list_button.clicked.connect(self.list_expiring)
        self.party_cell.returnPressed.connect(self.list_expiring)
        self.commune.lineEdit().returnPressed.connect(self.list_expiring)
        self.pdf_button.clicked.connect(self.preview_pdf)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        return page

    def list_expiring(self) -> None:
        months, commune, cell = self.months.value(), self.commune.currentText(), self.party_cell.text()
        found = run_guarded(self, lambda: self._validity.expiring(months, commune=commune, party_cell=cell))
        if found is None:
            return
        self.expiring = found
        self.expiring_model.set_items(list(found.lines))
        self.expiring_note.setText(
            f"{format_int(len(found.lines))} giấy chứng nhận ({found.scope}) hết hiệu lực từ "
            f"{format_date(found.start)} đến {format_date(found.end)}."
        )
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(True)

    def preview_pdf(self) -> None:
        data = self.expiring
        if data is not None:
            self._tasks.append(
                show_document(
                    self, "Giấy chứng nhận sắp hết hiệu lực", lambda: self._validity.expiring_pdf(data),
                    "Giay chung nhan sap het hieu luc.pdf",
                )
            )  # fmt: skip

    def export_xlsx(self) -> None:
        data = self.expiring
        if data is not None:
            save_export(
                self,
                "Xuất danh sách giấy sắp hết hiệu lực",
                "Giay chung nhan sap het hieu luc.xlsx",
                lambda: self._validity.expiring_xlsx(data),
            )
