"""Dialogs of the certificates page: issue to a class (with the preview list), re-issue, void, print."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.certificates import ReissueReason
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.certificate_records import CertificateLine, IssuePlan
from trungtam_desktop.services.certificates import CertificateService
from trungtam_desktop.ui.classwork.page_support import use_one_column
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog, enum_combo, enum_data

ISSUE_COLUMNS = ("Cấp", "Họ và tên", "Ngày sinh", "Xếp loại", "Ghi chú")


class IssueDialog(FormDialog):
    """Who gets a certificate (ticked), who does not and why; the issue date and the first blank's serial.

    Ticking a learner who is not eligible needs a reason, written to the register's audit trail."""

    def __init__(
        self, service: CertificateService, plan: IssuePlan, default_date: date, parent: QWidget | None = None
    ):
        super().__init__(f"Cấp giấy chứng nhận – lớp {plan.class_code}", parent)
        self._service = service
        self.plan = plan
        self.buttons.button(self.buttons.StandardButton.Save).setText("Cấp giấy")
        intro = QLabel(
            f"{plan.kind_label}, sổ năm {plan.year}. Đánh dấu những học viên được cấp; người chưa đủ "
            "điều kiện chỉ được cấp khi ghi lý do. Số vào sổ được lấy liên tiếp khi bấm “Cấp giấy”."
        )
        intro.setWordWrap(True)
        self.model = QStandardItemModel(0, len(ISSUE_COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(ISSUE_COLUMNS))
        for candidate in plan.candidates:
            tick = QStandardItem()
            tick.setCheckable(not candidate.existing)
            tick.setEditable(False)
            tick.setCheckState(Qt.CheckState.Checked if candidate.will_issue else Qt.CheckState.Unchecked)
            tick.setData(candidate.enrolment_id, Qt.ItemDataRole.UserRole)
            note = "Đủ điều kiện" if candidate.will_issue else candidate.why_not
            cells = [tick] + [
                QStandardItem(text) for text in (candidate.full_name, candidate.birth, candidate.grade, note)
            ]
            for cell in cells[1:]:
                cell.setEditable(False)
            if not candidate.will_issue:
                cells[4].setForeground(Qt.GlobalColor.darkRed)
            self.model.appendRow(cells)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        for column, width in enumerate((40, 200, 90, 80)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(260)
        self.summary = QLabel()
        self.forms[0].addRow(intro)
        self.forms[0].addRow(self.table)
        self.forms[0].addRow(self.summary)
        self.issued_on = self.add_row(
            "issued_on", "Ngày cấp", DateField("issued_on", "Ngày cấp", required=True), required=True
        )
        self.issued_on.set_date(default_date)
        self.serial = self.add_row("serial", "Số hiệu phôi của tờ đầu", QLineEdit())
        self.serial.setPlaceholderText("để trống nếu không dùng phôi đánh số; ví dụ AA 000123")
        self.override = self.add_row("reason", "Lý do cấp cho người chưa đủ điều kiện", QLineEdit())
        self.override.setMaxLength(300)
        use_one_column(self)
        self.resize(760, 560)
        self.model.itemChanged.connect(lambda _item: self._update_summary())
        self._update_summary()

    def chosen(self) -> list[int]:
        return [
            self.model.item(row, 0).data(Qt.ItemDataRole.UserRole)
            for row in range(self.model.rowCount())
            if self.model.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def _overridden(self) -> list[int]:
        ineligible = {c.enrolment_id for c in self.plan.candidates if not c.eligible}
        return [e for e in self.chosen() if e in ineligible]

    def _update_summary(self) -> None:
        count = len(self.chosen())
        if count:
            first, last = self.plan.next_number, self.plan.next_number + count - 1
            numbers = f"số {first}" if count == 1 else f"số {first} đến số {last}"
            text = f"Sẽ cấp {format_int(count)} giấy, {numbers} trong sổ năm {self.plan.year}."
        else:
            text = "Chưa đánh dấu học viên nào."
        overridden = len(self._overridden())
        if overridden:
            text += f" Trong đó {format_int(overridden)} người chưa đủ điều kiện: cần ghi lý do."
        self.summary.setText(text)
        self.override.setEnabled(bool(overridden))

    def collect(self) -> tuple[list[int], date | None, str, dict[int, str]]:
        reason = self.override.text()
        return (
            self.chosen(),
            self.issued_on.value(),
            self.serial.text(),
            dict.fromkeys(self._overridden(), reason),
        )

    def save(self, values: tuple[list[int], date | None, str, dict[int, str]]) -> list[CertificateLine]:
        chosen, issued_on, serial, overrides = values
        assert issued_on is not None  # the DateField is required: collect() raised otherwise
        return self._service.issue(
            self.plan.class_id, chosen, issued_on=issued_on, serial_start=serial, overrides=overrides
        )


class ReissueDialog(FormDialog):
    """Re-issue (cấp lại): a new number, the current record's data, the old certificate marked replaced."""

    def __init__(self, service: CertificateService, line: CertificateLine, parent: QWidget | None = None):
        super().__init__(f"Cấp lại giấy chứng nhận số {line.register_number}", parent)
        self._service = service
        self._line = line
        self.buttons.button(self.buttons.StandardButton.Save).setText("Cấp lại")
        who = QLabel(
            f"<b>{line.full_name}</b> – lớp {line.class_name}. Giấy mới mang số vào sổ mới, lấy thông tin "
            f"hiện có trong hồ sơ; giấy số {line.register_number} được ghi “đã được cấp lại”."
        )
        who.setWordWrap(True)
        self.forms[0].addRow(who)
        self.reason = self.add_row("reason_kind", "Lý do cấp lại", enum_combo(ReissueReason), required=True)
        self.detail = self.add_row("reason", "Ghi rõ", QLineEdit())
        self.detail.setPlaceholderText("bắt buộc khi sai sót: ghi sai gì (ví dụ: sai ngày sinh)")
        self.detail.setMaxLength(250)
        self.issued_on = self.add_row(
            "issued_on", "Ngày cấp lại", DateField("issued_on", "Ngày cấp lại", required=True), required=True
        )
        self.issued_on.set_date(date.today())
        self.serial = self.add_row("serial", "Số hiệu phôi", QLineEdit())
        use_one_column(self)
        self.setMinimumWidth(560)

    def collect(self) -> tuple[ReissueReason | None, str, date | None, str]:
        return (
            enum_data(self.reason, ReissueReason),
            self.detail.text(),
            self.issued_on.value(),
            self.serial.text(),
        )

    def save(self, values: tuple[ReissueReason | None, str, date | None, str]) -> CertificateLine:
        reason, detail, issued_on, serial = values
        assert reason is not None and issued_on is not None
        return self._service.reissue(self._line.id, reason, detail, issued_on=issued_on, serial=serial)


class VoidDialog(FormDialog):
    """Void (hủy) a certificate with a reason; it stays in the register, marked."""

    def __init__(self, service: CertificateService, line: CertificateLine, parent: QWidget | None = None):
        super().__init__(f"Hủy giấy chứng nhận số {line.register_number}", parent)
        self._service = service
        self._line = line
        self.buttons.button(self.buttons.StandardButton.Save).setText("Hủy giấy")
        self.buttons.button(self.buttons.StandardButton.Cancel).setText("Không hủy")
        who = QLabel(
            f"Giấy số <b>{line.register_number}</b> của <b>{line.full_name}</b> sẽ bị ghi “đã hủy” trong sổ "
            "(không xóa). Việc này không hoàn tác được."
        )
        who.setWordWrap(True)
        self.forms[0].addRow(who)
        self.reason = self.add_row("reason", "Lý do hủy", QLineEdit(), required=True)
        self.reason.setMaxLength(300)
        use_one_column(self)
        self.setMinimumWidth(520)

    def collect(self) -> str:
        return self.reason.text()

    def save(self, reason: str) -> CertificateLine:
        return self._service.void(self._line.id, reason)


class PrintOptionsDialog(FormDialog):
    """How to print: the whole certificate on blank paper, or only the fields onto pre-printed blanks with
    the chosen printer's offset (saved for next time)."""

    def __init__(self, service: CertificateService, count: int, parent: QWidget | None = None):
        super().__init__("In giấy chứng nhận", parent)
        self._service = service
        self.buttons.button(self.buttons.StandardButton.Save).setText("Xem trước để in")
        intro = QLabel(f"In {format_int(count)} giấy chứng nhận đã chọn.")
        self.forms[0].addRow(intro)
        self.whole = QRadioButton("In toàn bộ giấy chứng nhận trên giấy trắng")
        self.fields_only = QRadioButton("Chỉ in phần điền vào phôi in sẵn")
        group = QButtonGroup(self)
        for button in (self.whole, self.fields_only):
            group.addButton(button)
        self.whole.setChecked(True)
        modes = QVBoxLayout()
        modes.addWidget(self.whole)
        modes.addWidget(self.fields_only)
        holder = QWidget()
        holder.setLayout(modes)
        self.forms[0].addRow("Cách in:", holder)
        self.offsets = service.printer_offsets()
        self.printer = self.add_row("printer", "Máy in", QComboBox())
        self.printer.setEditable(True)
        self.printer.addItems(sorted(self.offsets) or ["Máy in của văn phòng"])
        self.offset_x = self.add_row("offset", "Độ lệch ngang (mm)", self._spin())
        self.offset_y = self.add_row("offset_y", "Độ lệch dọc (mm)", self._spin())
        note = (
            ""
            if service.may_save_printer_offset()
            else " Chỉ người quản trị lưu được độ lệch cho các lần in sau; lần in này dùng độ lệch vừa nhập."
        )
        hint = QLabel(
            "Độ lệch dương dời chữ sang phải / xuống dưới. In “trang căn chỉnh” trong Dữ liệu → Mẫu in giấy "
            f"chứng nhận để đo.{note}"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.forms[0].addRow(hint)
        use_one_column(self)
        self.setMinimumWidth(560)
        self.printer.currentTextChanged.connect(self._show_offset)
        self.fields_only.toggled.connect(self._update)
        self._show_offset(self.printer.currentText())
        self._update()

    @staticmethod
    def _spin() -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-30, 30)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setSuffix(" mm")
        return spin

    def _show_offset(self, printer: str) -> None:
        x, y = self.offsets.get(printer.strip(), (0.0, 0.0))
        self.offset_x.setValue(x)
        self.offset_y.setValue(y)

    def _update(self) -> None:
        for widget in (self.printer, self.offset_x, self.offset_y):
            widget.setEnabled(self.fields_only.isChecked())

    def collect(self) -> tuple[bool, str, float, float]:
        return (
            self.fields_only.isChecked(),
            self.printer.currentText(),
            self.offset_x.value(),
            self.offset_y.value(),
        )

    def save(self, values: tuple[bool, str, float, float]) -> tuple[bool, float, float]:
        fields_only, printer, x, y = values
        changed = (x, y) != self.offsets.get(printer.strip(), (0.0, 0.0))
        if fields_only and changed and self._service.may_save_printer_offset():
            self._service.save_printer_offset(printer, x, y)
        return fields_only, x, y
