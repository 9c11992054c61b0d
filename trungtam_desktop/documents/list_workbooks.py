"""The list workbooks: learners, classes, a class's roster with its results, the blank import template, and
the rows of an import that were not imported (with their reason), to send back.

Data in, .xlsx bytes out, like the other workbook writers (:mod:`xlsx_tables` lays out each table). The
learner columns are the import template's, in its order, with the headings the importer recognises, so a
list exported here can be filled in and imported again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from trungtam_desktop.documents.xlsx_tables import XlsxColumn, write_table
from trungtam_desktop.domain.class_results import ResultsSheet
from trungtam_desktop.domain.import_plan import ImportPlan
from trungtam_desktop.domain.models import TrainingClass

LEARNER_COLUMNS = (
    XlsxColumn("STT", 6, "number"),
    XlsxColumn("Họ và tên", 28),
    XlsxColumn("Ngày sinh", 12, "date"),
    XlsxColumn("Giới tính", 9),
    XlsxColumn("Số CCCD", 15),
    XlsxColumn("Dân tộc", 10),
    XlsxColumn("Tôn giáo", 10),
    XlsxColumn("Chức vụ", 22),
    XlsxColumn("Đơn vị công tác", 40),
    XlsxColumn("Chi bộ", 30),
    XlsxColumn("Quê quán", 25),
    XlsxColumn("Nơi ở", 25),
    XlsxColumn("Điện thoại", 13),
    XlsxColumn("Ghi chú", 25),
)
TEMPLATE_NOTE = (
    "Mỗi dòng một người, từ dòng dưới tiêu đề. Ngày sinh ghi ngày/tháng/năm (ví dụ 05/03/1990) hoặc chỉ năm; "
    "giới tính ghi Nam hoặc Nữ; số CCCD đủ 12 chữ số."
)
CLASS_COLUMNS = (
    XlsxColumn("STT", 6, "number"), XlsxColumn("Mã lớp", 16), XlsxColumn("Tên lớp", 40),
    XlsxColumn("Chương trình", 40), XlsxColumn("Từ ngày", 12, "date"),
    XlsxColumn("Đến ngày", 12, "date"), XlsxColumn("Địa điểm", 25),
    XlsxColumn("Số học viên", 11, "number"), XlsxColumn("Tình trạng", 14),
)  # fmt: skip


@dataclass(frozen=True)
class ListedLearner:
    """A learner as the lists write them (labels already chosen, text as stored)."""

    full_name: str
    birth: date | int | None  # a real date when known, else the year (Excel shows 1990)
    gender: str  # "Nam" / "Nữ" / ""
    cccd: str
    ethnicity: str
    religion: str
    position: str
    unit: str
    party_cell: str
    hometown: str
    address: str
    phone: str
    notes: str
    party_status: str  # label


@dataclass(frozen=True)
class RosterLine:
    """One learner of a class's roster with the enrolment's facts."""

    enrolment_id: int
    learner: ListedLearner
    enrolled_on: date
    status: str  # the enrolment status's label
    note: str  # the enrolment's note, else the learner's


def _learner_cells(number: int, learner: ListedLearner) -> list[object]:
    """The template's columns but the last (the note), in order."""
    return [
        number, learner.full_name, learner.birth, learner.gender, learner.cccd, learner.ethnicity,
        learner.religion, learner.position, learner.unit, learner.party_cell, learner.hometown,
        learner.address, learner.phone,
    ]  # fmt: skip


def learners_workbook(learners: Sequence[ListedLearner]) -> bytes:
    """The learner list: the template's columns with the Party status before the note."""
    columns = (*LEARNER_COLUMNS[:-1], XlsxColumn("Đảng viên", 20), LEARNER_COLUMNS[-1])
    rows = [
        [*_learner_cells(n, learner), learner.party_status, learner.notes]
        for n, learner in enumerate(learners, start=1)
    ]
    return write_table("Học viên", columns, rows)


def classes_workbook(classes: Sequence[TrainingClass]) -> bytes:
    """The list of classes as the Classes tab shows it."""
    rows = [
        [
            n,
            c.code,
            c.name,
            c.programme_name,
            c.start_date,
            c.end_date,
            c.venue,
            c.learner_count,
            c.status.label,
        ]
        for n, c in enumerate(classes, start=1)
    ]
    return write_table("Lớp học", CLASS_COLUMNS, rows)


def roster_workbook(
    sheet_name: str, title: str, lines: Sequence[RosterLine], results: ResultsSheet | None
) -> bytes:
    """A class's learners (the template's columns, the enrolment date and status) and, with ``results``,
    each component's score, the final score and grade when assessed, the absences and eligibility."""
    columns = [*LEARNER_COLUMNS[:-1], XlsxColumn("Ngày vào lớp", 12, "date"), XlsxColumn("Tình trạng", 16)]
    by_enrolment = {line.enrolment_id: line for line in results.rows} if results else {}
    if results is not None:
        columns += [XlsxColumn(c.name, 10, "decimal") for c in results.components]
        if results.assessed:
            columns += [XlsxColumn("Điểm tổng kết", 10, "decimal"), XlsxColumn("Xếp loại", 12)]
        columns += [XlsxColumn("Số buổi vắng", 9, "number"), XlsxColumn("Đủ điều kiện cấp GCN", 12)]
    columns.append(LEARNER_COLUMNS[-1])
    rows = []
    for number, entry in enumerate(lines, start=1):
        cells = [*_learner_cells(number, entry.learner), entry.enrolled_on, entry.status]
        line = by_enrolment.get(entry.enrolment_id)
        if results is not None:
            cells += [line.score(c.id) if line else None for c in results.components]
            if results.assessed:
                outcome = line.outcome if line else None
                cells += [
                    outcome.final if outcome else None,
                    outcome.grade.label if outcome and outcome.grade else "",
                ]
            cells += [
                line.tally.absences if line else None,
                ("Đủ" if line.eligibility.eligible else "Chưa đủ") if line else "",
            ]
        cells.append(entry.note)
        rows.append(cells)
    return write_table(sheet_name, columns, rows, title_lines=(title,))


def template_workbook() -> bytes:
    """The blank import template: a title, how to fill it in, and the expected columns."""
    return write_table(
        "Danh sách",
        LEARNER_COLUMNS,
        [],
        title_lines=("DANH SÁCH HỌC VIÊN ĐỀ NGHỊ THAM GIA LỚP HỌC", TEMPLATE_NOTE),
    )


def rejected_rows_workbook(plan: ImportPlan) -> bytes:
    """The rows of a dry run that will not be imported, as read from the file, with the reason."""
    width = max((len(row.cells) for row in plan.rejected), default=0)
    headers = list(plan.headers[:width]) + [""] * (width - len(plan.headers))
    columns = [XlsxColumn("Dòng trong tệp", 9, "number"), XlsxColumn("Lý do không nhập", 60)]
    columns += [XlsxColumn(title or f"Cột {i + 1}", 18) for i, title in enumerate(headers)]
    rows = [[row.number, row.reason, *row.cells] for row in plan.rejected]
    return write_table(
        "Dòng lỗi", columns, rows, title_lines=(f"CÁC DÒNG CHƯA NHẬP ĐƯỢC TỪ TỆP {plan.source}",)
    )
