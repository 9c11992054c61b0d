"""How long a certificate counts: a validity in months per programme, and what it means on a given day.

A nhận thức về Đảng certificate is reported as valid for 60 months (Hướng dẫn 06-HD/TW, 2025, point 5.4);
the other programmes' certificates have no end by default. The clerk may change either per programme.

Rules (one home, used by the learner detail, the lookup and the expiry list):

* a certificate is valid from its issue date up to the day before the same calendar day ``months`` later
  (issued 14/06/2024, 60 months: valid up to and including 13/06/2029; a day that does not exist in the
  last month falls back to that month's last day);
* a re-issue (cấp lại: an error or a lost paper) does not extend the validity: the chain of re-issues
  counts from the first certificate's issue date;
* a voided certificate, and one replaced by a re-issue, are not valid (the re-issue is);
* a change of the programme's validity applies to every certificate of the programme, old and new.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from trungtam_desktop.domain.enums import CertificateStatus, ProgrammeKind
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import clean_text, format_date

DEFAULT_MONTHS: dict[ProgrammeKind, int] = {ProgrammeKind.PARTY_AWARENESS: 60}
MAX_MONTHS = 600


def default_months(kind: ProgrammeKind) -> int | None:
    return DEFAULT_MONTHS.get(kind)


def check_months(months: int | None, programme: str) -> int | None:
    """None (no end) or 1..600 months."""
    if months is None:
        return None
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise ValidationError(
            "validity", f"Thời hạn giấy chứng nhận của “{programme}” phải từ 1 đến {MAX_MONTHS} tháng "
            "(hoặc để trống: không thời hạn)."
        )  # fmt: skip
    return months


def add_months(day: date, months: int) -> date:
    """The same calendar day ``months`` later (the month's last day when that day does not exist)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def valid_until(first_issued: date, months: int | None) -> date | None:
    """The last day a certificate first issued on ``first_issued`` is valid; None: no end."""
    if months is None:
        return None
    return add_months(first_issued, months) - timedelta(days=1)


@dataclass(frozen=True)
class Validity:
    """A certificate's validity window and its status."""

    first_issued: date  # of the first certificate of its re-issue chain
    until: date | None  # None: no end
    status: CertificateStatus

    def valid_on(self, day: date) -> bool:
        if self.status is not CertificateStatus.ISSUED:
            return False
        return self.first_issued <= day and (self.until is None or day <= self.until)

    def text(self, today: date) -> str:
        """As the learner detail shows it: "Còn hiệu lực đến 13/06/2029", "Hết hiệu lực từ 14/06/2029",
        "Không thời hạn", "Đã hủy", "Đã được cấp lại"."""
        if self.status is CertificateStatus.VOID:
            return "Đã hủy"
        if self.status is CertificateStatus.REPLACED:
            return "Đã được cấp lại"
        if self.until is None:
            return "Không thời hạn"
        if today > self.until:
            return f"Hết hiệu lực từ {format_date(self.until + timedelta(days=1))}"
        if today < self.first_issued:
            return f"Hiệu lực từ {format_date(self.first_issued)} đến {format_date(self.until)}"
        return f"Còn hiệu lực đến {format_date(self.until)}"


@dataclass(frozen=True)
class ProgrammeValidity:
    programme_id: int
    programme: str
    kind: ProgrammeKind
    months: int | None  # in force (the setting, or the kind's default)
    default: int | None  # the kind's default

    @property
    def text(self) -> str:
        return "Không thời hạn" if self.months is None else f"{self.months} tháng"


@dataclass(frozen=True)
class HeldCertificate:
    """A certificate with its holder and validity (what the lookup and the expiry list show)."""

    certificate_id: int
    enrolment_id: int
    learner_id: int
    full_name: str
    birth: str
    cccd: str
    commune: str
    party_cell: str
    unit: str
    programme_id: int
    programme: str
    class_code: str
    class_name: str
    register_number: str
    issued_on: date
    validity: Validity

    @property
    def until(self) -> date | None:
        return self.validity.until


@dataclass(frozen=True)
class ValidityAnswer:
    """The answer to "does this person hold a valid certificate of this programme on this date?"."""

    holds: bool
    message: str
    certificates: tuple[HeldCertificate, ...] = ()


@dataclass(frozen=True)
class ExpiringList:
    """Certificates whose validity ends from ``start`` to ``end`` (both included), with the filter used."""

    start: date
    end: date
    months: int
    commune: str
    party_cell: str
    lines: tuple[HeldCertificate, ...]

    @property
    def scope(self) -> str:
        """ "xã Hiệp Thạnh", "Chi bộ thôn 3", or "toàn trung tâm"."""
        parts = [p for p in (clean_text(self.commune), clean_text(self.party_cell)) if p]
        return ", ".join(parts) if parts else "toàn trung tâm"
