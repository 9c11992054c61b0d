"""Periodic reports: the periods, how a class is placed in one, and the figures a report holds.

Periods of a year: quý I–IV, 6 tháng (h1), 9 tháng (9m) and năm (year). A class belongs to the period in
which it **ends** (the default, as the parent body counts a class once it is finished) or, if told, the
one in which it starts. Teaching hours and pay are counted by the date of each buổi.

Age bands (tuổi tính theo năm báo cáo: report year − year of birth): dưới 30, 30–39, 40–49, 50–59, từ 60,
and "không rõ" when the birth year is missing.

Percentages are rounded to one decimal; a zero plan or quota gives no percentage (None, shown "–").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import format_money, format_percent


class Period(StrEnum):
    Q1 = "q1"
    Q2 = "q2"
    Q3 = "q3"
    Q4 = "q4"
    H1 = "h1"
    M9 = "9m"
    YEAR = "year"

    @property
    def label(self) -> str:
        """As written in the report's title: "quý III", "6 tháng đầu năm"..."""
        return _LABELS[self]

    @property
    def months(self) -> tuple[int, int]:
        return _MONTHS[self]


_LABELS = {
    Period.Q1: "quý I",
    Period.Q2: "quý II",
    Period.Q3: "quý III",
    Period.Q4: "quý IV",
    Period.H1: "6 tháng đầu năm",
    Period.M9: "9 tháng đầu năm",
    Period.YEAR: "năm",
}
_MONTHS = {
    Period.Q1: (1, 3),
    Period.Q2: (4, 6),
    Period.Q3: (7, 9),
    Period.Q4: (10, 12),
    Period.H1: (1, 6),
    Period.M9: (1, 9),
    Period.YEAR: (1, 12),
}
_MONTH_END = {3: 31, 6: 30, 9: 30, 12: 31}

MIN_YEAR, MAX_YEAR = 2000, 2100


class ClassBasis(StrEnum):
    """Which date of a class places it in a period."""

    END = "end"
    START = "start"


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError("year", f"Năm báo cáo phải từ {MIN_YEAR} đến {MAX_YEAR}.")
    return year


def period_range(year: int, period: Period) -> tuple[date, date]:
    """First and last day of ``period`` in ``year`` (both included)."""
    check_year(year)
    first, last = period.months
    return date(year, first, 1), date(year, last, _MONTH_END[last])


def period_title(year: int, period: Period) -> str:
    """ "quý III năm 2024", "6 tháng đầu năm 2024", "năm 2024": the year follows a label that already ends
    with "năm" ("6 tháng đầu năm") directly, never as "năm năm"."""
    label = period.label
    return f"{label} {year}" if label.split()[-1] == "năm" else f"{label} năm {year}"


def percent(part: int | float, whole: int | float) -> float | None:
    """``part`` as a percentage of ``whole``, one decimal; None when ``whole`` is zero."""
    if not whole:
        return None
    return round(100.0 * part / whole + 1e-9, 1)


DASH = "–"  # a figure that has no value (a percentage of a zero plan)


def percent_text(value: float | None) -> str:
    """A percentage as reports show it: "70,0%", or "–" when there is none."""
    return DASH if value is None else format_percent(value, 1)


AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Dưới 30 tuổi", 0, 29),
    ("Từ 30 đến 39 tuổi", 30, 39),
    ("Từ 40 đến 49 tuổi", 40, 49),
    ("Từ 50 đến 59 tuổi", 50, 59),
    ("Từ 60 tuổi trở lên", 60, 200),
)
AGE_UNKNOWN = "Không rõ năm sinh"


def age_band(report_year: int, birth_year: int | None) -> str:
    if birth_year is None:
        return AGE_UNKNOWN
    age = report_year - birth_year
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return AGE_UNKNOWN


def is_ethnic_minority(ethnicity: str | None) -> bool:
    """Any ethnicity but Kinh (blank counts as Kinh, the default of a new record)."""
    text = (ethnicity or "").strip().casefold()
    return text not in ("", "kinh")


def has_religion(religion: str | None) -> bool:
    text = (religion or "").strip().casefold()
    return text not in ("", "không", "khong", "không có")


# -- the figures -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeLine:
    programme: str
    classes: int
    places: int
    classes_ytd: int
    places_ytd: int
    planned_classes: int
    planned_places: int

    @property
    def classes_percent(self) -> float | None:
        return percent(self.classes_ytd, self.planned_classes)

    @property
    def places_percent(self) -> float | None:
        return percent(self.places_ytd, self.planned_places)


def sum_lines(label: str, lines: Iterable[ProgrammeLine]) -> ProgrammeLine:
    """The lines added up (a total row; the province's roll-up of centres), under ``label``."""
    lines = list(lines)
    return ProgrammeLine(
        label,
        sum(x.classes for x in lines),
        sum(x.places for x in lines),
        sum(x.classes_ytd for x in lines),
        sum(x.places_ytd for x in lines),
        sum(x.planned_classes for x in lines),
        sum(x.planned_places for x in lines),
    )


@dataclass(frozen=True)
class CountLine:
    """One line of a breakdown: places (lượt) and distinct learners (người)."""

    group: str
    label: str
    places: int
    people: int


@dataclass(frozen=True)
class CertificateCounts:
    issued: int = 0
    reissued: int = 0
    voided: int = 0


@dataclass(frozen=True)
class LecturerLine:
    lecturer_type: str  # label
    name: str
    position: str
    tiet: int
    buoi: int
    tiet_ytd: int
    quota: int | None  # yearly lecturing hours; None when the lecturer's role has none

    @property
    def quota_percent(self) -> float | None:
        return percent(self.tiet_ytd, self.quota) if self.quota else None


@dataclass(frozen=True)
class ClassLine:
    code: str
    name: str
    programme: str
    start: date
    end: date
    status: str
    learners: int
    completed: int


WAITING_LABEL = "Chưa có kết quả"
NOT_GRADED_LABEL = "Không đánh giá xếp loại"
GRADED_TOTAL_LABEL = "Cộng số lượt đã xếp loại"
ALL_PLACES_LABEL = "Tổng số lượt học viên"


@dataclass(frozen=True)
class QualityLine:
    """One line of the quality table: a label, a count of learner places and its share (None: no share,
    the line is not part of the grade distribution)."""

    label: str
    places: int
    share: float | None
    total: bool = False  # a sum line (printed bold)


@dataclass(frozen=True)
class Quality:
    """Learner places of the period by outcome.

    ``grades`` are the places with a result (Xuất sắc ... Không đạt, best first); their shares are taken
    over those places only. ``waiting`` are places of graded programmes still without a result;
    ``not_graded`` are places of programmes that give no grade (briefings, knowledge updates...): they
    are counted apart, never in the denominator of a grade's share.
    """

    grades: tuple[tuple[str, int], ...] = ()
    waiting: int = 0
    not_graded: int = 0
    not_passed: int = 0

    @property
    def graded(self) -> int:
        return sum(n for _label, n in self.grades)

    @property
    def places(self) -> int:
        return self.graded + self.waiting + self.not_graded

    def share(self, places: int) -> float | None:
        """``places`` as a share of the graded places (None when none is graded)."""
        return percent(places, self.graded)

    def lines(self) -> list[QualityLine]:
        """The table every output prints (PDF, Excel, the window): the grades with their shares of the
        graded places, their sum, then the places waiting for a result, the places not graded and all."""
        lines = [QualityLine(label, n, self.share(n)) for label, n in self.grades]
        lines.append(QualityLine(GRADED_TOTAL_LABEL, self.graded, self.share(self.graded), total=True))
        lines.append(QualityLine(WAITING_LABEL, self.waiting, None))
        lines.append(QualityLine(NOT_GRADED_LABEL, self.not_graded, None))
        lines.append(QualityLine(ALL_PLACES_LABEL, self.places, None, total=True))
        return lines

    def note(self) -> str:
        """How to read the table, for the line under it."""
        return (
            "Tỷ lệ xếp loại tính trên số lượt học viên đã có kết quả xếp loại; "
            f"“{WAITING_LABEL}” là học viên các lớp có đánh giá nhưng chưa có điểm, "
            f"“{NOT_GRADED_LABEL}” là học viên các chương trình không chấm điểm, xếp loại."
        )


@dataclass(frozen=True)
class PeriodReport:
    year: int
    period: Period
    basis: ClassBasis
    start: date
    end: date
    programmes: list[ProgrammeLine]
    composition: list[CountLine]
    places: int
    people: int
    quality: Quality
    certificates: CertificateCounts
    lecturers: list[LecturerLine]
    classes: list[ClassLine]

    @property
    def title(self) -> str:
        return period_title(self.year, self.period)

    @property
    def not_passed(self) -> int:
        return self.quality.not_passed

    def total(self) -> ProgrammeLine:
        return sum_lines("Tổng cộng", self.programmes)


@dataclass(frozen=True)
class ReportDraft:
    """What the clerk types: the document number, its date, shortcomings and directions."""

    number: str = ""
    issue_date: date | None = None
    limitations: str = ""
    directions: str = ""


RATE_UNITS = {"tiet": "tiết", "buoi": "buổi"}
NO_RATE = "Chưa có mức"


@dataclass(frozen=True)
class PayLine:
    lecturer_type: str  # label
    name: str
    position: str
    tiet: int
    buoi: int
    unit: str | None  # "tiet" / "buoi"; None when no rate applies
    rate: int
    amount: int

    @property
    def unit_label(self) -> str:
        """ "tiết" / "buổi"; "" when no rate applies."""
        return RATE_UNITS[self.unit] if self.unit else ""

    @property
    def rate_text(self) -> str:
        """The rate as the pay list writes it: "150.000/tiết", or "Chưa có mức"."""
        return f"{format_money(self.rate)}/{self.unit_label}" if self.unit else NO_RATE


@dataclass(frozen=True)
class PayList:
    year: int
    period: Period
    start: date
    end: date
    lines: list[PayLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return period_title(self.year, self.period)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def total_tiet(self) -> int:
        return sum(line.tiet for line in self.lines)

    @property
    def total_buoi(self) -> int:
        return sum(line.buoi for line in self.lines)
