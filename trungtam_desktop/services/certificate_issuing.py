"""Certificates: issuing a class's certificates, re-issue and void (the acts that write the register).

Reading (the lists, the register book, the lookup) is :mod:`certificate_books`; printing, templates and
printer offsets :mod:`certificate_printing`. The three are separate services (services/bundle.py).

Numbers are taken inside the write transaction that records the certificates (``BEGIN IMMEDIATE`` holds
SQLite's write lock from the start, so two issues cannot read the same last number), sequential and
gap-free per register (one register per year and certificate kind); the schema's unique constraint is the
backstop. A batch is one transaction: all of it or none.

Each certificate stores its face (:class:`CertificateFace`, every printed field as text) as its snapshot,
the template version and, from its first printing on (:mod:`certificate_printing`), the SHA-256
fingerprint of its page. Printing renders the stored faces, so a reprint is identical whatever changed
since; a re-issue takes the current record and a new number.
Nothing is deleted; every action is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.access import Permission
from trungtam_desktop.domain.certificate_layout import CertificateTemplate
from trungtam_desktop.domain.certificates import (
    DEFAULT_REGISTER_FORMAT,
    ReissueReason,
    VerifiedFields,
    serial_sequence,
    validate_reason,
)
from trungtam_desktop.domain.class_results import ResultsSheet
from trungtam_desktop.domain.enums import AuditAction, CertificateKind, CertificateStatus, Grade
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.issuing import (
    Readiness,
    check_issue_date,
    check_reissue_date,
    class_readiness,
    default_issue_date,
    require_ready,
)
from trungtam_desktop.domain.models import CentreIdentity, Signature
from trungtam_desktop.domain.vietnamese import clean_text, format_birth, format_int
from trungtam_desktop.services import certificate_records as records
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.centre_identity import printed_centre
from trungtam_desktop.services.certificate_faces import Holder, certificate_face
from trungtam_desktop.services.certificate_queries import (
    certificate_lines,
    get_register,
    kind_of,
    last_number,
    number_text,
    numbered_row,
    verification_key,
)
from trungtam_desktop.services.certificate_records import (
    CertificateLine,
    IssueCandidate,
    IssuePlan,
)
from trungtam_desktop.services.guards import class_row
from trungtam_desktop.services.results import load_sheet
from trungtam_desktop.services.signing import qr_signer

BULK_BACKUP_MIN = 10  # issuing this many certificates at once is a bulk issue: a backup is made first


def _signature(centre: CentreIdentity, signer: int) -> Signature:
    signatures = centre.signatures()
    if not 0 <= signer < len(signatures):
        raise ValidationError("signer", "Người ký không có trong thông tin trung tâm (Dữ liệu → Cài đặt).")
    return signatures[signer]


class CertificateIssuing(Service):
    """Issuing, re-issuing and voiding certificates: the acts that write the register."""

    ENTITY = "certificate"
    _before_issue: Callable[[], Path | None] | None = None

    def set_before_issue(self, before_issue: Callable[[], Path | None] | None) -> None:
        """The backup to make before a bulk issue (app.py gives one; a ``BackupError`` stops the issue)."""
        self._before_issue = before_issue

    def signatures(self) -> tuple[Signature, ...]:
        """Who may sign the certificates: the director, then each deputy "KT. GIÁM ĐỐC" (Cài đặt)."""
        with self._read() as session:
            return printed_centre(session).signatures()

    # -- planning and issuing --------------------------------------------------------------------------
    def why_no_certificate(self, class_id: int) -> str:
        """ "" when the class's programme gives a certificate, else the Vietnamese reason why not."""
        with self._read() as session:
            try:
                kind_of(class_row(session, class_id))
            except ConflictError as exc:
                return exc.message
            return ""

    def plan(self, class_id: int, issued_on: date | None = None) -> IssuePlan:
        """Every learner of the class: who would get a certificate now, who would not and why; whether the
        class is ready to be certified; the issue dates allowed (``issued_on`` None: the proposed one)."""
        today = self._ctx.today()
        with self._read() as session:
            klass = class_row(session, class_id)
            kind = kind_of(klass)
            year = (issued_on or default_issue_date(klass.end_date, today)).year
            register = session.scalar(
                select(orm.CertificateRegister).where(
                    orm.CertificateRegister.year == year, orm.CertificateRegister.kind == kind.value
                )
            )
            next_number = last_number(session, register) + 1
            sheet = load_sheet(session, class_id)
            return IssuePlan(
                class_id,
                klass.code,
                kind.label,
                year,
                next_number,
                self._candidates(session, class_id, sheet),
                readiness=self._readiness(klass, sheet, today),
                number_format=register.number_format if register else DEFAULT_REGISTER_FORMAT,
            )

    @staticmethod
    def _readiness(klass: orm.TrainingClass, sheet: ResultsSheet, today: date) -> Readiness:
        return class_readiness(klass.end_date, today, sheet.session_count, sheet.unmarked_sessions)

    def _candidates(self, session: Session, class_id: int, sheet: ResultsSheet) -> tuple[IssueCandidate, ...]:
        existing = {
            enrolment_id: (register, number)
            for enrolment_id, register, number in session.execute(
                select(orm.Certificate.enrolment_id, orm.CertificateRegister, orm.Certificate.number)
                .join(orm.CertificateRegister, orm.Certificate.register_id == orm.CertificateRegister.id)
                .join(orm.Enrolment, orm.Certificate.enrolment_id == orm.Enrolment.id)
                .where(
                    orm.Enrolment.class_id == class_id,
                    orm.Certificate.status == CertificateStatus.ISSUED.value,
                )
            )
        }
        candidates = []
        for line in sheet.rows:
            held = existing.get(line.enrolment_id)
            grade = line.outcome.grade.label if sheet.assessed and line.outcome.grade else ""
            candidates.append(
                IssueCandidate(
                    enrolment_id=line.enrolment_id,
                    learner_id=line.learner.learner_id,
                    full_name=line.full_name,
                    birth=line.learner.birth_text,
                    grade=grade,
                    eligible=line.eligibility.eligible,
                    reasons=line.eligibility.reasons,
                    existing=number_text(held[0], held[1]) if held else "",
                )
            )
        return tuple(candidates)

    def issue(
        self,
        class_id: int,
        enrolment_ids: Sequence[int],
        *,
        issued_on: date,
        serial_start: str = "",
        overrides: Mapping[int, str] | None = None,
        not_ready_reason: str = "",
        signer: int = 0,
    ) -> list[CertificateLine]:
        """Issue certificates to ``enrolment_ids`` of the class, numbered in that order, in one transaction.

        The rules of :mod:`trungtam_desktop.domain.issuing` hold for every caller: ``issued_on`` lies from
        the class's last day to today, and a class that has not ended or has buổi not marked needs
        ``not_ready_reason`` (written to the audit log). An ineligible learner needs a reason in
        ``overrides``; a learner who already holds a certificate of this class is refused (re-issue
        instead). Serials count up from ``serial_start`` when given. ``signer`` chooses among the centre's
        ``signatures()``: 0 the director, 1… a deputy ("KT.").
        """
        overrides = dict(overrides or {})
        if not enrolment_ids:
            raise ValidationError("learners", "Chưa chọn học viên nào để cấp giấy chứng nhận.")
        if len(set(enrolment_ids)) != len(enrolment_ids):
            raise ValidationError("learners", "Một học viên được chọn hai lần.")
        serials = serial_sequence(serial_start, len(enrolment_ids))
        with self._read() as session:  # refuse before the backup; checked again below, while writing
            self._check_rules(session, class_id, issued_on, not_ready_reason)
        if self._before_issue is not None and len(enrolment_ids) >= BULK_BACKUP_MIN:
            self._before_issue()
        batch = self.new_batch_id()
        with self._write() as session:
            klass = class_row(session, class_id)
            kind = kind_of(klass)
            sheet, not_ready = self._check_rules(session, class_id, issued_on, not_ready_reason)
            candidates = {c.enrolment_id: c for c in self._candidates(session, class_id, sheet)}
            if not_ready:
                self._audit(
                    session,
                    "class",
                    class_id,
                    AuditAction.ISSUE,
                    {"chua_san_sang": list(self._readiness(klass, sheet, self._ctx.today()).problems)},
                    f"Cấp {format_int(len(enrolment_ids))} giấy chứng nhận lớp {klass.code} khi lớp chưa sẵn "
                    f"sàng; lý do: {not_ready}",
                    batch,
                )
            reasons: dict[int, str] = {}
            for enrolment_id in enrolment_ids:
                candidate = candidates.get(enrolment_id)
                if candidate is None:
                    raise ValidationError(
                        "learners", f"Học viên (mã lượt học {enrolment_id}) không thuộc lớp này."
                    )
                if candidate.existing:
                    raise ConflictError(
                        f"{candidate.full_name} đã được cấp giấy số {candidate.existing}; "
                        "muốn cấp giấy khác hãy dùng “Cấp lại”."
                    )
                if not candidate.eligible:
                    if enrolment_id not in overrides:
                        raise ConflictError(
                            f"{candidate.full_name} chưa đủ điều kiện ({candidate.why_not}); "
                            "muốn vẫn cấp phải ghi lý do."
                        )
                    reasons[enrolment_id] = validate_reason(
                        overrides[enrolment_id], f"cấp cho {candidate.full_name}"
                    )
            register = get_register(session, issued_on.year, kind)
            number = last_number(session, register)
            template = records.active_template(session)
            key = verification_key(session)
            centre = printed_centre(session)
            signature = _signature(centre, signer)
            qr = qr_signer(session, self._ctx.user, self._ctx.now())
            lines = []
            for enrolment_id, serial in zip(enrolment_ids, serials, strict=True):
                number += 1
                enrolment = session.get(orm.Enrolment, enrolment_id)
                assert enrolment is not None
                row = self._record(
                    session,
                    enrolment,
                    register,
                    number,
                    issued_on,
                    serial,
                    template,
                    key,
                    centre,
                    kind,
                    qr,
                    signature=signature,
                )
                learner_reason = reasons.get(enrolment_id, "")
                class_reason = f"lớp chưa sẵn sàng: {not_ready}" if not_ready else ""
                row.override_reason = "; ".join(r for r in (learner_reason, class_reason) if r)
                session.flush()
                holder = enrolment.learner.full_name
                summary = f"Cấp giấy chứng nhận số {number_text(register, number)} cho {holder}"
                if learner_reason:
                    summary += f" (chưa đủ điều kiện; lý do: {learner_reason})"
                if class_reason:
                    summary += f" ({class_reason})"
                self._audit(session, self.ENTITY, row.id, AuditAction.ISSUE, {"so": number}, summary, batch)
                lines.append(row.id)
            session.flush()
            return certificate_lines(session, orm.Certificate.id.in_(lines))

    def _check_rules(
        self, session: Session, class_id: int, issued_on: date, not_ready_reason: str
    ) -> tuple[ResultsSheet, str]:
        """The class's results sheet and the override reason ("" when the class is ready), after checking
        the issue date and the class's readiness (domain/issuing.py)."""
        klass = class_row(session, class_id)
        today = self._ctx.today()
        sheet = load_sheet(session, class_id)
        reason = require_ready(self._readiness(klass, sheet, today), not_ready_reason)
        check_issue_date(issued_on, klass.end_date, today, in_advance=bool(reason))
        return sheet, reason

    def _record(
        self,
        session: Session,
        enrolment: orm.Enrolment,
        register: orm.CertificateRegister,
        number: int,
        issued_on: date,
        serial: str,
        template: CertificateTemplate,
        key: str,
        centre: CentreIdentity,
        kind: CertificateKind,
        qr: Callable[[VerifiedFields, str], str],
        note: str = "",
        signature: Signature | None = None,
    ) -> orm.Certificate:
        """Build the face from the current records, then store it with its number and code."""
        klass, learner = enrolment.training_class, enrolment.learner
        grade = Grade(enrolment.grade).label if klass.programme.components and enrolment.grade else ""
        holder = Holder(
            learner.full_name,
            format_birth(learner.birth_date, learner.birth_year),
            learner.unit,
            klass.programme.name,
            klass.code,
            klass.name,
            klass.start_date,
            klass.end_date,
            grade,
        )
        face = certificate_face(
            holder,
            register=register,
            number=number,
            issued_on=issued_on,
            serial=serial,
            centre=centre,
            kind=kind,
            key=key,
            show_qr=template.show_qr,
            note=note,
            signature=signature,
            qr=qr,
        )
        row = orm.Certificate(
            register_id=register.id,
            number=number,
            enrolment_id=enrolment.id,
            serial=serial,
            issued_on=issued_on,
            status=CertificateStatus.ISSUED.value,
            snapshot=face.to_json(),
            template_version=template.version,
            pdf_sha256="",  # set when the certificate's PDF is first produced (render)
            verify_code=face.verify_code,
        )
        session.add(row)
        return row

    # -- re-issue and void -----------------------------------------------------------------------------
    def reissue(
        self,
        certificate_id: int,
        reason: ReissueReason,
        detail: str,
        *,
        issued_on: date,
        serial: str = "",
        signer: int = 0,
    ) -> CertificateLine:
        """A new certificate (new number, data from the current records) replacing ``certificate_id``.

        ``detail`` is required for a correction (what was wrong); optional when lost or damaged."""
        detail = clean_text(detail)
        if reason is ReissueReason.ERROR:  # say what was wrong, so the register explains the new one
            detail = validate_reason(detail, "cấp lại (sai sót gì)")
        text = f"{reason.label}: {detail}" if detail else reason.label
        with self._write() as session:
            old, old_register, old_number = numbered_row(session, certificate_id)
            check_reissue_date(issued_on, old.issued_on, self._ctx.today())
            if old.status == CertificateStatus.VOID.value:
                raise ConflictError(f"Giấy chứng nhận số {old_number} đã hủy, không cấp lại được.")
            if old.status == CertificateStatus.REPLACED.value:
                raise ConflictError(f"Giấy chứng nhận số {old_number} đã được cấp lại rồi.")
            enrolment = session.get(orm.Enrolment, old.enrolment_id)
            assert enrolment is not None
            kind = CertificateKind(old_register.kind)
            register = get_register(session, issued_on.year, kind)
            number = last_number(session, register) + 1
            centre = printed_centre(session)
            signature = _signature(centre, signer)
            old.status = CertificateStatus.REPLACED.value
            session.flush()
            row = self._record(
                session,
                enrolment,
                register,
                number,
                issued_on,
                clean_text(serial),
                records.active_template(session),
                verification_key(session),
                centre,
                kind,
                qr_signer(session, self._ctx.user, self._ctx.now()),
                note=f"Cấp lại, thay thế giấy chứng nhận số {old_number}",
                signature=signature,
            )
            row.replaces_id = old.id
            row.reissue_reason = text
            session.flush()
            batch = self.new_batch_id()
            summary = f"Cấp lại giấy số {number_text(register, number)} thay số {old_number}: {text}"
            self._audit(
                session, self.ENTITY, row.id, AuditAction.REISSUE, {"thay_so": old_number}, summary, batch
            )
            self._audit(
                session,
                self.ENTITY,
                old.id,
                AuditAction.UPDATE,
                {"trang_thai": [CertificateStatus.ISSUED.value, CertificateStatus.REPLACED.value]},
                f"Giấy số {old_number} được thay bằng số {number_text(register, number)}",
                batch,
            )
            return certificate_lines(session, orm.Certificate.id == row.id)[0]

    def void(self, certificate_id: int, reason: str) -> CertificateLine:
        self._require(Permission.VOID)
        text = validate_reason(reason, "hủy giấy chứng nhận")
        with self._write() as session:
            row, _register, number = numbered_row(session, certificate_id)
            if row.status == CertificateStatus.VOID.value:
                raise ConflictError(f"Giấy chứng nhận số {number} đã hủy từ trước.")
            if row.status == CertificateStatus.REPLACED.value:
                raise ConflictError(f"Giấy chứng nhận số {number} đã được cấp lại; không hủy được nữa.")
            row.status = CertificateStatus.VOID.value
            row.void_reason = text
            self._audit(
                session,
                self.ENTITY,
                row.id,
                AuditAction.VOID,
                {"trang_thai": [CertificateStatus.ISSUED.value, CertificateStatus.VOID.value]},
                f"Hủy giấy chứng nhận số {number}: {text}",
            )
            session.flush()
            return certificate_lines(session, orm.Certificate.id == row.id)[0]
