"""Issue 21 rules without a database: service areas and per-commune counting, certificate validity, the
centre's key and signed QR texts, CCCD lists."""

from __future__ import annotations

from datetime import date

import pytest

from trungtam_desktop.domain.certificates import (
    VerifiedFields,
    parse_qr,
    qr_text,
    scan_qr,
    signed_qr_body,
)
from trungtam_desktop.domain.enums import CertificateStatus, ProgrammeKind
from trungtam_desktop.domain.errors import DomainError, ValidationError
from trungtam_desktop.domain.organisation import (
    AT_CENTRE,
    NOT_RECORDED,
    OUTSIDE,
    CentreLevel,
    ServiceArea,
    area_on,
    areas_between,
    areas_from_json,
    areas_to_json,
    centre_title,
    commune_key,
    commune_lines,
    validate_areas,
)
from trungtam_desktop.domain.signatures import (
    TrustedKey,
    encode_signature,
    fingerprint,
    key_id,
    new_private_key,
    parse_key_line,
    public_key_of,
    sign,
    verify,
)
from trungtam_desktop.domain.training_record import cccds_in_text, check_cccds
from trungtam_desktop.domain.validity import Validity, add_months, check_months, default_months, valid_until

DISTRICT = ServiceArea(
    date(2020, 1, 1), CentreLevel.DISTRICT, ("Xã Hiệp Thạnh", "Xã Liên Nghĩa", "Thị trấn Liên Nghĩa 2")
)
COMMUNE = ServiceArea(date(2025, 7, 1), CentreLevel.COMMUNE, ("Xã Hiệp Thạnh", "Xã Đức Trọng"))


# -- service areas -----------------------------------------------------------------------------------------


def test_commune_key_ignores_kind_word_case_and_tone_marks() -> None:
    assert (
        commune_key("Xã Hiệp Thạnh")
        == commune_key("hiep thanh")
        == commune_key("XÃ  HIỆP THẠNH")
        == "hiep thanh"
    )
    assert commune_key("Phường 1") == "1" and commune_key("Đặc khu Phú Quốc") == "phu quoc"
    assert commune_key("Xã") == "xa"  # a bare kind word stays itself
    assert DISTRICT.find("hiep thanh") == "Xã Hiệp Thạnh" and DISTRICT.find("Tân Hội") is None


def test_area_in_force_on_a_day_and_areas_overlapping_a_period() -> None:
    areas = [COMMUNE, DISTRICT]
    assert area_on(areas, date(2019, 12, 31)) is None
    assert area_on(areas, date(2025, 6, 30)) == DISTRICT and area_on(areas, date(2025, 7, 1)) == COMMUNE
    overlapping = areas_between(areas, date(2025, 1, 1), date(2025, 12, 31))
    assert [(a.level, last) for a, last in overlapping] == [
        (CentreLevel.DISTRICT, date(2025, 6, 30)),
        (CentreLevel.COMMUNE, date.max),
    ]
    assert [a for a, _ in areas_between(areas, date(2024, 1, 1), date(2024, 3, 31))] == [DISTRICT]


def test_validate_areas_reports_every_problem_at_once() -> None:
    bad = [
        ServiceArea(date(2025, 8, 1), CentreLevel.DISTRICT, ("Xã A", "xa a", " ")),
        ServiceArea(date(2025, 8, 1), CentreLevel.WARD, ()),
        ServiceArea(date(1980, 1, 1), CentreLevel.DISTRICT, ("X" * 101,)),
    ]
    with pytest.raises(ValidationError) as caught:
        validate_areas(bad)
    messages = " ".join(m for _f, m in caught.value.problems)
    assert "năm 1990" in messages and "hai danh sách địa bàn" in messages
    assert "không còn cấp huyện" in messages and "“xa a” trùng với “Xã A”" in messages
    assert "cần ít nhất một xã" in messages and "dài quá 100" in messages
    cleaned = validate_areas(
        [COMMUNE, ServiceArea(date(2020, 1, 1), CentreLevel.DISTRICT, ("  Xã  Hiệp Thạnh ",))]
    )
    assert [a.valid_from for a in cleaned] == [date(2020, 1, 1), date(2025, 7, 1)]
    assert cleaned[0].communes == ("Xã Hiệp Thạnh",)
    assert areas_from_json(areas_to_json(cleaned)) == cleaned
    assert areas_from_json([{"from": "bad"}, "x", None]) == []


def test_commune_lines_count_each_record_where_it_was_written() -> None:
    # 2025: the district list until 30/6, the commune list from 1/7. Classes by their commune, places by
    # the learner's commune; the rest in the three rows of their own.
    figures = commune_lines(
        [DISTRICT, COMMUNE],
        date(2025, 1, 1),
        date(2025, 12, 31),
        class_communes=["Hiệp Thạnh", "", "Xã Đức Trọng", "Xã Nơi Khác", "xa lien nghia"],
        place_communes=["Xã Hiệp Thạnh", "hiep thanh", "Liên Nghĩa", "", "Xã Nơi Khác", "Xã Đức Trọng"],
    )
    rows = {line.commune: (line.classes, line.places, line.note) for line in figures.lines}
    assert list(rows)[:4] == ["Xã Hiệp Thạnh", "Xã Đức Trọng", "Xã Liên Nghĩa", "Thị trấn Liên Nghĩa 2"]
    assert rows["Xã Hiệp Thạnh"] == (1, 2, "")
    assert rows["Xã Đức Trọng"] == (1, 1, "")
    assert rows["Xã Liên Nghĩa"] == (1, 1, "đến 30/06/2025")
    assert (
        rows[AT_CENTRE] == (2, None, "")
        and rows[OUTSIDE] == (None, 1, "")
        and rows[NOT_RECORDED] == (None, 1, "")
    )
    assert figures.classes == 5 and figures.places == 6 and figures.level is CentreLevel.COMMUNE
    empty = commune_lines([], date(2024, 1, 1), date(2024, 3, 31), ["Xã A"], ["Xã A", ""])
    assert empty.level is None and (empty.classes, empty.places) == (1, 2)


def test_centre_title_adds_the_place_once() -> None:
    assert centre_title("TRUNG TÂM CHÍNH TRỊ", "Đức Trọng") == "TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG"
    assert (
        centre_title("Trung tâm chính trị xã Hiệp Thạnh", "Hiệp Thạnh") == "Trung tâm chính trị xã Hiệp Thạnh"
    )
    assert centre_title("TRUNG TÂM CHÍNH TRỊ", "") == "TRUNG TÂM CHÍNH TRỊ"


# -- validity ----------------------------------------------------------------------------------------------


def test_months_and_last_valid_day() -> None:
    assert (
        default_months(ProgrammeKind.PARTY_AWARENESS) == 60
        and default_months(ProgrammeKind.ELEMENTARY) is None
    )
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29) and add_months(
        date(2024, 11, 20), -60
    ) == date(2019, 11, 20)
    assert valid_until(date(2024, 6, 14), 60) == date(2029, 6, 13)
    assert valid_until(date(2024, 2, 29), 12) == date(2025, 2, 27)  # 28/02/2025 is the anniversary
    assert valid_until(date(2024, 6, 14), None) is None
    for bad in (0, 601, -3, True, 1.5):
        with pytest.raises(ValidationError, match="từ 1 đến 600 tháng"):
            check_months(bad, "Nhận thức")  # type: ignore[arg-type]
    assert check_months(None, "x") is None and check_months(600, "x") == 600


def test_validity_on_a_day_and_its_text() -> None:
    valid = Validity(date(2024, 6, 14), date(2029, 6, 13), CertificateStatus.ISSUED)
    assert not valid.valid_on(date(2024, 6, 13)) and valid.valid_on(date(2024, 6, 14))
    assert valid.valid_on(date(2029, 6, 13)) and not valid.valid_on(date(2029, 6, 14))
    assert valid.text(date(2025, 1, 1)) == "Còn hiệu lực đến 13/06/2029"
    assert valid.text(date(2029, 6, 14)) == "Hết hiệu lực từ 14/06/2029"
    assert (
        Validity(date(2024, 6, 14), None, CertificateStatus.ISSUED).text(date(2090, 1, 1)) == "Không thời hạn"
    )
    void = Validity(date(2024, 6, 14), None, CertificateStatus.VOID)
    assert not void.valid_on(date(2025, 1, 1)) and void.text(date(2025, 1, 1)) == "Đã hủy"
    assert (
        Validity(date(2024, 6, 14), None, CertificateStatus.REPLACED).text(date(2025, 1, 1))
        == "Đã được cấp lại"
    )


# -- the key and the QR ------------------------------------------------------------------------------------

FIELDS = VerifiedFields("125/2024", "Nguyễn Thị Mỵ", "05/03/1990", "NTVD-2024-02", date(2024, 6, 14))


def _signed_qr(private: bytes, fields: VerifiedFields = FIELDS) -> str:
    body = signed_qr_body(fields, "7K3QX-9MP2A", key_id(public_key_of(private)))
    return f"{body};{encode_signature(sign(private, body.encode('utf-8')))}"


def test_key_fingerprint_and_key_line_round_trip() -> None:
    private = new_private_key()
    public = public_key_of(private)
    key = TrustedKey(public, "TRUNG TÂM CHÍNH TRỊ XÃ A")
    assert (
        len(key.key_id) == 16 and key.fingerprint == fingerprint(public) and key.fingerprint.count("-") == 3
    )
    assert parse_key_line(key.line(), "dòng 1") == key
    assert parse_key_line("  # ghi chú", "dòng 2") is None and parse_key_line("", "dòng 3") is None
    other = TrustedKey(public_key_of(new_private_key()), "")
    wrong = f"{other.fingerprint} {key.line().split()[1]} Trung tâm"
    with pytest.raises(DomainError, match="không khớp với khóa công khai"):
        parse_key_line(wrong, "keys.txt, dòng 4")
    with pytest.raises(DomainError, match=r"keys\.txt, dòng 5: Khóa công khai"):
        parse_key_line(f"{key.fingerprint} không-phải-base64", "keys.txt, dòng 5")
    signature = sign(private, b"abc")
    assert verify(public, b"abc", signature) and not verify(public, b"abd", signature)
    assert not verify(other.public, b"abc", signature)


def test_signed_qr_reads_back_and_old_qr_still_parses() -> None:
    private = new_private_key()
    text = _signed_qr(private)
    scanned = scan_qr(text)
    assert (
        scanned is not None
        and scanned.is_signed
        and scanned.fields == FIELDS
        and scanned.code == "7K3QX-9MP2A"
    )
    assert verify(public_key_of(private), scanned.signed, scanned.signature or b"")
    assert parse_qr(text) == (FIELDS, "7K3QX-9MP2A")  # the centre's own lookup reads both formats
    old = qr_text(FIELDS, "7K3QX-9MP2A")
    assert (
        scan_qr(old) is not None and not scan_qr(old).is_signed and parse_qr(old) == (FIELDS, "7K3QX-9MP2A")
    )  # type: ignore[union-attr]
    forged = scan_qr(text.replace("Nguyễn Thị Mỵ", "Nguyễn Thị Mai"))
    assert forged is not None and not verify(public_key_of(private), forged.signed, forged.signature or b"")
    assert scan_qr(text.rsplit(";", 1)[0] + ";không-phải-chữ-ký") is None
    assert scan_qr("TTCT-GCN2;1;2;3") is None and scan_qr(None) is None
    # Size: the signed QR is about 100 bytes longer than the old one (mind the printed QR's module size).
    assert len(text.encode("utf-8")) - len(old.encode("utf-8")) == 1 + 16 + 1 + 86 + 1


# -- CCCD lists --------------------------------------------------------------------------------------------


def test_cccds_in_pasted_text() -> None:
    text = (
        "STT\tHọ và tên\tSố CCCD\n"
        "1\tNguyễn Văn A\t001090000001\n"
        "2\tTrần Thị B\t001 090 000 002\n"
        "3\tLê Văn C\t12345\n"
        "001090000001\n"
        "\n"
        "4\tPhạm D\t001.090.000.003"
    )
    found, refused = cccds_in_text(text)
    assert found == ["001090000001", "001090000002", "001090000003"]
    assert refused == ["Dòng 4: không có số CCCD 12 chữ số (số dài nhất là “12345”)."]
    good, bad = check_cccds(["001090000001", "12", "001090000001"])
    assert good == ["001090000001"] and len(bad) == 1 and "12 chữ số" in bad[0]
