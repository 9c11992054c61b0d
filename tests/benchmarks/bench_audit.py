"""Audit log viewer queries over a log of 150,000 entries: count, first page, a deep page, filtered by user
and text, and the export of one month (the viewer loads 200 rows a page as the list scrolls).

    python tests/benchmarks/bench_audit.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from trungtam_desktop.app import open_services  # noqa: E402
from trungtam_desktop.db import models as orm  # noqa: E402
from trungtam_desktop.paths import DataPaths  # noqa: E402
from trungtam_desktop.services.audit import AuditFilter  # noqa: E402

COUNT = 150_000


def _timed(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def run(_ctx: Any = None) -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as folder:
        opened = open_services(DataPaths(Path(folder)))
        try:
            start = datetime(2015, 1, 1)
            with opened.database.write_sessions.begin() as session:
                session.execute(
                    insert(orm.AuditLog),
                    [
                        {
                            "at": start + timedelta(minutes=20 * n),
                            "user": ("giáo vụ", "phó giám đốc", "kế toán")[n % 3],
                            "entity": ("learner", "class", "certificate", "enrolment")[n % 4],
                            "entity_id": n,
                            "action": ("create", "update", "issue", "void")[n % 4],
                            "changes": '{"unit": ["Chi bộ thôn 3", "Chi bộ thôn 4"]}',
                            "summary": f"Nguyễn Văn {n} – lớp K-{n % 500}",
                        }
                        for n in range(COUNT)
                    ],
                )
            audit = opened.services.audit
            count_ms, total = _timed(audit.count)
            assert total >= COUNT
            first_ms, _ = _timed(lambda: audit.page(AuditFilter(), 0, 200))
            deep_ms, _ = _timed(lambda: audit.page(AuditFilter(), 100_000, 200))
            flt = AuditFilter(user="giáo vụ", text="K-42")
            filtered_ms, _ = _timed(lambda: (audit.count(flt), audit.page(flt, 0, 200)))
            month = AuditFilter(date_from=date(2016, 3, 1), date_to=date(2016, 3, 31))
            export_ms, data = _timed(lambda: audit.export_xlsx(month))
        finally:
            opened.close()
    return [
        (f"audit_count_{COUNT}", round(count_ms, 1), "ms"),
        ("audit_first_page", round(first_ms, 1), "ms"),
        ("audit_page_at_100000", round(deep_ms, 1), "ms"),
        ("audit_filter_user_text", round(filtered_ms, 1), "ms"),
        ("audit_export_one_month_2232_rows", round(export_ms, 0), "ms"),
        ("audit_export_size", round(len(data) / 1000, 0), "KB"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name}: {value} {unit}")
