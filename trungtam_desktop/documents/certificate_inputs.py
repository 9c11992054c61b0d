"""What the register book (sổ cấp giấy chứng nhận) prints: its lines and their states.

The certificate's own face and template are domain values (:mod:`trungtam_desktop.domain.certificate_layout`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
