"""Learner lists into the records: a file (.xlsx, .csv) or a list pasted from Excel, one pipeline.

Both are tables of cells: ``open`` reads a file (``sheet_files``), ``check_pasted`` the clipboard's text
(``domain.pasted_list``); then the same column vocabulary and row reader (``domain.learner_sheet``), the
same matcher (``domain.learner_match``: CCCD first, then folded name and birth; never silently a second
record of somebody on file), the same plan (``domain.import_plan``), the same writer (``list_writer``)
and audit. ``apply`` writes a plan in one transaction under one batch id, after a backup of the database
for a file (``before_import``, given by app.py); ``undo`` takes an import — or a paste — back as one step
while nothing else has touched those learners and enrolments since.

A list matched by CCCD alone (``cccd_only``, e.g. a chi bộ's members whose training records are wanted):
``check_pasted(text, cccd_only=True)`` or ``dry_run(open(path), cccd_only=True)``; the rows found are
``RowStatus.EXISTING`` with their ``learner_id``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.classwork import default_enrolment_date
from trungtam_desktop.domain.enums import AuditAction
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from trungtam_desktop.domain.import_plan import ImportOutcome, ImportPlan, ImportRecord, RowStatus
from trungtam_desktop.domain.learner_list import Lookup, check_pasted_text, check_table
from trungtam_desktop.domain.learner_sheet import GIVEN, NAME, find_header
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.validation import validate_listed_learner
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.base import Service, ServiceContext
from trungtam_desktop.services.guards import require_unlocked
from trungtam_desktop.services.import_undo import (
    ENROLMENT_ENTITY,
    IMPORT_ENTITY,
    LEARNER_ENTITY,
    chunks,
    undo_blocker,
)
from trungtam_desktop.services.list_writer import ListWriter
from trungtam_desktop.services.sheet_files import OpenedSheet, read_sheet

Progress = Callable[[int, int, str], None]
_FIX_FILE = "Hãy sửa tệp rồi nhập lại, hoặc chỉ nhập các dòng hợp lệ."
Cancelled = Callable[[], bool]
_CANDIDATE_COLUMNS = (
    orm.Learner.id,
    orm.Learner.full_name,
    orm.Learner.birth_date,
    orm.Learner.birth_year,
    orm.Learner.unit,
    orm.Learner.cccd,
    orm.Learner.archived,
)


def _no_progress(_done: int, _total: int, _text: str = "") -> None:
    return None


def _never() -> bool:
    return False


class LearnerImportService(Service):
    def __init__(
        self, context: ServiceContext, before_import: Callable[[], Path | None] | None = None
    ) -> None:
        super().__init__(context)
        self._before_import = before_import
        self._writer = ListWriter(context)

    # -- reading and checking ------------------------------------------------------------------------
    def open(self, path: Path, progress: Progress = _no_progress) -> OpenedSheet:
        """Read the file and find its list. Raises ``ValidationError`` with the reason in Vietnamese."""
        raw = read_sheet(Path(path), progress)
        return OpenedSheet(Path(path), raw, find_header(raw.rows))

    def dry_run(
        self,
        sheet: OpenedSheet,
        columns: Sequence[str] | None = None,
        class_id: int | None = None,
        progress: Progress = _no_progress,
        is_cancelled: Cancelled = _never,
        *,
        cccd_only: bool = False,
    ) -> ImportPlan:
        """Every row of the file with its status (nothing is written)."""
        columns = tuple(columns if columns is not None else sheet.columns)
        if NAME not in columns and GIVEN not in columns:
            raise ValidationError(
                "columns", "Chưa chọn cột “Họ và tên” (hoặc cột “Tên”) trong bảng ghép cột."
            )
        progress(0, 0, "Đang đọc và so với hồ sơ học viên…")
        with self._read() as session:
            code, enrolled = self._target(session, class_id)
            plan = check_table(
                ImportPlan(sheet.path.name, (), class_id, code),
                sheet.raw.rows,
                sheet.layout,
                self._ctx.today(),
                self._lookup(session, is_cancelled),
                columns=columns,
                hidden=sheet.raw.hidden,
                notes=sheet.raw.notes,
                enrolled=enrolled,
                cccd_only=cccd_only,
            )
        progress(len(plan.rows), len(plan.rows), "Xong.")
        return plan

    def check_pasted(self, text: str, class_id: int | None = None, *, cccd_only: bool = False) -> ImportPlan:
        """A list pasted from Excel, read and matched like a file (nothing is written). With ``class_id``,
        the rows of learners already in that class are marked (adding skips them)."""
        with self._read() as session:
            code, enrolled = self._target(session, class_id)
            return check_pasted_text(
                text,
                self._ctx.today(),
                self._lookup(session, _never),
                class_id=class_id,
                class_code=code,
                enrolled=enrolled,
                cccd_only=cccd_only,
            )

    @staticmethod
    def _target(session: Session, class_id: int | None) -> tuple[str, set[int]]:
        """The target class's code and learners; refused as the import itself would be (a check that
        passes promises an import that works)."""
        if class_id is None:
            return "", set()
        code = require_unlocked(session, class_id).code
        stmt = select(orm.Enrolment.learner_id).where(orm.Enrolment.class_id == class_id)
        return code, set(session.scalars(stmt))

    @staticmethod
    def _lookup(session: Session, is_cancelled: Cancelled) -> Lookup:
        """The learners on file that rows may match, in a few batched queries (by name, then by CCCD)."""

        def fetch(condition: ColumnElement[bool]) -> list[Learner]:
            stmt = select(*_CANDIDATE_COLUMNS).where(condition).order_by(orm.Learner.sort_key, orm.Learner.id)
            return [
                Learner(
                    row.full_name,
                    birth_date=row.birth_date,
                    birth_year=row.birth_year,
                    unit=row.unit,
                    cccd=row.cccd,
                    archived=row.archived,
                    id=row.id,
                )
                for row in session.execute(stmt)
            ]

        def lookup(cccds: Sequence[str], names: Sequence[str]) -> list[Learner]:
            found: list[Learner] = []
            for chunk in chunks(names):
                if is_cancelled():
                    raise ConflictError("Đã hủy việc kiểm tra danh sách.")
                found += fetch(orm.Learner.name_key.in_(chunk))
            for chunk in chunks(cccds):
                found += fetch(orm.Learner.cccd.in_(chunk))
            return found

        return lookup

    # -- writing -------------------------------------------------------------------------------------
    def apply(
        self, plan: ImportPlan, *, valid_only: bool = False, progress: Progress = _no_progress
    ) -> ImportOutcome:
        """Write the plan's rows in one transaction (after a backup, for a file). Without ``valid_only``
        any row in error (or to check, or repeated) refuses the whole list and nothing is written."""
        if not plan.rows:
            raise ValidationError("rows", "Danh sách chưa có dòng nào để nhập.")
        rejected = plan.rejected
        if rejected and not valid_only:
            # an error is said before a row that only needs choosing: choosing would not be enough
            first = next((row for row in rejected if row.status is not RowStatus.AMBIGUOUS), rejected[0])
            what = "Hãy sửa danh sách rồi dán lại." if plan.pasted else _FIX_FILE
            raise ValidationError(
                "rows",
                f"Có {format_int(len(rejected))} dòng lỗi hoặc cần kiểm tra nên chưa nhập gì. Dòng đầu tiên: "
                f"{first.reason} {what}",
            )
        rows = plan.importable
        if not rows:
            raise ValidationError("rows", "Không có dòng hợp lệ nào để nhập.")
        backup = None
        if not plan.pasted and self._before_import is not None:
            progress(0, len(rows), "Đang sao lưu dữ liệu trước khi nhập…")
            backup = self._before_import()
        today = self._ctx.today()
        batch = self.new_batch_id()
        with self._write() as session:
            klass = require_unlocked(session, plan.class_id) if plan.class_id is not None else None
            progress(0, len(rows), "Đang ghi hồ sơ học viên…")
            new_rows = [row for row in rows if row.status is RowStatus.NEW]
            cleaned = [_validated(row.number, row.learner, today) for row in new_rows]
            created_ids = self._writer.create_learners(
                session, cleaned, batch, origin=plan.origin, numbers=[row.number for row in new_rows]
            )
            matched_ids = [row.learner_id for row in rows if row.status is RowStatus.EXISTING]
            names = {
                **dict(zip(created_ids, (learner.full_name for learner in cleaned), strict=True)),
                **self._writer.usable_learners(session, [i for i in matched_ids if i is not None]),
            }
            enrolment_ids: list[int] = []
            already: list[str] = []
            if klass is not None:
                progress(len(rows) // 2, len(rows), f"Đang xếp học viên vào lớp {klass.code}…")
                on = default_enrolment_date(klass.start_date, klass.end_date, today)
                enrolment_ids, already = self._writer.enrol(
                    session, klass, names, on, batch, origin=plan.origin
                )
            parts = [f"{format_int(len(created_ids))} hồ sơ mới"]
            if matched_ids:
                parts.append(f"{format_int(len(matched_ids))} hồ sơ đã có")
            into = f" vào lớp {klass.code}" if klass is not None else ""
            changes = {
                "file": plan.source,
                "class_id": plan.class_id,
                "learners": created_ids,
                "matched": matched_ids,
                "enrolments": enrolment_ids,
                "backup": str(backup or ""),
            }
            if plan.pasted:
                summary = f"Dán từ Excel{into}: {', '.join(parts)}"
            else:
                summary = f"Nhập {', '.join(parts)} từ tệp {plan.source}{into}"
            self._audit(session, IMPORT_ENTITY, None, AuditAction.IMPORT, changes, summary, batch)
        progress(len(rows), len(rows), "Xong.")
        return ImportOutcome(
            batch,
            len(created_ids),
            len(matched_ids),
            len(enrolment_ids),
            len(rejected),
            str(backup or ""),
            tuple(already),
        )

    # -- undo ----------------------------------------------------------------------------------------
    def history(self, limit: int = 20) -> list[ImportRecord]:
        """The latest imports, newest first, each saying whether it can still be undone."""
        with self._read() as session:
            stmt = (
                select(orm.AuditLog)
                .where(orm.AuditLog.entity == IMPORT_ENTITY, orm.AuditLog.action == AuditAction.IMPORT.value)
                .order_by(orm.AuditLog.id.desc())
                .limit(limit)
            )
            records = []
            for entry in session.scalars(stmt):
                why_not = undo_blocker(session, entry)
                changes = json.loads(entry.changes or "{}")
                records.append(
                    ImportRecord(
                        entry.batch_id or "",
                        entry.at,
                        entry.user,
                        entry.summary,
                        not why_not,
                        why_not,
                        tuple(changes.get("learners", [])),
                    )
                )
            return records

    def undo(self, batch_id: str) -> str:
        """Take back one import as one step; refused once those learners or enrolments changed since."""
        with self._write() as session:
            entry = session.scalar(
                select(orm.AuditLog).where(
                    orm.AuditLog.batch_id == batch_id,
                    orm.AuditLog.entity == IMPORT_ENTITY,
                    orm.AuditLog.action == AuditAction.IMPORT.value,
                )
            )
            if entry is None:
                raise NotFoundError("Không tìm thấy lần nhập danh sách này trong nhật ký.")
            why_not = undo_blocker(session, entry)
            if why_not:
                raise ConflictError(f"Không hoàn tác được lần nhập này: {why_not}")
            changes = json.loads(entry.changes or "{}")
            learner_ids, enrolment_ids = changes.get("learners", []), changes.get("enrolments", [])
            undo_batch = self.new_batch_id()
            for chunk in chunks(enrolment_ids):
                session.execute(delete(orm.Enrolment).where(orm.Enrolment.id.in_(chunk)))
            for chunk in chunks(learner_ids):
                session.execute(delete(orm.Learner).where(orm.Learner.id.in_(chunk)))
            undone = "Hoàn tác nhập danh sách"
            for entity, ids in ((ENROLMENT_ENTITY, enrolment_ids), (LEARNER_ENTITY, learner_ids)):
                entries = [(row_id, {}, undone) for row_id in ids]
                self._audit_many(session, entity, entries, undo_batch, AuditAction.DELETE)
            summary = (
                f"Hoàn tác lần nhập “{entry.summary}”: đã xóa {format_int(len(learner_ids))} hồ sơ mới và "
                f"{format_int(len(enrolment_ids))} lượt xếp lớp."
            )
            self._audit(
                session, IMPORT_ENTITY, entry.id, AuditAction.DELETE, {"batch": batch_id}, summary, undo_batch
            )
            return summary


def _validated(number: int, learner: Learner | None, today: date) -> Learner:
    """A new row's learner checked again at writing (the rules may be stricter than when it was read)."""
    if learner is None:  # never for a NEW row; said plainly rather than asserted
        raise ValidationError("rows", f"Dòng {number}: không đọc được học viên của dòng này.")
    try:
        return validate_listed_learner(learner, today)
    except ValidationError as exc:
        raise ValidationError("rows", f"Dòng {number}: {exc.message}") from None
