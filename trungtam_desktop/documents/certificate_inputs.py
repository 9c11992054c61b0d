"""What the certificate renderers print: the frozen face of a certificate and the template it is laid on.

A :class:`CertificateFace` is every printed field, already written out as text. The certificate service
builds it at issue time and stores it (as JSON, :meth:`CertificateFace.to_json`) in the certificate's
snapshot; a reprint renders the stored face again, so later edits to the learner, the class or the centre
never change an issued certificate.

A :class:`CertificateTemplate` says how the face is laid out: the whole certificate on blank paper
(:attr:`PrintMode.WHOLE`, the Party layout of DOMAIN.md) or only the variable fields onto a pre-printed
blank (:attr:`PrintMode.FIELDS_ONLY`), each field in its own box measured in millimetres from the top-left
corner of the sheet, shifted by the printer's offset.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from enum import Enum
from typing import Any


class PaperSize(Enum):
    A4 = "A4"  # landscape, 297 × 210 mm
    A5 = "A5"  # landscape, 210 × 148 mm


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


# The state of a register line (RegisterLine.status), which the register book counts in its closing lines.
LINE_ISSUED = ""  # issued and in force
LINE_REISSUE = "cap_lai"  # a re-issue (cấp lại) of an earlier certificate, in force
LINE_VOID = "da_huy"  # voided (đã hủy)
LINE_REPLACED = "da_duoc_cap_lai"  # replaced by a re-issue under another number (đã được cấp lại)
LINE_STATUS_LABELS: dict[str, str] = {
    LINE_ISSUED: "",
    LINE_REISSUE: "Cấp lại",
    LINE_VOID: "Đã hủy",
    LINE_REPLACED: "Đã được cấp lại",
}


@dataclass(frozen=True)
class RegisterLine:
    """One line of the register book (sổ cấp giấy chứng nhận).

    ``status`` is one of :data:`LINE_ISSUED`, :data:`LINE_REISSUE`, :data:`LINE_VOID`,
    :data:`LINE_REPLACED`: the book's totals count it (never the free-text ``note``); a line with a status
    but no note prints the status's label in the "Ghi chú" column.
    """

    register_number: str  # "125/2024"
    serial: str
    full_name: str
    birth: str
    gender: str  # "Nam" / "Nữ" / ""
    unit: str
    class_name: str  # "Lớp bồi dưỡng nhận thức về Đảng đợt 2/2024" (domain.class_titles)
    study_period: str  # "10/06/2024 – 14/06/2024"
    grade: str
    issued_on: date
    note: str = ""  # "Cấp lại thay số 12/2024 (Sai sót thông tin: …)", "Đã hủy ngày 10/08/2024: …", …
    status: str = LINE_ISSUED  # see LINE_STATUS_LABELS


@dataclass(frozen=True)
class RegisterBookData:
    """The register book for one register (or a date range of it)."""

    title: str  # "SỔ CẤP GIẤY CHỨNG NHẬN"
    subtitle: str  # "Năm 2024" or "Từ ngày 01/01/2024 đến ngày 30/06/2024"
    lines: tuple[RegisterLine, ...] = field(default_factory=tuple)
    closed_on: date | None = None  # the place-date line under the header; None leaves it blank for the pen
    keeper: str = ""  # the clerk who keeps the book, signing on the left as "NGƯỜI GHI SỔ" (blank: to fill)
