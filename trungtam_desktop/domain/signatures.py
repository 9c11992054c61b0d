"""The centre's own signing key (Ed25519): what the province uses to trust a package or a certificate's QR.

Each centre makes one key pair (at setup or when first needed). The private half stays in the centre's
database; the public half travels: in every package, and once, as a line of text, to the province, which
keeps the centres' lines in its keys file. A key is named by its **fingerprint**: the first 80 bits of the
SHA-256 of the raw public key, in base 32, as four groups of four ("7K3Q-X9MP-2ABD-QR4T"); the centre reads
it out or writes it in the covering letter so that the province can check the line it received.

Text forms (all ASCII):

* public key: the 32 raw bytes in base64 (44 characters);
* key line (the province's keys file): ``<fingerprint> <public key> <centre name>``;
* signature: the 64 raw bytes in base64url without padding (86 characters).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.vietnamese import clean_text

_RAW = serialization.Encoding.Raw
KEY_ID_LENGTH = 16


def new_private_key() -> bytes:
    """32 fresh random bytes: a new Ed25519 private key."""
    return Ed25519PrivateKey.generate().private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def public_key_of(private: bytes) -> bytes:
    return (
        Ed25519PrivateKey.from_private_bytes(private)
        .public_key()
        .public_bytes(_RAW, serialization.PublicFormat.Raw)
    )


def key_id(public: bytes) -> str:
    """16 base-32 characters naming the key (its fingerprint without the dashes)."""
    digest = hashlib.sha256(public).digest()
    return base64.b32encode(digest[:10]).decode("ascii")


def fingerprint(public: bytes) -> str:
    """ "7K3Q-X9MP-2ABD-QR4T": the key id in four groups."""
    ident = key_id(public)
    return "-".join(ident[i : i + 4] for i in range(0, KEY_ID_LENGTH, 4))


def normalise_key_id(text: str) -> str:
    """A fingerprint as typed ("7k3q x9mp-2abd qr4t") as the bare key id; "" when it is not one."""
    raw = "".join(c for c in text.upper() if c.isalnum())
    return raw if len(raw) == KEY_ID_LENGTH else ""


def sign(private: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).sign(message)


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def encode_key(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def decode_key(text: str) -> bytes:
    """The 32 bytes of a key written with :func:`encode_key`; DomainError when it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise DomainError("Khóa công khai không đúng định dạng (base64).") from None
    if len(raw) != 32:
        raise DomainError("Khóa công khai phải dài 32 byte.")
    return raw


def encode_signature(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_signature(text: str) -> bytes | None:
    """The 64 bytes of a signature, or None when ``text`` is not one."""
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 64 else None


@dataclass(frozen=True)
class TrustedKey:
    """A centre's public key as the province keeps it."""

    public: bytes
    centre: str

    @property
    def key_id(self) -> str:
        return key_id(self.public)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)

    def line(self) -> str:
        return f"{self.fingerprint} {encode_key(self.public)} {clean_text(self.centre)}"


def parse_key_line(line: str, where: str) -> TrustedKey | None:
    """One line of a keys file; None for a blank or comment ("#") line; DomainError naming ``where``
    (file and line) when it is not ``<fingerprint> <public key> <centre name>`` or the fingerprint does
    not match the key (a typing slip, or a key that is not the one the centre announced)."""
    text = line.strip().lstrip("\ufeff")
    if not text or text.startswith("#"):
        return None
    parts = text.split(maxsplit=2)
    if len(parts) < 2:
        raise DomainError(f"{where}: cần “dấu vân tay  khóa công khai  tên trung tâm”.")
    try:
        public = decode_key(parts[1])
    except DomainError as exc:
        raise DomainError(f"{where}: {exc.message}") from None
    announced = normalise_key_id(parts[0])
    if announced != key_id(public):
        raise DomainError(
            f"{where}: dấu vân tay {parts[0]} không khớp với khóa công khai (khóa này có dấu vân tay "
            f"{fingerprint(public)}). Hãy hỏi lại trung tâm."
        )
    return TrustedKey(public, clean_text(parts[2]) if len(parts) > 2 else "")
