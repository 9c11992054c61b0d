"""The set of services one program run uses; built once in app.py and handed to the windows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trungtam_desktop.services.access import AccessService
from trungtam_desktop.services.attendance import AttendanceService
from trungtam_desktop.services.audit import AuditService
from trungtam_desktop.services.base import ServiceContext
from trungtam_desktop.services.certificate_books import CertificateBooks
from trungtam_desktop.services.certificate_issuing import CertificateIssuing
from trungtam_desktop.services.certificate_printing import CertificatePrinting
from trungtam_desktop.services.classes import ClassService
from trungtam_desktop.services.defaults import DefaultsService
from trungtam_desktop.services.enrolment import EnrolmentService
from trungtam_desktop.services.exports import ExportService
from trungtam_desktop.services.learner_import import LearnerImportService
from trungtam_desktop.services.learners import LearnerService
from trungtam_desktop.services.lecturers import LecturerService
from trungtam_desktop.services.organisation import OrganisationService
from trungtam_desktop.services.printing import ClassDocumentService
from trungtam_desktop.services.programmes import ProgrammeService
from trungtam_desktop.services.province.package_writer import PackageService
from trungtam_desktop.services.report_documents import ReportDocumentService
from trungtam_desktop.services.reports import ReportService
from trungtam_desktop.services.results import ResultsService
from trungtam_desktop.services.settings import SettingsService
from trungtam_desktop.services.setup import SetupService
from trungtam_desktop.services.signing import SigningService
from trungtam_desktop.services.timetable import TimetableService
from trungtam_desktop.services.training_records import TrainingRecordService
from trungtam_desktop.services.validity import ValidityService


@dataclass(frozen=True)
class Services:
    context: ServiceContext
    settings: SettingsService
    programmes: ProgrammeService
    classes: ClassService
    learners: LearnerService
    lecturers: LecturerService
    defaults: DefaultsService
    class_documents: ClassDocumentService
    enrolment: EnrolmentService
    timetable: TimetableService
    attendance: AttendanceService
    results: ResultsService
    # Certificates, split by what callers need: issuing (issue, re-issue, void), reading (lists, lookup,
    # register book), printing (PDFs, templates, printer offsets).
    certificates: CertificateIssuing
    certificate_books: CertificateBooks
    certificate_printing: CertificatePrinting
    learner_import: LearnerImportService
    exports: ExportService
    reports: ReportService
    report_documents: ReportDocumentService
    audit: AuditService
    access: AccessService
    setup: SetupService
    # After the 2025 reorganisation (issue 21): communes served, validity, training records, signing.
    organisation: OrganisationService
    validity: ValidityService
    training_records: TrainingRecordService
    signing: SigningService
    packages: PackageService

    @classmethod
    def create(
        cls, context: ServiceContext, *, before_import: Callable[[], Path | None] | None = None
    ) -> Services:
        """``before_import`` makes the backup taken before each learner import (app.py gives it)."""
        return cls(
            context=context,
            settings=SettingsService(context),
            programmes=ProgrammeService(context),
            classes=ClassService(context),
            learners=LearnerService(context),
            lecturers=LecturerService(context),
            defaults=DefaultsService(context),
            class_documents=ClassDocumentService(context),
            enrolment=EnrolmentService(context),
            timetable=TimetableService(context),
            attendance=AttendanceService(context),
            results=ResultsService(context),
            certificates=CertificateIssuing(context),
            certificate_books=CertificateBooks(context),
            certificate_printing=CertificatePrinting(context),
            learner_import=LearnerImportService(context, before_import),
            exports=ExportService(context),
            reports=(reports := ReportService(context)),
            report_documents=(report_documents := ReportDocumentService(context, reports)),
            audit=AuditService(context),
            access=AccessService(context),
            setup=SetupService(context),
            organisation=OrganisationService(context),
            validity=ValidityService(context),
            training_records=TrainingRecordService(context),
            signing=(signing := SigningService(context)),
            packages=PackageService(context, report_documents, signing),
        )
