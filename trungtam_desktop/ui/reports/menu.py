"""The main window's Báo cáo entries: Kế hoạch năm, Báo cáo định kỳ, Bảng kê giờ giảng và thù lao."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from trungtam_desktop.services.province.package_writer import PackageService
from trungtam_desktop.services.report_documents import ReportDocumentService


def install_report_actions(
    window: QMainWindow,
    documents: ReportDocumentService,
    packages: PackageService | None = None,
    *,
    today: Callable[[], date],
    now: Callable[[], datetime],
) -> list[QAction]:
    """Add the actions to ``window`` (a MainWindow: add_report_action); the windows open non-modal.
    With ``packages`` the period report window also writes the signed package for the province."""
    opened: list[object] = []  # keeps the open windows referenced

    def open_plan() -> None:
        from trungtam_desktop.ui.reports.plan_dialog import PlanDialog

        dialog = PlanDialog(documents.reports, window, year=today().year)
        opened.append(dialog)
        dialog.show()

    def open_period() -> None:
        from trungtam_desktop.ui.reports.period_window import PeriodReportWindow

        report_window = PeriodReportWindow(documents, window, today=today(), now=now)
        if packages is not None:
            from trungtam_desktop.ui.reorganisation.menu import add_package_button

            add_package_button(report_window, packages)
        opened.append(report_window)
        report_window.show()

    def open_pay() -> None:
        from trungtam_desktop.ui.reports.pay_window import PayListWindow

        pay_window = PayListWindow(documents, window, today=today())
        opened.append(pay_window)
        pay_window.show()

    plan = QAction("&Kế hoạch năm…", window)
    plan.triggered.connect(open_plan)
    period = QAction("Báo cáo &định kỳ…", window)
    period.triggered.connect(open_period)
    pay = QAction("Bảng kê giờ giảng và &thù lao…", window)
    pay.triggered.connect(open_pay)
    for action in (plan, period, pay):
        window.add_report_action(action)  # type: ignore[attr-defined]
    return [plan, period, pay]
