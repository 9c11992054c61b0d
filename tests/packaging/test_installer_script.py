"""The Inno Setup script keeps its promises; read as text, since Inno Setup does not run here.

Fast (no build): part of the default test run. The frozen build itself is tested in test_frozen_build.py.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "trungtam_desktop.iss"
SPEC = ROOT / "packaging" / "trungtam_desktop.spec"


def _sections() -> dict[str, list[str]]:
    """Section name (lower case) → its non-comment, non-blank lines, continuation lines joined."""
    text = ISS.read_text(encoding="utf-8-sig").replace(" \\\n", " ").replace(" \\\r\n", " ")
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        heading = re.fullmatch(r"\[(\w+)\]", line)
        if heading:
            current = heading.group(1).lower()
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def _setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in _sections()["setup"])


def test_script_is_utf8_with_a_bom() -> None:
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")


def test_fixed_app_id_and_per_user_install() -> None:
    setup = _setup()
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"].startswith("{autopf}\\")
    assert setup["UsePreviousAppDir"] == "yes"
    assert setup["AppVersion"] == "{#AppVersion}"


def test_vietnamese_is_the_only_language_and_user_texts_are_vietnamese() -> None:
    sections = _sections()
    assert sections["languages"] == ['Name: "vi"; MessagesFile: "{#VietnameseIsl}"']
    custom = dict(line.split("=", 1) for line in sections["custommessages"])
    assert all(key.startswith("vi.") for key in custom)
    assert custom["vi.DesktopShortcut"] == "Tạo biểu tượng trên &màn hình nền"
    assert '#define AppName "Quản lý Trung tâm chính trị"' in ISS.read_text(encoding="utf-8-sig")


def test_start_menu_and_desktop_shortcuts_start_the_windowed_program() -> None:
    icons = _sections()["icons"]
    assert any(line.startswith('Name: "{autoprograms}\\{#AppName}"') for line in icons)
    desktop = [line for line in icons if line.startswith('Name: "{autodesktop}\\{#AppName}"')]
    assert desktop and "Tasks: desktopicon" in desktop[0]
    assert all('Filename: "{app}\\{#AppExe}"' in line for line in icons)
    assert '#define AppExe "trungtam-desktop.exe"' in ISS.read_text(encoding="utf-8-sig")
    assert 'GUI_NAME = "trungtam-desktop"' in SPEC.read_text(encoding="utf-8")


def test_upgrade_removes_only_old_program_files_and_nothing_touches_the_data_folder() -> None:
    sections = _sections()
    assert sections["installdelete"] == [
        'Type: filesandordirs; Name: "{app}\\_internal"',
        'Type: files; Name: "{app}\\{#AppExe}"',
        'Type: files; Name: "{app}\\{#AppCliExe}"',
    ]
    assert "uninstalldelete" not in sections and "code" not in sections and "uninstallrun" not in sections
    text = ISS.read_text(encoding="utf-8-sig").lower()
    code_lines = [line for lines in sections.values() for line in lines]
    assert not any("{localappdata}" in line.lower() or "{userappdata}" in line.lower() for line in code_lines)
    assert "trungtam_desktop" not in "\n".join(code_lines).lower().replace("trungtam_desktop.iss", "")
    assert "%localappdata%\\trungtam_desktop" in text  # the promise is written down where it is kept


def test_files_come_from_the_one_folder_build_without_a_portable_marker() -> None:
    files = _sections()["files"]
    assert len(files) == 1
    assert files[0].startswith('Source: "{#SourceDir}\\*"; DestDir: "{app}"; Excludes: "portable,\\data\\*";')
    assert "recursesubdirs" in files[0] and "ignoreversion" in files[0]
