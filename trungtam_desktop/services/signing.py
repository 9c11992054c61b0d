"""The centre's signing key: made once, kept in the database, used for packages and certificate QR codes.

The private key (32 bytes) is stored in ``app_setting`` under ``signing_key``, like the secret of the
verification codes: it goes wherever the database goes (every backup, encrypted when the backup is) and
nowhere else. It is never written to the audit log or the logs: its creation is audited with the public
fingerprint only.

Restore: a restored database brings back the key it held when the backup was made. A backup made before the
key existed holds none, so a new key is made when first needed: its fingerprint changes and must be sent to
the province again (Cài đặt → Địa bàn và khóa ký shows it). Packages and certificates signed with the old key
stay verifiable with the old public line, which the province keeps in its keys file beside the new one.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.certificates import ScannedQr, VerifiedFields, signed_qr_body
from trungtam_desktop.domain.enums import AuditAction
from trungtam_desktop.domain.organisation import centre_title
from trungtam_desktop.domain.signatures import (
    TrustedKey,
    encode_signature,
    key_id,
    new_private_key,
    public_key_of,
    sign,
    verify,
)
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.centre_identity import printed_centre

SIGNING_KEY = "signing_key"
ENTITY = "signing_key"


def stored_key(session: Session) -> bytes | None:
    """The private key, or None when none has been made (or the stored value is unreadable)."""
    row = session.get(orm.AppSetting, SIGNING_KEY)
    if row is None:
        return None
    try:
        raw = base64.b64decode(json.loads(row.value)["private"], validate=True)
    except (ValueError, KeyError, TypeError):
        return None
    return raw if len(raw) == 32 else None


def ensure_key(session: Session, user: str, now: datetime) -> bytes:
    """The private key, made (and its creation audited, by fingerprint) when there is none yet; ``now``
    (the service context's clock) dates its creation."""
    private = stored_key(session)
    if private is not None:
        return private
    private = new_private_key()
    created = now.isoformat(" ", "seconds")
    value = json.dumps({"private": base64.b64encode(private).decode("ascii"), "created": created})
    row = session.get(orm.AppSetting, SIGNING_KEY)
    if row is None:
        session.add(orm.AppSetting(key=SIGNING_KEY, value=value))
    else:  # an unreadable value is replaced (the old one could not sign anything)
        row.value = value
    fingerprint = TrustedKey(public_key_of(private), "").fingerprint
    session.add(
        orm.AuditLog(
            user=user,
            entity=ENTITY,
            entity_id=None,
            action=AuditAction.CREATE.value,
            changes=json.dumps({"dấu vân tay": [None, fingerprint]}, ensure_ascii=False),
            summary=f"Tạo khóa ký của trung tâm (dấu vân tay {fingerprint})",
        )
    )
    session.flush()
    return private


def qr_signer(session: Session, user: str, now: datetime) -> Callable[[VerifiedFields, str], str]:
    """What makes the QR text of new certificates: their fields and verification code, signed with the
    centre's key (made at ``now`` when there is none). The key is read once for a whole batch."""
    private = ensure_key(session, user, now)
    signer_id = key_id(public_key_of(private))

    def qr(fields: VerifiedFields, code: str) -> str:
        body = signed_qr_body(fields, code, signer_id)
        return f"{body};{encode_signature(sign(private, body.encode('utf-8')))}"

    return qr


def certificate_qr(session: Session, user: str, now: datetime, fields: VerifiedFields, code: str) -> str:
    """The QR text of one new certificate (see :func:`qr_signer`)."""
    return qr_signer(session, user, now)(fields, code)


def signature_problem(session: Session, scanned: ScannedQr) -> str:
    """Why a signed QR does not check with this centre's own key ("" when it does, or is not signed)."""
    if not scanned.is_signed:
        return ""
    private = stored_key(session)
    public = public_key_of(private) if private is not None else None
    if public is None or key_id(public) != scanned.key_id:
        return (
            "Mã QR được ký bằng khóa khác với khóa hiện tại của trung tâm (có thể là khóa trước khi "
            "khôi phục dữ liệu): không xác nhận được chữ ký."
        )
    if not verify(public, scanned.signed, scanned.signature or b""):
        return "Chữ ký trong mã QR không hợp lệ: giấy có thể đã bị sửa."
    return ""


class SigningService(Service):
    """The centre's key as the settings page and the package writer see it."""

    def public_key(self) -> TrustedKey | None:
        """The centre's public key with its name, or None before one is made (nothing is written)."""
        with self._read() as session:
            private = stored_key(session)
            if private is None:
                return None
            return TrustedKey(public_key_of(private), centre_name(session))

    def ensure(self) -> TrustedKey:
        """The centre's public key, made now when there is none."""
        with self._write() as session:
            private = ensure_key(session, self._ctx.user, self._ctx.now())
            return TrustedKey(public_key_of(private), centre_name(session))

    def sign(self, message: bytes) -> tuple[TrustedKey, bytes]:
        """Sign ``message`` with the centre's key (made now when there is none)."""
        with self._write() as session:
            private = ensure_key(session, self._ctx.user, self._ctx.now())
            return TrustedKey(public_key_of(private), centre_name(session)), sign(private, message)

    def centre(self) -> str:
        """The centre's name as its key line and packages give it."""
        with self._read() as session:
            return centre_name(session)

    def key_file_text(self) -> str:
        """What the centre sends the province once: comments and the one key line."""
        key = self.ensure()
        return (
            "# Khóa công khai của trung tâm, để tỉnh kiểm tra gói báo cáo và mã QR trên giấy chứng nhận.\n"
            f"# Dấu vân tay: {key.fingerprint} (đối chiếu với dấu vân tay ghi trong công văn gửi kèm).\n"
            f"{key.line()}\n"
        )


def centre_name(session: Session) -> str:
    """The centre as it names itself in a key line: "TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG"."""
    centre = printed_centre(session)
    return centre_title(centre.centre_name, centre.place_name)
