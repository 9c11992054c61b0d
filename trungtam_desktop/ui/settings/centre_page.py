"""Settings page 1 — Thông tin trung tâm: who the centre is, as printed on every document."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.models import DEPUTY_TITLE, DOTTED_PLACE, CentreIdentity, Deputy
from trungtam_desktop.domain.vietnamese import clean_text, format_place_date
from trungtam_desktop.ui.common.forms import FieldErrors, error_label, with_error

# field, label (with its Alt shortcut), required, hint shown inside the empty box, max length
_FIELDS: tuple[tuple[str, str, bool, str, int], ...] = (
    ("parent_body", "&Cơ quan cấp trên", True, "ví dụ: ĐẢNG ỦY XÃ … hoặc HUYỆN ỦY …", 200),
    ("centre_name", "&Tên trung tâm", True, "ví dụ: TRUNG TÂM CHÍNH TRỊ", 200),
    ("place_name", "Đị&a danh (dòng ngày tháng)", True, "tên xã, phường nơi trung tâm đóng", 100),
    ("director_name", "Họ tên &Giám đốc", False, "ví dụ: Nguyễn Văn A", 100),
    ("director_title", "Chức danh người &ký", True, "ví dụ: GIÁM ĐỐC hoặc KT. GIÁM ĐỐC", 100),
    ("document_code", "Ký &hiệu văn bản", True, "ví dụ: TTCT", 30),
)
_SERIF = "Times New Roman"
DEPUTY_ROWS = 2  # most centres have one or two deputies (DOMAIN.md)


def _serif(size: int, *, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(_SERIF)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSize(size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


class CentrePage(QWidget):
    """Six text fields, the deputies, and a live preview of a document's header, date line and signature.

    Also the first page of the first-run setup (ui/setup)."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._build_ui()
        for edit in self._all_edits():
            edit.textChanged.connect(self._on_changed)

    def _all_edits(self) -> list[QLineEdit]:
        return list(self.edits.values()) + [edit for pair in self.deputy_edits for edit in pair]

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.general_error = error_label()
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edits: dict[str, QLineEdit] = {}
        for field, label, required, hint, max_length in _FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(hint)
            edit.setMaxLength(max_length)
            caption = QLabel(f"{label}: <b style='color:#b00020'>*</b>" if required else f"{label}:")
            caption.setTextFormat(Qt.TextFormat.RichText)
            caption.setBuddy(edit)
            form.addRow(caption, with_error(edit, self.errors.add(field, edit)))
            self.edits[field] = edit
        self.deputy_edits: list[tuple[QLineEdit, QLineEdit]] = []
        for number in range(1, DEPUTY_ROWS + 1):
            name, title = QLineEdit(), QLineEdit()
            name.setPlaceholderText("họ tên (để trống nếu không có)")
            name.setMaxLength(100)
            title.setPlaceholderText(DEPUTY_TITLE)
            title.setMaxLength(100)
            title.setToolTip("Chức danh in dưới “KT. GIÁM ĐỐC” khi phó giám đốc ký thay")
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(name, 3)
            row.addWidget(title, 2)
            pair = QWidget()
            pair.setLayout(row)
            caption = QLabel(f"Phó giám đốc {number}:")
            caption.setBuddy(name)
            form.addRow(caption, with_error(pair, self.errors.add(f"deputy_{number}", name)))
            self.deputy_edits.append((name, title))
        note = QLabel(
            "Các mục có dấu <b>*</b> là bắt buộc. Cơ quan cấp trên, tên trung tâm và chức danh người ký "
            "được in đúng như đã gõ (thường viết hoa)."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")

        preview_box = QGroupBox("Xem trước phần đầu và phần cuối văn bản")
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self._build_preview())

        fields = QWidget()
        fields.setLayout(form)
        fields.setMaximumWidth(760)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(fields)
        layout.addWidget(note)
        layout.addWidget(preview_box)
        layout.addStretch(1)

    def _build_preview(self) -> QFrame:
        paper = QFrame()
        paper.setObjectName("paper")
        paper.setStyleSheet("#paper { background: white; border: 1px solid #bbb; } QLabel { color: black; }")
        grid = QGridLayout(paper)
        grid.setContentsMargins(24, 16, 24, 16)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(2)

        def label(font: QFont, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter) -> QLabel:
            widget = QLabel()
            widget.setFont(font)
            widget.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            widget.setTextFormat(Qt.TextFormat.PlainText)
            return widget

        self.preview_parent = label(_serif(12))
        self.preview_centre = label(_serif(12, bold=True))
        star = label(_serif(12))
        star.setText("*")
        self.preview_number = label(_serif(12))
        party = label(_serif(12, bold=True))
        party.setText("ĐẢNG CỘNG SẢN VIỆT NAM")
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: black;")
        rule.setFixedWidth(party.sizeHint().width())
        self.preview_date = label(_serif(12, italic=True))
        self.preview_title = label(_serif(12, bold=True))
        sign_hint = label(_serif(10, italic=True))
        sign_hint.setText("(ký, đóng dấu)")
        sign_hint.setStyleSheet("color: #777;")
        self.preview_director = label(_serif(12, bold=True))
        grid.addWidget(self.preview_parent, 0, 0)
        grid.addWidget(party, 0, 1)
        grid.addWidget(self.preview_centre, 1, 0)
        grid.addWidget(rule, 1, 1, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(star, 2, 0)
        grid.addWidget(self.preview_number, 3, 0)
        grid.addWidget(self.preview_date, 3, 1)
        grid.setRowMinimumHeight(4, 14)
        grid.addWidget(self.preview_title, 5, 1)
        grid.addWidget(sign_hint, 6, 1)
        grid.setRowMinimumHeight(7, 14)
        grid.addWidget(self.preview_director, 8, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(9, 1)
        return paper

    # -- values --------------------------------------------------------------------------------------
    def load(self, identity: CentreIdentity) -> None:
        for field, edit in self.edits.items():
            edit.setText(getattr(identity, field))
        for index, (name, title) in enumerate(self.deputy_edits):
            deputy = identity.deputies[index] if index < len(identity.deputies) else Deputy("", "")
            name.setText(deputy.name)
            title.setText("" if deputy.title == DEPUTY_TITLE else deputy.title)
        self._update_preview()

    def identity(self) -> CentreIdentity:
        """What is typed now, unvalidated (validate_centre cleans and checks it; an empty deputy row is
        dropped, an empty deputy title reads PHÓ GIÁM ĐỐC)."""
        deputies = tuple(
            Deputy(name.text(), title.text() or (DEPUTY_TITLE if name.text().strip() else ""))
            for name, title in self.deputy_edits
            if name.text().strip() or title.text().strip()
        )
        return CentreIdentity(**{field: edit.text() for field, edit in self.edits.items()}, deputies=deputies)

    def preview_text(self) -> str:
        """The preview as lines of text (for tests and screen readers)."""
        labels = (
            self.preview_parent,
            self.preview_centre,
            self.preview_number,
            self.preview_date,
            self.preview_title,
            self.preview_director,
        )
        return "\n".join(label.text() for label in labels)

    # -- errors --------------------------------------------------------------------------------------
    def show_error(self, field: str, message: str) -> None:
        self.errors.show(field, message)

    def clear_errors(self) -> None:
        self.errors.clear()

    # -- slots ---------------------------------------------------------------------------------------
    def _on_changed(self) -> None:
        self._update_preview()
        self.changed.emit()

    def _update_preview(self) -> None:
        values = {field: clean_text(edit.text()) for field, edit in self.edits.items()}
        self.preview_number.setText(f"Số 12-BC/{values['document_code'] or '…'}")
        # As documents print it: a dotted blank for a place not given yet.
        self.preview_date.setText(format_place_date(values["place_name"] or DOTTED_PLACE, self._today))
        for label, value, missing in (
            (self.preview_parent, values["parent_body"], "(cơ quan cấp trên)"),
            (self.preview_centre, values["centre_name"], "(tên trung tâm)"),
            (self.preview_title, values["director_title"], "(chức danh người ký)"),
            (self.preview_director, values["director_name"], "(họ tên người ký)"),
        ):
            label.setText(value or missing)
            label.setStyleSheet("" if value else "color: #999;")
