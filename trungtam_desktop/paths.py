"""Where the program keeps its data, and where it finds its own resources.

Data (the database, backups, logs) lives in the user's data folder, never beside the executable:
``--data-dir`` wins, then the ``TRUNGTAM_DATA_DIR`` environment variable, then a ``portable`` marker
file beside a frozen executable (data next to it, for a USB stick), then platformdirs.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from trungtam_desktop import APP_NAME

ENV_DATA_DIR = "TRUNGTAM_DATA_DIR"
DATABASE_NAME = "trungtam.sqlite"
PORTABLE_MARKER = "portable"


@dataclass(frozen=True)
class DataPaths:
    """The folders and files of one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def lock_file(self) -> Path:
        return self.root / "trungtam.lock"

    def ensure(self) -> DataPaths:
        """Create the folders if they do not exist yet; returns self."""
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def executable_dir() -> Path:
    return Path(sys.executable).resolve().parent


def default_data_root() -> Path:
    """The data folder used when nothing overrides it."""
    if is_frozen() and (executable_dir() / PORTABLE_MARKER).exists():
        return executable_dir() / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_paths(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """The data folder chosen by ``--data-dir``, the environment, portable mode or platformdirs."""
    if data_dir:
        return DataPaths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    if env:
        return DataPaths(Path(env).expanduser().resolve())
    return DataPaths(default_data_root())


def resources_root() -> Path:
    """The ``resources/`` folder, from a source checkout or inside a PyInstaller bundle."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", executable_dir())) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of a file under ``resources/`` (fonts, icons, sample files)."""
    return resources_root().joinpath(*parts)
