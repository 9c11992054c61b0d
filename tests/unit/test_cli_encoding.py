"""The command line writes Vietnamese even when the console's code page cannot (cp1252 on Windows)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_help_on_a_cp1252_console_is_written_in_utf8() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "trungtam_desktop", "-h"], capture_output=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "Cách dùng: trungtam-desktop" in done.stdout.decode("utf-8")
