"""Excel exports: the learner list, the list of classes, a class's roster with its results, the blank import
template, and the rows of an import that were not imported (with their reason), to send back."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from trungtam_desktop.db import models as orm
from trungtam_desktop.documents.xlsx_tables import XlsxColumn, write_table
from trungtam_desktop.domain.enums import EnrolmentStatus, Gender, PartyStatus
from trungtam_desktop.domain.import_plan import ImportPlan
from trungtam_desktop.domain.vietnamese import person_sort_key
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.guards import class_row
from trungtam_desktop.services.learners import search_filter
from trungtam_desktop.services.results import load_sheet

# The learner columns, in the order of the import template; headers the importer recognises.
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


def _birth(learner: orm.Learner) -> object:
    """A real date when known, else the year as a number (Excel shows 1990)."""
    return learner.birth_date if learner.birth_date is not None else learner.birth_year


def _gender(code: str | None) -> str:
    return Gender(code).label if code else ""


def _learner_cells(number: int, learner: orm.Learner) -> list[object]:
    return [
        number, learner.full_name, _birth(learner), _gender(learner.gender), learner.cccd or "",
        learner.ethnicity, learner.religion, learner.position, learner.unit, learner.party_cell,
        learner.hometown, learner.address, learner.phone, learner.notes,
    ]  # fmt: skip


class ExportService(Service):
    def learners_xlsx(self, query: str = "", *, include_archived: bool = False) -> bytes:
        """Every learner matching the search (all of them for ""), in the Vietnamese name order."""
        conditions = search_filter(query)
        if not include_archived:
            conditions.append(orm.Learner.archived.is_(False))
        with self._read() as session:
            stmt = select(orm.Learner).where(*conditions).order_by(orm.Learner.sort_key, orm.Learner.id)
            rows = [
                [*_learner_cells(n, learner)[:-1], PartyStatus(learner.party_status).label, learner.notes]
                for n, learner in enumerate(session.scalars(stmt), start=1)
            ]
        columns = (*LEARNER_COLUMNS[:-1], XlsxColumn("Đảng viên", 20), LEARNER_COLUMNS[-1])
        return write_table("Học viên", columns, rows)

    def classes_xlsx(self, classes: Sequence) -> bytes:  # type: ignore[type-arg]
        """The list of classes as the Classes tab shows it (``ClassService.list`` results)."""
        columns = (
            XlsxColumn("STT", 6, "number"), XlsxColumn("Mã lớp", 16), XlsxColumn("Tên lớp", 40),
            XlsxColumn("Chương trình", 40), XlsxColumn("Từ ngày", 12, "date"),
            XlsxColumn("Đến ngày", 12, "date"), XlsxColumn("Địa điểm", 25),
            XlsxColumn("Số học viên", 11, "number"), XlsxColumn("Tình trạng", 14),
        )  # fmt: skip
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
        return write_table("Lớp học", columns, rows)

    def roster_xlsx(self, class_id: int, *, with_results: bool = True) -> bytes:
        """A class's learners (the import template's columns) and, when asked, scores, result and absences."""
        with self._read() as session:
            klass = class_row(session, class_id)
            title = f"DANH SÁCH HỌC VIÊN LỚP {klass.code.upper()} – {klass.name.upper()}"
            stmt = (
                select(orm.Enrolment, orm.Learner)
                .join(orm.Learner, orm.Enrolment.learner_id == orm.Learner.id)
                .where(orm.Enrolment.class_id == class_id)
            )
            pairs = sorted(
                ((row[0], row[1]) for row in session.execute(stmt)),
                key=lambda p: (person_sort_key(p[1].full_name, p[1].birth_date, p[1].birth_year), p[1].id),
            )
            sheet = load_sheet(session, class_id) if with_results else None
        columns = [
            *LEARNER_COLUMNS[:-1],
            XlsxColumn("Ngày vào lớp", 12, "date"),
            XlsxColumn("Tình trạng", 16),
        ]
        lines = {line.enrolment_id: line for line in sheet.rows} if sheet else {}
        if sheet is not None:
            columns += [XlsxColumn(c.name, 10, "decimal") for c in sheet.components]
            if sheet.assessed:
                columns += [XlsxColumn("Điểm tổng kết", 10, "decimal"), XlsxColumn("Xếp loại", 12)]
            columns += [XlsxColumn("Số buổi vắng", 9, "number"), XlsxColumn("Đủ điều kiện cấp GCN", 12)]
        columns.append(LEARNER_COLUMNS[-1])
        rows = []
        for number, (enrolment, learner) in enumerate(pairs, start=1):
            status = EnrolmentStatus(enrolment.status).label
            cells = [*_learner_cells(number, learner)[:-1], enrolment.enrolled_on, status]
            line = lines.get(enrolment.id)
            if sheet is not None:
                cells += [line.score(c.id) if line else None for c in sheet.components]
                if sheet.assessed:
                    outcome = line.outcome if line else None
                    cells += [
                        outcome.final if outcome else None,
                        outcome.grade.label if outcome and outcome.grade else "",
                    ]
                cells += [
                    line.tally.absences if line else None,
                    ("Đủ" if line.eligibility.eligible else "Chưa đủ") if line else "",
                ]
            cells.append(enrolment.note or learner.notes)
            rows.append(cells)
        return write_table(klass.code, columns, rows, title_lines=(title,))

    @staticmethod
    def template_xlsx() -> bytes:
        """The blank import template: a title, how to fill it in, and the expected columns."""
        return write_table(
            "Danh sách",
            LEARNER_COLUMNS,
            [],
            title_lines=("DANH SÁCH HỌC VIÊN ĐỀ NGHỊ THAM GIA LỚP HỌC", TEMPLATE_NOTE),
        )

    @staticmethod
    def rejected_rows_xlsx(plan: ImportPlan) -> bytes:
        """The rows of a dry run that will not be imported, as read from the file, with the reason."""
        width = max((len(row.cells) for row in plan.rejected), default=0)
        headers = list(plan.headers[:width]) + [""] * (width - len(plan.headers))
        columns = [XlsxColumn("Dòng trong tệp", 9, "number"), XlsxColumn("Lý do không nhập", 60)]
        columns += [XlsxColumn(title or f"Cột {i + 1}", 18) for i, title in enumerate(headers)]
        rows = [[row.number, row.reason, *row.cells] for row in plan.rejected]
        return write_table(
            "Dòng lỗi", columns, rows, title_lines=(f"CÁC DÒNG CHƯA NHẬP ĐƯỢC TỪ TỆP {plan.source}",)
        )
