"""The process the kill tests murder: one large import or one bulk certificate issue on a data folder.

    python -m tests.faults.kill_child import DATA_DIR FILE.xlsx CLASS_CODE
    python -m tests.faults.kill_child issue DATA_DIR CLASS_CODE
    python -m tests.faults.kill_child restore DATA_DIR BACKUP.sqlite.enc PASSWORD
    python -m tests.faults.kill_child export DATA_DIR FOLDER PASSWORD

It prints, one line each and flushed at once, where it has got to, so that the parent can kill it inside
the transaction and say afterwards where the kill landed:
``READY`` (data open, plan made), ``BEGIN`` (the service call starts), ``WRITING`` (the call's write
transaction has begun), ``COMMIT`` (SQLAlchemy is about to send COMMIT), ``DONE`` (the call returned).
A restore and an encrypted backup say each step of theirs instead (``STEPS`` below), printed just before
the step starts. Nothing here changes what the program does: the hooks are engine events and thin
wrappers that print a word and call the original function.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from sqlalchemy import event

from trungtam_desktop.app import open_services
from trungtam_desktop.paths import DataPaths

# The steps of a restore and of an encrypted backup, in the order they are announced.
STEPS = {
    "restore": ("DECRYPT", "STAGE", "CHECKPOINT", "SAFETY_COPY", "AUDIT", "SWAP"),
    "export": ("COPY", "ENCRYPT", "VERIFY", "PUBLISH"),
}

ISSUED_ON = date(2024, 6, 20)


def say(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


def announce(module: object, name: str, word: str) -> None:
    """Replace ``module.name`` by a wrapper that says ``word`` and calls the original."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        say(word)
        return original(*args, **kwargs)

    setattr(module, name, wrapper)


def restore(data_dir: Path, source: Path, password: str) -> None:
    import types

    from trungtam_desktop.db import restore as restore_module
    from trungtam_desktop.services.backups import BackupService

    announce(restore_module, "open_backup", "DECRYPT")
    announce(restore_module, "backup_file", "STAGE")
    announce(restore_module, "_exclusive", "CHECKPOINT")
    announce(restore_module, "make_backup", "SAFETY_COPY")
    shim = types.SimpleNamespace(**vars(restore_module.os))
    announce(shim, "replace", "SWAP")
    restore_module.os = shim  # type: ignore[assignment]
    service = BackupService(DataPaths(data_dir), user=lambda: "kiểm thử ngắt điện")
    recorder = service._recorder

    def announced_recorder(path, what):  # type: ignore[no-untyped-def]
        record = recorder(path, what)

        def wrapped(staged, previous):  # type: ignore[no-untyped-def]
            say("AUDIT")
            return record(staged, previous)

        return wrapped

    service._recorder = announced_recorder  # type: ignore[method-assign]
    say("READY")
    say("BEGIN")
    service.restore(source, password)


def export(data_dir: Path, folder: Path, password: str) -> None:
    from trungtam_desktop.db import backup as backup_module
    from trungtam_desktop.db import temp_files
    from trungtam_desktop.services import backups

    announce(backup_module, "backup_file", "COPY")
    announce(backups, "encrypt_file", "ENCRYPT")
    announce(backups, "matches", "VERIFY")
    announce(temp_files, "publish", "PUBLISH")
    say("READY")
    say("BEGIN")
    backups.BackupService(DataPaths(data_dir)).export(folder, password)


def main(argv: list[str]) -> int:
    operation, data_dir = argv[0], Path(argv[1])
    if operation in STEPS:  # a relative path is inside the data folder (the USB folder of each copy)
        (restore if operation == "restore" else export)(data_dir, data_dir / argv[2], argv[3])
        say("DONE")
        return 0
    opened = open_services(DataPaths(data_dir), user="kiểm thử ngắt điện")
    services = opened.services
    started: list[str] = []  # "BEGIN", then "WRITING", then "COMMIT": the call's own write transaction

    def on_begin(_connection) -> None:  # type: ignore[no-untyped-def]
        if started == ["BEGIN"]:  # the first transaction after BEGIN: the call's write transaction
            started.append("WRITING")
            say("WRITING")

    def on_commit(_connection) -> None:  # type: ignore[no-untyped-def]
        if started == ["BEGIN", "WRITING"]:  # reads before the call commit too: only this one counts
            started.append("COMMIT")
            say("COMMIT")

    event.listen(opened.database.engine, "begin", on_begin)
    event.listen(opened.database.engine, "commit", on_commit)
    if operation == "import":
        source, class_code = Path(argv[2]), argv[3]
        class_id = services.classes.get_by_code(class_code).id
        plan = services.learner_import.dry_run(services.learner_import.open(source), class_id=class_id)
        say("READY")
        say("BEGIN")
        started.append("BEGIN")
        services.learner_import.apply(plan)
    elif operation == "issue":
        class_id = services.classes.get_by_code(argv[2]).id
        chosen = [c.enrolment_id for c in services.certificates.plan(class_id, ISSUED_ON).to_issue]
        say("READY")
        say("BEGIN")
        started.append("BEGIN")
        services.certificates.issue(class_id, chosen, issued_on=ISSUED_ON, serial_start="AA 000001")
    else:
        raise SystemExit(f"unknown operation {operation}")
    say("DONE")
    opened.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
