"""A small database whose report figures are known by hand (tests of the reports and the pay list).

Year 2024 (plus one 2023 class that must never count). Classes, by (start, end):

* A  Sơ cấp   20/06–10/07  finished  X1 Khá, X2 Giỏi, X3 Không đạt          (spans Q2 and Q3)
* B  Nhận thức 01/08–05/08 finished  X1 Xuất sắc, X4 Trung bình, X5 withdrawn
* C  Nhận thức 01/03–05/03 finished  X2 Khá, X5 (no result)
* D  Sơ cấp   25/09–05/10  open      X3                                     (spans Q3 and Q4)
* F  Sơ cấp   01/05/2023–10/05/2023  X1

Learners: X1 man, Kinh, no religion, quần chúng, born 1990; X2 woman, Tày, Phật giáo, dự bị, 1970;
X3 woman, Kinh, chính thức, 2000; X4 man, Ê Đê, Công giáo, chính thức, birth unknown; X5 no gender,
Kinh, quần chúng, 1960.

Plan 2024: Sơ cấp 2 classes / 10 learners; Nhận thức 3 classes / 0 learners.

Lecturers (type, role → lecturing quota): L1 An chuyên trách, giám đốc (30), position "Giám đốc";
L2 Bình kiêm chức, khác (none); L3 Cường báo cáo viên, giảng viên (90); L4 Dũng mời, khác, never
taught (left out); L5 Em chuyên trách, giảng viên (90), never taught (listed with 0).
Buổi (date, lecturer, tiết): L1 01/03 5, 01/07 5, 02/07 4, 01/10 5, 01/05/2023 5; L2 01/08 sáng 5 and
chiều 5; L3 20/06 5, 25/09 3; nobody 02/08 5.

Rates: chuyên trách 100.000/tiết, chuyên trách "Giám đốc" 300.000/buổi, kiêm chức 150.000/tiết, no
rate for báo cáo viên.

Certificates: c1 issued 15/07 (first); c2 issued 15/07 and replaced by c3 on 20/08; c4 issued 30/06,
voided on 10/08; c5 issued 30/09.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select

from trungtam_desktop.db import models as orm
from trungtam_desktop.db.engine import Database
from trungtam_desktop.domain.enums import ProgrammeKind
from trungtam_desktop.domain.vietnamese import fold, sort_string

LEARNERS = {
    "X1": ("Nguyễn Văn Hải", "nam", "Kinh", "Không", "quan_chung", 1990),
    "X2": ("Hoàng Thị Lan", "nu", "Tày", "Phật giáo", "du_bi", 1970),
    "X3": ("Lê Thị Mai", "nu", "Kinh", "Không", "chinh_thuc", 2000),
    "X4": ("Y Bhim Niê", "nam", "Ê Đê", "Công giáo", "chinh_thuc", None),
    "X5": ("Trần Văn Tư", None, "Kinh", "Không", "quan_chung", 1960),
}
LECTURERS = {
    "L1": ("Nguyễn Văn An", "chuyen_trach", "giam_doc", "Giám đốc", True),
    "L2": ("Trần Thị Bình", "kiem_chuc", "khac", "", True),
    "L3": ("Lê Văn Cường", "bao_cao_vien", "giang_vien", "", True),
    "L4": ("Phạm Văn Dũng", "moi", "khac", "", True),
    "L5": ("Hoàng Thị Em", "chuyen_trach", "giang_vien", "", True),
}


def build_report_database(database: Database) -> dict[str, int]:
    """Write the rows above; returns the ids by their letters."""
    ids: dict[str, int] = {}
    with database.write_sessions.begin() as session:
        programmes = {p.kind: p.id for p in session.scalars(select(orm.Programme))}
        p1, p2 = programmes[ProgrammeKind.ELEMENTARY.value], programmes[ProgrammeKind.PARTY_AWARENESS.value]
        for key, (name, gender, ethnicity, religion, party, birth) in LEARNERS.items():
            row = orm.Learner(
                full_name=name,
                name_key=fold(name),
                sort_key=sort_string(name),
                gender=gender,
                ethnicity=ethnicity,
                religion=religion,
                party_status=party,
                birth_year=birth,
            )
            session.add(row)
            session.flush()
            ids[key] = row.id
        for key, (name, kind, role, position, active) in LECTURERS.items():
            row = orm.Lecturer(
                full_name=name,
                name_key=fold(name),
                sort_key=sort_string(name),
                lecturer_type=kind,
                role=role,
                position=position,
                active=active,
            )
            session.add(row)
            session.flush()
            ids[key] = row.id
        classes = {
            "A": (p1, date(2024, 6, 20), date(2024, 7, 10), "da_ket_thuc"),
            "B": (p2, date(2024, 8, 1), date(2024, 8, 5), "da_ket_thuc"),
            "C": (p2, date(2024, 3, 1), date(2024, 3, 5), "da_ket_thuc"),
            "D": (p1, date(2024, 9, 25), date(2024, 10, 5), "dang_hoc"),
            "F": (p1, date(2023, 5, 1), date(2023, 5, 10), "da_dong"),
        }
        for key, (programme_id, start, end, status) in classes.items():
            row = orm.TrainingClass(
                programme_id=programme_id,
                code=f"LOP-{key}",
                name=f"Lớp {key}",
                start_date=start,
                end_date=end,
                status=status,
            )
            session.add(row)
            session.flush()
            ids[key] = row.id
        enrolments = [
            ("A", "X1", "kha", True, "dang_hoc"),
            ("A", "X2", "gioi", True, "dang_hoc"),
            ("A", "X3", "khong_dat", False, "dang_hoc"),
            ("B", "X1", "xuat_sac", True, "dang_hoc"),
            ("B", "X4", "trung_binh", True, "dang_hoc"),
            ("B", "X5", None, None, "thoi_hoc"),
            ("C", "X2", "kha", True, "dang_hoc"),
            ("C", "X5", None, None, "dang_hoc"),
            ("D", "X3", None, None, "dang_hoc"),
            ("F", "X1", "kha", True, "dang_hoc"),
        ]
        for class_key, learner_key, grade, passed, status in enrolments:
            row = orm.Enrolment(
                class_id=ids[class_key],
                learner_id=ids[learner_key],
                enrolled_on=date(2023, 1, 1),
                status=status,
                grade=grade,
                passed=passed,
            )
            session.add(row)
            session.flush()
            ids[f"{class_key}{learner_key}"] = row.id
        sessions = [
            ("C", date(2024, 3, 1), "sang", "L1", 5),
            ("A", date(2024, 7, 1), "sang", "L1", 5),
            ("A", date(2024, 7, 2), "sang", "L1", 4),
            ("D", date(2024, 10, 1), "sang", "L1", 5),
            ("F", date(2023, 5, 1), "sang", "L1", 5),
            ("B", date(2024, 8, 1), "sang", "L2", 5),
            ("B", date(2024, 8, 1), "chieu", "L2", 5),
            ("A", date(2024, 6, 20), "sang", "L3", 5),
            ("D", date(2024, 9, 25), "sang", "L3", 3),
            ("B", date(2024, 8, 2), "sang", None, 5),
        ]
        for class_key, day, half, lecturer, tiet in sessions:
            session.add(
                orm.ClassSession(
                    class_id=ids[class_key],
                    date=day,
                    half_day=half,
                    lecturer_id=ids[lecturer] if lecturer else None,
                    tiet=tiet,
                )
            )
        session.add(orm.AnnualPlan(year=2024, programme_id=p1, planned_classes=2, planned_learners=10))
        session.add(orm.AnnualPlan(year=2024, programme_id=p2, planned_classes=3, planned_learners=0))
        session.execute(delete(orm.LecturerRate))
        for kind, title, unit, amount in (
            ("chuyen_trach", "", "tiet", 100_000),
            ("chuyen_trach", "Giám đốc", "buoi", 300_000),
            ("kiem_chuc", "", "tiet", 150_000),
        ):
            session.add(orm.LecturerRate(lecturer_type=kind, title=title, unit=unit, amount=amount))
        register = orm.CertificateRegister(year=2024, kind="giay_chung_nhan")
        session.add(register)
        session.flush()
        certificates = [
            ("c1", "AX1", date(2024, 7, 15), "da_cap", None),
            ("c2", "AX2", date(2024, 7, 15), "da_cap_lai", None),
            ("c3", "AX2", date(2024, 8, 20), "da_cap", "c2"),
            ("c4", "BX1", date(2024, 6, 30), "da_huy", None),
            ("c5", "BX4", date(2024, 9, 30), "da_cap", None),
        ]
        for number, (key, enrolment, issued_on, status, replaces) in enumerate(certificates, start=1):
            row = orm.Certificate(
                register_id=register.id,
                number=number,
                enrolment_id=ids[enrolment],
                issued_on=issued_on,
                status=status,
                replaces_id=ids[replaces] if replaces else None,
                snapshot="{}",
                verify_code=f"CODE{number}",
            )
            session.add(row)
            session.flush()
            ids[key] = row.id
        session.add(
            orm.AuditLog(
                at=datetime(2024, 8, 10, 9, 30),
                user="kiểm thử",
                entity="certificate",
                entity_id=ids["c4"],
                action="void",
            )
        )
    return ids
