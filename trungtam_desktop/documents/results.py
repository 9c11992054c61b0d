"""Results sheet (bảng điểm, kết quả học tập) with the grade distribution.

One column per assessment component, the final score with one decimal ("8,5"), the grade (xếp loại) and
whether the learner may receive the certificate; then the number and share of learners per grade. A4
portrait for a single component, landscape for more (or as told).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.fonts import FONT_BOLD
from trungtam_desktop.documents.inputs import ComponentInfo, ResultRow, ResultsData
from trungtam_desktop.documents.party import LANDSCAPE, PORTRAIT, DocumentInfo, PageLayout, PartyRenderer
from trungtam_desktop.documents.styles import para, party_styles
from trungtam_desktop.documents.tables import Column, class_heading, class_subject, column_table, numbered
from trungtam_desktop.domain.enums import Grade
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.vietnamese import clean_text, format_decimal, format_int, format_percent

TITLE = "Bảng điểm"
DISTRIBUTION_TITLE = "Tổng hợp kết quả xếp loại"
NO_SCORE = "Chưa có kết quả"
NOTE_MIN, NOTE_MAX = 24 * mm, 45 * mm
Item = tuple[int, ResultRow]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


def _component_label(component: ComponentInfo) -> str:
    name = clean_text(component.name)
    return f"{name} ({component.weight_percent}%)" if component.weight_percent is not None else name


def _score_column(index: int, component: ComponentInfo, width: float) -> Column[Item]:
    return Column(_component_label(component), width, lambda r: format_decimal(_score(r[1], index), 1))


def _score(row: ResultRow, index: int) -> float | None:
    return row.scores[index] if index < len(row.scores) else None


def results_columns(
    components: Sequence[ComponentInfo], landscape: bool, frame_width: float | None = None
) -> list[Column[Item]]:
    """STT, name, birth, unit, one column per component, final score, grade, eligibility (and, when
    landscape, a note); portrait pages narrow the fixed columns to leave the unit room.

    With ``frame_width`` the landscape note column takes about 40% of what the fixed columns leave (within
    NOTE_MIN..NOTE_MAX), so that notes such as "Vắng quá 1/3 (5/10 buổi)" keep to a line or two."""
    stt_w, name_w, birth_w, score_w, grade_w, eligible_w = (
        (10 * mm, 44 * mm, 21 * mm, 17 * mm, 22 * mm, 18 * mm)
        if landscape
        else (10 * mm, 37 * mm, 21 * mm, 15 * mm, 21 * mm, 16 * mm)
    )
    columns: list[Column[Item]] = [
        Column("STT", stt_w, lambda r: str(r[0])),
        Column("Họ và tên", name_w, lambda r: r[1].learner.full_name, "LEFT", wrap=True),
        Column("Ngày sinh", birth_w, lambda r: r[1].learner.birth),
        Column("Đơn vị", None, lambda r: r[1].learner.unit, "LEFT", wrap=True, max_lines=3),
    ]
    columns += [_score_column(i, c, score_w) for i, c in enumerate(components)]
    columns += [
        Column("Điểm tổng kết", score_w, lambda r: format_decimal(r[1].final_score, 1)),
        Column("Xếp loại", grade_w, lambda r: r[1].grade.label if r[1].grade else "", wrap=True, max_lines=1),
        Column("Đủ điều kiện cấp GCN", eligible_w, lambda r: _yes_no(r[1].eligible)),
    ]
    if landscape:
        note_w = NOTE_MIN
        if frame_width is not None:
            spare = frame_width - sum(c.width or 0.0 for c in columns)
            note_w = min(NOTE_MAX, max(NOTE_MIN, 0.4 * spare))
        columns.append(Column("Ghi chú", note_w, lambda r: r[1].note, "LEFT", wrap=True, max_lines=3))
    return columns


def grade_distribution(rows: Sequence[ResultRow]) -> list[tuple[str, int, float]]:
    """(label, count, percent of all learners) per grade, best first; "Chưa có kết quả" when any lack one."""
    total = len(rows)
    counts = [(grade.label, sum(1 for r in rows if r.grade is grade)) for grade in Grade]
    missing = sum(1 for r in rows if r.grade is None)
    if missing:
        counts.append((NO_SCORE, missing))
    return [(label, n, 100.0 * n / total if total else 0.0) for label, n in counts]


class ResultsRenderer(PartyRenderer):
    """Renders a class's results sheet; ``landscape`` None chooses by the number of components."""

    def __init__(self, centre: CentreIdentity, *, landscape: bool | None = None) -> None:
        super().__init__(centre)
        self.landscape = landscape

    def layout_for(self, data: ResultsData) -> PageLayout:
        wide = len(data.components) > 1 if self.landscape is None else self.landscape
        return LANDSCAPE if wide else PORTRAIT

    def render(self, data: ResultsData) -> bytes:
        layout = self.layout_for(data)
        info = data.class_info
        subtitles, notes = class_heading(info)
        story: list[Flowable] = self.opening(
            layout, data.issue, TITLE, subtitles, notes, year=info.end_date.year
        )
        columns = results_columns(data.components, layout.is_landscape, layout.frame_width)
        story.append(
            column_table(numbered(data.rows), columns, layout.frame_width, font_size=12, header_size=11)
        )
        # the distribution and the summary line stay on the signer's page
        story += self.closing(layout, data.issue, keep_with=self._distribution(data.rows), after=story.pop())
        doc_info = DocumentInfo(
            title=f"{TITLE} – {clean_text(info.class_name)}",
            subject=class_subject(info),
        )
        return self.build(story, layout, doc_info)

    @staticmethod
    def _distribution(rows: Sequence[ResultRow]) -> list[Flowable]:
        styles = party_styles()
        lines = grade_distribution(rows)
        body: list[tuple[str, str, str]] = [
            (label, format_int(n), format_percent(p, 1)) for label, n, p in lines
        ]
        items = [*body, ("Tổng cộng", format_int(len(rows)), format_percent(100.0 if rows else 0.0, 1))]
        columns: list[Column[tuple[str, str, str]]] = [
            Column("Xếp loại", 50 * mm, lambda r: r[0], "LEFT"),
            Column("Số học viên", 35 * mm, lambda r: r[1]),
            Column("Tỷ lệ", 35 * mm, lambda r: r[2]),
        ]
        bold_total = [("FONT", (0, len(items)), (-1, len(items)), FONT_BOLD)]
        table = column_table(items, columns, 120 * mm, commands=bold_total)
        eligible = sum(1 for r in rows if r.eligible)
        summary = (
            f"Số học viên đủ điều kiện cấp giấy chứng nhận: {format_int(eligible)}/{format_int(len(rows))}."
        )
        return [
            Spacer(1, 10),
            para(DISTRIBUTION_TITLE.upper(), styles.subtitle),
            Spacer(1, 4),
            table,
            Spacer(1, 6),
            para(summary, styles.body),
        ]
