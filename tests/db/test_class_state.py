"""One home for "class has ended" and "class is locked" (domain/class_state.py): every service refuses a
locked class with the same words, and the roster and reports read "ended" the same way."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.classwork_builder import build_class
from trungtam_desktop.domain.class_state import ended_by_date, ended_status
from trungtam_desktop.domain.enums import ClassStatus
from trungtam_desktop.domain.errors import ConflictError


def test_a_locked_class_is_refused_with_one_message_by_every_service(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-31", learners=1, sessions=2)
    services.results.lock(built.class_id)
    klass = services.classes.get(built.class_id)
    refusals = []
    for attempt in (
        lambda: services.classes.update(replace(klass, venue="Hội trường B")),
        lambda: services.enrolment.remove(built.enrolment_ids[0]),
        lambda: services.attendance.mark_session_present(built.class_id, built.session_ids[0]),
    ):
        with pytest.raises(ConflictError) as caught:
            attempt()
        refusals.append(caught.value.message)
    assert set(refusals) == {
        f"Lớp “{klass.code} – {klass.name}” đã khóa kết quả; hãy mở khóa (ghi rõ lý do) trước khi sửa."
    }


@pytest.mark.parametrize(
    ("today", "ended"),
    [(date(2024, 6, 13), False), (date(2024, 6, 14), True), (date(2024, 6, 15), True)],
)
def test_a_class_ends_on_its_last_day(today: date, ended: bool) -> None:
    assert ended_by_date(date(2024, 6, 14), today) is ended


def test_finished_and_closed_are_the_ended_states() -> None:
    assert [s for s in ClassStatus if ended_status(s)] == [ClassStatus.FINISHED, ClassStatus.CLOSED]
    assert ended_status(ClassStatus.CLOSED.value) and not ended_status("dang_hoc")
