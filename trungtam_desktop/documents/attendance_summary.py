"""Attendance summary (bảng tổng hợp chuyên cần): the "results" of a class whose programme gives no scores.

A briefing (hội nghị quán triệt) or a knowledge update has no scores and no grades: a results sheet would
be pages of empty score columns. What such a class has to show is attendance: per learner the buổi they
were expected at, attended (late counts as attended), missed with and without leave, the share attended,
and, when the programme gives a certificate, whether they may receive it (absences within the limit); then
the class's overall rate, the figure a report on a briefing quotes ("95,8% đại biểu tham dự").

A4 landscape (the unit column needs the room), the Party header, dated and signed like the results sheet.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.inputs import AttendanceSummaryData, AttendanceSummaryRow
from trungtam_desktop.documents.party import LANDSCAPE, DocumentInfo, PartyRenderer
from trungtam_desktop.documents.styles import para, party_styles
from trungtam_desktop.documents.tables import Column, class_heading, class_subject, column_table, numbered
from trungtam_desktop.domain.reports import percent, percent_text
from trungtam_desktop.domain.vietnamese import clean_text, format_int

TITLE = "Bảng tổng hợp chuyên cần"
NOTE = "(Chương trình không chấm điểm, xếp loại: kết quả của lớp là kết quả tham dự các buổi học.)"
Item = tuple[int, AttendanceSummaryRow]


def attendance_rate(row: AttendanceSummaryRow) -> float | None:
    """The share of the marked buổi the learner attended (None before any buổi is marked)."""
    return percent(row.attended, row.marked)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


def summary_columns(with_certificate: bool) -> list[Column[Item]]:
    columns: list[Column[Item]] = [
        Column("STT", 10 * mm, lambda r: str(r[0])),
        Column("Họ và tên", 50 * mm, lambda r: r[1].learner.full_name, "LEFT", wrap=True),
        Column("Năm sinh", 13 * mm, lambda r: r[1].learner.birth_year),
        Column("Đơn vị", None, lambda r: r[1].learner.unit, "LEFT", wrap=True, max_lines=3),
        Column("Số buổi", 12 * mm, lambda r: format_int(r[1].attendance.sessions)),
        Column("Có mặt", 12 * mm, lambda r: format_int(r[1].attended) if r[1].marked else ""),
        Column("Vắng có phép", 13 * mm, lambda r: format_int(r[1].attendance.excused) if r[1].marked else ""),
        Column(
            "Vắng không phép", 15 * mm, lambda r: format_int(r[1].attendance.unexcused) if r[1].marked else ""
        ),
        Column("Tỷ lệ có mặt", 15 * mm, lambda r: percent_text(attendance_rate(r[1])) if r[1].marked else ""),
    ]
    if with_certificate:
        columns.append(Column("Đủ điều kiện cấp GCN", 15 * mm, lambda r: _yes_no(r[1].eligible)))
    columns.append(Column("Ghi chú", 35 * mm, lambda r: r[1].learner.note, "LEFT", wrap=True, max_lines=3))
    return columns


def summary_lines(data: AttendanceSummaryData) -> list[str]:
    """The lines under the table: the class's rate, full attendance, absences over the limit, certificates."""
    rows = data.rows
    attended = sum(r.attended for r in rows)
    marked = sum(r.marked for r in rows)
    numerator, denominator = data.absence_limit
    full = sum(1 for r in rows if r.marked and r.attended == r.attendance.sessions)
    over = sum(1 for r in rows if r.attendance.absences * denominator > numerator * r.attendance.sessions)
    lines = [
        f"Số học viên: {format_int(len(rows))}; số buổi học: {format_int(data.sessions)}.",
        f"Tỷ lệ có mặt chung: {percent_text(percent(attended, marked))} "
        f"({format_int(attended)}/{format_int(marked)} lượt buổi đã điểm danh).",
        f"Tham dự đủ các buổi: {format_int(full)} học viên; vắng quá {numerator}/{denominator} số buổi: "
        f"{format_int(over)} học viên.",
    ]
    unmarked = sum(r.attendance.unmarked for r in rows)
    if unmarked:
        lines.append(f"Còn {format_int(unmarked)} lượt buổi chưa điểm danh (không tính vào tỷ lệ).")
    if any(r.eligible is not None for r in rows):
        eligible = sum(1 for r in rows if r.eligible)
        lines.append(
            f"Số học viên đủ điều kiện cấp giấy chứng nhận: {format_int(eligible)}/{format_int(len(rows))}."
        )
    return lines


class AttendanceSummaryRenderer(PartyRenderer):
    """Renders the attendance summary of one class, learners in the order given."""

    def render(self, data: AttendanceSummaryData) -> bytes:
        layout = LANDSCAPE
        info = data.class_info
        subtitles, notes = class_heading(info)
        story: list[Flowable] = self.opening(
            layout, data.issue, TITLE, subtitles, [*notes, NOTE], year=info.end_date.year
        )
        with_certificate = any(r.eligible is not None for r in data.rows)
        columns = summary_columns(with_certificate)
        story.append(
            column_table(numbered(data.rows), columns, layout.frame_width, font_size=12, header_size=11)
        )
        story += self.closing(layout, data.issue, keep_with=self._tail(data), after=story.pop())
        doc_info = DocumentInfo(title=f"{TITLE} – {clean_text(info.class_name)}", subject=class_subject(info))
        return self.build(story, layout, doc_info)

    @staticmethod
    def _tail(data: AttendanceSummaryData) -> Sequence[Flowable]:
        styles = party_styles()
        return [Spacer(1, 6), *(para(line, styles.body) for line in summary_lines(data))]
