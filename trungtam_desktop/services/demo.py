"""A believable demo database: one year of a district centre's work (small) or twenty years (large).

``seed_demo`` fills an empty database (with the default programmes) with lecturers, classes and their
timetables, learners, enrolments, attendance, scores, yearly plans and the certificates of the finished
classes (:mod:`trungtam_desktop.services.demo_certificates`). Everything is drawn from one
``random.Random(seed)`` and dated relative to a fixed "today" derived from the seed, so the same seed always
gives the same database. Rows are written with bulk Core inserts, primary keys assigned here, inside one
write transaction: the large scale (about 1.4 million attendance marks and 75,000 certificates) takes about
25 seconds on a quiet machine.

The centre's staff teach near their yearly quota (:class:`demo_staff.LecturerPool`): the director, deputies
and full-time lecturers at 85-130% of their lecturing hours, part-time lecturers and reporters the rest.

Learners follow the Party's path: a "quần chúng" attends Bồi dưỡng nhận thức về Đảng, is admitted a few
months later, attends the class for new members while on probation and becomes a full member a year after
admission; full members attend the other programmes over the years.
"""

from __future__ import annotations

import dataclasses
import heapq
import json
import math
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.db.engine import Database
from trungtam_desktop.domain.enums import (
    CertificateKind,
    ClassMode,
    ClassStatus,
    Gender,
    PartyStatus,
)
from trungtam_desktop.domain.errors import ConflictError
from trungtam_desktop.domain.models import Deputy
from trungtam_desktop.domain.organisation import CentreLevel, ServiceArea, areas_to_json
from trungtam_desktop.domain.vietnamese import fold, sort_string
from trungtam_desktop.services import demo_names as names
from trungtam_desktop.services import demo_staff as staff
from trungtam_desktop.services.centre_identity import row_values
from trungtam_desktop.services.demo_certificates import write_certificates
from trungtam_desktop.services.demo_model import (
    CHUNK,
    CLOSE_AFTER,
    KINDS,
    MONTH_WEIGHTS,
    SCALES,
    WITHDRAW_REASONS,
    DemoClass,
    DemoLearner,
    ProgrammeInfo,
    Progress,
    Row,
    Scale,
    programme_rules,
    reference_today,
)
from trungtam_desktop.services.demo_results import annual_plans, write_results
from trungtam_desktop.services.organisation import AREAS_KEY

__all__ = ["ProgrammeInfo", "programme_rules", "reference_today", "seed_demo"]


def seed_demo(
    database: Database, *, scale: str = "small", seed: int = 20240101, progress: Progress | None = None
) -> dict[str, int]:
    """Fill an empty database with demo data; returns counts by Vietnamese label.

    ``scale``: "small" (one year, about 80 classes and 3,000 learners) or "large" (twenty years, about
    3,000 classes and 80,000 learners). ``progress(stage, done, total)`` is called every so often with a
    Vietnamese stage name. Raises ``ConflictError`` when the database already has classes or learners, or
    lacks the default programmes (``open_services`` seeds them); nothing is written then.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown demo scale {scale!r}; use one of {', '.join(SCALES)}")
    with database.write_sessions.begin() as session:
        for model, what in ((orm.TrainingClass, "lớp học"), (orm.Learner, "học viên")):
            if session.scalar(select(func.count()).select_from(model)):
                raise ConflictError(
                    f"Cơ sở dữ liệu đã có {what}: chỉ tạo dữ liệu mẫu vào một cơ sở dữ liệu mới, còn trống."
                )
        builder = _Builder(
            random.Random(seed),
            reference_today(seed),
            SCALES[scale],
            _programmes(session),
            progress or (lambda _stage, _done, _total: None),
        )
        return builder.run(session)


def _programmes(session: Session) -> dict[str, ProgrammeInfo]:
    found: dict[str, ProgrammeInfo] = {}
    for row in session.scalars(select(orm.Programme).where(orm.Programme.code.in_(list(KINDS)))):
        found[row.code] = ProgrammeInfo(
            row.id,
            row.code,
            row.tiet_per_buoi,
            row.certificate_kind != CertificateKind.NONE.value,
            (row.absence_limit_num, row.absence_limit_den),
            [(x.id, x.title, x.tiet) for x in row.lessons],
            [(c.id, c.weight_percent, c.min_score) for c in row.components],
            sorted(((b.grade, b.min_score) for b in row.bands), key=lambda band: -band[1]),
            row.name,
            row.certificate_kind,
        )
    missing = [code for code in KINDS if code not in found or not found[code].lessons]
    if missing:
        raise ConflictError(
            f"Thiếu chương trình mặc định ({', '.join(missing)}) nên không tạo được dữ liệu mẫu."
        )
    return found


class _Builder:
    def __init__(
        self,
        rng: random.Random,
        today: date,
        scale: Scale,
        programmes: dict[str, ProgrammeInfo],
        progress: Progress,
    ) -> None:
        self.rng, self.today, self.scale, self.programmes = rng, today, scale, programmes
        self.progress = progress
        self.first_year = today.year - scale.years + 1
        self.classes: list[DemoClass] = []
        self.session_rows: list[Row] = []
        self.learners: list[DemoLearner] = []
        self.cccds: set[str] = set()
        self.counts = {"Lượt học": 0, "Điểm danh": 0, "Điểm": 0}

    def run(self, session: Session) -> dict[str, int]:
        conn = session.connection()
        lecturer_rows, members = staff.make_lecturers(self.rng, self.today.year, self.first_year)
        self._insert(conn, orm.Lecturer, lecturer_rows, "Giảng viên")
        quota = select(orm.LecturerQuota.role, orm.LecturerQuota.lecturing_hours)
        quotas: dict[str, int] = {role: hours for role, hours in session.execute(quota)}
        self.lecturers = staff.LecturerPool(self.rng, members, quotas)
        self._plan_classes()
        self._insert(conn, orm.TrainingClass, [c.row for c in self.classes], "Lớp học")
        self._insert(conn, orm.ClassSession, self.session_rows, "Buổi học")
        self._allocate()
        learner_rows = [self._learner_row(x) for x in self.learners]
        self._insert(conn, orm.Learner, learner_rows, "Học viên")
        write_results(conn, self.classes, self.rng, self.today, self.counts, self.progress)
        plans = annual_plans(self.classes, self.rng)
        self._insert(conn, orm.AnnualPlan, plans, "Kế hoạch năm")
        self._service_area(conn)
        self._name_centre(conn, lecturer_rows)
        certificates = write_certificates(
            session, self.classes, {r["id"]: r for r in learner_rows}, self.rng, self.today, self.progress
        )
        return {
            "Chương trình": len(self.programmes),
            "Giảng viên": len(lecturer_rows),
            "Lớp học": len(self.classes),
            "Buổi học": len(self.session_rows),
            "Học viên": len(self.learners),
            **self.counts,
            "Kế hoạch năm": len(plans),
            "Giấy chứng nhận": certificates,
        }

    @staticmethod
    def _name_centre(conn: Connection, lecturer_rows: list[Row]) -> None:
        """The demo's identity with its director and deputies, unless the centre was already set up (then
        only a missing director's name is filled in)."""
        director = next(r["full_name"] for r in lecturer_rows if r["role"] == "giam_doc" and r["active"])
        if conn.execute(select(orm.Centre.id)).first() is None:
            deputies = [r["full_name"] for r in lecturer_rows if r["role"] == "pho_giam_doc" and r["active"]]
            identity = dataclasses.replace(
                names.DEMO_CENTRE, director_name=director, deputies=tuple(Deputy(n) for n in deputies[:2])
            )
            conn.execute(insert(orm.Centre.__table__), [{"id": 1, **row_values(identity)}])
            return
        conn.execute(
            update(orm.Centre)
            .where(orm.Centre.id == 1, orm.Centre.director_name == "")
            .values(director_name=director)
        )

    def _service_area(self, conn: Connection) -> None:
        """The demo district's communes served (a district-level centre: the demo's years are before 2025)."""
        served = tuple(label[:1].upper() + label[1:] for label in map(names.commune_label, names.COMMUNES))
        area = ServiceArea(date(self.first_year, 1, 1), CentreLevel.DISTRICT, served)
        value = json.dumps(areas_to_json([area]), ensure_ascii=False)
        conn.execute(insert(orm.AppSetting.__table__), [{"key": AREAS_KEY, "value": value}])

    def _insert(self, conn: Connection, model: type[orm.Base], rows: list[Row], stage: str = "") -> None:
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(model.__table__), rows[start : start + CHUNK])  # type: ignore[arg-type]
            if stage:
                self.progress(stage, min(start + CHUNK, len(rows)), len(rows))

    # --- classes and timetables ---------------------------------------------------------------------

    def _plan_classes(self) -> None:
        rng = self.rng
        planned: list[tuple[date, str, bool]] = []
        for year in range(self.first_year, self.today.year + 1):
            wobble = rng.uniform(0.9, 1.1) if self.scale.years > 1 else 1.0
            for code, kind in KINDS.items():
                for _ in range(max(1, round(kind.share * self.scale.classes_per_year * wobble))):
                    month = rng.choices(range(1, 13), MONTH_WEIGHTS)[0]
                    part_time = code == "SCLLCT" and rng.random() < 0.4
                    start = date(year, month, rng.randint(1, 28))
                    # Full-time classes start on a weekday; part-time ones meet on Fridays and Saturdays.
                    first_day = (4,) if part_time else (0, 1, 2, 3, 4)
                    while start.weekday() not in first_day:
                        start += timedelta(days=1)
                    planned.append((start, code, part_time))
        planned.sort()
        sequence: dict[tuple[str, int], int] = {}
        so_cap_done = sum(1 for start, code, _ in planned if code == "SCLLCT" and start <= self.today)
        so_cap_number = max(1, 87 - so_cap_done)  # numbered so that this year's courses are about "Khóa 86"
        for class_id, (start, code, part_time) in enumerate(planned, start=1):
            programme = self.programmes[code]
            number = sequence[code, start.year] = sequence.get((code, start.year), 0) + 1
            c = DemoClass(class_id, programme, start, KINDS[code].size(rng), part_time)
            c.plan = self._lesson_plan(programme)
            if code == "SCLLCT":
                name, so_cap_number = f"Khóa {so_cap_number}", so_cap_number + 1
            elif code in ("NTVD", "DVM"):
                name = f"Đợt {number}/{start.year}"
            elif code == "BDCB":
                name = f"{rng.choice(staff.TRAINING_TOPICS)} năm {start.year}"
            elif code == "CNKT":
                name = f"{rng.choice(staff.UPDATE_TOPICS)} năm {start.year}"
            else:
                name = staff.briefing_name(rng, start.year)
            homeroom = None
            if code not in ("CNKT", "HNQT") or rng.random() < 0.3:
                homeroom = self.lecturers.homeroom(start.year)
            self._timetable(c, homeroom)
            created = datetime.combine(start - timedelta(days=rng.randint(10, 40)), time(8))
            c.row = {
                "id": class_id,
                "programme_id": programme.id,
                "name": name,
                "notes": "",
                "code": f"{code}-{start.year}-{number:02d}",
                "start_date": start,
                "end_date": c.end,
                "mode": (ClassMode.PART_TIME if part_time else ClassMode.FULL_TIME).value,
                "homeroom_lecturer_id": homeroom,
                **self._venue(code),
                **self._status(c),
                "created_at": created,
            }
            self.classes.append(c)

    def _lesson_plan(self, programme: ProgrammeInfo) -> list[tuple[int, str]]:
        """(lesson id, title) of each buổi, lessons in order."""
        lessons, choices = programme.lessons, KINDS[programme.code].buoi
        if not choices:
            per = programme.tiet_per_buoi
            return [
                (lid, title) for lid, title, tiet in lessons for _ in range(max(1, math.ceil(tiet / per)))
            ]
        n = self.rng.choice(choices)
        return [(lessons[i * len(lessons) // n][0], lessons[i * len(lessons) // n][1]) for i in range(n)]

    def _timetable(self, c: DemoClass, homeroom: int | None) -> None:
        """Lay the buổi out (sáng then chiều, never on Sunday) and give each lesson one lecturer."""
        meeting = {4, 5} if c.part_time else {0, 1, 2, 3, 4, 5}
        slots: list[tuple[date, str]] = []
        day = c.start
        while len(slots) < len(c.plan):
            if day.weekday() in meeting:
                slots.extend([(day, "sang"), (day, "chieu")][: len(c.plan) - len(slots)])
            day += timedelta(days=1)
        lecturer_of: dict[int, int | None] = {}
        year = c.start.year
        for lesson_id, title in dict.fromkeys(c.plan):
            lesson_slots = [slot for slot, (lid, _) in zip(slots, c.plan, strict=True) if lid == lesson_id]
            tiet = len(lesson_slots) * c.programme.tiet_per_buoi
            if "thực tế" in title and homeroom is not None and self.lecturers.has_room(homeroom, year, tiet):
                lecturer_of[lesson_id] = homeroom  # the homeroom lecturer leads the field trip
                self.lecturers.charge(homeroom, year, lesson_slots, c.programme.tiet_per_buoi)
            else:
                lecturer_of[lesson_id] = self.lecturers.pick(
                    c.programme.code, year, lesson_slots, homeroom, c.programme.tiet_per_buoi
                )
        for (day, half), (lesson_id, _title) in zip(slots, c.plan, strict=True):
            session_id = len(self.session_rows) + 1
            c.sessions.append((session_id, day, half))
            self.session_rows.append(
                {
                    "id": session_id,
                    "class_id": c.id,
                    "date": day,
                    "half_day": half,
                    "lesson_id": lesson_id,
                    "title": "",
                    "tiet": c.programme.tiet_per_buoi,
                    "lecturer_id": lecturer_of[lesson_id],
                }
            )

    def _venue(self, code: str) -> Row:
        rng = self.rng
        commune = names.commune_label(rng.choice(names.COMMUNES))
        if code == "NTVD" and rng.random() < 0.25:
            held_at = commune[:1].upper() + commune[1:]  # the commune served the class was held at
            return {
                "venue": f"Hội trường UBND {commune}",
                "co_organiser": f"Đảng ủy {commune}",
                "commune": held_at,
            }
        if code == "HNQT":
            venue = rng.choices(
                (staff.DISTRICT_HALL, staff.CENTRE_HALL, f"Hội trường UBND {commune}"), (5, 2, 3)
            )
            held_at = commune[:1].upper() + commune[1:] if commune in venue[0] else ""
            return {"venue": venue[0], "co_organiser": "Ban Tuyên giáo Huyện ủy", "commune": held_at}
        co_organiser = rng.choice(staff.CO_ORGANISERS.get(code, ("",)))
        return {"venue": staff.CENTRE_HALL, "co_organiser": co_organiser, "commune": ""}

    def _status(self, c: DemoClass) -> Row:
        if c.start > self.today:
            status = ClassStatus.PLANNED
        elif c.end >= self.today:
            status = ClassStatus.OPEN
        elif c.end >= self.today - CLOSE_AFTER:
            status = ClassStatus.FINISHED
        else:
            status = ClassStatus.CLOSED
        return {"status": status.value, "locked": status == ClassStatus.CLOSED}

    # --- learners and enrolments ----------------------------------------------------------------------

    def _new_learner(self, when: date, kind: str) -> DemoLearner:
        """A new person first seen at ``when``: a "candidate" for the Party, on "probation", a full
        "member", or a "mass" organisation cadre who is not a member."""
        rng = self.rng
        low, mode, high, male = {
            "candidate": (18, 24, 40, 0.45),
            "probation": (19, 27, 42, 0.5),
            "member": (24, 38, 58, 0.6),
            "mass": (20, 32, 55, 0.45),
        }[kind]
        birth_year = min(when.year - int(rng.triangular(low, high, mode)), 2005, when.year - 18)
        if birth_year < 1960:  # the demo's learners were born 1960-2005
            birth_year = 1960 + rng.randrange(6)
        birth_date = (
            date(birth_year, 1, 1) + timedelta(days=rng.randrange(365)) if rng.random() < 0.9 else None
        )
        weak = rng.random() < 0.025
        x = DemoLearner(
            len(self.learners) + 1,
            names.make_person(rng, rng.random() < male),
            birth_year,
            birth_date,
            rng.gauss(5.3, 0.8) if weak else rng.gauss(7.9, 0.6),
            rng.random() < 0.04,
        )
        if kind == "probation":  # admitted before the class, and before "today" for a class yet to start
            x.join = min(
                when - timedelta(days=rng.randint(20, 250)), self.today - timedelta(days=rng.randint(1, 20))
            )
        elif kind == "member":
            years = rng.uniform(1.3, max(1.4, min(30.0, when.year - birth_year - 19)))
            x.join = when - timedelta(days=int(years * 365.25))
        if x.join:
            x.full = x.join + timedelta(days=365 + rng.randint(0, 20))
        self.learners.append(x)
        return x

    def _allocate(self) -> None:
        """Fill each class in date order with new people or people met before, following the Party path."""
        rng, today = self.rng, self.today
        members: list[DemoLearner] = []  # full members at the date being filled
        to_full: list[tuple[date, int, DemoLearner]] = []  # heap: members on probation, by full-member date
        admitted: list[tuple[date, int, DemoLearner]] = []  # heap: admitted, by admission date
        ready: list[DemoLearner] = []  # admitted, waiting for the class for new members
        mass: list[DemoLearner] = []
        horizon = today + timedelta(days=30)  # classes starting later have no registrations yet
        enrolment_id = 0
        for index, c in enumerate(self.classes):
            if index % 250 == 0:
                self.progress("Xếp học viên vào lớp", index, len(self.classes))
            start, code, kind = c.start, c.programme.code, KINDS[c.programme.code]
            if start > horizon:
                continue
            while to_full and to_full[0][0] <= start:
                members.append(heapq.heappop(to_full)[2])
            chosen: list[DemoLearner] = []
            if code == "NTVD":
                chosen = [self._new_learner(start, "candidate") for _ in range(c.size)]
            elif code == "DVM":
                while admitted and admitted[0][0] <= min(start - timedelta(days=7), today):
                    ready.append(heapq.heappop(admitted)[2])
                oldest = start - timedelta(days=330)
                ready = [x for x in ready if x.join and x.join > oldest]
                chosen = [x for x in ready if x.busy_until < start][: c.size]
                taken_ids = {x.id for x in chosen}
                ready = [x for x in ready if x.id not in taken_ids]
                chosen += [self._new_learner(start, "probation") for _ in range(c.size - len(chosen))]
                for x in chosen:
                    if x.full:
                        heapq.heappush(to_full, (x.full, x.id, x))
            else:
                taken: set[int] = set()
                for _ in range(c.size):
                    non_member = rng.random() < kind.non_members
                    pool = mass if non_member else members
                    found = None
                    if pool and rng.random() < kind.reuse * self.scale.reuse:
                        for _ in range(4):
                            x = rng.choice(pool)
                            if (
                                x.id not in taken
                                and x.busy_until < start
                                and not (code == "SCLLCT" and x.so_cap_end)
                            ):
                                found = x
                                break
                    if found is None:
                        found = self._new_learner(start, "mass" if non_member else "member")
                        (mass if non_member else members).append(found)
                    taken.add(found.id)
                    chosen.append(found)
            end = c.end
            for x in chosen:
                enrolment_id += 1
                x.busy_until, x.first_seen = end, min(x.first_seen, start)
                enrolled_on, withdrawn_on, note = start, None, ""
                if len(c.sessions) >= 4 and rng.random() < 0.03:
                    enrolled_on, note = min(start + timedelta(days=rng.randint(1, 2)), end), "Vào học muộn"
                if len(c.sessions) >= 6 and rng.random() < 0.012:
                    day = c.sessions[rng.randint(len(c.sessions) // 3, len(c.sessions) - 2)][1]
                    if enrolled_on < day < today:
                        withdrawn_on, note = day, rng.choice(WITHDRAW_REASONS)
                if code == "SCLLCT":
                    x.so_cap_end = end
                c.enrolments.append((enrolment_id, x, enrolled_on, withdrawn_on, note))
            if code == "NTVD":
                for x in chosen:
                    if rng.random() < 0.8:  # admitted a few months after the course
                        x.join = end + timedelta(days=rng.randint(45, 300))
                        x.full = x.join + timedelta(days=365 + rng.randint(0, 20))
                        heapq.heappush(admitted, (x.join, x.id, x))
                    elif rng.random() < 0.5:
                        mass.append(x)
        self.progress("Xếp học viên vào lớp", len(self.classes), len(self.classes))

    def _learner_row(self, x: DemoLearner) -> Row:
        rng, today, person = self.rng, self.today, x.person
        join = x.join if x.join and x.join <= today else None  # the future is not known yet
        full = x.full if join and x.full and x.full <= today else None
        status = PartyStatus.FULL if full else PartyStatus.PROBATIONARY if join else PartyStatus.NONE
        age = today.year - x.birth_year
        unit, cell, position = names.make_unit(
            rng, person.commune, member=bool(join), male=person.male, age=age
        )
        if x.so_cap_end:
            theory = "Sơ cấp" if x.so_cap_end < today else ""
        else:
            theory = names.LEARNER_THEORY(rng) if full else ""
        cccd = (
            names.make_cccd(rng, person.province, person.male, x.birth_year, self.cccds)
            if rng.random() < 0.6
            else None
        )
        archived = x.busy_until < today - timedelta(days=3650) and rng.random() < 0.05
        created = datetime.combine(
            x.first_seen - timedelta(days=rng.randint(3, 20)), time(8, rng.randrange(60))
        )
        return {
            "id": x.id,
            "full_name": person.full_name,
            "name_key": fold(person.full_name),
            "sort_key": sort_string(person.full_name, x.birth_date, x.birth_year),
            "birth_date": x.birth_date,
            "birth_year": x.birth_year,
            "gender": (Gender.MALE if person.male else Gender.FEMALE).value,
            "ethnicity": person.ethnicity,
            "religion": person.religion,
            "hometown": person.hometown,
            "address": f"{names.village(rng, person.commune)}, {names.commune_label(person.commune)}, "
            "huyện Đức Trọng, tỉnh Lâm Đồng",
            "cccd": cccd,
            "phone": names.make_phone(rng) if rng.random() < 0.75 else "",
            "position": position,
            "unit": unit,
            "unit_key": fold(unit),
            "party_cell": cell,
            "commune": person.commune,
            "party_status": status.value,
            "party_join_date": join,
            "party_full_date": full,
            "education": names.EDUCATION(rng),
            "speciality": names.SPECIALITY(rng),
            "theory_level": theory,
            "notes": "Đã chuyển công tác khỏi huyện" if archived else "",
            "archived": archived,
            "created_at": created,
            "updated_at": created,
        }
