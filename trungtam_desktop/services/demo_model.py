"""The demo generator's vocabulary: scales, how each programme's classes look, and the records the
builder fills before writing rows (see :mod:`trungtam_desktop.services.demo`)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from trungtam_desktop.domain.enums import Grade
from trungtam_desktop.domain.models import AssessmentComponent, GradingBand
from trungtam_desktop.services import demo_names as names

Progress = Callable[[str, int, int], None]
Row = dict[str, Any]

CHUNK = 20_000
CLOSE_AFTER = timedelta(days=60)  # a finished class's results are locked about two months after it ends


@dataclass(frozen=True)
class Scale:
    years: int
    classes_per_year: int
    reuse: float  # scales the chance that a place goes to someone already known


SCALES = {"small": Scale(1, 80, 0.55), "large": Scale(20, 150, 0.92)}


@dataclass(frozen=True)
class Kind:
    """How classes of one default programme look: share of all classes, size, length and who attends."""

    share: float
    size: Callable[[random.Random], int]
    buoi: tuple[int, ...] = ()  # possible numbers of buổi; empty: as the programme's lessons require
    reuse: float = 0.0  # chance a place goes to someone already known rather than a new learner
    non_members: float = 0.0  # share of places for people who are not Party members


KINDS = {
    "SCLLCT": Kind(0.07, lambda r: r.randint(40, 60), reuse=0.5),
    "NTVD": Kind(0.19, lambda r: int(r.triangular(40, 80, 50))),
    "DVM": Kind(0.15, lambda r: r.randint(25, 55)),
    "BDCB": Kind(0.17, lambda r: r.randint(25, 50), reuse=0.8),
    "CNKT": Kind(0.22, lambda r: int(r.triangular(30, 70, 38)), (2, 2, 3, 4, 6), 0.55, 0.08),
    "HNQT": Kind(0.20, lambda r: min(200, 50 + int(r.expovariate(1 / 30))), (1, 1, 2, 2, 2, 3, 4), 0.55, 0.1),
}
# Classes open less often around Tết and in the summer holidays.
MONTH_WEIGHTS = (0.6, 0.4, 1.2, 1.2, 1.1, 1.0, 0.8, 0.9, 1.1, 1.2, 1.1, 0.9)
WITHDRAW_REASONS = (
    "Xin thôi học vì lý do sức khỏe",
    "Xin thôi học vì lý do công tác",
    "Xin thôi học vì lý do gia đình",
)


def reference_today(seed: int) -> date:
    """The demo's fixed "today": 20 November of the year the seed spells (20240101 → 2024), else 2024."""
    year = seed // 10_000
    return date(year if 2000 <= year <= 2100 else 2024, 11, 20)


@dataclass
class ProgrammeInfo:
    id: int
    code: str
    tiet_per_buoi: int
    certificate: bool
    limit: tuple[int, int]
    lessons: list[tuple[int, str, int]]  # (id, title, tiết)
    components: list[tuple[int, int, float]]  # (id, weight %, minimum score)
    bands: list[tuple[str, float]]  # (grade, minimum), best first
    name: str = ""
    kind: str = "khong"  # the programme's certificate kind (a CertificateKind value)


@dataclass(eq=False)
class DemoClass:
    id: int
    programme: ProgrammeInfo
    start: date
    size: int
    part_time: bool
    plan: list[tuple[int, str]] = field(default_factory=list)  # (lesson id, title) of each buổi
    sessions: list[tuple[int, date, str]] = field(default_factory=list)  # (session id, date, half-day)
    row: Row = field(default_factory=dict)
    enrolments: list[tuple[int, DemoLearner, date, date | None, str]] = field(default_factory=list)
    # Once the class has ended: (enrolment id, learner id, grade) of each learner eligible for a certificate.
    certified: list[tuple[int, int, str | None]] = field(default_factory=list)

    @property
    def end(self) -> date:
        return self.sessions[-1][1]


@dataclass(eq=False)
class DemoLearner:
    id: int
    person: names.Person
    birth_year: int
    birth_date: date | None
    ability: float
    absentee: bool
    join: date | None = None
    full: date | None = None
    busy_until: date = date.min
    first_seen: date = date.max
    so_cap_end: date | None = None


def programme_rules(
    programme: ProgrammeInfo,
) -> tuple[tuple[AssessmentComponent, ...], tuple[GradingBand, ...]]:
    """The programme's components and grading bands as the grading rules take them."""
    components = tuple(
        AssessmentComponent(f"Cột điểm {position}", weight, minimum, component_id)
        for position, (component_id, weight, minimum) in enumerate(programme.components, start=1)
    )
    return components, tuple(GradingBand(Grade(grade), minimum) for grade, minimum in programme.bands)
