"""Temporary files of the data folder: named after their owner, published without overwriting, swept.

Every file a backup, an encryption, a decryption or a restore writes before it is complete is called
``.tam-<pid>-<start>-<random>-<purpose><suffix>`` (the owner is this exact process, see ``processes``), so
that a later start can tell a leftover of a crash (its process is gone: removed) from the work of a program
still running (kept). A decrypted copy of an encrypted backup is such a file and is removed as soon as it
is no longer needed; one left by a kill is removed at the next start.

A finished backup is *published*: renamed to its final name without ever replacing an existing file, so two
programs making a backup in the same second get two names ("...-2"), never one file written by both.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from trungtam_desktop.processes import owner_alive, owner_token

log = logging.getLogger(__name__)

TEMP_PREFIX = ".tam-"
_TEMP = re.compile(r"^\.tam-(?P<owner>\d+-\d+)-")
SIDECARS = ("-journal", "-wal", "-shm")
# Left by versions before the temporary files had owners: no program of this version writes them, so they
# are always leftovers (decrypted copies, read-back checks, half-written copies and staged restores).
LEGACY_PATTERNS = (
    ".giai-ma-*", ".kiem-tra-*",
    "*.partial", "*.partial-journal", "*.partial-wal", "*.partial-shm",
    "*.restoring", "*.restoring-journal", "*.restoring-wal", "*.restoring-shm",
)  # fmt: skip
LEGACY_SUFFIXES = tuple(p.lstrip("*") for p in LEGACY_PATTERNS if p.startswith("*"))


def temporary(folder: Path, purpose: str, suffix: str = ".sqlite") -> Path:
    """A new, unused temporary path in ``folder`` owned by this process (not created)."""
    return folder / f"{TEMP_PREFIX}{owner_token()}-{uuid.uuid4().hex[:8]}-{purpose}{suffix}"


def system_folder() -> Path:
    """The system's temporary folder: the place of last resort when the data folder cannot be written
    (its leftovers are swept at start too)."""
    return Path(tempfile.gettempdir())


def remove(path: Path) -> None:
    """Delete ``path`` and the journal files SQLite may have left beside it; never raises."""
    for candidate in (path, *(path.with_name(path.name + s) for s in SIDECARS)):
        with contextlib.suppress(OSError):
            candidate.unlink(missing_ok=True)


def _rename_no_replace(source: Path, target: Path) -> None:
    """Rename, raising ``FileExistsError`` instead of replacing ``target`` (atomic where the system can)."""
    if os.name == "nt":  # pragma: no cover - Windows' rename never replaces
        os.rename(source, target)
        return
    try:
        os.link(source, target)  # fails with FileExistsError when the name is taken, whoever took it
    except FileExistsError:
        raise
    except OSError as exc:  # no hard links here (FAT32 USB drives): check, then rename
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from exc
        os.rename(source, target)
        return
    with contextlib.suppress(OSError):
        source.unlink()


def candidates(folder: Path, name: str, stamp_end: int | None) -> Iterator[Path]:
    """``name``, then the same with "-2", "-3"... after the time stamp (or before the extension)."""
    yield folder / name
    for seq in range(2, 10_000):
        if stamp_end is not None:
            yield folder / f"{name[:stamp_end]}-{seq}{name[stamp_end:]}"
        else:
            stem, dot, suffix = name.partition(".")
            yield folder / f"{stem}-{seq}{dot}{suffix}"


def publish(temporary_path: Path, names: Iterable[Path]) -> Path:
    """Rename ``temporary_path`` to the first of ``names`` that is free; returns it."""
    for target in names:
        try:
            _rename_no_replace(temporary_path, target)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(errno.EEXIST, "no free name", str(temporary_path))


def _leftover(path: Path, legacy: bool) -> bool:
    match = _TEMP.match(path.name)
    if match:
        return not owner_alive(match["owner"])
    return legacy and any(path.match(pattern) for pattern in LEGACY_PATTERNS)


def sweep(folders: Iterable[Path], *, legacy: bool = True) -> list[Path]:
    """Remove the temporary files in ``folders`` whose program is gone (crashes, kills, power cuts).

    Run at start by a program that holds the data folder's lock. Files of a program still running (a
    command-line backup, say) are kept. ``legacy``: also the names older versions used (only in the data
    folder: elsewhere, such names belong to other programs). Returns what was removed."""
    removed = []
    for folder in folders:
        try:
            entries = list(folder.iterdir()) if folder.is_dir() else []
        except OSError:
            continue
        for entry in entries:
            candidate = entry.name.startswith(".") or (legacy and entry.name.endswith(LEGACY_SUFFIXES))
            if not candidate or not _leftover(entry, legacy):
                continue
            try:
                entry.unlink()
            except OSError as exc:
                log.warning("Leftover %s could not be removed: %s", entry.name, exc)
                continue
            removed.append(entry)
    if removed:
        log.info(
            "Removed %d leftover temporary file(s): %s", len(removed), ", ".join(p.name for p in removed)
        )
    return removed
