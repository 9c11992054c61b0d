"""A class with learners and a timetable but no marks nor scores, written in one transaction.

Shared by the attendance and results tests (db and GUI) and the class-work benchmark. It writes through
the ORM because the roster and timetable services are tested on their own; the learners get Vietnamese
names that sort in a known order (``NAMES`` is already in the Vietnamese order of given names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.enums import EnrolmentStatus, HalfDay
from trungtam_desktop.domain.validation import validate_class, validate_listed_learner
from trungtam_desktop.services.mappers import class_values, learner_values

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Võ", "Đỗ", "Huỳnh")
_MIDDLE = ("Thị", "Văn", "Minh", "Ngọc", "Quang", "Thu", "Hữu", "Đức")
# Given names in the Vietnamese alphabetical order, so learner i sorts before learner i + 1 when i < 24.
_GIVEN = (
    "An",
    "Anh",
    "Ánh",
    "Bình",
    "Châu",
    "Cúc",
    "Dung",
    "Đào",
    "Đức",
    "Giang",
    "Hà",
    "Hạnh",
    "Hùng",
    "Khánh",
    "Lan",
    "Mai",
    "Mỵ",
    "Nam",
    "Oanh",
    "Phúc",
    "Quân",
    "Thảo",
    "Tuấn",
    "Yến",
)


def learner_name(index: int) -> str:
    given = _GIVEN[index % len(_GIVEN)]
    return f"{_FAMILY[index % len(_FAMILY)]} {_MIDDLE[index % len(_MIDDLE)]} {given}"


@dataclass(frozen=True)
class BuiltClass:
    class_id: int
    code: str
    session_ids: tuple[int, ...]  # in timetable order
    session_dates: tuple[date, ...]
    enrolment_ids: tuple[int, ...]  # in creation order (learner_name(0), learner_name(1), ...)
    names: tuple[str, ...]


def teaching_slots(start: date, count: int) -> list[tuple[date, HalfDay]]:
    """``count`` buổi from ``start``: morning then afternoon, Sundays skipped."""
    slots: list[tuple[date, HalfDay]] = []
    day = start
    while len(slots) < count:
        if day.weekday() != 6:
            slots += [(day, HalfDay.MORNING), (day, HalfDay.AFTERNOON)][: count - len(slots)]
        day += timedelta(days=1)
    return slots


def build_class(
    database,  # type: ignore[no-untyped-def]
    *,
    code: str = "NTVD-2024-09",
    programme_code: str = "NTVD",
    learners: int = 6,
    sessions: int = 10,
    start: date = date(2024, 6, 10),
    enrolled_on: Sequence[date | None] = (),
    withdrawn_on: Sequence[date | None] = (),
) -> BuiltClass:
    """A class of ``learners`` × ``sessions``; ``enrolled_on[i]`` / ``withdrawn_on[i]`` (when given and not
    None) set learner i's enrolment and withdrawal dates (default: enrolled on the first day)."""
    slots = teaching_slots(start, sessions)
    with database.write_sessions.begin() as session:
        programme = session.scalar(select(orm.Programme).where(orm.Programme.code == programme_code))
        assert programme is not None, programme_code
        klass = dm.TrainingClass(programme.id, code, f"Lớp {code}", slots[0][0], slots[-1][0])
        class_row = orm.TrainingClass(**class_values(validate_class(klass)))
        session.add(class_row)
        session.flush()
        session_rows = [
            orm.ClassSession(
                class_id=class_row.id,
                date=day,
                half_day=half.value,
                title=f"Bài {i + 1}",
                tiet=programme.tiet_per_buoi,
            )
            for i, (day, half) in enumerate(slots)
        ]
        session.add_all(session_rows)
        learner_rows = [
            orm.Learner(
                **learner_values(
                    validate_listed_learner(
                        dm.Learner(learner_name(i), birth_year=1970 + i % 30, unit="Chi bộ thôn 3"),
                        date(2024, 11, 20),
                    )
                )
            )
            for i in range(learners)
        ]
        session.add_all(learner_rows)
        session.flush()
        enrolments = []
        for i, learner in enumerate(learner_rows):
            joined = enrolled_on[i] if i < len(enrolled_on) and enrolled_on[i] else slots[0][0]
            left = withdrawn_on[i] if i < len(withdrawn_on) else None
            enrolments.append(
                orm.Enrolment(
                    class_id=class_row.id,
                    learner_id=learner.id,
                    enrolled_on=joined,
                    withdrawn_on=left,
                    status=(EnrolmentStatus.WITHDRAWN if left else EnrolmentStatus.ACTIVE).value,
                )
            )
        session.add_all(enrolments)
        session.flush()
        return BuiltClass(
            class_row.id,
            code,
            tuple(row.id for row in session_rows),
            tuple(day for day, _ in slots),
            tuple(row.id for row in enrolments),
            tuple(learner_name(i) for i in range(learners)),
        )


def pass_everyone(services, built: BuiltClass, score: float = 8.0) -> None:  # type: ignore[no-untyped-def]
    """Every learner present at every buổi and given ``score`` in the programme's first component (through
    the services, so the stored results follow): a class ready for its certificates or its lock."""
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): score for e in built.enrolment_ids})
