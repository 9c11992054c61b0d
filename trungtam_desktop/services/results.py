"""Results (kết quả học tập): scores per assessment component, the stored final score, grade and pass,
certificate eligibility, and locking a class's results when they are final.

Scores are on the 10-point scale with one decimal; "8,5" and "8.5" are both accepted. Every change of
scores recomputes and stores the learner's final score, grade and pass in the same transaction (rules in
:mod:`trungtam_desktop.domain.grading`).

Locking: a clerk locks a class when its results are final; from then on roster, timetable, attendance and
scores refuse changes until somebody unlocks it with a reason (both are audited). Locking is allowed while
some learners still lack a score — a learner who never sat the final essay keeps no result — so the
service does not refuse it; ``ResultsSheet.missing_results`` tells the UI how many to mention when it asks
for confirmation. Locking stores everybody's result again from the current scores and programme, so the
locked figures are exactly what the sheet shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.class_results import ResultLine, ResultsSheet, build_results_sheet
from trungtam_desktop.domain.enums import AuditAction, Grade
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.grading import Outcome, outcome
from trungtam_desktop.domain.models import AssessmentComponent, GradingBand
from trungtam_desktop.domain.validation import validate_score
from trungtam_desktop.domain.vietnamese import clean_text, format_int
from trungtam_desktop.services.attendance import grid_from_snapshot
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.class_snapshot import load_class_snapshot
from trungtam_desktop.services.guards import class_row, require_unlocked

ScoreChanges = Mapping[tuple[int, int], float | str | Decimal | None]

_SCORE = orm.Score.__table__
MAX_REASON = 300


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def programme_rules(
    programme: orm.Programme,
) -> tuple[tuple[AssessmentComponent, ...], tuple[GradingBand, ...]]:
    """The programme's scored components and grading bands, as the grading rules take them."""
    components = tuple(
        AssessmentComponent(c.name, c.weight_percent, c.min_score, c.id) for c in programme.components
    )
    bands = tuple(GradingBand(Grade(b.grade), b.min_score) for b in programme.bands)
    return components, bands


def store_result(enrolment: orm.Enrolment, result: Outcome) -> None:
    """Keep a computed result on the enrolment (final score, grade, pass)."""
    enrolment.final_score = result.final
    enrolment.grade = result.grade.value if result.grade else None
    enrolment.passed = result.passed


def load_sheet(session: Session, class_id: int) -> ResultsSheet:
    """The class's results sheet read inside the caller's transaction."""
    snapshot = load_class_snapshot(session, class_id, marks=True, scores=True)
    klass = class_row(session, class_id)
    components, bands = programme_rules(klass.programme)
    grid = grid_from_snapshot(class_id, klass.locked, snapshot)
    return build_results_sheet(
        class_id,
        klass.locked,
        snapshot.programme_name,
        components,
        bands,
        snapshot.absence_limit,
        grid,
        snapshot.scores,
    )


class ResultsService(Service):
    ENTITY = "class"

    def sheet(self, class_id: int) -> ResultsSheet:
        """Scores, final score, grade, pass, absences and certificate eligibility of every learner."""
        with self._read() as session:
            return load_sheet(session, class_id)

    def set_scores(self, class_id: int, changes: ScoreChanges) -> ResultsSheet:
        """Set (or, with None or a blank text, clear) scores of cells ``(enrolment id, component id)``.

        Each value is 0–10 with at most one decimal ("8,5" is accepted); a bad value is refused with a
        message naming the learner and the component, and nothing is written. The final score, grade and
        pass of every learner touched are recomputed and stored in the same transaction. A learner who
        withdrew keeps the scores of the tests taken before (eligibility still says "Đã thôi học"). One
        audit line (entity "score", the class id) lists the cells that changed.
        """
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            components, bands = programme_rules(klass.programme)
            if not components:
                raise ConflictError(
                    f"Chương trình “{klass.programme.name}” không có cột điểm nào; "
                    "kết quả của lớp chỉ dựa vào điểm danh."
                )
            by_id = {c.id: c for c in components}
            enrolment_ids = {e for e, _ in changes}
            enrolments = {
                row.id: (row, clean_text(name))
                for row, name in session.execute(
                    select(orm.Enrolment, orm.Learner.full_name)
                    .join(orm.Learner, orm.Learner.id == orm.Enrolment.learner_id)
                    .where(orm.Enrolment.class_id == class_id, orm.Enrolment.id.in_(enrolment_ids))
                )
            }
            wanted: dict[tuple[int, int], float | None] = {}
            for (enrolment_id, component_id), value in changes.items():
                if enrolment_id not in enrolments:
                    raise ValidationError("score", "Có học viên không thuộc lớp này; chưa ghi điểm nào.")
                if component_id not in by_id:
                    raise ValidationError(
                        "score", "Có cột điểm không thuộc chương trình của lớp này; chưa ghi điểm nào."
                    )
                name = enrolments[enrolment_id][1]
                label = f"Điểm “{by_id[component_id].name}” của học viên {name}"
                wanted[(enrolment_id, component_id)] = (
                    None if _blank(value) else validate_score(value, "score", label)  # type: ignore[arg-type]
                )
            current: dict[int, dict[int, float]] = {e: {} for e in enrolment_ids}
            for e, c, value in session.execute(
                select(orm.Score.enrolment_id, orm.Score.component_id, orm.Score.value).where(
                    orm.Score.enrolment_id.in_(enrolment_ids)
                )
            ):
                current[e][c] = value
            audit: dict[str, object] = {}
            upserts, deletes = [], []
            for (e, c), value in wanted.items():
                old = current[e].get(c)
                if old == value:
                    continue
                audit[f"{enrolments[e][1]} – {by_id[c].name}"] = [old, value]
                if value is None:
                    deletes.append({"e": e, "c": c})
                    del current[e][c]
                else:
                    upserts.append({"enrolment_id": e, "component_id": c, "value": value})
                    current[e][c] = value
            if upserts:
                stmt = sqlite_insert(_SCORE)
                stmt = stmt.on_conflict_do_update(
                    index_elements=[_SCORE.c.enrolment_id, _SCORE.c.component_id],
                    set_={"value": stmt.excluded.value},
                )
                session.connection().execute(stmt, upserts)
            if deletes:
                session.connection().execute(
                    delete(_SCORE).where(
                        _SCORE.c.enrolment_id == bindparam("e"), _SCORE.c.component_id == bindparam("c")
                    ),
                    deletes,
                )
            for e in enrolment_ids:
                store_result(enrolments[e][0], outcome(components, bands, current[e]))
            if audit:
                self._audit(
                    session,
                    "score",
                    class_id,
                    AuditAction.UPDATE,
                    audit,
                    f"Điểm lớp {klass.code}: {format_int(len(audit))} ô",
                )
            session.flush()
            return load_sheet(session, class_id)

    def lock(self, class_id: int) -> ResultsSheet:
        """Make the class's results final: every result is stored again, then all writes are refused.

        Allowed while some learners lack a score (they keep no result); the audit entry says how many.
        """
        with self._write() as session:
            klass = class_row(session, class_id)
            if klass.locked:
                raise ConflictError(f"Lớp “{klass.code} – {klass.name}” đã khóa kết quả rồi.")
            sheet = load_sheet(session, class_id)
            enrolments = {
                row.id: row
                for row in session.scalars(select(orm.Enrolment).where(orm.Enrolment.class_id == class_id))
            }
            for line in sheet.rows:
                store_result(enrolments[line.enrolment_id], self._final_result(sheet, line))
            klass.locked = True
            missing = len(sheet.missing_results)
            summary = f"Khóa kết quả lớp {klass.code} – {klass.name}"
            if missing:
                summary += f" ({format_int(missing)} học viên chưa đủ điểm)"
            self._audit(
                session,
                self.ENTITY,
                class_id,
                AuditAction.LOCK,
                {"locked": [False, True], "missing_results": missing},
                summary,
            )
            return dataclasses.replace(sheet, locked=True)

    def unlock(self, class_id: int, reason: str) -> ResultsSheet:
        """Allow changes again; the reason is required and kept in the audit log."""
        cleaned = clean_text(reason)
        if not cleaned:
            raise ValidationError("reason", "Hãy ghi lý do mở khóa kết quả.")
        if len(cleaned) > MAX_REASON:
            raise ValidationError("reason", f"Lý do mở khóa dài quá {MAX_REASON} ký tự.")
        with self._write() as session:
            klass = class_row(session, class_id)
            if not klass.locked:
                raise ConflictError(f"Lớp “{klass.code} – {klass.name}” chưa khóa kết quả.")
            klass.locked = False
            self._audit(
                session,
                self.ENTITY,
                class_id,
                AuditAction.UNLOCK,
                {"locked": [True, False], "reason": cleaned},
                f"Mở khóa kết quả lớp {klass.code} – {klass.name}. Lý do: {cleaned}",
            )
            session.flush()
            return load_sheet(session, class_id)

    @staticmethod
    def _final_result(sheet: ResultsSheet, line: ResultLine) -> Outcome:
        """What is stored at locking: the scored result; without scored components, pass means attendance
        within the limit (nothing for a learner who withdrew)."""
        if sheet.assessed:
            return line.outcome
        if line.learner.withdrawn:
            return Outcome(None, None, None)
        over = sheet.limit.exceeded(line.tally.absences, line.tally.sessions)
        return Outcome(None, None, not over)
