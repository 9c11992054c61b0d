"""Services: round trips, search, audit, and bad input refused with Vietnamese messages, nothing written."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing
from datetime import date

import pytest

from trungtam_desktop.domain.enums import ClassStatus, Gender, LecturerType, PartyStatus
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.models import (
    AssessmentComponent,
    CentreIdentity,
    Learner,
    Lecturer,
    TrainingClass,
)
from trungtam_desktop.domain.validation import validate_score


def _counts(opened) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("learner", "lecturer", "training_class", "audit_log")
        )


def _class(programme_id: int, **changes: object) -> TrainingClass:
    base = TrainingClass(programme_id, "NTVD-2024-02", "Đợt 2/2024", date(2024, 6, 10), date(2024, 6, 14))
    return dataclasses.replace(base, **changes)


def test_defaults_are_seeded(services) -> None:  # type: ignore[no-untyped-def]
    programmes = services.programmes.list()
    assert [p.code for p in programmes] == ["SCLLCT", "NTVD", "DVM", "BDCB", "CNKT", "HNQT"]
    so_cap = programmes[0]
    assert len(so_cap.lessons) == 18 and 250 <= so_cap.total_tiet <= 300
    assert sum(c.weight_percent for c in so_cap.components) == 100
    assert services.settings.centre().document_code == "TTCT"
    assert {q.role.value: q.standard_hours for q in services.settings.quotas()} == {
        "giam_doc": 40,
        "pho_giam_doc": 60,
        "giang_vien": 120,
    }


def test_learner_round_trip_cleans_text_and_audits(services, opened) -> None:  # type: ignore[no-untyped-def]
    created = services.learners.create(
        Learner(
            "  nguyễn   thị mỵ ",
            birth_date=date(1990, 3, 5),
            gender=Gender.FEMALE,
            cccd="068 190 000 123",
            unit="Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh",
        )
    )
    assert created.full_name == "Nguyễn Thị Mỵ"
    assert created.cccd == "068190000123" and created.birth_year == 1990
    updated = services.learners.update(dataclasses.replace(created, party_status=PartyStatus.PROBATIONARY))
    assert services.learners.get(created.id) == updated
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        actions = conn.execute(
            "SELECT action, user FROM audit_log WHERE entity = 'learner' AND entity_id = ? ORDER BY id",
            (created.id,),
        ).fetchall()
    assert actions == [("create", "kiểm thử"), ("update", "kiểm thử")]


def test_search_folds_case_and_tones_and_sorts_vietnamese_way(services) -> None:  # type: ignore[no-untyped-def]
    for name, year in [
        ("Trần Văn Bình", 1985),
        ("Nguyễn Thị Mỵ", 1990),
        ("Lê Thị Ánh", 1992),
        ("Nguyễn Văn An", 1970),
    ]:
        services.learners.create(
            Learner(name, birth_year=year, unit="Hội Phụ nữ xã Ninh Gia", gender=Gender.FEMALE)
        )
    assert [x.full_name for x in services.learners.search("nguyen thi my").items] == ["Nguyễn Thị Mỵ"]
    assert [x.full_name for x in services.learners.search("NGUYỄN").items] == [
        "Nguyễn Văn An",
        "Nguyễn Thị Mỵ",
    ]
    assert services.learners.search("ninh gia").total == 4
    assert [x.full_name for x in services.learners.search("1990").items] == ["Nguyễn Thị Mỵ"]
    everyone = [x.full_name for x in services.learners.search("").items]
    assert everyone == ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Văn Bình", "Nguyễn Thị Mỵ"]
    assert services.learners.search("100%").total == 0  # LIKE wildcards are escaped


def test_search_pages(services) -> None:  # type: ignore[no-untyped-def]
    for i in range(25):
        services.learners.create(
            Learner(f"Phạm Văn Học {chr(ord('A') + i)}", birth_year=1980, gender=Gender.FEMALE)
        )
    first = services.learners.search("pham van", limit=10)
    second = services.learners.search("pham van", offset=10, limit=10)
    assert first.total == 25 and first.has_more and len(first.items) == 10
    assert not {x.id for x in first.items} & {x.id for x in second.items}


def test_archived_learners_are_hidden_but_kept(services) -> None:  # type: ignore[no-untyped-def]
    learner = services.learners.create(Learner("Đặng Văn Đức", birth_year=1980, gender=Gender.FEMALE))
    services.learners.set_archived(learner.id, True)
    assert services.learners.search("dang van duc").total == 0
    assert services.learners.search("dang van duc", include_archived=True).total == 1
    assert services.learners.get(learner.id).archived


def test_possible_duplicates_by_cccd_or_name_and_birth(services) -> None:  # type: ignore[no-untyped-def]
    existing = services.learners.create(
        Learner("Nguyễn Thị Mỵ", birth_date=date(1990, 3, 5), cccd="068190000123", gender=Gender.FEMALE)
    )
    same_name = services.learners.possible_duplicates(
        Learner("nguyen thi my", birth_date=date(1990, 3, 5), gender=Gender.FEMALE)
    )
    same_cccd = services.learners.possible_duplicates(
        Learner("Người Khác", cccd="068190000123", gender=Gender.FEMALE)
    )
    other = services.learners.possible_duplicates(
        Learner("Nguyễn Thị Mỵ", birth_date=date(1991, 3, 5), gender=Gender.FEMALE)
    )
    assert [x.id for x in same_name] == [existing.id]
    assert [x.id for x in same_cccd] == [existing.id]
    assert other == []


BAD_LEARNERS = [
    (Learner("", gender=Gender.FEMALE), "full_name", "Họ và tên không được để trống"),
    (Learner("   \t ", gender=Gender.FEMALE), "full_name", "Họ và tên không được để trống"),
    (Learner("Nguyễn Văn A", birth_date=date(2030, 1, 1), gender=Gender.FEMALE), "birth", "tương lai"),
    (Learner("Nguyễn Văn A", birth_date=date(1899, 12, 31), gender=Gender.FEMALE), "birth", "1900"),
    (Learner("Nguyễn Văn A", birth_year=1850, gender=Gender.FEMALE), "birth", "Năm sinh"),
    (Learner("Nguyễn Văn A", cccd="12345", gender=Gender.FEMALE), "cccd", "12 chữ số"),
    (Learner("Nguyễn Văn A", cccd="06819000012X", gender=Gender.FEMALE), "cccd", "12 chữ số"),
    (
        Learner(
            "Nguyễn Văn A",
            party_status=PartyStatus.FULL,
            party_join_date=date(2020, 1, 1),
            party_full_date=date(2019, 1, 1),
            gender=Gender.FEMALE,
        ),
        "party_full_date",
        "Ngày chính thức",
    ),
    (Learner("Nguyễn Văn A"), "gender", "giới tính"),
    (Learner("Nguyễn Văn A", phone="09xy", gender=Gender.MALE), "phone", "10 chữ số"),
    (Learner("Nguyễn Văn A", phone="0912 345 67", gender=Gender.MALE), "phone", "10 chữ số"),
    (
        Learner("Nguyễn Văn A", party_join_date=date(2020, 1, 1), gender=Gender.MALE),
        "party_join_date",
        "Quần chúng không có ngày vào Đảng",
    ),
    (
        Learner(
            "Nguyễn Văn A",
            party_status=PartyStatus.PROBATIONARY,
            party_join_date=date(2023, 1, 1),
            party_full_date=date(2024, 1, 2),
            gender=Gender.MALE,
        ),
        "party_full_date",
        "dự bị chưa có ngày chính thức",
    ),
    (
        Learner(
            "Nguyễn Văn A",
            birth_date=date(2000, 5, 10),
            party_status=PartyStatus.PROBATIONARY,
            party_join_date=date(2018, 5, 9),
            gender=Gender.MALE,
        ),
        "party_join_date",
        "đủ 18 tuổi",
    ),
]


@pytest.mark.parametrize(("learner", "field", "message"), BAD_LEARNERS)
def test_bad_learner_is_refused_and_nothing_written(services, opened, learner, field, message) -> None:  # type: ignore[no-untyped-def]
    before = _counts(opened)
    with pytest.raises(ValidationError, match=message) as info:
        services.learners.create(learner)
    assert info.value.field == field
    assert _counts(opened) == before


def test_cccd_already_used_is_refused(services, opened) -> None:  # type: ignore[no-untyped-def]
    first = services.learners.create(Learner("Nguyễn Thị Mỵ", cccd="068190000123", gender=Gender.FEMALE))
    before = _counts(opened)
    with pytest.raises(ValidationError, match="đã được dùng cho học viên Nguyễn Thị Mỵ"):
        services.learners.create(Learner("Lê Văn Tám", cccd="068190000123", gender=Gender.FEMALE))
    assert _counts(opened) == before
    # Saving the same learner with its own CCCD is fine.
    assert services.learners.update(dataclasses.replace(first, phone="0912345678")).phone == "0912345678"


def test_schema_refuses_duplicate_cccd_even_without_the_service(opened) -> None:  # type: ignore[no-untyped-def]
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        insert = (
            "INSERT INTO learner (full_name, name_key, sort_key, cccd, ethnicity, religion, hometown, address,"
            " phone, position, unit, unit_key, party_cell, commune, party_status, education, speciality,"
            " theory_level, notes, archived, created_at, updated_at) VALUES (?, 'a', 'a', ?, 'Kinh', 'Không',"
            " '', '', '', '', '', '', '', '', 'quan_chung', '', '', '', '', 0, '2024-01-01', '2024-01-01')"
        )
        conn.execute(insert, ("A", "068190000123"))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(insert, ("B", "068190000123"))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(insert, ("C", "12345"))
        conn.execute(insert, ("D", None))
        conn.execute(insert, ("E", None))  # many learners without CCCD are fine


def test_class_round_trip_filters_and_next_round(services) -> None:  # type: ignore[no-untyped-def]
    nt = services.programmes.list()[1]
    lecturer = services.lecturers.create(Lecturer("Phạm Thị Hoa", LecturerType.FULL_TIME))
    created = services.classes.create(_class(nt.id, homeroom_lecturer_id=lecturer.id))
    assert created.programme_name == nt.name and created.homeroom_lecturer_name == "Phạm Thị Hoa"
    assert [c.id for c in services.classes.list(year=2024, programme_id=nt.id)] == [created.id]
    assert services.classes.list(year=2023) == []
    assert services.classes.list(status=ClassStatus.CLOSED) == []
    nxt = services.classes.create(services.classes.next_round_draft(created.id))
    assert (nxt.code, nxt.name, nxt.status) == ("NTVD-2024-03", "Đợt 3/2024", ClassStatus.PLANNED)
    assert nxt.start_date == date(2024, 6, 21) and nxt.end_date == date(2024, 6, 25)
    closed = services.classes.set_status(created.id, ClassStatus.CLOSED)
    assert closed.status == ClassStatus.CLOSED
    assert services.classes.years() == [2024]


def test_class_ending_before_it_starts_is_refused(services, opened) -> None:  # type: ignore[no-untyped-def]
    before = _counts(opened)
    pid = services.programmes.list()[0].id
    with pytest.raises(ValidationError, match=r"Ngày kết thúc .* không được trước ngày bắt đầu") as info:
        services.classes.create(_class(pid, end_date=date(2024, 6, 1)))
    assert info.value.field == "end_date"
    with pytest.raises(ValidationError, match="Mã lớp không được để trống"):
        services.classes.create(_class(pid, code="  "))
    assert _counts(opened) == before


def test_duplicate_class_code_is_refused(services) -> None:  # type: ignore[no-untyped-def]
    pid = services.programmes.list()[0].id
    services.classes.create(_class(pid))
    with pytest.raises(ValidationError, match="đã được dùng cho lớp khác"):
        services.classes.create(_class(pid, name="Khác"))


def test_lecturer_deactivate_and_search(services) -> None:  # type: ignore[no-untyped-def]
    a = services.lecturers.create(
        Lecturer("k' brếu", LecturerType.PART_TIME, appointment_decision="123-QĐ/HU")
    )
    services.lecturers.create(Lecturer("Vũ Văn Bảo", LecturerType.REPORTER))
    assert a.full_name == "K' Brếu"
    services.lecturers.set_active(a.id, False)
    assert [x.full_name for x in services.lecturers.list(active_only=True)] == ["Vũ Văn Bảo"]
    assert [x.full_name for x in services.lecturers.list("breu")] == ["K' Brếu"]
    with pytest.raises(ValidationError, match="Họ và tên giảng viên"):
        services.lecturers.create(Lecturer("   "))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10.5", "từ 0 đến 10"),
        ("-1", "từ 0 đến 10"),
        ("8,25", "một chữ số thập phân"),
        ("abc", "không phải là số"),
        ("", "không được để trống"),
        ("nan", "không phải là số"),
    ],
)
def test_bad_scores_are_refused(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_score(value)


def test_good_scores(services) -> None:  # type: ignore[no-untyped-def]
    assert validate_score("8,5") == 8.5 and validate_score(10) == 10.0 and validate_score("0") == 0.0


def test_schema_refuses_score_outside_range(opened) -> None:  # type: ignore[no-untyped-def]
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO score (enrolment_id, component_id, value) VALUES (1, 1, 10.5)")


def test_centre_settings_validated_and_saved(services) -> None:  # type: ignore[no-untyped-def]
    saved = services.settings.save_centre(
        CentreIdentity(
            "ĐẢNG ỦY XÃ HIỆP THẠNH", "TRUNG TÂM CHÍNH TRỊ", "Hiệp Thạnh", "Nguyễn Văn A", "GIÁM ĐỐC", "TTCT"
        )
    )
    assert services.settings.centre() == saved
    with pytest.raises(ValidationError, match="Địa danh ghi ngày tháng không được để trống"):
        services.settings.save_centre(dataclasses.replace(saved, place_name=" "))


def test_programme_weights_must_total_100(services) -> None:  # type: ignore[no-untyped-def]
    so_cap = services.programmes.list()[0]
    bad = dataclasses.replace(so_cap, components=(AssessmentComponent("Thi", 60),))
    with pytest.raises(ValidationError, match="bằng 100%"):
        services.programmes.update(bad)


def test_programme_update_keeps_lesson_identity(services) -> None:  # type: ignore[no-untyped-def]
    so_cap = services.programmes.list()[0]
    reordered = services.programmes.update(dataclasses.replace(so_cap, lessons=so_cap.lessons[::-1]))
    assert [lesson.id for lesson in reordered.lessons] == [lesson.id for lesson in so_cap.lessons[::-1]]
    assert reordered.lessons[0].title == so_cap.lessons[-1].title


def test_locked_class_cannot_be_edited(services, opened) -> None:  # type: ignore[no-untyped-def]
    pid = services.programmes.list()[0].id
    created = services.classes.create(_class(pid))
    with closing(sqlite3.connect(opened.paths.database)) as conn, conn:
        conn.execute("UPDATE training_class SET locked = 1 WHERE id = ?", (created.id,))
    with pytest.raises(ConflictError, match="đã khóa"):
        services.classes.update(dataclasses.replace(created, venue="Hội trường B"))
