"""Helpers shared by the roster and timetable tests: classes, learners, and rows written behind the services'
back (attendance marks, scores, certificates, a lock) for features other services own."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date

from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.models import Learner, Lecturer, TrainingClass


def programme_id(services, code: str) -> int:  # type: ignore[no-untyped-def]
    return next(p.id for p in services.programmes.list() if p.code == code)


def make_class(services, code: str, start: date, end: date, programme: str = "NTVD") -> int:  # type: ignore[no-untyped-def]
    created = services.classes.create(
        TrainingClass(programme_id(services, programme), code, f"Lớp {code}", start, end)
    )
    return created.id


def make_learner(services, name: str, birth_year: int = 1990, **fields: object) -> int:  # type: ignore[no-untyped-def]
    return services.learners.create(Learner(name, birth_year=birth_year, **fields, gender=Gender.FEMALE)).id  # type: ignore[arg-type]


def make_lecturer(services, name: str) -> int:  # type: ignore[no-untyped-def]
    return services.lecturers.create(Lecturer(name)).id


def sql(opened, statement: str, *args: object) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    """Run one statement on the database file directly (committed) and return its rows."""
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        rows = conn.execute(statement, args).fetchall()
        conn.commit()
        return rows


def count(opened, table: str, where: str = "1 = 1", *args: object) -> int:  # type: ignore[no-untyped-def]
    return sql(opened, f"SELECT count(*) FROM {table} WHERE {where}", *args)[0][0]


def lock(opened, class_id: int) -> None:  # type: ignore[no-untyped-def]
    sql(opened, "UPDATE training_class SET locked = 1 WHERE id = ?", class_id)


def mark(opened, enrolment_id: int, session_id: int, status: str = "co_mat") -> None:  # type: ignore[no-untyped-def]
    sql(opened, "INSERT INTO attendance VALUES (?, ?, ?)", enrolment_id, session_id, status)


def score(opened, enrolment_id: int, value: float = 8.0) -> None:  # type: ignore[no-untyped-def]
    component = sql(opened, "SELECT min(id) FROM assessment_component")[0][0]
    sql(opened, "INSERT INTO score VALUES (?, ?, ?)", enrolment_id, component, value)


def certify(opened, enrolment_id: int) -> None:  # type: ignore[no-untyped-def]
    sql(
        opened,
        "INSERT OR IGNORE INTO certificate_register (id, year, kind, number_format, document_format)"
        " VALUES (1, 2024, 'giay_chung_nhan', '{n}', '{n}')",
    )
    sql(
        opened,
        "INSERT INTO certificate (register_id, number, enrolment_id, serial, issued_on, status, reissue_reason,"
        " override_reason, void_reason, snapshot, template_version, pdf_sha256, verify_code, reprint_count,"
        " created_at) VALUES (1, 1, ?, '', '2024-11-20', 'da_cap', '', '', '', '{}', '', '', 'ABC', 0,"
        " '2024-11-20 10:00:00')",
        enrolment_id,
    )


def marks_of(opened, class_id: int) -> dict[tuple[int, int], str]:  # type: ignore[no-untyped-def]
    """The class's attendance marks as stored: (enrolment id, buổi id) → status code."""
    rows = sql(
        opened,
        "SELECT a.enrolment_id, a.session_id, a.status FROM attendance a "
        "JOIN enrolment e ON e.id = a.enrolment_id WHERE e.class_id = ?",
        class_id,
    )
    return {(e, s): status for e, s, status in rows}
