"""Queries and small helpers of the certificate service: registers and their numbers, the key of the
verification codes, the certificate lines shown in the program and the register book's lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from trungtam_desktop.db import models as orm
from trungtam_desktop.documents.certificate_inputs import (
    LINE_ISSUED,
    LINE_REISSUE,
    LINE_REPLACED,
    LINE_VOID,
    RegisterLine,
)
from trungtam_desktop.domain.certificate_layout import CertificateFace, CertificateTemplate
from trungtam_desktop.domain.certificates import (
    DEFAULT_DOCUMENT_FORMAT,
    DEFAULT_REGISTER_FORMAT,
    format_number,
    new_key,
)
from trungtam_desktop.domain.class_titles import class_heading
from trungtam_desktop.domain.enums import AuditAction, CertificateKind, CertificateStatus, Gender
from trungtam_desktop.domain.errors import ConflictError
from trungtam_desktop.domain.vietnamese import clean_text, format_birth, format_date
from trungtam_desktop.services import certificate_records as records
from trungtam_desktop.services.certificate_records import CertificateLine

TITLES = {
    CertificateKind.CERTIFICATE: "GIẤY CHỨNG NHẬN",
    CertificateKind.DIPLOMA: "GIẤY CHỨNG NHẬN TỐT NGHIỆP",
}


def kind_of(klass: orm.TrainingClass) -> CertificateKind:
    kind = CertificateKind(klass.programme.certificate_kind)
    if kind is CertificateKind.NONE:
        raise ConflictError(f"Chương trình “{klass.programme.name}” không cấp giấy chứng nhận.")
    return kind


def get_register(session: Session, year: int, kind: CertificateKind) -> orm.CertificateRegister:
    register = session.scalar(
        select(orm.CertificateRegister).where(
            orm.CertificateRegister.year == year, orm.CertificateRegister.kind == kind.value
        )
    )
    if register is None:
        register = orm.CertificateRegister(
            year=year,
            kind=kind.value,
            number_format=DEFAULT_REGISTER_FORMAT,
            document_format=DEFAULT_DOCUMENT_FORMAT,
        )
        session.add(register)
        session.flush()
    return register


def last_number(session: Session, register: orm.CertificateRegister | None) -> int:
    """The number the next certificate follows: the register's highest, or the one before its first
    number (a centre continuing a paper register starts the program's part there)."""
    if register is None:
        return 0
    highest = session.scalar(
        select(func.coalesce(func.max(orm.Certificate.number), 0)).where(
            orm.Certificate.register_id == register.id
        )
    )
    return max(highest or 0, (register.first_number or 1) - 1)


def verification_key(session: Session) -> str:
    row = session.get(orm.AppSetting, records.KEY_SETTING)
    if row is None:
        key = new_key()
        session.add(orm.AppSetting(key=records.KEY_SETTING, value=f'"{key}"'))
        session.flush()
        return key
    return str(row.value).strip('"')


def number_text(register: orm.CertificateRegister, number: int) -> str:
    return format_number(register.number_format, number, register.year)


def numbered_row(
    session: Session, certificate_id: int
) -> tuple[orm.Certificate, orm.CertificateRegister, str]:
    """A certificate's row, its register and its number as written ("125/2024")."""
    row = records.certificate_row(session, certificate_id)
    register = session.get(orm.CertificateRegister, row.register_id)
    assert register is not None  # a foreign key
    return row, register, number_text(register, row.number)


def certificate_lines(session: Session, *conditions: object) -> list[CertificateLine]:
    """Certificates matching ``conditions`` with their register numbers and links, newest first."""
    replaced_by = aliased(orm.Certificate)
    replaced_by_register = aliased(orm.CertificateRegister)
    stmt = (
        select(
            orm.Certificate,
            orm.CertificateRegister,
            orm.Enrolment,
            orm.Learner,
            orm.TrainingClass,
        )
        .join(orm.CertificateRegister, orm.Certificate.register_id == orm.CertificateRegister.id)
        .join(orm.Enrolment, orm.Certificate.enrolment_id == orm.Enrolment.id)
        .join(orm.Learner, orm.Enrolment.learner_id == orm.Learner.id)
        .join(orm.TrainingClass, orm.Enrolment.class_id == orm.TrainingClass.id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(orm.CertificateRegister.year.desc(), orm.Certificate.number.desc())
    )
    rows = session.execute(stmt).all()
    ids = [c.id for c, *_ in rows]
    numbers = {}
    if ids:
        linked = session.execute(
            select(orm.Certificate.id, orm.Certificate.number, orm.CertificateRegister)
            .join(orm.CertificateRegister, orm.Certificate.register_id == orm.CertificateRegister.id)
            .where(
                or_(
                    orm.Certificate.id.in_([c.replaces_id for c, *_ in rows if c.replaces_id]),
                    orm.Certificate.replaces_id.in_(ids),
                )
            )
        ).all()
        numbers = {cid: number_text(register, n) for cid, n, register in linked}
        successors = dict(
            session.execute(
                select(replaced_by.replaces_id, replaced_by.id)
                .join(replaced_by_register, replaced_by.register_id == replaced_by_register.id)
                .where(replaced_by.replaces_id.in_(ids))
            ).all()
        )
    else:
        successors = {}
    lines = []
    for certificate, register, enrolment, learner, klass in rows:
        status = CertificateStatus(certificate.status)
        reason = (
            certificate.void_reason
            if status is CertificateStatus.VOID
            else certificate.reissue_reason or certificate.override_reason
        )
        lines.append(
            CertificateLine(
                id=certificate.id,
                register_number=number_text(register, certificate.number),
                number=certificate.number,
                year=register.year,
                enrolment_id=enrolment.id,
                learner_id=learner.id,
                full_name=learner.full_name,
                birth=format_birth(learner.birth_date, learner.birth_year),
                class_id=klass.id,
                class_code=klass.code,
                class_name=klass.name,
                serial=certificate.serial,
                issued_on=certificate.issued_on,
                status=status,
                reprint_count=certificate.reprint_count,
                verify_code=certificate.verify_code,
                template_version=certificate.template_version,
                replaces=numbers.get(certificate.replaces_id, "") if certificate.replaces_id else "",
                replaced_by=numbers.get(successors.get(certificate.id, -1), ""),
                reason=reason,
            )
        )
    return lines


def register_lines(session: Session, year: int, kind: CertificateKind) -> list[RegisterLine]:
    """The register book's lines in number order, printed fields taken from the frozen faces."""
    register = session.scalar(
        select(orm.CertificateRegister).where(
            orm.CertificateRegister.year == year, orm.CertificateRegister.kind == kind.value
        )
    )
    if register is None:
        return []
    rows = session.execute(
        select(orm.Certificate, orm.Learner.gender, orm.TrainingClass)
        .join(orm.Enrolment, orm.Certificate.enrolment_id == orm.Enrolment.id)
        .join(orm.Learner, orm.Enrolment.learner_id == orm.Learner.id)
        .join(orm.TrainingClass, orm.Enrolment.class_id == orm.TrainingClass.id)
        .where(orm.Certificate.register_id == register.id)
        .order_by(orm.Certificate.number)
    ).all()
    lines = certificate_lines(session, orm.Certificate.register_id == register.id)
    by_id = {line.id: line for line in lines}
    voided_on = _void_dates(session, [c.id for c, *_ in rows if c.status == CertificateStatus.VOID.value])
    result = []
    for certificate, gender, klass in rows:
        face = CertificateFace.from_json(certificate.snapshot)
        line = by_id[certificate.id]
        note, state = register_note(certificate, line, voided_on.get(certificate.id))
        result.append(
            RegisterLine(
                register_number=face.register_number,
                serial=face.serial,
                full_name=face.full_name,
                birth=face.birth,
                gender=Gender(gender).label if gender else "",
                unit=face.unit,
                class_name=class_heading(face.programme, klass.name),
                study_period=f"{format_date(klass.start_date)} – {format_date(klass.end_date)}",
                grade=face.grade,
                issued_on=certificate.issued_on,
                note=note,
                status=state,
            )
        )
    return result


def register_note(
    certificate: orm.Certificate, line: CertificateLine, voided_on: date | None
) -> tuple[str, str]:
    """The register's "Ghi chú" of a certificate and its line state: a re-issue with the number it
    replaces and the stored reason, a void with its date and reason, a replaced one with its successor."""
    status = CertificateStatus(certificate.status)
    if status is CertificateStatus.VOID:
        when = f" ngày {format_date(voided_on)}" if voided_on else ""
        reason = clean_text(certificate.void_reason)
        return f"Đã hủy{when}" + (f": {reason}" if reason else ""), LINE_VOID
    if status is CertificateStatus.REPLACED:
        return f"Đã được cấp lại bằng số {line.replaced_by}", LINE_REPLACED
    if line.replaces:
        reason = clean_text(certificate.reissue_reason)
        return f"Cấp lại thay số {line.replaces}" + (f" ({reason})" if reason else ""), LINE_REISSUE
    return "", LINE_ISSUED


def _void_dates(session: Session, ids: Sequence[int]) -> dict[int, date]:
    """The day each certificate was voided, from the audit trail (the act is recorded when it is done)."""
    if not ids:
        return {}
    rows = session.execute(
        select(orm.AuditLog.entity_id, func.min(orm.AuditLog.at))
        .where(
            orm.AuditLog.entity == "certificate",
            orm.AuditLog.action == AuditAction.VOID.value,
            orm.AuditLog.entity_id.in_(list(ids)),
        )
        .group_by(orm.AuditLog.entity_id)
    ).all()
    return {entity_id: at.date() for entity_id, at in rows if entity_id is not None and at is not None}


def template_for_rows(session: Session, rows: Sequence[orm.Certificate]) -> CertificateTemplate:
    """The template the certificates were issued with (the newest version among them)."""
    versions = sorted({row.template_version for row in rows}, key=lambda v: int(v) if v.isdigit() else 0)
    return records.template_version(session, versions[-1] if versions else "1")
