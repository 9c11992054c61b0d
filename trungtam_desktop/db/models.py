"""Typed SQLAlchemy models of everything the centre keeps.

Enumerations are stored as their stable string codes, guarded by CHECK constraints; dates as ISO dates.
Constraints live in the schema (foreign keys, uniques, checks), not only in the services.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trungtam_desktop.db.base import Base
from trungtam_desktop.domain.enums import (
    AttendanceStatus,
    CertificateKind,
    CertificateStatus,
    ClassMode,
    ClassStatus,
    EnrolmentStatus,
    Gender,
    Grade,
    HalfDay,
    LabelledEnum,
    LecturerType,
    PartyStatus,
    ProgrammeKind,
    StaffRole,
)


def _in(column: str, enum: type[LabelledEnum], *, nullable: bool = False) -> str:
    values = ", ".join(f"'{v}'" for v in enum.values())
    condition = f"{column} IN ({values})"
    return f"{column} IS NULL OR {condition}" if nullable else condition


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Centre(Base):
    """The centre's identity: one row (id = 1)."""

    __tablename__ = "centre"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_body: Mapped[str] = mapped_column(String(200))
    centre_name: Mapped[str] = mapped_column(String(200))
    place_name: Mapped[str] = mapped_column(String(100))
    director_name: Mapped[str] = mapped_column(String(100), default="")
    director_title: Mapped[str] = mapped_column(String(100), default="GIÁM ĐỐC")
    document_code: Mapped[str] = mapped_column(String(30), default="TTCT")
    # The deputies as a JSON list of {"name", "title"} (one or two at most centres).
    deputies: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class AppSetting(Base):
    """Other business settings as JSON values under a key (numbering, printer offsets, backups...)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Programme(Base):
    __tablename__ = "programme"
    __table_args__ = (
        CheckConstraint(_in("kind", ProgrammeKind), name="kind"),
        CheckConstraint(_in("certificate_kind", CertificateKind), name="certificate_kind"),
        CheckConstraint("tiet_per_buoi BETWEEN 1 AND 10", name="tiet_per_buoi"),
        CheckConstraint(
            "absence_limit_num >= 0 AND absence_limit_den >= 1 AND absence_limit_num <= absence_limit_den",
            name="absence_limit",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    certificate_kind: Mapped[str] = mapped_column(String(30), default=CertificateKind.CERTIFICATE.value)
    tiet_per_buoi: Mapped[int] = mapped_column(Integer, default=5)
    absence_limit_num: Mapped[int] = mapped_column(Integer, default=1)
    absence_limit_den: Mapped[int] = mapped_column(Integer, default=3)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    lessons: Mapped[list[ProgrammeLesson]] = relationship(
        back_populates="programme", order_by="ProgrammeLesson.position", cascade="all, delete-orphan"
    )
    components: Mapped[list[AssessmentComponent]] = relationship(
        back_populates="programme", order_by="AssessmentComponent.position", cascade="all, delete-orphan"
    )
    bands: Mapped[list[GradingBand]] = relationship(
        back_populates="programme", order_by="GradingBand.min_score.desc()", cascade="all, delete-orphan"
    )


class ProgrammeLesson(Base):
    __tablename__ = "programme_lesson"
    __table_args__ = (
        UniqueConstraint("programme_id", "position"),
        CheckConstraint("tiet BETWEEN 0 AND 200", name="tiet"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    tiet: Mapped[int] = mapped_column(Integer)

    programme: Mapped[Programme] = relationship(back_populates="lessons")


class AssessmentComponent(Base):
    __tablename__ = "assessment_component"
    __table_args__ = (
        UniqueConstraint("programme_id", "position"),
        CheckConstraint("weight_percent BETWEEN 0 AND 100", name="weight_percent"),
        CheckConstraint("min_score BETWEEN 0 AND 10", name="min_score"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    weight_percent: Mapped[int] = mapped_column(Integer)
    min_score: Mapped[float] = mapped_column(Float, default=5.0)

    programme: Mapped[Programme] = relationship(back_populates="components")


class GradingBand(Base):
    __tablename__ = "grading_band"
    __table_args__ = (
        UniqueConstraint("programme_id", "grade"),
        CheckConstraint(_in("grade", Grade), name="grade"),
        CheckConstraint("min_score BETWEEN 0 AND 10", name="min_score"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    grade: Mapped[str] = mapped_column(String(20))
    min_score: Mapped[float] = mapped_column(Float)

    programme: Mapped[Programme] = relationship(back_populates="bands")


class Lecturer(Base):
    __tablename__ = "lecturer"
    __table_args__ = (
        CheckConstraint(_in("lecturer_type", LecturerType), name="lecturer_type"),
        CheckConstraint(_in("role", StaffRole), name="role"),
        CheckConstraint("length(trim(full_name)) > 0", name="full_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), index=True)
    sort_key: Mapped[str] = mapped_column(String(300), index=True)
    lecturer_type: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20), default=StaffRole.OTHER.value)
    position: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(300), default="")
    qualification: Mapped[str] = mapped_column(String(200), default="")
    theory_level: Mapped[str] = mapped_column(String(100), default="")
    appointment_decision: Mapped[str] = mapped_column(String(100), default="")
    appointment_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(30), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class LecturerRate(Base):
    """Pay rate per tiết or per buổi, by lecturer type and (optionally) title/post."""

    __tablename__ = "lecturer_rate"
    __table_args__ = (
        UniqueConstraint("lecturer_type", "title"),
        CheckConstraint(_in("lecturer_type", LecturerType), name="lecturer_type"),
        CheckConstraint("unit IN ('tiet', 'buoi')", name="unit"),
        CheckConstraint("amount >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lecturer_type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100), default="")
    unit: Mapped[str] = mapped_column(String(10), default="tiet")
    amount: Mapped[int] = mapped_column(Integer)


class LecturerQuota(Base):
    """Yearly standard hours (giờ chuẩn) and of them lecturing hours, by staff role."""

    __tablename__ = "lecturer_quota"
    __table_args__ = (
        CheckConstraint(_in("role", StaffRole), name="role"),
        CheckConstraint("standard_hours >= 0 AND lecturing_hours >= 0", name="hours"),
    )

    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    standard_hours: Mapped[int] = mapped_column(Integer)
    lecturing_hours: Mapped[int] = mapped_column(Integer)


class Learner(Base):
    __tablename__ = "learner"
    __table_args__ = (
        CheckConstraint(_in("gender", Gender, nullable=True), name="gender"),
        CheckConstraint(_in("party_status", PartyStatus), name="party_status"),
        CheckConstraint("cccd IS NULL OR (length(cccd) = 12 AND cccd NOT GLOB '*[^0-9]*')", name="cccd"),
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"),
        CheckConstraint("length(trim(full_name)) > 0", name="full_name"),
        Index("uq_learner_cccd", "cccd", unique=True, sqlite_where=text("cccd IS NOT NULL")),
        Index("ix_learner_name_key_birth", "name_key", "birth_year"),
        # Covers the paged search: walk in name order and test the folded keys without reading rows.
        Index(
            "ix_learner_search", "sort_key", "id", "archived", "name_key", "unit_key", "birth_year", "cccd"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))
    sort_key: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(10))
    ethnicity: Mapped[str] = mapped_column(String(50), default="Kinh")
    religion: Mapped[str] = mapped_column(String(50), default="Không")
    hometown: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    cccd: Mapped[str | None] = mapped_column(String(12))
    phone: Mapped[str] = mapped_column(String(30), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(300), default="")
    unit_key: Mapped[str] = mapped_column(String(300), default="")
    party_cell: Mapped[str] = mapped_column(String(300), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")
    party_status: Mapped[str] = mapped_column(String(20), default=PartyStatus.NONE.value)
    party_join_date: Mapped[date | None] = mapped_column(Date)
    party_full_date: Mapped[date | None] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(20), default="")
    speciality: Mapped[str] = mapped_column(String(200), default="")
    theory_level: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=_now, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now, onupdate=_now)

    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="learner")


class TrainingClass(Base):
    """A class (lớp, khóa, đợt) of one programme."""

    __tablename__ = "training_class"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint(_in("status", ClassStatus), name="status"),
        CheckConstraint(_in("mode", ClassMode), name="mode"),
        CheckConstraint("length(trim(code)) > 0", name="code"),
        Index("ix_training_class_dates", "start_date", "end_date"),
        Index("ix_training_class_end_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200), default="")
    # The served commune the class was held at ("" at the centre); see domain/organisation.py.
    commune: Mapped[str] = mapped_column(String(100), default="", server_default="")
    mode: Mapped[str] = mapped_column(String(20), default=ClassMode.FULL_TIME.value)
    co_organiser: Mapped[str] = mapped_column(String(200), default="")
    homeroom_lecturer_id: Mapped[int | None] = mapped_column(ForeignKey("lecturer.id"))
    status: Mapped[str] = mapped_column(String(20), default=ClassStatus.PLANNED.value)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=_now, server_default=func.current_timestamp()
    )

    programme: Mapped[Programme] = relationship()
    homeroom_lecturer: Mapped[Lecturer | None] = relationship()
    sessions: Mapped[list[ClassSession]] = relationship(
        back_populates="training_class", order_by="(ClassSession.date, ClassSession.half_day.desc())"
    )
    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="training_class")


class ClassSession(Base):
    """A buổi: one half-day of a class's timetable."""

    __tablename__ = "class_session"
    __table_args__ = (
        UniqueConstraint("class_id", "date", "half_day"),
        CheckConstraint(_in("half_day", HalfDay), name="half_day"),
        CheckConstraint("tiet BETWEEN 0 AND 10", name="tiet"),
        Index("ix_class_session_lecturer_slot", "lecturer_id", "date", "half_day"),
        Index("ix_class_session_date", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    half_day: Mapped[str] = mapped_column(String(10))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("programme_lesson.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300), default="")
    lecturer_id: Mapped[int | None] = mapped_column(ForeignKey("lecturer.id"))
    tiet: Mapped[int] = mapped_column(Integer, default=5)

    training_class: Mapped[TrainingClass] = relationship(back_populates="sessions")
    lesson: Mapped[ProgrammeLesson | None] = relationship()
    lecturer: Mapped[Lecturer | None] = relationship()


class Enrolment(Base):
    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("class_id", "learner_id"),
        CheckConstraint(_in("status", EnrolmentStatus), name="status"),
        CheckConstraint(_in("grade", Grade, nullable=True), name="grade"),
        CheckConstraint("final_score IS NULL OR final_score BETWEEN 0 AND 10", name="final_score"),
        Index("ix_enrolment_learner_id", "learner_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    enrolled_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=EnrolmentStatus.ACTIVE.value)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    final_score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(20))
    passed: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(300), default="")

    training_class: Mapped[TrainingClass] = relationship(back_populates="enrolments")
    learner: Mapped[Learner] = relationship(back_populates="enrolments")


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint(_in("status", AttendanceStatus), name="status"),
        Index("ix_attendance_session_id", "session_id"),
        {"sqlite_with_rowid": False},
    )

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolment.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("class_session.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20))


class Score(Base):
    __tablename__ = "score"
    __table_args__ = (
        CheckConstraint("value BETWEEN 0 AND 10", name="value"),
        {"sqlite_with_rowid": False},
    )

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolment.id", ondelete="CASCADE"), primary_key=True
    )
    component_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_component.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[float] = mapped_column(Float)


class CertificateRegister(Base):
    """One register book per year and certificate kind."""

    __tablename__ = "certificate_register"
    __table_args__ = (
        UniqueConstraint("year", "kind"),
        CheckConstraint(_in("kind", CertificateKind), name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    number_format: Mapped[str] = mapped_column(String(100), default="{number}/{year}")
    document_format: Mapped[str] = mapped_column(String(100), default="Số {number}-GCN/{code}")
    # The number the program's first certificate of this register gets: a centre moving from a paper
    # register continues its numbering (numbers below belong to the paper book).
    first_number: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Certificate(Base):
    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("register_id", "number"),
        CheckConstraint("number >= 1", name="number"),
        CheckConstraint(_in("status", CertificateStatus), name="status"),
        Index("ix_certificate_enrolment_id", "enrolment_id"),
        Index("ix_certificate_issued_on", "issued_on"),
        Index("uq_certificate_verify_code", "verify_code", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register_id: Mapped[int] = mapped_column(ForeignKey("certificate_register.id"))
    number: Mapped[int] = mapped_column(Integer)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"))
    serial: Mapped[str] = mapped_column(String(50), default="")
    issued_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=CertificateStatus.ISSUED.value)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    reissue_reason: Mapped[str] = mapped_column(String(300), default="")
    override_reason: Mapped[str] = mapped_column(String(300), default="")
    void_reason: Mapped[str] = mapped_column(String(300), default="")
    snapshot: Mapped[str] = mapped_column(Text)
    template_version: Mapped[str] = mapped_column(String(50), default="")
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    verify_code: Mapped[str] = mapped_column(String(20))
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class AnnualPlan(Base):
    __tablename__ = "annual_plan"
    __table_args__ = (
        UniqueConstraint("year", "programme_id"),
        CheckConstraint("planned_classes >= 0 AND planned_learners >= 0", name="planned"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    planned_classes: Mapped[int] = mapped_column(Integer, default=0)
    planned_learners: Mapped[int] = mapped_column(Integer, default=0)


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        Index("ix_audit_log_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    user: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[str] = mapped_column(Text, default="{}")
    summary: Mapped[str] = mapped_column(String(500), default="")
    batch_id: Mapped[str | None] = mapped_column(String(40), index=True)
