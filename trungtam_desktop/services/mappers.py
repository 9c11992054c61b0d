"""Conversions between ORM rows and the domain's frozen objects."""

from __future__ import annotations

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.enums import (
    CertificateKind,
    ClassMode,
    ClassStatus,
    Gender,
    Grade,
    LecturerType,
    PartyStatus,
    ProgrammeKind,
    StaffRole,
)
from trungtam_desktop.domain.vietnamese import fold, sort_string

LEARNER_FIELDS = (
    "full_name",
    "birth_date",
    "birth_year",
    "ethnicity",
    "religion",
    "hometown",
    "address",
    "cccd",
    "phone",
    "position",
    "unit",
    "party_cell",
    "commune",
    "party_join_date",
    "party_full_date",
    "education",
    "speciality",
    "theory_level",
    "notes",
)
LECTURER_FIELDS = (
    "full_name",
    "position",
    "unit",
    "qualification",
    "theory_level",
    "appointment_decision",
    "appointment_date",
    "phone",
    "active",
    "notes",
)
CLASS_FIELDS = (
    "programme_id",
    "code",
    "name",
    "start_date",
    "end_date",
    "venue",
    "commune",
    "co_organiser",
    "homeroom_lecturer_id",
    "notes",
)


def learner_to_domain(row: orm.Learner, class_count: int = 0) -> dm.Learner:
    return dm.Learner(
        **{name: getattr(row, name) for name in LEARNER_FIELDS},
        gender=Gender(row.gender) if row.gender else None,
        party_status=PartyStatus(row.party_status),
        archived=row.archived,
        id=row.id,
        class_count=class_count,
    )


def learner_values(learner: dm.Learner) -> dict[str, object]:
    """Column values for an ORM learner row, including the derived search and sort keys."""
    values: dict[str, object] = {name: getattr(learner, name) for name in LEARNER_FIELDS}
    values.update(
        gender=learner.gender.value if learner.gender else None,
        party_status=learner.party_status.value,
        name_key=fold(learner.full_name),
        sort_key=sort_string(learner.full_name, learner.birth_date, learner.birth_year),
        unit_key=fold(learner.unit),
    )
    return values


def lecturer_to_domain(row: orm.Lecturer) -> dm.Lecturer:
    return dm.Lecturer(
        **{name: getattr(row, name) for name in LECTURER_FIELDS},
        lecturer_type=LecturerType(row.lecturer_type),
        role=StaffRole(row.role),
        id=row.id,
    )


def lecturer_values(lecturer: dm.Lecturer) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(lecturer, name) for name in LECTURER_FIELDS}
    values.update(
        lecturer_type=lecturer.lecturer_type.value,
        role=lecturer.role.value,
        name_key=fold(lecturer.full_name),
        sort_key=sort_string(lecturer.full_name),
    )
    return values


def class_to_domain(row: orm.TrainingClass, learner_count: int = 0) -> dm.TrainingClass:
    return dm.TrainingClass(
        **{name: getattr(row, name) for name in CLASS_FIELDS},
        mode=ClassMode(row.mode),
        status=ClassStatus(row.status),
        locked=row.locked,
        id=row.id,
        programme_name=row.programme.name if row.programme else "",
        homeroom_lecturer_name=row.homeroom_lecturer.full_name if row.homeroom_lecturer else "",
        learner_count=learner_count,
    )


def class_values(training_class: dm.TrainingClass) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(training_class, name) for name in CLASS_FIELDS}
    values.update(mode=training_class.mode.value, status=training_class.status.value)
    return values


def programme_to_domain(row: orm.Programme) -> dm.Programme:
    return dm.Programme(
        code=row.code,
        name=row.name,
        kind=ProgrammeKind(row.kind),
        certificate_kind=CertificateKind(row.certificate_kind),
        tiet_per_buoi=row.tiet_per_buoi,
        absence_limit_num=row.absence_limit_num,
        absence_limit_den=row.absence_limit_den,
        lessons=tuple(dm.Lesson(title=x.title, tiet=x.tiet, id=x.id) for x in row.lessons),
        components=tuple(
            dm.AssessmentComponent(
                name=c.name, weight_percent=c.weight_percent, min_score=c.min_score, id=c.id
            )
            for c in row.components
        ),
        bands=tuple(dm.GradingBand(Grade(b.grade), b.min_score) for b in row.bands),
        active=row.active,
        id=row.id,
    )
