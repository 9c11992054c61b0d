"""Where the data folder goes: --data-dir, TRUNGTAM_DATA_DIR, a `portable` marker beside a frozen program,
then the user's data folder. The frozen program itself is checked in tests/packaging (slow)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from trungtam_desktop import paths


@pytest.fixture
def frozen_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pretend one-folder build: sys.frozen set and sys.executable inside ``tmp_path/app``."""
    app = tmp_path / "app"
    (app / "_internal").mkdir(parents=True)
    exe = app / "trungtam-desktop.exe"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(sys, "_MEIPASS", str(app / "_internal"), raising=False)
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    return app


def _user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("trungtam_desktop", appauthor=False, roaming=False))


def test_frozen_program_without_marker_uses_the_user_data_folder(frozen_program: Path) -> None:
    assert paths.resolve_data_paths().root == _user_data_dir()


def test_portable_marker_puts_data_beside_the_program(frozen_program: Path) -> None:
    (frozen_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.resolve_data_paths().root == frozen_program.resolve() / "data"
    assert paths.resolve_data_paths().database == frozen_program.resolve() / "data" / "trungtam.sqlite"


def test_environment_and_command_line_win_over_the_marker(
    frozen_program: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (frozen_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert paths.resolve_data_paths().root == (tmp_path / "from-env").resolve()
    assert paths.resolve_data_paths(tmp_path / "from-cli").root == (tmp_path / "from-cli").resolve()


def test_marker_is_ignored_when_running_from_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.resolve_data_paths().root == _user_data_dir()


def test_frozen_resources_are_found_inside_the_bundle(frozen_program: Path) -> None:
    assert paths.resource("fonts", "x.ttf") == frozen_program / "_internal" / "resources" / "fonts" / "x.ttf"
