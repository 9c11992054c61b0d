"""The demo database: believable, consistent, deterministic, and refused on a database already in use."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from trungtam_desktop.app import OpenedData, open_services
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.errors import ConflictError
from trungtam_desktop.domain.grading import outcome
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.demo import ProgrammeInfo, programme_rules, reference_today, seed_demo

SEED = 20240101
TODAY = reference_today(SEED).isoformat()


@dataclass
class Seeded:
    opened: OpenedData
    summary: dict[str, int]
    progress: list[tuple[str, int, int]]

    def query(self, sql: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
        with closing(sqlite3.connect(self.opened.paths.database)) as conn:
            return conn.execute(sql, args).fetchall()

    def value(self, sql: str, *args: object) -> object:
        return self.query(sql, *args)[0][0]


def _open(folder: Path, template: Path) -> OpenedData:
    paths = DataPaths(folder).ensure()
    shutil.copy(template, paths.database)
    return open_services(paths, user="kiểm thử")


def _seed(folder: Path, template: Path, seed: int = SEED) -> Seeded:
    opened = _open(folder, template)
    progress: list[tuple[str, int, int]] = []
    summary = seed_demo(
        opened.database, scale="small", seed=seed, progress=lambda *step: progress.append(step)
    )
    return Seeded(opened, summary, progress)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[Seeded]:
    """One small demo database shared by the read-only tests of this module."""
    seeded = _seed(tmp_path_factory.mktemp("demo"), migrated_template)
    yield seeded
    seeded.opened.close()


def test_summary_matches_the_database_and_sizes_are_realistic(demo: Seeded) -> None:
    tables = {
        "Giảng viên": "lecturer",
        "Lớp học": "training_class",
        "Buổi học": "class_session",
        "Học viên": "learner",
        "Lượt học": "enrolment",
        "Điểm danh": "attendance",
        "Điểm": "score",
        "Kế hoạch năm": "annual_plan",
        "Chương trình": "programme",
    }
    for label, table in tables.items():
        assert demo.summary[label] == demo.value(f"SELECT count(*) FROM {table}"), label
    assert 70 <= demo.summary["Lớp học"] <= 95
    assert 2_500 <= demo.summary["Học viên"] <= 3_800
    assert 20_000 <= demo.summary["Điểm danh"] <= 60_000
    # Many people attend two or more classes over the year.
    repeaters = demo.value(
        "SELECT count(*) FROM (SELECT learner_id FROM enrolment GROUP BY 1 HAVING count(*) > 1)"
    )
    assert 400 <= repeaters <= demo.summary["Học viên"] // 2  # type: ignore[operator]
    stages = {stage for stage, _, _ in demo.progress}
    assert {"Giảng viên", "Lớp học", "Học viên", "Điểm danh và điểm"} <= stages
    assert all(0 <= done <= total for _, done, total in demo.progress)


def test_class_sizes_and_lengths_follow_the_programme(demo: Seeded) -> None:
    rows = demo.query(
        """SELECT p.code, c.id, c.status, count(DISTINCT e.id),
                  (SELECT count(*) FROM class_session s WHERE s.class_id = c.id)
           FROM training_class c JOIN programme p ON p.id = c.programme_id
           LEFT JOIN enrolment e ON e.class_id = c.id GROUP BY c.id"""
    )
    sizes = {
        "SCLLCT": (40, 60),
        "NTVD": (40, 80),
        "DVM": (25, 55),
        "BDCB": (25, 50),
        "CNKT": (30, 70),
        "HNQT": (50, 200),
    }
    buoi = {
        "SCLLCT": {53},
        "NTVD": {10},
        "DVM": {11},
        "BDCB": {6},
        "CNKT": {2, 3, 4, 6},
        "HNQT": {1, 2, 3, 4},
    }
    assert {code for code, *_ in rows} == set(sizes)
    for code, _class_id, status, learners, sessions in rows:
        assert sessions in buoi[code]
        if status != "du_kien":
            low, high = sizes[code]
            assert low <= learners <= high, (code, learners)


def test_class_status_follows_the_reference_date(demo: Seeded) -> None:
    wrong = demo.query(
        """SELECT code, status FROM training_class WHERE NOT CASE
             WHEN start_date > ?1 THEN status = 'du_kien'
             WHEN end_date >= ?1 THEN status = 'dang_hoc'
             ELSE status IN ('da_ket_thuc', 'da_dong') END
           OR locked != (status = 'da_dong')""",
        TODAY,
    )
    assert wrong == []
    assert {s for (s,) in demo.query("SELECT DISTINCT status FROM training_class")} == {
        "du_kien",
        "dang_hoc",
        "da_ket_thuc",
        "da_dong",
    }
    codes = [code for (code,) in demo.query("SELECT code FROM training_class")]
    assert all(re.fullmatch(r"(SCLLCT|NTVD|DVM|BDCB|CNKT|HNQT)-2024-\d\d", code) for code in codes)


def test_sessions_lie_within_the_class_and_never_on_sunday(demo: Seeded) -> None:
    assert (
        demo.value(
            """SELECT count(*) FROM class_session s JOIN training_class c ON c.id = s.class_id
           JOIN programme p ON p.id = c.programme_id
           WHERE s.date < c.start_date OR s.date > c.end_date OR strftime('%w', s.date) = '0'
              OR s.tiet != p.tiet_per_buoi OR s.half_day NOT IN ('sang', 'chieu') OR s.lecturer_id IS NULL"""
        )
        == 0
    )
    # Lessons are taught in the programme's order, and a lecturer is never in two places at once.
    for (class_id,) in demo.query("SELECT id FROM training_class"):
        positions = [
            p
            for (p,) in demo.query(
                """SELECT l.position FROM class_session s JOIN programme_lesson l ON l.id = s.lesson_id
               WHERE s.class_id = ? ORDER BY s.date, s.half_day DESC""",
                class_id,
            )
        ]
        assert positions == sorted(positions)
    assert (
        demo.value(
            """SELECT count(*) FROM (SELECT 1 FROM class_session WHERE lecturer_id IS NOT NULL
           GROUP BY lecturer_id, date, half_day HAVING count(*) > 1)"""
        )
        == 0
    )


def test_attendance_only_for_past_buoi_after_enrolment(demo: Seeded) -> None:
    assert (
        demo.value(
            """SELECT count(*) FROM attendance a JOIN enrolment e ON e.id = a.enrolment_id
           JOIN class_session s ON s.id = a.session_id
           WHERE s.date < e.enrolled_on OR s.date >= ? OR s.class_id != e.class_id
              OR (e.withdrawn_on IS NOT NULL AND s.date > e.withdrawn_on)""",
            TODAY,
        )
        == 0
    )
    # Every enrolled learner has a mark for every past buổi of their class while enrolled.
    assert (
        demo.value(
            """SELECT count(*) FROM enrolment e JOIN class_session s ON s.class_id = e.class_id
           LEFT JOIN attendance a ON a.enrolment_id = e.id AND a.session_id = s.id
           WHERE a.status IS NULL AND s.date < ? AND s.date >= e.enrolled_on
             AND (e.withdrawn_on IS NULL OR s.date <= e.withdrawn_on)""",
            TODAY,
        )
        == 0
    )
    statuses = dict(demo.query("SELECT status, count(*) FROM attendance GROUP BY 1"))
    total = sum(statuses.values())
    assert set(statuses) == {"co_mat", "di_muon", "vang_co_phep", "vang_khong_phep"}
    assert 0.90 <= (statuses["co_mat"] + statuses["di_muon"]) / total <= 0.98
    late = demo.value(
        "SELECT count(*) FROM enrolment WHERE enrolled_on > (SELECT start_date FROM training_class c"
        " WHERE c.id = enrolment.class_id)"
    )
    withdrawn = demo.value(
        "SELECT count(*) FROM enrolment WHERE status = 'thoi_hoc' AND withdrawn_on IS NOT NULL"
    )
    over_limit = demo.value(
        """SELECT count(*) FROM (SELECT e.id FROM enrolment e JOIN attendance a ON a.enrolment_id = e.id
           GROUP BY e.id HAVING 3 * sum(a.status LIKE 'vang%')
             > (SELECT count(*) FROM class_session s WHERE s.class_id = e.class_id))"""
    )
    assert late > 10 and withdrawn > 2 and over_limit > 10  # type: ignore[operator]


def test_scores_and_results_are_consistent(demo: Seeded) -> None:
    assert (
        demo.value(
            "SELECT count(*) FROM score WHERE value < 0 OR value > 10 OR "
            "abs(value * 10 - round(value * 10)) > 1e-9"
        )
        == 0
    )
    mean = demo.value("SELECT avg(value) FROM score")
    assert 7.0 <= mean <= 8.8  # type: ignore[operator]
    # Only programmes with assessment components have scores, and never for a withdrawn learner.
    assert (
        demo.value(
            """SELECT count(*) FROM score sc JOIN enrolment e ON e.id = sc.enrolment_id
           JOIN assessment_component ac ON ac.id = sc.component_id
           JOIN training_class c ON c.id = e.class_id
           WHERE ac.programme_id != c.programme_id OR e.status = 'thoi_hoc'"""
        )
        == 0
    )
    programmes: dict[int, ProgrammeInfo] = {}
    for pid, code in demo.query("SELECT id, code FROM programme"):
        components = demo.query(
            "SELECT id, weight_percent, min_score FROM assessment_component WHERE programme_id = ? "
            "ORDER BY position",
            pid,
        )
        bands = demo.query(
            "SELECT grade, min_score FROM grading_band WHERE programme_id = ? ORDER BY min_score DESC", pid
        )
        programmes[pid] = ProgrammeInfo(pid, code, 5, True, (1, 3), [], components, bands)
    graded = demo.query(
        """SELECT e.id, c.programme_id, e.final_score, e.grade, e.passed FROM enrolment e
           JOIN training_class c ON c.id = e.class_id WHERE e.final_score IS NOT NULL"""
    )
    assert len(graded) > 1_000
    for enrolment_id, programme_id, final, grade, passed in graded:
        values = dict(
            demo.query("SELECT component_id, value FROM score WHERE enrolment_id = ?", enrolment_id)
        )
        result = outcome(*programme_rules(programmes[programme_id]), values)
        assert (final, grade, bool(passed)) == (result.final, result.grade.value, result.passed)
    grades = {g for (g,) in demo.query("SELECT DISTINCT grade FROM enrolment WHERE grade IS NOT NULL")}
    assert grades == {"xuat_sac", "gioi", "kha", "trung_binh", "khong_dat"}


def test_programme_rules_carry_weights_bands_and_component_minimum() -> None:
    programme = ProgrammeInfo(
        1,
        "SCLLCT",
        5,
        True,
        (1, 3),
        [],
        [(1, 30, 5.0), (2, 30, 5.0), (3, 40, 5.0)],
        [("xuat_sac", 9.0), ("gioi", 8.0), ("kha", 7.0), ("trung_binh", 5.0)],
    )
    rules = programme_rules(programme)

    def grade_result(values: list[float]) -> tuple[float | None, str | None, bool | None]:
        result = outcome(*rules, dict(zip((1, 2, 3), values, strict=True)))
        return result.final, result.grade.value if result.grade else None, result.passed

    assert grade_result([8.0, 7.5, 9.0]) == (8.3, "gioi", True)  # 2.4 + 2.25 + 3.6 = 8.25 → 8.3
    assert grade_result([9.0, 9.0, 9.0]) == (9.0, "xuat_sac", True)
    assert grade_result([4.5, 9.0, 9.0]) == (7.7, "khong_dat", False)  # one component under 5
    assert grade_result([4.0, 4.0, 5.0]) == (4.4, "khong_dat", False)
    assert grade_result([9.0, 9.0, 4.9]) == (7.4, "khong_dat", False)  # Khá, but the final exam under 5


def test_learners_look_real(demo: Seeded) -> None:
    count = demo.summary["Học viên"]
    cccds = [c for (c,) in demo.query("SELECT cccd FROM learner WHERE cccd IS NOT NULL")]
    assert len(set(cccds)) == len(cccds)
    assert all(re.fullmatch(r"\d{12}", c) for c in cccds)
    assert 0.5 <= len(cccds) / count <= 0.7
    assert sum(c.startswith("068") for c in cccds) / len(cccds) > 0.6
    assert (
        demo.value(
            "SELECT count(*) FROM learner WHERE birth_year NOT BETWEEN 1960 AND 2005 OR "
            "(birth_date IS NOT NULL AND CAST(strftime('%Y', birth_date) AS INT) != birth_year)"
        )
        == 0
    )
    year_only = demo.value("SELECT count(*) FROM learner WHERE birth_date IS NULL")
    assert 0.03 * count <= year_only <= 0.2 * count  # type: ignore[operator]
    ethnic = dict(demo.query("SELECT ethnicity, count(*) FROM learner GROUP BY 1"))
    assert 0.7 <= ethnic["Kinh"] / count <= 0.9
    assert {"K'Ho", "Chu Ru", "Mạ", "Tày", "Nùng", "Hoa"} <= set(ethnic)
    assert 0.55 <= demo.value("SELECT avg(religion = 'Không') FROM learner") <= 0.8  # type: ignore[operator]
    nguyen = demo.value("SELECT avg(full_name LIKE 'Nguyễn %') FROM learner WHERE ethnicity = 'Kinh'")
    assert 0.3 <= nguyen <= 0.46  # type: ignore[operator]
    # K'Ho and Mạ names mark men with "K'" and women with "Ka"; such names belong to those peoples.
    assert (
        demo.value(
            """SELECT count(*) FROM learner WHERE (full_name LIKE 'K''%' AND gender != 'nam')
           OR (full_name LIKE 'Ka %' AND gender != 'nu')
           OR ((full_name LIKE 'K''%' OR full_name LIKE 'Ka %') AND ethnicity NOT IN ('K''Ho', 'Mạ'))"""
        )
        == 0
    )
    assert demo.value("SELECT count(*) FROM learner WHERE full_name LIKE '% Thị %' AND gender = 'nam'") == 0
    assert demo.value("SELECT count(*) FROM learner WHERE unit = '' OR commune = '' OR name_key = ''") == 0


def test_party_status_follows_the_programme(demo: Seeded) -> None:
    def statuses(code: str, extra: str = "") -> dict[str, int]:
        return dict(
            demo.query(
                f"""SELECT l.party_status, count(*) FROM enrolment e JOIN learner l ON l.id = e.learner_id
                JOIN training_class c ON c.id = e.class_id JOIN programme p ON p.id = c.programme_id
                WHERE p.code = ? {extra} GROUP BY 1""",
                code,
            )
        )

    # People in a recent class on the Party are not members yet; new members are on probation.
    assert set(statuses("NTVD", f"AND c.end_date > date('{TODAY}', '-45 days')")) == {"quan_chung"}
    assert set(statuses("DVM", f"AND c.start_date > date('{TODAY}', '-40 days')")) == {"du_bi"}
    for code in ("SCLLCT", "BDCB"):
        assert set(statuses(code)) == {"chinh_thuc"}
    briefing = statuses("HNQT")
    assert briefing["chinh_thuc"] / sum(briefing.values()) > 0.8
    assert (
        demo.value(
            """SELECT count(*) FROM learner WHERE
             (party_status = 'quan_chung' AND (party_join_date IS NOT NULL OR party_full_date IS NOT NULL))
          OR (party_status = 'du_bi' AND (party_join_date IS NULL OR party_full_date IS NOT NULL))
          OR (party_status = 'chinh_thuc' AND (party_full_date <= party_join_date OR party_full_date > ?))
          OR party_join_date > ?""",
            TODAY,
            TODAY,
        )
        == 0
    )
    # A learner attends a class for new members after admission, within the year of probation.
    assert (
        demo.value(
            """SELECT count(*) FROM enrolment e JOIN learner l ON l.id = e.learner_id
           JOIN training_class c ON c.id = e.class_id JOIN programme p ON p.id = c.programme_id
           WHERE p.code = 'DVM' AND l.party_join_date >= c.start_date"""
        )
        == 0
    )


def test_lecturers_of_every_kind(demo: Seeded) -> None:
    kinds = dict(demo.query("SELECT role || '/' || lecturer_type, count(*) FROM lecturer GROUP BY 1"))
    assert kinds["giam_doc/kiem_chuc"] == 1
    assert kinds["pho_giam_doc/chuyen_trach"] == 2
    assert 3 <= kinds["giang_vien/chuyen_trach"] <= 5
    assert 15 <= kinds["khac/kiem_chuc"] <= 30
    assert kinds["khac/bao_cao_vien"] >= 2 and kinds["khac/moi"] >= 2
    decisions = [
        d
        for (d,) in demo.query(
            "SELECT appointment_decision FROM lecturer WHERE lecturer_type = "
            "'kiem_chuc' AND appointment_date < ?",
            TODAY,
        )
    ]
    assert len(decisions) == kinds["khac/kiem_chuc"] + 1
    assert all(re.fullmatch(r"\d+-QĐ/HU", d) for d in decisions)
    director = demo.value("SELECT full_name FROM lecturer WHERE role = 'giam_doc'")
    assert demo.value("SELECT director_name FROM centre") == director
    assert demo.value("SELECT count(*) FROM annual_plan") == 6


def test_services_read_the_demo(demo: Seeded) -> None:
    services = demo.opened.services
    page = services.learners.search("nguyen thi", limit=100)
    expected = demo.value("SELECT count(*) FROM learner WHERE name_key LIKE '%nguyen thi%' AND NOT archived")
    assert len(page.items) == 100 and page.total == expected > 150  # type: ignore[operator]
    assert all(
        "nguyen thi" in item.full_name.lower().replace("ễ", "e").replace("ị", "i") for item in page.items
    )
    assert len(services.classes.list(year=2024)) == demo.summary["Lớp học"]
    learner_id = demo.value("SELECT learner_id FROM enrolment GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    assert len(services.learners.history(learner_id)) >= 3  # type: ignore[arg-type]


def test_database_is_sound(demo: Seeded) -> None:
    assert demo.query("PRAGMA integrity_check") == [("ok",)]
    assert demo.query("PRAGMA foreign_key_check") == []


def test_same_seed_same_data_other_seed_other_data(
    demo: Seeded, tmp_path: Path, migrated_template: Path
) -> None:
    again = _seed(tmp_path / "again", migrated_template)
    other = _seed(tmp_path / "other", migrated_template, seed=SEED + 1)
    try:
        names = "SELECT full_name, birth_date, cccd, unit FROM learner ORDER BY id"
        classes = "SELECT code, name, start_date, end_date FROM training_class ORDER BY id"
        marks = "SELECT count(*), sum(session_id * enrolment_id % 9973), group_concat(DISTINCT status) FROM attendance"
        assert again.summary == demo.summary
        for sql in (names, classes, marks, "SELECT * FROM score ORDER BY 1, 2", "SELECT * FROM lecturer"):
            assert again.query(sql) == demo.query(sql)
        assert other.query(names) != demo.query(names)
        assert other.query(classes) != demo.query(classes)
    finally:
        again.opened.close()
        other.opened.close()


def test_refused_on_a_database_in_use(demo: Seeded, tmp_path: Path, migrated_template: Path) -> None:
    classes = demo.summary["Lớp học"]
    with pytest.raises(ConflictError, match="đã có lớp học"):
        seed_demo(demo.opened.database, scale="small")
    assert demo.value("SELECT count(*) FROM training_class") == classes
    opened = _open(tmp_path / "used", migrated_template)
    try:
        opened.services.learners.create(
            Learner(full_name="Nguyễn Thị Mỵ", birth_year=1990, gender=Gender.FEMALE)
        )
        with pytest.raises(ConflictError, match="đã có học viên"):
            seed_demo(opened.database, scale="small")
        with closing(sqlite3.connect(opened.paths.database)) as conn:
            assert conn.execute("SELECT count(*) FROM learner").fetchone() == (1,)
            assert conn.execute("SELECT count(*) FROM lecturer").fetchone() == (0,)
        with pytest.raises(ValueError, match="scale"):
            seed_demo(opened.database, scale="huge")
    finally:
        opened.close()
