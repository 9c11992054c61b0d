"""A process that holds a data folder's lock until killed (for the lock tests).

    python -m tests.lock_holder LOCK_FILE [PURPOSE] [SECONDS] [--record]

Prints ``locked`` once it holds the lock, and gives it back after SECONDS (default 120). ``--record`` holds
it as on a file system without locks (the record alone), which is how the stale-lock rules are tested with
Windows' process-id reuse in mind.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from trungtam_desktop.folder_lock import FolderLock


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    lock = FolderLock(Path(args[0]), args[1] if len(args) > 1 else "window", native="--record" not in argv)
    if not lock.try_acquire():
        print("busy", flush=True)
        return 1
    print("locked", flush=True)
    time.sleep(float(args[2]) if len(args) > 2 else 120)
    lock.release()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
