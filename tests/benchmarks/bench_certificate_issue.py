"""Certificate issuing benchmark: 500 certificates in one action (numbers, frozen faces, audit), then their
first printing (one PDF, each page's fingerprint kept from it) and a reprint.

Targets: issuing 500 certificates ≤ 2 s (issue "Certificates"); their first printing, QR codes included,
≤ 3 s (issue 17). Built in a fresh temporary database: one class of 500 learners, every buổi attended and
the essay scored, so that everyone is eligible.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.classwork_builder import build_class  # noqa: E402
from trungtam_desktop.app import open_services  # noqa: E402
from trungtam_desktop.paths import DataPaths  # noqa: E402

COUNT = 500


def run(_ctx: Any = None) -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as folder:
        opened = open_services(DataPaths(Path(folder)))
        try:
            services = opened.services
            built = build_class(opened.database, code="NTVD-2024-99", learners=COUNT, sessions=2)
            for session_id in built.session_ids:
                services.attendance.mark_session_present(built.class_id, session_id)
            component = services.results.sheet(built.class_id).components[0].id
            services.results.set_scores(
                built.class_id, {(e, component): 5 + i % 50 / 10 for i, e in enumerate(built.enrolment_ids)}
            )
            plan_started = time.perf_counter()
            plan = services.certificates.plan(built.class_id, date(2024, 6, 20))
            plan_s = time.perf_counter() - plan_started
            assert len(plan.to_issue) == COUNT
            started = time.perf_counter()
            issued = services.certificates.issue(
                built.class_id,
                [c.enrolment_id for c in plan.to_issue],
                issued_on=date(2024, 6, 20),
                serial_start="AA 000001",
            )
            issue_s = time.perf_counter() - started
            assert sorted(c.number for c in issued) == list(range(1, COUNT + 1))
            ids = [c.id for c in sorted(issued, key=lambda c: c.number)]
            started = time.perf_counter()
            pdf = services.certificate_printing.render(ids)
            first_print_s = time.perf_counter() - started
            started = time.perf_counter()
            again = services.certificate_printing.render(ids, reprint=True)
            reprint_s = time.perf_counter() - started
            assert again == pdf
        finally:
            opened.close()
    return [
        (f"certificate_plan_{COUNT}", round(plan_s, 2), "s"),
        (f"certificate_issue_{COUNT}", round(issue_s, 2), "s"),
        (f"certificate_first_print_{COUNT}", round(first_print_s, 1), "s"),
        (f"certificate_reprint_{COUNT}", round(reprint_s, 1), "s"),
        (f"certificate_pdf_{COUNT}", round(len(pdf) / 1_000_000, 2), "MB"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name}: {value} {unit}")
