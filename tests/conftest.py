"""Shared fixtures: a migrated database template copied fresh for each test that needs one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from trungtam_desktop.app import OpenedData, open_services
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.paths import DataPaths

FIXED_TODAY = date(2024, 11, 20)
# The centre the test databases are set up as. A new database names no centre (the first-run setup asks):
# tests that print documents give it this one explicitly.
TEST_CENTRE = CentreIdentity(
    parent_body="HUYỆN ỦY ĐỨC TRỌNG", centre_name="TRUNG TÂM CHÍNH TRỊ", place_name="Đức Trọng"
)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated to head with the defaults and set up as ``TEST_CENTRE``, built once per run."""
    folder = tmp_path_factory.mktemp("template")
    opened = open_services(DataPaths(folder))
    opened.services.settings.save_centre(TEST_CENTRE)
    opened.close()
    return folder / "trungtam.sqlite"


@pytest.fixture
def data_paths(tmp_path: Path, migrated_template: Path) -> DataPaths:
    """A fresh data folder holding a copy of the migrated template."""
    paths = DataPaths(tmp_path / "data").ensure()
    shutil.copy(migrated_template, paths.database)
    return paths


@pytest.fixture
def opened(data_paths: DataPaths) -> Iterator[OpenedData]:
    opened = open_services(data_paths, user="kiểm thử")
    opened.services.context.today = lambda: FIXED_TODAY
    yield opened
    opened.close()


@pytest.fixture
def services(opened: OpenedData):  # type: ignore[no-untyped-def]
    return opened.services
