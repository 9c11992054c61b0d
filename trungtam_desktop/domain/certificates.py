"""Certificate rules: register and document numbers, serials of pre-printed blanks, verification codes.

A certificate's **register number** (số vào sổ) is sequential and gap-free within its register (one per
year and certificate kind) and is written with the register's format, "{number}/{year}" by default
("125/2024"). The optional **document number** uses "Số {number}-GCN/{code}" ("Số 125-GCN/TTCT").

The **verification code** printed on each certificate is an HMAC-SHA256 of the certificate's identifying
fields, keyed with a secret kept in the centre's database, written as ten base-32 characters in two groups
("7K3QX-9MP2A"). The QR code carries the same fields and the code, so that the lookup dialog can tell a
genuine certificate (fields match the register and the code matches the key) from an altered one.

Since the 2025 reorganisation a QR code also carries the centre's **signature** (Ed25519, see
:mod:`trungtam_desktop.domain.signatures`), so that anyone holding the centre's public key (the province)
can check it without the centre's database. Two QR formats are read:

* ``TTCT-GCN;<số vào sổ>;<họ tên>;<ngày sinh>;<mã lớp>;<ngày cấp ISO>;<mã xác minh>`` (certificates issued
  before; only the centre can check the code, with its secret);
* ``TTCT-GCN2;<the same six>;<key id>;<signature>``: the signature (base64url, 86 characters) covers the
  UTF-8 bytes of everything before the last ";". About 100 bytes longer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import string
from dataclasses import dataclass
from datetime import date

from trungtam_desktop.domain.enums import LabelledEnum
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.signatures import KEY_ID_LENGTH, decode_signature
from trungtam_desktop.domain.vietnamese import clean_text, nfc

DEFAULT_REGISTER_FORMAT = "{number}/{year}"
DEFAULT_DOCUMENT_FORMAT = "Số {number}-GCN/{code}"
QR_PREFIX = "TTCT-GCN"
SIGNED_QR_PREFIX = "TTCT-GCN2"
_FIELDS = {"number", "year", "code"}


class ReissueReason(LabelledEnum):
    ERROR = "sai_sot", "Sai sót thông tin"
    LOST = "mat", "Bị mất"
    DAMAGED = "hu_hong", "Bị hư hỏng"


def format_number(pattern: str, number: int, year: int, code: str = "") -> str:
    """Write a number with a register's pattern; {number}, {year} and {code} are the only fields."""
    used = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    unknown = used - _FIELDS
    if unknown:
        raise ValidationError(
            "number_format",
            f"Mẫu số “{pattern}” có trường không hợp lệ: {', '.join(sorted(unknown))}. "
            "Chỉ dùng {number}, {year} và {code}.",
        )
    if "number" not in used:
        raise ValidationError("number_format", f"Mẫu số “{pattern}” phải có {{number}} (số thứ tự).")
    return pattern.format(number=number, year=year, code=code)


def validate_reason(reason: str | None, what: str) -> str:
    """A reason the clerk must give (re-issue, void, override): cleaned, 3–300 characters."""
    text = clean_text(reason)
    if len(text) < 3:
        raise ValidationError("reason", f"Cần ghi rõ lý do {what}.")
    if len(text) > 300:
        raise ValidationError("reason", f"Lý do {what} dài quá 300 ký tự.")
    return text


_SERIAL = re.compile(r"^(.*?)(\d+)(\D*)$")


def serial_sequence(start: str | None, count: int) -> list[str]:
    """Serials of ``count`` pre-printed blanks from the first one ("AA 000123" → "AA 000124"...).

    The last group of digits counts up with its zero padding kept; an empty start gives empty serials.
    """
    first = clean_text(start)
    if not first:
        return [""] * count
    match = _SERIAL.match(first)
    if match is None:
        raise ValidationError("serial", f"Số hiệu phôi “{first}” phải có phần số ở cuối để đánh tiếp.")
    head, digits, tail = match.groups()
    width, value = len(digits), int(digits)
    return [f"{head}{value + i:0{width}d}{tail}" for i in range(count)]


def new_key() -> str:
    """A fresh secret for the verification codes (hex), stored once in the database."""
    import secrets

    return secrets.token_hex(32)


@dataclass(frozen=True)
class VerifiedFields:
    """What a verification code covers."""

    register_number: str
    full_name: str
    birth: str
    class_code: str
    issued_on: date

    def payload(self) -> str:
        return "|".join(
            (
                clean_text(self.register_number),
                clean_text(self.full_name),
                clean_text(self.birth),
                clean_text(self.class_code),
                self.issued_on.isoformat(),
            )
        )


def verification_code(key: str, fields: VerifiedFields) -> str:
    """Ten base-32 characters of HMAC-SHA256(key, fields), as "XXXXX-XXXXX"."""
    digest = hmac.new(bytes.fromhex(key), fields.payload().encode("utf-8"), hashlib.sha256).digest()
    text = base64.b32encode(digest).decode("ascii")[:10]
    return f"{text[:5]}-{text[5:]}"


def normalise_code(text: str | None) -> str:
    """What the clerk typed ("7k3qx 9mp2a", "7K3QX-9MP2A") as the printed form, or ""."""
    raw = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()
    # Base-32 has no 0, 1 or 8: a clerk reading "O", "I" or "B" off the paper may type those.
    raw = raw.translate(str.maketrans("018", "OIB"))
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else ""


def qr_text(fields: VerifiedFields, code: str) -> str:
    return ";".join((QR_PREFIX, *fields.payload().split("|"), code))


def signed_qr_body(fields: VerifiedFields, code: str, key_id: str) -> str:
    """What a signed QR's signature covers (the QR text without its last field)."""
    return ";".join((SIGNED_QR_PREFIX, *fields.payload().split("|"), code, key_id))


@dataclass(frozen=True)
class ScannedQr:
    """A QR text read back: its fields and code and, for the signed format, the key and signature."""

    fields: VerifiedFields
    code: str
    key_id: str = ""  # "" for the first format (no signature)
    signed: bytes = b""  # the bytes the signature covers
    signature: bytes | None = None

    @property
    def is_signed(self) -> bool:
        return self.signature is not None


def scan_qr(text: str | None) -> ScannedQr | None:
    """The parts of a scanned QR text of either format, or None when it is not one of ours."""
    parts = nfc((text or "").strip()).split(";")  # signed over NFC text (clean_text): a scanner's NFD too
    signed = parts[0] == SIGNED_QR_PREFIX and len(parts) == 9
    if not signed and (len(parts) != 7 or parts[0] != QR_PREFIX):
        return None
    try:
        issued_on = date.fromisoformat(parts[5])
    except ValueError:
        return None
    fields = VerifiedFields(parts[1], parts[2], parts[3], parts[4], issued_on)
    if not signed:
        return ScannedQr(fields, parts[6])
    signature = decode_signature(parts[8])
    if signature is None or len(parts[7]) != KEY_ID_LENGTH:
        return None
    body = ";".join(parts[:8])
    return ScannedQr(fields, parts[6], parts[7], body.encode("utf-8"), signature)


def parse_qr(text: str | None) -> tuple[VerifiedFields, str] | None:
    """The fields and code from a scanned QR text, or None when it is not one of our certificates."""
    scanned = scan_qr(text)
    return None if scanned is None else (scanned.fields, scanned.code)


def code_matches(key: str, fields: VerifiedFields, code: str) -> bool:
    return hmac.compare_digest(verification_code(key, fields), normalise_code(code))


def certifier_line(director_title: str, centre_name: str, place_name: str) -> str:
    """ "GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG CHỨNG NHẬN" (the place is added unless already named)."""
    title = clean_text(director_title).upper()
    # "KT. GIÁM ĐỐC" signs, but it is the director who certifies.
    title = "GIÁM ĐỐC" if not title or "GIÁM ĐỐC" in title else title
    centre = clean_text(centre_name).upper()
    place = clean_text(place_name).upper()
    if place and place not in centre:
        centre = f"{centre} {place}"
    return f"{title} {centre} CHỨNG NHẬN"
