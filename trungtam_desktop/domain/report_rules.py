"""The rules of the periodic report, the annual plan and the pay list, over facts the report service reads
from the database (it only queries; these decide). Periods, age bands and the report's lines are in
:mod:`trungtam_desktop.domain.reports`.

* A place (lượt học viên) is an enrolment not withdrawn; a class's places are ``active`` and, of them,
  ``completed`` (the class recorded as ended, :mod:`~trungtam_desktop.domain.class_state`, and the result
  not a fail).
* The composition counts places and distinct people by gender, ethnicity, religion, Party status and age.
* Quality: a place is graded when its programme has assessment components (or it holds a grade).
* Pay: the rate whose title matches the lecturer's position (ignoring case and tone marks) wins over the
  general rate of the lecturer's type (empty title); the amount is the rate times the tiết or the buổi,
  as the rate says; with no rate the amount is 0 and the line says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from trungtam_desktop.domain.enums import Gender, Grade, LecturerType, PartyStatus
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.reports import (
    AGE_BANDS,
    AGE_UNKNOWN,
    CountLine,
    PayLine,
    ProgrammeLine,
    Quality,
    ReportDraft,
    age_band,
    has_religion,
    is_ethnic_minority,
)
from trungtam_desktop.domain.vietnamese import clean_text, fold

GENDER_UNKNOWN = "Không rõ giới tính"
MAX_PLANNED = 1_000_000
DRAFT_TEXT_LIMIT = 20_000
DRAFT_NUMBER_LIMIT = 30


# -- the annual plan and the draft ------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanRow:
    """One programme's line of the annual plan grid."""

    programme_id: int
    programme: str
    planned_classes: int
    planned_learners: int


def check_plan(rows: Iterable[PlanRow]) -> set[int]:
    """The programmes planned, after checking each appears once with whole numbers from 0 to 1,000,000."""
    seen: set[int] = set()
    for row in rows:
        if row.programme_id in seen:
            raise ValidationError("plan", f"Chương trình “{row.programme}” có hai dòng kế hoạch.")
        seen.add(row.programme_id)
        for value, what in ((row.planned_classes, "số lớp"), (row.planned_learners, "số học viên")):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_PLANNED:
                raise ValidationError(
                    "plan", f"Kế hoạch {what} của “{row.programme}” phải là số nguyên từ 0 đến 1.000.000."
                )
    return seen


def clean_draft(draft: ReportDraft) -> ReportDraft:
    """The clerk's part of a report as kept: the number tidied and cut to 30 characters, each text part
    stripped and at most 20,000 characters."""
    cleaned = ReportDraft(
        clean_text(draft.number)[:DRAFT_NUMBER_LIMIT],
        draft.issue_date,
        draft.limitations.strip(),
        draft.directions.strip(),
    )
    if len(cleaned.limitations) > DRAFT_TEXT_LIMIT or len(cleaned.directions) > DRAFT_TEXT_LIMIT:
        raise ValidationError("draft", "Phần nhận xét quá dài (tối đa 20.000 ký tự mỗi phần).")
    return cleaned


# -- classes and programmes -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClassPlaces:
    """A class's places: ``active`` (not withdrawn) and, of them, ``completed``."""

    active: int = 0
    completed: int = 0


@dataclass
class ProgrammeTally:
    """A programme's classes and places in the period and from 1 January to the period's end."""

    classes: int = 0
    places: int = 0
    classes_ytd: int = 0
    places_ytd: int = 0

    def count(self, places: int, *, in_period: bool) -> None:
        """Count one class of the year to date with its active places (and in the period, when it is)."""
        self.classes_ytd += 1
        self.places_ytd += places
        if in_period:
            self.classes += 1
            self.places += places

    def line(self, programme: str, planned_classes: int, planned_places: int) -> ProgrammeLine:
        return ProgrammeLine(
            programme,
            self.classes,
            self.places,
            self.classes_ytd,
            self.places_ytd,
            planned_classes,
            planned_places,
        )


# -- the learners' places ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """One place of the period, with what the composition and quality count of it."""

    programme_id: int
    learner_id: int
    grade: str | None  # Grade value; None when no result yet
    passed: bool | None
    gender: str | None  # Gender value
    ethnicity: str | None
    religion: str | None
    party_status: str  # PartyStatus value
    birth_year: int | None


def composition(year: int, places: Sequence[Place]) -> tuple[list[CountLine], int]:
    """The breakdown lines (places and distinct people) and the number of distinct people."""
    counters: dict[tuple[str, str], tuple[int, set[int]]] = {}

    def add(group: str, label: str, learner_id: int) -> None:
        count, people = counters.setdefault((group, label), (0, set()))
        people.add(learner_id)
        counters[(group, label)] = (count + 1, people)

    for p in places:
        add("Giới tính", Gender(p.gender).label if p.gender else GENDER_UNKNOWN, p.learner_id)
        add(
            "Dân tộc", "Dân tộc thiểu số" if is_ethnic_minority(p.ethnicity) else "Dân tộc Kinh", p.learner_id
        )
        add("Tôn giáo", "Có tôn giáo" if has_religion(p.religion) else "Không tôn giáo", p.learner_id)
        add("Đảng viên", PartyStatus(p.party_status).label, p.learner_id)
        add("Độ tuổi", age_band(year, p.birth_year), p.learner_id)
    order = [
        ("Giới tính", [g.label for g in Gender] + [GENDER_UNKNOWN]),
        ("Dân tộc", ["Dân tộc Kinh", "Dân tộc thiểu số"]),
        ("Tôn giáo", ["Không tôn giáo", "Có tôn giáo"]),
        ("Đảng viên", [s.label for s in PartyStatus]),
        ("Độ tuổi", [label for label, _low, _high in AGE_BANDS] + [AGE_UNKNOWN]),
    ]
    optional = {GENDER_UNKNOWN, AGE_UNKNOWN}  # shown only when some record lacks it
    lines = []
    for group, labels in order:
        for label in labels:
            count, people = counters.get((group, label), (0, set()))
            if label in optional and not count:
                continue
            lines.append(CountLine(group, label, count, len(people)))
    return lines, len({p.learner_id for p in places})


def quality(places: Sequence[Place], graded_programmes: set[int]) -> Quality:
    """Places by result: a place is graded when its programme has assessment components (or, should they
    have been removed since, when it has a grade); the others are "not graded"."""
    graded = [p for p in places if p.programme_id in graded_programmes or p.grade is not None]
    grades = Counter(p.grade for p in graded)
    return Quality(
        grades=tuple((g.label, grades.get(g.value, 0)) for g in Grade),
        waiting=grades.get(None, 0),
        not_graded=len(places) - len(graded),
        not_passed=sum(1 for p in places if p.passed is False),
    )


# -- teaching and pay -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Teaching:
    """A lecturer's teaching over some dates: tiết and buổi."""

    tiet: int = 0
    buoi: int = 0


@dataclass(frozen=True)
class PayRate:
    """A rate of the settings table: per ``unit`` ("tiet" or "buoi"), for a lecturer type and title."""

    unit: str
    amount: int


def lecturer_type_order(value: str) -> int:
    """Lists of lecturers go by type in the order of :class:`LecturerType` (full-time first)."""
    return [t.value for t in LecturerType].index(value)


def choose_rate(
    rates: Mapping[tuple[str, str], PayRate], lecturer_type: str, position: str
) -> PayRate | None:
    """``rates`` by (lecturer type value, folded title): the lecturer's title's rate, else the type's
    general one (empty title), else None."""
    return rates.get((lecturer_type, fold(position))) or rates.get((lecturer_type, ""))


def pay_line(
    lecturer_type: str, name: str, position: str, teaching: Teaching, rate: PayRate | None
) -> PayLine:
    """One line of the pay list: the rate times the tiết or the buổi (0 without a rate)."""
    amount = 0 if rate is None else rate.amount * (teaching.tiet if rate.unit == "tiet" else teaching.buoi)
    return PayLine(
        LecturerType(lecturer_type).label,
        name,
        position,
        teaching.tiet,
        teaching.buoi,
        rate.unit if rate else None,
        rate.amount if rate else 0,
        amount,
    )
