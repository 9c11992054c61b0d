"""The set of services one program run uses; built once in app.py and handed to the windows."""

from __future__ import annotations

from dataclasses import dataclass

from trungtam_desktop.services.base import ServiceContext
from trungtam_desktop.services.classes import ClassService
from trungtam_desktop.services.defaults import DefaultsService
from trungtam_desktop.services.learners import LearnerService
from trungtam_desktop.services.lecturers import LecturerService
from trungtam_desktop.services.programmes import ProgrammeService
from trungtam_desktop.services.settings import SettingsService


@dataclass(frozen=True)
class Services:
    context: ServiceContext
    settings: SettingsService
    programmes: ProgrammeService
    classes: ClassService
    learners: LearnerService
    lecturers: LecturerService
    defaults: DefaultsService

    @classmethod
    def create(cls, context: ServiceContext) -> Services:
        return cls(
            context=context,
            settings=SettingsService(context),
            programmes=ProgrammeService(context),
            classes=ClassService(context),
            learners=LearnerService(context),
            lecturers=LecturerService(context),
            defaults=DefaultsService(context),
        )
