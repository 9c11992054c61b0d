"""Lecturers, venues and class titles for the demo database (see ``demo.py``).

The staff of a district centre: a part-time director, deputies and full-time lecturers, part-time lecturers
who hold posts in the district's Party bodies, the committee's reporters and guest speakers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from trungtam_desktop.domain.vietnamese import fold, sort_string
from trungtam_desktop.services.demo_names import make_person, make_phone

# Posts of part-time lecturers (kiêm chức) and of the Party committee's reporters (báo cáo viên).
PART_TIME_POSTS = (
    ("Phó Bí thư Thường trực Huyện ủy", "Huyện ủy"), ("Trưởng Ban Tổ chức Huyện ủy", "Ban Tổ chức Huyện ủy"),
    ("Chủ nhiệm Ủy ban Kiểm tra Huyện ủy", "Ủy ban Kiểm tra Huyện ủy"),
    ("Trưởng Ban Dân vận Huyện ủy", "Ban Dân vận Huyện ủy"),
    ("Phó Trưởng Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo Huyện ủy"),
    ("Phó Trưởng Ban Tổ chức Huyện ủy", "Ban Tổ chức Huyện ủy"),
    ("Chủ tịch Ủy ban MTTQ Việt Nam huyện", "Ủy ban MTTQ Việt Nam huyện"),
    ("Bí thư Huyện đoàn", "Huyện đoàn"),
    ("Chủ tịch Hội Liên hiệp Phụ nữ huyện", "Hội Liên hiệp Phụ nữ huyện"),
    ("Chủ tịch Hội Nông dân huyện", "Hội Nông dân huyện"),
    ("Chủ tịch Hội Cựu chiến binh huyện", "Hội Cựu chiến binh huyện"),
    ("Trưởng phòng Nội vụ", "Phòng Nội vụ huyện"), ("Trưởng phòng Tư pháp", "Phòng Tư pháp huyện"),
    ("Chánh Văn phòng HĐND và UBND huyện", "Văn phòng HĐND và UBND huyện"),
    ("Chỉ huy trưởng Ban Chỉ huy Quân sự huyện", "Ban Chỉ huy Quân sự huyện"),
    ("Phó Trưởng Công an huyện", "Công an huyện"),
    ("Trưởng phòng Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo"),
    ("Trưởng phòng Tài nguyên và Môi trường", "Phòng Tài nguyên và Môi trường"),
    ("Trưởng phòng Văn hóa và Thông tin", "Phòng Văn hóa và Thông tin"),
    ("Trưởng phòng Dân tộc", "Phòng Dân tộc"),
    ("Trưởng phòng Nông nghiệp và Phát triển nông thôn", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("Trưởng phòng Kinh tế - Hạ tầng", "Phòng Kinh tế - Hạ tầng"),
    ("Phó Chánh Văn phòng Huyện ủy", "Văn phòng Huyện ủy"),
    ("Bí thư Đảng ủy xã Hiệp Thạnh", "Đảng ủy xã Hiệp Thạnh"),
    ("Bí thư Đảng ủy xã Ninh Gia", "Đảng ủy xã Ninh Gia"),
    ("Bí thư Đảng ủy thị trấn Liên Nghĩa", "Đảng ủy thị trấn Liên Nghĩa"),
    ("Phó Chủ nhiệm Ủy ban Kiểm tra Huyện ủy", "Ủy ban Kiểm tra Huyện ủy"),
    ("Phó Trưởng Ban Dân vận Huyện ủy", "Ban Dân vận Huyện ủy"),
    ("Trưởng phòng Lao động - Thương binh và Xã hội", "Phòng Lao động - Thương binh và Xã hội"),
    ("Chánh Thanh tra huyện", "Thanh tra huyện"),
)  # fmt: skip
REPORTER_POSTS = (
    ("Bí thư Huyện ủy", "Huyện ủy"), ("Phó Bí thư Huyện ủy, Chủ tịch UBND huyện", "UBND huyện"),
    ("Phó Bí thư Huyện ủy, Chủ tịch HĐND huyện", "HĐND huyện"),
    ("Ủy viên Ban Thường vụ Huyện ủy, Phó Chủ tịch UBND huyện", "UBND huyện"),
    ("Ủy viên Ban Thường vụ Huyện ủy, Chánh Văn phòng Huyện ủy", "Văn phòng Huyện ủy"),
    ("Báo cáo viên Huyện ủy", "Ban Tuyên giáo Huyện ủy"),
)  # fmt: skip
GUEST_POSTS = (
    ("Giảng viên Khoa Xây dựng Đảng", "Trường Chính trị tỉnh Lâm Đồng"),
    ("Giảng viên Khoa Lý luận cơ sở", "Trường Chính trị tỉnh Lâm Đồng"),
    ("Phó Trưởng Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy Lâm Đồng"),
    ("Báo cáo viên Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy Lâm Đồng"),
    ("Chuyên viên Ủy ban Kiểm tra Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy Lâm Đồng"),
)  # fmt: skip
FULL_TIME_QUALIFICATIONS = ("Cử nhân Xây dựng Đảng và Chính quyền nhà nước", "Thạc sĩ Lịch sử Đảng",
                            "Cử nhân Triết học", "Thạc sĩ Chính trị học", "Cử nhân Kinh tế chính trị",
                            "Cử nhân Luật")  # fmt: skip
PART_TIME_QUALIFICATIONS = ("Cử nhân Luật", "Cử nhân Hành chính", "Thạc sĩ Quản lý kinh tế",
                            "Kỹ sư Nông nghiệp", "Cử nhân Sư phạm", "Thạc sĩ Quản lý công",
                            "Cử nhân Kinh tế")  # fmt: skip
HIGH_THEORY = ("Cao cấp lý luận chính trị", "Cử nhân chính trị", "Cao cấp lý luận chính trị")

CENTRE_HALL = "Hội trường Trung tâm Chính trị"
DISTRICT_HALL = "Hội trường Huyện ủy"
CO_ORGANISERS = {
    "DVM": ("Ban Tổ chức Huyện ủy", ""),
    "BDCB": ("Ban Tổ chức Huyện ủy", "Ủy ban Kiểm tra Huyện ủy", "Ban Dân vận Huyện ủy"),
    "CNKT": (
        "Ban Tuyên giáo Huyện ủy",
        "Ủy ban Kiểm tra Huyện ủy",
        "Huyện đoàn",
        "Hội Liên hiệp Phụ nữ huyện",
    ),
    "HNQT": ("Ban Tuyên giáo Huyện ủy",),
}
TRAINING_TOPICS = (
    "Lớp bồi dưỡng bí thư chi bộ, cấp ủy viên cơ sở", "Lớp bồi dưỡng nghiệp vụ công tác tổ chức, đảng viên",
    "Lớp bồi dưỡng nghiệp vụ công tác kiểm tra, giám sát", "Lớp bồi dưỡng cán bộ Mặt trận, đoàn thể cơ sở",
    "Lớp bồi dưỡng nghiệp vụ công tác dân vận", "Lớp bồi dưỡng nghiệp vụ công tác văn phòng cấp ủy",
)  # fmt: skip
UPDATE_TOPICS = (
    "Chuyên đề Lịch sử Đảng bộ huyện",
    "Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Chuyên đề phòng, chống tham nhũng, tiêu cực", "Cập nhật kiến thức cho cán bộ diện Ban Thường vụ quản lý",
    "Chuyên đề công tác dân tộc, tôn giáo", "Chuyên đề chuyển đổi số ở cơ sở",
    "Chuyên đề bảo vệ nền tảng tư tưởng của Đảng",
)  # fmt: skip
ROMAN_TERMS = ((2021, "XIII"), (2016, "XII"), (2011, "XI"), (2006, "X"), (2001, "IX"))
GROUPS = ("khối Đảng, Mặt trận, đoàn thể", "khối chính quyền", "các xã, thị trấn",
          "đảng viên các chi bộ thôn, tổ dân phố", "cán bộ chủ chốt")  # fmt: skip


def briefing_name(rng: random.Random, year: int) -> str:
    """The title of a resolution briefing held in ``year``: a resolution of the current Central Committee."""
    start, term = next((y, t) for y, t in ROMAN_TERMS if year >= y)
    group = rng.choice(GROUPS)
    if year == start and rng.random() < 0.5:
        return f"Hội nghị quán triệt Nghị quyết Đại hội toàn quốc lần thứ {term} của Đảng cho {group}"
    plenum = min(15, (year - start) * 3 + rng.randint(1, 3))
    return f"Hội nghị quán triệt Nghị quyết Hội nghị Trung ương {plenum} khóa {term} cho {group}"


# Which kinds of lecturer usually teach each default programme, with weights.
LECTURER_MIX = {
    "SCLLCT": {"full": 5, "deputy": 3, "director": 0.3, "part": 4},
    "NTVD": {"full": 5, "deputy": 3, "director": 0.3, "part": 3},
    "DVM": {"full": 5, "deputy": 3, "director": 0.3, "part": 3},
    "BDCB": {"part": 5, "deputy": 2, "full": 2},
    "CNKT": {"part": 3, "reporter": 3, "guest": 2, "full": 1},
    "HNQT": {"reporter": 5, "director": 1, "deputy": 1, "guest": 1},
}
_TYPES = {"director": ("kiem_chuc", "giam_doc"), "deputy": ("chuyen_trach", "pho_giam_doc"),
          "full": ("chuyen_trach", "giang_vien"), "part": ("kiem_chuc", "khac"),
          "reporter": ("bao_cao_vien", "khac"), "guest": ("moi", "khac")}  # fmt: skip


@dataclass(frozen=True)
class StaffMember:
    id: int
    category: str  # a key of _TYPES
    appointed: int  # year of the appointment decision
    first_year: int  # first and last year the demo has them teach
    last_year: int


Decisions = dict[tuple[str, int], tuple[str, int]]


_POSTS = {
    "director": (("Trưởng Ban Tuyên giáo Huyện ủy, Giám đốc Trung tâm Chính trị", "Huyện ủy"),),
    "deputy": (("Phó Giám đốc Trung tâm Chính trị", "Trung tâm Chính trị"),),
    "full": (("Giảng viên chuyên trách", "Trung tâm Chính trị"),),
    "part": PART_TIME_POSTS, "reporter": REPORTER_POSTS, "guest": GUEST_POSTS,
}  # fmt: skip


def _lecturer_row(
    rng: random.Random, member: StaffMember, post: tuple[str, str], today_year: int, decisions: Decisions
) -> dict[str, object]:
    position, unit = post
    male = rng.random() < (0.95 if "Quân sự" in unit or "Công an" in unit else 0.65)
    person = make_person(rng, male)
    lecturer_type, role = _TYPES[member.category]
    category = member.category
    decision, decision_date = "", None
    if category != "guest":
        # Part-time lecturers and reporters are appointed in batches, one decision per batch and year.
        key = (category if category in ("part", "reporter") else f"{category}{member.id}", member.appointed)
        if key not in decisions:
            suffix = "QĐ-UBND" if category == "full" else "QĐ/HU"
            separator = "/" if category == "full" else "-"
            decisions[key] = (f"{rng.randint(50, 1500)}{separator}{suffix}", rng.randint(1, 330))
        decision, day_of_year = decisions[key]
        decision_date = date(member.appointed, 1, 1) + timedelta(days=day_of_year)
    active = member.last_year >= today_year
    qualification = rng.choice(FULL_TIME_QUALIFICATIONS if category in ("deputy", "full")
                               else PART_TIME_QUALIFICATIONS)  # fmt: skip
    return {
        "id": member.id, "full_name": person.full_name, "name_key": fold(person.full_name),
        "sort_key": sort_string(person.full_name), "lecturer_type": lecturer_type, "role": role,
        "position": position, "unit": unit, "qualification": qualification,
        "theory_level": rng.choice(HIGH_THEORY), "appointment_decision": decision,
        "appointment_date": decision_date, "phone": make_phone(rng), "active": active,
        "notes": "" if active else rng.choice(("Đã nghỉ hưu", "Đã chuyển công tác")),
    }  # fmt: skip


def make_lecturers(
    rng: random.Random, today_year: int, first_year: int
) -> tuple[list[dict[str, object]], list[StaffMember]]:
    """Lecturer rows (with ids from 1) and when each one taught.

    Today's staff: a director, two deputies, 3-5 full-time lecturers, 18-26 part-time ones, some reporters
    and guests. Over many years, former staff (no longer active) taught the earlier classes.
    """
    staff: list[StaffMember] = []
    posts: list[tuple[str, str]] = []
    span = today_year - first_year
    counts = {"director": 1, "deputy": 2, "full": rng.randint(3, 5), "part": rng.randint(18, 26),
              "reporter": rng.randint(4, 6), "guest": rng.randint(3, 4)}  # fmt: skip
    for category, count in counts.items():
        choices = list(_POSTS[category])
        rng.shuffle(choices)
        for i in range(count):
            appointed = today_year - rng.randint(2, 12)
            first = max(first_year, appointed)
            staff.append(StaffMember(len(staff) + 1, category, appointed, first, today_year + 5))
            posts.append(choices[i % len(choices)])
    if span >= 5:  # over many years, former staff taught the earlier classes
        former = {"director": 2, "deputy": 2, "full": 3, "part": span, "reporter": 3}
        for category, count in former.items():
            for _ in range(count):
                last = today_year - rng.randint(2, span)
                appointed = first_year - rng.randint(0, 8)
                staff.append(StaffMember(len(staff) + 1, category, appointed, first_year, last))
                posts.append(rng.choice(_POSTS[category]))
    decisions: Decisions = {}
    rows = [_lecturer_row(rng, staff[i], posts[i], today_year, decisions) for i in range(len(staff))]
    return rows, staff


class LecturerPool:
    """Picks a plausible lecturer for a lesson, never one already teaching at the same buổi, and keeps the
    director, deputies and full-time lecturers near their yearly lecturing quota (each gets a ceiling of
    85-130% of it for the year); part-time lecturers, reporters and guests take the rest."""

    def __init__(self, rng: random.Random, staff: list[StaffMember], quotas: dict[str, int]) -> None:
        self.rng = rng
        self.staff = staff
        self.busy: set[tuple[int, date, str]] = set()
        self._by_year: dict[tuple[int, str], list[int]] = {}
        self._quota = {m.id: quotas.get(_TYPES[m.category][1], 0) for m in staff}
        self._ceiling: dict[tuple[int, int], float] = {}
        self._load: dict[tuple[int, int], int] = {}  # (lecturer id, year) -> tiết given

    def _active(self, year: int, category: str) -> list[int]:
        key = (year, category)
        if key not in self._by_year:
            self._by_year[key] = [
                m.id for m in self.staff if m.category == category and m.first_year <= year <= m.last_year
            ]
        return self._by_year[key]

    def _room(self, lecturer: int, year: int) -> float:
        """Tiết still free under the lecturer's ceiling this year (unbounded without a quota)."""
        quota = self._quota[lecturer]
        if not quota:
            return float("inf")
        ceiling = self._ceiling.get((lecturer, year))
        if ceiling is None:
            ceiling = self._ceiling[lecturer, year] = quota * self.rng.uniform(0.85, 1.3)
        return ceiling - self._load.get((lecturer, year), 0)

    def has_room(self, lecturer: int, year: int, tiet: int) -> bool:
        return self._room(lecturer, year) >= tiet

    def _free(self, lecturer: int, slots: list[tuple[date, str]]) -> bool:
        return not any((lecturer, *slot) in self.busy for slot in slots)

    def homeroom(self, year: int) -> int | None:
        candidates = self._active(year, "full") + self._active(year, "deputy")
        with_room = [m for m in candidates if self._room(m, year) > 0]
        return self.rng.choice(with_room or candidates) if candidates else None

    def charge(self, lecturer: int, year: int, slots: list[tuple[date, str]], tiet: int) -> None:
        """``lecturer`` teaches ``slots`` of ``tiet`` tiết each."""
        self.busy.update((lecturer, *slot) for slot in slots)
        self._load[lecturer, year] = self._load.get((lecturer, year), 0) + len(slots) * tiet

    def pick(
        self, code: str, year: int, slots: list[tuple[date, str]], homeroom: int | None, tiet: int
    ) -> int | None:
        need = len(slots) * tiet
        mix = [(c, w) for c, w in LECTURER_MIX[code].items() if self._active(year, c)]
        chosen: int | None = None
        for _ in range(12):
            category = self.rng.choices([c for c, _ in mix], [w for _, w in mix])[0] if mix else ""
            candidates = [m for m in self._active(year, category) if self.has_room(m, year, need)]
            if candidates:
                chosen = self.rng.choice(candidates)
                if self._free(chosen, slots):
                    break
                chosen = None
        if chosen is None:  # everyone drawn was busy or at their ceiling: someone free without a quota
            free = [
                m
                for category in ("part", "reporter", "guest")
                for m in self._active(year, category)
                if self._free(m, slots)
            ]
            chosen = self.rng.choice(free) if free else homeroom
        if chosen is not None:
            self.charge(chosen, year, slots, tiet)
        return chosen
