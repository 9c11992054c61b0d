"""The process the kill tests murder: one large import or one bulk certificate issue on a data folder.

    python -m tests.faults.kill_child import DATA_DIR FILE.xlsx CLASS_CODE
    python -m tests.faults.kill_child issue DATA_DIR CLASS_CODE

It prints, one line each and flushed at once, where it has got to, so that the parent can kill it inside
the transaction and say afterwards where the kill landed:
``READY`` (data open, plan made), ``BEGIN`` (the service call starts), ``WRITING`` (the call's write
transaction has begun), ``COMMIT`` (SQLAlchemy is about to send COMMIT), ``DONE`` (the call returned).
Nothing here changes what the services do: the hooks are two engine events.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from sqlalchemy import event

from trungtam_desktop.app import open_services
from trungtam_desktop.paths import DataPaths

ISSUED_ON = date(2024, 6, 20)


def say(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    operation, data_dir = argv[0], Path(argv[1])
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
