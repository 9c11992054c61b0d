"""Timetable (lịch học) of a class: A4 portrait, one line per buổi, the day written out once per date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.inputs import Session, TimetableData
from trungtam_desktop.documents.party import PORTRAIT, DocumentInfo, PartyRenderer
from trungtam_desktop.documents.styles import para, party_styles
from trungtam_desktop.documents.tables import (
    Cell,
    Column,
    class_heading,
    class_subject,
    column_table,
    total_row_commands,
    weekday_date,
)
from trungtam_desktop.domain.vietnamese import clean_text, format_int

TITLE = "Lịch học"
Item = tuple[Session, bool]  # the buổi, and whether its row opens a new date

COLUMNS: tuple[Column[Item], ...] = (
    Column("Ngày", 27 * mm, lambda r: weekday_date(r[0].day) if r[1] else "", wrap=True),
    Column("Buổi", 15 * mm, lambda r: r[0].half_day.label),
    Column("Nội dung", None, lambda r: r[0].lesson_title, "LEFT", wrap=True, max_lines=3),
    Column("Giảng viên", 40 * mm, lambda r: r[0].lecturer_name, "LEFT", wrap=True, max_lines=3),
    Column("Số tiết", 14 * mm, lambda r: format_int(r[0].tiet)),
)


def date_spans(sessions: Sequence[Session], first_row: int = 1) -> list[tuple[Any, ...]]:
    """SPAN commands joining the "Ngày" cells of consecutive buổi on the same date."""
    commands: list[tuple[Any, ...]] = []
    start = 0
    for i, session in enumerate(sessions):
        if i + 1 == len(sessions) or sessions[i + 1].day != session.day:
            if i > start:
                commands.append(("SPAN", (0, first_row + start), (0, first_row + i)))
            start = i + 1
    return commands


class TimetableRenderer(PartyRenderer):
    """Renders a class's timetable, buổi in the order given (by date, morning first)."""

    def render(self, data: TimetableData) -> bytes:
        layout = PORTRAIT
        info = data.class_info
        sessions = data.sessions
        subtitles, notes = class_heading(info)
        story: list[Flowable] = self.opening(
            layout, data.issue, TITLE, subtitles, notes, year=info.start_date.year
        )
        items: list[Item] = [(s, i == 0 or sessions[i - 1].day != s.day) for i, s in enumerate(sessions)]
        total_tiet = sum(s.tiet for s in sessions)
        total: list[Cell] = ["Tổng cộng", "", "", "", format_int(total_tiet)]
        commands = date_spans(sessions) + (total_row_commands(len(items) + 1, 3) if items else [])
        table = column_table(
            items,
            COLUMNS,
            layout.frame_width,
            tail_rows=[total],
            commands=commands,
            empty_text="Chưa xếp lịch học.",
        )
        story.append(table)
        tail: list[Flowable] = [
            Spacer(1, 6),
            para(
                f"Tổng số: {format_int(len(sessions))} buổi, {format_int(total_tiet)} tiết.",
                party_styles().body,
            ),
        ]
        if clean_text(info.homeroom_lecturer):
            tail.append(
                para(f"Giảng viên chủ nhiệm lớp: {clean_text(info.homeroom_lecturer)}.", party_styles().body)
            )
        story += self.closing(layout, data.issue, keep_with=tail, after=story.pop())
        doc_info = DocumentInfo(
            title=f"{TITLE} – {clean_text(info.class_name)}", subject=class_subject(info)
        )
        return self.build(story, layout, doc_info)
