"""Numbered rounds of a programme ("Khóa 86", "Đợt 2/2024"): the number a class's name carries, and the
next one.

Two classes of one programme may not carry the same khóa or đợt number: "Khóa 86" is one class, and a
second "Khóa 86" is a slip (a next round made twice) that would count twice in the period report. Names
without such a number ("Lớp bồi dưỡng nghiệp vụ công tác dân vận năm 2024", held once per commune) may
repeat. A đợt written without its year ("Đợt 2") is numbered within the year the class starts.
"""

from __future__ import annotations

import re

from trungtam_desktop.domain.vietnamese import fold

_NUMBER = re.compile(r"\d+")
_ROUND = re.compile(r"\b(khoa|dot)\s*(?:thu\s*)?(\d+)(?:\s*/\s*(\d{4}))?\b")


def bump_number(text: str, *, last: bool) -> str:
    """Increase the first (or last) number in ``text`` by one, keeping its zero padding."""
    matches = list(_NUMBER.finditer(text))
    if not matches:
        return f"{text} (2)"
    match = matches[-1] if last else matches[0]
    digits = match.group()
    bumped = str(int(digits) + 1).zfill(len(digits))
    return text[: match.start()] + bumped + text[match.end() :]


def round_key(name: str, start_year: int) -> str | None:
    """ "khoa 86" for "Khóa 86", "dot 2/2024" for "Đợt 2/2024" (or "Đợt 2" of a class starting in 2024);
    None when the name carries no khóa or đợt number."""
    match = _ROUND.search(fold(name))
    if match is None:
        return None
    word, number, year = match.groups()
    if word == "dot" and year is None:
        year = str(start_year)
    return f"{word} {int(number)}" + (f"/{year}" if year else "")
