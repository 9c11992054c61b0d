"""Value objects of one class's work: its roster (enrolments) and its timetable (buổi)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from trungtam_desktop.domain.enums import (
    COMPLETED_ENROLMENT_LABEL,
    EnrolmentStatus,
    Gender,
    HalfDay,
    PartyStatus,
)
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import Lesson
from trungtam_desktop.domain.vietnamese import format_birth, format_date, format_int

SUNDAY = 6  # date.weekday()
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# ---------------------------------------------------------------------------------------------------------
# Roster
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterEntry:
    """One learner on a class's roster, with their enrolment."""

    enrolment_id: int
    learner_id: int
    full_name: str
    birth_date: date | None
    birth_year: int | None
    gender: Gender | None
    unit: str
    party_status: PartyStatus
    enrolled_on: date
    status: EnrolmentStatus
    withdrawn_on: date | None
    note: str
    class_ended: bool = False  # the class has finished: an active learner is no longer "studying"

    @property
    def withdrawn(self) -> bool:
        return self.status is EnrolmentStatus.WITHDRAWN

    @property
    def status_text(self) -> str:
        """ "Đang học" ("Đã học hết khóa" once the class ended), or "Thôi học từ 12/06/2024"."""
        if self.withdrawn and self.withdrawn_on is not None:
            return f"{self.status.label} từ {format_date(self.withdrawn_on)}"
        if not self.withdrawn and self.class_ended:
            return COMPLETED_ENROLMENT_LABEL
        return self.status.label

    @property
    def birth_text(self) -> str:
        return format_birth(self.birth_date, self.birth_year)


def default_enrolment_date(start: date, end: date, today: date) -> date:
    """The date a learner added today joins a class: today while the class runs, else its first day.

    Before the class starts everybody joins from the start. After it ended the clerk is entering the
    roster after the fact, and the learners did attend from the start too.
    """
    return today if start <= today <= end else start


def enrolled_summary(enrolled: int, created: int = 0, already: tuple[str, ...] = ()) -> str:
    """ "Đã thêm 3 học viên vào lớp (trong đó 2 hồ sơ mới). Đã có trong lớp từ trước: Lê Văn An." """
    if enrolled:
        new = f" (trong đó {format_int(created)} hồ sơ mới)" if created else ""
        parts = [f"Đã thêm {format_int(enrolled)} học viên vào lớp{new}."]
    else:
        parts = ["Không có học viên nào được thêm."]
    if already:
        parts.append("Đã có trong lớp từ trước: " + ", ".join(already) + ".")
    return " ".join(parts)


@dataclass(frozen=True)
class EnrolResult:
    """What an enrolment did: who was added, who was already in the class, how many records were new."""

    enrolled: tuple[RosterEntry, ...] = ()
    already_enrolled: tuple[str, ...] = ()
    created: int = 0

    def summary(self) -> str:
        """One or two Vietnamese sentences for the clerk."""
        return enrolled_summary(len(self.enrolled), self.created, self.already_enrolled)


# ---------------------------------------------------------------------------------------------------------
# Timetable
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassSessionInfo:
    """One buổi (half-day) of a class's timetable. ``id`` is None for a buổi not yet saved.

    ``lecturer_name`` and ``attendance_count`` (marks recorded for this buổi) are filled by queries.
    """

    class_id: int
    date: date
    half_day: HalfDay
    title: str = ""
    lesson_id: int | None = None
    lecturer_id: int | None = None
    tiet: int = 5
    id: int | None = None
    lecturer_name: str = ""
    attendance_count: int = 0

    @property
    def slot_text(self) -> str:
        """ "sáng 10/06/2024"."""
        return f"{self.half_day.label.lower()} {format_date(self.date)}"


@dataclass(frozen=True)
class LecturerClash:
    """A buổi whose lecturer also teaches another class on the same date and half-day."""

    session: ClassSessionInfo
    other_class_id: int
    other_class_code: str
    other_class_name: str

    @property
    def message(self) -> str:
        return (
            f"Giảng viên {self.session.lecturer_name} có lịch dạy lớp {self.other_class_code} – "
            f"{self.other_class_name} cùng buổi {self.session.slot_text}."
        )


@dataclass(frozen=True)
class SessionSaved:
    """A saved buổi and the lecturer clashes it has (a warning, not a refusal)."""

    session: ClassSessionInfo
    clashes: tuple[LecturerClash, ...] = ()


# ---------------------------------------------------------------------------------------------------------
# Laying out a programme's lessons over a class's dates
# ---------------------------------------------------------------------------------------------------------

HALF_DAY_ORDER = {HalfDay.MORNING: 0, HalfDay.AFTERNOON: 1}


def weekday_date(day: date) -> str:
    """The day as a timetable shows it: "Thứ Hai, 10/06/2024"."""
    return f"{WEEKDAYS[day.weekday()]}, {format_date(day)}"


def session_order(session: ClassSessionInfo) -> tuple[date, int]:
    """Sort key of buổi: by date, the morning before the afternoon."""
    return session.date, HALF_DAY_ORDER[session.half_day]


def half_days(start: date, end: date, *, skip_sundays: bool = True) -> list[tuple[date, HalfDay]]:
    """Every half-day slot from ``start`` to ``end`` (inclusive): sáng then chiều each day."""
    slots = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        if skip_sundays and day.weekday() == SUNDAY:
            continue
        slots.extend((day, half) for half in HALF_DAY_ORDER)
    return slots


def lesson_sessions(lessons: tuple[Lesson, ...], tiet_per_buoi: int) -> list[tuple[Lesson, int]]:
    """The buổi a programme needs: a lesson of N tiết takes ceil(N / tiet_per_buoi) buổi, the last one
    holding the remainder (12 tiết at 5 a buổi: 5, 5, 2). A lesson of 0 tiết takes none."""
    result = []
    for lesson in lessons:
        remaining = lesson.tiet
        while remaining > 0:
            result.append((lesson, min(tiet_per_buoi, remaining)))
            remaining -= tiet_per_buoi
    return result


def plan_timetable(
    lessons: tuple[Lesson, ...], tiet_per_buoi: int, start: date, end: date, *, skip_sundays: bool = True
) -> list[tuple[date, HalfDay, Lesson, int]]:
    """Lay the lessons out over the class dates, in order, from the first morning on.

    Raises ``ValidationError`` saying how many buổi are needed when the dates do not have enough."""
    if not lessons:
        raise ValidationError(
            "lessons", "Chương trình của lớp chưa có danh sách bài học; hãy khai báo bài học trong Cài đặt."
        )
    needed = lesson_sessions(lessons, tiet_per_buoi)
    slots = half_days(start, end, skip_sundays=skip_sundays)
    if len(needed) > len(slots):
        sundays = " (không tính Chủ nhật)" if skip_sundays else ""
        or_sundays = " hoặc cho học cả Chủ nhật" if skip_sundays else ""
        raise ValidationError(
            "dates",
            f"Chương trình cần {format_int(len(needed))} buổi nhưng từ ngày {format_date(start)} đến ngày "
            f"{format_date(end)} chỉ có {format_int(len(slots))} buổi{sundays}. "
            f"Hãy kéo dài thời gian của lớp{or_sundays}.",
        )
    return [(day, half, lesson, tiet) for (day, half), (lesson, tiet) in zip(slots, needed, strict=False)]


def first_free_slot(
    sessions: list[ClassSessionInfo], start: date, end: date, *, skip_sundays: bool = True
) -> tuple[date, HalfDay]:
    """The first half-day of the class dates without a buổi (the class's first morning when all are taken),
    offered as the default for a new buổi."""
    taken = {(s.date, s.half_day) for s in sessions}
    for slot in half_days(start, end, skip_sundays=skip_sundays):
        if slot not in taken:
            return slot
    return start, HalfDay.MORNING
