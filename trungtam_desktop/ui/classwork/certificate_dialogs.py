"""Dialogs of the certificates page: re-issue, void, print (issuing to a class is in issue_dialog.py).

Re-issuing and voiding cannot be undone: each says what it will write, then asks, "Quay lại" by default."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.certificates import ReissueReason, validate_reason
from trungtam_desktop.domain.issuing import check_reissue_date
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.certificate_issuing import CertificateIssuing
from trungtam_desktop.services.certificate_printing import CertificatePrinting
from trungtam_desktop.services.certificate_records import CertificateLine
from trungtam_desktop.ui.classwork.page_support import use_one_column
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.buttons import action_button
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog, enum_combo, enum_data, run_guarded


def add_signer_row(dialog: FormDialog, service: CertificateIssuing) -> QComboBox | None:
    """ "Người ký": the director, or a deputy signing "KT. GIÁM ĐỐC" — offered when the centre has deputies
    (Cài đặt or Thiết lập ban đầu); None otherwise (the director signs)."""
    signatures = run_guarded(dialog, service.signatures) or ()
    if len(signatures) < 2:
        return None
    combo = QComboBox()
    for index, signature in enumerate(signatures):
        combo.addItem(signature.label, index)
    return dialog.add_row("signer", "Người ký", combo)


def signer_of(combo: QComboBox | None) -> int:
    return int(combo.currentData()) if combo is not None else 0


class ReissueDialog(FormDialog):
    """Re-issue (cấp lại): a new number, the current record's data, the old certificate marked replaced."""

    def __init__(
        self, service: CertificateIssuing, line: CertificateLine, today: date, parent: QWidget | None = None
    ):
        super().__init__(f"Cấp lại giấy chứng nhận số {line.register_number}", parent)
        self._today = today
        self._service = service
        self._line = line
        action_button(self.buttons, self.buttons.StandardButton.Save, "Cấp lại")
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
        self.issued_on.set_date(today)
        self.serial = self.add_row("serial", "Số hiệu phôi", QLineEdit())
        self.signer = add_signer_row(self, service)
        use_one_column(self)
        self.setMinimumWidth(560)

    def collect(self) -> tuple[ReissueReason | None, str, date | None, str, int]:
        return (
            enum_data(self.reason, ReissueReason),
            self.detail.text(),
            self.read(self.issued_on.value, None),
            self.serial.text(),
            signer_of(self.signer),
        )

    def validate(self, values: tuple[ReissueReason | None, str, date | None, str, int]) -> None:
        _reason, _detail, issued_on, _serial, _signer = values
        check_reissue_date(issued_on, self._line.issued_on, self._today)

    def before_save(self, values: tuple[ReissueReason | None, str, date | None, str, int]) -> bool:
        _reason, _detail, issued_on, _serial, _signer = values
        assert issued_on is not None
        plan = self._service.plan(self._line.class_id, issued_on)
        return messages.confirm(
            self,
            f"Cấp lại cho {self._line.full_name}: giấy mới {plan.numbers_text(1)}, ngày cấp "
            f"{format_date(issued_on)}, thay giấy số {self._line.register_number} — không hoàn tác được.\n\n"
            f"Giấy số {self._line.register_number} sẽ được ghi “đã được cấp lại” trong sổ.",
            "Xác nhận cấp lại",
            yes="Cấp lại",
            no="Quay lại",
        )

    def save(self, values: tuple[ReissueReason | None, str, date | None, str, int]) -> CertificateLine:
        reason, detail, issued_on, serial, signer = values
        assert reason is not None and issued_on is not None
        return self._service.reissue(
            self._line.id, reason, detail, issued_on=issued_on, serial=serial, signer=signer
        )


class VoidDialog(FormDialog):
    """Void (hủy) a certificate with a reason; it stays in the register, marked."""

    def __init__(self, service: CertificateIssuing, line: CertificateLine, parent: QWidget | None = None):
        super().__init__(f"Hủy giấy chứng nhận số {line.register_number}", parent)
        self._service = service
        self._line = line
        action_button(self.buttons, self.buttons.StandardButton.Save, "Hủy giấy")
        action_button(self.buttons, self.buttons.StandardButton.Cancel, "Không hủy")
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

    def validate(self, reason: str) -> None:
        validate_reason(reason, "hủy giấy chứng nhận")

    def before_save(self, reason: str) -> bool:
        return messages.confirm(
            self,
            f"Hủy giấy chứng nhận số {self._line.register_number} của {self._line.full_name} — không "
            f"hoàn tác được.\n\nGiấy vẫn nằm trong sổ, ghi “đã hủy” với lý do: {reason.strip()}",
            "Xác nhận hủy giấy",
            yes="Hủy giấy",
            no="Quay lại",
        )

    def save(self, reason: str) -> CertificateLine:
        return self._service.void(self._line.id, reason)


class PrintOptionsDialog(FormDialog):
    """How to print: the whole certificate on blank paper, or only the fields onto pre-printed blanks with
    the chosen printer's offset (saved for next time)."""

    ask_before_discarding = False  # options only: nothing typed to lose

    def __init__(self, service: CertificatePrinting, count: int, parent: QWidget | None = None):
        super().__init__("In giấy chứng nhận", parent)
        self._service = service
        action_button(self.buttons, self.buttons.StandardButton.Save, "Xem trước để in")
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
