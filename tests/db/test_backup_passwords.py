"""Issue 22 item 2: a Vietnamese password is the same password however Unikey typed it.

"Unicode dựng sẵn" types precomposed letters (NFC); "Unicode tổ hợp" types a letter with its shape mark and
the tone as a combining character; other tools give full NFD. Keys are now derived from NFC; backups
encrypted before that, from whatever bytes were typed, still open when the clerk types the same password in
any of those forms. Sign-in normalises the same way.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from trungtam_desktop.cli import main
from trungtam_desktop.db import backup as bk
from trungtam_desktop.db.backup_crypto import (
    _encrypt,
    _unikey_composite,
    decrypt_file,
    encrypt_file,
    matches,
    password_forms,
)
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.access import AccessService, hash_password
from trungtam_desktop.services.backups import BackupError, BackupService

from .test_backup import add_learner, learner_names

PASSWORD = "Mật khẩu Trường Sơn ộ"
NFC = unicodedata.normalize("NFC", PASSWORD)
NFD = unicodedata.normalize("NFD", PASSWORD)
TO_HOP = _unikey_composite(PASSWORD)  # Unikey's "Unicode tổ hợp": ô + combining dot below, and so on


def test_the_three_spellings_differ_as_bytes_and_name_the_same_text() -> None:
    assert len({NFC.encode(), NFD.encode(), TO_HOP.encode()}) == 3
    assert unicodedata.normalize("NFC", TO_HOP) == NFC == unicodedata.normalize("NFC", NFD)
    assert "ô\u0323" in TO_HOP and "ơ\u0300" in TO_HOP  # shape marks composed, tone marks combining
    assert password_forms(NFD) == [NFC, NFD, TO_HOP]
    assert password_forms("ascii-only") == ["ascii-only"]  # one try for a password without diacritics


@pytest.mark.parametrize("typed_when_saving", [NFC, NFD, TO_HOP])
@pytest.mark.parametrize("typed_when_opening", [NFC, NFD, TO_HOP])
def test_a_new_backup_opens_whichever_way_the_password_is_typed(
    typed_when_saving: str, typed_when_opening: str, data_paths: DataPaths, tmp_path: Path
) -> None:
    sealed = encrypt_file(data_paths.database, tmp_path / "sao-luu.sqlite.enc", typed_when_saving)
    plain = decrypt_file(sealed, tmp_path / "giai-ma.sqlite", typed_when_opening)
    assert plain.read_bytes() == data_paths.database.read_bytes()
    assert matches(sealed, data_paths.database, typed_when_opening)


@pytest.mark.parametrize("old_key_text", [NFD, TO_HOP], ids=["nfd", "to-hop"])
@pytest.mark.parametrize("typed_when_opening", [NFC, NFD, TO_HOP], ids=["nfc", "nfd", "to-hop"])
def test_a_backup_made_before_normalisation_still_opens(
    old_key_text: str, typed_when_opening: str, data_paths: DataPaths, tmp_path: Path
) -> None:
    """The program before this change derived the key from the bytes as typed (here: a tổ hợp or an NFD
    keyboard). The clerk types the same password today, in either form, and the backup opens."""
    old = _encrypt(data_paths.database, tmp_path / "cu.sqlite.enc", old_key_text, None)
    plain = decrypt_file(old, tmp_path / "giai-ma.sqlite", typed_when_opening)
    assert plain.read_bytes() == data_paths.database.read_bytes()


def test_a_wrong_password_is_still_refused_in_every_form(data_paths: DataPaths, tmp_path: Path) -> None:
    sealed = encrypt_file(data_paths.database, tmp_path / "a.sqlite.enc", PASSWORD)
    for wrong in ("Mật khẩu Trường Sơn ô", unicodedata.normalize("NFD", "Mật khẩu Trường Sơn ơ"), "mat khau"):
        with pytest.raises(BackupError, match="Mật khẩu không đúng"):
            decrypt_file(sealed, tmp_path / "x.sqlite", wrong)
        assert not (tmp_path / "x.sqlite").exists()


def test_window_backup_and_restore_across_keyboards(data_paths: DataPaths, tmp_path: Path) -> None:
    """The backup dialog and the restore dialog hand the typed text to these service calls."""
    add_learner(data_paths.database, "Nguyễn Thị Mỵ")
    service = BackupService(data_paths)
    sealed = service.export(tmp_path / "usb", TO_HOP)  # typed with Unikey "tổ hợp" on one PC
    assert service.preview(sealed, NFC).learners == 1  # opened on a PC typing "dựng sẵn"
    add_learner(data_paths.database, "Sau khi sao lưu")
    service.restore(sealed, NFD)
    assert learner_names(data_paths.database) == ["Nguyễn Thị Mỵ"]


def test_command_line_backup_and_restore_across_keyboards(
    data_paths: DataPaths, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    typed_nfd, typed_nfc = tmp_path / "mk-nfd.txt", tmp_path / "mk-nfc.txt"
    typed_nfd.write_text(NFD + "\n", "utf-8")
    typed_nfc.write_text(NFC + "\n", "utf-8-sig")
    sealed = tmp_path / "usb" / "sao-luu.sqlite.enc"
    root = str(data_paths.root)
    assert main(["backup", "--data-dir", root, "--to", str(sealed), "--password-file", str(typed_nfd)]) == 0
    assert main(["restore", "--data-dir", root, str(sealed), "--password-file", str(typed_nfc)]) == 0
    assert "Đã khôi phục dữ liệu" in capsys.readouterr().out


def test_sign_in_accepts_either_form(services) -> None:  # type: ignore[no-untyped-def]
    access = AccessService(services.context, hasher=lambda p: hash_password(p, n=2**10))
    access.enable("Quản trị", NFD)
    assert access.sign_in("Quản trị", NFC).name == "Quản trị"
    assert access.sign_in("Quản trị", TO_HOP).name == "Quản trị"


def test_old_backup_names_are_kept_when_publishing(data_paths: DataPaths, tmp_path: Path) -> None:
    """Two exports in the same second get two files, never one written over the other."""
    service = BackupService(data_paths)
    first = service.export(tmp_path / "usb", NFC)
    second = service.export(tmp_path / "usb", NFC)
    assert first != second and first.exists() and second.exists()
    assert bk.parse_backup_name(second.name) is not None
