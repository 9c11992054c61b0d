"""What a certificate says, built once at issue from the records of that moment: the one place that turns
a learner, a class and a register number into a :class:`CertificateFace` with its verification code.

Used by the certificate service (issue and re-issue) and by the demo generator, which issues its
certificates in bulk with the same faces and codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

from trungtam_desktop.domain.certificate_layout import CertificateFace
from trungtam_desktop.domain.certificates import (
    VerifiedFields,
    certifier_line,
    format_number,
    qr_text,
    verification_code,
)
from trungtam_desktop.domain.enums import CertificateKind
from trungtam_desktop.domain.models import CentreIdentity, Signature
from trungtam_desktop.domain.vietnamese import clean_text, format_date, format_place_date
from trungtam_desktop.services.certificate_queries import TITLES

# The same centre, class and date come back on every face of a batch (and of a demo's 75,000).
_certifier = lru_cache(maxsize=16)(certifier_line)
_place_date = lru_cache(maxsize=1024)(format_place_date)


@lru_cache(maxsize=1024)
def _class_line(name: str, start: date, end: date) -> str:
    return f"{clean_text(name)}, từ ngày {format_date(start)} đến ngày {format_date(end)}"


class Register(Protocol):
    """A register's numbering (the ORM row has these)."""

    year: int
    number_format: str
    document_format: str


@dataclass(frozen=True)
class Holder:
    """The learner and class as the records say at issue."""

    full_name: str
    birth: str  # as printed: "05/03/1990" or "1990"
    unit: str
    programme: str
    class_code: str
    class_name: str
    start: date
    end: date
    grade: str  # the grade's label; "" when the programme is not graded


def certificate_face(
    holder: Holder,
    *,
    register: Register,
    number: int,
    issued_on: date,
    serial: str,
    centre: CentreIdentity,
    kind: CertificateKind,
    key: str,
    show_qr: bool,
    note: str = "",
    signature: Signature | None = None,
    qr: Callable[[VerifiedFields, str], str] = qr_text,
) -> CertificateFace:
    """The face of certificate ``number`` of ``register``, with its verification code and, when the
    template shows one, the QR text that ``qr`` makes (the service signs it with the centre's key), signed
    by ``signature`` (the director when None; a deputy signs "KT. GIÁM ĐỐC")."""
    signer = signature or centre.signatures()[0]
    written = format_number(register.number_format, number, register.year)
    fields = VerifiedFields(written, holder.full_name, holder.birth, holder.class_code, issued_on)
    code = verification_code(key, fields)
    return CertificateFace(
        parent_body=centre.parent_body,
        centre_name=centre.centre_name,
        title=TITLES[kind],
        certifier=_certifier(centre.director_title, centre.centre_name, centre.place_name),
        full_name=clean_text(holder.full_name),
        birth=holder.birth,
        unit=clean_text(holder.unit),
        programme=clean_text(holder.programme),
        class_line=_class_line(holder.class_name, holder.start, holder.end),
        grade=holder.grade,
        register_number=written,
        document_number=(
            format_number(register.document_format, number, register.year, centre.document_code)
            if register.document_format
            else ""
        ),
        serial=serial,
        place_date=_place_date(centre.place_name, issued_on),
        signer_title=signer.title,
        signer_name=signer.name,
        verify_code=code,
        qr_text=qr(fields, code) if show_qr else "",
        note=note,
        issued_on=issued_on,
    )
