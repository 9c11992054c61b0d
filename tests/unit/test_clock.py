"""Today and now come from the injected clock (``ServiceContext.today`` / ``.now``), never from the system
clock read in services or windows (DESIGN rule 12): a test, the demo and a clerk's "what if" all set the day
in one place. An AST scan of ``services/`` and ``ui/`` fails on a new ``date.today()``, ``datetime.now()``
or Qt's ``currentDate()``, called or passed as a default (``today: Callable = date.today``), anywhere,
class attributes evaluated at import included."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "trungtam_desktop"
SCANNED = ("services", "ui")
# The one home of the clock: the context's defaults are the system clock.
ALLOWED = {"services/base.py"}
# Files another branch is changing at the same time (backups and access protection, issue 19's safety
# work); they take the context's clock when it lands. The second test keeps this list from going stale.
PENDING = {
    "services/access.py": "the sign-in lockout's clock defaults to datetime.now",
    "services/backups.py": "a manual backup's file name is stamped with datetime.now()",
}
SYSTEM_CLOCK = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("QDate", "currentDate"),
    ("QDateTime", "currentDateTime"),
}


def system_clock_reads(root: Path) -> list[str]:
    """``path:line: date.today`` for every reference to the system clock under ``root``'s scanned folders
    (``datetime.date.today`` spelled out counts too)."""
    found = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Attribute):
                    continue
                owner = node.value
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
                if (name, node.attr) in SYSTEM_CLOCK:
                    found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}: {name}.{node.attr}")
    return found


def test_services_and_windows_read_the_day_from_the_injected_clock() -> None:
    reads = system_clock_reads(PACKAGE)
    stray = [read for read in reads if read.split(":")[0] not in ALLOWED | set(PENDING)]
    assert not stray, "use ServiceContext.today()/now() (services) or the clock passed in (ui):\n" + "\n".join(
        stray
    )
    assert any(read.startswith("services/base.py:") for read in reads)  # the scan sees the clock's home


def test_the_pending_list_names_only_files_that_still_read_the_system_clock() -> None:
    still = {read.split(":")[0] for read in system_clock_reads(PACKAGE)}
    assert set(PENDING) <= still, f"remove from PENDING: {sorted(set(PENDING) - still)}"
