"""PDF documents in the Party format: renderer classes that take plain data and return PDF bytes.

Each renderer is built with the centre's identity and renders one kind of document::

    pdf: bytes = ClassListRenderer(centre).render(ClassListData(...))

This package never imports Qt, SQLAlchemy or the services: the service layer fills the frozen records of
:mod:`trungtam_desktop.documents.inputs` and hands them over.

The renderers (and ReportLab behind them, a tenth of a second to import) are loaded on first use, so that
the program's start does not pay for printing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from trungtam_desktop.documents.inputs import (
    NOT_ENROLLED,
    AttendanceMark,
    AttendanceRow,
    AttendanceSheetData,
    AttendanceSummaryData,
    AttendanceSummaryRow,
    ClassInfo,
    ClassListData,
    ComponentInfo,
    IssueInfo,
    LearnerRow,
    ResultRow,
    ResultsData,
    Session,
    Signer,
    TimetableData,
)

if TYPE_CHECKING:
    from trungtam_desktop.documents.attendance import AttendanceSheetRenderer
    from trungtam_desktop.documents.attendance_summary import AttendanceSummaryRenderer
    from trungtam_desktop.documents.certificate import CertificateRenderer
    from trungtam_desktop.documents.certificate_fields import calibration_page
    from trungtam_desktop.documents.class_list import ClassListRenderer
    from trungtam_desktop.documents.fonts import register_fonts
    from trungtam_desktop.documents.party import PartyRenderer, document_number
    from trungtam_desktop.documents.pay_list import PayListRenderer
    from trungtam_desktop.documents.period_report import PeriodReportRenderer
    from trungtam_desktop.documents.register_book import RegisterBookRenderer
    from trungtam_desktop.documents.results import ResultsRenderer
    from trungtam_desktop.documents.timetable import TimetableRenderer

_LAZY = {
    "AttendanceSheetRenderer": "attendance",
    "AttendanceSummaryRenderer": "attendance_summary",
    "CertificateRenderer": "certificate",
    "calibration_page": "certificate_fields",
    "ClassListRenderer": "class_list",
    "register_fonts": "fonts",
    "PartyRenderer": "party",
    "document_number": "party",
    "PayListRenderer": "pay_list",
    "PeriodReportRenderer": "period_report",
    "RegisterBookRenderer": "register_book",
    "ResultsRenderer": "results",
    "TimetableRenderer": "timetable",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "NOT_ENROLLED",
    "AttendanceMark",
    "AttendanceRow",
    "AttendanceSheetData",
    "AttendanceSheetRenderer",
    "AttendanceSummaryData",
    "AttendanceSummaryRenderer",
    "AttendanceSummaryRow",
    "CertificateRenderer",
    "ClassInfo",
    "ClassListData",
    "ClassListRenderer",
    "ComponentInfo",
    "IssueInfo",
    "LearnerRow",
    "PartyRenderer",
    "PayListRenderer",
    "PeriodReportRenderer",
    "RegisterBookRenderer",
    "ResultRow",
    "ResultsData",
    "ResultsRenderer",
    "Session",
    "Signer",
    "TimetableData",
    "TimetableRenderer",
    "calibration_page",
    "document_number",
    "register_fonts",
]
