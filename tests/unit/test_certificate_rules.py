"""Certificate rules without a database: numbers, serials, verification codes, the certifying line."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trungtam_desktop.domain.certificates import (
    VerifiedFields,
    certifier_line,
    code_matches,
    format_number,
    new_key,
    normalise_code,
    parse_qr,
    qr_text,
    serial_sequence,
    validate_reason,
    verification_code,
)
from trungtam_desktop.domain.errors import ValidationError

FIELDS = VerifiedFields("125/2024", "Nguyễn Thị Mỵ", "05/03/1990", "NTVD-2024-02", date(2024, 6, 14))


def test_numbers_follow_the_register_pattern() -> None:
    assert format_number("{number}/{year}", 125, 2024) == "125/2024"
    assert format_number("Số {number}-GCN/{code}", 125, 2024, "TTCT") == "Số 125-GCN/TTCT"
    with pytest.raises(ValidationError, match="phải có"):
        format_number("GCN/{year}", 1, 2024)
    with pytest.raises(ValidationError, match="không hợp lệ: nam"):
        format_number("{number}/{nam}", 1, 2024)


def test_serials_count_up_keeping_their_padding() -> None:
    assert serial_sequence("AA 000998", 3) == ["AA 000998", "AA 000999", "AA 001000"]
    assert serial_sequence("12/TT", 2) == ["12/TT", "13/TT"]
    assert serial_sequence("", 2) == ["", ""]
    with pytest.raises(ValidationError, match="phần số"):
        serial_sequence("ABC", 2)


def test_a_reason_is_required_and_bounded() -> None:
    assert validate_reason("  ghi  sai tên ", "hủy") == "ghi sai tên"
    for bad in ("", "  ", "ab", None):
        with pytest.raises(ValidationError, match="lý do hủy"):
            validate_reason(bad, "hủy")
    with pytest.raises(ValidationError, match="300"):
        validate_reason("x" * 301, "hủy")


def test_verification_code_depends_on_key_and_every_field() -> None:
    key = new_key()
    code = verification_code(key, FIELDS)
    assert len(code) == 11 and code[5] == "-" and code == verification_code(key, FIELDS)
    assert code_matches(key, FIELDS, code.lower().replace("-", " "))
    assert not code_matches(new_key(), FIELDS, code)
    for changed in (
        VerifiedFields("126/2024", *list(FIELDS.__dict__.values())[1:]),
        VerifiedFields("125/2024", "Nguyễn Thị My", "05/03/1990", "NTVD-2024-02", date(2024, 6, 14)),
        VerifiedFields("125/2024", "Nguyễn Thị Mỵ", "05/03/1990", "NTVD-2024-02", date(2024, 6, 15)),
    ):
        assert verification_code(key, changed) != code


def test_qr_text_round_trips_and_foreign_text_is_refused() -> None:
    key = new_key()
    code = verification_code(key, FIELDS)
    assert parse_qr(qr_text(FIELDS, code)) == (FIELDS, code)
    for foreign in ("", "https://example.com", "TTCT-GCN;1;2", "TTCT-GCN;1;2;3;4;not-a-date;X"):
        assert parse_qr(foreign) is None


@given(st.text(max_size=40))
def test_normalise_code_never_raises(text: str) -> None:
    result = normalise_code(text)
    assert result == "" or (len(result) == 11 and result[5] == "-")


def test_certifier_line_names_the_centre_once() -> None:
    assert certifier_line("GIÁM ĐỐC", "TRUNG TÂM CHÍNH TRỊ", "Đức Trọng") == (
        "GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG CHỨNG NHẬN"
    )
    assert certifier_line("KT. GIÁM ĐỐC", "TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG", "Đức Trọng") == (
        "GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG CHỨNG NHẬN"
    )


def test_codes_typed_with_digits_for_look_alike_letters_still_match() -> None:
    key = new_key()
    code = verification_code(key, FIELDS)
    typed = code.replace("O", "0").replace("I", "1").replace("B", "8")
    assert normalise_code(typed) == code and code_matches(key, FIELDS, typed)
