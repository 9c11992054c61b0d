"""Mẫu giấy chứng nhận: paper, printing mode, border, QR, the printer offset, how a birth known by its year
alone fills a blank's "Sinh ngày" and each field's box in mm,
with a live preview of the sample certificate (whole) or of the calibration page (fields only).

Saving keeps the template as a new version (certificates already issued keep printing with theirs)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.certificate_layout import (
    FIELD_LABELS,
    OFF_SHEET,
    Align,
    CertificateTemplate,
    FieldBox,
    PaperSize,
    PrintMode,
    YearOnlyBirth,
    default_boxes,
    validate_template,
)
from trungtam_desktop.domain.errors import DomainError, ValidationError
from trungtam_desktop.services.certificate_printing import CertificatePrinting
from trungtam_desktop.ui.common.forms import AsksBeforeDiscarding, widget_state
from trungtam_desktop.ui.common.messages import show_error
from trungtam_desktop.ui.common.views import FullTextTips
from trungtam_desktop.ui.preview import show_document

BOX_COLUMNS = ("Trường", "Ngang (mm)", "Dọc (mm)", "Rộng (mm)", "Cao (mm)", "Cỡ chữ", "Căn lề")
ALIGN_TEXT = {Align.LEFT: "Trái", Align.CENTRE: "Giữa", Align.RIGHT: "Phải"}
NUMBER_FIELDS = ("x_mm", "y_mm", "width_mm", "height_mm", "font_size")


class TemplateDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, service: CertificatePrinting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.setWindowTitle("Mẫu in giấy chứng nhận")
        self.original = service.active_template()
        self.saved: CertificateTemplate | None = None
        self._filling = False
        self._build_ui()
        self._load(self.original)
        self._connect_signals()
        self.refresh_preview()

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.name = QLineEdit()
        self.paper = QComboBox()
        self.paper.addItem("A4 ngang (297 × 210 mm)", PaperSize.A4.value)
        self.paper.addItem("A5 ngang (210 × 148 mm)", PaperSize.A5.value)
        self.mode = QComboBox()
        self.mode.addItem("In toàn bộ trên giấy trắng", PrintMode.WHOLE.value)
        self.mode.addItem("Chỉ in phần điền vào phôi", PrintMode.FIELDS_ONLY.value)
        self.border = QCheckBox("Viền trang trí (khi in toàn bộ)")
        self.show_qr = QCheckBox("In mã QR để tra cứu")
        self.offset_x = self._spin(-30, 30)
        self.offset_y = self._spin(-30, 30)
        self.year_only = QComboBox()
        for choice in YearOnlyBirth:
            self.year_only.addItem(choice.label, choice.value)
        self.year_only.setToolTip(
            "Khi in vào phôi có sẵn chữ “Sinh ngày:”, người chỉ biết năm sinh được ghi như thế này"
        )
        form = QFormLayout()
        form.addRow("Tên mẫu:", self.name)
        form.addRow("Khổ giấy:", self.paper)
        form.addRow("Cách in mặc định:", self.mode)
        form.addRow("", self.border)
        form.addRow("", self.show_qr)
        form.addRow("Độ lệch ngang (mm):", self.offset_x)
        form.addRow("Độ lệch dọc (mm):", self.offset_y)
        form.addRow("Chỉ biết năm sinh, in:", self.year_only)
        self.boxes = QStandardItemModel(0, len(BOX_COLUMNS), self)
        # Two-line headers ("Ngang / (mm)") keep the number columns narrow; the field names show whole.
        self.boxes.setHorizontalHeaderLabels([title.replace(" (", "\n(") for title in BOX_COLUMNS])
        self.box_table = QTableView()
        self.box_table.setModel(self.boxes)
        self.box_table.verticalHeader().hide()
        self.box_table.setWordWrap(False)
        self.box_table.setItemDelegate(FullTextTips(self.box_table))
        self.box_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.box_table.horizontalHeader().setStretchLastSection(True)
        self.reset_boxes = QPushButton("Vị trí mặc định theo khổ giấy")
        self.calibration_button = QPushButton("In trang căn chỉnh…")
        self.calibration_button.setToolTip("Lưới mm có khung các trường, để đặt chồng lên phôi và đo độ lệch")
        box_hint = QLabel(
            "Vị trí tính từ góc trên bên trái tờ giấy. Sửa số trong bảng, xem trước bên phải. "
            "Căn lề: Trái / Giữa / Phải."
        )
        box_hint.setWordWrap(True)
        box_hint.setStyleSheet("color: #555;")
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel("Vị trí các trường khi in vào phôi:"))
        left.addWidget(self.box_table, 1)
        left.addWidget(box_hint)
        tools = QHBoxLayout()
        tools.addWidget(self.reset_boxes)
        tools.addWidget(self.calibration_button)
        left.addLayout(tools)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(QSize(520, 380))
        self.preview.setStyleSheet("background: #888; border: 1px solid #555;")
        self.preview_caption = QLabel()
        self.preview_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.preview_caption)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(right, 6)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu mẫu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self.resize(1180, 640)

    @staticmethod
    def _spin(low: float, high: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setSuffix(" mm")
        return spin

    def _connect_signals(self) -> None:
        for combo in (self.paper, self.mode, self.year_only):
            combo.currentIndexChanged.connect(lambda _i: self._timer.start())
        for check in (self.border, self.show_qr):
            check.toggled.connect(lambda _on: self._timer.start())
        for spin in (self.offset_x, self.offset_y):
            spin.valueChanged.connect(lambda _v: self._timer.start())
        self.boxes.itemChanged.connect(lambda _item: None if self._filling else self._timer.start())
        self._timer.timeout.connect(self.refresh_preview)
        self.reset_boxes.clicked.connect(self._reset_boxes)
        self.calibration_button.clicked.connect(self.print_calibration)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def form_state(self) -> tuple[object, ...]:
        """Every field and every cell of the positions table (for "Bỏ các thay đổi?")."""
        fields = (
            self.name,
            self.paper,
            self.mode,
            self.year_only,
            self.border,
            self.show_qr,
            self.offset_x,
            self.offset_y,
        )
        cells = tuple(
            self.boxes.item(row, column).text()
            for row in range(self.boxes.rowCount())
            for column in range(self.boxes.columnCount())
        )
        return (*(widget_state(widget) for widget in fields), cells)

    # -- between the form and a template ---------------------------------------------------------------
    def _load(self, template: CertificateTemplate) -> None:
        self.name.setText(template.name)
        self.paper.setCurrentIndex(self.paper.findData(template.paper.value))
        self.mode.setCurrentIndex(self.mode.findData(template.mode.value))
        self.border.setChecked(template.border)
        self.show_qr.setChecked(template.show_qr)
        self.offset_x.setValue(template.offset_x_mm)
        self.offset_y.setValue(template.offset_y_mm)
        self.year_only.setCurrentIndex(self.year_only.findData(template.year_only_birth.value))
        self._fill_boxes(template.boxes or default_boxes(template.paper))

    def _fill_boxes(self, boxes: tuple[FieldBox, ...]) -> None:
        self._filling = True  # no preview per cell while the table is refilled
        self.boxes.removeRows(0, self.boxes.rowCount())
        for box in boxes:
            label = QStandardItem(FIELD_LABELS.get(box.key, box.key))
            label.setEditable(False)
            label.setData(box, Qt.ItemDataRole.UserRole)
            cells = [label] + [QStandardItem(_number(getattr(box, name))) for name in NUMBER_FIELDS]
            cells.append(QStandardItem(ALIGN_TEXT[box.align]))
            self.boxes.appendRow(cells)
        self._filling = False

    def _reset_boxes(self) -> None:
        self._fill_boxes(default_boxes(PaperSize(self.paper.currentData())))
        self._timer.start()

    def template(self) -> CertificateTemplate:
        """The template the form describes, checked by the rules the service applies when saving; a bad
        number or box raises DomainError naming the field and row."""
        boxes = []
        for row in range(self.boxes.rowCount()):
            original: FieldBox = self.boxes.item(row, 0).data(Qt.ItemDataRole.UserRole)
            label = self.boxes.item(row, 0).text()
            values = {}
            for column, name in enumerate(NUMBER_FIELDS, start=1):
                text = self.boxes.item(row, column).text().strip().replace(",", ".")
                try:
                    values[name] = float(text)
                except ValueError:
                    raise DomainError(
                        f"Trường “{label}”, cột “{BOX_COLUMNS[column]}”: “{text}” không phải số."
                    ) from None
            align_text = self.boxes.item(row, 6).text().strip().casefold()
            align = next((a for a, t in ALIGN_TEXT.items() if t.casefold() == align_text), None)
            if align is None:
                raise DomainError(f"Trường “{label}”: căn lề phải là Trái, Giữa hoặc Phải.")
            boxes.append(replace(original, align=align, **values))
        return validate_template(
            CertificateTemplate(
                name=self.name.text(),
                version=self.original.version,
                paper=PaperSize(self.paper.currentData()),
                mode=PrintMode(self.mode.currentData()),
                border=self.border.isChecked(),
                boxes=tuple(boxes),
                offset_x_mm=self.offset_x.value(),
                offset_y_mm=self.offset_y.value(),
                show_qr=self.show_qr.isChecked(),
                year_only_birth=YearOnlyBirth(self.year_only.currentData()),
            )
        )

    # -- preview, calibration, saving -----------------------------------------------------------------
    def refresh_preview(self) -> None:
        try:
            template = self.template()
            pdf = (
                self._service.calibration_page(template)
                if template.mode is PrintMode.FIELDS_ONLY
                else self._service.preview(template)
            )
        except DomainError as exc:
            self._show_error(exc)
            return
        self.error.clear()
        image = render_first_page(pdf, self.preview.size())
        self.preview.setPixmap(QPixmap.fromImage(image))
        self.preview_caption.setText(
            "Trang căn chỉnh: khung đỏ là chỗ in từng trường (đã cộng độ lệch máy in)"
            if template.mode is PrintMode.FIELDS_ONLY
            else "Giấy chứng nhận mẫu (in toàn bộ)"
        )

    def _show_error(self, exc: DomainError) -> None:
        text = exc.message
        if isinstance(exc, ValidationError) and exc.field == OFF_SHEET:
            text += " Bấm “Vị trí mặc định theo khổ giấy” để đặt lại các khung cho khổ giấy đã chọn."
        self.error.setText(text)

    def print_calibration(self) -> None:
        try:
            template = self.template()
        except DomainError as exc:
            self._show_error(exc)
            return
        show_document(
            self,
            "Trang căn chỉnh máy in",
            lambda: self._service.calibration_page(template),
            "Trang can chinh.pdf",
        )

    def save(self) -> None:
        try:
            self.saved = self._service.save_template(self.template())
        except DomainError as exc:
            self._show_error(exc)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.accept()


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def render_first_page(pdf: bytes, size: QSize) -> QImage:
    """The first page of ``pdf`` as an image fitting ``size`` (Qt's PDF module, no temporary file)."""
    document = QPdfDocument()
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    page = document.pagePointSize(0)
    scale = min(size.width() / page.width(), size.height() / page.height()) if page.width() else 1.0
    size = QSize(int(page.width() * scale), int(page.height() * scale))
    page_image = document.render(0, size)
    document.close()
    image = QImage(size, QImage.Format.Format_RGB32)  # paper is white; the render is transparent
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, page_image)
    painter.end()
    return image
