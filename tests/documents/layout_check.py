"""Where every character of a rendered PDF lies, checked with pdfplumber's boxes.

``layout_faults(pdf)`` returns, for each page, the characters that lie outside the printable area (5 mm
from the paper's edge: what office printers can reach) or outside the table cell they belong to (the cell
that holds the character's centre: a text that runs over a rule crosses into the next cell, or out of the
table), and pairs of characters drawn over each other outside tables. An empty list is a clean layout.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4
PRINTABLE_MARGIN = 5 * MM
TOLERANCE = 0.6  # points: rounding of glyph boxes against the rules


@dataclass(frozen=True)
class Fault:
    page: int
    text: str
    why: str

    def __str__(self) -> str:
        return f"trang {self.page}: “{self.text}” {self.why}"


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _inside(char: dict, box: Box) -> bool:
    x0, top, x1, bottom = box
    t = TOLERANCE
    return (
        char["x0"] >= x0 - t and char["x1"] <= x1 + t and char["top"] >= top - t and char["bottom"] <= bottom + t
    )


def _centre_in(char: dict, box: Box) -> bool:
    cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _overlap(a: dict, b: dict) -> float:
    """The share of the smaller glyph box that the two boxes have in common."""
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
    return width * height / smaller if smaller > 0 else 0.0


def _word_of(chars: Sequence[dict], char: dict) -> str:
    """The characters around ``char`` on its line, for a readable message."""
    line = sorted((c for c in chars if abs(c["top"] - char["top"]) < 1), key=lambda c: c["x0"])
    index = next(i for i, c in enumerate(line) if c is char)
    return "".join(c["text"] for c in line[max(0, index - 12) : index + 12])


def page_faults(page, number: int, *, areas: Iterable[Box] = (), tables: bool = True) -> list[Fault]:  # type: ignore[no-untyped-def]
    """The faults of one page; ``areas`` are extra boxes every character must lie in one of (the fields
    of a pre-printed blank, the inside of a certificate's border), when given; ``tables`` False for a page
    whose rules are no table (a certificate's border would read as one big cell)."""
    chars = [c for c in page.chars if c["text"].strip()]
    faults: list[Fault] = []
    printable = (PRINTABLE_MARGIN, PRINTABLE_MARGIN, page.width - PRINTABLE_MARGIN, page.height - PRINTABLE_MARGIN)
    for char in chars:
        if not _inside(char, printable):
            faults.append(Fault(number, _word_of(chars, char), "ra ngoài vùng in được"))
    boxes = list(areas)
    if boxes:
        for char in chars:
            if not any(_inside(char, box) for box in boxes):
                faults.append(Fault(number, _word_of(chars, char), "ra ngoài ô của trường"))
    for table in page.find_tables() if tables else []:
        cells = [cell for cell in table.cells if cell is not None]
        rules = [e for e in page.horizontal_edges if _centre_in(e, table.bbox)]
        for char in chars:
            if not _centre_in(char, table.bbox):
                continue
            home = [cell for cell in cells if _centre_in(char, cell)]
            crossed = any(
                char["top"] + TOLERANCE < rule["top"] < char["bottom"] - TOLERANCE
                and rule["x0"] < char["x1"] - TOLERANCE
                and rule["x1"] > char["x0"] + TOLERANCE
                for rule in rules
            )
            if not home:
                faults.append(Fault(number, _word_of(chars, char), "không nằm trong ô nào của bảng"))
            elif crossed or not any(_inside(char, cell) for cell in home):
                faults.append(Fault(number, _word_of(chars, char), "vượt ra ngoài ô của bảng"))
    ordered = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    for i, a in enumerate(ordered):  # text over text: a name over "Sinh ngày", a cell's lines over the next's
        for b in ordered[i + 1 :]:
            if b["top"] > a["bottom"]:
                break
            if _overlap(a, b) > 0.35:
                faults.append(Fault(number, _word_of(chars, a), f"đè lên “{_word_of(chars, b)}”"))
                break
    return faults


def layout_faults(
    pdf: bytes, *, areas_per_page: Sequence[Iterable[Box]] = (), tables: bool = True
) -> list[Fault]:
    """The faults of every page of ``pdf``."""
    faults: list[Fault] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            areas = areas_per_page[index] if index < len(areas_per_page) else ()
            faults += page_faults(page, index + 1, areas=areas, tables=tables)
    return faults
