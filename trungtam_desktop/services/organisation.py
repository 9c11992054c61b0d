"""The centre's level and communes served (dated settings) and the period's figures per commune served.

The dated list is kept through the settings service (``app_setting`` key ``service_areas``, audited like
every setting). Counting follows the period report exactly (:mod:`trungtam_desktop.services.reports`): a
class belongs to the period by its end date (or start date), every class counts whatever its status, and a
learner place is an enrolment that was not withdrawn. Here a class counts at the commune it was held at and
a place at the learner's commune; the rest has rows of its own, so the totals equal the report's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.access import Permission
from trungtam_desktop.domain.enums import EnrolmentStatus
from trungtam_desktop.domain.organisation import (
    CommuneFigures,
    ServiceArea,
    area_on,
    areas_from_json,
    areas_to_json,
    commune_lines,
    validate_areas,
)
from trungtam_desktop.domain.reports import ClassBasis, Period, period_range
from trungtam_desktop.services.base import Service, ServiceContext
from trungtam_desktop.services.settings import SettingsService

AREAS_KEY = "service_areas"


class OrganisationService(Service):
    def __init__(self, context: ServiceContext, settings: SettingsService | None = None) -> None:
        super().__init__(context)
        self._settings = settings or SettingsService(context)

    # -- the dated list ------------------------------------------------------------------------------------
    def areas(self) -> list[ServiceArea]:
        """Every service area, oldest first."""
        return areas_from_json(self._settings.value(AREAS_KEY, []))

    def save_areas(self, areas: Sequence[ServiceArea]) -> list[ServiceArea]:
        """Replace the whole dated list (checked as a whole: every problem at once, nothing half saved)."""
        self._require(Permission.SETTINGS)
        cleaned = validate_areas(areas)
        self._settings.set_value(AREAS_KEY, areas_to_json(cleaned))
        return cleaned

    def area_on(self, day: date | None = None) -> ServiceArea | None:
        """The area in force on ``day`` (today by default)."""
        return area_on(self.areas(), day or self._ctx.today())

    def commune_choices(self, day: date | None = None) -> list[str]:
        """The communes served on ``day`` (today by default), for the learner and class forms."""
        area = self.area_on(day)
        return list(area.communes) if area else []

    # -- figures -------------------------------------------------------------------------------------------
    def commune_figures(
        self, year: int, period: Period, basis: ClassBasis = ClassBasis.END
    ) -> CommuneFigures:
        """Classes and learner places of the period per commune served (the report's counting rules)."""
        start, end = period_range(year, period)
        column = orm.TrainingClass.end_date if basis is ClassBasis.END else orm.TrainingClass.start_date
        with self._read() as session:
            class_communes = session.scalars(
                select(orm.TrainingClass.commune).where(column.between(start, end))
            ).all()
            place_communes = session.scalars(
                select(orm.Learner.commune)
                .join(orm.Enrolment, orm.Enrolment.learner_id == orm.Learner.id)
                .join(orm.TrainingClass, orm.TrainingClass.id == orm.Enrolment.class_id)
                .where(column.between(start, end), orm.Enrolment.status != EnrolmentStatus.WITHDRAWN.value)
            ).all()
        return commune_lines(self.areas(), start, end, class_communes, place_communes)
