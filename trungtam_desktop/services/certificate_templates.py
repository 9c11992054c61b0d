"""The certificate templates, printer offsets and previews, as part of the certificate service."""

from __future__ import annotations

from trungtam_desktop import documents
from trungtam_desktop.domain.access import Permission
from trungtam_desktop.domain.certificate_layout import (
    CertificateFace,
    CertificateTemplate,
    check_offset,
    validate_template,
)
from trungtam_desktop.domain.certificates import (
    DEFAULT_DOCUMENT_FORMAT,
    VerifiedFields,
    certifier_line,
    format_number,
    qr_text,
)
from trungtam_desktop.domain.enums import AuditAction, CertificateKind
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import clean_text, format_place_date
from trungtam_desktop.services import certificate_records as records
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.certificate_queries import TITLES, centre_identity


class CertificateTemplates(Service):
    """Templates are versioned: saving makes a new version, and issued certificates keep theirs."""

    ENTITY = "certificate"

    # -- templates -------------------------------------------------------------------------------------
    def active_template(self) -> CertificateTemplate:
        with self._read() as session:
            return records.active_template(session)

    def save_template(self, template: CertificateTemplate) -> CertificateTemplate:
        """Keep ``template`` as a new version, made the active one; ``ValidationError`` for what
        :func:`~trungtam_desktop.domain.certificate_layout.validate_template` refuses."""
        self._require(Permission.SETTINGS)
        checked = validate_template(template)
        with self._write() as session:
            saved = records.store_template(session, checked)
            self._audit(
                session,
                self.ENTITY,
                None,
                AuditAction.SETTINGS,
                {"mau": saved.version},
                f"Lưu mẫu giấy chứng nhận “{saved.name}” (phiên bản {saved.version})",
            )
            return saved

    def sample_face(self) -> CertificateFace:
        """A made-up certificate with this centre's header and signer, for previews and calibration."""
        with self._read() as session:
            centre = centre_identity(session)
        issued_on = self._ctx.today()
        year = issued_on.year
        fields = VerifiedFields(f"125/{year}", "Nguyễn Thị Mỵ", "05/03/1990", "MAU", issued_on)
        code = "7K3QX-9MP2A"
        return CertificateFace(
            parent_body=centre.parent_body,
            centre_name=centre.centre_name,
            title=TITLES[CertificateKind.CERTIFICATE],
            certifier=certifier_line(centre.director_title, centre.centre_name, centre.place_name),
            full_name="Nguyễn Thị Mỵ",
            birth="05/03/1990",
            unit="Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh",
            programme="Bồi dưỡng nhận thức về Đảng",
            class_line=f"Đợt 2/{year}, từ ngày 10/06/{year} đến ngày 14/06/{year}",
            grade="Giỏi",
            register_number=fields.register_number,
            document_number=format_number(DEFAULT_DOCUMENT_FORMAT, 125, issued_on.year, centre.document_code),
            serial="AA 000123",
            place_date=format_place_date(centre.place_name, issued_on),
            signer_title=centre.director_title,
            signer_name=centre.director_name,
            verify_code=code,
            qr_text=qr_text(fields, code),
            issued_on=issued_on,
        )

    def preview(self, template: CertificateTemplate) -> bytes:
        """What ``template`` prints for the sample certificate (whole or fields only)."""
        return documents.CertificateRenderer(template).render([self.sample_face()])

    def calibration_page(self, template: CertificateTemplate) -> bytes:
        """The mm grid with the template's field boxes, shifted by its offset, to hold against a blank; the
        sample texts are this centre's (its place, its director as the signer)."""
        from trungtam_desktop.documents.certificate import calibration_page

        return calibration_page(template, self.sample_face())

    def printer_offsets(self) -> dict[str, tuple[float, float]]:
        with self._read() as session:
            return records.printer_offsets(session)

    def save_printer_offset(self, printer: str, x_mm: float, y_mm: float) -> None:
        name = clean_text(printer)
        if not name:
            raise ValidationError("printer", "Cần chọn máy in để lưu độ lệch.")
        check_offset(x_mm, y_mm)
        with self._write() as session:
            records.store_printer_offset(session, name, x_mm, y_mm)
            self._audit(
                session,
                self.ENTITY,
                None,
                AuditAction.SETTINGS,
                {"may_in": name, "lech": [x_mm, y_mm]},
                f"Độ lệch máy in “{name}”: ngang {x_mm} mm, dọc {y_mm} mm",
            )
