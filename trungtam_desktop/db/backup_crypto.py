"""Password encryption of exported backups (USB drives get lost).

Authenticated encryption from the ``cryptography`` package: AES-256-GCM with a key derived from the password
by scrypt (n=2**15, r=8, p=1, a random 16-byte salt per file). The file is encrypted in 1 MiB chunks so a
large database never sits in memory twice; each chunk's nonce is a random 7-byte prefix, the chunk's
number and a last-chunk flag (the "STREAM" construction), and the file header is authenticated with every
chunk: a chunk cut off, reordered, swapped from another file or altered fails to decrypt.

Layout: ``MAGIC (8) | n_log2 (1) | r (1) | p (1) | salt (16) | prefix (7) | chunks…``, each chunk being
``ciphertext + 16-byte tag``.

Passwords are normalised to Unicode NFC before the key is derived: Vietnamese typed with Unikey's "Unicode
tổ hợp" (combining marks) and with "Unicode dựng sẵn" (precomposed) is then the same password. Backups
written before this normalisation used the bytes as typed; to open those, the other spellings of the same
text (as typed, fully decomposed NFD, and Unikey's "tổ hợp" form: letters with their shape marks, tone marks
combining) are tried after NFC, each checked on the first chunk only.
"""

from __future__ import annotations

import os
import struct
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from trungtam_desktop.db import temp_files
from trungtam_desktop.db.backup import BackupError
from trungtam_desktop.disk_errors import disk_error

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


# Vietnamese vowel-shape marks (circumflex, breve, horn): composed with their letter in Unikey's "tổ hợp"
# output, while the tone marks (grave, acute, hook, tilde, dot below) stay combining characters.
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}


def _unikey_composite(text: str) -> str:
    out: list[str] = []
    base, shapes, tones = "", "", ""
    for char in unicodedata.normalize("NFD", text) + "\0":
        if unicodedata.combining(char) and base:
            if char in _SHAPE_MARKS:
                shapes += char
            else:
                tones += char
            continue
        if base:
            out.append(unicodedata.normalize("NFC", base + shapes) + tones)
        base, shapes, tones = char, "", ""
    return "".join(out)


def password_forms(password: str) -> list[str]:
    """The spellings a key may have been derived from: NFC first (every backup made from now on), then
    as typed, NFD and Unikey's "tổ hợp" (backups made before passwords were normalised)."""
    forms: list[str] = []
    for form in (
        unicodedata.normalize("NFC", password),
        password,
        unicodedata.normalize("NFD", password),
        _unikey_composite(password),
    ):
        if form not in forms:
            forms.append(form)
    return forms


def _key(password: str, salt: bytes, n_log2: int, r: int, p: int) -> bytes:
    """The AES key for ``password`` exactly as given (callers normalise it)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not 10 <= n_log2 <= 22 or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise BackupError(WRONG_PASSWORD)
    return Scrypt(salt=salt, length=32, n=1 << n_log2, r=r, p=p).derive(password.encode("utf-8"))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def encrypt_file(source: Path, destination: Path, password: str, *, progress: Progress | None = None) -> Path:
    """Write ``source`` encrypted with ``password`` (normalised to NFC) to ``destination``, whole or not at
    all (through a temporary file beside it)."""
    if not password:
        raise BackupError("Mật khẩu mã hóa không được để trống.")
    return _encrypt(source, destination, unicodedata.normalize("NFC", password), progress)


def _encrypt(source: Path, destination: Path, key_text: str, progress: Progress | None) -> Path:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, prefix = os.urandom(16), os.urandom(7)
    header = _HEADER.pack(MAGIC, _N_LOG2, _R, _P, salt, prefix)
    aead = AESGCM(_key(key_text, salt, _N_LOG2, _R, _P))
    total = source.stat().st_size
    tmp = temp_files.temporary(destination.parent, "ma-hoa", ".enc")
    try:
        with source.open("rb") as src, tmp.open("xb") as dst:
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
        os.replace(tmp, destination)
    except OSError as exc:
        raise disk_error(exc, destination.parent, "thư mục") from exc
    finally:
        temp_files.remove(tmp)
    return destination


def _chunks(source: Path, password: str) -> Iterator[tuple[bytes, int, int]]:
    """The decrypted chunks of ``source`` with (bytes read so far, file size); ``BackupError`` for a wrong
    password (every spelling of it tried on the first chunk) or an altered file."""
    from cryptography.exceptions import InvalidTag

    total = source.stat().st_size
    with source.open("rb") as src:
        header = src.read(_HEADER.size)
        if len(header) < _HEADER.size or not header.startswith(MAGIC):
            raise BackupError(f"Tệp {source.name} không phải bản sao lưu đã mã hóa của chương trình.")
        _magic, n_log2, r, p, salt, prefix = _HEADER.unpack(header)
        block, index, done = src.read(CHUNK + TAG), 0, _HEADER.size
        aead: Any = None
        while True:
            following = src.read(CHUNK + TAG)
            last = not following
            if len(block) < TAG:
                raise BackupError(WRONG_PASSWORD)
            nonce = _nonce(prefix, index, last)
            if aead is None:
                aead, plain = _first_chunk(password, salt, (n_log2, r, p), nonce, block, header)
            else:
                try:
                    plain = aead.decrypt(nonce, block, header)
                except InvalidTag as exc:
                    raise BackupError(WRONG_PASSWORD) from exc
            done += len(block)
            yield plain, done, total
            if last:
                return
            block, index = following, index + 1


def _first_chunk(
    password: str, salt: bytes, cost: tuple[int, int, int], nonce: bytes, block: bytes, header: bytes
) -> tuple[Any, bytes]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    for form in password_forms(password):
        aead = AESGCM(_key(form, salt, *cost))
        try:
            return aead, aead.decrypt(nonce, block, header)
        except InvalidTag:
            continue
    raise BackupError(WRONG_PASSWORD)


def decrypt_file(source: Path, destination: Path, password: str, *, progress: Progress | None = None) -> Path:
    """Decrypt ``source`` into ``destination``; ``BackupError`` for a wrong password or an altered file.
    ``destination`` should be a ``temp_files.temporary`` name: a decrypted copy is personal data in clear."""
    try:
        with destination.open("xb") as dst:
            _write_chunks(_chunks(source, password), dst, progress)
    except BaseException:
        temp_files.remove(destination)
        raise
    return destination


def _write_chunks(
    chunks: Iterator[tuple[bytes, int, int]], dst: IO[bytes], progress: Progress | None
) -> None:
    for plain, done, total in chunks:
        dst.write(plain)
        if progress:
            progress(done, total, "Đang giải mã bản sao lưu…")


def matches(encrypted: Path, plain: Path, password: str) -> bool:
    """Whether ``encrypted`` decrypts to exactly the bytes of ``plain`` (read back without writing any
    decrypted copy to disk). A wrong password or an altered file is False."""
    try:
        with plain.open("rb") as original:
            for chunk, _done, _total in _chunks(encrypted, password):
                if original.read(len(chunk)) != chunk:
                    return False
            return original.read(1) == b""
    except BackupError:
        return False
