"""The roster service: enrolling, quick-add, pasted lists (an import into the class), withdrawal, removal,
and the class lock."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date

import pytest

from tests.db.classwork_support import (
    certify,
    count,
    lock,
    make_class,
    make_learner,
    mark,
    score,
    sql,
)
from trungtam_desktop.domain.enums import ClassStatus, EnrolmentStatus, Gender
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from trungtam_desktop.domain.import_plan import RowStatus
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.vietnamese import unicode_to_legacy

# FIXED_TODAY is Wednesday 20/11/2024.
RUNNING = (date(2024, 11, 18), date(2024, 11, 22))
FUTURE = (date(2024, 12, 2), date(2024, 12, 6))
PAST = (date(2024, 10, 7), date(2024, 10, 11))


def test_roster_is_sorted_the_vietnamese_way(services) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    names = ["Trần Văn Ánh", "Nguyễn Thị Bình", "Lê Văn An", "Đặng Thị Ân", "Phạm Văn An"]
    ids = [make_learner(services, name, 1980 + i) for i, name in enumerate(names)]
    result = services.enrolment.enrol(class_id, ids)
    assert len(result.enrolled) == 5 and result.already_enrolled == ()
    roster = services.enrolment.roster(class_id)
    # Given name first, letter by letter in the Vietnamese alphabet (a < â, so Ánh < Ân), then the rest.
    assert [e.full_name for e in roster] == [
        "Lê Văn An",
        "Phạm Văn An",
        "Trần Văn Ánh",
        "Đặng Thị Ân",
        "Nguyễn Thị Bình",
    ]
    assert all(e.status is EnrolmentStatus.ACTIVE and e.enrolled_on == FUTURE[0] for e in roster)


def test_enrolling_twice_skips_and_reports_the_learner(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    first, second = make_learner(services, "Nguyễn Văn An"), make_learner(services, "Lê Thị Hoa")
    services.enrolment.enrol(class_id, [first])
    result = services.enrolment.enrol(class_id, [first, second, second])
    assert [e.learner_id for e in result.enrolled] == [second]
    assert result.already_enrolled == ("Nguyễn Văn An",)
    assert "Đã thêm 1 học viên" in result.summary() and "Nguyễn Văn An" in result.summary()
    assert count(opened, "enrolment") == 2
    assert count(opened, "audit_log", "entity = 'enrolment' AND action = 'create'") == 2


@pytest.mark.parametrize(
    ("dates", "expected"),
    [(FUTURE, FUTURE[0]), (RUNNING, date(2024, 11, 20)), (PAST, PAST[0])],
    ids=["before the class: its first day", "late joiner: today", "after the class: its first day"],
)
def test_default_enrolment_date(services, dates, expected) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *dates)
    learner = make_learner(services, "Nguyễn Văn An")
    assert services.enrolment.default_enrolled_on(class_id) == expected
    (entry,) = services.enrolment.enrol(class_id, [learner]).enrolled
    assert entry.enrolled_on == expected


def test_enrolment_date_after_the_class_is_refused(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    learner = make_learner(services, "Nguyễn Văn An")
    with pytest.raises(ValidationError, match="Ngày vào lớp") as error:
        services.enrolment.enrol(class_id, [learner], enrolled_on=date(2024, 12, 9))
    assert error.value.field == "enrolled_on"
    assert count(opened, "enrolment") == 0


def test_archived_learner_refuses_the_whole_call(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    active = make_learner(services, "Nguyễn Văn An")
    archived = make_learner(services, "Hoàng Thị Lan")
    services.learners.set_archived(archived)
    with pytest.raises(ValidationError, match="Hoàng Thị Lan đã được lưu trữ"):
        services.enrolment.enrol(class_id, [active, archived])
    assert count(opened, "enrolment") == 0
    with pytest.raises(NotFoundError):
        services.enrolment.enrol(class_id, [999_999])


def test_quick_add_creates_and_enrols_in_one_transaction(services, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *RUNNING)
    entry = services.enrolment.quick_add(
        class_id, Learner("  trần thị mỹ ", birth_date=date(1995, 1, 2), gender=Gender.FEMALE)
    )
    assert entry.full_name == "Trần Thị Mỹ" and entry.enrolled_on == date(2024, 11, 20)
    assert services.learners.get(entry.learner_id).birth_year == 1995
    batches = sql(opened, "SELECT DISTINCT batch_id FROM audit_log WHERE entity IN ('learner', 'enrolment')")
    assert len(batches) == 1 and batches[0][0]

    # A failure once the learner row is written (while enrolling) leaves no learner behind.
    learners_before = count(opened, "learner")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("mất điện")

    monkeypatch.setattr(services.enrolment._writer, "enrol", broken)
    with pytest.raises(RuntimeError):
        services.enrolment.quick_add(class_id, Learner("Lê Văn Tám", birth_year=1990, gender=Gender.FEMALE))
    assert count(opened, "learner") == learners_before
    monkeypatch.undo()
    lock(opened, class_id)
    with pytest.raises(ConflictError, match="đã khóa"):
        services.enrolment.quick_add(class_id, Learner("Lê Văn Tám", birth_year=1990, gender=Gender.FEMALE))
    assert count(opened, "learner") == learners_before


def test_quick_add_refuses_a_used_cccd(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    make_learner(services, "Nguyễn Văn An", cccd="068190000123")
    with pytest.raises(ValidationError, match="CCCD 068190000123 đã được dùng") as error:
        services.enrolment.quick_add(
            class_id, Learner("Lê Văn Tám", cccd="068 190 000 123", gender=Gender.FEMALE)
        )
    assert error.value.field == "cccd"
    assert count(opened, "learner") == 1 and count(opened, "enrolment") == 0


PASTED_WITH_HEADER = (
    "STT\tHọ và tên\tNgày sinh\tGiới tính\tĐơn vị\n"
    "1\tNguyễn Thị Mỵ\t05/03/1990\tNữ\tChi bộ thôn 3\n"
    "2\tTrần Văn Bình\t1985\tNam\tXã Hiệp Thạnh\n"
    "3\tNguyễn Văn Bé\t31/02/1990\tNam\tXã Ninh Gia\n"
    "\n"
    "4\tlê thị hồng\t12/12/2000\tnữ\tĐoàn Thanh niên\n"
)


def test_pasted_list_with_a_header_is_matched(services) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    my = make_learner(services, "Nguyễn Thị Mỵ", birth_date=date(1990, 3, 5))
    make_learner(services, "Trần Văn Bình", 1985, unit="Thôn 1")
    make_learner(services, "Trần Văn Bình", 1985, unit="Thôn 2")
    services.enrolment.enrol(class_id, [my])

    pasted = services.learner_import.check_pasted(PASTED_WITH_HEADER, class_id)
    assert pasted.has_header and pasted.recognised == ("Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị công tác")
    rows = {row.number: row for row in pasted.rows}
    assert sorted(rows) == [2, 3, 4, 6]  # header and blank line skipped, line numbers kept
    assert rows[2].status is RowStatus.EXISTING and rows[2].learner_id == my and rows[2].in_class
    assert rows[3].status is RowStatus.AMBIGUOUS and len(rows[3].candidates) == 2
    assert rows[4].reason == "Dòng 4: Ngày sinh: ngày 31/02/1990 không tồn tại."
    assert rows[6].status is RowStatus.NEW and rows[6].full_name == "Lê Thị Hồng"
    assert rows[6].learner.gender is Gender.FEMALE and rows[6].learner.birth_date == date(2000, 12, 12)
    assert not pasted.ready and [r.reason for r in pasted.rows if r.status is RowStatus.ERROR] == [rows[4].reason]
    assert "1 lỗi" in pasted.summary()


def test_pasted_nfd_text_is_stored_nfc_and_matches(services) -> None:  # type: ignore[no-untyped-def]
    existing = make_learner(services, "Nguyễn Thị Mỵ", birth_date=date(1990, 3, 5))
    text = unicodedata.normalize("NFD", "Nguyễn Thị Mỵ\t05/03/1990\nPhạm Ngọc Ánh\t1992\n")
    pasted = services.learner_import.check_pasted(text)
    first, second = pasted.rows
    assert first.status is RowStatus.EXISTING and first.learner_id == existing
    assert second.full_name == "Phạm Ngọc Ánh" and unicodedata.is_normalized("NFC", second.full_name)


def test_pasted_tcvn3_text_is_converted_and_leftovers_refused(services) -> None:  # type: ignore[no-untyped-def]
    text = unicode_to_legacy(
        "Họ và tên\tNăm sinh\tĐơn vị\nPhạm Ngọc Ánh\t1992\tHội Phụ nữ xã\nTrần Văn Bình\t1985\tĐảng bộ xã",
        "tcvn3",
    )
    pasted = services.learner_import.check_pasted(text)
    assert pasted.encoding == "tcvn3" and pasted.has_header
    assert [(r.full_name, r.unit) for r in pasted.rows] == [
        ("Phạm Ngọc Ánh", "Hội Phụ nữ xã"),
        ("Trần Văn Bình", "Đảng bộ xã"),
    ]
    # A TCVN3 word inside Unicode text cannot be converted safely: refused, never stored as mojibake.
    mixed = services.learner_import.check_pasted("Nguyễn Văn Ph¹m\t1990\n")
    assert mixed.rows[0].reason.startswith("Dòng 1: Họ và tên “Nguyễn Văn Ph¹m” có ký tự lạ")


def test_pasted_list_without_header_in_another_order(services) -> None:  # type: ignore[no-untyped-def]
    text = "Xã Hiệp Thạnh, thôn 3\t1990\tNguyễn Thị Mỵ\tNữ\nĐoàn xã Ninh Gia\t1985\tTrần Văn Bình\tNam\n"
    pasted = services.learner_import.check_pasted(text)
    assert not pasted.has_header
    assert [(r.full_name, r.learner.birth_year, r.learner.gender, r.unit) for r in pasted.rows] == [
        ("Nguyễn Thị Mỵ", 1990, Gender.FEMALE, "Xã Hiệp Thạnh, thôn 3"),
        ("Trần Văn Bình", 1985, Gender.MALE, "Đoàn xã Ninh Gia"),
    ]


def test_enrol_pasted_with_a_bad_row_writes_nothing(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    make_learner(services, "Trần Văn Bình", 1985)
    make_learner(services, "Trần Văn Bình", 1985)
    pasted = services.learner_import.check_pasted(PASTED_WITH_HEADER, class_id)
    learners_before = count(opened, "learner")
    with pytest.raises(ValidationError, match="Dòng 4"):
        services.learner_import.apply(pasted)
    good = dataclasses.replace(pasted, rows=tuple(row for row in pasted.rows if row.status is not RowStatus.ERROR))
    with pytest.raises(ValidationError, match="Dòng 3: có 2 hồ sơ"):
        services.learner_import.apply(good)
    assert count(opened, "learner") == learners_before and count(opened, "enrolment") == 0

    ambiguous = next(row for row in good.rows if row.status is RowStatus.AMBIGUOUS)
    chosen = good.resolve(ambiguous.number, ambiguous.candidates[1].id)
    # The chosen record is archived meanwhile: refused after the new learner of line 2 was written,
    # and that learner is rolled back with everything else.
    services.learners.set_archived(chosen.rows[1].learner_id)
    with pytest.raises(ValidationError, match="Trần Văn Bình đã được lưu trữ"):
        services.learner_import.apply(chosen)
    assert count(opened, "learner") == learners_before and count(opened, "enrolment") == 0
    services.learners.set_archived(chosen.rows[1].learner_id, False)
    result = services.learner_import.apply(chosen)
    assert result.created == 2 and result.enrolled == 3
    assert count(opened, "learner") == learners_before + 2
    assert {e.full_name for e in services.enrolment.roster(class_id)} == {
        "Nguyễn Thị Mỵ",
        "Trần Văn Bình",
        "Lê Thị Hồng",
    }


def test_enrol_pasted_refuses_an_empty_list(services) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    with pytest.raises(ValidationError, match="chưa có dòng nào"):
        services.learner_import.apply(services.learner_import.check_pasted("", class_id))


def test_withdraw_and_reinstate(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *RUNNING)
    learner = make_learner(services, "Nguyễn Văn An")
    (entry,) = services.enrolment.enrol(class_id, [learner]).enrolled
    with pytest.raises(ValidationError, match="Lý do"):
        services.enrolment.withdraw(entry.enrolment_id, date(2024, 11, 21), "  ")
    with pytest.raises(ValidationError, match="phải từ ngày vào lớp"):
        services.enrolment.withdraw(entry.enrolment_id, date(2024, 11, 19), "Ốm")
    withdrawn = services.enrolment.withdraw(entry.enrolment_id, date(2024, 11, 21), " Đi công tác ")
    assert withdrawn.withdrawn and withdrawn.withdrawn_on == date(2024, 11, 21)
    assert withdrawn.note == "Đi công tác" and withdrawn.status_text == "Thôi học từ 21/11/2024"
    with pytest.raises(ConflictError, match="đã thôi học"):
        services.enrolment.withdraw(entry.enrolment_id, date(2024, 11, 21), "Lần nữa")
    back = services.enrolment.reinstate(entry.enrolment_id)
    assert back.status is EnrolmentStatus.ACTIVE and back.withdrawn_on is None and back.note == ""
    with pytest.raises(ConflictError, match="đang học"):
        services.enrolment.reinstate(entry.enrolment_id)
    actions = sql(opened, "SELECT action FROM audit_log WHERE entity = 'enrolment' ORDER BY id")
    assert [a for (a,) in actions] == ["create", "update", "restore"]


def test_a_finished_class_shows_its_learners_as_having_finished(services) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *RUNNING)
    stays, leaves = make_learner(services, "Nguyễn Văn An"), make_learner(services, "Trần Thị Bình")
    services.enrolment.enrol(class_id, [stays, leaves])
    leaving = next(e for e in services.enrolment.roster(class_id) if e.learner_id == leaves)
    services.enrolment.withdraw(leaving.enrolment_id, date(2024, 11, 21), "Ốm")
    assert [e.status_text for e in services.enrolment.roster(class_id)] == [
        "Đang học",
        "Thôi học từ 21/11/2024",
    ]
    services.classes.set_status(class_id, ClassStatus.FINISHED)
    assert [e.status_text for e in services.enrolment.roster(class_id)] == [
        "Đã học hết khóa",
        "Thôi học từ 21/11/2024",
    ]


def test_remove_deletes_marks_and_scores(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *FUTURE)
    ids = [make_learner(services, "Nguyễn Văn An"), make_learner(services, "Lê Thị Hoa")]
    entries = services.enrolment.enrol(class_id, ids).enrolled
    sessions = services.timetable.generate(class_id)
    for entry in entries:
        mark(opened, entry.enrolment_id, sessions[0].id)
        score(opened, entry.enrolment_id)
    target, other = entries
    assert services.enrolment.recorded_marks(target.enrolment_id) == 2
    services.enrolment.remove(target.enrolment_id)
    assert [e.enrolment_id for e in services.enrolment.roster(class_id)] == [other.enrolment_id]
    assert count(opened, "attendance") == 1 and count(opened, "score") == 1
    assert count(opened, "learner") == 2  # the learner's record stays
    summary = sql(opened, "SELECT summary FROM audit_log WHERE action = 'delete'")[0][0]
    assert "1 lượt điểm danh, 1 điểm" in summary
    with pytest.raises(NotFoundError):
        services.enrolment.remove(target.enrolment_id)


def test_remove_is_refused_once_a_certificate_exists(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *PAST)
    (entry,) = services.enrolment.enrol(class_id, [make_learner(services, "Nguyễn Văn An")]).enrolled
    certify(opened, entry.enrolment_id)
    with pytest.raises(ConflictError, match="đã được cấp giấy chứng nhận"):
        services.enrolment.remove(entry.enrolment_id)
    assert count(opened, "enrolment") == 1


def test_locked_class_refuses_every_roster_write(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "K1", *RUNNING)
    first, second = make_learner(services, "Nguyễn Văn An"), make_learner(services, "Lê Thị Hoa")
    entry, withdrawn = services.enrolment.enrol(class_id, [first, second]).enrolled
    services.enrolment.withdraw(withdrawn.enrolment_id, date(2024, 11, 20), "Ốm")
    pasted = services.learner_import.check_pasted("Trần Văn Tư\t1990\n", class_id)
    third = make_learner(services, "Phạm Văn Ba")
    lock(opened, class_id)
    audit_before = count(opened, "audit_log")
    attempts = [
        lambda: services.enrolment.enrol(class_id, [third]),
        lambda: services.enrolment.quick_add(class_id, Learner("Võ Văn Năm", gender=Gender.FEMALE)),
        lambda: services.learner_import.apply(pasted),
        lambda: services.enrolment.withdraw(entry.enrolment_id, date(2024, 11, 21), "Ốm"),
        lambda: services.enrolment.reinstate(withdrawn.enrolment_id),
        lambda: services.enrolment.remove(entry.enrolment_id),
    ]
    for attempt in attempts:
        with pytest.raises(ConflictError, match="đã khóa kết quả"):
            attempt()
    assert count(opened, "audit_log") == audit_before
    assert [e.status for e in services.enrolment.roster(class_id)] == [
        EnrolmentStatus.ACTIVE,
        EnrolmentStatus.WITHDRAWN,
    ]
