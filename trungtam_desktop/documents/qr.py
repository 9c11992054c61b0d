"""QR codes on certificates: encoded by zint (compiled C, ~0.15 ms a code) and drawn as one filled path.

ReportLab's own encoder is pure Python (~6-8 ms a code: it cost more than drawing the whole page), and
segno and qrcode are pure Python too (~4 ms); zint-bindings ships zint as one self-contained extension
module (wheels for Linux and Windows; the Windows one needs only python3.dll and kernel32), measured at
~0.15 ms a code. The text is encoded as UTF-8 bytes under ECI 26 (which says "UTF-8"), so a reader gives
back the same Vietnamese text; error correction level M.

A code is drawn as a single path of rectangles in module units (one rectangle per run of dark modules,
merged down the rows), written once per text as PDF operators and placed with one transformation, so a
thousand codes cost a few milliseconds of drawing and a few kilobytes of PDF each.
"""

from __future__ import annotations

import re
from functools import lru_cache

import zint
from reportlab.pdfgen.canvas import Canvas

_ECI_UTF8 = 26
_LEVEL_M = 2  # zint's option_1 for QR: 1 L, 2 M, 3 Q, 4 H
QUIET = 2  # modules of white margin around the code (the certificate's paper is white around it)
_RUN = re.compile("1+")


class QrError(ValueError):
    """A text that cannot be encoded (far too long for a QR code)."""


def qr_modules(text: str) -> list[list[bool]]:
    """The dark (True) and light modules of the QR code of ``text``, row 0 at the top."""
    symbol = zint.Symbol()
    symbol.symbology = zint.Symbology.QRCODE
    symbol.input_mode = zint.InputMode.DATA
    symbol.eci = _ECI_UTF8
    symbol.option_1 = _LEVEL_M
    try:
        symbol.encode(text.encode("utf-8"))
    except RuntimeError as exc:  # zint says "input too long" and the like in English: logged, not shown
        raise QrError(f"Nội dung mã QR quá dài ({len(text)} ký tự), không tạo được mã.") from exc
    size, data = symbol.width, symbol.encoded_data.tobytes()
    stride = len(data) // len(symbol.encoded_data)  # bytes a row, whatever zint's row capacity
    rows = []
    for r in range(symbol.rows):
        bits = int.from_bytes(data[r * stride : r * stride + (size + 7) // 8], "little")
        rows.append([bool(bits >> c & 1) for c in range(size)])
    return rows


def qr_rects(modules: list[list[bool]]) -> list[tuple[int, int, int, int]]:
    """The dark modules as rectangles (column, row, width, height; row 0 at the top): each row's dark
    runs, a run merged with the same run of the rows below it."""
    done: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], int] = {}  # (start, end) of a run -> the row it began in
    for r, row in enumerate([*modules, []]):
        line = "".join("1" if dark else "0" for dark in row)
        runs = {match.span() for match in _RUN.finditer(line)}
        for run in [run for run in open_runs if run not in runs]:
            first = open_runs.pop(run)
            done.append((run[0], first, run[1] - run[0], r - first))
        for run in runs:
            open_runs.setdefault(run, r)
    return sorted(done, key=lambda rect: (rect[1], rect[0]))


@lru_cache(maxsize=1024)
def qr_path(text: str) -> tuple[int, str]:
    """The module count of the code of ``text`` and its dark modules as PDF path operators, in module
    units with y up and (0, 0) at the lower-left module, filled (a reprint in the same session reuses it)."""
    modules = qr_modules(text)
    count = len(modules)
    ops = " ".join(f"{left} {count - top - height} {width} {height} re" for left, top, width, height in
                   qr_rects(modules))  # fmt: skip
    return count, ops + " f"


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code of ``text``, ``size`` wide (a quiet zone of two modules included) with its lower-left
    corner at (x, y): one black filled path inside its own graphics state."""
    count, ops = qr_path(text)
    cell = size / (count + 2 * QUIET)
    left, bottom = x + QUIET * cell, y + QUIET * cell
    canvas.addLiteral(f"q {cell:.4f} 0 0 {cell:.4f} {left:.3f} {bottom:.3f} cm 0 g {ops} Q")
