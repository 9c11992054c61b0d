"""The centre's side: the period's package for the province (``report … --package F.ttct``, and the button in
the report window). Every figure is the centre's own report's (:class:`ReportService`), so the province's
roll-up counts exactly as each centre does; see :mod:`package_format` for the file."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from typing import Any

from sqlalchemy import func, select

from trungtam_desktop import __version__
from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.enums import AuditAction, CertificateKind
from trungtam_desktop.domain.organisation import CommuneFigures, area_on, centre_title
from trungtam_desktop.domain.reports import ClassBasis, Period, PeriodReport, ReportDraft
from trungtam_desktop.domain.vietnamese import fold
from trungtam_desktop.services.base import Service, ServiceContext
from trungtam_desktop.services.organisation import OrganisationService
from trungtam_desktop.services.province import package_format as fmt
from trungtam_desktop.services.report_documents import OutputFormat, ReportDocumentService
from trungtam_desktop.services.signing import SigningService


class PackageService(Service):
    def __init__(
        self,
        context: ServiceContext,
        documents: ReportDocumentService,
        signing: SigningService | None = None,
        organisation: OrganisationService | None = None,
    ) -> None:
        super().__init__(context)
        self.documents = documents
        self.signing = signing or SigningService(context)
        self.organisation = organisation or OrganisationService(context)

    def build(
        self,
        year: int,
        period: Period,
        basis: ClassBasis = ClassBasis.END,
        *,
        report: PeriodReport | None = None,
        draft: ReportDraft | None = None,
    ) -> bytes:
        """The signed ``.ttct`` bytes of a period (the key is made now when the centre has none)."""
        report = report or self.documents.reports.period_report(year, period, basis)
        workbook = self.documents.period_report(
            year, period, OutputFormat.XLSX, draft=draft, basis=basis, report=report
        )
        communes = self.documents.commune_figures(report)
        kinds, class_details = self._kinds_and_classes(report)
        centre = self.documents.reports.centre()
        area = area_on(self.organisation.areas(), report.end)
        manifest = {
            "created": self._ctx.now().isoformat(" ", "seconds"),
            "program": f"trungtam-desktop {__version__}",
            "centre": {
                "name": centre_title(centre.centre_name, centre.place_name),
                "parent_body": centre.parent_body,
                "level": area.level.value if area else None,
                "communes": list(area.communes) if area else [],
            },
            "period": {
                "year": report.year,
                "period": report.period.value,
                "title": report.title,
                "basis": report.basis.value,
                "start": report.start.isoformat(),
                "end": report.end.isoformat(),
            },
        }
        files = {
            fmt.FIGURES: fmt.to_json(_figures(report, kinds, communes)),
            fmt.CLASSES: fmt.to_json({"classes": _classes(report, class_details)}),
            fmt.CERTIFICATES: fmt.to_json(self._certificates(report)),
            fmt.WORKBOOK: workbook,
        }
        return fmt.build_package(manifest, files, self.signing.sign)

    def _kinds_and_classes(self, report: PeriodReport) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
        """Programme name -> kind ("" when two programmes share a name but not a kind); class code ->
        (kind, commune) for the classes of the period."""
        with self._read() as session:
            kinds: dict[str, set[str]] = defaultdict(set)
            for name, kind in session.execute(select(orm.Programme.name, orm.Programme.kind)):
                kinds[name].add(kind)
            codes = [c.code for c in report.classes]
            details = {
                code: (kind, commune)
                for code, kind, commune in session.execute(
                    select(orm.TrainingClass.code, orm.Programme.kind, orm.TrainingClass.commune)
                    .join(orm.Programme, orm.Programme.id == orm.TrainingClass.programme_id)
                    .where(orm.TrainingClass.code.in_(codes))
                )
            }
        return {name: next(iter(k)) if len(k) == 1 else "" for name, k in kinds.items()}, details

    def _certificates(self, report: PeriodReport) -> dict[str, Any]:
        """The report's certificate counts, and the same counts per programme (same rules)."""
        start, end = report.start, report.end
        with self._read() as session:
            per: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
            issued = session.execute(
                select(
                    orm.Programme.name,
                    orm.Programme.kind,
                    orm.CertificateRegister.kind,
                    orm.Certificate.replaces_id.is_(None),
                    func.count(),
                )
                .select_from(orm.Certificate)
                .join(orm.CertificateRegister, orm.CertificateRegister.id == orm.Certificate.register_id)
                .join(orm.Enrolment, orm.Enrolment.id == orm.Certificate.enrolment_id)
                .join(orm.TrainingClass, orm.TrainingClass.id == orm.Enrolment.class_id)
                .join(orm.Programme, orm.Programme.id == orm.TrainingClass.programme_id)
                .where(orm.Certificate.issued_on.between(start, end))
                .group_by(
                    orm.Programme.name,
                    orm.Programme.kind,
                    orm.CertificateRegister.kind,
                    orm.Certificate.replaces_id.is_(None),
                )
            ).all()
            for name, kind, register_kind, first, count in issued:
                per[(name, kind, register_kind)][0 if first else 1] += count
            voided_ids = select(func.distinct(orm.AuditLog.entity_id)).where(
                orm.AuditLog.entity == "certificate",
                orm.AuditLog.action == AuditAction.VOID.value,
                orm.AuditLog.at >= datetime.combine(start, time.min),
                orm.AuditLog.at <= datetime.combine(end, time.max),
            )
            voided = session.execute(
                select(orm.Programme.name, orm.Programme.kind, orm.CertificateRegister.kind, func.count())
                .select_from(orm.Certificate)
                .join(orm.CertificateRegister, orm.CertificateRegister.id == orm.Certificate.register_id)
                .join(orm.Enrolment, orm.Enrolment.id == orm.Certificate.enrolment_id)
                .join(orm.TrainingClass, orm.TrainingClass.id == orm.Enrolment.class_id)
                .join(orm.Programme, orm.Programme.id == orm.TrainingClass.programme_id)
                .where(orm.Certificate.id.in_(voided_ids))
                .group_by(orm.Programme.name, orm.Programme.kind, orm.CertificateRegister.kind)
            ).all()
            for name, kind, register_kind, count in voided:
                per[(name, kind, register_kind)][2] += count
        c = report.certificates
        return {
            "totals": {"issued": c.issued, "reissued": c.reissued, "voided": c.voided},
            "by_programme": [
                {
                    "programme": name,
                    "kind": kind,
                    "certificate_kind": CertificateKind(register_kind).label,
                    "issued": counts[0],
                    "reissued": counts[1],
                    "voided": counts[2],
                }
                for (name, kind, register_kind), counts in sorted(per.items())
            ],
        }


def _figures(report: PeriodReport, kinds: dict[str, str], communes: CommuneFigures | None) -> dict[str, Any]:
    total = report.total()
    teaching: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for lecturer in report.lecturers:
        line = teaching[lecturer.lecturer_type]
        line[0] += 1 if lecturer.tiet else 0
        line[1] += lecturer.tiet
        line[2] += lecturer.buoi
        line[3] += lecturer.tiet_ytd
    return {
        "totals": {
            "classes": total.classes,
            "places": total.places,
            "people": report.people,
            "classes_ytd": total.classes_ytd,
            "places_ytd": total.places_ytd,
            "planned_classes": total.planned_classes,
            "planned_places": total.planned_places,
        },
        "programmes": [
            {
                "programme": x.programme,
                "kind": kinds.get(x.programme, ""),
                "classes": x.classes,
                "places": x.places,
                "classes_ytd": x.classes_ytd,
                "places_ytd": x.places_ytd,
                "planned_classes": x.planned_classes,
                "planned_places": x.planned_places,
            }
            for x in report.programmes
        ],
        "composition": [
            {"group": c.group, "label": c.label, "places": c.places, "people": c.people}
            for c in report.composition
        ],
        "grades": [{"grade": label, "places": count} for label, count in report.quality.grades],
        "waiting": report.quality.waiting,
        "not_graded": report.quality.not_graded,
        "not_passed": report.not_passed,
        "teaching": [
            {"lecturer_type": t, "lecturers": v[0], "tiet": v[1], "buoi": v[2], "tiet_ytd": v[3]}
            for t, v in teaching.items()
        ],
        "communes": None
        if communes is None
        else {
            "level": communes.level.value if communes.level else None,
            "lines": [
                {
                    "commune": x.commune,
                    "classes": x.classes,
                    "places": x.places,
                    "note": x.note,
                    "served": x.served,
                }
                for x in communes.lines
            ],
        },
    }


def _classes(report: PeriodReport, details: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "programme": c.programme,
            "kind": details.get(c.code, ("", ""))[0],
            "commune": details.get(c.code, ("", ""))[1],
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
            "status": c.status,
            "learners": c.learners,
            "completed": c.completed,
        }
        for c in report.classes
    ]


def package_name(centre: str, year: int, period: Period) -> str:
    """A file name without accents: "goi-bao-cao_trung-tam-chinh-tri-duc-trong_2024-q3.ttct"."""
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in fold(centre)).split()) or "trung-tam"
    return f"goi-bao-cao_{slug}_{year}-{period.value}{fmt.EXTENSION}"
