"""The serif family: Times New Roman when the PC has it, else the shipped Liberation Serif."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from trungtam_desktop.documents import fonts
from trungtam_desktop.paths import resource

TIMES = ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf")
# Every letter Vietnamese writes, with each tone mark, upper and lower case.
VIETNAMESE = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0309\u0303\u0323"


def _vietnamese_letters() -> str:
    import unicodedata

    letters = "đĐ" + VIETNAMESE + VIETNAMESE.upper()
    for vowel in VIETNAMESE + VIETNAMESE.upper():
        letters += "".join(unicodedata.normalize("NFC", vowel + tone) for tone in TONES)
    return letters


def _touch(folder: Path, names: tuple[str, ...]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"")


def test_registration_is_cached_and_names_are_registered() -> None:
    chosen = fonts.register_fonts()
    assert fonts.register_fonts() is chosen
    assert chosen.family in ("Times New Roman", "Liberation Serif")
    for name in (fonts.FONT, fonts.FONT_BOLD, fonts.FONT_ITALIC, fonts.FONT_BOLD_ITALIC):
        assert pdfmetrics.getFont(name).fontName == name


def test_shipped_fonts_and_licence_are_present() -> None:
    bundled = fonts.bundled_fonts()
    assert bundled.is_bundled
    for path in (bundled.regular, bundled.bold, bundled.italic, bundled.bold_italic):
        assert path.stat().st_size > 100_000
    licence = resource("fonts", "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in licence
    assert "Reserved Font Name Liberation" in licence


@pytest.mark.parametrize("face", [fonts.FONT, fonts.FONT_BOLD, fonts.FONT_ITALIC, fonts.FONT_BOLD_ITALIC])
def test_every_vietnamese_letter_has_a_glyph(face: str) -> None:
    fonts.register_fonts()
    char_to_glyph = pdfmetrics.getFont(face).face.charToGlyph
    missing = [c for c in _vietnamese_letters() if ord(c) not in char_to_glyph]
    assert missing == []


def test_times_new_roman_found_two_levels_down_on_linux(tmp_path, monkeypatch) -> None:
    _touch(tmp_path / "truetype" / "msttcorefonts", TIMES)
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    monkeypatch.setattr(fonts, "_LINUX_FONT_ROOT", tmp_path)
    found = fonts.find_times_new_roman()
    assert found is not None
    assert found.family == "Times New Roman"
    assert found.bold == tmp_path / "truetype" / "msttcorefonts" / "timesbd.ttf"
    assert not found.is_bundled


def test_incomplete_times_family_is_not_used(tmp_path, monkeypatch) -> None:
    _touch(tmp_path / "truetype" / "msttcorefonts", TIMES[:3])
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    monkeypatch.setattr(fonts, "_LINUX_FONT_ROOT", tmp_path)
    assert fonts.find_times_new_roman() is None


def test_times_new_roman_found_in_windows_fonts_folder(tmp_path, monkeypatch) -> None:
    _touch(tmp_path / "Fonts", TIMES)
    monkeypatch.setattr(fonts.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    found = fonts.find_times_new_roman()
    assert found is not None
    assert found.regular == tmp_path / "Fonts" / "times.ttf"
