"""Class list (danh sách học viên): A4 portrait, one line per learner, a total line and the signer."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.inputs import ClassListData, LearnerRow
from trungtam_desktop.documents.party import PORTRAIT, DocumentInfo, PartyRenderer
from trungtam_desktop.documents.styles import para, party_styles
from trungtam_desktop.documents.tables import Column, class_heading, class_subject, column_table, numbered
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.vietnamese import clean_text, format_int

TITLE = "Danh sách học viên"

COLUMNS: tuple[Column[tuple[int, LearnerRow]], ...] = (
    Column("STT", 10 * mm, lambda r: str(r[0])),
    Column("Họ và tên", 40 * mm, lambda r: r[1].full_name, "LEFT", wrap=True),
    Column("Ngày sinh", 21 * mm, lambda r: r[1].birth),
    Column("Giới tính", 13 * mm, lambda r: r[1].gender.label if r[1].gender else ""),
    Column("Dân tộc", 16 * mm, lambda r: r[1].ethnicity, wrap=True, min_size=9),
    Column("Đơn vị công tác", None, lambda r: r[1].unit, "LEFT", wrap=True, max_lines=3),
    Column("Ghi chú", 18 * mm, lambda r: r[1].note, "LEFT", wrap=True, max_lines=3),
)


def total_line(learners: tuple[LearnerRow, ...]) -> str:
    """The line under the table: "Danh sách có 45 học viên (nam: 30, nữ: 15)."."""
    men = format_int(sum(1 for r in learners if r.gender is Gender.MALE))
    women = format_int(sum(1 for r in learners if r.gender is Gender.FEMALE))
    return f"Danh sách có {format_int(len(learners))} học viên (nam: {men}, nữ: {women})."


class ClassListRenderer(PartyRenderer):
    """Renders the list of a class's learners, in the order given."""

    def render(self, data: ClassListData) -> bytes:
        layout = PORTRAIT
        info = data.class_info
        subtitles, notes = class_heading(info)
        story: list[Flowable] = self.opening(
            layout, data.issue, TITLE, subtitles, notes, year=info.start_date.year
        )
        story.append(column_table(numbered(data.learners), COLUMNS, layout.frame_width))
        tail: list[Flowable] = [Spacer(1, 6), para(total_line(data.learners), party_styles().body)]
        if clean_text(info.homeroom_lecturer):
            tail.append(
                para(f"Giảng viên chủ nhiệm lớp: {clean_text(info.homeroom_lecturer)}.", party_styles().body)
            )
        story += self.closing(layout, data.issue, keep_with=tail, after=story.pop())
        doc_info = DocumentInfo(
            title=f"{TITLE} – {clean_text(info.class_name)}", subject=class_subject(info)
        )
        return self.build(story, layout, doc_info)
