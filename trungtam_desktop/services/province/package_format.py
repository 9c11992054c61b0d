"""The package a centre sends the province (``.ttct``): an open format, signed with the centre's key.

A ``.ttct`` file is a ZIP archive holding, all UTF-8 JSON except the workbook:

``manifest.json``
    ``{"format": "ttct-goi-bao-cao", "version": 1, "created": "2024-10-05 09:12:30",
    "program": "trungtam-desktop 0.1.0", "centre": {"name", "parent_body", "level", "communes"},
    "period": {"year", "period", "title", "basis", "start", "end"},
    "files": {"figures.json": {"sha256", "size"}, ...}}``
``figures.json``
    the period's figures, counted by the centre's own report (programmes with their kind, composition,
    grades, not passed, certificates, teaching by lecturer type, and per commune served)
``classes.json``
    ``{"classes": [...]}``: the classes of the period (code, name, programme and kind, commune, dates,
    status, learners, completed)
``certificates.json``
    certificates issued, re-issued and voided in the period, in total and per programme
``report.xlsx``
    the centre's own report workbook, as the program exports it
``signature.json``
    ``{"algorithm": "Ed25519", "public_key": <base64>, "fingerprint": "XXXX-XXXX-XXXX-XXXX",
    "signed": "manifest.json", "signature": <base64url>}``: the signature covers the exact bytes of
    ``manifest.json``, which holds the SHA-256 of every other file, so any change anywhere shows.

No learner's personal data is in a package: figures are counts; the workbook is the report the centre sends
anyway (classes, lecturers' teaching hours).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.signatures import (
    TrustedKey,
    decode_key,
    decode_signature,
    encode_key,
    encode_signature,
    fingerprint,
    key_id,
    verify,
)

FORMAT = "ttct-goi-bao-cao"
VERSION = 1
EXTENSION = ".ttct"
MANIFEST, SIGNATURE = "manifest.json", "signature.json"
FIGURES, CLASSES, CERTIFICATES, WORKBOOK = "figures.json", "classes.json", "certificates.json", "report.xlsx"
CONTENT = (FIGURES, CLASSES, CERTIFICATES, WORKBOOK)
MAX_ENTRY = 20_000_000
MAX_ENTRIES = 20
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed entry times: the same content gives the same file


class PackageRefused(DomainError):
    """A package the province must not count; the message says why (in Vietnamese)."""


def to_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def build_package(
    manifest: Mapping[str, Any], files: Mapping[str, bytes], sign: Callable[[bytes], tuple[TrustedKey, bytes]]
) -> bytes:
    """The ``.ttct`` bytes: ``files`` listed with their hashes in the manifest, which ``sign`` signs."""
    listed = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in files.items()
    }
    manifest_bytes = to_json({**manifest, "format": FORMAT, "version": VERSION, "files": listed})
    key, signature = sign(manifest_bytes)
    signature_bytes = to_json(
        {
            "algorithm": "Ed25519",
            "public_key": encode_key(key.public),
            "fingerprint": key.fingerprint,
            "signed": MANIFEST,
            "signature": encode_signature(signature),
        }
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(MANIFEST, manifest_bytes), *sorted(files.items()), (SIGNATURE, signature_bytes)]:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class OpenedPackage:
    """A package whose signature and contents checked out."""

    key: TrustedKey  # the trusted key that signed it (its centre name from the province's keys file)
    manifest: dict[str, Any]
    figures: dict[str, Any]
    classes: list[dict[str, Any]]
    certificates: dict[str, Any]
    workbook: bytes

    @property
    def period(self) -> tuple[int, str, str]:
        p = self.manifest["period"]
        return int(p["year"]), str(p["period"]), str(p["basis"])

    @property
    def centre(self) -> str:
        """The centre's name as the province's keys file has it (else as the package says)."""
        return self.key.centre or str(self.manifest.get("centre", {}).get("name", ""))


def open_package(data: bytes, keys: Mapping[str, TrustedKey]) -> OpenedPackage:
    """Check a package against the province's trusted keys (by key id) and read it.

    Refused (PackageRefused, message in Vietnamese): not a package, unsigned, signed by a key the province
    does not hold, a signature that does not match, a file changed, added or missing, unreadable JSON."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise PackageRefused("không phải gói báo cáo (.ttct) hoặc tệp bị hỏng.") from None
    if len(entries) > MAX_ENTRIES or any(info.file_size > MAX_ENTRY for info in entries.values()):
        raise PackageRefused("gói có quá nhiều tệp hoặc tệp quá lớn: không phải gói do chương trình tạo.")
    if MANIFEST not in entries:
        raise PackageRefused("không phải gói báo cáo (thiếu manifest.json).")
    if SIGNATURE not in entries:
        raise PackageRefused("gói chưa được ký (thiếu signature.json): không nhận gói không có chữ ký.")
    read = _reader(archive)
    manifest_bytes = read(MANIFEST)
    signature = _json(read(SIGNATURE), SIGNATURE)
    try:
        public = decode_key(str(signature["public_key"]))
        signed = decode_signature(str(signature["signature"]))
    except (KeyError, TypeError, DomainError):
        raise PackageRefused("chữ ký của gói không đọc được: gói đã bị sửa.") from None
    trusted = keys.get(key_id(public))
    if trusted is None or trusted.public != public:
        raise PackageRefused(
            f"gói được ký bằng khóa có dấu vân tay {fingerprint(public)}, không có trong danh sách khóa "
            "của tỉnh (--keys). Hãy nhận khóa công khai của trung tâm và đối chiếu dấu vân tay trước."
        )
    if signed is None or not verify(public, manifest_bytes, signed):
        raise PackageRefused("chữ ký không khớp với nội dung: gói đã bị sửa sau khi trung tâm ký.")
    manifest = _json(manifest_bytes, MANIFEST)
    if manifest.get("format") != FORMAT:
        raise PackageRefused("không phải gói báo cáo của chương trình.")
    if manifest.get("version") != VERSION:
        raise PackageRefused(
            f"gói có phiên bản định dạng {manifest.get('version')}, chương trình này đọc phiên bản {VERSION}."
        )
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise PackageRefused("manifest.json không liệt kê các tệp của gói.")
    extra = sorted(set(entries) - set(listed) - {MANIFEST, SIGNATURE})
    if extra:
        raise PackageRefused(f"gói có tệp không được ký: {', '.join(extra)}; gói đã bị sửa.")
    contents: dict[str, bytes] = {}
    for name in CONTENT:
        if name not in listed or name not in entries:
            raise PackageRefused(f"gói thiếu tệp {name}.")
        body = read(name)
        expected = listed[name].get("sha256") if isinstance(listed[name], dict) else None
        if hashlib.sha256(body).hexdigest() != expected:
            raise PackageRefused(f"tệp {name} trong gói đã bị sửa (không khớp với bản trung tâm đã ký).")
        contents[name] = body
    figures = _json(contents[FIGURES], FIGURES)
    classes = _json(contents[CLASSES], CLASSES).get("classes")
    if not isinstance(classes, list):
        raise PackageRefused(f"tệp {CLASSES} trong gói không đúng định dạng.")
    return OpenedPackage(
        trusted, manifest, figures, classes, _json(contents[CERTIFICATES], CERTIFICATES), contents[WORKBOOK]
    )


def _reader(archive: zipfile.ZipFile) -> Callable[[str], bytes]:
    def read(name: str) -> bytes:
        try:
            return archive.read(name)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
            raise PackageRefused(f"tệp {name} trong gói bị hỏng, không đọc được.") from None

    return read


def _json(data: bytes, name: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageRefused(f"tệp {name} trong gói không đọc được.") from None
    if not isinstance(value, dict):
        raise PackageRefused(f"tệp {name} trong gói không đúng định dạng.")
    return value
