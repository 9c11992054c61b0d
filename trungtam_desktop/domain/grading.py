"""Results and eligibility: weighted final score, classification, pass, absence limit, certificate.

Pure rules shared by the results service, the documents and the demo data. All the numbers come from the
programme (components with weights and minimums, grading bands, absence limit), never from here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from trungtam_desktop.domain.enums import AttendanceStatus, Grade
from trungtam_desktop.domain.models import AssessmentComponent, GradingBand


def round_score(value: float) -> float:
    """Round half up to one decimal, as scores are written on Vietnamese result sheets (7,25 → 7,3)."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


@dataclass(frozen=True)
class Outcome:
    """A learner's result in one class. ``final`` is None until every component has a score."""

    final: float | None
    grade: Grade | None
    passed: bool | None
    failed_components: tuple[str, ...] = ()


def weighted_final(components: Sequence[AssessmentComponent], scores: Mapping[int, float]) -> float | None:
    """The weighted mean of the component scores (by component id), or None while one is missing."""
    if not components or any(c.id not in scores for c in components):
        return None
    total_weight = sum(c.weight_percent for c in components)
    if total_weight <= 0:
        return None
    return round_score(sum(scores[c.id] * c.weight_percent for c in components) / total_weight)  # type: ignore[index]


def classify(final: float, bands: Iterable[GradingBand]) -> Grade:
    """The highest band whose minimum the final score reaches; below every band: Không đạt."""
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if final >= band.min_score - 1e-9:
            return band.grade
    return Grade.FAIL


def outcome(
    components: Sequence[AssessmentComponent],
    bands: Iterable[GradingBand],
    scores: Mapping[int, float],
) -> Outcome:
    """Final score, grade and pass. Every component must reach its own minimum to pass."""
    final = weighted_final(components, scores)
    if final is None:
        return Outcome(None, None, None)
    below = tuple(c.name for c in components if scores[c.id] < c.min_score - 1e-9)  # type: ignore[index]
    grade = classify(final, bands)
    passed = grade is not Grade.FAIL and not below
    return Outcome(final, grade if passed else Grade.FAIL, passed, below)


@dataclass(frozen=True)
class AbsenceLimit:
    """At most ``numerator/denominator`` of the buổi a learner was enrolled for may be missed."""

    numerator: int = 1
    denominator: int = 3

    def allowed(self, sessions: int) -> int:
        """How many absences are still acceptable out of ``sessions`` buổi (exactly at the limit is fine)."""
        if self.denominator <= 0:
            return sessions
        return math.floor(Fraction(self.numerator, self.denominator) * sessions)

    def exceeded(self, absences: int, sessions: int) -> bool:
        return absences > self.allowed(sessions)

    def describe(self) -> str:
        return f"{self.numerator}/{self.denominator} số buổi"


@dataclass(frozen=True)
class AttendanceTally:
    """One learner's attendance over the buổi that took place after they enrolled."""

    sessions: int = 0
    present: int = 0
    late: int = 0
    excused: int = 0
    unexcused: int = 0
    unmarked: int = 0

    @property
    def absences(self) -> int:
        return self.excused + self.unexcused


def tally(statuses: Iterable[AttendanceStatus | None]) -> AttendanceTally:
    """Count the marks of the buổi a learner was expected at (None: not marked yet)."""
    counts = {status: 0 for status in AttendanceStatus}
    sessions = unmarked = 0
    for status in statuses:
        sessions += 1
        if status is None:
            unmarked += 1
        else:
            counts[status] += 1
    return AttendanceTally(
        sessions=sessions,
        present=counts[AttendanceStatus.PRESENT],
        late=counts[AttendanceStatus.LATE],
        excused=counts[AttendanceStatus.EXCUSED],
        unexcused=counts[AttendanceStatus.UNEXCUSED],
        unmarked=unmarked,
    )


def expected_at(session_date: date, enrolled_on: date, withdrawn_on: date | None = None) -> bool:
    """Was the learner in the class on that buổi? Before enrolling (or after withdrawing) they were not:
    such a buổi shows "chưa vào lớp" and never counts as an absence."""
    return enrolled_on <= session_date and (withdrawn_on is None or session_date <= withdrawn_on)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = ()


def certificate_eligibility(
    attendance: AttendanceTally,
    limit: AbsenceLimit,
    result: Outcome | None,
    *,
    withdrawn: bool = False,
    assessed: bool = True,
) -> Eligibility:
    """May this learner receive the class's certificate? Reasons are in Vietnamese, for the clerk.

    ``assessed`` is False for programmes without scored components: attendance alone decides.
    """
    reasons: list[str] = []
    if withdrawn:
        reasons.append("Đã thôi học")
    if limit.exceeded(attendance.absences, attendance.sessions):
        reasons.append(
            f"Vắng {attendance.absences}/{attendance.sessions} buổi, quá {limit.describe()} "
            f"(tối đa {limit.allowed(attendance.sessions)} buổi)"
        )
    if assessed:
        if result is None or result.final is None:
            reasons.append("Chưa đủ điểm")
        elif not result.passed:
            if result.failed_components:
                reasons.append("Dưới điểm tối thiểu: " + ", ".join(result.failed_components))
            else:
                reasons.append("Kết quả không đạt")
    return Eligibility(not reasons, tuple(reasons))
