"""The periodic report and the pay list as files: PDF (Party format) or XLSX, by the output's suffix."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.organisation import CommuneFigures
from trungtam_desktop.domain.reports import ClassBasis, PayList, Period, PeriodReport, ReportDraft
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.reports import ReportService


class OutputFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"


def format_for(path: Path) -> OutputFormat:
    """The format a file name asks for; anything but .pdf or .xlsx is refused."""
    suffix = path.suffix.casefold().lstrip(".")
    try:
        return OutputFormat(suffix)
    except ValueError:
        raise ValidationError("out", f"Tệp ghi ra phải có đuôi .pdf hoặc .xlsx: {path.name}") from None


def file_stem(kind: str, year: int, period: Period) -> str:
    """A file name without accents (safe on every Windows share): "Bao cao quy III 2024"."""
    names = {
        Period.Q1: "quy I",
        Period.Q2: "quy II",
        Period.Q3: "quy III",
        Period.Q4: "quy IV",
        Period.H1: "6 thang",
        Period.M9: "9 thang",
        Period.YEAR: "nam",
    }
    return f"{kind} {names[period]} {year}"


class ReportDocumentService(Service):
    """Renders what :class:`ReportService` computes."""

    def __init__(self, context, reports: ReportService | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context)
        self.reports = reports or ReportService(context)

    def period_report(
        self,
        year: int,
        period: Period,
        output: OutputFormat,
        *,
        draft: ReportDraft | None = None,
        basis: ClassBasis = ClassBasis.END,
        report: PeriodReport | None = None,
    ) -> bytes:
        """The report's bytes; ``draft`` None uses the saved draft, ``report`` reuses computed figures."""
        report = report or self.reports.period_report(year, period, basis)
        draft = draft if draft is not None else self.reports.draft(year, period)
        centre = self.reports.centre()
        communes = self.commune_figures(report)
        if output is OutputFormat.XLSX:
            from trungtam_desktop.documents.report_xlsx import period_report_workbook

            workbook = period_report_workbook(report, draft, centre)
            if communes is None:
                return workbook
            from trungtam_desktop.documents.commune_report import add_commune_sheet

            return add_commune_sheet(workbook, communes, report.title, centre.centre_name)
        from trungtam_desktop.documents.period_report import PeriodReportRenderer

        annexes = []
        if communes is not None:
            from trungtam_desktop.documents.commune_report import commune_annex

            annexes = commune_annex(communes, report.title)
        return PeriodReportRenderer(centre).render(report, draft, annexes)

    def commune_figures(self, report: PeriodReport) -> CommuneFigures | None:
        """The report's per-commune section, or None when no communes served are set for its period."""
        from trungtam_desktop.services.organisation import OrganisationService

        figures = OrganisationService(self._ctx).commune_figures(report.year, report.period, report.basis)
        return figures if figures.level is not None else None

    def pay_list(
        self, year: int, period: Period, output: OutputFormat, *, pay: PayList | None = None
    ) -> bytes:
        """The pay list's bytes; ``pay`` reuses a pay list already computed (the window's)."""
        pay = pay or self.reports.pay_list(year, period)
        centre = self.reports.centre()
        if output is OutputFormat.XLSX:
            from trungtam_desktop.documents.report_xlsx import pay_list_workbook

            return pay_list_workbook(pay, centre)
        from trungtam_desktop.documents.pay_list import PayListRenderer

        return PayListRenderer(centre).render(pay)
