"""Kill tests of the whole-file operations: a restore of an encrypted backup and an encrypted backup.

Each kill lands in a chosen step of the operation (``kill_child.STEPS``: decrypting, staging, writing the
audit entry, the checkpoint, the safety copy, the swap; or copying, encrypting, reading back, publishing),
at a seeded random moment inside it. The data folder is then "started" again the way the program starts
(``BackupService.check_at_start``: the sweep of leftovers and the cheap check), and:

- the database must pass ``PRAGMA integrity_check`` (else *damaged*);
- every table holds what it held before the operation or what the uninterrupted operation leaves (else
  *partial*);
- the last commit made before the restore by another program — left only in the WAL, as a program killed
  right after committing leaves it — must be in the database or in a ``…_truoc-khoi-phuc`` copy (else a
  *lost commit*);
- no decrypted or unencrypted copy of the data may remain beyond the database itself and the named backups
  the program keeps (else a *plain-text leftover*); nor any plain ``.sqlite`` in the USB folder.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from tests.classwork_builder import build_class
from tests.faults.kill_child import STEPS
from tests.faults.kill_run import DATABASE, ChildRun, Figures, copy_folder, inspect, run_child
from trungtam_desktop.app import open_services
from trungtam_desktop.db import backup as bk
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.backups import BackupService

PASSWORD = "Mật khẩu sao lưu"
LAST_COMMIT = "Ghi sau cùng Trước Khôi Phục"
USB = "usb"

_WAL_ONLY_COMMIT = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute(
    "INSERT INTO learner (full_name, name_key, sort_key, ethnicity, religion, hometown, address, phone,"
    " position, unit, unit_key, party_cell, commune, party_status, education, speciality, theory_level,"
    " notes, archived, created_at, updated_at) VALUES (?, 'x', 'x', '', '', '', '', '', '', '', '', '',"
    " '', 'quan_chung', '', '', '', '', 0, '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
    (sys.argv[2],),
)
os._exit(0)  # killed right after its commit: the transaction is only in the WAL
"""


@dataclass(frozen=True)
class StepPrepared:
    operation: str
    template: Path
    args: tuple[str, ...]
    before: dict[str, int]
    after: dict[str, int]
    steps: dict[str, float]  # how long each announced step took in the uninterrupted run
    kept: frozenset[str]  # backup files present before the operation (relative to the data folder)


def _counts(folder: Path) -> dict[str, int]:
    """Counts of a data folder's database, read on a copy (opening replays the WAL; the template keeps it)."""
    probe = folder.parent / f"{folder.name}-dem"
    shutil.rmtree(probe, ignore_errors=True)
    copy_folder(folder, probe)
    try:
        integrity, counts = inspect(probe / DATABASE)
        assert integrity == "ok", integrity
        return counts
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def _learner_names(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {row[0] for row in conn.execute("SELECT full_name FROM learner")}


def prepare_steps(folder: Path, operation: str, learners: int) -> StepPrepared:
    """A data folder whose database differs from an encrypted backup of it, with the last commit only in
    the WAL; the counts before and after an uninterrupted run, and how long each step took."""
    template = folder / operation
    paths = DataPaths(template)
    opened = open_services(paths)
    try:
        build_class(opened.database, code=f"KHOI-{operation.upper()}", learners=learners, sessions=2)
    finally:
        opened.close()
    sealed = BackupService(paths).export(folder / f"{operation}-nguon", PASSWORD)
    opened = open_services(paths)
    try:
        build_class(opened.database, code="SAU-SAO-LUU", learners=max(5, learners // 10), sessions=1)
    finally:
        opened.close()
    subprocess.run([sys.executable, "-c", _WAL_ONLY_COMMIT, str(paths.database), LAST_COMMIT], check=True)
    assert paths.database.with_name(DATABASE + "-wal").stat().st_size > 0
    kept = frozenset(str(p.relative_to(template)) for p in paths.backups.iterdir())
    args = (str(sealed), PASSWORD) if operation == "restore" else (USB, PASSWORD)
    before = _counts(template)
    probe = copy_folder(template, folder / f"{operation}-tron-ven")
    run = run_child(probe, operation, args, None)
    if run.returncode != 0 or run.last_word() != "DONE":
        raise RuntimeError(f"the uninterrupted {operation} failed:\n{run.stderr}")
    after = _counts(probe)
    words = [w for w in (*STEPS[operation], "DONE") if run.time_of(w) is not None]
    if words[:-1] != list(STEPS[operation]):
        raise RuntimeError(f"{operation} announced {[w for _t, w in run.words]}")
    steps = {w: (run.time_of(n) or 0.0) - (run.time_of(w) or 0.0) for w, n in pairwise(words)}
    shutil.rmtree(probe, ignore_errors=True)
    return StepPrepared(operation, template, args, before, after, steps, kept)


def plain_leftovers(data: Path, prepared: StepPrepared) -> list[str]:
    """Copies of the data in clear beyond the database itself and the backups the program keeps."""
    found = []
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        relative = str(path.relative_to(data))
        if relative.startswith(("logs", DATABASE)) or relative in prepared.kept:
            continue
        parsed = bk.parse_backup_name(path.name) if path.parent.name == "backups" else None
        if parsed is not None and parsed.kind == bk.KIND_BEFORE_RESTORE and prepared.operation == "restore":
            continue  # the safety copy of the data the restore replaced
        if path.name.endswith(".enc"):
            continue  # encrypted: not in clear
        with contextlib.suppress(OSError), path.open("rb") as handle:
            head = handle.read(16)
            if head == bk.SQLITE_HEADER or path.suffix in (".sqlite", ".partial", ".restoring"):
                found.append(relative)
    return found


def _opens(sealed: Path, counts: dict[str, int]) -> bool:
    """A published encrypted backup decrypts to a sound database holding what the live one holds."""
    from trungtam_desktop.db.backup_crypto import decrypt_file
    from trungtam_desktop.db.temp_files import remove, temporary

    plain = temporary(sealed.parent.parent, "kiem-tra")
    try:
        decrypt_file(sealed, plain, PASSWORD)
        return inspect(plain) == ("ok", counts)
    except Exception:
        return False
    finally:
        remove(plain)


def kill_step(prepared: StepPrepared, target: Path, step: str, delay: float, figures: Figures) -> str:
    data = copy_folder(prepared.template, target)
    run: ChildRun = run_child(data, prepared.operation, prepared.args, delay, step)
    if run.killed_at is None and run.returncode != 0:
        raise RuntimeError(f"the child failed by itself:\n{run.stderr}")
    figures.kills += 1
    phase = run.last_word() if run.killed_at is not None else "DONE (lived)"
    figures.phases[f"{prepared.operation}: {phase}"] += 1
    BackupService(DataPaths(data)).check_at_start()  # the next start: sweep and cheap check
    problems = []
    try:
        integrity, counts = inspect(data / DATABASE)
    except sqlite3.DatabaseError as exc:
        integrity, counts = f"cannot open: {exc}", {}
    published = sorted((data / USB).glob("trungtam_*.sqlite.enc")) if prepared.operation == "export" else []
    if integrity != "ok":
        figures.damaged += 1
        problems.append(f"DAMAGED ({integrity})")
    elif counts not in (prepared.before, prepared.after):
        figures.partial += 1
        problems.append("PARTIAL")
    elif prepared.operation == "export":  # the database is only read: did a whole backup arrive?
        bad = [p.name for p in published if not _opens(p, counts)]
        if bad:
            figures.damaged += 1
            problems.append("PUBLISHED BUT UNUSABLE " + ", ".join(bad))
        elif published:
            figures.complete += 1
        else:
            figures.none += 1
    elif counts == prepared.after:
        figures.complete += 1
    else:
        figures.none += 1
    if prepared.operation == "restore" and integrity == "ok":
        copies = [data / DATABASE, *(data / "backups").glob(f"trungtam_*_{bk.KIND_BEFORE_RESTORE}.sqlite")]
        if not any(LAST_COMMIT in _learner_names(copy) for copy in copies):
            figures.lost_commits += 1
            problems.append("LOST COMMIT")
    leftovers = plain_leftovers(data, prepared)
    if leftovers:
        figures.plain_leftovers += len(leftovers)
        problems.append("PLAIN-TEXT LEFTOVERS " + ", ".join(leftovers))
    done = bool(published) if prepared.operation == "export" else counts == prepared.after
    outcome = "; ".join(problems) or ("complete" if done else "none")
    if problems:
        figures.problems.append(
            f"{prepared.operation} {step} +{delay * 1000:.0f} ms: {outcome} (kept in {data})"
        )
    else:
        shutil.rmtree(data, ignore_errors=True)
    when = f"{step} +{delay * 1000:.1f} ms"
    return f"{prepared.operation}: kill at {when:<22} last word {phase:<12} → {outcome}"


def run_step_faults(
    folder: Path, *, kills: int | dict[str, int], learners: int, seed: int, say=lambda _line: None
) -> Figures:  # type: ignore[no-untyped-def]
    """``kills`` kills of the restore and of the encrypted backup (or so many of each), spread over
    their steps in turn."""
    rng = random.Random(seed)
    figures = Figures()
    for operation in ("restore", "export"):
        count = kills if isinstance(kills, int) else kills.get(operation, 0)
        if not count:
            continue
        prepared = prepare_steps(folder, operation, learners)
        say(
            f"{operation}: uninterrupted steps "
            + ", ".join(f"{w} {t * 1000:.0f} ms" for w, t in prepared.steps.items())
        )
        names = list(prepared.steps)
        for n in range(count):
            step = names[n % len(names)]
            delay = rng.uniform(0.0, max(prepared.steps[step] * 1.2, 0.002))
            say(kill_step(prepared, folder / f"{operation}-{n:02d}", step, delay, figures))
    return figures
