"""The one matcher of learner lists (pasted or from a file), as properties: a CCCD on file always wins, the
result does not depend on the order of the rows or of the learners on file, nor on case, tone marks or
Unicode form, and a row never matches one of several learners silently."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from trungtam_desktop.domain.import_plan import RowStatus
from trungtam_desktop.domain.learner_list import check_pasted_text
from trungtam_desktop.domain.learner_match import OnFile, match_row, plan_rows
from trungtam_desktop.domain.learner_sheet import ParsedRow
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.vietnamese import fold

TODAY = date(2024, 11, 20)
# Few names and births, so that rows and records collide often.
NAMES = ("Nguyễn Văn An", "Nguyễn Thị Mỵ", "Trần Đức Bình", "Lê Thị Hồng")
BIRTHS = (None, 1990, date(1990, 3, 5), date(1990, 7, 1), 1985)
CCCDS = (None, "079090000001", "079090000002", "079090000003")


def _birth(value: int | date | None) -> dict[str, object]:
    if isinstance(value, date):
        return {"birth_date": value, "birth_year": value.year}
    return {"birth_date": None, "birth_year": value}


@st.composite
def on_file(draw: st.DrawFn) -> list[Learner]:
    people = draw(
        st.lists(
            st.tuples(
                st.sampled_from(NAMES),
                st.sampled_from(BIRTHS),
                st.sampled_from(CCCDS),
                st.sampled_from((False, False, False, True)),  # archived now and then
            ),
            max_size=8,
        )
    )
    learners, used = [], set()
    for index, (name, birth, cccd, archived) in enumerate(people, start=1):
        cccd = cccd if cccd not in used else None  # a CCCD belongs to one record at most
        used.add(cccd)
        learner = Learner(name, cccd=cccd, archived=archived, id=index, **_birth(birth))  # type: ignore[arg-type]
        learners.append(learner)
    return learners


rows_strategy = st.lists(
    st.tuples(st.sampled_from(NAMES), st.sampled_from(BIRTHS), st.sampled_from(CCCDS)), min_size=1, max_size=8
)


def _parsed(rows: list[tuple[str, object, str | None]]) -> list[ParsedRow]:
    return [
        ParsedRow(number, name, Learner(name, cccd=cccd, **_birth(birth)))  # type: ignore[arg-type]
        for number, (name, birth, cccd) in enumerate(rows, start=2)
    ]


def _fits(row: Learner, found: Learner) -> bool:
    """Brute force: the record is the row's person by name and birth (the row's CCCD not contradicting)."""
    if fold(row.full_name) != fold(found.full_name):
        return False
    if row.cccd and found.cccd and row.cccd != found.cccd:
        return False
    if row.birth_date is not None:
        return found.birth_date == row.birth_date or (
            found.birth_date is None and found.birth_year == row.birth_year
        )
    return row.birth_year is None or found.birth_year == row.birth_year


def _outcome(row):  # type: ignore[no-untyped-def]
    return row.status, row.learner_id, frozenset(c.id for c in row.candidates)


@settings(max_examples=300, deadline=None)
@given(on_file(), rows_strategy)
def test_a_cccd_on_file_always_wins(
    learners: list[Learner], rows: list[tuple[str, object, str | None]]
) -> None:
    known = OnFile.of(learners)
    for parsed in _parsed(rows):
        assert parsed.learner is not None
        owner = known.by_cccd.get(parsed.learner.cccd or "")
        if owner is None:
            continue
        row = match_row(parsed.number, parsed.learner, known)
        # that learner, or that learner to check (never another one, never a second record)
        assert row.status in (RowStatus.EXISTING, RowStatus.AMBIGUOUS, RowStatus.ERROR)
        if row.status is RowStatus.EXISTING:
            assert row.learner_id == owner.id and not owner.archived
        elif row.status is RowStatus.AMBIGUOUS:
            assert [c.id for c in row.candidates] == [owner.id] and not row.may_be_new
        else:
            assert owner.archived and "đã được lưu trữ" in row.reason


@settings(max_examples=300, deadline=None)
@given(on_file(), rows_strategy)
def test_a_row_never_matches_one_of_several_silently(
    learners: list[Learner], rows: list[tuple[str, object, str | None]]
) -> None:
    known = OnFile.of(learners)
    for parsed in _parsed(rows):
        assert parsed.learner is not None
        if parsed.learner.cccd in known.by_cccd:
            continue  # the CCCD decides (test above)
        fitting = [found for found in learners if _fits(parsed.learner, found)]
        row = match_row(parsed.number, parsed.learner, known)
        if not fitting:
            assert row.status is RowStatus.NEW and row.learner_id is None
        elif len(fitting) > 1 or (parsed.learner.birth_date is None and parsed.learner.birth_year is None):
            assert row.status is RowStatus.AMBIGUOUS and row.learner_id is None
            assert {c.id for c in row.candidates} == {found.id for found in fitting}
        else:
            (found,) = fitting
            expected = RowStatus.ERROR if found.archived else RowStatus.EXISTING
            assert row.status is expected
            assert row.learner_id == (None if found.archived else found.id)


@settings(max_examples=200, deadline=None)
@given(on_file(), rows_strategy, st.randoms(use_true_random=False))
def test_matching_does_not_depend_on_the_order_of_rows_or_records(
    learners: list[Learner], rows: list[tuple[str, object, str | None]], rng: random.Random
) -> None:
    parsed = _parsed(rows)
    shuffled_rows, shuffled_file = parsed[:], learners[:]
    rng.shuffle(shuffled_rows)
    rng.shuffle(shuffled_file)
    first = {row.number: row for row in plan_rows(parsed, OnFile.of(learners))}
    second = {row.number: row for row in plan_rows(shuffled_rows, OnFile.of(shuffled_file))}
    assert first.keys() == second.keys()
    for number, row in first.items():
        other = second[number]
        if RowStatus.DUPLICATE in (row.status, other.status):
            continue  # which of two repeats is kept depends on the order itself: checked below
        assert _outcome(row) == _outcome(other)
    for planned in (first, second):
        _repeats_are_said_and_kept_rows_are_distinct(planned)


def _same_person(a: Learner, b: Learner) -> bool:
    """What the list itself shows: the same CCCD, or the same folded name and the same known birth."""
    if a.cccd and a.cccd == b.cccd:
        return True
    birth_a, birth_b = (a.birth_date or a.birth_year), (b.birth_date or b.birth_year)
    return fold(a.full_name) == fold(b.full_name) and birth_a is not None and birth_a == birth_b


def _repeats_are_said_and_kept_rows_are_distinct(planned: dict[int, object]) -> None:
    kept = [row for row in planned.values() if row.status is not RowStatus.DUPLICATE]  # type: ignore[attr-defined]
    for index, row in enumerate(kept):
        for other in kept[index + 1 :]:
            assert not _same_person(row.learner, other.learner)
    for row in planned.values():
        if row.status is RowStatus.DUPLICATE:  # type: ignore[attr-defined]
            earlier = int(row.reason.split("trùng với dòng ")[1].split(" ")[0])  # type: ignore[attr-defined]
            assert planned[earlier].status is not RowStatus.DUPLICATE  # type: ignore[attr-defined]
            assert _same_person(row.learner, planned[earlier].learner)  # type: ignore[attr-defined]


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


VARIANTS = {
    "upper": str.upper,
    "lower": str.lower,
    "nfd": lambda text: unicodedata.normalize("NFD", text),
    "no tone marks": _strip_marks,
}


@settings(max_examples=300, deadline=None)
@given(on_file(), rows_strategy, st.sampled_from(sorted(VARIANTS)))
def test_case_tone_marks_and_unicode_form_do_not_change_the_match(
    learners: list[Learner], rows: list[tuple[str, object, str | None]], variant: str
) -> None:
    known = OnFile.of(learners)
    for parsed in _parsed(rows):
        assert parsed.learner is not None
        changed = replace(parsed.learner, full_name=VARIANTS[variant](parsed.learner.full_name))
        plain = match_row(parsed.number, parsed.learner, known)
        folded = match_row(parsed.number, changed, known)
        assert _outcome(plain) == _outcome(folded)


@settings(max_examples=100, deadline=None)
@given(on_file(), rows_strategy)
def test_a_pasted_list_is_matched_like_its_rows(
    learners: list[Learner], rows: list[tuple[str, object, str | None]]
) -> None:
    """Through the whole pipeline (text → rows → match), with the learners on file given by a lookup."""
    asked: list[tuple[tuple[str, ...], tuple[str, ...]]] = []

    def lookup(cccds, names):  # type: ignore[no-untyped-def]
        asked.append((tuple(cccds), tuple(names)))
        return learners

    def cell(birth: object) -> str:
        return birth.strftime("%d/%m/%Y") if isinstance(birth, date) else str(birth or "")

    text = "Họ và tên\tNgày sinh\tSố CCCD\n" + "\n".join(
        f"{name}\t{cell(birth)}\t{cccd or ''}" for name, birth, cccd in rows
    )
    plan = check_pasted_text(text, TODAY, lookup)
    assert len(asked) == 1  # one batched look-up for the whole list, not one per row
    expected = plan_rows(_parsed(rows), OnFile.of(learners))
    assert [_outcome(row) for row in plan.rows] == [_outcome(row) for row in expected]
