"""Issue 15 finding 3: nothing personal in the logs, the error report or the console.

Known people (name, citizen-ID number, birth date, phone) are put into the data; every write then fails
inside SQLite (a trigger refuses every audit entry, and each write of the program writes one, with the
person's name and fields in it: the very statement whose bound values SQLAlchemy used to print). Each error
path is taken — the window's error box, the last-resort handler of a slot, the command line, an unexpected
Python error carrying a value in its message — then "Gửi báo lỗi" builds its zip, and the zip, the log
files, the error boxes' details and the console are searched for the people's data: 0 hits.

The command line's import prints one line per row of the list (name and status) on purpose: that report
is the command's output, asked for, and is left out of the search; its errors are not.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.classwork_builder import build_class
from tests.import_fixtures import simple_list
from trungtam_desktop.app import open_services
from trungtam_desktop.cli import main
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.error_report import write_error_report
from trungtam_desktop.logs import setup_logging
from trungtam_desktop.paths import DataPaths

PEOPLE = [
    ("Hoàng Thị Bí Mật", "079123456789", date(1990, 3, 5), "0912345678"),
    ("Trịnh Văn Riêng Tư", "001085004321", date(1985, 11, 27), "0987654321"),
]
SECRETS = [
    text
    for name, cccd, birth, phone in PEOPLE
    for text in (name, name.upper(), cccd, phone, f"{birth:%d/%m/%Y}", birth.isoformat())
]
REFUSE_WRITES = (
    "CREATE TRIGGER khong_ghi BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'ổ đĩa hỏng'); END"
)


def hits(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture
def known(data_paths: DataPaths) -> DataPaths:
    opened = open_services(data_paths)
    try:
        built = build_class(opened.database, code="BIMAT-2024", learners=2, sessions=2)
        for name, cccd, birth, phone in PEOPLE:
            opened.services.learners.create(
                dm.Learner(name, birth_date=birth, cccd=cccd, phone=phone, gender=Gender.FEMALE)
            )
        assert built.class_id
    finally:
        opened.close()
    with contextlib.closing(sqlite3.connect(data_paths.database)) as conn:
        conn.execute(REFUSE_WRITES)
        conn.commit()
    return data_paths


def test_no_personal_data_leaves_through_any_error_path(
    known: DataPaths, tmp_path: Path, qapp, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from trungtam_desktop.ui.application import GuiApplication
    from trungtam_desktop.ui.common import messages

    shown: list[str] = []

    def record(box: QMessageBox) -> int:
        shown.append(box.detailedText())  # the traceback; the text itself speaks to the clerk of their data
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    setup_logging(known.logs)
    opened = open_services(known)
    failures: list[BaseException] = []
    try:
        learners = opened.services.learners
        # 1. The window: saving an edit of a known person fails; the error box shows it and logs it.
        (person,) = learners.search("Hoàng Thị Bí Mật").items
        edited = dataclasses.replace(person, phone="0911222333", unit="Chi bộ thôn 3")
        for action in (
            lambda: learners.update(edited),
            lambda: learners.create(
                dm.Learner("Trịnh Văn Riêng Tư", cccd="001085004321", phone="0987654321", gender=Gender.MALE)
            ),
        ):
            try:
                action()
            except Exception as exc:
                failures.append(exc)
                messages.show_error(None, exc)
        # 2. A slot that let an error escape: the last-resort handler logs it and shows it.
        gui = GuiApplication()
        try:
            for exc in failures:
                gui._excepthook(type(exc), exc, exc.__traceback__)
            # 3. An unexpected Python error carrying a value in its message (a bug, one day).
            try:
                {}["Hoàng Thị Bí Mật"]
            except KeyError as exc:
                gui._excepthook(KeyError, exc, exc.__traceback__)
            try:
                int("079123456789 ngày 05/03/1990")
            except ValueError as exc:
                messages.show_error(None, exc)
        finally:
            gui.restore_excepthook()
    finally:
        opened.close()
    assert len(failures) == 2 and shown
    window_console = capsys.readouterr()

    # 4. The command line: an import of a list with the same people, and a reprint that writes its audit.
    source = simple_list(
        tmp_path / "ds.xlsx",
        [
            (1, "Hoàng Thị Bí Mật", date(1990, 3, 5), "Nữ", "Thôn 1"),
            (2, "Người Mới Tên Khác", date(1991, 1, 2), "Nam", "Thôn 2"),
        ],
    )
    root = str(known.root)
    cli_out = []
    for argv in (
        ["import", "learners", str(source), "--data-dir", root, "--class", "BIMAT-2024"],
        [
            "print",
            "class-list",
            "--class",
            "BIMAT-2024",
            "--out",
            str(tmp_path / "ds.pdf"),
            "--data-dir",
            root,
        ],
        [
            "report",
            "--year",
            "2024",
            "--period",
            "year",
            "--out",
            str(tmp_path / "bc.pdf"),
            "--data-dir",
            root,
        ],
    ):
        code = main(argv)
        captured = capsys.readouterr()
        report = [
            line
            for line in captured.out.splitlines()
            if argv[0] == "import" and line.startswith(("Dòng", "Tệp"))
        ]
        cli_out.append(
            (argv[0], code, "\n".join(x for x in captured.out.splitlines() if x not in report), captured.err)
        )
    assert cli_out[0][1] == 1 and "Lỗi" in cli_out[0][3], cli_out  # the import failed (its audit was refused)

    # 5. "Gửi báo lỗi": the zip of the logs, searched with everything else.
    for handler in logging.getLogger().handlers:
        handler.flush()
    zipped = write_error_report(known.logs, tmp_path / "bao-loi.zip")
    with zipfile.ZipFile(zipped) as archive:
        archive_text = "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    logs_text = "\n".join(p.read_text("utf-8") for p in known.logs.glob("trungtam.log*"))
    assert "IntegrityError" in logs_text and "KeyError" in logs_text  # the errors were logged...
    found = {
        "zip": hits(archive_text),
        "logs": hits(logs_text),
        "error boxes' details": hits("\n".join(shown)),
        "window console": hits(window_console.out + window_console.err),
        **{f"command {name}": hits(out + err) for name, _code, out, err in cli_out},
    }
    assert found == {key: [] for key in found}, found  # ...and nothing personal with them
