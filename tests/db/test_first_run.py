"""First run: a new database names no place; documents before setup print blanks; the setup writes the
centre, the registers' next numbers and the programmes in one transaction."""

from __future__ import annotations

import dataclasses
import io
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pdfplumber
import pytest

from tests.classwork_builder import build_class
from tests.conftest import FIXED_TODAY
from trungtam_desktop.app import OpenedData, open_services
from trungtam_desktop.domain.enums import CertificateKind
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import DOTTED_BLANK, DOTTED_PLACE, CentreIdentity, Deputy
from trungtam_desktop.domain.reports import Period
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.demo import seed_demo
from trungtam_desktop.services.report_documents import OutputFormat
from trungtam_desktop.services.sample_class import SampleClassService
from trungtam_desktop.services.setup import SetupPlan

PLACES = ("Đức Trọng", "ĐỨC TRỌNG", "Lâm Đồng", "LÂM ĐỒNG", "Duc Trong")
CENTRE = CentreIdentity(
    parent_body="ĐẢNG ỦY XÃ TÂN HỘI",
    centre_name="TRUNG TÂM CHÍNH TRỊ",
    place_name="Tân Hội",
    director_name="Phan Văn Lộc",
    director_title="GIÁM ĐỐC",
    document_code="TTCT",
    deputies=(Deputy("Hà Thị Kim Oanh"),),
)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[OpenedData]:
    """The program's data on an empty folder, opened as the program opens it (no test centre)."""
    opened = open_services(DataPaths(tmp_path / "empty"), user="kiểm thử")
    opened.services.context.today = lambda: FIXED_TODAY
    yield opened
    opened.close()


def _dump(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return "\n".join(conn.iterdump())


def test_a_new_database_names_no_place_and_asks_for_setup(fresh) -> None:  # type: ignore[no-untyped-def]
    s = fresh.services
    assert not s.settings.centre_is_set_up() and s.setup.needed()
    centre = s.settings.centre()
    assert (centre.parent_body, centre.place_name, centre.director_name) == ("", "", "")
    dump = _dump(fresh.paths.database)
    assert not [place for place in PLACES if place in dump]
    assert len(s.programmes.list(active_only=True)) == 6  # the standard programmes are there to start with


def test_documents_printed_before_setup_carry_blanks_not_a_place(fresh) -> None:  # type: ignore[no-untyped-def]
    s = fresh.services
    sample = SampleClassService(s.context).create_sample_class("NTVD-2024-15")
    printed = {
        "attendance": s.class_documents.attendance_sheet(sample.class_id, blank=True),
        "class list": s.class_documents.class_list(sample.class_id),
        "report": s.report_documents.period_report(2024, Period.Q4, OutputFormat.PDF),
        "pay list": s.report_documents.pay_list(2024, Period.Q4, OutputFormat.PDF),
        "certificate sample": s.certificate_printing.preview(s.certificate_printing.active_template()),
        "register": s.certificate_books.register_book(2024),
    }
    for what, data in printed.items():
        text = pdf_text(data)
        assert not [place for place in PLACES if place in text], what
        assert DOTTED_BLANK[:6] in text, what
    header = pdf_text(printed["class list"])
    # The parent body left for the pen above the centre's name, and the place in the date line too.
    assert header.startswith(f"{DOTTED_BLANK} ĐẢNG CỘNG SẢN VIỆT NAM TRUNG TÂM CHÍNH TRỊ *")
    assert f"{DOTTED_PLACE}, ngày 10 tháng 06 năm 2024" in header  # a class list is dated its first day


def test_setup_writes_everything_and_documents_carry_it(fresh) -> None:  # type: ignore[no-untyped-def]
    s = fresh.services
    plan = s.setup.current()
    assert [r.kind for r in plan.registers] == [CertificateKind.CERTIFICATE, CertificateKind.DIPLOMA]
    assert [r.next_number for r in plan.registers] == [1, 1] and plan.registers[0].year == 2024
    updates = [
        dataclasses.replace(p, active=False)
        if p.code == "SCLLCT"
        else dataclasses.replace(p, name="Bồi dưỡng nhận thức về Đảng (5 ngày)")
        if p.code == "NTVD"
        else p
        for p in plan.programmes
    ]
    registers = (
        dataclasses.replace(plan.registers[0], next_number=126),
        dataclasses.replace(plan.registers[1], next_number=40),
    )
    saved = s.setup.apply(SetupPlan(CENTRE, registers, tuple(updates)))
    assert saved == CENTRE and s.settings.centre() == CENTRE
    assert s.settings.centre_is_set_up() and not s.setup.needed()
    active = {p.code: p.name for p in s.programmes.list(active_only=True)}
    assert "SCLLCT" not in active and active["NTVD"] == "Bồi dưỡng nhận thức về Đảng (5 ngày)"
    assert [r.next_number for r in s.setup.current().registers] == [126, 40]

    sample = SampleClassService(s.context).create_sample_class("NTVD-2024-15")
    text = pdf_text(s.class_documents.class_list(sample.class_id))
    assert "ĐẢNG ỦY XÃ TÂN HỘI" in text and "Tân Hội, ngày 10 tháng 06 năm 2024" in text
    assert "Phan Văn Lộc" in text and DOTTED_BLANK[:6] not in text


def test_the_next_register_number_drives_numbering(services, opened) -> None:  # type: ignore[no-untyped-def]
    """A centre moving from a paper register: its first certificate in the program continues the book."""
    plan = services.setup.current()
    start = dataclasses.replace(plan.registers[0], next_number=126)
    services.setup.apply(dataclasses.replace(plan, registers=(start, plan.registers[1])))
    built = build_class(opened.database, code="NTVD-2024-09", learners=2, sessions=2)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): 8.0 for e in built.enrolment_ids})
    assert services.certificates.plan(built.class_id, FIXED_TODAY).next_number == 126
    issued = services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=FIXED_TODAY)
    assert sorted(c.register_number for c in issued) == ["126/2024", "127/2024"]
    # Once the program's register holds certificates the next number follows them: no gap can be made.
    now = services.setup.current()
    assert now.registers[0].next_number == 128 and now.registers[0].issued == 2
    with pytest.raises(ValidationError) as refused:
        services.setup.apply(
            dataclasses.replace(now, registers=(dataclasses.replace(now.registers[0], next_number=300),))
        )
    assert refused.value.field == "register_giay_chung_nhan" and "128" in refused.value.message
    services.setup.apply(now)  # unchanged numbers are accepted


def test_a_refused_setup_writes_nothing(fresh) -> None:  # type: ignore[no-untyped-def]
    s = fresh.services
    plan = s.setup.current()
    bad_programme = dataclasses.replace(plan.programmes[2], name=" ")
    cases = {
        "place_name": dataclasses.replace(plan, centre=dataclasses.replace(CENTRE, place_name="")),
        "register_bang_so_cap": dataclasses.replace(
            plan, centre=CENTRE, registers=(dataclasses.replace(plan.registers[1], next_number=0),)
        ),
        "programmes": dataclasses.replace(
            plan,
            centre=CENTRE,
            programmes=tuple(dataclasses.replace(p, active=False) for p in plan.programmes),
        ),
        bad_programme.field: dataclasses.replace(
            plan, centre=CENTRE, programmes=(plan.programmes[0], bad_programme)
        ),
        "deputy_1": dataclasses.replace(
            plan, centre=dataclasses.replace(CENTRE, deputies=(Deputy("", "PHÓ GIÁM ĐỐC THƯỜNG TRỰC"),))
        ),
    }
    before = _dump(fresh.paths.database)
    for field, bad in cases.items():
        with pytest.raises(ValidationError) as refused:
            s.setup.apply(bad)
        assert refused.value.field == field
    assert _dump(fresh.paths.database) == before and s.setup.needed()


def test_skipping_the_setup_is_remembered_until_the_centre_is_set(fresh) -> None:  # type: ignore[no-untyped-def]
    s = fresh.services
    s.setup.dismiss()
    assert not s.setup.needed() and not s.settings.centre_is_set_up()
    assert s.settings.centre().place_name == ""


def test_the_demo_names_its_own_centre(fresh) -> None:  # type: ignore[no-untyped-def]
    seed_demo(fresh.database, scale="small")
    centre = fresh.services.settings.centre()
    assert centre.parent_body == "HUYỆN ỦY ĐỨC TRỌNG" and centre.place_name == "Đức Trọng"
    assert centre.director_name and len(centre.deputies) == 2
    assert all(d.title == "PHÓ GIÁM ĐỐC" and d.name for d in centre.deputies)


def test_deputies_round_trip_through_settings(services) -> None:  # type: ignore[no-untyped-def]
    services.settings.save_centre(CENTRE)
    assert services.settings.centre().deputies == (Deputy("Hà Thị Kim Oanh", "PHÓ GIÁM ĐỐC"),)
    services.settings.save_centre(
        dataclasses.replace(CENTRE, deputies=(Deputy(" ", " "), Deputy("Lý Văn Tư", "")))
    )
    assert services.settings.centre().deputies == (Deputy("Lý Văn Tư", "PHÓ GIÁM ĐỐC"),)  # empty rows dropped


def test_a_deputy_signs_for_the_director(services, opened) -> None:  # type: ignore[no-untyped-def]
    """The deputies the setup asks for sign "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" when the clerk chooses them."""
    services.settings.save_centre(CENTRE)
    signatures = services.certificates.signatures()
    assert [s.title for s in signatures] == ["GIÁM ĐỐC", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"]
    assert [s.name for s in signatures] == ["Phan Văn Lộc", "Hà Thị Kim Oanh"]
    built = build_class(opened.database, code="NTVD-2024-09", learners=2, sessions=2)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): 8.0 for e in built.enrolment_ids})
    with pytest.raises(ValidationError) as refused:
        services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=FIXED_TODAY, signer=2)
    assert refused.value.field == "signer"
    by_deputy, by_director = services.certificates.issue(
        built.class_id, [built.enrolment_ids[0]], issued_on=FIXED_TODAY, signer=1
    ) + services.certificates.issue(built.class_id, [built.enrolment_ids[1]], issued_on=FIXED_TODAY)
    face = services.certificate_books.face(by_deputy.id)
    assert (face.signer_title, face.signer_name) == ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Hà Thị Kim Oanh")
    text = pdf_text(services.certificate_printing.render([by_deputy.id]))
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text and "Hà Thị Kim Oanh" in text
    assert services.certificate_books.face(by_director.id).signer_name == "Phan Văn Lộc"
