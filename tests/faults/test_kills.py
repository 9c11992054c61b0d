"""Kill tests (short run): a learner import and a bulk certificate issue are SIGKILLed inside their
transaction; the database must pass the integrity check and hold all or nothing of the batch.

The full run with at least 20 kills is ``python -m tests.faults.kill_run`` (see its docstring).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.faults.kill_run import DATABASE, Figures, inspect, prepare, run_faults


def test_killed_import_and_issue_leave_all_or_nothing(tmp_path: Path) -> None:
    lines: list[str] = []
    figures = run_faults(tmp_path, kills=3, rows=1000, learners=150, seed=20, say=lines.append)
    report = "\n".join([*lines, *figures.problems])
    assert figures.kills == 6, report
    assert figures.damaged == 0 and figures.partial == 0, report
    assert figures.complete + figures.none == 6, report
    # Some kills land inside the write transaction or while it commits, so the test is not vacuous. How
    # many depends on the machine's load (kill times are drawn against a measured run; CI saw 3 of 6 on a
    # busy machine and 4+ when idle): the full run (kill_run) reports where each of its 20+ kills landed.
    inside = sum(v for k, v in figures.phases.items() if k.endswith(("WRITING", "COMMIT")))
    assert inside >= 1, figures.phases


def test_the_check_sees_a_partial_batch_and_a_damaged_file(tmp_path: Path) -> None:
    """The checker itself can fail: half a batch written outside a transaction is called partial, and a
    file with its pages overwritten is called damaged."""
    prepared = prepare(tmp_path, "issue", 20)
    half = tmp_path / "half"
    half.mkdir()
    database = half / DATABASE
    connection = sqlite3.connect(prepared.template / DATABASE)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    (half / DATABASE).write_bytes((prepared.template / DATABASE).read_bytes())
    connection = sqlite3.connect(database)
    connection.execute(
        "INSERT INTO audit_log (at, user, entity, entity_id, action, changes, summary) "
        "VALUES ('2024-06-20 10:00:00', 'x', 'certificate', 1, 'issue', '{}', 'nửa lô')"
    )
    connection.commit()
    connection.close()
    integrity, counts = inspect(database)
    assert integrity == "ok"
    assert counts not in (prepared.before, prepared.after)
    raw = bytearray(database.read_bytes())
    raw[4096 : 4096 * 3] = b"\xff" * 8192  # two pages of the b-trees overwritten
    database.write_bytes(bytes(raw))
    try:
        integrity, _ = inspect(database)
    except sqlite3.DatabaseError as exc:
        integrity = str(exc)
    assert integrity != "ok"
    assert Figures(kills=2, damaged=1, partial=1).line() == (
        "kills: 2, damaged: 1, partial batches: 1, lost commits: 0, plain-text leftovers: 0, complete: 0, none: 0"
    )
    assert Figures(lost_commits=1).failed and Figures(plain_leftovers=1).failed and not Figures(kills=3).failed


@pytest.mark.parametrize("operation", ["import", "issue"])
def test_uninterrupted_run_writes_the_whole_batch(tmp_path: Path, operation: str) -> None:
    prepared = prepare(tmp_path, operation, 40)
    grown = {t for t in prepared.after if prepared.after[t] != prepared.before.get(t)}
    expected = {"import": {"learner", "enrolment", "audit_log"}, "issue": {"certificate", "audit_log"}}
    assert expected[operation] <= grown
    assert prepared.after["audit_log"] - prepared.before["audit_log"] >= 40


def test_killed_restore_and_encrypted_backup_at_every_step(tmp_path: Path) -> None:
    """Issue 15: a restore of an encrypted backup and an encrypted backup, killed once in each of their
    steps: after the next start nothing is damaged or half-restored, the last commit (only in the WAL when
    the restore began) is kept, and no copy of the data in clear is left behind."""
    from tests.faults.kill_child import STEPS
    from tests.faults.kill_steps import run_step_faults

    lines: list[str] = []
    kills = {operation: len(steps) for operation, steps in STEPS.items()}
    figures = run_step_faults(tmp_path, kills=kills, learners=60, seed=5, say=lines.append)
    report = "\n".join([*lines, *figures.problems])
    assert figures.kills == sum(kills.values()), report
    assert not figures.failed, report
    assert figures.complete + figures.none == figures.kills, report
    landed = {k.split(": ")[1] for k in figures.phases}
    assert len(landed & set(STEPS["restore"]) | landed & set(STEPS["export"])) >= 4, figures.phases
