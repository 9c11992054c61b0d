"""Where the centre stands after the 2025 reorganisation: its level and the communes it serves.

Until 30/6/2025 a centre belonged to a district (huyện); since Quy định 360-QĐ/TW (29/8/2025) centres are
commune-level (xã, phường, đặc khu) and one centre may serve several communes. The clerk keeps a dated list
of **service areas**: each says from which day a level and a list of communes apply, and lasts until the
next one starts. Records keep what they were given (a learner's commune, the commune a class was held at
are stored as text), so a new list never rewrites an old record; reports of a period use the lists in force
during that period.

Communes are matched by a key that ignores case, tone marks and the kind word ("xã Hiệp Thạnh",
"Xa hiep thanh" and "Hiệp Thạnh" are one commune), so a learner list typed without "xã" still counts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from trungtam_desktop.domain.enums import LabelledEnum
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import clean_text, fold, format_date

REORGANISATION_DAY = date(2025, 7, 1)  # no district level from this day on
MAX_COMMUNE_LENGTH = 100
MAX_COMMUNES = 200
EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
_KIND_WORDS = ("thi tran ", "dac khu ", "phuong ", "xa ")


class CentreLevel(LabelledEnum):
    DISTRICT = "huyen", "Cấp huyện (trước 01/07/2025)"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    SPECIAL_ZONE = "dac_khu", "Đặc khu"

    @property
    def word(self) -> str:
        """As in "trung tâm cấp huyện", "trung tâm cấp xã"."""
        return {"huyen": "huyện", "xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}[self.value]


def centre_title(centre_name: str, place_name: str) -> str:
    """The centre named with its place when the name lacks it: "TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG"."""
    name, place = clean_text(centre_name), clean_text(place_name)
    if place and fold(place) not in fold(name):
        name = f"{name} {place.upper() if name.isupper() else place}".strip()
    return name


def commune_key(name: str | None) -> str:
    """The matching key of a commune's name: folded, without a leading "xã", "phường", "thị trấn" or
    "đặc khu" ("Xã Hiệp Thạnh" -> "hiep thanh")."""
    key = fold(name)
    for word in _KIND_WORDS:
        if key.startswith(word) and len(key) > len(word):
            return key[len(word) :]
    return key


@dataclass(frozen=True)
class ServiceArea:
    """From ``valid_from`` (until the next area starts): the centre's level and the communes it serves."""

    valid_from: date
    level: CentreLevel
    communes: tuple[str, ...]

    def find(self, name: str | None) -> str | None:
        """The served commune ``name`` stands for (as written in the list), or None."""
        key = commune_key(name)
        if not key:
            return None
        for commune in self.communes:
            if commune_key(commune) == key:
                return commune
        return None


def validate_areas(areas: Iterable[ServiceArea]) -> list[ServiceArea]:
    """Clean and check the dated list; returns it oldest first. Every problem at once (ValidationError)."""
    problems: list[tuple[str, str]] = []
    cleaned: list[ServiceArea] = []
    seen_days: set[date] = set()
    for area in sorted(areas, key=lambda a: a.valid_from):
        when = f"Địa bàn từ ngày {format_date(area.valid_from)}"
        if not EARLIEST <= area.valid_from <= LATEST:
            problems.append(("valid_from", f"{when}: ngày áp dụng phải từ năm 1990 đến năm 2100."))
        if area.valid_from in seen_days:
            problems.append(("valid_from", f"Có hai danh sách địa bàn cùng áp dụng từ ngày "
                                           f"{format_date(area.valid_from)}."))  # fmt: skip
        seen_days.add(area.valid_from)
        if area.level is CentreLevel.DISTRICT and area.valid_from >= REORGANISATION_DAY:
            problems.append(
                ("level", f"{when}: từ ngày 01/07/2025 không còn cấp huyện; chọn xã, phường hoặc đặc khu.")
            )
        names: list[str] = []
        keys: dict[str, str] = {}
        for raw in area.communes:
            name = clean_text(raw)
            if not name:
                continue
            if len(name) > MAX_COMMUNE_LENGTH:
                problems.append(
                    ("communes", f"{when}: tên “{name[:30]}…” dài quá {MAX_COMMUNE_LENGTH} ký tự.")
                )
                continue
            key = commune_key(name)
            if key in keys:
                problems.append(("communes", f"{when}: “{name}” trùng với “{keys[key]}” trong danh sách."))
                continue
            keys[key] = name
            names.append(name)
        if not names:
            problems.append(("communes", f"{when}: cần ít nhất một xã, phường hoặc đặc khu được phục vụ."))
        if len(names) > MAX_COMMUNES:
            problems.append(("communes", f"{when}: tối đa {MAX_COMMUNES} xã, phường trong một danh sách."))
        cleaned.append(dataclasses.replace(area, communes=tuple(names)))
    if problems:
        raise ValidationError.several(problems)
    return cleaned


def area_on(areas: Sequence[ServiceArea], day: date) -> ServiceArea | None:
    """The area in force on ``day``: the latest that started on or before it (None before the first)."""
    current = None
    for area in sorted(areas, key=lambda a: a.valid_from):
        if area.valid_from <= day:
            current = area
    return current


def areas_between(areas: Sequence[ServiceArea], start: date, end: date) -> list[tuple[ServiceArea, date]]:
    """The areas in force at some day from ``start`` to ``end``, oldest first, each with its last day
    (``date.max`` for the one still in force)."""
    ordered = sorted(areas, key=lambda a: a.valid_from)
    result = []
    for index, area in enumerate(ordered):
        last = ordered[index + 1].valid_from - timedelta(days=1) if index + 1 < len(ordered) else date.max
        if area.valid_from <= end and last >= start:
            result.append((area, last))
    return result


def areas_to_json(areas: Sequence[ServiceArea]) -> list[dict[str, object]]:
    return [
        {"from": a.valid_from.isoformat(), "level": a.level.value, "communes": list(a.communes)}
        for a in areas
    ]


def areas_from_json(value: object) -> list[ServiceArea]:
    """The stored list; an unreadable entry is skipped rather than stop the program."""
    areas = []
    for item in value if isinstance(value, list) else []:
        try:
            areas.append(
                ServiceArea(
                    date.fromisoformat(str(item["from"])),
                    CentreLevel(item["level"]),
                    tuple(str(c) for c in item["communes"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return sorted(areas, key=lambda a: a.valid_from)


# -- figures per commune (the period report's own section) -----------------------------------------------

AT_CENTRE = "Tại trung tâm hoặc nơi khác"
OUTSIDE = "Ngoài địa bàn phục vụ"
NOT_RECORDED = "Chưa ghi xã, phường"


@dataclass(frozen=True)
class CommuneLine:
    """One row: a served commune (or one of the rows for the rest), its classes and learner places."""

    commune: str
    classes: int | None  # None where the row has no classes by nature (places outside the area)
    places: int | None  # None where the row has no places by nature (classes at the centre)
    note: str = ""  # "đến 30/06/2025" for a commune of an earlier list; "" for the current ones
    served: bool = True


@dataclass(frozen=True)
class CommuneFigures:
    """Classes held at, and learner places of people living in, each commune served in a period.

    A class counts at the commune it was held at (the class's own commune); a place counts at the
    learner's commune. Classes and places not in any served commune have their own rows, so that the
    totals equal the period report's."""

    start: date
    end: date
    level: CentreLevel | None
    lines: tuple[CommuneLine, ...]

    @property
    def classes(self) -> int:
        return sum(line.classes or 0 for line in self.lines)

    @property
    def places(self) -> int:
        return sum(line.places or 0 for line in self.lines)


def commune_lines(
    areas: Sequence[ServiceArea],
    start: date,
    end: date,
    class_communes: Iterable[str],
    place_communes: Iterable[str],
) -> CommuneFigures:
    """Count the period's classes (by the commune each was held at) and places (by the learner's commune)
    against the communes served in the period (the latest list first, then earlier ones)."""
    in_force = areas_between(areas, start, end)
    rows: dict[str, list[int]] = {}
    notes: dict[str, str] = {}
    keys: dict[str, str] = {}
    for area, last in reversed(in_force):
        for commune in area.communes:
            key = commune_key(commune)
            if key in keys:
                continue
            keys[key] = commune
            rows[commune] = [0, 0]
            notes[commune] = "" if last == date.max or last >= end else f"đến {format_date(last)}"
    other_classes = outside = unrecorded = 0
    for name in class_communes:
        served = keys.get(commune_key(name))
        if served is None:
            other_classes += 1
        else:
            rows[served][0] += 1
    for name in place_communes:
        key = commune_key(name)
        served = keys.get(key)
        if served is not None:
            rows[served][1] += 1
        elif key:
            outside += 1
        else:
            unrecorded += 1
    lines = [CommuneLine(name, c, p, notes[name]) for name, (c, p) in rows.items()]
    lines.append(CommuneLine(AT_CENTRE, other_classes, None, served=False))
    lines.append(CommuneLine(OUTSIDE, None, outside, served=False))
    lines.append(CommuneLine(NOT_RECORDED, None, unrecorded, served=False))
    level = in_force[-1][0].level if in_force else None
    return CommuneFigures(start, end, level, tuple(lines))
