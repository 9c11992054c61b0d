"""When a class may be certified, and which issue dates are possible: the rules every caller of issuing
obeys (the certificate service enforces them; the issue dialog checks them early; the demo seed and the
self-test satisfy them).

- **Issue date**: from the class's last day to today (the injected clock). A certificate dated before the
  class ended, or in the future, certifies something that had not happened. A re-issue is dated from the
  replaced certificate's issue date to today.
- **Readiness**: a class is ready to be certified once it has ended (today is on or after its last day) and
  every buổi of its timetable is marked for every learner expected there. Eligibility is worked out from
  the marks: with buổi unmarked, "Đủ điều kiện" would only mean "no absence recorded yet". A class that is
  not ready can still be certified with a reason (an explicit override, written to the audit log); a
  class not ended yet is then certified in advance, dated its last day at the latest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from trungtam_desktop.domain.certificates import validate_reason
from trungtam_desktop.domain.class_results import GridSession
from trungtam_desktop.domain.class_state import ended_by_date
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.vietnamese import clean_text, format_date, format_int

MAX_LISTED_SESSIONS = 3
NOT_READY_WHAT = "cấp khi lớp chưa sẵn sàng"


def latest_issue_date(class_end: date, today: date, *, in_advance: bool = False) -> date:
    """Today; or, for a class not ended yet that is certified in advance (with a logged override), its
    last day (certificates printed the day before the closing are dated the closing day)."""
    return class_end if in_advance and today < class_end else today


def check_issue_date(
    issued_on: date | None,
    class_end: date,
    today: date,
    *,
    in_advance: bool = False,
    field: str = "issued_on",
) -> date:
    """``issued_on`` when it lies from the class's last day to today (``latest_issue_date``);
    ``ValidationError`` naming the field otherwise."""
    if issued_on is None:
        raise ValidationError(field, "Ngày cấp không được để trống.")
    latest = latest_issue_date(class_end, today, in_advance=in_advance)
    if issued_on > latest:
        limit = (
            f"hôm nay ({format_date(today)})"
            if latest == today
            else f"ngày kết thúc lớp ({format_date(latest)})"
        )
        raise ValidationError(field, f"Ngày cấp ({format_date(issued_on)}) không được sau {limit}.")
    if issued_on < class_end:
        raise ValidationError(
            field,
            f"Ngày cấp ({format_date(issued_on)}) không được trước ngày kết thúc lớp "
            f"({format_date(class_end)}).",
        )
    return issued_on


def check_reissue_date(
    issued_on: date | None, first_issued_on: date, today: date, field: str = "issued_on"
) -> date:
    """A re-issue is dated from the replaced certificate's issue date to today."""
    if issued_on is None:
        raise ValidationError(field, "Ngày cấp lại không được để trống.")
    if issued_on > today:
        raise ValidationError(
            field, f"Ngày cấp lại ({format_date(issued_on)}) không được sau hôm nay ({format_date(today)})."
        )
    if issued_on < first_issued_on:
        raise ValidationError(
            field,
            f"Ngày cấp lại ({format_date(issued_on)}) không được trước ngày cấp giấy cũ "
            f"({format_date(first_issued_on)}).",
        )
    return issued_on


def default_issue_date(class_end: date, today: date) -> date:
    """What the issue dialog proposes: the class's last day once it has passed, else today (which the
    rule refuses until the class has ended, so the clerk sees why)."""
    return class_end if class_end <= today else today


@dataclass(frozen=True)
class Readiness:
    """Whether a class may be certified now, and if not, why (Vietnamese sentences)."""

    class_end: date
    today: date
    problems: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def text(self) -> str:
        return " ".join(self.problems)


def _slot(session: GridSession) -> str:
    return f"{session.half_day.label.lower()} {session.date.day:02d}/{session.date.month:02d}"


def class_readiness(
    class_end: date, today: date, session_count: int, unmarked: Sequence[GridSession]
) -> Readiness:
    """Has the class ended, and is every buổi marked for everybody expected there?"""
    problems = []
    if not ended_by_date(class_end, today):
        problems.append(f"Lớp chưa kết thúc (học đến ngày {format_date(class_end)}).")
    if session_count == 0:
        problems.append("Lớp chưa có lịch học nên chưa điểm danh được buổi nào.")
    elif unmarked:
        listed = ", ".join(_slot(s) for s in unmarked[:MAX_LISTED_SESSIONS])
        more = "…" if len(unmarked) > MAX_LISTED_SESSIONS else ""
        problems.append(
            f"Còn {format_int(len(unmarked))}/{format_int(session_count)} buổi chưa điểm danh đủ "
            f"({listed}{more})."
        )
    return Readiness(class_end, today, tuple(problems))


def require_ready(readiness: Readiness, reason: str | None) -> str:
    """ "" for a ready class; for one that is not, the clerk's reason for issuing anyway (cleaned), or a
    refusal naming what is missing."""
    if readiness.ready:
        return ""
    if not clean_text(reason):
        raise ConflictError(
            f"Lớp chưa sẵn sàng để cấp giấy chứng nhận: {readiness.text} "
            "Muốn vẫn cấp phải ghi lý do (lý do được lưu vào nhật ký)."
        )
    return validate_reason(reason, NOT_READY_WHAT)
