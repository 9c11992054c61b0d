"""Periodic report and pay list on the large demo database.

Targets (issue "Reports"): the annual report's figures ≤ 1 s, its PDF ≤ 1 s, its XLSX ≤ 1 s.

The year is the demo's busiest year (most classes ending in it). Figures are medians of several runs after
one warm-up (fonts registered, styles built), in ms; rendering times exclude the computation.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from contextlib import closing
from typing import Any

from trungtam_desktop.domain.reports import Period, ReportDraft
from trungtam_desktop.services.report_documents import OutputFormat

RUNS = 5
Figure = tuple[str, Any, str]


def _median_ms(work: Callable[[], object]) -> float:
    work()
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return round(statistics.median(times) * 1000, 1)


def _busiest_year(database) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        year, classes = conn.execute(
            "SELECT CAST(strftime('%Y', end_date) AS INTEGER) AS y, count(*) FROM training_class "
            "GROUP BY y ORDER BY count(*) DESC, y DESC LIMIT 1"
        ).fetchone()
    return int(year), int(classes)


def run(ctx: Any) -> list[Figure]:
    services = ctx.services
    reports, documents = services.reports, services.report_documents
    year, classes = _busiest_year(ctx.database_path)
    report = reports.period_report(year, Period.YEAR)
    draft = ReportDraft(
        "15", None, "Một số lớp mở chậm so với kế hoạch.", "Tiếp tục mở các lớp theo kế hoạch."
    )
    figures_ms = _median_ms(lambda: reports.period_report(year, Period.YEAR))
    pdf_ms = _median_ms(
        lambda: documents.period_report(year, Period.YEAR, OutputFormat.PDF, draft=draft, report=report)
    )
    xlsx_ms = _median_ms(
        lambda: documents.period_report(year, Period.YEAR, OutputFormat.XLSX, draft=draft, report=report)
    )
    q3_ms = _median_ms(lambda: reports.period_report(year, Period.Q3))
    pay = reports.pay_list(year, Period.YEAR)
    pay_ms = _median_ms(lambda: reports.pay_list(year, Period.YEAR))
    pay_pdf_ms = _median_ms(lambda: documents.pay_list(year, Period.YEAR, OutputFormat.PDF))
    pay_xlsx_ms = _median_ms(lambda: documents.pay_list(year, Period.YEAR, OutputFormat.XLSX))
    pdf = documents.period_report(year, Period.YEAR, OutputFormat.PDF, draft=draft, report=report)
    from trungtam_desktop.documents.pdf_info import page_count

    return [
        ("report_year", year, "year"),
        ("report_year_classes", len(report.classes), "classes"),
        ("report_year_places", report.places, "places"),
        ("report_year_classes_all", classes, "classes"),
        ("report_annual_figures", figures_ms, "ms"),
        ("report_annual_pdf", pdf_ms, "ms"),
        ("report_annual_pdf_pages", page_count(pdf), "pages"),
        ("report_annual_xlsx", xlsx_ms, "ms"),
        ("report_q3_figures", q3_ms, "ms"),
        ("pay_list_annual_lecturers", len(pay.lines), "lecturers"),
        ("pay_list_annual_figures", pay_ms, "ms"),
        ("pay_list_annual_pdf", pay_pdf_ms, "ms"),
        ("pay_list_annual_xlsx", pay_xlsx_ms, "ms"),
    ]
