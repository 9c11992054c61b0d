"""One class's attendance grid and results sheet, as the clerk sees them on screen.

Pure value objects and the functions that build them from plain inputs (learners, buổi, marks, scores);
the attendance and results services read those inputs in one transaction and call ``build_*`` here. All
the rules (who is expected at a buổi, tallies, the absence limit, the weighted result, eligibility) come
from :mod:`trungtam_desktop.domain.grading`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Literal

from trungtam_desktop.domain.enums import AttendanceStatus, Grade, HalfDay
from trungtam_desktop.domain.grading import (
    AbsenceLimit,
    AttendanceTally,
    Eligibility,
    Outcome,
    certificate_eligibility,
    expected_at,
    outcome,
    tally,
)
from trungtam_desktop.domain.models import AssessmentComponent, GradingBand
from trungtam_desktop.domain.vietnamese import format_birth, format_date, format_int


class CellState(Enum):
    """A cell of the grid that is not an attendance mark."""

    NOT_EXPECTED = "not_expected"  # before the learner enrolled, or after they withdrew


NOT_EXPECTED = CellState.NOT_EXPECTED
Mark = AttendanceStatus | None | Literal[CellState.NOT_EXPECTED]


@dataclass(frozen=True)
class ClassLearner:
    """A learner of the class with the dates of their enrolment (input of the builders)."""

    enrolment_id: int
    learner_id: int
    full_name: str
    birth_date: date | None
    birth_year: int | None
    unit: str
    enrolled_on: date
    withdrawn_on: date | None = None
    withdrawn: bool = False

    @property
    def birth_text(self) -> str:
        return format_birth(self.birth_date, self.birth_year)

    def expected_at(self, day: date) -> bool:
        """Was the learner in the class that day? A withdrawal date counts only while withdrawn."""
        return expected_at(day, self.enrolled_on, self.withdrawn_on if self.withdrawn else None)

    def not_expected_reason(self, day: date) -> str:
        """Why a buổi is not the learner's ("" when it is): the Vietnamese sentence the services raise."""
        if day < self.enrolled_on:
            return (
                f"Học viên {self.full_name} chưa vào lớp ngày {format_date(day)} "
                f"(vào lớp từ ngày {format_date(self.enrolled_on)})."
            )
        if not self.expected_at(day):
            return (
                f"Học viên {self.full_name} đã thôi học từ ngày {format_date(self.withdrawn_on)}, "
                f"không điểm danh buổi ngày {format_date(day)}."
            )
        return ""


@dataclass(frozen=True)
class GridSession:
    """One buổi as a column of the grid."""

    id: int
    date: date
    half_day: HalfDay
    title: str = ""

    @property
    def header(self) -> str:
        """Two lines: "10/06" and "Sáng"."""
        return f"{self.date.day:02d}/{self.date.month:02d}\n{self.half_day.label}"

    @property
    def long_text(self) -> str:
        """ "Sáng 10/06/2024 – Bài 1: ..."."""
        text = f"{self.half_day.label} {format_date(self.date)}"
        return f"{text} – {self.title}" if self.title else text


def _limit_reason(attendance: AttendanceTally, limit: AbsenceLimit) -> str:
    return (
        f"Vắng {attendance.absences}/{attendance.sessions} buổi, quá {limit.describe()} "
        f"(tối đa {limit.allowed(attendance.sessions)} buổi)"
    )


@dataclass(frozen=True)
class AttendanceLine:
    """One learner's row: a mark (or NOT_EXPECTED) per buổi in the grid's order, and the totals."""

    learner: ClassLearner
    marks: tuple[Mark, ...]
    tally: AttendanceTally
    allowed: int
    over_limit: bool
    limit_reason: str = ""  # the Vietnamese reason when over the limit

    @property
    def enrolment_id(self) -> int:
        return self.learner.enrolment_id

    @property
    def full_name(self) -> str:
        return self.learner.full_name


@dataclass(frozen=True)
class AttendanceGrid:
    """Learners × buổi of one class. ``locked``: results are final and nothing can be changed."""

    class_id: int
    locked: bool
    limit: AbsenceLimit
    sessions: tuple[GridSession, ...]
    rows: tuple[AttendanceLine, ...]

    def row_index(self, enrolment_id: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.enrolment_id == enrolment_id), None)

    def column_index(self, session_id: int) -> int | None:
        return next((i for i, s in enumerate(self.sessions) if s.id == session_id), None)

    def mark(self, enrolment_id: int, session_id: int) -> Mark:
        row, column = self.row_index(enrolment_id), self.column_index(session_id)
        if row is None or column is None:
            raise KeyError((enrolment_id, session_id))
        return self.rows[row].marks[column]

    @property
    def over_limit_count(self) -> int:
        return sum(1 for row in self.rows if row.over_limit)

    @property
    def unmarked_sessions(self) -> tuple[GridSession, ...]:
        """The buổi where some learner expected there has no mark yet (``NOT_EXPECTED`` cells are fine)."""
        return tuple(
            session
            for column, session in enumerate(self.sessions)
            if any(row.marks[column] is None for row in self.rows)
        )

    def same_shape(self, other: AttendanceGrid) -> bool:
        """Same buổi and learners in the same order (only marks and totals may differ)."""
        return [s.id for s in self.sessions] == [s.id for s in other.sessions] and [
            r.enrolment_id for r in self.rows
        ] == [r.enrolment_id for r in other.rows]


def attendance_line(
    learner: ClassLearner,
    sessions: Sequence[GridSession],
    marks: Mapping[tuple[int, int], AttendanceStatus],
    limit: AbsenceLimit,
) -> AttendanceLine:
    cells: list[Mark] = []
    for s in sessions:
        if learner.expected_at(s.date):
            cells.append(marks.get((learner.enrolment_id, s.id)))
        else:
            cells.append(NOT_EXPECTED)
    counted = tally(cell for cell in cells if cell is not NOT_EXPECTED)  # type: ignore[misc]
    over = limit.exceeded(counted.absences, counted.sessions)
    return AttendanceLine(
        learner=learner,
        marks=tuple(cells),
        tally=counted,
        allowed=limit.allowed(counted.sessions),
        over_limit=over,
        limit_reason=_limit_reason(counted, limit) if over else "",
    )


def build_attendance_grid(
    class_id: int,
    locked: bool,
    limit: AbsenceLimit,
    sessions: Sequence[GridSession],
    learners: Iterable[ClassLearner],
    marks: Mapping[tuple[int, int], AttendanceStatus],
) -> AttendanceGrid:
    """The grid, learners in the order given (the services pass them in the Vietnamese order)."""
    sessions = tuple(sessions)
    rows = tuple(attendance_line(learner, sessions, marks, limit) for learner in learners)
    return AttendanceGrid(class_id, locked, limit, sessions, rows)


# ---------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------

GRADE_ORDER = (Grade.EXCELLENT, Grade.VERY_GOOD, Grade.GOOD, Grade.AVERAGE, Grade.FAIL)


@dataclass(frozen=True)
class ResultLine:
    """One learner's scores (by component id), result, attendance and certificate eligibility."""

    learner: ClassLearner
    scores: Mapping[int, float]
    outcome: Outcome
    tally: AttendanceTally
    eligibility: Eligibility

    @property
    def enrolment_id(self) -> int:
        return self.learner.enrolment_id

    @property
    def full_name(self) -> str:
        return self.learner.full_name

    def score(self, component_id: int | None) -> float | None:
        return None if component_id is None else self.scores.get(component_id)


@dataclass(frozen=True)
class ResultsSheet:
    """The results of one class. ``assessed`` is False for programmes without scored components."""

    class_id: int
    locked: bool
    programme_name: str
    components: tuple[AssessmentComponent, ...]
    bands: tuple[GradingBand, ...]
    limit: AbsenceLimit
    rows: tuple[ResultLine, ...] = field(default=())
    session_count: int = 0  # buổi in the class's timetable
    unmarked_sessions: tuple[GridSession, ...] = ()  # buổi where someone expected has no mark yet

    @property
    def assessed(self) -> bool:
        return bool(self.components)

    def row_index(self, enrolment_id: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.enrolment_id == enrolment_id), None)

    def line(self, enrolment_id: int) -> ResultLine:
        index = self.row_index(enrolment_id)
        if index is None:
            raise KeyError(enrolment_id)
        return self.rows[index]

    @property
    def studying(self) -> tuple[ResultLine, ...]:
        """The learners still in the class (withdrawn learners have no result to give)."""
        return tuple(row for row in self.rows if not row.learner.withdrawn)

    @property
    def missing_results(self) -> tuple[ResultLine, ...]:
        """Learners still studying whose final score cannot be computed yet (a component has no score)."""
        if not self.assessed:
            return ()
        return tuple(row for row in self.studying if row.outcome.final is None)

    @property
    def eligible_count(self) -> int:
        return sum(1 for row in self.rows if row.eligibility.eligible)

    def distribution(self) -> dict[Grade, int]:
        """Learners by grade, best first (every grade listed, zeros included)."""
        counts = dict.fromkeys(GRADE_ORDER, 0)
        for row in self.studying:
            if row.outcome.grade is not None:
                counts[row.outcome.grade] += 1
        return counts

    def distribution_text(self) -> str:
        """ "Xuất sắc 3 · Giỏi 12 · Khá 20 · Trung bình 4 · Không đạt 1 · Chưa đủ điểm 2"."""
        if not self.assessed:
            return ""
        parts = [f"{grade.label} {format_int(n)}" for grade, n in self.distribution().items()]
        if self.missing_results:
            parts.append(f"Chưa đủ điểm {format_int(len(self.missing_results))}")
        return " · ".join(parts)


def result_line(
    learner: ClassLearner,
    components: Sequence[AssessmentComponent],
    bands: Sequence[GradingBand],
    limit: AbsenceLimit,
    scores: Mapping[int, float],
    attendance: AttendanceTally,
) -> ResultLine:
    result = outcome(components, bands, scores) if components else Outcome(None, None, None)
    eligibility = certificate_eligibility(
        attendance, limit, result, withdrawn=learner.withdrawn, assessed=bool(components)
    )
    return ResultLine(learner, dict(scores), result, attendance, eligibility)


def build_results_sheet(
    class_id: int,
    locked: bool,
    programme_name: str,
    components: Sequence[AssessmentComponent],
    bands: Sequence[GradingBand],
    limit: AbsenceLimit,
    grid: AttendanceGrid,
    scores: Mapping[tuple[int, int], float],
) -> ResultsSheet:
    """The sheet from the class's attendance grid (learners, order, tallies) and its scores."""
    component_ids = {c.id for c in components}
    by_learner: dict[int, dict[int, float]] = {}
    for (enrolment_id, component_id), value in scores.items():
        if component_id in component_ids:
            by_learner.setdefault(enrolment_id, {})[component_id] = value
    rows = tuple(
        result_line(row.learner, components, bands, limit, by_learner.get(row.enrolment_id, {}), row.tally)
        for row in grid.rows
    )
    return ResultsSheet(
        class_id,
        locked,
        programme_name,
        tuple(components),
        tuple(bands),
        limit,
        rows,
        len(grid.sessions),
        grid.unmarked_sessions,
    )
