"""Validation of what the clerk types, before anything is written.

Each ``validate_*`` returns a cleaned copy (text in NFC, spaces tidied) or raises ``ValidationError`` whose
Vietnamese message names the field. Services call these; the UI shows the message beside the field.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from trungtam_desktop.domain.enums import PartyStatus
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import (
    DEPUTY_TITLE,
    CentreIdentity,
    Deputy,
    Learner,
    Lecturer,
    Programme,
    TrainingClass,
)
from trungtam_desktop.domain.vietnamese import clean_name, clean_text, format_date

MIN_YEAR = 1900
MAX_CLASS_YEAR = 2100
PARTY_MIN_AGE = 18  # Điều lệ Đảng: a citizen from eighteen years of age may be admitted
T = TypeVar("T")
_CCCD = re.compile(r"^\d{12}$")


def _required(value: str, field: str, label: str, max_length: int) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ValidationError(field, f"{label} không được để trống.")
    if len(cleaned) > max_length:
        raise ValidationError(field, f"{label} dài quá {max_length} ký tự.")
    return cleaned


def _optional(value: str | None, field: str, label: str, max_length: int) -> str:
    cleaned = clean_text(value)
    if len(cleaned) > max_length:
        raise ValidationError(field, f"{label} dài quá {max_length} ký tự.")
    return cleaned


def _past_date(value: date | None, field: str, label: str, today: date) -> date | None:
    if value is None:
        return None
    if value.year < MIN_YEAR:
        raise ValidationError(field, f"{label} ({format_date(value)}) không được trước năm {MIN_YEAR}.")
    if value > today:
        raise ValidationError(field, f"{label} ({format_date(value)}) không được ở tương lai.")
    return value


def validate_cccd(value: str | None) -> str | None:
    """A citizen ID is optional; when given it is exactly 12 digits (spaces and dots removed)."""
    if value is None:
        return None
    digits = re.sub(r"[\s.\-]", "", value)
    if not digits:
        return None
    if not _CCCD.match(digits):
        raise ValidationError("cccd", f"Số CCCD phải gồm đúng 12 chữ số (đã nhập: “{value.strip()}”).")
    return digits


class _Problems:
    """Gathers every problem of a form, so that the clerk sees them all at once."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, field: str, message: str) -> None:
        if all(known != field for known, _message in self.items):  # one message per field
            self.items.append((field, message))

    def check(self, read: Callable[[], T], default: T) -> T:
        """``read()``, or ``default`` with its problems kept when it raises ``ValidationError``."""
        try:
            return read()
        except ValidationError as exc:
            for field, message in exc.problems:
                self.add(field, message)
            return default

    def raise_any(self) -> None:
        if self.items:
            raise ValidationError.several(self.items)


def validate_phone(value: str | None, field: str = "phone") -> str:
    """A phone number as Vietnamese numbers are written: 10 digits from 0 (a mobile, "0912 345 678"), or
    11 from 02 (a landline with its area code); spaces and dots may group the digits, "+84" may stand for
    the first 0. Empty is fine. Returns the number as typed (tidied)."""
    text = clean_text(value)
    if not text:
        return ""
    digits = re.sub(r"[\s.]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    valid = digits.isdigit() and digits.startswith("0")
    valid = valid and (len(digits) == 10 or (len(digits) == 11 and digits.startswith("02")))
    if not valid or len(text) > 24:
        raise ValidationError(
            field, f"Số điện thoại “{text[:20]}” phải có 10 chữ số, bắt đầu bằng 0 (như 0912 345 678)."
        )
    return text


def _adult_on(day: date, birth_date: date | None, birth_year: int | None) -> bool:
    """Was someone born then at least PARTY_MIN_AGE on ``day``? (With the year alone: unless surely not.)"""
    if birth_date is not None:
        birthday = (birth_date.month, birth_date.day)
        age = day.year - birth_date.year - ((day.month, day.day) < birthday)
        return age >= PARTY_MIN_AGE
    return birth_year is None or day.year - birth_year >= PARTY_MIN_AGE


def _party_problems(
    problems: _Problems,
    status: PartyStatus,
    join: date | None,
    full: date | None,
    birth_date: date | None,
    birth_year: int | None,
) -> None:
    """Party dates belong to a Party status that has them, in order, and after the 18th birthday."""
    if status is PartyStatus.NONE:
        if join:
            problems.add(
                "party_join_date",
                "Quần chúng không có ngày vào Đảng: hãy sửa ô Đảng viên, hoặc xóa ngày này.",
            )
        if full:
            problems.add(
                "party_full_date",
                "Quần chúng không có ngày chính thức: hãy sửa ô Đảng viên, hoặc xóa ngày này.",
            )
    elif status is PartyStatus.PROBATIONARY and full:
        problems.add(
            "party_full_date",
            "Đảng viên dự bị chưa có ngày chính thức: hãy sửa ô Đảng viên, hoặc xóa ngày này.",
        )
    if join and full and full <= join:
        problems.add(
            "party_full_date",
            f"Ngày chính thức ({format_date(full)}) phải sau ngày vào Đảng ({format_date(join)}).",
        )
    if join and not _adult_on(join, birth_date, birth_year):
        born = format_date(birth_date) if birth_date else f"năm {birth_year}"
        problems.add(
            "party_join_date",
            f"Ngày vào Đảng ({format_date(join)}) phải từ khi đủ {PARTY_MIN_AGE} tuổi (sinh {born}).",
        )


def validate_learner(learner: Learner, today: date | None = None, *, gender_required: bool = True) -> Learner:
    """A learner's record checked as a whole: every problem is reported at once (``ValidationError``
    with ``problems``), in the order of the form's fields.

    The one set of learner rules, used by the form, the roster's quick add, the paste and the import.
    ``gender_required`` is False only for lists made by others (import, paste): many commune lists have
    no gender column, and refusing them would refuse real lists; such a record is completed when it is
    next edited in the form, which always asks for the gender.
    """
    today = today or date.today()
    problems = _Problems()
    name = clean_name(learner.full_name)
    if not name:
        problems.add("full_name", "Họ và tên không được để trống.")
    elif len(name) > 100:
        problems.add("full_name", "Họ và tên dài quá 100 ký tự.")
    elif any(ch.isdigit() for ch in name):
        problems.add("full_name", f"Họ và tên không được chứa chữ số (đã nhập: “{name}”).")
    birth_date = problems.check(lambda: _past_date(learner.birth_date, "birth", "Ngày sinh", today), None)
    birth_year = learner.birth_year
    if birth_date is not None:
        birth_year = birth_date.year
    elif birth_year is not None and not (MIN_YEAR <= birth_year <= today.year):
        problems.add("birth", f"Năm sinh {birth_year} phải trong khoảng {MIN_YEAR}–{today.year}.")
    if gender_required and learner.gender is None:
        problems.add("gender", "Hãy chọn giới tính (Nam hoặc Nữ).")

    def optional(field: str, label: str, max_length: int) -> str:
        value = getattr(learner, field)
        return problems.check(lambda: _optional(value, field, label, max_length), value)

    ethnicity = optional("ethnicity", "Dân tộc", 50)
    religion = optional("religion", "Tôn giáo", 50)
    cccd = problems.check(lambda: validate_cccd(learner.cccd), learner.cccd)
    phone = problems.check(lambda: validate_phone(learner.phone), learner.phone)
    texts = {
        field: optional(field, label, max_length)
        for field, label, max_length in (
            ("hometown", "Quê quán", 300),
            ("address", "Nơi ở", 300),
            ("education", "Trình độ học vấn", 20),
            ("position", "Chức vụ", 200),
            ("unit", "Đơn vị công tác", 300),
            ("party_cell", "Chi bộ / Đảng bộ cơ sở", 300),
            ("commune", "Xã/phường", 100),
        )
    }
    join = problems.check(
        lambda: _past_date(learner.party_join_date, "party_join_date", "Ngày vào Đảng", today), None
    )
    full = problems.check(
        lambda: _past_date(learner.party_full_date, "party_full_date", "Ngày chính thức", today), None
    )
    _party_problems(problems, learner.party_status, join, full, birth_date, birth_year)
    texts |= {
        field: optional(field, label, max_length)
        for field, label, max_length in (
            ("speciality", "Chuyên môn", 200),
            ("theory_level", "Lý luận chính trị", 100),
            ("notes", "Ghi chú", 2000),
        )
    }
    problems.raise_any()
    return dataclasses.replace(
        learner,
        full_name=name,
        birth_date=birth_date,
        birth_year=birth_year,
        cccd=cccd,
        ethnicity=ethnicity or "Kinh",
        religion=religion or "Không",
        phone=phone,
        party_join_date=join,
        party_full_date=full,
        **texts,
    )


def validate_listed_learner(learner: Learner, today: date | None = None) -> Learner:
    """A learner read from a list made by others (the import, a list pasted from Excel): the same rules
    as the form, except that the gender may be missing (see ``validate_learner``)."""
    return validate_learner(learner, today, gender_required=False)


def validate_lecturer(lecturer: Lecturer, today: date | None = None) -> Lecturer:
    today = today or date.today()
    name = clean_name(lecturer.full_name)
    if not name:
        raise ValidationError("full_name", "Họ và tên giảng viên không được để trống.")
    if len(name) > 100:
        raise ValidationError("full_name", "Họ và tên giảng viên dài quá 100 ký tự.")
    return dataclasses.replace(
        lecturer,
        full_name=name,
        position=_optional(lecturer.position, "position", "Chức vụ", 200),
        unit=_optional(lecturer.unit, "unit", "Đơn vị", 300),
        qualification=_optional(lecturer.qualification, "qualification", "Trình độ chuyên môn", 200),
        theory_level=_optional(lecturer.theory_level, "theory_level", "Lý luận chính trị", 100),
        appointment_decision=_optional(
            lecturer.appointment_decision, "appointment_decision", "Số quyết định", 100
        ),
        appointment_date=_past_date(lecturer.appointment_date, "appointment_date", "Ngày quyết định", today),
        phone=validate_phone(lecturer.phone),
        notes=_optional(lecturer.notes, "notes", "Ghi chú", 2000),
    )


def validate_class(training_class: TrainingClass) -> TrainingClass:
    """A class's record checked as a whole (every problem at once, in the form's order)."""
    problems = _Problems()
    code = problems.check(lambda: _required(training_class.code, "code", "Mã lớp", 50), "")
    name = problems.check(lambda: _required(training_class.name, "name", "Tên lớp", 200), "")
    start, end = training_class.start_date, training_class.end_date
    if start is None:
        problems.add("start_date", "Ngày bắt đầu không được để trống.")
    elif start.year < MIN_YEAR or start.year > MAX_CLASS_YEAR:
        problems.add("start_date", f"Ngày học phải trong khoảng năm {MIN_YEAR}–{MAX_CLASS_YEAR}.")
    if end is None:
        problems.add("end_date", "Ngày kết thúc không được để trống.")
    elif end.year < MIN_YEAR or end.year > MAX_CLASS_YEAR:
        problems.add("end_date", f"Ngày học phải trong khoảng năm {MIN_YEAR}–{MAX_CLASS_YEAR}.")
    elif start is not None and end < start:
        problems.add(
            "end_date",
            f"Ngày kết thúc ({format_date(end)}) không được trước ngày bắt đầu ({format_date(start)}).",
        )
    venue = problems.check(lambda: _optional(training_class.venue, "venue", "Địa điểm", 200), "")
    commune = problems.check(lambda: _optional(training_class.commune, "commune", "Xã, phường", 100), "")
    co_organiser = problems.check(
        lambda: _optional(training_class.co_organiser, "co_organiser", "Đơn vị phối hợp", 200), ""
    )
    notes = problems.check(lambda: _optional(training_class.notes, "notes", "Ghi chú", 2000), "")
    problems.raise_any()
    return dataclasses.replace(
        training_class,
        code=code,
        name=name,
        venue=venue,
        commune=commune,
        co_organiser=co_organiser,
        notes=notes,
    )


def validate_score(value: float | str | Decimal | None, field: str = "score", label: str = "Điểm") -> float:
    """A score on the 10-point scale with at most one decimal ("8,5" and "8.5" are both accepted)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field, f"{label} không được để trống.")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(field, f"{label} “{value}” không phải là số.") from None
    if not number.is_finite():
        raise ValidationError(field, f"{label} “{value}” không phải là số.")
    if number < 0 or number > 10:
        raise ValidationError(field, f"{label} phải từ 0 đến 10 (đã nhập: {value}).")
    if number != number.quantize(Decimal("0.1")):
        raise ValidationError(field, f"{label} chỉ được có một chữ số thập phân (đã nhập: {value}).")
    return float(number)


def validate_programme(programme: Programme) -> Programme:
    code = _required(programme.code, "code", "Mã chương trình", 30)
    name = _required(programme.name, "name", "Tên chương trình", 200)
    if not 1 <= programme.tiet_per_buoi <= 10:
        raise ValidationError("tiet_per_buoi", "Số tiết mỗi buổi phải từ 1 đến 10.")
    if programme.absence_limit_den < 1 or not 0 <= programme.absence_limit_num <= programme.absence_limit_den:
        raise ValidationError("absence_limit", "Giới hạn vắng phải là một phân số từ 0 đến 1 (ví dụ 1/3).")
    lessons = []
    for index, lesson in enumerate(programme.lessons, start=1):
        title = _required(lesson.title, "lessons", f"Tên bài {index}", 300)
        if not 0 <= lesson.tiet <= 200:
            raise ValidationError("lessons", f"Số tiết của bài {index} phải từ 0 đến 200.")
        lessons.append(dataclasses.replace(lesson, title=title))
    components = []
    for index, component in enumerate(programme.components, start=1):
        cname = _required(component.name, "components", f"Tên cột điểm {index}", 200)
        if not 0 <= component.weight_percent <= 100:
            raise ValidationError("components", f"Trọng số của “{cname}” phải từ 0 đến 100%.")
        validate_score(component.min_score, "components", f"Điểm tối thiểu của “{cname}”")
        components.append(dataclasses.replace(component, name=cname))
    if components and sum(c.weight_percent for c in components) != 100:
        total = sum(c.weight_percent for c in components)
        raise ValidationError("components", f"Tổng trọng số các cột điểm phải bằng 100% (hiện là {total}%).")
    grades = [band.grade for band in programme.bands]
    if len(set(grades)) != len(grades):
        raise ValidationError("bands", "Mỗi xếp loại chỉ được khai báo một lần.")
    ordered = sorted(programme.bands, key=lambda band: band.min_score, reverse=True)
    for band in ordered:
        validate_score(band.min_score, "bands", f"Điểm tối thiểu của loại {band.grade.label}")
    return dataclasses.replace(
        programme,
        code=code,
        name=name,
        lessons=tuple(lessons),
        components=tuple(components),
        bands=tuple(ordered),
    )


MAX_DEPUTIES = 3


def validate_centre(identity: CentreIdentity) -> CentreIdentity:
    deputies = []
    for index, deputy in enumerate(identity.deputies, start=1):
        if not clean_text(deputy.name) and not clean_text(deputy.title):
            continue  # a row left empty
        label = f"Phó giám đốc {index}"
        name = _required(deputy.name, f"deputy_{index}", f"Họ tên {label}", 100)
        title = _optional(deputy.title, f"deputy_{index}", f"Chức danh {label}", 100) or DEPUTY_TITLE
        deputies.append(Deputy(name, title))
    if len(deputies) > MAX_DEPUTIES:
        raise ValidationError("deputies", f"Chỉ khai báo tối đa {MAX_DEPUTIES} phó giám đốc.")
    return CentreIdentity(
        parent_body=_required(identity.parent_body, "parent_body", "Cơ quan cấp trên", 200),
        centre_name=_required(identity.centre_name, "centre_name", "Tên trung tâm", 200),
        place_name=_required(identity.place_name, "place_name", "Địa danh ghi ngày tháng", 100),
        director_name=_optional(identity.director_name, "director_name", "Họ tên Giám đốc", 100),
        director_title=_required(identity.director_title, "director_title", "Chức danh người ký", 100),
        document_code=_required(identity.document_code, "document_code", "Ký hiệu văn bản", 30),
        deputies=tuple(deputies),
    )
