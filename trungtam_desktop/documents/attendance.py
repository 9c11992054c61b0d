"""Attendance sheet (danh sách điểm danh): learners down, buổi across, A4 landscape.

Two versions: the blank one, with empty boxes in which learners sign at each buổi ("–" in the boxes of a
buổi held before the learner enrolled, when the rows carry such marks), and the filled one,
printed from recorded attendance with a symbol per buổi (legend below the table), the number of absences
per learner and a shaded "*" on learners over the absence limit.

Up to ``sessions_per_page`` buổi (12 by default) fit across one page. A longer timetable is split into
column groups as even as the days allow (:func:`column_groups`); each group is a table of its own (STT,
name, year of birth and unit repeated), starting on a new page and titled "(tiếp theo)", its learner rows
shared evenly among the pages it takes. The absence totals close the last group.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from trungtam_desktop.documents.fonts import FONT_BOLD
from trungtam_desktop.documents.inputs import (
    NOT_ENROLLED,
    AttendanceMark,
    AttendanceRow,
    AttendanceSheetData,
    Session,
)
from trungtam_desktop.documents.party import LANDSCAPE, DocumentInfo, PartyRenderer
from trungtam_desktop.documents.styles import para, party_styles, resized
from trungtam_desktop.documents.table_flow import TableWithClosing
from trungtam_desktop.documents.tables import (
    SHADE,
    Cell,
    class_heading,
    class_subject,
    fit_text,
    grid_table,
    header_cells,
)
from trungtam_desktop.domain.enums import AttendanceStatus
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.vietnamese import clean_text, format_date

SYMBOLS: dict[AttendanceMark, str] = {
    AttendanceStatus.PRESENT: "x",
    AttendanceStatus.EXCUSED: "P",
    AttendanceStatus.UNEXCUSED: "K",
    AttendanceStatus.LATE: "M",
    NOT_ENROLLED: "–",
    None: "",
}
LEGEND = (
    "Ký hiệu: x = có mặt; P = vắng có phép; K = vắng không phép; M = đi muộn; "
    "– = chưa vào lớp hoặc đã thôi học (không tính vắng); ô trống = chưa điểm danh."
)
BLANK_NOTE = (
    "Học viên ký tên vào ô của buổi học. Cán bộ lớp ghi P (vắng có phép) hoặc K (vắng không phép) "
    "vào ô của học viên vắng."
)
BLANK_NOT_ENROLLED_NOTE = "Ô có dấu –: học viên chưa vào lớp ở buổi học đó, không phải ký."
TITLE = "Danh sách điểm danh học viên"

# Column widths (mm) of the fixed columns; buổi columns share what is left, at most MAX_SESSION_WIDTH.
STT_W, NAME_W, BIRTH_W, UNIT_W, TOTAL_W = 10 * mm, 44 * mm, 13 * mm, 38 * mm, 14 * mm
MAX_SESSION_WIDTH = 18 * mm
TABLE_SIZE = 11
SESSION_HEADER_SIZE = 10
SIGN_ROW_HEIGHT = 9 * mm  # room to sign in the blank version
FIXED = 4  # STT, name, birth, unit


def absences(row: AttendanceRow) -> int:
    """Buổi missed, with or without leave."""
    return sum(1 for m in row.marks if isinstance(m, AttendanceStatus) and m.is_absence)


def is_over_limit(row: AttendanceRow, limit: tuple[int, int]) -> bool:
    """The service's verdict when given; else whether absences exceed ``limit`` (1/3) of the buổi the
    learner was enrolled for."""
    if row.over_limit is not None:
        return row.over_limit
    enrolled = sum(1 for m in row.marks if m is not NOT_ENROLLED)
    numerator, denominator = limit
    return absences(row) * denominator > numerator * enrolled


def column_groups(count: int, per_page: int, days: Sequence[date] = ()) -> list[range]:
    """Split ``count`` buổi into the fewest groups of at most ``per_page``, as even as they can be.

    With the buổi's ``days``, groups are cut only where the date changes (a day's morning and afternoon
    stay on one page) when that is possible; among the cuts that keep the number of groups, the one whose
    largest and smallest group differ least wins (53 buổi of two a day, 12 a page: 12, 10, 10, 10, 11).
    """
    if count == 0:
        return [range(0)]
    groups = math.ceil(count / per_page)
    day_changes = [i for i in range(1, count) if not days or days[i] != days[i - 1]]
    cuts = _even_cuts(count, groups, per_page, day_changes) or _even_cuts(
        count, groups, per_page, range(1, count)
    )
    assert cuts is not None  # any cut is allowed in the second try: groups of ceil/floor always exist
    return [range(a, b) for a, b in itertools.pairwise(cuts)]


def _even_cuts(count: int, groups: int, per_page: int, allowed: Sequence[int]) -> list[int] | None:
    """Cut points 0 < ... < count making ``groups`` groups of at most ``per_page``, cutting only at
    ``allowed`` positions, with the least spread between the largest and the smallest group."""
    points = [0, *allowed, count]
    for spread in range(per_page):
        for high in range(per_page, 0, -1):
            low = max(1, high - spread)
            if low * groups <= count <= high * groups:
                cuts = _cuts_within(points, groups, low, high)
                if cuts is not None:
                    return cuts
    return None


def _cuts_within(points: Sequence[int], groups: int, low: int, high: int) -> list[int] | None:
    """Cut points from ``points`` making ``groups`` groups whose sizes are within [low, high] (earlier
    groups as large as they may be), or None."""
    end = points[-1]
    # finishes[g]: the points from which the rest can be made of exactly g groups
    finishes: list[set[int]] = [{end}]
    for _ in range(groups):
        after = finishes[-1]
        finishes.append({p for p in points if any(q in after for q in range(p + low, p + high + 1))})
    if 0 not in finishes[groups]:
        return None
    cuts, at = [0], 0
    for left in range(groups - 1, -1, -1):
        at = max(q for q in finishes[left] if low <= q - at <= high)
        cuts.append(at)
    return cuts


class AttendanceSheetRenderer(PartyRenderer):
    """Renders the attendance sheet of one class.

    ``filled`` False prints the blank sign-in version; True prints recorded attendance.
    """

    def __init__(self, centre: CentreIdentity, *, filled: bool = False, sessions_per_page: int = 12) -> None:
        super().__init__(centre)
        self.filled = filled
        self.sessions_per_page = max(1, sessions_per_page)

    def render(self, data: AttendanceSheetData) -> bytes:
        for row in data.rows:
            if row.marks and len(row.marks) != len(data.sessions):
                raise ValueError(
                    f"{row.learner.full_name!r}: {len(row.marks)} marks for {len(data.sessions)} sessions"
                )
        layout = LANDSCAPE
        subtitles, notes = class_heading(data.class_info)
        story: list[Flowable] = self.opening(
            layout, data.issue, TITLE, subtitles, notes, year=self._year(data)
        )
        groups = column_groups(len(data.sessions), self.sessions_per_page, [s.day for s in data.sessions])
        for index, group in enumerate(groups):
            last = index == len(groups) - 1
            if index:
                story += [PageBreak(), para(f"{TITLE.upper()} (tiếp theo)", party_styles().subtitle)]
            if len(groups) > 1:
                story.append(para(self._group_caption(data.sessions, group), party_styles().subtitle_note))
                story.append(Spacer(1, 4))
            table = self._table(data, group, layout.frame_width, with_totals=last)
            # each block's learners shared evenly among its pages: never one row and the totals alone
            story.append(table if last else TableWithClosing(table, (), layout.frame_height, balance=True))
        story += self.closing(
            layout, data.issue, keep_with=self._after_table(data), after=story.pop(), balance=True
        )
        info = DocumentInfo(
            title=f"{TITLE} – {clean_text(data.class_info.class_name)}",
            subject=class_subject(data.class_info),
        )
        return self.build(story, layout, info)

    def _year(self, data: AttendanceSheetData) -> int:
        """The year of a date left for the pen: the sheet to sign is signed at the start, the filled one at
        the end."""
        info = data.class_info
        return (info.end_date if self.filled else info.start_date).year

    @staticmethod
    def _group_caption(sessions: Sequence[Session], group: range) -> str:
        first, last = sessions[group.start], sessions[group.stop - 1]
        return (
            f"Buổi {group.start + 1} đến buổi {group.stop} "
            f"(từ ngày {format_date(first.day)} đến ngày {format_date(last.day)})"
        )

    def _widths(self, frame_width: float, count: int, with_totals: bool) -> list[float]:
        fixed = STT_W + NAME_W + BIRTH_W + UNIT_W + (TOTAL_W if with_totals else 0)
        room = frame_width - fixed
        session_w = min(MAX_SESSION_WIDTH, room / count) if count else 0.0
        spare = (room - session_w * count) / 2  # widen name and unit with what the buổi leave
        widths = [STT_W, NAME_W + spare, BIRTH_W, UNIT_W + spare] + [session_w] * count
        if with_totals:
            widths.append(TOTAL_W)
        return widths

    def _header(self, sessions: Sequence[Session], last_label: str | None) -> tuple[list[list[Cell]], list]:
        """Two header rows: dates (spanning the buổi of one day) over "Sáng"/"Chiều"."""
        top: list[Cell] = header_cells(["STT", "Họ và tên", "Năm sinh", "Đơn vị"], TABLE_SIZE)
        bottom: list[Cell] = ["", "", "", ""]
        commands: list[tuple[Any, ...]] = [("SPAN", (c, 0), (c, 1)) for c in range(FIXED)]
        start = 0
        for i, session in enumerate(sessions):
            top.append(f"{session.day.day:02d}/{session.day.month:02d}" if i == start else "")
            bottom.append(session.half_day.label)
            if i + 1 == len(sessions) or sessions[i + 1].day != session.day:
                if i > start:
                    commands.append(("SPAN", (FIXED + start, 0), (FIXED + i, 0)))
                start = i + 1
        if last_label is not None:
            top.append(header_cells([last_label], SESSION_HEADER_SIZE)[0])
            bottom.append("")
            commands.append(("SPAN", (len(top) - 1, 0), (len(top) - 1, 1)))
        commands += [
            ("FONT", (FIXED, 0), (FIXED + len(sessions) - 1, 1), FONT_BOLD, SESSION_HEADER_SIZE),
            ("LEFTPADDING", (FIXED, 0), (-1, -1), 1),
            ("RIGHTPADDING", (FIXED, 0), (-1, -1), 1),
        ]
        return [top, bottom], commands

    def _table(self, data: AttendanceSheetData, group: range, frame_width: float, with_totals: bool) -> Table:
        sessions = data.sessions[group.start : group.stop]
        widths = self._widths(frame_width, len(sessions), with_totals)
        rows, commands = self._header(sessions, "Số buổi vắng" if with_totals else None)
        heights: list[float | None] = [None, None]
        styles = party_styles()
        name_style = resized(styles.cell, TABLE_SIZE)
        unit_style = resized(styles.cell, TABLE_SIZE - 1)
        for number, row in enumerate(data.rows, start=1):
            name = fit_text(row.learner.full_name, name_style, widths[1], max_lines=2, min_size=9)
            unit = fit_text(row.learner.unit, unit_style, widths[3], max_lines=3, min_size=7)
            cells: list[Cell] = [str(number), name.paragraph, row.learner.birth_year, unit.paragraph]
            marks = row.marks or (None,) * len(data.sessions)
            if self.filled:
                cells += [SYMBOLS[marks[i]] for i in group]
            else:  # boxes to sign, except where the learner was not in the class
                cells += [SYMBOLS[NOT_ENROLLED] if marks[i] is NOT_ENROLLED else "" for i in group]
            if with_totals:
                cells.append(self._total_cell(row, data.absence_limit))
                if self.filled and is_over_limit(row, data.absence_limit):
                    r = len(rows)
                    commands += [
                        ("BACKGROUND", (-1, r), (-1, r), SHADE),
                        ("FONT", (-1, r), (-1, r), FONT_BOLD),
                    ]
            rows.append(cells)
            height = max(name.height, unit.height)
            heights.append(max(height, SIGN_ROW_HEIGHT) if not self.filled else height)
        if self.filled and data.rows:
            rows.append(self._present_row(data, group, with_totals))
            heights.append(None)
            commands += [("SPAN", (0, len(rows) - 1), (FIXED - 1, len(rows) - 1))]
            commands += [("FONT", (0, len(rows) - 1), (-1, len(rows) - 1), FONT_BOLD)]
        align = {c: "CENTER" for c in range(len(widths)) if c not in (1, 3)}
        return grid_table(
            rows,
            widths,
            header_rows=2,
            font_size=TABLE_SIZE,
            row_heights=heights,
            align=align,
            commands=commands,
        )

    def _total_cell(self, row: AttendanceRow, limit: tuple[int, int]) -> str:
        if not self.filled:
            return ""
        count = absences(row)
        return f"{count}*" if is_over_limit(row, limit) else str(count)

    @staticmethod
    def _present_row(data: AttendanceSheetData, group: range, show_total: bool) -> list[Cell]:
        present = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        recorded = (*present, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)

        def count(i: int) -> str:
            """Learners present at buổi ``i``; blank for a buổi with nothing recorded (not held yet)."""
            if not any(r.marks and r.marks[i] in recorded for r in data.rows):
                return ""
            return str(sum(1 for r in data.rows if r.marks and r.marks[i] in present))

        cells: list[Cell] = [para("Số học viên có mặt", resized(party_styles().cell_centre, TABLE_SIZE))]
        cells += ["", "", ""] + [count(i) for i in group]
        return [*cells, ""] if show_total else cells

    def _after_table(self, data: AttendanceSheetData) -> list[Flowable]:
        styles = party_styles()
        if not self.filled:
            notes = [Spacer(1, 4), para(BLANK_NOTE, styles.note)]
            if any(m is NOT_ENROLLED for row in data.rows for m in row.marks):
                notes.append(para(BLANK_NOT_ENROLLED_NOTE, styles.note))
            return notes
        over = sum(1 for row in data.rows if is_over_limit(row, data.absence_limit))
        numerator, denominator = data.absence_limit
        summary = (
            f"Tổng số học viên: {len(data.rows)}; số buổi học: {len(data.sessions)}; "
            f"số học viên vắng quá {numerator}/{denominator} số buổi học: {over}."
        )
        mark = f"(*) Vắng quá {numerator}/{denominator} số buổi học: không đủ điều kiện cấp giấy chứng nhận."
        return [Spacer(1, 4), para(LEGEND, styles.note), para(mark, styles.note), para(summary, styles.note)]
