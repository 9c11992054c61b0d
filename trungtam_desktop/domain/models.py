"""Frozen value objects that services take and return (never live ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, TypeVar

from trungtam_desktop.domain.enums import (
    COMPLETED_ENROLMENT_LABEL,
    CertificateKind,
    ClassMode,
    ClassStatus,
    EnrolmentStatus,
    Gender,
    Grade,
    LecturerType,
    PartyStatus,
    ProgrammeKind,
    StaffRole,
)

T = TypeVar("T")


# What a document prints where the centre has not yet said who or where it is (never another place's name);
# the place is shorter so that "……, ngày 20 tháng 11 năm 2024" stays on one line.
DOTTED_BLANK = "\u2026" * 12
DOTTED_PLACE = "\u2026" * 6
DEPUTY_TITLE = "PHÓ GIÁM ĐỐC"


@dataclass(frozen=True)
class Deputy:
    """A deputy director (Phó giám đốc), who may sign "KT. GIÁM ĐỐC" when the director delegates."""

    name: str
    title: str = DEPUTY_TITLE


@dataclass(frozen=True)
class Signature:
    """Who signs a certificate: the director, or a deputy "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" (Hướng dẫn 154)."""

    title: str  # as printed, one line per "\n": "GIÁM ĐỐC" or "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    name: str

    @property
    def label(self) -> str:
        """As offered in the program: "KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC: Trần Văn B"."""
        return f"{' – '.join(self.title.splitlines())}: {self.name or '(chưa ghi họ tên)'}"


@dataclass(frozen=True)
class CentreIdentity:
    """Who the centre is, as printed on every document.

    A new database holds no place or body: ``parent_body`` and ``place_name`` stay empty until the clerk
    fills them in (Thiết lập ban đầu or Cài đặt); documents then print dotted blanks (:meth:`printed`).
    """

    parent_body: str = ""
    centre_name: str = "TRUNG TÂM CHÍNH TRỊ"
    place_name: str = ""
    director_name: str = ""
    director_title: str = "GIÁM ĐỐC"
    document_code: str = "TTCT"
    deputies: tuple[Deputy, ...] = ()

    def signatures(self) -> tuple[Signature, ...]:
        """Who may sign: the director first, then each deputy signing for the director ("KT.")."""
        head = self.director_title.strip() or "GIÁM ĐỐC"
        for_head = head.removeprefix("KT.").strip() or "GIÁM ĐỐC"
        deputies = tuple(
            Signature(f"KT. {for_head}\n{d.title or DEPUTY_TITLE}", d.name) for d in self.deputies
        )
        return (Signature(head, self.director_name), *deputies)

    def printed(self) -> CentreIdentity:
        """The identity as documents print it: a dotted blank for the pen wherever a part is missing."""
        return CentreIdentity(
            parent_body=self.parent_body.strip() or DOTTED_BLANK,
            centre_name=self.centre_name.strip() or DOTTED_BLANK,
            place_name=self.place_name.strip() or DOTTED_PLACE,
            director_name=self.director_name,
            director_title=self.director_title.strip() or "GIÁM ĐỐC",
            document_code=self.document_code.strip() or DOTTED_BLANK,
            deputies=self.deputies,
        )


@dataclass(frozen=True)
class Lesson:
    title: str
    tiet: int
    id: int | None = None


@dataclass(frozen=True)
class AssessmentComponent:
    name: str
    weight_percent: int
    min_score: float = 5.0
    id: int | None = None


@dataclass(frozen=True)
class GradingBand:
    grade: Grade
    min_score: float


DEFAULT_BANDS: tuple[GradingBand, ...] = (
    GradingBand(Grade.EXCELLENT, 9.0),
    GradingBand(Grade.VERY_GOOD, 8.0),
    GradingBand(Grade.GOOD, 7.0),
    GradingBand(Grade.AVERAGE, 5.0),
)


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    kind: ProgrammeKind
    certificate_kind: CertificateKind = CertificateKind.CERTIFICATE
    tiet_per_buoi: int = 5
    absence_limit_num: int = 1
    absence_limit_den: int = 3
    lessons: tuple[Lesson, ...] = ()
    components: tuple[AssessmentComponent, ...] = ()
    bands: tuple[GradingBand, ...] = DEFAULT_BANDS
    active: bool = True
    id: int | None = None

    @property
    def total_tiet(self) -> int:
        return sum(lesson.tiet for lesson in self.lessons)


@dataclass(frozen=True)
class Lecturer:
    full_name: str
    lecturer_type: LecturerType = LecturerType.PART_TIME
    role: StaffRole = StaffRole.OTHER
    position: str = ""
    unit: str = ""
    qualification: str = ""
    theory_level: str = ""
    appointment_decision: str = ""
    appointment_date: date | None = None
    phone: str = ""
    active: bool = True
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Learner:
    full_name: str
    birth_date: date | None = None
    birth_year: int | None = None
    gender: Gender | None = None
    ethnicity: str = "Kinh"
    religion: str = "Không"
    hometown: str = ""
    address: str = ""
    cccd: str | None = None
    phone: str = ""
    position: str = ""
    unit: str = ""
    party_cell: str = ""
    commune: str = ""
    party_status: PartyStatus = PartyStatus.NONE
    party_join_date: date | None = None
    party_full_date: date | None = None
    education: str = ""
    speciality: str = ""
    theory_level: str = ""
    notes: str = ""
    archived: bool = False
    id: int | None = None
    class_count: int = 0


@dataclass(frozen=True)
class TrainingClass:
    """A class (lớp / khóa / đợt) of one programme."""

    programme_id: int
    code: str
    name: str
    start_date: date
    end_date: date
    venue: str = ""
    commune: str = ""  # the served commune the class is held at; "" at the centre
    mode: ClassMode = ClassMode.FULL_TIME
    co_organiser: str = ""
    homeroom_lecturer_id: int | None = None
    status: ClassStatus = ClassStatus.PLANNED
    notes: str = ""
    locked: bool = False
    id: int | None = None
    # Read-only, filled by queries:
    programme_name: str = ""
    homeroom_lecturer_name: str = ""
    learner_count: int = 0

    @property
    def year(self) -> int:
        return self.start_date.year


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a paged query."""

    items: tuple[T, ...]
    total: int
    offset: int = 0
    limit: int = 100

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user: str
    entity: str
    entity_id: int | None
    action: str
    changes: dict[str, object] = field(default_factory=dict)
    summary: str = ""
    id: int | None = None


@dataclass(frozen=True)
class LearnerEnrolment:
    """One line of a learner's history: a class attended and its outcome."""

    class_id: int
    class_code: str
    class_name: str
    programme_name: str
    start_date: date
    end_date: date
    status: EnrolmentStatus
    final_score: float | None
    grade: Grade | None
    certificate: str = ""
    class_ended: bool = False  # the class finished or closed
    certificate_validity: str = ""  # of the certificate shown: "Còn hiệu lực đến 13/06/2029"

    @property
    def status_text(self) -> str:
        if self.status is EnrolmentStatus.ACTIVE and self.class_ended:
            return COMPLETED_ENROLMENT_LABEL
        return self.status.label
