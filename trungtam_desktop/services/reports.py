"""Periodic reports and the teaching pay list, computed from the database alone; the annual plan; drafts.

Counting rules (see :mod:`trungtam_desktop.domain.reports` for periods and age bands):

* a class counts in the period in which it ends (``ClassBasis.END``, default) or starts (``START``);
  every class is counted whatever its status;
* a learner place (lượt học viên) is an enrolment that was not withdrawn: one person in two classes
  counts twice; distinct people are counted separately;
* year to date is 1 January up to the period's last day; the plan is the year's ``annual_plan`` rows;
* teaching hours (tiết) and buổi count by the date of each buổi, for the lecturer recorded on it; the
  quota is the yearly lecturing hours of the lecturer's staff role (1 tiết = 1 giờ chuẩn);
* certificates: issued = first issues dated in the period, re-issued = replacements dated in the
  period, voided = certificates voided in the period (from the audit trail, which dates the voiding);
* a learner "completed" a class when it is finished or closed, the place was not withdrawn and the
  result is not a fail.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.class_state import ENDED_STATUSES
from trungtam_desktop.domain.enums import (
    AuditAction,
    ClassStatus,
    EnrolmentStatus,
    Gender,
    Grade,
    LecturerType,
    PartyStatus,
)
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.reports import (
    AGE_BANDS,
    AGE_UNKNOWN,
    CertificateCounts,
    ClassBasis,
    ClassLine,
    CountLine,
    LecturerLine,
    PayLine,
    PayList,
    Period,
    PeriodReport,
    ProgrammeLine,
    Quality,
    ReportDraft,
    age_band,
    check_year,
    has_religion,
    is_ethnic_minority,
    period_range,
)
from trungtam_desktop.domain.vietnamese import clean_text, fold, person_sort_key
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.centre_identity import printed_centre

GENDER_UNKNOWN = "Không rõ giới tính"
MAX_PLANNED = 1_000_000
DRAFT_KEY = "report_draft:{year}:{period}"
DRAFT_TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class PlanRow:
    """One programme's line of the annual plan grid."""

    programme_id: int
    programme: str
    planned_classes: int
    planned_learners: int


class ReportService(Service):
    ENTITY = "annual_plan"

    # -- annual plan ---------------------------------------------------------------------------------------
    def plan(self, year: int) -> list[PlanRow]:
        """Every active programme (and any inactive one with a plan that year), with its planned figures."""
        check_year(year)
        with self._read() as session:
            plans = {
                p.programme_id: p
                for p in session.scalars(select(orm.AnnualPlan).where(orm.AnnualPlan.year == year))
            }
            rows = []
            for programme in session.scalars(select(orm.Programme).order_by(orm.Programme.id)):
                plan = plans.get(programme.id)
                if plan is None and not programme.active:
                    continue
                rows.append(
                    PlanRow(
                        programme.id,
                        programme.name,
                        plan.planned_classes if plan else 0,
                        plan.planned_learners if plan else 0,
                    )
                )
            return rows

    def save_plan(self, year: int, rows: list[PlanRow]) -> None:
        """Replace the year's plan in one transaction; nothing is written when any row is invalid."""
        check_year(year)
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
        with self._write() as session:
            known = set(session.scalars(select(orm.Programme.id)))
            missing = seen - known
            if missing:
                raise ValidationError(
                    "plan", "Có chương trình không còn trong cơ sở dữ liệu; mở lại lưới kế hoạch."
                )
            old = session.scalars(select(orm.AnnualPlan).where(orm.AnnualPlan.year == year)).all()
            before = {str(p.programme_id): [p.planned_classes, p.planned_learners] for p in old}
            session.execute(delete(orm.AnnualPlan).where(orm.AnnualPlan.year == year))
            after: dict[str, object] = {}
            for row in rows:
                if row.planned_classes or row.planned_learners:
                    session.add(
                        orm.AnnualPlan(
                            year=year,
                            programme_id=row.programme_id,
                            planned_classes=row.planned_classes,
                            planned_learners=row.planned_learners,
                        )
                    )
                    after[str(row.programme_id)] = [row.planned_classes, row.planned_learners]
            changes = diff(before, after)  # type: ignore[arg-type]
            if changes:
                self._audit(session, self.ENTITY, year, AuditAction.UPDATE, changes, f"Kế hoạch năm {year}")

    # -- drafts --------------------------------------------------------------------------------------------
    def draft(self, year: int, period: Period) -> ReportDraft:
        with self._read() as session:
            row = session.get(orm.AppSetting, DRAFT_KEY.format(year=year, period=period.value))
            if row is None:
                return ReportDraft()
            try:
                value = json.loads(row.value)
                issued = value.get("issue_date")
                return ReportDraft(
                    str(value.get("number", "")),
                    date.fromisoformat(issued) if issued else None,
                    str(value.get("limitations", "")),
                    str(value.get("directions", "")),
                )
            except (ValueError, TypeError, AttributeError):
                return ReportDraft()  # an unreadable draft is started again rather than crash

    def save_draft(self, year: int, period: Period, draft: ReportDraft) -> ReportDraft:
        check_year(year)
        cleaned = ReportDraft(
            clean_text(draft.number)[:30],
            draft.issue_date,
            draft.limitations.strip(),
            draft.directions.strip(),
        )
        if len(cleaned.limitations) > DRAFT_TEXT_LIMIT or len(cleaned.directions) > DRAFT_TEXT_LIMIT:
            raise ValidationError("draft", "Phần nhận xét quá dài (tối đa 20.000 ký tự mỗi phần).")
        value = json.dumps(
            {
                "number": cleaned.number,
                "issue_date": cleaned.issue_date.isoformat() if cleaned.issue_date else None,
                "limitations": cleaned.limitations,
                "directions": cleaned.directions,
            },
            ensure_ascii=False,
        )
        key = DRAFT_KEY.format(year=year, period=period.value)
        with self._write() as session:
            row = session.get(orm.AppSetting, key)
            if row is None:
                session.add(orm.AppSetting(key=key, value=value))
            else:
                row.value = value
        return cleaned

    def centre(self) -> CentreIdentity:
        """The identity the reports print (dotted blanks before the centre is set up)."""
        with self._read() as session:
            return printed_centre(session)

    # -- the period report ---------------------------------------------------------------------------------
    def period_report(self, year: int, period: Period, basis: ClassBasis = ClassBasis.END) -> PeriodReport:
        start, end = period_range(year, period)
        year_start = date(year, 1, 1)
        with self._read() as session:
            column = orm.TrainingClass.end_date if basis is ClassBasis.END else orm.TrainingClass.start_date
            ytd_classes = session.execute(
                select(
                    orm.TrainingClass.id,
                    orm.TrainingClass.programme_id,
                    column,
                    orm.TrainingClass.code,
                    orm.TrainingClass.name,
                    orm.TrainingClass.start_date,
                    orm.TrainingClass.end_date,
                    orm.TrainingClass.status,
                )
                .where(column.between(year_start, end))
                .order_by(orm.TrainingClass.start_date, orm.TrainingClass.code)
            ).all()
            in_period = {row.id for row in ytd_classes if row[2] >= start}
            places_of = self._places(session, year_start, end, column)
            programmes = self._programme_lines(session, year, ytd_classes, in_period, places_of)
            places = self._period_places(session, start, end, column)
            composition, people = _composition(year, places)
            quality = self._quality(session, places)
            return PeriodReport(
                year=year,
                period=period,
                basis=basis,
                start=start,
                end=end,
                programmes=programmes,
                composition=composition,
                places=len(places),
                people=people,
                quality=quality,
                certificates=self._certificates(session, start, end),
                lecturers=self._lecturer_lines(session, year_start, start, end),
                classes=self._class_lines(session, [r for r in ytd_classes if r.id in in_period], places_of),
            )

    @staticmethod
    def _places(session: Session, first: date, last: date, column) -> dict[int, tuple[int, int]]:  # type: ignore[no-untyped-def]
        """(active places, completed) per class for the classes dated ``first``..``last``."""
        completed = case(
            (
                and_(
                    orm.TrainingClass.status.in_([s.value for s in ENDED_STATUSES]),
                    orm.Enrolment.passed.is_not(False),
                ),
                1,
            ),
            else_=0,
        )
        rows = session.execute(
            select(orm.Enrolment.class_id, func.count(), func.sum(completed))
            .join(orm.TrainingClass, orm.TrainingClass.id == orm.Enrolment.class_id)
            .where(column.between(first, last), orm.Enrolment.status != EnrolmentStatus.WITHDRAWN.value)
            .group_by(orm.Enrolment.class_id)
        ).all()
        return {class_id: (count, int(done or 0)) for class_id, count, done in rows}

    @staticmethod
    def _programme_lines(session, year, ytd_classes, in_period, places_of) -> list[ProgrammeLine]:  # type: ignore[no-untyped-def]
        plans = {
            p.programme_id: p
            for p in session.scalars(select(orm.AnnualPlan).where(orm.AnnualPlan.year == year))
        }
        tally: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for row in ytd_classes:
            counts = tally[row.programme_id]
            places = places_of.get(row.id, (0, 0))[0]
            counts[2] += 1
            counts[3] += places
            if row.id in in_period:
                counts[0] += 1
                counts[1] += places
        lines = []
        for programme in session.scalars(select(orm.Programme).order_by(orm.Programme.id)):
            plan = plans.get(programme.id)
            if programme.id not in tally and plan is None and not programme.active:
                continue
            c = tally.get(programme.id, [0, 0, 0, 0])
            lines.append(
                ProgrammeLine(
                    programme.name,
                    c[0],
                    c[1],
                    c[2],
                    c[3],
                    plan.planned_classes if plan else 0,
                    plan.planned_learners if plan else 0,
                )
            )
        return lines

    @staticmethod
    def _quality(session: Session, places) -> Quality:  # type: ignore[no-untyped-def]
        """Places by result: a place is graded when its programme has assessment components (or, should
        they have been removed since, when it has a grade); the others are "not graded"."""
        graded_programmes = set(session.scalars(select(orm.AssessmentComponent.programme_id).distinct()))
        graded = [p for p in places if p.programme_id in graded_programmes or p.grade is not None]
        grades = Counter(p.grade for p in graded)
        return Quality(
            grades=tuple((g.label, grades.get(g.value, 0)) for g in Grade),
            waiting=grades.get(None, 0),
            not_graded=len(places) - len(graded),
            not_passed=sum(1 for p in places if p.passed is False),
        )

    @staticmethod
    def _period_places(session: Session, start: date, end: date, column):  # type: ignore[no-untyped-def]
        return session.execute(
            select(
                orm.TrainingClass.programme_id,
                orm.Enrolment.learner_id,
                orm.Enrolment.grade,
                orm.Enrolment.passed,
                orm.Learner.gender,
                orm.Learner.ethnicity,
                orm.Learner.religion,
                orm.Learner.party_status,
                orm.Learner.birth_year,
            )
            .join(orm.TrainingClass, orm.TrainingClass.id == orm.Enrolment.class_id)
            .join(orm.Learner, orm.Learner.id == orm.Enrolment.learner_id)
            .where(column.between(start, end), orm.Enrolment.status != EnrolmentStatus.WITHDRAWN.value)
        ).all()

    @staticmethod
    def _certificates(session: Session, start: date, end: date) -> CertificateCounts:
        issued = session.execute(
            select(orm.Certificate.replaces_id.is_(None), func.count())
            .where(orm.Certificate.issued_on.between(start, end))
            .group_by(orm.Certificate.replaces_id.is_(None))
        ).all()
        counts = {bool(first): n for first, n in issued}
        voided = session.scalar(
            select(func.count(func.distinct(orm.AuditLog.entity_id))).where(
                orm.AuditLog.entity == "certificate",
                orm.AuditLog.action == AuditAction.VOID.value,
                orm.AuditLog.at >= datetime.combine(start, time.min),
                orm.AuditLog.at <= datetime.combine(end, time.max),
            )
        )
        return CertificateCounts(counts.get(True, 0), counts.get(False, 0), voided or 0)

    @staticmethod
    def _teaching(session: Session, first: date, last: date) -> dict[int, tuple[int, int]]:
        """(tiết, buổi) per lecturer for the buổi dated ``first``..``last``."""
        rows = session.execute(
            select(orm.ClassSession.lecturer_id, func.sum(orm.ClassSession.tiet), func.count())
            .where(orm.ClassSession.date.between(first, last), orm.ClassSession.lecturer_id.is_not(None))
            .group_by(orm.ClassSession.lecturer_id)
        ).all()
        return {lecturer_id: (int(tiet or 0), n) for lecturer_id, tiet, n in rows}

    def _lecturer_lines(
        self, session: Session, year_start: date, start: date, end: date
    ) -> list[LecturerLine]:
        period = self._teaching(session, start, end)
        ytd = self._teaching(session, year_start, end)
        quotas = {q.role: q.lecturing_hours for q in session.scalars(select(orm.LecturerQuota))}
        lines = []
        for lecturer in session.scalars(select(orm.Lecturer)):
            quota = quotas.get(lecturer.role) or None
            if lecturer.id not in ytd and not (lecturer.active and quota):
                continue
            tiet, buoi = period.get(lecturer.id, (0, 0))
            lines.append(
                (
                    _type_order(lecturer.lecturer_type),
                    person_sort_key(lecturer.full_name, None, None),
                    LecturerLine(
                        LecturerType(lecturer.lecturer_type).label,
                        lecturer.full_name,
                        lecturer.position,
                        tiet,
                        buoi,
                        ytd.get(lecturer.id, (0, 0))[0],
                        quota,
                    ),
                )
            )
        return [line for *_key, line in sorted(lines, key=lambda x: (x[0], x[1]))]

    @staticmethod
    def _class_lines(session: Session, rows, places_of: dict[int, tuple[int, int]]) -> list[ClassLine]:  # type: ignore[no-untyped-def]
        if not rows:
            return []
        programmes = dict(session.execute(select(orm.Programme.id, orm.Programme.name)).all())
        return [
            ClassLine(
                r.code,
                r.name,
                programmes.get(r.programme_id, ""),
                r.start_date,
                r.end_date,
                ClassStatus(r.status).label,
                *places_of.get(r.id, (0, 0)),
            )
            for r in rows
        ]

    # -- the pay list ----------------------------------------------------------------------------------------
    def pay_list(self, year: int, period: Period) -> PayList:
        """Per lecturer who taught in the period: tiết, buổi, the rate for their type and title, amount.

        The rate whose title matches the lecturer's position (ignoring case and tone marks) wins over the
        type's general rate (empty title); with neither the amount is 0 and the line says so."""
        start, end = period_range(year, period)
        with self._read() as session:
            taught = self._teaching(session, start, end)
            rates: dict[tuple[str, str], orm.LecturerRate] = {
                (r.lecturer_type, fold(r.title)): r for r in session.scalars(select(orm.LecturerRate))
            }
            lines = []
            if taught:
                lecturers = session.scalars(select(orm.Lecturer).where(orm.Lecturer.id.in_(list(taught))))
                for lecturer in lecturers:
                    tiet, buoi = taught[lecturer.id]
                    rate = rates.get((lecturer.lecturer_type, fold(lecturer.position))) or rates.get(
                        (lecturer.lecturer_type, "")
                    )
                    amount = 0 if rate is None else rate.amount * (tiet if rate.unit == "tiet" else buoi)
                    line = PayLine(
                        LecturerType(lecturer.lecturer_type).label,
                        lecturer.full_name,
                        lecturer.position,
                        tiet,
                        buoi,
                        rate.unit if rate else None,
                        rate.amount if rate else 0,
                        amount,
                    )
                    key = (
                        _type_order(lecturer.lecturer_type),
                        person_sort_key(lecturer.full_name, None, None),
                    )
                    lines.append((key, line))
            return PayList(
                year, period, start, end, [line for _key, line in sorted(lines, key=lambda x: x[0])]
            )


def _type_order(value: str) -> int:
    return [t.value for t in LecturerType].index(value)


def _composition(year: int, places) -> tuple[list[CountLine], int]:  # type: ignore[no-untyped-def]
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
