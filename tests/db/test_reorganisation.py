"""Issue 21 on a real database with known answers (tests/reorg_fixture.py): communes served and the period
report's section per commune, certificate validity and the lookup, the expiry list, training records."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from tests.db.classwork_support import count
from tests.reorg_fixture import build_reorg_database
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import CentreIdentity, Learner, TrainingClass
from trungtam_desktop.domain.organisation import AT_CENTRE, NOT_RECORDED, OUTSIDE
from trungtam_desktop.domain.reports import ClassBasis, Period
from trungtam_desktop.services.report_documents import OutputFormat

CENTRE = CentreIdentity(
    parent_body="HUYỆN ỦY MẪU",
    centre_name="TRUNG TÂM CHÍNH TRỊ",
    place_name="Mẫu Sơn",
    director_title="GIÁM ĐỐC",
)


@pytest.fixture
def ids(services):  # type: ignore[no-untyped-def]
    services.settings.save_centre(CENTRE)
    return build_reorg_database(services)


def _programme_ids(services) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {p.kind.value: p.programme_id for p in services.validity.programme_validity()}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# -- 1. communes served ----------------------------------------------------------------------------------


def test_figures_per_commune_served_sum_to_the_report(services, ids) -> None:  # type: ignore[no-untyped-def]
    figures = services.organisation.commune_figures(2024, Period.Q3)
    rows = {line.commune: (line.classes, line.places, line.note) for line in figures.lines}
    assert rows == {
        "Xã Hiệp Thạnh": (1, 3, ""),
        "Xã Tân Hội mới": (0, 0, ""),
        "Xã Liên Nghĩa": (0, 1, "đến 31/07/2024"),
        "Xã Tân Hội": (0, 0, "đến 31/07/2024"),
        AT_CENTRE: (1, None, ""),
        OUTSIDE: (None, 1, ""),
        NOT_RECORDED: (None, 0, ""),
    }
    report = services.reports.period_report(2024, Period.Q3)
    assert (figures.classes, figures.places) == (report.total().classes, report.places) == (2, 5)
    # By start date: B and D (D held at Xã Tân Hội mới; its only place X3 lives in Xã Liên Nghĩa).
    start = services.organisation.commune_figures(2024, Period.Q3, ClassBasis.START)
    by_start = {line.commune: (line.classes, line.places) for line in start.lines}
    assert by_start["Xã Tân Hội mới"] == (1, 0) and by_start["Xã Liên Nghĩa"] == (0, 1)
    assert (start.classes, start.places) == (2, 3)


def test_report_pdf_and_xlsx_carry_the_commune_section_only_when_communes_are_set(services, ids) -> None:  # type: ignore[no-untyped-def]
    workbook = load_workbook(
        io.BytesIO(services.report_documents.period_report(2024, Period.Q3, OutputFormat.XLSX))
    )
    sheet = workbook["Theo xã, phường"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert values[0] == [1, "Xã Hiệp Thạnh", 1, 3, None]
    assert values[-1] == [None, "Tổng cộng", 2, 5, None]
    assert [v[1] for v in values if v[0] is None][:3] == [AT_CENTRE, OUTSIDE, NOT_RECORDED]
    text = _text(services.report_documents.period_report(2024, Period.Q3, OutputFormat.PDF))
    assert "theo xã, phường phục vụ quý III năm 2024" in text and "Xã Liên Nghĩa" in text
    assert "đến 31/07/2024" in text
    services.organisation.save_areas([])  # none set: neither the sheet nor the pages
    workbook = load_workbook(
        io.BytesIO(services.report_documents.period_report(2024, Period.Q3, OutputFormat.XLSX))
    )
    assert "Theo xã, phường" not in workbook.sheetnames
    assert "xã, phường phục vụ" not in _text(
        services.report_documents.period_report(2024, Period.Q3, OutputFormat.PDF)
    )


def test_areas_are_a_setting_checked_whole_and_audited(services, ids, opened) -> None:  # type: ignore[no-untyped-def]
    before = services.organisation.areas()
    assert [a.valid_from for a in before] == [date(2020, 1, 1), date(2024, 8, 1)]
    assert services.organisation.commune_choices() == ["Xã Hiệp Thạnh", "Xã Tân Hội mới"]  # today 20/11/2024
    assert services.organisation.commune_choices(date(2024, 7, 31))[1] == "Xã Liên Nghĩa"
    with pytest.raises(ValidationError) as caught:
        services.organisation.save_areas([*before, before[0]])
    assert "hai danh sách" in caught.value.message
    assert services.organisation.areas() == before  # nothing half-saved
    assert count(opened, "audit_log", "entity = 'settings' AND summary = 'service_areas'") == 1


def test_class_and_learner_keep_the_commune_they_were_given(services, ids) -> None:  # type: ignore[no-untyped-def]
    programme = _programme_ids(services)["nhan_thuc_ve_dang"]
    made = services.classes.create(
        TrainingClass(
            programme, "NT-XA-1", "Đợt 1/2025", date(2025, 3, 3), date(2025, 3, 7), commune="Xã Tân Hội mới"
        )
    )
    assert services.classes.get(made.id).commune == "Xã Tân Hội mới"
    learner = services.learners.create(
        Learner("Đỗ Thị Hoa", birth_year=1995, gender=Gender.FEMALE, commune="Phường Nơi Khác")
    )
    assert (
        services.learners.get(learner.id).commune == "Phường Nơi Khác"
    )  # free text for people from elsewhere
    with pytest.raises(ValidationError, match="Xã, phường dài quá 100"):
        services.classes.check(
            TrainingClass(programme, "X", "Y", date(2025, 1, 1), date(2025, 1, 2), commune="x" * 101)
        )
    # A new list of communes does not rewrite what records hold.
    services.organisation.save_areas(services.organisation.areas()[:1])
    assert services.classes.get(made.id).commune == "Xã Tân Hội mới"
    assert services.learners.get(ids["X2"]).commune == "hiep thanh"


# -- 2. certificate validity -------------------------------------------------------------------------------


def test_validity_setting_defaults_and_changes(services, ids) -> None:  # type: ignore[no-untyped-def]
    settings = {p.kind.value: (p.months, p.default) for p in services.validity.programme_validity()}
    assert settings["nhan_thuc_ve_dang"] == (60, 60) and settings["so_cap"] == (None, None)
    assert "cap_nhat" not in settings  # gives no certificate
    programmes = _programme_ids(services)
    with pytest.raises(ValidationError, match="từ 1 đến 600 tháng"):
        services.validity.save_validity({programmes["so_cap"]: 0})
    services.validity.save_validity({programmes["so_cap"]: 12, programmes["nhan_thuc_ve_dang"]: None})
    settings = {p.kind.value: p.months for p in services.validity.programme_validity()}
    assert settings["so_cap"] == 12 and settings["nhan_thuc_ve_dang"] is None


def test_lookup_by_cccd_or_name_and_birth_on_a_date(services, ids) -> None:  # type: ignore[no-untyped-def]
    awareness = _programme_ids(services)["nhan_thuc_ve_dang"]
    # X4 Y Bhim Niê: certificate 5/2024 issued 30/09/2024, 60 months: valid to 29/09/2029.
    yes = services.validity.check(awareness, date(2029, 9, 29), cccd="066000000004")
    assert (
        yes.holds
        and yes.message.startswith("CÓ: vào ngày 29/09/2029,")
        and "hiệu lực đến 29/09/2029" in yes.message
    )
    no = services.validity.check(awareness, date(2029, 9, 30), cccd="066 000 000 004".replace(" ", ""))
    assert not no.holds and "hết hiệu lực từ ngày 30/09/2029" in no.message
    early = services.validity.check(awareness, date(2024, 9, 29), cccd="066000000004")
    assert not early.holds and "được cấp sau ngày đó" in early.message
    # X1 Nguyễn Văn Hải (born 1990) by name without tone marks: his only certificate of the programme is void.
    void = services.validity.check(awareness, date(2025, 1, 1), full_name="nguyen van hai", birth="1990")
    assert (
        not void.holds
        and "đã hủy" in void.message
        and [c.register_number for c in void.certificates] == ["4/2024"]
    )
    assert (
        "Không có học viên nào"
        in services.validity.check(awareness, date(2025, 1, 1), cccd="001000000999").message
    )
    assert not services.validity.check(
        awareness, date(2025, 1, 1), full_name="Nguyễn Văn Hải", birth="1991"
    ).certificates
    with pytest.raises(ValidationError, match="12 chữ số"):
        services.validity.check(awareness, date(2025, 1, 1), cccd="12345")
    with pytest.raises(ValidationError, match="Nhập số CCCD"):
        services.validity.check(awareness, date(2025, 1, 1))
    # Two people of one name and birth: no answer until asked by CCCD.
    services.learners.create(Learner("Nguyễn Văn Hải", birth_year=1990, gender=Gender.MALE))
    twice = services.validity.check(awareness, date(2025, 1, 1), full_name="Nguyễn Văn Hải", birth="1990")
    assert not twice.holds and "Có 2 học viên" in twice.message and "CCCD" in twice.message


def test_reissue_does_not_extend_validity(services, ids) -> None:  # type: ignore[no-untyped-def]
    # X2's certificate 2/2024 (15/07/2024) was re-issued as 3/2024 on 20/08/2024: 12 months run from 15/07.
    elementary = _programme_ids(services)["so_cap"]
    services.validity.save_validity({elementary: 12})
    assert services.validity.check(elementary, date(2025, 7, 14), cccd="001070000002").holds
    late = services.validity.check(elementary, date(2025, 7, 15), cccd="001070000002")
    assert not late.holds and "3/2024" in late.message and "hết hiệu lực từ ngày 15/07/2025" in late.message
    history = {h.class_code: h.certificate_validity for h in services.learners.history(ids["X2"])}
    assert history["LOP-A"] == "Còn hiệu lực đến 14/07/2025"  # today is 20/11/2024
    assert history["LOP-C"] == ""  # no certificate
    x1 = {h.class_code: h.certificate_validity for h in services.learners.history(ids["X1"])}
    assert x1["LOP-B"] == "Đã hủy" and x1["LOP-A"] == "Còn hiệu lực đến 14/07/2025"


def test_expiring_list_for_a_commune_or_a_chi_bo(services, ids) -> None:  # type: ignore[no-untyped-def]
    elementary = _programme_ids(services)["so_cap"]
    services.validity.save_validity({elementary: 12})  # 1/2024 (X1) and 3/2024 (X2) end on 14/07/2025
    soon = services.validity.expiring(8)  # 20/11/2024 .. 20/07/2025
    assert [(h.register_number, h.until) for h in soon.lines] == [
        ("1/2024", date(2025, 7, 14)),
        ("3/2024", date(2025, 7, 14)),
    ]
    assert soon.scope == "toàn trung tâm" and soon.end == date(2025, 7, 20)
    assert [h.register_number for h in services.validity.expiring(7).lines] == []  # ends 20/06/2025
    five_years = services.validity.expiring(60)
    assert [h.register_number for h in five_years.lines] == ["1/2024", "3/2024", "5/2024"]
    assert [h.full_name for h in services.validity.expiring(60, commune="hiệp thạnh").lines] == [
        "Nguyễn Văn Hải",
        "Hoàng Thị Lan",
    ]
    assert [h.register_number for h in services.validity.expiring(60, party_cell="buon ea tieu").lines] == [
        "5/2024"
    ]
    assert services.validity.expiring(60, commune="Xã Không Có").lines == ()
    with pytest.raises(ValidationError, match="từ 1 đến 120"):
        services.validity.expiring(0)
    listing = services.validity.expiring(60, commune="Xã Hiệp Thạnh")
    text = _text(services.validity.expiring_pdf(listing))
    assert "DANH SÁCH" in text and "sắp hết hiệu lực (Xã Hiệp Thạnh)" in text and "14/07/2025" in text
    assert "Danh sách có 2 giấy chứng nhận" in text
    sheet = load_workbook(io.BytesIO(services.validity.expiring_xlsx(listing))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[1] for r in rows] == ["Nguyễn Văn Hải", "Hoàng Thị Lan"] and rows[0][3] == "001090000001"


# -- 3. training records -------------------------------------------------------------------------------------


def test_training_records_by_cccd_list(services, ids) -> None:  # type: ignore[no-untyped-def]
    records = services.training_records.for_cccds(["001070000002", "001090000001", "999999999999", "12"])
    assert [r.full_name for r in records.records] == ["Hoàng Thị Lan", "Nguyễn Văn Hải"]  # the order asked
    assert records.not_found == ("999999999999",) and len(records.refused) == 1
    hai = records.records[1]
    lines = [(x.class_name, x.category, x.level, x.result, x.certificate_number) for x in hai.lines]
    assert lines == [  # F (2023), A, B; D is not finished; B's certificate was voided
        ("Lớp F", "Đào tạo", "Sơ cấp lý luận chính trị", "Khá", ""),
        ("Lớp A", "Đào tạo", "Sơ cấp lý luận chính trị", "Khá", "1/2024"),
        ("Lớp B", "Bồi dưỡng", "", "Xuất sắc", ""),
    ]
    assert {x.institution for x in hai.lines} == {"TRUNG TÂM CHÍNH TRỊ MẪU SƠN"}
    assert hai.lines[1].certificate_date == date(2024, 7, 15) and hai.lines[1].mode == "Tập trung"
    lan = records.records[0]
    assert [(x.class_name, x.certificate_number, x.certificate_date) for x in lan.lines] == [
        ("Lớp C", "", None),
        ("Lớp A", "3/2024", date(2024, 8, 20)),  # the re-issue, not the replaced one
    ]


def test_training_records_by_chi_bo_paste_and_file(services, ids, tmp_path) -> None:  # type: ignore[no-untyped-def]
    by_cell = services.training_records.for_party_cell("thon 3")
    assert [r.full_name for r in by_cell.records] == ["Nguyễn Văn Hải", "Hoàng Thị Lan"]  # Hải before Lan
    with pytest.raises(ValidationError, match="ít nhất 3"):
        services.training_records.for_party_cell("t")
    pasted = services.training_records.for_pasted(
        "STT\tHọ tên\tCCCD\n1\tY Bhim Niê\t066 000 000 004\n2\tAi đó\t123"
    )
    assert [r.full_name for r in pasted.records] == ["Y Bhim Niê"] and pasted.refused
    assert [x.class_name for x in pasted.records[0].lines] == ["Lớp B"]
    with pytest.raises(ValidationError, match="không có số CCCD"):
        services.training_records.for_pasted("Họ tên\nNguyễn Văn A")
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Số CCCD"])
    sheet.append([1, "Nguyễn Văn Hải", 1990, 1090000001])  # Excel dropped the leading zero
    sheet.append([2, "Người Lạ", 1980, "001000000777"])
    path = tmp_path / "chi bo.xlsx"
    book.save(path)
    from_file = services.training_records.for_file(path)
    assert [r.full_name for r in from_file.records] == ["Nguyễn Văn Hải"] and from_file.not_found == (
        "001000000777",
    )


def test_training_record_workbook_and_pdf(services, ids) -> None:  # type: ignore[no-untyped-def]
    records = services.training_records.for_cccds(["001090000001", "001070000002", "001000000777"])
    book = load_workbook(io.BytesIO(services.training_records.workbook(records)))
    sheet = book["Đào tạo, bồi dưỡng"]
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["STT", "Số định danh cá nhân (CCCD)", "Họ và tên", "Ngày sinh"]
    assert header[-3:] == ["Văn bằng, chứng chỉ", "Số hiệu văn bằng, chứng chỉ", "Ngày cấp"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == 5 and rows[0][1] == "001090000001" and sheet.cell(5, 2).number_format == "@"
    a = rows[1]
    assert a[7] == "Sơ cấp lý luận chính trị" and a[16] == "1/2024" and a[17].date() == date(2024, 7, 15)
    assert a[11].date() == date(2024, 6, 20) and sheet.cell(6, 12).number_format == "DD/MM/YYYY"
    assert book["Không tìm thấy"].cell(2, 1).value == "001000000777"
    pdf = services.training_records.pdf(records)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # one page per person
    first = reader.pages[0].extract_text()
    assert "QUÁ TRÌNH BỒI DƯỠNG" in first and "của đồng chí Nguyễn Văn Hải" in first
    flat = " ".join(first.split())
    assert "Ngành học hoặc tên lớp học" in flat and "Giấy chứng nhận số 1/2024 ngày 15/07/2024; Khá" in flat
    assert "Đồng chí Nguyễn Văn Hải" in flat  # Nơi nhận
