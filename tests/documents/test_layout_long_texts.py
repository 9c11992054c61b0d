"""Every document with long texts (names, units, titles of 200 characters): no character may lie outside its
table cell, its field's box or the printable area, nor on another (see layout_check)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from tests.documents.conftest import (
    make_attendance,
    make_centre,
    make_class_info,
    make_class_list,
    make_results,
    make_timetable,
)
from tests.documents.layout_check import MM, layout_faults
from trungtam_desktop.documents import (
    AttendanceSheetRenderer,
    AttendanceSummaryData,
    AttendanceSummaryRenderer,
    AttendanceSummaryRow,
    ClassListRenderer,
    ComponentInfo,
    LearnerRow,
    PayListRenderer,
    PeriodReportRenderer,
    RegisterBookRenderer,
    ResultsRenderer,
    TimetableRenderer,
)
from trungtam_desktop.documents.certificate import BORDER_INNER, CertificateRenderer
from trungtam_desktop.documents.certificate_fields import SAMPLE_FACE, calibration_page, page_size
from trungtam_desktop.documents.certificate_inputs import RegisterBookData, RegisterLine
from trungtam_desktop.domain.certificate_layout import (
    CertificateTemplate,
    PaperSize,
    PrintMode,
    default_boxes,
)
from trungtam_desktop.domain.grading import AttendanceTally
from trungtam_desktop.domain.reports import (
    CertificateCounts,
    ClassBasis,
    ClassLine,
    CountLine,
    LecturerLine,
    PayLine,
    PayList,
    Period,
    PeriodReport,
    ProgrammeLine,
    Quality,
    ReportDraft,
)

_WORDS = ["Nguyễn", "Thị", "Phương", "Thảo", "Hoàng", "Minh", "Khánh", "Linh", "Đặng", "Ngọc", "Bảo", "Trâm", "Lê", "Quang", "Vũ", "Trường", "Giang", "Phạm", "Thu", "Hà", "Trần", "Đức", "Hạnh", "Bùi", "Xuân", "Phúc", "Võ", "Thanh", "Tùng", "Đỗ", "Hữu", "Nghĩa", "Huỳnh", "Kim", "Oanh", "Ka", "Bnam", "Kơ", "Să", "Ha", "Lim", "Y", "Bhim", "Niê"]
_UNIT_WORDS = ["Chi", "bộ", "thôn", "Đạ", "Nghịt", "thuộc", "Đảng", "bộ", "xã", "Lát", "huyện", "Lạc", "Dương", "tỉnh", "Lâm", "Đồng,", "Ban", "Chỉ", "huy", "Quân", "sự", "xã,", "Hội", "Liên", "hiệp", "Phụ", "nữ", "thị", "trấn", "Liên", "Nghĩa,", "Ủy", "ban", "Mặt", "trận", "Tổ", "quốc", "Việt", "Nam", "xã", "Hiệp", "Thạnh"]


def long_text(words: tuple[str, ...] | list[str], length: int = 200) -> str:
    """Words repeated to ``length`` characters (never a word cut)."""
    text, i = "", 0
    while len(text) < length:
        text = f"{text} {words[i % len(words)]}".strip()
        i += 1
    return text[:length].rsplit(" ", 1)[0] if len(text) > length else text


NAME, UNIT = long_text(_WORDS), long_text(_UNIT_WORDS)
TITLE = long_text(["Hội", "nghị", "quán", "triệt", "học", "tập", "Nghị", "quyết", "Hội", "nghị", "Trung", "ương", "khóa", "XIII", "cho", "cán", "bộ", "chủ", "chốt"])
CENTRE = replace(
    make_centre(),
    parent_body=long_text(["ĐẢNG", "ỦY", "XÃ", "HIỆP", "THẠNH", "VÀ", "CÁC", "XÃ", "LIÊN", "KẾT"], 90),
    centre_name=long_text(["TRUNG", "TÂM", "CHÍNH", "TRỊ", "XÃ", "HIỆP", "THẠNH,", "NINH", "GIA,", "TÂN", "HỘI"], 90),
    place_name="Hiệp Thạnh",
)
INFO = replace(make_class_info(), class_name=TITLE, programme_name=TITLE, venue=UNIT, homeroom_lecturer=NAME)


def long_learner(row: LearnerRow, i: int) -> LearnerRow:
    return replace(row, full_name=NAME, unit=UNIT, note=UNIT) if i % 3 == 1 else row


def attendance(learners: int, sessions: int, *, recorded: bool = True):  # type: ignore[no-untyped-def]
    data = make_attendance(learners, sessions, recorded=recorded)
    rows = tuple(replace(r, learner=long_learner(r.learner, i)) for i, r in enumerate(data.rows))
    return replace(data, class_info=INFO, rows=rows)


def class_list():  # type: ignore[no-untyped-def]
    data = make_class_list(30)
    return replace(data, class_info=INFO, learners=tuple(long_learner(x, i) for i, x in enumerate(data.learners)))


def results(components: int):  # type: ignore[no-untyped-def]
    data = make_results(24, components)
    rows = tuple(replace(r, learner=long_learner(r.learner, i), note=UNIT if i % 5 == 0 else r.note) for i, r in enumerate(data.rows))
    comps = tuple(ComponentInfo(TITLE[:60], c.weight_percent) for c in data.components)
    return replace(data, class_info=INFO, rows=rows, components=comps)


def summary() -> AttendanceSummaryData:
    rows = tuple(
        AttendanceSummaryRow(long_learner(x, i), AttendanceTally(sessions=3, present=2, excused=1), i % 2 == 0)
        for i, x in enumerate(make_class_list(30).learners)
    )
    return AttendanceSummaryData(INFO, 3, rows)


def timetable():  # type: ignore[no-untyped-def]
    data = make_timetable(14)
    sessions = tuple(replace(s, lesson_title=TITLE, lecturer_name=NAME) for s in data.sessions)
    return replace(data, class_info=INFO, sessions=sessions)


def period_report() -> PeriodReport:
    programmes = [ProgrammeLine(TITLE, 3, 120, 9, 300, 12, 400), ProgrammeLine("Sơ cấp", 1, 40, 2, 80, 3, 90)]
    composition = [CountLine("Giới tính", "Nam", 90, 88), CountLine("Giới tính", "Nữ", 70, 69)]
    lecturers = [LecturerLine("Kiêm chức", NAME, UNIT, 20, 4, 60, 90), LecturerLine("Chuyên trách", "An", "", 5, 1, 5, None)]
    classes = [ClassLine(TITLE[:50], TITLE, TITLE, date(2024, 7, 1), date(2024, 7, 5), "Đã kết thúc", 40, 38)] * 3
    quality = Quality((("Xuất sắc", 10), ("Giỏi", 30), ("Khá", 40), ("Trung bình", 5), ("Không đạt", 1)), 4, 70, 1)
    return PeriodReport(
        2024, Period.H1, ClassBasis.END, date(2024, 1, 1), date(2024, 6, 30), programmes, composition,
        160, 157, quality, CertificateCounts(3, 1, 1), lecturers, classes,
    )  # fmt: skip


def pay_list() -> PayList:
    lines = [
        PayLine("Kiêm chức", NAME, UNIT, 35, 7, "tiet", 150_000, 5_250_000),
        PayLine("Chuyên trách", "Nguyễn Văn Lộc", "Trưởng Ban Tuyên giáo Huyện ủy, Giám đốc Trung tâm Chính trị", 185, 37, "buoi", 300_000, 11_100_000),
        PayLine("Báo cáo viên", NAME, "", 5, 1, None, 0, 0),
    ] * 4
    return PayList(2024, Period.M9, date(2024, 1, 1), date(2024, 9, 30), lines)


def register() -> RegisterBookData:
    lines = tuple(
        RegisterLine(
            f"{n}/2024", f"AA {n:07d}", NAME if n % 2 else "Lê Thị Mai", "05/03/1990" if n % 3 else "1990",
            "Nữ", UNIT, TITLE, "03/07/2024 – 08/07/2024", "Trung bình", date(2024, 7, 9),
            f"Cấp lại thay số {n - 1}/2024 ({UNIT})" if n % 4 == 0 else "",
        )
        for n in range(1, 30)
    )  # fmt: skip
    return RegisterBookData("SỔ CẤP GIẤY CHỨNG NHẬN", "Năm 2024", lines, keeper=NAME)


FACE = replace(
    SAMPLE_FACE,
    full_name=NAME,
    unit=UNIT,
    programme=TITLE,
    class_line=TITLE,
    parent_body=CENTRE.parent_body,
    centre_name=CENTRE.centre_name,
    certifier=f"GIÁM ĐỐC {CENTRE.centre_name} CHỨNG NHẬN",
    note=UNIT,
    signer_name=NAME,
    place_date=f"{UNIT}, ngày 14 tháng 06 năm 2024",
    qr_text="GCN|125/2024",
)


def template(paper: PaperSize, mode: PrintMode, x: float = 0.0, y: float = 0.0) -> CertificateTemplate:
    return CertificateTemplate("Phôi", "1", paper=paper, mode=mode, boxes=default_boxes(paper)).with_offset(x, y)


def box_areas(t: CertificateTemplate) -> list[tuple[float, float, float, float]]:
    _width, _height = page_size(t.paper)
    return [
        ((b.x_mm + t.offset_x_mm) * MM, (b.y_mm + t.offset_y_mm) * MM,
         (b.x_mm + t.offset_x_mm + b.width_mm) * MM, (b.y_mm + t.offset_y_mm + b.height_mm) * MM)
        for b in t.boxes
    ]  # fmt: skip


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "attendance_blank": lambda: AttendanceSheetRenderer(CENTRE).render(attendance(30, 12, recorded=False)),
    "attendance_filled": lambda: AttendanceSheetRenderer(CENTRE, filled=True).render(attendance(30, 12)),
    "attendance_53_buoi": lambda: AttendanceSheetRenderer(CENTRE, filled=True).render(attendance(44, 53)),
    "class_list": lambda: ClassListRenderer(CENTRE).render(class_list()),
    "results_portrait": lambda: ResultsRenderer(CENTRE, landscape=False).render(results(1)),
    "results_landscape": lambda: ResultsRenderer(CENTRE).render(results(4)),
    "attendance_summary": lambda: AttendanceSummaryRenderer(CENTRE).render(summary()),
    "timetable": lambda: TimetableRenderer(CENTRE).render(timetable()),
    "period_report": lambda: PeriodReportRenderer(CENTRE).render(
        period_report(), ReportDraft("12", date(2024, 7, 5), UNIT + "\n" + TITLE, TITLE)
    ),
    "pay_list": lambda: PayListRenderer(CENTRE).render(pay_list()),
    "register_book": lambda: RegisterBookRenderer(CENTRE).render(register()),
    "calibration_a4": lambda: calibration_page(template(PaperSize.A4, PrintMode.FIELDS_ONLY, 2, -1.5), FACE),
    "calibration_a5": lambda: calibration_page(template(PaperSize.A5, PrintMode.FIELDS_ONLY), FACE),
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_no_character_leaves_its_cell_or_the_printable_area(name: str) -> None:
    faults = layout_faults(DOCUMENTS[name](), tables=not name.startswith("calibration"))
    assert not faults, "\n".join(map(str, faults[:15]))


@pytest.mark.parametrize("paper", list(PaperSize))
def test_whole_certificate_stays_inside_its_border_and_nothing_overlaps(paper: PaperSize) -> None:
    whole = template(paper, PrintMode.WHOLE)
    width, height = page_size(paper)
    inset = BORDER_INNER * MM * width / page_size(PaperSize.A4)[0]
    border = [(inset, inset, width - inset, height - inset)]
    pdf = CertificateRenderer(whole).render([FACE, replace(FACE, birth="1990", grade="")])
    faults = layout_faults(pdf, areas_per_page=[border] * 2, tables=False)
    assert not faults, "\n".join(map(str, faults[:15]))


@pytest.mark.parametrize("paper", list(PaperSize))
def test_fields_only_stay_in_their_boxes(paper: PaperSize) -> None:
    shifted = template(paper, PrintMode.FIELDS_ONLY, -1.0, 1.5)
    pdf = CertificateRenderer(shifted).render([FACE, replace(FACE, birth="1990")])
    faults = layout_faults(pdf, areas_per_page=[box_areas(shifted)] * 2, tables=False)
    assert not faults, "\n".join(map(str, faults[:15]))


def test_the_checker_sees_a_text_running_over_its_rule_and_off_the_page() -> None:
    """The check itself: a row of fixed height too short for its three lines (the pay list before this
    round) and a line drawn 2 mm from the paper's edge are both reported."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Table

    from trungtam_desktop.documents.fonts import FONT, register_fonts
    from trungtam_desktop.documents.styles import para, party_styles
    from trungtam_desktop.documents.tables import grid_table

    register_fonts()
    text = para("Trưởng Ban Tuyên giáo Huyện ủy, Giám đốc Trung tâm Chính trị huyện", party_styles().cell)
    table: Table = grid_table([["Chức vụ"], [text], ["x"]], [40 * MM], row_heights=[None, 10 * MM, None])
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    table.wrapOn(canvas, 40 * MM, 500)
    table.drawOn(canvas, 30 * MM, 200 * MM)
    canvas.setFont(FONT, 10)
    canvas.drawString(2 * MM, 100 * MM, "Mép giấy")
    canvas.showPage()
    canvas.save()
    faults = [str(f) for f in layout_faults(buffer.getvalue())]
    # the paragraph spills into the rows above and below: over "Chức vụ" and "x"
    assert any("đè lên" in f and "Chứcvụ" in f for f in faults), faults
    assert any("Mép" in f and "vùng in được" in f for f in faults), faults
