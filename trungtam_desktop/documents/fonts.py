"""The serif font family every document is set in, registered once with ReportLab.

Party documents are set in Times New Roman. When the PC has it (every Windows PC does, in
``%WINDIR%\\Fonts``) we use it; otherwise the Liberation Serif shipped in ``resources/fonts`` (SIL OFL 1.1),
which has the same metrics, so a line breaks in the same place with either. ReportLab's built-in fonts
cannot draw Vietnamese and are never used. TrueType fonts are embedded as subsets by ReportLab.

Registration is idempotent and cached: call :func:`register_fonts` (every renderer does) before building
paragraph styles. The ReportLab names are fixed (:data:`FONT`, :data:`FONT_BOLD`, ...) whichever files
back them, so styles never need to know which family was chosen.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from trungtam_desktop.paths import resource

FAMILY = "TTCT-Serif"
FONT = "TTCT-Serif"
FONT_BOLD = "TTCT-Serif-Bold"
FONT_ITALIC = "TTCT-Serif-Italic"
FONT_BOLD_ITALIC = "TTCT-Serif-BoldItalic"

_STYLES = ("regular", "bold", "italic", "bold_italic")
_TIMES_FILES = {
    "regular": "times.ttf",
    "bold": "timesbd.ttf",
    "italic": "timesi.ttf",
    "bold_italic": "timesbi.ttf",
}
# msttcorefonts on Linux also installs the long names.
_TIMES_LONG_FILES = {
    "regular": "Times_New_Roman.ttf",
    "bold": "Times_New_Roman_Bold.ttf",
    "italic": "Times_New_Roman_Italic.ttf",
    "bold_italic": "Times_New_Roman_Bold_Italic.ttf",
}
_LIBERATION_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
_LINUX_FONT_ROOT = Path("/usr/share/fonts")


@dataclass(frozen=True)
class FontFiles:
    """The four files of one family and the family's human name."""

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    @property
    def is_bundled(self) -> bool:
        """True when the shipped Liberation Serif is used (no Times New Roman on this PC)."""
        return self.family == "Liberation Serif"


def _complete(folder: Path, names: dict[str, str]) -> dict[str, Path] | None:
    paths = {style: folder / names[style] for style in _STYLES}
    return paths if all(p.is_file() for p in paths.values()) else None


def _windows_font_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _linux_font_dirs(root: Path) -> list[Path]:
    """Folders at most two levels under ``root`` holding a ``times*.ttf`` (no deep walk)."""
    found: list[Path] = []
    level = [root]
    for _depth in range(3):
        next_level: list[Path] = []
        for folder in level:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            if any(e.is_file() and e.name.lower().startswith("times") for e in entries):
                found.append(folder)
            next_level.extend(Path(e.path) for e in entries if e.is_dir())
        level = next_level
    return found


def find_times_new_roman() -> FontFiles | None:
    """The four Times New Roman files of this PC, or None when any is missing."""
    folders = _windows_font_dirs() if sys.platform == "win32" else _linux_font_dirs(_LINUX_FONT_ROOT)
    for folder in folders:
        for names in (_TIMES_FILES, _TIMES_LONG_FILES):
            paths = _complete(folder, names)
            if paths:
                return FontFiles("Times New Roman", **paths)
    return None


def bundled_fonts() -> FontFiles:
    """The Liberation Serif files shipped in ``resources/fonts``."""
    folder = resource("fonts")
    paths = _complete(folder, _LIBERATION_FILES)
    if paths is None:
        raise FileNotFoundError(f"Liberation Serif fonts missing from {folder}")
    return FontFiles("Liberation Serif", **paths)


@cache
def register_fonts() -> FontFiles:
    """Register the serif family (Times New Roman if present, else Liberation Serif); returns its files.

    Safe to call any number of times: the work is done once per process.
    """
    files = find_times_new_roman() or bundled_fonts()
    for name, path in (
        (FONT, files.regular),
        (FONT_BOLD, files.bold),
        (FONT_ITALIC, files.italic),
        (FONT_BOLD_ITALIC, files.bold_italic),
    ):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # Paragraph markup (<b>, <i>) finds the faces through this family (named like the regular face).
    pdfmetrics.registerFontFamily(
        FAMILY, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    return files


def string_width(text: str, font: str, size: float) -> float:
    """Width in points of ``text`` set in a registered ``font`` at ``size``."""
    return pdfmetrics.stringWidth(text, font, size)
