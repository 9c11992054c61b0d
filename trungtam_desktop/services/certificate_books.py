"""Reading the register: certificate lists and search, a certificate's frozen face, the register book (sổ cấp
giấy chứng nhận), and checking a verification code or QR text. Writes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from trungtam_desktop import documents
from trungtam_desktop.db import models as orm
from trungtam_desktop.documents.certificate_inputs import RegisterBookData, RegisterLine
from trungtam_desktop.domain.certificate_layout import CertificateFace
from trungtam_desktop.domain.certificates import VerifiedFields, code_matches, normalise_code, scan_qr
from trungtam_desktop.domain.enums import CertificateKind, CertificateStatus
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import clean_text, fold, format_date
from trungtam_desktop.services import certificate_records as records
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.centre_identity import printed_centre
from trungtam_desktop.services.certificate_queries import (
    TITLES,
    certificate_lines,
    register_lines,
    verification_key,
)
from trungtam_desktop.services.certificate_records import CertificateLine, Verification
from trungtam_desktop.services.signing import signature_problem


class CertificateBooks(Service):
    """The certificates as the lists, the lookup and the register book read them."""

    # -- reading ---------------------------------------------------------------------------------------
    def list(
        self,
        *,
        class_id: int | None = None,
        learner_id: int | None = None,
        search: str = "",
        year: int | None = None,
    ) -> list[CertificateLine]:
        """Certificates, newest register number first, filtered by class, learner, year or a search
        ("125/2024", "125", a name without tone marks, or a verification code)."""
        conditions = []
        if class_id is not None:
            conditions.append(orm.Enrolment.class_id == class_id)
        if learner_id is not None:
            conditions.append(orm.Enrolment.learner_id == learner_id)
        if year is not None:
            conditions.append(orm.CertificateRegister.year == year)
        text = clean_text(search)
        if text:
            number, _, number_year = text.partition("/")
            options = [orm.Learner.name_key.contains(fold(text)), orm.Certificate.serial == text]
            if normalise_code(text):
                options.append(orm.Certificate.verify_code == normalise_code(text))
            if number.isdigit():
                match = orm.Certificate.number == int(number)
                if number_year.isdigit():
                    match = match & (orm.CertificateRegister.year == int(number_year))
                options.append(match)
            conditions.append(or_(*options))
        with self._read() as session:
            return certificate_lines(session, *conditions)

    def face(self, certificate_id: int) -> CertificateFace:
        with self._read() as session:
            return CertificateFace.from_json(records.certificate_row(session, certificate_id).snapshot)

    def register_lines(
        self, year: int, kind: CertificateKind = CertificateKind.CERTIFICATE
    ) -> list[RegisterLine]:
        """The register book's lines in number order, printed fields taken from the frozen faces."""
        with self._read() as session:
            return register_lines(session, year, kind)

    def register_book(
        self,
        year: int,
        kind: CertificateKind = CertificateKind.CERTIFICATE,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> bytes:
        """The sổ cấp giấy chứng nhận of one year (or of the certificates issued from ``start`` to
        ``end`` within it), as a PDF."""
        if start and end and start > end:
            raise ValidationError("start", "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        lines = [
            line
            for line in self.register_lines(year, kind)
            if (start is None or line.issued_on >= start) and (end is None or line.issued_on <= end)
        ]
        with self._read() as session:
            centre = printed_centre(session)
        title = "SỔ CẤP " + TITLES[kind]
        if start or end:
            subtitle = f"Năm {year}: từ ngày {format_date(start or date(year, 1, 1))} đến ngày "
            subtitle += format_date(end or date(year, 12, 31))
        else:
            subtitle = f"Năm {year}"
        data = RegisterBookData(title, subtitle, tuple(lines))
        return documents.RegisterBookRenderer(centre).render(data)

    # -- lookup ----------------------------------------------------------------------------------------
    def verify(self, text: str) -> Verification:
        """Check a typed verification code, a register number, or a scanned QR text against the register."""
        qr = scan_qr(text)
        scanned = (qr.fields, qr.code) if qr else None
        code = scanned[1] if scanned else normalise_code(text)
        if not code:
            return Verification(
                False, "Không đọc được mã. Hãy gõ mã xác minh in trên giấy (10 ký tự, ví dụ 7K3QX-9MP2A)."
            )
        with self._read() as session:
            row = session.scalar(select(orm.Certificate).where(orm.Certificate.verify_code == code))
            if row is None:
                return Verification(
                    False, f"Không có giấy chứng nhận nào mang mã {code} trong sổ của trung tâm."
                )
            line = certificate_lines(session, orm.Certificate.id == row.id)[0]
            face = CertificateFace.from_json(row.snapshot)
            stored = VerifiedFields(
                face.register_number, face.full_name, face.birth, line.class_code, row.issued_on
            )
            if not code_matches(verification_key(session), stored, code):
                return Verification(
                    False, "Mã không khớp với khóa của trung tâm: giấy có thể bị làm giả.", line
                )
            if scanned and scanned[0] != stored:
                return Verification(
                    False, "Thông tin trong mã QR khác với sổ cấp: giấy có thể đã bị sửa.", line
                )
            problem = signature_problem(session, qr) if qr else ""
            if problem:
                return Verification(False, problem, line)
        state = {
            CertificateStatus.ISSUED: "còn hiệu lực",
            CertificateStatus.REPLACED: f"đã được thay bằng giấy số {line.replaced_by}",
            CertificateStatus.VOID: f"đã bị hủy ({line.reason})",
        }[line.status]
        return Verification(
            line.status is CertificateStatus.ISSUED,
            f"Giấy chứng nhận số {line.register_number} cấp cho {line.full_name} ({line.birth}), "
            f"lớp {line.class_name}, ngày cấp {format_date(line.issued_on)}: {state}.",
            line,
        )
