"""Printing certificates: the PDF of issued certificates from their stored faces (first printing keeps each
page's fingerprint, a reprint is counted and audited), the templates, printer offsets and previews.

Rendering never happens inside a write transaction: the faces and templates are read in one short read
transaction, the PDF is rendered with no transaction open, and a second short write stores what the
printing found (the first fingerprints, the reprint counts and their audit entries), checking again that
every certificate may still be printed. Two programs printing the same certificate for the first time keep
one fingerprint (the first to write; both computed the same bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from trungtam_desktop import documents
from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.access import Permission, allowed
from trungtam_desktop.domain.certificate_layout import (
    CertificateFace,
    CertificateTemplate,
    check_offset,
    validate_template,
)
from trungtam_desktop.domain.certificates import DEFAULT_DOCUMENT_FORMAT, DEFAULT_REGISTER_FORMAT
from trungtam_desktop.domain.enums import AuditAction, CertificateKind, CertificateStatus
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.vietnamese import clean_text
from trungtam_desktop.services import certificate_records as records
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.centre_identity import printed_centre
from trungtam_desktop.services.certificate_faces import Holder, certificate_face
from trungtam_desktop.services.certificate_queries import numbered_row, template_for_rows


def page_fingerprint(face: CertificateFace, template: CertificateTemplate) -> str:
    """SHA-256 of the certificate's page as its template prints it, alone or in any batch (reprints are
    checked against the one kept at the first printing)."""
    digest = documents.CertificateRenderer(template).render_pages([face]).page_digests[0]
    assert digest is not None  # a page printed alone always has its fingerprint
    return digest


SAMPLE_KEY = "00" * 32  # not the centre's secret: the sample's verification code proves nothing


@dataclass  # not frozen: certificate_faces.Register reads them as plain attributes
class SampleRegister:
    """The register numbering of the sample certificate (the defaults of a new register)."""

    year: int
    number_format: str = DEFAULT_REGISTER_FORMAT
    document_format: str = DEFAULT_DOCUMENT_FORMAT


@dataclass(frozen=True)
class _Printable:
    """What printing reads of one certificate, so that rendering needs no open transaction."""

    id: int
    face: CertificateFace
    template_version: str
    fingerprinted: bool


def _refuse_unless_in_force(session: Session, rows: Sequence[orm.Certificate]) -> None:
    """A replaced or void certificate is never printed again."""
    for row in rows:
        if row.status != CertificateStatus.ISSUED.value:
            what = "đã được cấp lại" if row.status == CertificateStatus.REPLACED.value else "đã hủy"
            _row, _register, number = numbered_row(session, row.id)
            raise ConflictError(f"Giấy chứng nhận số {number} {what}, không in lại được.")


def _first_fingerprints(
    items: Sequence[_Printable],
    issued_with: dict[str, CertificateTemplate],
    printed_with: CertificateTemplate,
    printed: Sequence[str | None],
) -> dict[int, str]:
    """The page fingerprints of the certificates printed for the first time, by id, as their issue template
    prints them: taken from the printing just made when it used that template; otherwise (printed onto
    blanks, or issued with an older template) from one more rendering of only those certificates."""
    found: dict[int, str] = {}
    others: dict[str, list[int]] = {}  # template version -> positions still to fingerprint
    for i, item in enumerate(items):
        if item.fingerprinted:
            continue
        digest = printed[i]
        if issued_with[item.template_version] == printed_with and digest is not None:
            found[item.id] = digest
        else:
            others.setdefault(item.template_version, []).append(i)
    for version, positions in others.items():
        template = issued_with[version]
        faces = [items[i].face for i in positions]
        digests = documents.CertificateRenderer(template).render_pages(faces).page_digests
        for i, digest in zip(positions, digests, strict=True):
            found[items[i].id] = digest or page_fingerprint(items[i].face, template)
    return found


class CertificatePrinting(Service):
    """Printing and reprinting issued certificates, and their templates.

    Templates are versioned: saving makes a new version, and issued certificates keep theirs."""

    ENTITY = "certificate"

    # -- printing --------------------------------------------------------------------------------------
    def render(
        self,
        certificate_ids: Sequence[int],
        *,
        template: CertificateTemplate | None = None,
        reprint: bool = False,
    ) -> bytes:
        """One PDF of the certificates in the given order, from their stored faces.

        ``template`` None prints each with the template version it was issued with (a reprint is then
        identical); a fields-only template prints onto blanks with its offsets. ``reprint`` counts and
        audits the printing as a reprint; a replaced or void certificate is refused.
        """
        if not certificate_ids:
            raise ValidationError("certificates", "Chưa chọn giấy chứng nhận nào để in.")
        with self._read() as session:
            rows = [records.certificate_row(session, cid) for cid in certificate_ids]
            _refuse_unless_in_force(session, rows)
            items = [
                _Printable(
                    row.id,
                    CertificateFace.from_json(row.snapshot),
                    row.template_version,
                    bool(row.pdf_sha256),
                )
                for row in rows
            ]
            chosen = template or template_for_rows(session, rows)
            store = records.template_store(session)
            issued_with = {
                item.template_version: records.template_version(session, item.template_version, store)
                for item in items
                if not item.fingerprinted
            }
        # No transaction is open while the PDF is made: the database stays free for other writers.
        faces = [item.face for item in items]
        rendered = documents.CertificateRenderer(chosen).render_pages(faces)
        fingerprints = _first_fingerprints(items, issued_with, chosen, rendered.page_digests)
        if fingerprints or reprint:
            with self._write() as session:
                self._after_printing(session, items, fingerprints, reprint=reprint)
        else:
            with self._read() as session:  # voided or replaced while the PDF was being made?
                _refuse_unless_in_force(session, [records.certificate_row(session, i.id) for i in items])
        return rendered.pdf

    def _after_printing(
        self, session: Session, items: Sequence[_Printable], fingerprints: dict[int, str], *, reprint: bool
    ) -> None:
        """The short write after a printing: check again, keep the first fingerprints, count reprints."""
        rows = [records.certificate_row(session, item.id) for item in items]
        _refuse_unless_in_force(session, rows)
        for row in rows:
            if not row.pdf_sha256 and row.id in fingerprints:  # another program may have kept it first
                row.pdf_sha256 = fingerprints[row.id]
        if reprint:
            batch = self.new_batch_id()
            for row, item in zip(rows, items, strict=True):
                row.reprint_count += 1
                self._audit(
                    session,
                    self.ENTITY,
                    row.id,
                    AuditAction.REPRINT,
                    {"lan_in_lai": row.reprint_count},
                    f"In lại giấy chứng nhận số {item.face.register_number} cho {item.face.full_name}",
                    batch,
                )

    def reprint_matches(self, certificate_id: int) -> bool:
        """Does the certificate rendered again from its snapshot give the PDF hashed when it was first
        printed? (False when it was never printed.)"""
        with self._read() as session:
            row = records.certificate_row(session, certificate_id)
            template = records.template_version(session, row.template_version)
            face = CertificateFace.from_json(row.snapshot)
            kept = row.pdf_sha256
        return bool(kept) and page_fingerprint(face, template) == kept

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
        """A made-up certificate with this centre's header and signer, for previews and calibration (built
        by the one face builder, as issued certificates are)."""
        with self._read() as session:
            centre = printed_centre(session)
        issued_on = self._ctx.today()
        year = issued_on.year
        holder = Holder(
            "Nguyễn Thị Mỵ",
            "05/03/1990",
            "Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh",
            "Bồi dưỡng nhận thức về Đảng",
            "MAU",
            f"Đợt 2/{year}",
            date(year, 6, 10),
            date(year, 6, 14),
            "Giỏi",
        )
        return certificate_face(
            holder,
            register=SampleRegister(year),
            number=125,
            issued_on=issued_on,
            serial="AA 000123",
            centre=centre,
            kind=CertificateKind.CERTIFICATE,
            key=SAMPLE_KEY,
            show_qr=True,
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

    def may_save_printer_offset(self) -> bool:
        """A printer's saved offset is a setting (every later print on it uses it): administrators only.
        Anyone may print with another offset once, without saving it."""
        return allowed(self._ctx.role, Permission.SETTINGS)

    def save_printer_offset(self, printer: str, x_mm: float, y_mm: float) -> None:
        self._require(Permission.SETTINGS)
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
