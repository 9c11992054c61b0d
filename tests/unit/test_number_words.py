"""Tests of amounts of money in Vietnamese words."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trungtam_desktop.domain.number_words import amount_in_words

PROPERTY = settings(max_examples=500, deadline=None, database=None)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "Không đồng"),
        (1, "Một đồng"),
        (4, "Bốn đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (55, "Năm mươi lăm đồng"),
        (100, "Một trăm đồng"),
        (101, "Một trăm linh một đồng"),
        (104, "Một trăm linh bốn đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (999, "Chín trăm chín mươi chín đồng"),
        (1000, "Một nghìn đồng"),
        (1001, "Một nghìn không trăm linh một đồng"),
        (1021, "Một nghìn không trăm hai mươi mốt đồng"),
        (10_500, "Mười nghìn năm trăm đồng"),
        (150_000, "Một trăm năm mươi nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_500_000, "Một triệu năm trăm nghìn đồng"),
        (2_021_000, "Hai triệu không trăm hai mươi mốt nghìn đồng"),
        (15_000_000, "Mười lăm triệu đồng"),
        (24_750_000, "Hai mươi tư triệu bảy trăm năm mươi nghìn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
        (10_000_000_021, "Mười tỷ không trăm hai mươi mốt đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_000_005_000_000, "Một nghìn tỷ không trăm linh năm triệu đồng"),
        (-21, "Âm hai mươi mốt đồng"),
        (-1_500_000, "Âm một triệu năm trăm nghìn đồng"),
    ],
)
def test_amount_in_words(n: int, expected: str) -> None:
    assert amount_in_words(n) == expected


def test_amount_in_words_refuses_non_integers() -> None:
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]


_VALUES = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip


def read_back(text: str) -> int:
    """An independent reader of the words, to check the writer."""
    words = text.removesuffix(" đồng").lower().split()
    sign = -1 if words[0] == "âm" else 1
    total = group = small = pending = 0
    for word in words[1:] if sign < 0 else words:
        if word in _VALUES:
            pending = _VALUES[word]
        elif word == "mười":
            small += 10
        elif word == "mươi":
            small, pending = small + pending * 10, 0
        elif word == "trăm":
            small, pending = small + pending * 100, 0
        elif word in ("nghìn", "triệu"):
            group += (small + pending) * (1000 if word == "nghìn" else 1_000_000)
            small = pending = 0
        elif word == "tỷ":
            total = (total + group + small + pending) * 1_000_000_000
            group = small = pending = 0
        else:
            assert word == "linh", word
    return sign * (total + group + small + pending)


@PROPERTY
@given(st.integers(-(10**21), 10**21) | st.integers(-100_000, 100_000))
def test_amount_in_words_reads_back(n: int) -> None:
    text = amount_in_words(n)
    assert read_back(text) == n
    assert text.endswith(" đồng")
    assert text[0].isupper() and text[1:] == text[1:].lower()
    assert "  " not in text


@PROPERTY
@given(st.integers(0, 10**15))
def test_amount_in_words_follows_the_reading_rules(n: int) -> None:
    words = amount_in_words(n).lower().split()
    for before, word in itertools.pairwise(words):
        if before == "mươi":
            assert word not in ("một", "năm", "bốn")  # mốt, lăm, tư
        if before == "mười":
            assert word not in ("mốt", "năm", "tư")  # mười một, mười lăm, mười bốn
        if before == "linh":
            assert word in _VALUES and word not in ("không", "mốt", "lăm", "tư")
        if word == "lăm":
            assert before in ("mươi", "mười")
    if n:
        assert amount_in_words(-n) == "Âm " + amount_in_words(n)[0].lower() + amount_in_words(n)[1:]
