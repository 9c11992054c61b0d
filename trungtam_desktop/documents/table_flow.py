"""How a long table flows over pages: where it is cut, and what stays with its last rows.

:class:`TableWithClosing` keeps the lines that close a document (notes, the signature block) on the page
of the table's last rows: a closing never starts a page by itself. With ``balance`` the table's rows are
also shared evenly among the pages it needs (a wide grid printed block by block, where a page holding one
learner row and the totals would look like a mistake); without it each page is filled, and only the last
``tail_rows`` rows move to the next page with the closing when the closing does not fit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, PageBreak

_SLACK = 0.01  # points: a cut height just above the rows it keeps (floating-point sums)


def _rows_fitting(heights: Sequence[float], start: int, room: float) -> int:
    """How many rows from ``start`` fit in ``room``."""
    used, count = 0.0, 0
    for height in heights[start:]:
        if used + height > room + _SLACK:
            break
        used += height
        count += 1
    return count


def pages_after(
    heights: Sequence[float], start: int, header: float, page_height: float, closing: float, tail: int
) -> int:
    """Full pages needed for rows ``start``.. (each page repeating ``header``), the last one also holding
    ``closing`` with at least ``tail`` rows (or all that are left); a large number when a row cannot fit
    on an empty page."""
    pages, index, count = 0, start, len(heights)
    if index >= count:
        return 0 if closing <= 0 else 1
    while index < count:
        pages += 1
        taken = _rows_fitting(heights, index, page_height - header)
        if taken == 0:
            return 10_000
        if index + taken == count:
            if sum(heights[index:]) + closing <= page_height - header + _SLACK:
                return pages
            # the closing does not fit under them: the last rows go over with it
            moved = min(tail, taken) if taken > 1 else 0
            return pages + 1 if moved or closing > 0 else pages
        index += taken
    return pages


class TableWithClosing(Flowable):
    """A table and the lines that close the document, laid out so that the closing never starts a page by
    itself (see the module's description); ``closing`` may be empty (a table that only balances)."""

    def __init__(
        self,
        table: Flowable,
        closing: Sequence[Flowable],
        page_height: float,
        tail_rows: int = 3,
        *,
        balance: bool = False,
    ) -> None:
        super().__init__()
        self.table = table
        self.closing = list(closing)
        self.page_height = page_height
        self.tail_rows = tail_rows
        self.balance = balance
        self._table_height = self._closing_height = 0.0

    def _measure(self, avail_width: float, avail_height: float) -> None:
        _width, self._table_height = self.table.wrap(avail_width, avail_height)
        self._closing_height = sum(self._item_height(item, avail_width) for item in self.closing)

    @staticmethod
    def _item_height(item: Flowable, avail_width: float) -> float:
        _width, height = item.wrap(avail_width, 10_000)
        return float(item.getSpaceBefore() + height + item.getSpaceAfter())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._measure(availWidth, availHeight)
        self.width, self.height = availWidth, self._table_height + self._closing_height
        return self.width, self.height

    def _rest(self, table: Flowable) -> TableWithClosing:
        return TableWithClosing(table, self.closing, self.page_height, self.tail_rows, balance=self.balance)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._measure(availWidth, availHeight)
        if self._table_height + self._closing_height <= availHeight:
            return [self.table, *self.closing]
        positions = getattr(self.table, "_rowpositions", None) or []  # a Table's, set by wrap()
        heights = [top - bottom for top, bottom in itertools.pairwise(positions)]
        repeated = getattr(self.table, "repeatRows", 0) or 0
        header, rows = sum(heights[:repeated]), heights[repeated:]
        cut = self._balanced_cut(header, rows, availHeight) if self.balance else None
        if cut is None:
            return self._tail_split(availWidth, availHeight, header, heights, repeated)
        if cut == 0:
            if availHeight >= self.page_height - 1:  # already on an empty page: let them part
                return [self.table, KeepTogether(self.closing)] if self.closing else [self.table]
            return []  # nothing fits here: all of it goes to the next page
        target = header + sum(rows[:cut])
        parts = self.table.split(availWidth, target + _SLACK)
        if len(parts) != 2:
            return self._tail_split(availWidth, availHeight, header, heights, repeated)
        rest = self._rest(parts[1])
        fits_more = _rows_fitting(rows, cut, availHeight - target) > 0  # then end the page here
        return [parts[0], PageBreak(), rest] if fits_more else [parts[0], rest]

    def _balanced_cut(self, header: float, rows: list[float], avail: float) -> int | None:
        """How many rows to set on this page so that the pages the table needs share its rows evenly
        (the last page also holding the closing); None when the plain rule should decide."""
        count = len(rows)
        if count < 2:
            return None
        here = _rows_fitting(rows, 0, avail - header)
        if here == 0:
            return 0
        tail = min(self.tail_rows, count - 1)

        def total_pages(cut: int) -> int:
            return 1 + pages_after(rows, cut, header, self.page_height, self._closing_height, tail)

        least = min(total_pages(cut) for cut in range(1, here + 1))
        if least >= 10_000:
            return None
        even = math.ceil(count / least)
        for cut in range(min(even, here), here + 1):  # the fewest rows here that keep the page count
            if total_pages(cut) == least:
                return cut
        return here

    def _tail_split(
        self, avail_width: float, avail_height: float, header: float, heights: list[float], repeated: int
    ) -> list[Flowable]:
        """Fill the page; the last ``tail_rows`` rows (fewer when so many cannot leave a row here) go to
        the next page with the closing."""
        data_rows = len(heights) - repeated
        most = min(self.tail_rows, data_rows - 1) if self.closing else 0
        for tail_rows in range(most, 0, -1):
            tail = sum(heights[-tail_rows:])
            if header + tail + self._closing_height > self.page_height:
                continue  # fewer rows go over, so that they and the closing fit on a page
            # Cut where the page ends, but never below the last rows: they start the next page with the
            # closing (a cut above the page's end needs an explicit page break).
            target = min(avail_height, self._table_height - tail - 0.5)
            parts = self.table.split(avail_width, target)
            if len(parts) == 2:
                rest = self._rest(parts[1])
                return [parts[0], PageBreak(), rest] if target < avail_height else [parts[0], rest]
        parted = [self.table, KeepTogether(self.closing)] if self.closing else [self.table]
        if most == 0:  # no closing to keep (or a single row): cut where the page ends
            parts = self.table.split(avail_width, avail_height)
            if len(parts) == 2:
                return [parts[0], self._rest(parts[1])]
        elif header + heights[-1] + self._closing_height > self.page_height:
            return parted  # even an empty page could not hold a row and the closing: let them part
        if avail_height >= self.page_height - 1:  # already on an empty page: let them part
            return parted
        return []  # too short to cut: all of it goes to the next page

    def draw(self) -> None:
        y = self.height - self._table_height
        self.table.drawOn(self.canv, 0, y)
        for item in self.closing:
            _width, height = item.wrap(self.width, 10_000)
            y -= item.getSpaceBefore() + height
            item.drawOn(self.canv, 0, y)
            y -= item.getSpaceAfter()
