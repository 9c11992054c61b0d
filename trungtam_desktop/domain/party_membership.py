"""Party membership read from what a list says: the one home of the rules that turn a status word, a mark
and the two dates into a learner's Party status (đảng viên dự bị / chính thức, or quần chúng).

Lists write membership many ways: a status column ("Đảng viên", "ĐV", "Dự bị", "Chính thức", "Quần
chúng", a cross), an admission date (ngày vào Đảng, ngày kết nạp), a full-membership date (ngày chính
thức), or only the dates. The rules:

* a status that is stated wins, but it must agree with the dates: a "quần chúng" with a Party date, or a
  "dự bị" member with a full-membership date, is an error naming both;
* without a stated status, a full-membership date makes a full member; an admission date alone makes a
  probationary member while the probation (12 months, Điều lệ Đảng) runs on the day of the import, a full
  member once it has passed (the list did not carry the later date);
* an unqualified mark ("x", "Đảng viên", "ĐV") with no date is a full member: lists name probationary
  members as such;
* nothing at all is "quần chúng".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from trungtam_desktop.domain.enums import PartyStatus
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.sheet_columns import (
    FIELD_LABELS,
    PARTY_FULL,
    PARTY_JOIN,
    PARTY_STATUS,
    Cell,
    cell_date,
    cell_text,
)
from trungtam_desktop.domain.vietnamese import fold, format_date

PROBATION_MONTHS = 12
MEMBER = "member"  # a mark or word saying "a Party member" without saying which kind

_WORDS: dict[str, PartyStatus | str] = {
    **dict.fromkeys(("x", "v", "1", "+", "co", "✓", "✔", "dv", "dang vien", "la dang vien"), MEMBER),
    **dict.fromkeys(
        ("du bi", "db", "dvdb", "dv du bi", "dang vien du bi", "dang vien (du bi)", "d/v du bi"),
        PartyStatus.PROBATIONARY,
    ),
    **dict.fromkeys(
        ("chinh thuc", "ct", "dvct", "dv chinh thuc", "dang vien chinh thuc", "dang vien (chinh thuc)"),
        PartyStatus.FULL,
    ),
    **dict.fromkeys(("quan chung", "qc", "khong", "chua", "0", "-", "–"), PartyStatus.NONE),
}


def party_word(text: str) -> PartyStatus | str | None:
    """What a status cell says: a :class:`PartyStatus`, :data:`MEMBER` (a member, kind not said), or None
    when the text is not a status word."""
    return _WORDS.get(fold(text).strip(" .,;:"))


def is_mark(text: str) -> bool:
    """A cross or tick in a column ("x", "✓"): the column's meaning applies."""
    return fold(text).strip() in ("x", "v", "1", "+", "✓", "✔")


def _probation_over(joined: date, today: date) -> bool:
    months = (today.year - joined.year) * 12 + today.month - joined.month
    return months > PROBATION_MONTHS or (months == PROBATION_MONTHS and today.day >= joined.day)


@dataclass(frozen=True)
class PartyData:
    status: PartyStatus = PartyStatus.NONE
    joined: date | None = None
    full: date | None = None


def settle_party(
    stated: PartyStatus | str | None, joined: date | None, full: date | None, today: date
) -> PartyData:
    """The learner's Party data from what the list says (see the module's rules); raises
    ``ValidationError`` naming the fields when they contradict each other."""
    if stated is PartyStatus.NONE and (joined or full):
        when = format_date(joined or full)
        raise ValidationError(
            "party_status", f"ghi là quần chúng nhưng có ngày vào Đảng hoặc ngày chính thức ({when})."
        )
    if stated is PartyStatus.PROBATIONARY and full:
        raise ValidationError(
            "party_status",
            f"ghi là đảng viên dự bị nhưng đã có ngày chính thức ({format_date(full)}); "
            "hãy sửa một trong hai.",
        )
    if joined and full and full < joined:
        raise ValidationError(
            "party_full_date",
            f"ngày chính thức ({format_date(full)}) trước ngày vào Đảng ({format_date(joined)}).",
        )
    if isinstance(stated, PartyStatus):
        return PartyData(stated, joined, full)
    if full:
        return PartyData(PartyStatus.FULL, joined, full)
    if joined:
        status = PartyStatus.FULL if _probation_over(joined, today) else PartyStatus.PROBATIONARY
        return PartyData(status, joined, full)
    if stated == MEMBER:
        return PartyData(PartyStatus.FULL)
    return PartyData()


def party_from_cells(raw: Mapping[str, Cell], today: date) -> PartyData:
    """Party status and dates from a row's status, admission and full-membership cells (by column kind,
    :mod:`trungtam_desktop.domain.sheet_columns`); raises ``ValidationError`` naming the field."""
    stated: PartyStatus | str | None = None
    dates: dict[str, date | None] = {PARTY_JOIN: None, PARTY_FULL: None}
    if PARTY_STATUS in raw:
        value = raw[PARTY_STATUS]
        stated = party_word(cell_text(value))
        if stated is None:  # a date in the status column: the day the learner joined
            try:
                dates[PARTY_JOIN] = cell_date(value, "Đảng viên")
            except ValidationError:
                raise ValidationError(
                    "party_status",
                    f"Đảng viên: “{cell_text(value)}” không rõ; ghi Dự bị, Chính thức, Quần chúng, "
                    "đánh dấu x, hoặc ghi ngày vào Đảng.",
                ) from None
    for kind, status in ((PARTY_JOIN, PartyStatus.PROBATIONARY), (PARTY_FULL, PartyStatus.FULL)):
        if kind not in raw:
            continue
        text = cell_text(raw[kind])
        word = party_word(text)
        if is_mark(text) or word in (status, MEMBER):  # a cross under "Dự bị" or "Chính thức"
            if stated in (None, MEMBER, PartyStatus.PROBATIONARY):
                stated = status
        elif word is not PartyStatus.NONE:
            dates[kind] = cell_date(raw[kind], FIELD_LABELS[kind])
    return settle_party(stated, dates[PARTY_JOIN], dates[PARTY_FULL], today)
