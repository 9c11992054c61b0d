"""Word lists and small generators of believable learners for the demo database (see ``demo.py``).

The place is a district of Lâm Đồng (Đức Trọng, the demo centre's identity ``DEMO_CENTRE``): Kinh people
of every origin, and the K'Ho, Chu Ru and Mạ peoples of the highlands. Frequencies are rough but realistic:
the family name Nguyễn is borne by about 38% of Kinh people, Trần by 11%, Lê by 9.5%, and so on.
Everything here draws from one ``random.Random`` passed in, so a given seed always gives the same people.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from trungtam_desktop.domain.models import CentreIdentity

# The demo's centre. Only the demo names a place: a new database names none until the clerk sets it up.
DEMO_CENTRE = CentreIdentity(
    parent_body="HUYỆN ỦY ĐỨC TRỌNG", centre_name="TRUNG TÂM CHÍNH TRỊ", place_name="Đức Trọng"
)


class Weighted:
    """A fixed weighted choice that is cheap to draw from many times."""

    def __init__(self, pairs: Sequence[tuple[str, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


KINH_FAMILY = Weighted([
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 3.2), ("Huỳnh", 1.9), ("Phan", 4.5),
    ("Vũ", 2.4), ("Võ", 2.6), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Đoàn", 0.6), ("Mai", 0.5), ("Cao", 0.5),
    ("Hà", 0.5), ("Lương", 0.4), ("Lâm", 0.4), ("Tạ", 0.3), ("Châu", 0.3), ("Thái", 0.3), ("Văn", 0.2),
    ("Quách", 0.2), ("Kiều", 0.2), ("Triệu", 0.2), ("Lưu", 0.3), ("Tô", 0.2), ("Trịnh", 0.4),
])  # fmt: skip
MALE_MIDDLE = Weighted([
    ("Văn", 34), ("Hữu", 6), ("Đức", 7), ("Minh", 8), ("Công", 5), ("Quang", 5), ("Thanh", 6), ("Ngọc", 4),
    ("Xuân", 4), ("Đình", 5), ("Quốc", 4), ("Trọng", 3), ("Anh", 3), ("Tiến", 2), ("Hoàng", 2), ("Gia", 2),
    ("Mạnh", 1), ("Tấn", 2), ("Thế", 2), ("Bá", 1), ("Duy", 2),
])  # fmt: skip
FEMALE_MIDDLE = Weighted([
    ("Thị", 48), ("Ngọc", 7), ("Thanh", 6), ("Thu", 5), ("Minh", 3), ("Kim", 4), ("Mỹ", 3), ("Phương", 3),
    ("Hồng", 4), ("Bích", 2), ("Thùy", 3), ("Hoài", 2), ("Diệu", 1), ("Như", 2), ("Khánh", 1), ("Bảo", 1),
    ("Quỳnh", 1), ("Hải", 1), ("Xuân", 2), ("Tuyết", 1),
])  # fmt: skip
FEMALE_SECOND_MIDDLE = Weighted([("Thu", 3), ("Ngọc", 3), ("Thanh", 2), ("Kim", 2), ("Hồng", 2), ("Mỹ", 1),
                                 ("Bích", 1), ("Minh", 1), ("Phương", 1)])  # fmt: skip
MALE_GIVEN = Weighted([(n, 1) for n in (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Thắng", "Long", "Cường", "Hoàng", "Sơn", "Tùng", "Bình",
    "Đức", "Phong", "Quang", "Trung", "Hiếu", "Huy", "Khoa", "Thành", "Tâm", "Tài", "Phúc", "Lâm", "Vinh",
    "Toàn", "Thịnh", "Hòa", "Lợi", "Hưng", "Khánh", "Lộc", "Tiến", "Quân", "Kiên", "Đạt", "Hiệp", "Nghĩa",
    "Tín", "An", "Trí", "Sang", "Bảo", "Duy", "Hậu", "Nhân", "Việt", "Thái", "Tú", "Chiến", "Mạnh", "Thuận",
    "Phát", "Tân", "Thiện", "Quý", "Định", "Vũ", "Hào", "Khải", "Lực", "Phương", "Thông", "Ân", "Đông",
)])  # fmt: skip
FEMALE_GIVEN = Weighted([(n, 1) for n in (
    "Lan", "Hương", "Hoa", "Mai", "Hằng", "Linh", "Trang", "Nga", "Thảo", "Yến", "Hà", "Ngọc", "Phương",
    "Thủy", "Loan", "Liên", "Hồng", "Nhung", "Huyền", "Dung", "Thư", "Vân", "Oanh", "Tuyết", "Anh", "Hạnh",
    "Ly", "Mỵ", "My", "Trinh", "Nhi", "Quyên", "Diệp", "Hiền", "Thúy", "Uyên", "Vy", "Xuân", "Đào", "Lệ",
    "Kiều", "Cúc", "Chi", "Giang", "Nhàn", "Thắm", "Tâm", "Duyên", "Ngân", "Bích", "Thu", "Tuyền", "Nguyệt",
    "Lý", "Sương", "Hiên", "Ánh", "Châu", "Diễm", "Hảo",
)])  # fmt: skip
# Family names the smaller Kinh-named peoples often carry.
OTHER_FAMILY = {
    "Tày": Weighted([("Hoàng", 3), ("Nông", 3), ("Lương", 2), ("Ma", 1), ("Đàm", 1), ("Hà", 1)]),
    "Nùng": Weighted([("Nông", 3), ("Hoàng", 2), ("Lý", 1), ("Vi", 1), ("Lương", 1), ("Chu", 1)]),
    "Hoa": Weighted([("Lý", 2), ("Trương", 2), ("Lâm", 2), ("Quách", 1), ("Châu", 1), ("Mạc", 1)]),
    "Mường": Weighted([("Bùi", 3), ("Đinh", 2), ("Quách", 1), ("Hà", 1)]),
    "Thái": Weighted([("Lò", 2), ("Cầm", 1), ("Lường", 1), ("Vi", 1), ("Hà", 1)]),
}
# K'Ho and Mạ: "K'" before a man's name, "Ka" before a woman's; some K'Ho branches carry a clan name.
HIGHLAND_MALE = Weighted([(n, 1) for n in (
    "Brếu", "Brơi", "Sa", "Hoan", "Điểu", "Brăh", "Jốt", "Tiếu", "Krăng", "Lơng", "Yơn", "Bình", "Tiếp",
    "Tuyên", "Kiên", "Đen", "Ding", "Sơn", "Git", "Nam", "Bnam", "Tnam", "Ninh", "Lăng", "Dờn", "Thanh",
)])  # fmt: skip
HIGHLAND_FEMALE = Weighted([(n, 1) for n in (
    "Điệp", "Hiền", "Sêu", "Thủy", "Bích", "Nhiên", "Hơn", "Khuyên", "Hương", "Mai", "Bạch", "Ngọc", "Dốt",
    "Sim", "Git", "Nam", "Bnam", "Loan", "Thảo", "Hoa", "Jrang", "Nhung",
)])  # fmt: skip
KHO_CLANS = ("Cill", "Liêng Hót", "Păngting", "Lơmu", "Kră Jăn", "Bon Đơng", "Dagút")
CHURU_FAMILY = Weighted([("Touneh", 4), ("Ya", 3), ("Bơ Nah Ria", 2), ("Jơ Lơng", 2), ("Ma Lé", 2),
                         ("Pang Ting", 1), ("Sa", 1)])  # fmt: skip

ETHNICITY = Weighted([("Kinh", 80), ("K'Ho", 10.5), ("Chu Ru", 3.5), ("Mạ", 1.2), ("Tày", 1.5), ("Nùng", 1.4),
                      ("Hoa", 1), ("Mường", 0.5), ("Thái", 0.4)])  # fmt: skip
HIGHLAND = frozenset(("K'Ho", "Chu Ru", "Mạ"))
RELIGION_KINH = Weighted([("Không", 73), ("Phật giáo", 13), ("Công giáo", 11), ("Tin lành", 2),
                          ("Cao Đài", 1)])  # fmt: skip
RELIGION_HIGHLAND = Weighted([("Tin lành", 42), ("Công giáo", 30), ("Không", 28)])

# Communes of the district (the town first); highland peoples live mostly in the second group.
TOWN = "Liên Nghĩa"
COMMUNES = (
    TOWN, "Hiệp An", "Hiệp Thạnh", "Liên Hiệp", "Phú Hội", "Tân Hội", "Tân Thành", "Bình Thạnh",
    "N'Thôl Hạ", "Ninh Gia", "Ninh Loan", "Đà Loan", "Tà Năng", "Đa Quyn", "Tà Hine",
)  # fmt: skip
KINH_COMMUNE = Weighted([(c, 3 if c == TOWN else 2 if i < 8 else 1) for i, c in enumerate(COMMUNES)])
HIGHLAND_COMMUNE = Weighted([(c, 1 if i < 8 else 4) for i, c in enumerate(COMMUNES)])
HOMETOWN_PROVINCES = Weighted([
    ("Lâm Đồng", 55), ("Nam Định", 6), ("Thái Bình", 6), ("Hà Tĩnh", 5), ("Nghệ An", 5), ("Quảng Nam", 5),
    ("Thanh Hóa", 4), ("Quảng Ngãi", 3), ("Bình Định", 3), ("Hà Nội", 2), ("Huế", 2), ("Ninh Bình", 2),
])  # fmt: skip
# The first three digits of a CCCD are the province of birth registration.
PROVINCE_CODES = {"Lâm Đồng": "068", "Nam Định": "036", "Thái Bình": "034", "Hà Tĩnh": "042",
                  "Nghệ An": "040", "Quảng Nam": "049", "Thanh Hóa": "038", "Quảng Ngãi": "051",
                  "Bình Định": "052", "Hà Nội": "001", "Huế": "046", "Ninh Bình": "037"}  # fmt: skip
PHONE_PREFIXES = (
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "086",
    "088",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
)

EDUCATION = Weighted([("12/12", 82), ("9/12", 15), ("10/10", 3)])
SPECIALITY = Weighted([
    ("", 30), ("Đại học Luật", 6), ("Đại học Sư phạm", 8), ("Cao đẳng Sư phạm", 5), ("Đại học Kinh tế", 6),
    ("Đại học Hành chính", 5), ("Trung cấp Nông nghiệp", 6), ("Đại học Nông lâm", 5), ("Trung cấp Y", 3),
    ("Đại học Quản lý đất đai", 3), ("Trung cấp Kế toán", 5), ("Đại học Công nghệ thông tin", 3),
    ("Cao đẳng Điều dưỡng", 2), ("Trung cấp Văn thư - Lưu trữ", 2),
])  # fmt: skip

# (unit template, weight, positions, who may belong: "" anyone, "f" women, "y" aged ≤ 35, "v" men aged ≥ 40)
COMMUNE_UNITS = (
    ("Chi bộ {village}, Đảng bộ {c}", 30, ("", "", "", "Bí thư chi bộ", "Phó Bí thư chi bộ", "Chi ủy viên",
                                           "Trưởng thôn", "Công an viên"), ""),
    ("UBND {c}", 8, ("Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính",
                     "Công chức Tài chính - Kế toán", "Công chức Văn hóa - Xã hội", "Phó Chủ tịch UBND"), ""),
    ("Đảng ủy {c}", 3, ("Văn phòng Đảng ủy", "Phó Bí thư Đảng ủy", "Ủy viên Ban Thường vụ Đảng ủy"), ""),
    ("Ủy ban MTTQ Việt Nam {c}", 4, ("Chủ tịch Ủy ban MTTQ", "Phó Chủ tịch Ủy ban MTTQ", "Ủy viên"), ""),
    ("Đoàn Thanh niên {c}", 8, ("Bí thư Đoàn", "Phó Bí thư Đoàn", "Đoàn viên", "Bí thư chi đoàn"), "y"),
    ("Hội Phụ nữ {c}", 6, ("Chủ tịch Hội Phụ nữ", "Phó Chủ tịch Hội Phụ nữ", "Chi hội trưởng", "Hội viên"),
     "f"),
    ("Hội Nông dân {c}", 5, ("Chủ tịch Hội Nông dân", "Phó Chủ tịch Hội Nông dân", "Chi hội trưởng"), ""),
    ("Hội Cựu chiến binh {c}", 3, ("Chủ tịch Hội Cựu chiến binh", "Chi hội trưởng", "Hội viên"), "v"),
    ("Công an {c}", 4, ("Trưởng Công an", "Phó Trưởng Công an", "Cán bộ Công an"), ""),
    ("Ban Chỉ huy Quân sự {c}", 3, ("Chỉ huy trưởng", "Chỉ huy phó", "Dân quân thường trực"), ""),
    ("Trường THCS {name}", 4, ("Giáo viên", "Giáo viên", "Hiệu trưởng", "Phó Hiệu trưởng"), ""),
    ("Trường Tiểu học {name}", 4, ("Giáo viên", "Giáo viên", "Hiệu trưởng", "Phó Hiệu trưởng"), ""),
    ("Trường Mầm non {name}", 3, ("Giáo viên", "Giáo viên", "Hiệu trưởng"), "f"),
    ("Trạm Y tế {c}", 2, ("Y sĩ", "Điều dưỡng", "Trưởng Trạm Y tế"), ""),
)  # fmt: skip
# Posts held by experienced Party members only.
_SENIOR = ("Chủ tịch", "Phó Chủ tịch", "Bí thư", "Phó Bí thư", "Hiệu trưởng", "Phó Hiệu trưởng", "Trưởng",
           "Phó Trưởng", "Chỉ huy", "Ủy viên Ban Thường vụ", "Chi ủy viên", "Phó Chánh", "Đội trưởng",
           "Phó Đội trưởng")  # fmt: skip
_MEMBER_ONLY = frozenset(("Bí thư chi bộ", "Phó Bí thư chi bộ", "Chi ủy viên", "Phó Bí thư Đảng ủy",
                          "Ủy viên Ban Thường vụ Đảng ủy"))  # fmt: skip
DISTRICT_UNITS = (
    ("Văn phòng Huyện ủy", "Chi bộ Văn phòng Huyện ủy", ("Chuyên viên", "Phó Chánh Văn phòng")),
    ("Ban Tổ chức Huyện ủy", "Chi bộ các Ban Đảng", ("Chuyên viên", "Phó Trưởng ban")),
    ("Ban Tuyên giáo Huyện ủy", "Chi bộ các Ban Đảng", ("Chuyên viên", "Phó Trưởng ban")),
    ("Phòng Nội vụ huyện", "Chi bộ Phòng Nội vụ", ("Chuyên viên", "Phó Trưởng phòng")),
    ("Phòng Tài chính - Kế hoạch huyện", "Chi bộ Phòng Tài chính - Kế hoạch", ("Chuyên viên", "Kế toán")),
    ("Phòng Giáo dục và Đào tạo huyện", "Chi bộ Phòng Giáo dục và Đào tạo", ("Chuyên viên",)),
    ("Phòng Tài nguyên và Môi trường huyện", "Chi bộ Phòng Tài nguyên và Môi trường", ("Chuyên viên",)),
    ("Trung tâm Y tế huyện", "Đảng bộ Trung tâm Y tế", ("Bác sĩ", "Điều dưỡng", "Dược sĩ")),
    ("Trường THPT Đức Trọng", "Chi bộ Trường THPT Đức Trọng", ("Giáo viên", "Phó Hiệu trưởng")),
    ("Kho bạc Nhà nước huyện", "Chi bộ Kho bạc Nhà nước", ("Kế toán viên", "Kiểm soát viên")),
    ("Huyện đoàn", "Chi bộ Khối Mặt trận - Đoàn thể", ("Chuyên viên", "Phó Bí thư Huyện đoàn")),
    ("Công an huyện", "Đảng bộ Công an huyện", ("Cán bộ", "Đội trưởng", "Phó Đội trưởng")),
    ("Ban Chỉ huy Quân sự huyện", "Đảng bộ Quân sự huyện", ("Trợ lý", "Nhân viên")),
    ("Bảo hiểm xã hội huyện", "Chi bộ Bảo hiểm xã hội", ("Chuyên viên",)),
)  # fmt: skip
UNIT_KIND = Weighted([(str(i), w) for i, (_, w, _, _) in enumerate(COMMUNE_UNITS)] + [("huyen", 14)])


def commune_label(commune: str) -> str:
    """ "thị trấn Liên Nghĩa" or "xã Ninh Gia"."""
    return f"thị trấn {commune}" if commune == TOWN else f"xã {commune}"


@dataclass(frozen=True)
class Person:
    """The generated identity of one person: what does not depend on the classes they attend."""

    full_name: str
    male: bool
    ethnicity: str
    religion: str
    commune: str
    hometown: str
    province: str


def _kinh_name(rng: random.Random, male: bool, family: str) -> str:
    if male:
        return f"{family} {MALE_MIDDLE(rng)} {MALE_GIVEN(rng)}"
    middle = FEMALE_MIDDLE(rng)
    if middle == "Thị" and rng.random() < 0.18:
        middle = f"Thị {FEMALE_SECOND_MIDDLE(rng)}"
    return f"{family} {middle} {FEMALE_GIVEN(rng)}"


def _highland_name(rng: random.Random, male: bool, ethnicity: str) -> str:
    if ethnicity == "Chu Ru":
        family = CHURU_FAMILY(rng)
        if male and rng.random() < 0.5:
            return f"{family} Ha {MALE_GIVEN(rng)}"
        if male:
            return f"{family} {(HIGHLAND_MALE if rng.random() < 0.3 else MALE_GIVEN)(rng)}"
        return f"{family} {FEMALE_GIVEN(rng)}"
    given = (HIGHLAND_MALE if male else HIGHLAND_FEMALE)(rng)
    if ethnicity == "K'Ho" and rng.random() < 0.15:
        clan = rng.choice(KHO_CLANS)
        marker = ("K'" if rng.random() < 0.6 else "Ha") if male else ("Ka" if rng.random() < 0.6 else "Hơ")
        space = "" if marker == "K'" else " "
        return f"{clan} {marker}{space}{given}"
    if male:
        return f"K' {given}" if rng.random() < 0.6 else f"K'{given}"
    return f"Ka {given}"


def make_person(rng: random.Random, male: bool) -> Person:
    """A new person: name, ethnicity, religion, commune of residence and home town."""
    ethnicity = ETHNICITY(rng)
    if ethnicity in HIGHLAND:
        commune = HIGHLAND_COMMUNE(rng)
        return Person(_highland_name(rng, male, ethnicity), male, ethnicity, RELIGION_HIGHLAND(rng), commune,
                      f"{commune_label(commune)}, huyện Đức Trọng, tỉnh Lâm Đồng", "Lâm Đồng")  # fmt: skip
    family = OTHER_FAMILY[ethnicity](rng) if ethnicity in OTHER_FAMILY else KINH_FAMILY(rng)
    commune = KINH_COMMUNE(rng)
    province = HOMETOWN_PROVINCES(rng) if ethnicity == "Kinh" else "Lâm Đồng"
    hometown = province
    if province == "Lâm Đồng":
        hometown = f"{commune_label(commune)}, huyện Đức Trọng, tỉnh Lâm Đồng"
    name = _kinh_name(rng, male, family)
    return Person(name, male, ethnicity, RELIGION_KINH(rng), commune, hometown, province)


def village(rng: random.Random, commune: str) -> str:
    return f"Tổ dân phố {rng.randint(1, 32)}" if commune == TOWN else f"thôn {rng.randint(1, 12)}"


def make_unit(
    rng: random.Random, commune: str, *, member: bool, male: bool, age: int
) -> tuple[str, str, str]:
    """(unit, party cell, position) of someone living in ``commune``.

    A non-member's cell is the one that presents them for admission (where they live or work).
    """
    label = commune_label(commune)
    while True:
        kind = UNIT_KIND(rng)
        if kind == "huyen":
            unit, cell, positions = rng.choice(DISTRICT_UNITS)
            cell = cell if cell.startswith("Đảng bộ") else f"{cell}, Đảng bộ cơ quan huyện"
            break
        template, _, positions, who = COMMUNE_UNITS[int(kind)]
        if (who == "f" and male) or (who == "y" and age > 35) or (who == "v" and (not male or age < 40)):
            continue
        unit = template.format(village=village(rng, commune), c=label, name=commune)
        if unit.startswith("Chi bộ"):
            cell = unit
        elif unit.startswith(("Trường", "Trạm")):
            cell = f"Chi bộ {unit}, Đảng bộ {label}"
        else:
            cell = f"Chi bộ Cơ quan, Đảng bộ {label}"
        break
    position = rng.choice(positions)
    if position.startswith(_SENIOR) and (not member or age < 27):
        juniors = [p for p in positions if not p.startswith(_SENIOR) and (member or p not in _MEMBER_ONLY)]
        position = rng.choice(juniors) if juniors else ""
    if not member:
        if position in _MEMBER_ONLY or not position:
            position = "Đoàn viên" if age <= 30 else ""
        if rng.random() < 0.4:
            cell = f"Chi bộ {village(rng, commune)}, Đảng bộ {label}"
    return unit, cell, position


def make_cccd(rng: random.Random, province: str, male: bool, birth_year: int, taken: set[str]) -> str:
    """A 12-digit CCCD: province code, century-and-gender digit, two digits of the year, six random ones."""
    century = 0 if birth_year < 2000 else 2
    prefix = f"{PROVINCE_CODES[province]}{century + (0 if male else 1)}{birth_year % 100:02d}"
    while True:
        number = f"{prefix}{rng.randrange(1_000_000):06d}"
        if number not in taken:
            taken.add(number)
            return number


def make_phone(rng: random.Random) -> str:
    return f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10_000_000):07d}"


LEARNER_THEORY = Weighted([("", 55), ("Sơ cấp", 30), ("Trung cấp", 13), ("Cao cấp", 2)])
