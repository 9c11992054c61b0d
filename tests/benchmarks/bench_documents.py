"""Documents benchmark: the filled attendance sheet of a large class (120 learners × 12 buổi).

Target: ≤ 0.5 s per sheet (median of several renders after one warm-up that registers the fonts).
Needs no database: the sheet is built from plain input records.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta
from typing import Any

from trungtam_desktop.documents import (
    AttendanceRow,
    AttendanceSheetData,
    AttendanceSheetRenderer,
    ClassInfo,
    IssueInfo,
    LearnerRow,
    Session,
)
from trungtam_desktop.domain.enums import AttendanceStatus, Gender, HalfDay
from trungtam_desktop.domain.models import CentreIdentity

LEARNERS = 120
SESSIONS = 12
RUNS = 5
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "K'Brơi")
_GIVEN = ("Thị Mỵ", "Văn Hùng", "Thị Hạnh", "Quang Đức", "Ngọc Yến", "Minh Tuấn", "Thu Hương")
_UNITS = (
    "UBND xã Hiệp Thạnh",
    "Chi bộ thôn Phú Trung, Đảng bộ xã Phú Hội",
    "Hội Liên hiệp Phụ nữ xã Ninh Gia",
)
_STATUSES = (AttendanceStatus.PRESENT,) * 8 + (
    AttendanceStatus.EXCUSED,
    AttendanceStatus.UNEXCUSED,
    AttendanceStatus.LATE,
)


def sample_sheet(learners: int = LEARNERS, sessions: int = SESSIONS) -> AttendanceSheetData:
    start = date(2024, 6, 10)
    days = [start + timedelta(days=d) for d in range(14) if (start + timedelta(days=d)).weekday() < 5]
    timetable = tuple(
        Session(
            days[i // 2],
            HalfDay.MORNING if i % 2 == 0 else HalfDay.AFTERNOON,
            f"Bài {i + 1}",
            "Trần Thị Hạnh",
        )
        for i in range(sessions)
    )
    rows = tuple(
        AttendanceRow(
            LearnerRow(
                f"{_FAMILY[i % len(_FAMILY)]} {_GIVEN[i % len(_GIVEN)]}",
                str(1970 + i % 35),
                Gender.FEMALE if i % 2 else Gender.MALE,
                unit=_UNITS[i % len(_UNITS)],
            ),
            tuple(_STATUSES[(i * 7 + s) % len(_STATUSES)] for s in range(sessions)),
        )
        for i in range(learners)
    )
    info = ClassInfo("Đợt 2/2024", "Bồi dưỡng nhận thức về Đảng", timetable[0].day, timetable[-1].day)
    return AttendanceSheetData(info, timetable, rows, IssueInfo(issue_date=timetable[-1].day))


def run(ctx: Any = None) -> list[tuple[str, float, str]]:
    """``[("attendance_sheet_120x12", seconds, "s")]``; ``ctx`` is not needed."""
    del ctx
    renderer = AttendanceSheetRenderer(CentreIdentity(director_name="Nguyễn Văn Hùng"), filled=True)
    data = sample_sheet()
    renderer.render(data)  # warm-up: fonts registered, styles built
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        renderer.render(data)
        times.append(time.perf_counter() - began)
    return [(f"attendance_sheet_{LEARNERS}x{SESSIONS}", round(statistics.median(times), 3), "s")]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name}: {value} {unit}")
