"""A learner's training record (quá trình đào tạo, bồi dưỡng) as the commune's personnel officer enters it in
the national database of cadres and civil servants (Nghị định 27/2026/NĐ-CP, group 5: đào tạo, bồi dưỡng),
and as the Party's curriculum vitae form lists it (mẫu 2C: tên trường, ngành học hoặc tên lớp, thời gian,
hình thức, văn bằng chứng chỉ).

One line per class the learner **completed** (the period report's rule: the class finished or closed, the
place not withdrawn, the result not a fail). The centre named on a line is the one on the certificate when
there is one (a pre-2025 certificate keeps its district centre's name), otherwise the centre as it is now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from trungtam_desktop.domain.enums import ProgrammeKind
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.validation import validate_cccd

# kind -> (loại hình, lĩnh vực, trình độ đạt được)
_KINDS: dict[ProgrammeKind, tuple[str, str, str]] = {
    ProgrammeKind.ELEMENTARY: ("Đào tạo", "Lý luận chính trị", "Sơ cấp lý luận chính trị"),
    ProgrammeKind.PARTY_AWARENESS: ("Bồi dưỡng", "Lý luận chính trị", ""),
    ProgrammeKind.NEW_MEMBERS: ("Bồi dưỡng", "Lý luận chính trị", ""),
    ProgrammeKind.TRAINING: ("Bồi dưỡng", "Nghiệp vụ", ""),
    ProgrammeKind.UPDATE: ("Bồi dưỡng", "Cập nhật kiến thức", ""),
    ProgrammeKind.BRIEFING: ("Bồi dưỡng", "Quán triệt nghị quyết", ""),
}
COMPLETED = "Hoàn thành"  # the result of a class without assessment


def kind_columns(kind: ProgrammeKind) -> tuple[str, str, str]:
    """(loại hình, lĩnh vực, trình độ đạt được) of a programme kind."""
    return _KINDS[kind]


@dataclass(frozen=True)
class TrainingLine:
    """One completed class."""

    category: str  # "Đào tạo" / "Bồi dưỡng"
    field: str  # "Lý luận chính trị", "Nghiệp vụ"...
    programme: str
    class_name: str
    level: str  # "Sơ cấp lý luận chính trị" or ""
    institution: str  # "TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG"
    start: date
    end: date
    mode: str  # "Tập trung" / "Không tập trung"
    result: str  # grade label, or "Hoàn thành"
    certificate_kind: str  # "Giấy chứng nhận", "Bằng tốt nghiệp sơ cấp LLCT" or ""
    certificate_number: str
    certificate_date: date | None


@dataclass(frozen=True)
class TrainingRecord:
    learner_id: int
    full_name: str
    birth: str
    cccd: str
    gender: str
    position: str
    unit: str
    party_cell: str
    commune: str
    lines: tuple[TrainingLine, ...]


@dataclass(frozen=True)
class RecordSet:
    """The records asked for, and what could not be matched (CCCDs not in the register, bad input)."""

    records: tuple[TrainingRecord, ...]
    not_found: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()  # "Dòng 3: “0123” không phải số CCCD (12 chữ số)."

    @property
    def line_count(self) -> int:
        return sum(len(r.lines) for r in self.records)


_DIGITS = re.compile(r"\d[\d .\-]*\d|\d")


def cccds_in_text(text: str) -> tuple[list[str], list[str]]:
    """The CCCD numbers of a pasted list (one person a line, the CCCD in any column), and what was refused,
    by line: a line with digits but no 12-digit number (an old 9-digit CMND, a number cut short, only the
    STT) is refused; a line with no digits at all (a header, a blank line) is skipped silently."""
    found: list[str] = []
    refused: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [c for c in re.split(r"[\t;,|]", line) if c.strip()]
        candidates = [re.sub(r"[\s.\-]", "", m.group()) for c in cells for m in _DIGITS.finditer(c)]
        cccd = next((c for c in candidates if len(c) == 12), None)
        if cccd is not None:
            found.append(cccd)
        elif candidates:
            longest = max(candidates, key=len)
            refused.append(f"Dòng {number}: không có số CCCD 12 chữ số (số dài nhất là “{longest}”).")
    return list(dict.fromkeys(found)), refused


def check_cccds(values: list[str]) -> tuple[list[str], list[str]]:
    """Valid CCCDs (in order, once each) and the refused ones with the reason."""
    good, refused = [], []
    for value in values:
        try:
            cccd = validate_cccd(value)
        except ValidationError as exc:
            refused.append(exc.message)
            continue
        if cccd:
            good.append(cccd)
    return list(dict.fromkeys(good)), refused
