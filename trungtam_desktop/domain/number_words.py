"""Amounts of money in Vietnamese words, as written on receipts and pay lists ("Bằng chữ: ...").

Rules (the usual invoice style):

* the number is read in groups of three digits: đơn vị, nghìn, triệu, then tỷ, and the part above a
  tỷ is read again the same way ("một nghìn tỷ");
* a group after the first non-zero one is read in full: its hundreds even when zero ("không trăm"), and
  "linh" for a zero tens digit before a non-zero unit; a group that is entirely zero is left out with its
  unit name: 1 000 005 -> "Một triệu không trăm linh năm đồng", 5 000 000 -> "Năm triệu đồng";
* "mười" for a tens digit 1, "mươi" from 2; a unit 1 after "mươi" is "mốt", a unit 5 after any tens digit
  is "lăm", a unit 4 after "mươi" is "tư" ("hai mươi tư", but "mười bốn", "linh bốn");
* the result starts with a capital and ends with " đồng"; below zero it starts with "Âm".
"""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUP_NAMES = ("", " nghìn", " triệu")
_BILLION = 1_000_000_000


def _read_group(number: int, full: bool) -> str:
    """Read 0 < ``number`` < 1000; ``full`` reads the hundreds even when zero (a group after another)."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def _read(number: int, full: bool = False) -> str:
    """Read 0 < ``number``; ``full`` when a non-zero part has been read before it."""
    if number >= _BILLION:
        high, low = divmod(number, _BILLION)
        words = _read(high, full) + " tỷ"
        return words + " " + _read(low, full=True) if low else words
    groups = []
    for position in (2, 1, 0):
        group = number // 1000**position % 1000
        if group:
            groups.append(_read_group(group, full) + _GROUP_NAMES[position])
            full = True
    return " ".join(groups)


def amount_in_words(n: int) -> str:
    """Read an amount of đồng: 21 -> "Hai mươi mốt đồng", 105 -> "Một trăm linh năm đồng"."""
    if not isinstance(n, int):
        raise TypeError(f"amount_in_words expects an int, not {type(n).__name__}")
    words = "không" if n == 0 else ("âm " if n < 0 else "") + _read(abs(n))
    return words[0].upper() + words[1:] + " đồng"
