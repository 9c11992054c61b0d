"""Rotating log files in the data folder, with personal data scrubbed from every line.

The log files travel: "Gửi báo lỗi" zips them for whoever supports the centre. So nothing a learner is
known by may be written there: SQLAlchemy is told to hide bound parameters (``db/engine.py``), and every
record — its message and any traceback — goes through ``scrub``, which masks what personal data looks like
in an error message: SQLAlchemy's ``[parameters: ...]``, quoted values holding Vietnamese letters or
looking like a name, citizen-ID and phone numbers (9 to 12 digits), and dates (dd/mm/yyyy, yyyy-mm-dd).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_FILE_NAME = "trungtam.log"
MASK = "‹…›"

_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\(|$|\n))", re.S)
_QUOTED = re.compile(r"""'([^'\n]{1,200})'|"([^"\n]{1,200})"|“([^”\n]{1,200})”""")
_NAME_LIKE = re.compile(r"^[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*)+$")
_NUMBERS = re.compile(r"(?<![\w.-])(?:\d[ .]?){8,11}\d(?![\w.-])")
# The last line of a traceback, "package.SomeError: message": a message in Vietnamese was written for the
# clerk and may name a learner, so it is masked whole (technical messages are in English and stay).
_EXCEPTION_LINE = re.compile(r"^((?:[\w.]+\.)?\w*(?:Error|Exception|Warning)): (.*)$", re.M)
_DATES = re.compile(r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)(?!\d)")


def _quoted(match: re.Match[str]) -> str:
    text = next(group for group in match.groups() if group is not None)
    if any(ord(char) > 127 for char in text) or _NAME_LIKE.match(text):
        return MASK
    return match.group(0)


def _exception_line(match: re.Match[str]) -> str:
    if any(ord(char) > 127 for char in match.group(2)):
        return f"{match.group(1)}: {MASK}"
    return match.group(0)


def scrub(text: str) -> str:
    """``text`` with what may be personal data masked (see the module docstring)."""
    text = _PARAMETERS.sub("[parameters: " + MASK + "]", text)
    text = _EXCEPTION_LINE.sub(_exception_line, text)
    text = _QUOTED.sub(_quoted, text)
    text = _DATES.sub(MASK, text)
    return _NUMBERS.sub(MASK, text)


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual, then scrubs everything after the record's own time: the message and the traceback
    (which another handler may have formatted and cached on the record before this one saw it)."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        stamp = getattr(record, "asctime", "")
        if stamp and text.startswith(stamp):
            return stamp + scrub(text[len(stamp) :])
        return scrub(text)


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that cannot be written any more (a full disk) drops the record: logging's own error report
    would print the record and a traceback on the console."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path | None:
    """Send the package's log records to ``log_dir/trungtam.log`` (5 files × 1 MB). Returns the file path,
    or None when the folder cannot be written (a read-only data folder must not stop the program from
    saying so): records then go nowhere, never to the console."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_trungtam", False):
            root.removeHandler(handler)
            handler.close()
    path = log_dir / LOG_FILE_NAME
    handler: logging.Handler
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = _QuietFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler, path = logging.NullHandler(), None  # type: ignore[assignment]
    handler._trungtam = True  # type: ignore[attr-defined]
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
