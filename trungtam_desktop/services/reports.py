"""Periodic reports and the teaching pay list, computed from the database alone; the annual plan; drafts.

The service only queries; the rules are the domain's (:mod:`trungtam_desktop.domain.reports`: periods, age
bands, the report's lines; :mod:`trungtam_desktop.domain.report_rules`: places, composition, quality, the
plan, the draft, pay). What is counted:

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
from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.class_state import ENDED_STATUSES
from trungtam_desktop.domain.enums import (
    AuditAction,
    ClassStatus,
    EnrolmentStatus,
    LecturerType,
)
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.report_rules import (
    ClassPlaces,
    PayRate,
    Place,
    PlanRow,
    ProgrammeTally,
    Teaching,
    check_plan,
    choose_rate,
    clean_draft,
    composition,
    lecturer_type_order,
    pay_line,
    quality,
)
from trungtam_desktop.domain.reports import (
    CertificateCounts,
    ClassBasis,
    ClassLine,
    LecturerLine,
    PayList,
    Period,
    PeriodReport,
    ProgrammeLine,
    ReportDraft,
    check_year,
    period_range,
)
from trungtam_desktop.domain.vietnamese import fold, person_sort_key
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.centre_identity import printed_centre

DRAFT_KEY = "report_draft:{year}:{period}"


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
        seen = check_plan(rows)
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
        cleaned = clean_draft(draft)
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
            lines, people = composition(year, places)
            graded_programmes = set(session.scalars(select(orm.AssessmentComponent.programme_id).distinct()))
            return PeriodReport(
                year=year,
                period=period,
                basis=basis,
                start=start,
                end=end,
                programmes=programmes,
                composition=lines,
                places=len(places),
                people=people,
                quality=quality(places, graded_programmes),
                certificates=self._certificates(session, start, end),
                lecturers=self._lecturer_lines(session, year_start, start, end),
                classes=self._class_lines(session, [r for r in ytd_classes if r.id in in_period], places_of),
            )

    @staticmethod
    def _places(session: Session, first: date, last: date, column) -> dict[int, ClassPlaces]:  # type: ignore[no-untyped-def]
        """The places of each class dated ``first``..``last``."""
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
        return {class_id: ClassPlaces(count, int(done or 0)) for class_id, count, done in rows}

    @staticmethod
    def _programme_lines(session, year, ytd_classes, in_period, places_of) -> list[ProgrammeLine]:  # type: ignore[no-untyped-def]
        plans = {
            p.programme_id: p
            for p in session.scalars(select(orm.AnnualPlan).where(orm.AnnualPlan.year == year))
        }
        tally: dict[int, ProgrammeTally] = defaultdict(ProgrammeTally)
        for row in ytd_classes:
            places = places_of.get(row.id, ClassPlaces()).active
            tally[row.programme_id].count(places, in_period=row.id in in_period)
        lines = []
        for programme in session.scalars(select(orm.Programme).order_by(orm.Programme.id)):
            plan = plans.get(programme.id)
            if programme.id not in tally and plan is None and not programme.active:
                continue
            lines.append(
                tally.get(programme.id, ProgrammeTally()).line(
                    programme.name,
                    plan.planned_classes if plan else 0,
                    plan.planned_learners if plan else 0,
                )
            )
        return lines

    @staticmethod
    def _period_places(session: Session, start: date, end: date, column) -> list[Place]:  # type: ignore[no-untyped-def]
        rows = session.execute(
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
        return [Place(*row) for row in rows]

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
    def _teaching(session: Session, first: date, last: date) -> dict[int, Teaching]:
        """Each lecturer's teaching in the buổi dated ``first``..``last``."""
        rows = session.execute(
            select(orm.ClassSession.lecturer_id, func.sum(orm.ClassSession.tiet), func.count())
            .where(orm.ClassSession.date.between(first, last), orm.ClassSession.lecturer_id.is_not(None))
            .group_by(orm.ClassSession.lecturer_id)
        ).all()
        return {lecturer_id: Teaching(int(tiet or 0), n) for lecturer_id, tiet, n in rows}

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
            taught = period.get(lecturer.id, Teaching())
            lines.append(
                (
                    lecturer_type_order(lecturer.lecturer_type),
                    person_sort_key(lecturer.full_name, None, None),
                    LecturerLine(
                        LecturerType(lecturer.lecturer_type).label,
                        lecturer.full_name,
                        lecturer.position,
                        taught.tiet,
                        taught.buoi,
                        ytd.get(lecturer.id, Teaching()).tiet,
                        quota,
                    ),
                )
            )
        return [line for *_key, line in sorted(lines, key=lambda x: (x[0], x[1]))]

    @staticmethod
    def _class_lines(session: Session, rows, places_of: dict[int, ClassPlaces]) -> list[ClassLine]:  # type: ignore[no-untyped-def]
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
                places_of.get(r.id, ClassPlaces()).active,
                places_of.get(r.id, ClassPlaces()).completed,
            )
            for r in rows
        ]

    # -- the pay list ----------------------------------------------------------------------------------------
    def pay_list(self, year: int, period: Period) -> PayList:
        """Per lecturer who taught in the period: tiết, buổi, the rate for their type and title, amount
        (the rule: :mod:`trungtam_desktop.domain.report_rules`)."""
        start, end = period_range(year, period)
        with self._read() as session:
            taught = self._teaching(session, start, end)
            rates = {
                (r.lecturer_type, fold(r.title)): PayRate(r.unit, r.amount)
                for r in session.scalars(select(orm.LecturerRate))
            }
            lines = []
            if taught:
                lecturers = session.scalars(select(orm.Lecturer).where(orm.Lecturer.id.in_(list(taught))))
                for lecturer in lecturers:
                    kind, position = lecturer.lecturer_type, lecturer.position
                    rate = choose_rate(rates, kind, position)
                    line = pay_line(kind, lecturer.full_name, position, taught[lecturer.id], rate)
                    key = (lecturer_type_order(kind), person_sort_key(lecturer.full_name, None, None))
                    lines.append((key, line))
            return PayList(
                year, period, start, end, [line for _key, line in sorted(lines, key=lambda x: x[0])]
            )
