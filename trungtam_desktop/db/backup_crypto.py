"""Password encryption of exported backups (USB drives get lost).

Authenticated encryption from the ``cryptography`` package: AES-256-GCM with a key derived from the password
by scrypt (n=2**15, r=8, p=1, a random 16-byte salt per file). The file is encrypted in 1 MiB chunks so a
large database never sits in memory twice; each chunk's nonce is a random 7-byte prefix, the chunk's
number and a last-chunk flag (the "STREAM" construction), and the file header is authenticated with every
chunk: a chunk cut off, reordered, swapped from another file or altered fails to decrypt.

Layout: ``MAGIC (8) | n_log2 (1) | r (1) | p (1) | salt (16) | prefix (7) | chunks…``, each chunk being
``ciphertext + 16-byte tag``.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path

from trungtam_desktop.db.backup import BackupError

MAGIC = b"TTCTBK01"
CHUNK = 1 << 20
TAG = 16
_N_LOG2, _R, _P = 15, 8, 1
_HEADER = struct.Struct(">8sBBB16s7s")

Progress = Callable[[int, int, str], None]

WRONG_PASSWORD = "Mật khẩu không đúng, hoặc tệp sao lưu đã bị sửa đổi hay hư hỏng; không giải mã được."


def is_encrypted(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _key(password: str, salt: bytes, n_log2: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not 10 <= n_log2 <= 22 or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise BackupError(WRONG_PASSWORD)
    return Scrypt(salt=salt, length=32, n=1 << n_log2, r=r, p=p).derive(password.encode("utf-8"))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def encrypt_file(source: Path, destination: Path, password: str, *, progress: Progress | None = None) -> Path:
    """Write ``source`` encrypted with ``password`` to ``destination`` (via ``*.partial``)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not password:
        raise BackupError("Mật khẩu mã hóa không được để trống.")
    salt, prefix = os.urandom(16), os.urandom(7)
    header = _HEADER.pack(MAGIC, _N_LOG2, _R, _P, salt, prefix)
    aead = AESGCM(_key(password, salt, _N_LOG2, _R, _P))
    total = source.stat().st_size
    tmp = destination.with_name(destination.name + ".partial")
    try:
        with source.open("rb") as src, tmp.open("wb") as dst:
            dst.write(header)
            chunk, index, done = src.read(CHUNK), 0, 0
            while True:
                following = src.read(CHUNK)
                last = not following
                dst.write(aead.encrypt(_nonce(prefix, index, last), chunk, header))
                done += len(chunk)
                if progress:
                    progress(done, total, "Đang mã hóa bản sao lưu…")
                if last:
                    break
                chunk, index = following, index + 1
            dst.flush()
            os.fsync(dst.fileno())
        tmp.replace(destination)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return destination


def decrypt_file(source: Path, destination: Path, password: str, *, progress: Progress | None = None) -> Path:
    """Decrypt ``source`` into ``destination``; ``BackupError`` for a wrong password or an altered file."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    total = source.stat().st_size
    tmp = destination.with_name(destination.name + ".partial")
    try:
        with source.open("rb") as src:
            header = src.read(_HEADER.size)
            if len(header) < _HEADER.size or not header.startswith(MAGIC):
                raise BackupError(f"Tệp {source.name} không phải bản sao lưu đã mã hóa của chương trình.")
            _magic, n_log2, r, p, salt, prefix = _HEADER.unpack(header)
            aead = AESGCM(_key(password, salt, n_log2, r, p))
            with tmp.open("wb") as dst:
                block, index, done = src.read(CHUNK + TAG), 0, _HEADER.size
                while True:
                    following = src.read(CHUNK + TAG)
                    last = not following
                    if len(block) < TAG:
                        raise BackupError(WRONG_PASSWORD)
                    try:
                        dst.write(aead.decrypt(_nonce(prefix, index, last), block, header))
                    except InvalidTag as exc:
                        raise BackupError(WRONG_PASSWORD) from exc
                    done += len(block)
                    if progress:
                        progress(done, total, "Đang giải mã bản sao lưu…")
                    if last:
                        break
                    block, index = following, index + 1
        tmp.replace(destination)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return destination
