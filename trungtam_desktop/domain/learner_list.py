"""One pipeline for every learner list, pasted or read from a file: a table of cells → the rows read
(``learner_sheet.read_rows``, one column vocabulary) → each row matched against the learners on file
(``learner_match``) → the plan the clerk checks and the import writes (``import_plan``).

Pure: the learners on file come from ``lookup(cccds, folded_names)``, which the service answers with a few
batched queries (and a test with a list).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date

from trungtam_desktop.domain.import_plan import ImportPlan, PlanRow, RowStatus
from trungtam_desktop.domain.learner_match import OnFile, plan_rows, wanted
from trungtam_desktop.domain.learner_sheet import SheetLayout, read_rows, unused_columns
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.pasted_list import NO_NAME_COLUMN, PASTED_SOURCE, pasted_table
from trungtam_desktop.domain.sheet_columns import FIELD_LABELS, Cell

Lookup = Callable[[Sequence[str], Sequence[str]], Iterable[Learner]]


def nothing_on_file(_cccds: Sequence[str], _names: Sequence[str]) -> Iterable[Learner]:
    """A lookup for a list checked on its own (every valid row is a new record)."""
    return ()


def check_table(
    plan: ImportPlan,
    rows: Sequence[Sequence[Cell]],
    layout: SheetLayout,
    today: date,
    lookup: Lookup,
    *,
    columns: Sequence[str] | None = None,
    hidden: frozenset[int] = frozenset(),
    numbers: Sequence[int] | None = None,
    notes: Sequence[str] = (),
    enrolled: Collection[int] = frozenset(),
    cccd_only: bool = False,
) -> ImportPlan:
    """Read a table's rows with ``layout`` (``columns`` as the clerk confirmed them), match them, and fill
    ``plan`` (which names the source and the target class)."""
    columns = tuple(columns if columns is not None else layout.columns)
    reading = read_rows(rows, layout, today, columns=columns, hidden=hidden, numbers=numbers)
    learners = [row.learner for row in reading.rows if row.learner is not None]
    on_file = OnFile.of(lookup(*wanted(learners, cccd_only=cccd_only)))
    return dataclasses.replace(
        plan,
        rows=plan_rows(reading.rows, on_file, enrolled=enrolled, cccd_only=cccd_only),
        enrolled=frozenset(enrolled),
        encoding=reading.encoding,
        conversions=reading.conversions,
        skipped=tuple(notes) + reading.skipped,
        end_note=reading.end_note,
        headers=tuple(FIELD_LABELS[c] if c else "" for c in columns),
        unused=unused_columns(layout, columns, [row.cells for row in reading.rows]),
    )


def check_pasted_text(
    text: str,
    today: date,
    lookup: Lookup,
    *,
    class_id: int | None = None,
    class_code: str = "",
    enrolled: Collection[int] = frozenset(),
    cccd_only: bool = False,
) -> ImportPlan:
    """A list pasted from Excel, checked like a file. Without a name column every row is an error."""
    table = pasted_table(text)
    plan = ImportPlan(PASTED_SOURCE, (), class_id, class_code, pasted=True, has_header=table.has_header)
    if not table.layout.has_name:
        errors = tuple(
            PlanRow(number, "", RowStatus.ERROR, f"Dòng {number}: {NO_NAME_COLUMN}")
            for number in table.data_numbers
        )
        return dataclasses.replace(plan, rows=errors)
    return check_table(
        plan,
        table.rows,
        table.layout,
        today,
        lookup,
        numbers=table.numbers,
        enrolled=enrolled,
        cccd_only=cccd_only,
    )
