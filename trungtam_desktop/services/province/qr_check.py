"""Checking a certificate's QR code offline, across centres: the signature in a ``TTCT-GCN2`` QR text is
verified with the issuing centre's public key from the province's keys file, without that centre's
database. What a signature cannot tell (whether the certificate was later voided or re-issued) only the
centre's register knows: the answer says so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from trungtam_desktop.domain.certificates import scan_qr
from trungtam_desktop.domain.signatures import TrustedKey, verify
from trungtam_desktop.domain.vietnamese import format_date


@dataclass(frozen=True)
class QrAnswer:
    genuine: bool
    message: str
    centre: str = ""


def check_qr(text: str, keys: Mapping[str, TrustedKey]) -> QrAnswer:
    scanned = scan_qr(text)
    if scanned is None:
        return QrAnswer(False, "✘ Không phải mã QR của giấy chứng nhận do chương trình in (hoặc đọc thiếu).")
    if not scanned.is_signed:
        return QrAnswer(
            False,
            "✘ Mã QR kiểu cũ (trước khi có chữ ký của trung tâm): chỉ trung tâm cấp giấy kiểm tra được, bằng "
            f"mã xác minh {scanned.code} trong chương trình của trung tâm.",
        )
    key = keys.get(scanned.key_id)
    if key is None:
        return QrAnswer(
            False,
            f"✘ Mã QR được ký bằng khóa {scanned.key_id} không có trong danh sách khóa của tỉnh: chưa xác "
            "nhận được. Hãy nhận khóa công khai của trung tâm cấp giấy.",
        )
    if not verify(key.public, scanned.signed, scanned.signature or b""):
        return QrAnswer(
            False, f"✘ Chữ ký không khớp với khóa của {key.centre}: nội dung mã QR đã bị sửa.", key.centre
        )
    f = scanned.fields
    return QrAnswer(
        True,
        f"✔ Chữ ký hợp lệ của {key.centre} (khóa {key.fingerprint}): giấy chứng nhận số {f.register_number} "
        f"cấp cho {f.full_name} (sinh {f.birth or 'không rõ'}), lớp {f.class_code}, ngày cấp "
        f"{format_date(f.issued_on)}. Chữ ký không cho biết giấy có bị hủy hay cấp lại sau đó không: "
        "hỏi trung tâm nếu cần.",
        key.centre,
    )
