"""Matching a learner list against the learners on file: one set of rules for a pasted list, a file and
the import wizard. Pure functions; the service only fetches the learners that may match (``wanted``).

* Within the list, a row repeating an earlier one (same CCCD, or same folded name and birth) is a
  duplicate and is not imported twice.
* Against the file, the CCCD comes first: a row whose CCCD is on file is that learner, or, when the names
  differ, a row to check (never a second record with the same CCCD). Then the folded name (case and tone
  marks ignored) and the birth: a whole date matches the same date, or a record known by its year alone;
  a year matches the year. One such learner: that learner ("Đã có hồ sơ"); several, or a same-name record
  when the row has no birth: a row to check, with the candidates to choose from; none: a new record.
* A row is never silently made into a second record of somebody on file, nor matched to one of several.
* ``cccd_only``: a list matched by CCCD alone (a chi bộ's members for their training record): a row without
  a CCCD is an error, a CCCD not on file is a new person, and names and births match nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from trungtam_desktop.domain.import_plan import PlanRow, RowStatus
from trungtam_desktop.domain.learner_sheet import ParsedRow
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.vietnamese import fold, format_birth

MAX_CHOICES = 20  # candidates offered for a row to check
NO_CCCD = "thiếu số CCCD; danh sách này chỉ đối chiếu theo số CCCD."


def duplicate_key(learner: Learner) -> tuple[str, str]:
    """Two rows with this same key are the same person: same folded name and the same birth."""
    birth = learner.birth_date.isoformat() if learner.birth_date else str(learner.birth_year or "")
    return fold(learner.full_name), birth


def find_duplicates(rows: Sequence[ParsedRow], *, cccd_only: bool = False) -> dict[int, str]:
    """Row numbers repeating an earlier row (same CCCD, or same name and birth), with the reason."""
    by_cccd: dict[str, int] = {}
    by_key: dict[tuple[str, str], int] = {}
    found: dict[int, str] = {}
    for row in rows:
        learner = row.learner
        if learner is None:
            continue
        if learner.cccd and learner.cccd in by_cccd:
            found[row.number] = f"trùng với dòng {by_cccd[learner.cccd]} (cùng số CCCD {learner.cccd})"
            continue
        key = duplicate_key(learner)
        if not cccd_only and key in by_key and (learner.birth_date or learner.birth_year):
            how = "ngày sinh" if learner.birth_date else "năm sinh"
            found[row.number] = f"trùng với dòng {by_key[key]} (cùng họ tên và {how})"
            continue
        if learner.cccd:
            by_cccd[learner.cccd] = row.number
        by_key.setdefault(key, row.number)
    return found


def wanted(learners: Iterable[Learner], *, cccd_only: bool = False) -> tuple[list[str], list[str]]:
    """The CCCDs and folded names to look up on file (sorted, each once) for these rows."""
    learners = list(learners)
    cccds = sorted({learner.cccd for learner in learners if learner.cccd})
    names = [] if cccd_only else sorted({fold(learner.full_name) for learner in learners})
    return cccds, names


@dataclass(frozen=True)
class OnFile:
    """The learners on file that the rows may match, by CCCD and by folded name (in the order given)."""

    by_cccd: Mapping[str, Learner]
    by_name: Mapping[str, tuple[Learner, ...]]

    @classmethod
    def of(cls, learners: Iterable[Learner]) -> OnFile:
        by_cccd: dict[str, Learner] = {}
        by_name: dict[str, list[Learner]] = {}
        seen: set[int | None] = set()
        for learner in learners:
            if learner.id in seen:
                continue
            seen.add(learner.id)
            if learner.cccd:
                by_cccd[learner.cccd] = learner
            by_name.setdefault(fold(learner.full_name), []).append(learner)
        return cls(by_cccd, {key: tuple(found) for key, found in by_name.items()})


def _who(learner: Learner) -> str:
    birth = format_birth(learner.birth_date, learner.birth_year)
    details = ", ".join(part for part in (birth, learner.unit) if part)
    return f"{learner.full_name} ({details})" if details else learner.full_name


def _birth_matches(row: Learner, found: Learner) -> bool:
    if row.birth_date is not None:
        return found.birth_date == row.birth_date or (
            found.birth_date is None and found.birth_year == row.birth_year
        )
    if row.birth_year is not None:
        return found.birth_year == row.birth_year
    return True


def _same_day(row: Learner, found: Learner) -> bool:
    """Did the match rest on the whole birth date (not on the year alone, on either side)?"""
    return row.birth_date is not None and found.birth_date == row.birth_date


def match_row(number: int, learner: Learner, on_file: OnFile, *, cccd_only: bool = False) -> PlanRow:
    """One row (already read and valid) against the learners on file."""
    name = learner.full_name

    def row(
        status: RowStatus,
        reason: str = "",
        learner_id: int | None = None,
        candidates: Sequence[Learner] = (),
        may_be_new: bool = True,
    ) -> PlanRow:
        text = f"Dòng {number}: {reason}" if reason and status is not RowStatus.EXISTING else reason
        choices = tuple(candidates[:MAX_CHOICES])
        return PlanRow(
            number, name, status, text, learner, learner_id, candidates=choices, may_be_new=may_be_new
        )

    def existing(found: Learner, how: str) -> PlanRow:
        if found.archived:
            return row(
                RowStatus.ERROR,
                f"học viên {_who(found)} đã được lưu trữ; hãy khôi phục hồ sơ trước khi nhập.",
            )
        return row(RowStatus.EXISTING, f"{how} {_who(found)}", found.id)

    if learner.cccd and learner.cccd in on_file.by_cccd:
        found = on_file.by_cccd[learner.cccd]
        if fold(found.full_name) != fold(name):
            return row(
                RowStatus.AMBIGUOUS,
                f"số CCCD {learner.cccd} đã thuộc học viên {_who(found)}, khác họ tên trong danh sách; "
                "hãy kiểm tra lại.",
                candidates=[found],
                may_be_new=False,
            )
        return existing(found, "Trùng số CCCD với hồ sơ")
    if cccd_only:
        return row(RowStatus.NEW) if learner.cccd else row(RowStatus.ERROR, NO_CCCD)
    same = [
        found
        for found in on_file.by_name.get(fold(name), ())
        if _birth_matches(learner, found) and not (learner.cccd and found.cccd and found.cccd != learner.cccd)
    ]
    if not same:
        return row(RowStatus.NEW)
    if learner.birth_date is None and learner.birth_year is None:
        return row(
            RowStatus.AMBIGUOUS,
            f"không có ngày sinh, mà đã có hồ sơ cùng họ tên: {_who(same[0])}"
            + (f" và {len(same) - 1} người khác" if len(same) > 1 else "")
            + "; hãy chọn đúng người, hoặc ghi thêm ngày sinh hay số CCCD vào danh sách.",
            candidates=same,
        )
    if len(same) > 1:
        people = "; ".join(_who(found) for found in same[:3])
        how = "ngày sinh" if all(_same_day(learner, found) for found in same) else "năm sinh"
        return row(
            RowStatus.AMBIGUOUS,
            f"có {len(same)} hồ sơ cùng họ tên và {how} ({people}); "
            "hãy chọn đúng người, hoặc ghi thêm số CCCD vào danh sách.",
            candidates=same,
        )
    how = "ngày sinh" if _same_day(learner, same[0]) else "năm sinh"
    return existing(same[0], f"Trùng họ tên và {how} với hồ sơ")


def plan_rows(
    rows: Sequence[ParsedRow],
    on_file: OnFile,
    *,
    enrolled: Collection[int] = frozenset(),
    cccd_only: bool = False,
) -> tuple[PlanRow, ...]:
    """Every row read from a list with its status: an error, a repeat of an earlier row, or its match
    against the learners on file (``enrolled``: the learners already in the target class)."""
    duplicates = find_duplicates(rows, cccd_only=cccd_only)
    planned = []
    for parsed in rows:
        if parsed.learner is None:
            planned.append(
                PlanRow(parsed.number, parsed.full_name, RowStatus.ERROR, parsed.error, cells=parsed.cells)
            )
        elif parsed.number in duplicates:
            reason = f"Dòng {parsed.number}: {duplicates[parsed.number]}; không nhập hai lần."
            planned.append(
                PlanRow(
                    parsed.number,
                    parsed.full_name,
                    RowStatus.DUPLICATE,
                    reason,
                    parsed.learner,
                    cells=parsed.cells,
                )
            )
        else:
            matched = match_row(parsed.number, parsed.learner, on_file, cccd_only=cccd_only)
            planned.append(
                dataclasses.replace(matched, cells=parsed.cells, in_class=matched.learner_id in enrolled)
            )
    return tuple(planned)
