"""The demo's attendance, scores, results and yearly plans, written in bulk (see
:mod:`trungtam_desktop.services.demo`)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, insert

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.enums import AttendanceStatus, EnrolmentStatus
from trungtam_desktop.domain.grading import (
    AbsenceLimit,
    AttendanceTally,
    Outcome,
    certificate_eligibility,
    expected_at,
    outcome,
    round_score,
)
from trungtam_desktop.services.demo_model import CHUNK, DemoClass, Progress, Row, programme_rules


def write_results(
    conn: Connection,
    classes: Sequence[DemoClass],
    rng: random.Random,
    today: date,
    counts: dict[str, int],
    progress: Progress,
) -> None:
    """Enrolments with their results, attendance for the past buổi, and scores, in bulk chunks;
    ``counts`` gets the rows written under "Lượt học", "Điểm danh" and "Điểm". A class that gives
    certificates and has ended gets the learners eligible for one in ``certified``, by the domain's rule."""
    rand, gauss = rng.random, rng.gauss
    present, late = AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value
    excused, unexcused = AttendanceStatus.EXCUSED.value, AttendanceStatus.UNEXCUSED.value
    active, withdrawn = EnrolmentStatus.ACTIVE.value, EnrolmentStatus.WITHDRAWN.value
    enrolments: list[Row] = []
    marks: list[Row] = []
    scores: list[Row] = []
    total_places = sum(len(c.enrolments) for c in classes)

    def flush() -> None:
        tables = (
            (orm.Enrolment, enrolments, "Lượt học"),
            (orm.Attendance, marks, "Điểm danh"),
            (orm.Score, scores, "Điểm"),
        )
        for model, rows, label in tables:
            if rows:
                conn.execute(insert(model.__table__), rows)  # type: ignore[arg-type]
                counts[label] += len(rows)
                rows.clear()
        progress("Điểm danh và điểm", counts["Lượt học"], total_places)

    for c in classes:
        programme = c.programme
        past = [(sid, day) for sid, day, _ in c.sessions if day < today]
        n = len(c.sessions)
        components = programme.components
        # Component k of K is taken at the end of the k-th K-th part of the course.
        due = [
            c.sessions[math.ceil((k + 1) * n / len(components)) - 1][1] < today
            for k in range(len(components))
        ]
        rules, limit = programme_rules(programme), AbsenceLimit(*programme.limit)
        ended = programme.certificate and c.end < today
        for enrolment_id, x, enrolled_on, withdrawn_on, note in c.enrolments:
            chance = 0.33 if x.absentee else 0.025
            absences = excused_count = 0
            for session_id, day in past:
                if not expected_at(day, enrolled_on, withdrawn_on):
                    continue
                r = rand()
                if r < chance:
                    status = excused if rand() < 0.6 else unexcused
                    absences += 1
                    excused_count += status == excused
                else:
                    status = late if r < chance + 0.02 else present
                marks.append({"enrolment_id": enrolment_id, "session_id": session_id, "status": status})
            final = grade = passed = None
            result: Outcome | None = None
            if withdrawn_on is None:
                expected = sum(1 for _, day, _ in c.sessions if expected_at(day, enrolled_on))
                over_limit = limit.exceeded(absences, expected)
                mean = x.ability - (1.2 if over_limit else 0.0)
                values: dict[int, float] = {}
                for (component_id, _, _), is_due in zip(components, due, strict=True):
                    if is_due:
                        value = min(10.0, max(0.0, round_score(gauss(mean, 0.6))))
                        values[component_id] = value
                        scores.append(
                            {"enrolment_id": enrolment_id, "component_id": component_id, "value": value}
                        )
                if components and len(values) == len(components):
                    result = outcome(*rules, values)
                    final, passed = result.final, result.passed
                    grade = result.grade.value if result.grade else None
                elif not components and programme.certificate and c.end < today:
                    passed = not over_limit
                if ended:
                    attendance = AttendanceTally(
                        sessions=expected, excused=excused_count, unexcused=absences - excused_count
                    )
                    if certificate_eligibility(attendance, limit, result, assessed=bool(components)).eligible:
                        c.certified.append((enrolment_id, x.id, grade))
            enrolments.append(
                {
                    "id": enrolment_id,
                    "class_id": c.id,
                    "learner_id": x.id,
                    "enrolled_on": enrolled_on,
                    "withdrawn_on": withdrawn_on,
                    "status": withdrawn if withdrawn_on else active,
                    "final_score": final,
                    "grade": grade,
                    "passed": passed,
                    "note": note,
                }
            )
        if len(marks) >= CHUNK:
            flush()
    flush()


def annual_plans(classes: Sequence[DemoClass], rng: random.Random) -> list[Row]:
    """A plan per year and programme, set a little below what was then done ("đạt 105% kế hoạch")."""
    done: dict[tuple[int, int], list[int]] = {}
    for c in classes:
        tally = done.setdefault((c.start.year, c.programme.id), [0, 0])
        tally[0] += 1
        tally[1] += c.size
    rows = []
    for (year, programme_id), (classes, places) in sorted(done.items()):
        factor = rng.uniform(0.8, 1.05)
        rows.append(
            {
                "id": len(rows) + 1,
                "year": year,
                "programme_id": programme_id,
                "planned_classes": max(1, round(classes * factor)),
                "planned_learners": max(10, int(round(places * factor, -1))),
            }
        )
    return rows
