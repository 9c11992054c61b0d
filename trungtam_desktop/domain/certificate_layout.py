"""What a certificate prints and how it is laid out: the frozen face, the template, and the template's rules.

A :class:`CertificateFace` is every printed field, already written out as text. The certificate service
builds it at issue time and stores it (as JSON, :meth:`CertificateFace.to_json`) in the certificate's
snapshot; a reprint renders the stored face again, so later edits to the learner, the class or the centre
never change an issued certificate.

A :class:`CertificateTemplate` says how the face is laid out: the whole certificate on blank paper
(:attr:`PrintMode.WHOLE`, the Party layout of DOMAIN.md) or only the variable fields onto a pre-printed
blank (:attr:`PrintMode.FIELDS_ONLY`), each field in its own box measured in millimetres from the top-left
corner of the sheet, shifted by the printer's offset. :func:`validate_template` is the one check of a
template: the certificate service refuses what it refuses, the template form calls it early.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from enum import Enum
from typing import Any

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import clean_text


class PaperSize(Enum):
    A4 = "A4"  # landscape, 297 × 210 mm
    A5 = "A5"  # landscape, 210 × 148 mm

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height of the landscape sheet in mm."""
        return (297.0, 210.0) if self is PaperSize.A4 else (210.0, 148.0)


class PrintMode(Enum):
    WHOLE = "whole"  # header, title, fields, signature on blank paper
    FIELDS_ONLY = "fields_only"  # only the variable fields, onto a pre-printed blank (phôi)


class Align(Enum):
    LEFT = "left"
    CENTRE = "centre"
    RIGHT = "right"


@dataclass(frozen=True)
class CertificateFace:
    """Every field printed on one certificate, as text (NFC, as it should appear).

    Dates are already written ("05/03/1990", "Đức Trọng, ngày 14 tháng 06 năm 2024"); an empty field is
    not printed. ``centre_*`` and ``signer_*`` are the centre's settings at issue time.
    """

    # the header blocks
    parent_body: str  # "HUYỆN ỦY ĐỨC TRỌNG"
    centre_name: str  # "TRUNG TÂM CHÍNH TRỊ"
    # the title and the certifying line
    title: str  # "GIẤY CHỨNG NHẬN"
    certifier: str  # "GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ HUYỆN ĐỨC TRỌNG CHỨNG NHẬN"
    # the holder
    full_name: str  # printed in capitals by the whole layout: "NGUYỄN THỊ MỴ"
    birth: str  # "05/03/1990" or "1990"
    unit: str  # "Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh"
    # what was completed
    programme: str  # "Bồi dưỡng nhận thức về Đảng"
    class_line: str  # "Đợt 2/2024, từ ngày 10/6/2024 đến ngày 14/6/2024"
    grade: str  # "Giỏi"; "" when the programme is not graded
    # numbers, date and signature
    register_number: str  # "125/2024"
    document_number: str  # "Số 125-GCN/TTCT"; "" when the register prints none
    serial: str  # số hiệu phôi; "" when not used
    place_date: str  # "Đức Trọng, ngày 14 tháng 06 năm 2024"
    signer_title: str  # "GIÁM ĐỐC" or "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    signer_name: str  # "Nguyễn Văn Hùng"
    # checking
    verify_code: str  # short code printed small at the bottom, e.g. "GCN-7K3QX9"
    qr_text: str = ""  # the QR code's content; "" prints no QR code
    note: str = ""  # e.g. "Cấp lại, thay thế giấy chứng nhận số 12/2024"
    issued_on: date | None = None  # the issue date (kept for the register; the face prints place_date)

    def to_json(self) -> str:
        data = dict(vars(self))  # every field is a flat value: asdict's deep copy cost ~20 µs a face
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CertificateFace:
        data: dict[str, Any] = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("issued_on"):
            values["issued_on"] = date.fromisoformat(values["issued_on"])
        return cls(**values)


# The fields a pre-printed blank leaves empty, in the order the template form lists them.
FIELD_KEYS: tuple[str, ...] = (
    "full_name",
    "birth",
    "unit",
    "programme",
    "class_line",
    "grade",
    "register_number",
    "document_number",
    "serial",
    "place_date",
    "signer_title",
    "signer_name",
    "verify_code",
)

FIELD_LABELS: dict[str, str] = {
    "full_name": "Họ và tên",
    "birth": "Ngày sinh",
    "unit": "Đơn vị",
    "programme": "Chương trình",
    "class_line": "Lớp, thời gian học",
    "grade": "Xếp loại",
    "register_number": "Số vào sổ",
    "document_number": "Số văn bản",
    "serial": "Số hiệu phôi",
    "place_date": "Địa danh, ngày tháng",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
    "verify_code": "Mã xác minh",
}


@dataclass(frozen=True)
class FieldBox:
    """Where one field goes on a pre-printed blank: a box in mm from the sheet's top-left corner.

    Text that is too long for the box is shrunk (down to ``min_font_size``), never wrapped off-centre nor
    allowed to overflow.
    """

    key: str  # one of FIELD_KEYS
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    font_size: float = 14.0
    align: Align = Align.LEFT
    bold: bool = False
    italic: bool = False
    upper: bool = False  # print in capitals (the holder's name)
    min_font_size: float = 7.0


class YearOnlyBirth(Enum):
    """How a blank's "Sinh ngày: ..." is filled for a holder whose birth is known by its year alone."""

    DOTTED = "dotted"  # "…/…/2000": the day and month left unknown (the default of new templates)
    YEAR_WORD = "year_word"  # "năm 2000"
    YEAR = "year"  # "2000" as it stands (templates saved before the option print so, unchanged)

    @property
    def label(self) -> str:
        return _YEAR_ONLY_LABELS[self]


_YEAR_ONLY_LABELS = {
    YearOnlyBirth.DOTTED: "“…/…/1990” (để trống ngày, tháng)",
    YearOnlyBirth.YEAR_WORD: "“năm 1990”",
    YearOnlyBirth.YEAR: "“1990” (chỉ ghi năm)",
}


def birth_on_blank(birth: str, how: YearOnlyBirth) -> str:
    """The birth as the "Ngày sinh" box of a blank prints it: a full date as it is; a year alone as the
    template says ("2000" -> "…/…/2000", "năm 2000" or "2000")."""
    text = birth.strip()
    if not (len(text) == 4 and text.isdigit()):
        return birth
    if how is YearOnlyBirth.DOTTED:
        return f"…/…/{text}"
    if how is YearOnlyBirth.YEAR_WORD:
        return f"năm {text}"
    return text


@dataclass(frozen=True)
class CertificateTemplate:
    """A certificate layout. ``version`` is stored on each certificate issued with it."""

    name: str
    version: str
    paper: PaperSize = PaperSize.A4
    mode: PrintMode = PrintMode.WHOLE
    border: bool = True  # decorative border on the whole layout
    boxes: tuple[FieldBox, ...] = ()  # used by FIELDS_ONLY
    offset_x_mm: float = 0.0  # printer correction: + moves everything right
    offset_y_mm: float = 0.0  # + moves everything down
    show_qr: bool = True
    year_only_birth: YearOnlyBirth = YearOnlyBirth.DOTTED  # FIELDS_ONLY: a birth known by its year alone

    def box(self, key: str) -> FieldBox | None:
        return next((b for b in self.boxes if b.key == key), None)

    def with_offset(self, x_mm: float, y_mm: float) -> CertificateTemplate:
        return replace(self, offset_x_mm=x_mm, offset_y_mm=y_mm)

    def to_json(self) -> str:
        data = asdict(self)
        data["paper"] = self.paper.value
        data["mode"] = self.mode.value
        data["year_only_birth"] = self.year_only_birth.value
        data["boxes"] = [{**asdict(b), "align": b.align.value} for b in self.boxes]
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CertificateTemplate:
        data: dict[str, Any] = json.loads(text)
        boxes = tuple(FieldBox(**{**b, "align": Align(b["align"])}) for b in data.pop("boxes", []))
        # A template stored before the option keeps printing a year alone as it did (a reprint is the
        # same certificate); new templates fill it in as "…/…/2000".
        year_only = YearOnlyBirth(data.get("year_only_birth", YearOnlyBirth.YEAR.value))
        return cls(
            **{
                **data,
                "paper": PaperSize(data["paper"]),
                "mode": PrintMode(data["mode"]),
                "boxes": boxes,
                "year_only_birth": year_only,
            }
        )


def default_boxes(paper: PaperSize = PaperSize.A4) -> tuple[FieldBox, ...]:
    """Field boxes for a common A4-landscape blank (A5: scaled by 1/√2). The clerk measures their own blank
    and corrects these in the template form."""
    a4 = (
        FieldBox("full_name", 95, 78, 150, 10, 16, Align.LEFT, bold=True, upper=True),
        FieldBox("birth", 95, 90, 60, 8, 14),
        FieldBox("unit", 95, 100, 170, 8, 14),
        FieldBox("programme", 95, 110, 170, 8, 14),
        FieldBox("class_line", 95, 120, 170, 8, 14),
        FieldBox("grade", 95, 130, 60, 8, 14, bold=True),
        FieldBox("register_number", 40, 160, 60, 8, 13),
        FieldBox("document_number", 40, 168, 80, 8, 13),
        FieldBox("serial", 40, 176, 60, 8, 11),
        FieldBox("place_date", 160, 140, 120, 8, 14, Align.CENTRE, italic=True),
        FieldBox("signer_title", 160, 148, 120, 12, 14, Align.CENTRE, bold=True),
        FieldBox("signer_name", 160, 182, 120, 9, 14, Align.CENTRE, bold=True),
        FieldBox("verify_code", 40, 190, 80, 6, 9),
    )
    if paper is PaperSize.A4:
        return a4
    k = 0.7071
    return tuple(
        replace(
            b,
            x_mm=round(b.x_mm * k, 1),
            y_mm=round(b.y_mm * k, 1),
            width_mm=round(b.width_mm * k, 1),
            height_mm=round(b.height_mm * k, 1),
            font_size=round(max(b.font_size * 0.8, 8), 1),
        )
        for b in a4
    )


def default_template() -> CertificateTemplate:
    """The template of a new database: the whole certificate on blank A4."""
    return CertificateTemplate(
        name="Mẫu in toàn bộ A4",
        version="1",
        paper=PaperSize.A4,
        mode=PrintMode.WHOLE,
        border=True,
        boxes=default_boxes(PaperSize.A4),
    )


# -- the rules of a template ---------------------------------------------------------------------------
FONT_SIZE_MIN, FONT_SIZE_MAX = 4.0, 72.0
OFFSET_LIMIT_MM = 30.0  # a printer that needs more is out of true, not a case for a correction
OFF_SHEET = "box_position"  # the field of a box that lies off the sheet (the form offers the defaults)


def check_offset(x_mm: float, y_mm: float) -> None:
    """A printer's correction: each way within ±30 mm (``ValidationError`` naming the direction)."""
    for value, field_name, label in ((x_mm, "offset_x", "ngang"), (y_mm, "offset_y", "dọc")):
        if not -OFFSET_LIMIT_MM <= value <= OFFSET_LIMIT_MM:
            raise ValidationError(field_name, f"Độ lệch {label} phải trong khoảng −30 đến 30 mm.")


def check_box(box: FieldBox, paper: PaperSize) -> None:
    """A field's box: a field of the certificate, with a size, a font size from 4 to 72, on the sheet."""
    if box.key not in FIELD_KEYS:
        raise ValidationError("boxes", f"Trường “{box.key}” không có trên giấy chứng nhận.")
    label = FIELD_LABELS[box.key]
    if box.width_mm <= 0 or box.height_mm <= 0 or not FONT_SIZE_MIN <= box.font_size <= FONT_SIZE_MAX:
        raise ValidationError(
            "boxes", f"Trường “{label}”: khung phải có rộng, cao lớn hơn 0 và cỡ chữ từ 4 đến 72."
        )
    width, height = paper.size_mm
    if box.x_mm < 0 or box.y_mm < 0 or box.x_mm + box.width_mm > width or box.y_mm + box.height_mm > height:
        raise ValidationError(
            OFF_SHEET,
            f"Trường “{label}”: khung phải nằm trong tờ giấy {paper.value} ngang "
            f"({width:g} × {height:g} mm).",
        )


def validate_template(template: CertificateTemplate) -> CertificateTemplate:
    """``template`` with its name tidied, or ``ValidationError`` naming what is wrong: no name, an offset
    beyond ±30 mm, a box that is not a field of the certificate, given twice, without a size, with a font
    size outside 4–72, or off the sheet."""
    name = clean_text(template.name)
    if not name:
        raise ValidationError("name", "Cần đặt tên cho mẫu.")
    check_offset(template.offset_x_mm, template.offset_y_mm)
    seen: set[str] = set()
    for box in template.boxes:
        check_box(box, template.paper)
        if box.key in seen:
            raise ValidationError("boxes", f"Trường “{FIELD_LABELS[box.key]}” có hai khung.")
        seen.add(box.key)
    return replace(template, name=name)
