"""Excel exports: the learner list, the list of classes, a class's roster with its results, the blank import
template, and the rows of an import that were not imported (with their reason), to send back.

The service reads; the workbooks' columns and layout are :mod:`trungtam_desktop.documents.list_workbooks`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from trungtam_desktop.db import models as orm
from trungtam_desktop.documents.list_workbooks import (
    ListedLearner,
    RosterLine,
    classes_workbook,
    learners_workbook,
    rejected_rows_workbook,
    roster_workbook,
    template_workbook,
)
from trungtam_desktop.domain.enums import EnrolmentStatus, Gender, PartyStatus
from trungtam_desktop.domain.import_plan import ImportPlan
from trungtam_desktop.domain.models import TrainingClass
from trungtam_desktop.domain.vietnamese import person_sort_key
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.guards import class_row
from trungtam_desktop.services.learners import search_filter
from trungtam_desktop.services.results import load_sheet


def _listed(learner: orm.Learner) -> ListedLearner:
    return ListedLearner(
        full_name=learner.full_name,
        birth=learner.birth_date if learner.birth_date is not None else learner.birth_year,
        gender=Gender(learner.gender).label if learner.gender else "",
        cccd=learner.cccd or "",
        ethnicity=learner.ethnicity,
        religion=learner.religion,
        position=learner.position,
        unit=learner.unit,
        party_cell=learner.party_cell,
        hometown=learner.hometown,
        address=learner.address,
        phone=learner.phone,
        notes=learner.notes,
        party_status=PartyStatus(learner.party_status).label,
    )


class ExportService(Service):
    def learners_xlsx(self, query: str = "", *, include_archived: bool = False) -> bytes:
        """Every learner matching the search (all of them for ""), in the Vietnamese name order."""
        conditions = search_filter(query)
        if not include_archived:
            conditions.append(orm.Learner.archived.is_(False))
        with self._read() as session:
            stmt = select(orm.Learner).where(*conditions).order_by(orm.Learner.sort_key, orm.Learner.id)
            learners = [_listed(learner) for learner in session.scalars(stmt)]
        return learners_workbook(learners)

    @staticmethod
    def classes_xlsx(classes: Sequence[TrainingClass]) -> bytes:
        """The list of classes as the Classes tab shows it (``ClassService.list`` results)."""
        return classes_workbook(classes)

    def roster_xlsx(self, class_id: int, *, with_results: bool = True) -> bytes:
        """A class's learners (the import template's columns) and, when asked, scores, result and absences."""
        with self._read() as session:
            klass = class_row(session, class_id)
            title = f"DANH SÁCH HỌC VIÊN LỚP {klass.code.upper()} – {klass.name.upper()}"
            stmt = (
                select(orm.Enrolment, orm.Learner)
                .join(orm.Learner, orm.Enrolment.learner_id == orm.Learner.id)
                .where(orm.Enrolment.class_id == class_id)
            )
            pairs = sorted(
                ((row[0], row[1]) for row in session.execute(stmt)),
                key=lambda p: (person_sort_key(p[1].full_name, p[1].birth_date, p[1].birth_year), p[1].id),
            )
            lines = [
                RosterLine(
                    enrolment.id,
                    _listed(learner),
                    enrolment.enrolled_on,
                    EnrolmentStatus(enrolment.status).label,
                    enrolment.note or learner.notes,
                )
                for enrolment, learner in pairs
            ]
            sheet = load_sheet(session, class_id) if with_results else None
            code = klass.code
        return roster_workbook(code, title, lines, sheet)

    @staticmethod
    def template_xlsx() -> bytes:
        """The blank import template: a title, how to fill it in, and the expected columns."""
        return template_workbook()

    @staticmethod
    def rejected_rows_xlsx(plan: ImportPlan) -> bytes:
        """The rows of a dry run that will not be imported, as read from the file, with the reason."""
        return rejected_rows_workbook(plan)
