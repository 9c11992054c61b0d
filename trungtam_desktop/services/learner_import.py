"""Importing a learner list from a spreadsheet: open and check, dry run, import in one transaction, undo.

Matching against the learners on file follows the pasted-list rules of ``EnrolmentService.parse_pasted``
(same folded name and birth; a birth known by its year alone matches by year), with the CCCD first when the
row has one. A row is never silently made into a second record of somebody on file: several candidates, a
CCCD that belongs to a differently named person, or a same-name record when the row has no birth, all stop
the row ("Cần kiểm tra") with the reason.

Before writing, ``before_import`` (given by app.py) makes a backup of the database; the import is one
transaction, audited under one batch id, and ``undo`` takes it back as one step while nothing else has
touched those learners and enrolments since.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.enums import AuditAction, EnrolmentStatus
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from trungtam_desktop.domain.import_plan import ImportOutcome, ImportPlan, ImportRecord, PlanRow, RowStatus
from trungtam_desktop.domain.learner_sheet import (
    FIELD_LABELS,
    GIVEN,
    NAME,
    duplicate_key,
    find_duplicates,
    find_header,
    read_rows,
    unused_columns,
)
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.validation import validate_listed_learner
from trungtam_desktop.domain.vietnamese import format_birth, format_date, format_int
from trungtam_desktop.services.base import Service, ServiceContext, diff
from trungtam_desktop.services.guards import require_unlocked
from trungtam_desktop.services.import_undo import (
    ENROLMENT_ENTITY,
    IMPORT_ENTITY,
    LEARNER_ENTITY,
    chunks,
    undo_blocker,
)
from trungtam_desktop.services.mappers import learner_to_domain, learner_values
from trungtam_desktop.services.sheet_files import OpenedSheet, read_sheet

ACTIVE = EnrolmentStatus.ACTIVE.value
_MAX_CHOICES = 20
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def _no_progress(_done: int, _total: int, _text: str = "") -> None:
    return None


def _never() -> bool:
    return False


def _birth_matches(row_birth: tuple[object, int | None], learner: orm.Learner) -> bool:
    birth_date, birth_year = row_birth
    if birth_date is not None:
        return learner.birth_date == birth_date or (
            learner.birth_date is None and learner.birth_year == birth_year
        )
    if birth_year is not None:
        return learner.birth_year == birth_year
    return True


def _same_day(learner: Learner, found: orm.Learner) -> bool:
    """Did the match rest on the whole birth date (not on the year alone, on either side)?"""
    return learner.birth_date is not None and found.birth_date == learner.birth_date


def _who(learner: orm.Learner) -> str:
    birth = format_birth(learner.birth_date, learner.birth_year)
    details = ", ".join(part for part in (birth, learner.unit) if part)
    return f"{learner.full_name} ({details})" if details else learner.full_name


class LearnerImportService(Service):
    def __init__(
        self, context: ServiceContext, before_import: Callable[[], Path | None] | None = None
    ) -> None:
        super().__init__(context)
        self._before_import = before_import

    def set_before_import(self, before_import: Callable[[], Path | None] | None) -> None:
        """The backup to make before each import (app.py gives one that copies the database file)."""
        self._before_import = before_import

    # -- reading -------------------------------------------------------------------------------------
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
    ) -> ImportPlan:
        """Every row with its status (nothing is written)."""
        columns = tuple(columns if columns is not None else sheet.columns)
        if NAME not in columns and GIVEN not in columns:
            raise ValidationError(
                "columns", "Chưa chọn cột “Họ và tên” (hoặc cột “Tên”) trong bảng ghép cột."
            )
        progress(0, 0, "Đang đọc các dòng…")
        reading = read_rows(
            sheet.raw.rows, sheet.layout, self._ctx.today(), columns=columns, hidden=sheet.raw.hidden
        )
        duplicates = find_duplicates(reading.rows)
        total = len(reading.rows)
        progress(0, total, "Đang so với hồ sơ học viên…")
        class_code = ""
        with self._read() as session:
            enrolled: set[int] = set()
            if class_id is not None:
                # refused as the import itself would be: a dry run that passes promises an import that works
                class_code = require_unlocked(session, class_id).code
                enrolled = set(
                    session.scalars(
                        select(orm.Enrolment.learner_id).where(orm.Enrolment.class_id == class_id)
                    )
                )
            valid = [
                row.learner
                for row in reading.rows
                if row.learner is not None and row.number not in duplicates
            ]
            by_cccd, by_name = self._candidates(session, valid, is_cancelled)
            rows: list[PlanRow] = []
            for done, parsed in enumerate(reading.rows, start=1):
                if done % 500 == 0:
                    if is_cancelled():
                        raise ConflictError("Đã hủy việc kiểm tra danh sách.")
                    progress(done, total, f"Đang kiểm tra dòng {format_int(done)}/{format_int(total)}…")
                if parsed.learner is None:
                    rows.append(
                        PlanRow(
                            parsed.number, parsed.full_name, RowStatus.ERROR, parsed.error, cells=parsed.cells
                        )
                    )
                elif parsed.number in duplicates:
                    reason = f"Dòng {parsed.number}: {duplicates[parsed.number]}; không nhập hai lần."
                    rows.append(
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
                    row = self._match(parsed.number, parsed.learner, by_cccd, by_name)
                    rows.append(
                        dataclasses.replace(row, cells=parsed.cells, in_class=row.learner_id in enrolled)
                    )
        progress(total, total, "Xong.")
        return ImportPlan(
            source=sheet.path.name,
            rows=tuple(rows),
            class_id=class_id,
            class_code=class_code,
            encoding=reading.encoding,
            conversions=reading.conversions,
            skipped=tuple(sheet.raw.notes) + reading.skipped,
            end_note=reading.end_note,
            headers=tuple(FIELD_LABELS[c] if c else "" for c in columns),
            unused=unused_columns(sheet.layout, columns, [row.cells for row in reading.rows]),
        )

    @staticmethod
    def _candidates(session: Session, learners: list, is_cancelled: Cancelled):  # type: ignore[no-untyped-def]
        cccds = sorted({learner.cccd for learner in learners if learner.cccd})
        keys = sorted({duplicate_key(learner)[0] for learner in learners})
        by_cccd: dict[str, orm.Learner] = {}
        by_name: dict[str, list[orm.Learner]] = {}
        for chunk in chunks(cccds):
            for learner in session.scalars(select(orm.Learner).where(orm.Learner.cccd.in_(chunk))):
                by_cccd[learner.cccd or ""] = learner
        for chunk in chunks(keys):
            if is_cancelled():
                raise ConflictError("Đã hủy việc kiểm tra danh sách.")
            stmt = (
                select(orm.Learner)
                .where(orm.Learner.name_key.in_(chunk))
                .order_by(orm.Learner.sort_key, orm.Learner.id)
            )
            for learner in session.scalars(stmt):
                by_name.setdefault(learner.name_key, []).append(learner)
        return by_cccd, by_name

    @staticmethod
    def _match(number: int, learner, by_cccd, by_name) -> PlanRow:  # type: ignore[no-untyped-def]
        name = learner.full_name

        def row(
            status: RowStatus,
            reason: str = "",
            learner_id: int | None = None,
            candidates: Sequence[orm.Learner] = (),
            may_be_new: bool = True,
        ) -> PlanRow:
            text = f"Dòng {number}: {reason}" if reason and status not in (RowStatus.EXISTING,) else reason
            choices = tuple(learner_to_domain(found) for found in candidates[:_MAX_CHOICES])
            return PlanRow(
                number, name, status, text, learner, learner_id, candidates=choices, may_be_new=may_be_new
            )

        def existing(found: orm.Learner, how: str) -> PlanRow:
            if found.archived:
                return row(
                    RowStatus.ERROR,
                    f"học viên {_who(found)} đã được lưu trữ; hãy khôi phục hồ sơ trước khi nhập.",
                )
            return row(RowStatus.EXISTING, f"{how} {_who(found)}", found.id)

        if learner.cccd and learner.cccd in by_cccd:
            found = by_cccd[learner.cccd]
            if found.name_key != duplicate_key(learner)[0]:
                return row(
                    RowStatus.AMBIGUOUS,
                    f"số CCCD {learner.cccd} đã thuộc học viên {_who(found)}, khác họ tên trong tệp; "
                    "hãy kiểm tra lại.",
                    candidates=[found],
                    may_be_new=False,
                )
            return existing(found, "Trùng số CCCD với hồ sơ")
        birth = (learner.birth_date, learner.birth_year)
        same = [
            found
            for found in by_name.get(duplicate_key(learner)[0], [])
            if _birth_matches(birth, found)
            and not (learner.cccd and found.cccd and found.cccd != learner.cccd)
        ]
        if not same:
            return row(RowStatus.NEW)
        if learner.birth_date is None and learner.birth_year is None:
            return row(
                RowStatus.AMBIGUOUS,
                f"không có ngày sinh, mà đã có hồ sơ cùng họ tên: {_who(same[0])}"
                + (f" và {len(same) - 1} người khác" if len(same) > 1 else "")
                + "; hãy chọn đúng người, hoặc ghi thêm ngày sinh hay số CCCD vào tệp.",
                candidates=same,
            )
        if len(same) > 1:
            people = "; ".join(_who(found) for found in same[:3])
            how = "ngày sinh" if all(_same_day(learner, found) for found in same) else "năm sinh"
            return row(
                RowStatus.AMBIGUOUS,
                f"có {len(same)} hồ sơ cùng họ tên và {how} ({people}); "
                "hãy chọn đúng người, hoặc ghi thêm số CCCD vào tệp.",
                candidates=same,
            )
        how = "ngày sinh" if _same_day(learner, same[0]) else "năm sinh"
        return existing(same[0], f"Trùng họ tên và {how} với hồ sơ")

    # -- writing -------------------------------------------------------------------------------------
    def apply(
        self, plan: ImportPlan, *, valid_only: bool = False, progress: Progress = _no_progress
    ) -> ImportOutcome:
        """Import the plan's rows in one transaction, after the backup. Without ``valid_only`` any row in
        error (or to check, or repeated) refuses the whole file and nothing is written."""
        if not plan.rows:
            raise ValidationError("rows", "Tệp không có dòng học viên nào để nhập.")
        rejected = plan.rejected
        if rejected and not valid_only:
            raise ValidationError(
                "rows",
                f"Có {format_int(len(rejected))} dòng lỗi hoặc cần kiểm tra nên chưa nhập gì. Dòng đầu tiên: "
                f"{rejected[0].reason} Hãy sửa tệp rồi nhập lại, hoặc chỉ nhập các dòng hợp lệ.",
            )
        rows = plan.importable
        if not rows:
            raise ValidationError("rows", "Không có dòng hợp lệ nào để nhập.")
        progress(0, len(rows), "Đang sao lưu dữ liệu trước khi nhập…")
        backup = self._before_import() if self._before_import is not None else None
        today = self._ctx.today()
        batch = self.new_batch_id()
        with self._write() as session:
            klass = require_unlocked(session, plan.class_id) if plan.class_id is not None else None
            progress(0, len(rows), "Đang ghi hồ sơ học viên…")
            new_rows = [row for row in rows if row.status is RowStatus.NEW]
            cleaned = [validate_listed_learner(row.learner, today) for row in new_rows]  # type: ignore[arg-type]
            self._check_cccds_free(session, new_rows, cleaned)
            values = [learner_values(learner) for learner in cleaned]
            created_ids = self._insert(session, orm.Learner, values)
            self._audit_many(
                session,
                LEARNER_ENTITY,
                [
                    (learner_id, diff({}, value), f"{value['full_name']} (nhập từ tệp {plan.source})")
                    for learner_id, value in zip(created_ids, values, strict=True)
                ],
                batch,
            )
            matched_ids = [row.learner_id for row in rows if row.status is RowStatus.EXISTING]
            self._check_matches(session, [i for i in matched_ids if i is not None])
            enrolment_ids: list[int] = []
            if klass is not None:
                progress(len(rows) // 2, len(rows), f"Đang xếp học viên vào lớp {klass.code}…")
                enrolment_ids = self._enrol(session, klass, [*created_ids, *matched_ids], batch)  # type: ignore[list-item]
            parts = [f"{format_int(len(created_ids))} hồ sơ mới"]
            if matched_ids:
                parts.append(f"{format_int(len(matched_ids))} hồ sơ đã có")
            into = f" vào lớp {klass.code}" if klass is not None else ""
            summary = f"Nhập {', '.join(parts)} từ tệp {plan.source}{into}"
            changes = {
                "file": plan.source,
                "class_id": plan.class_id,
                "learners": created_ids,
                "matched": matched_ids,
                "enrolments": enrolment_ids,
                "backup": str(backup or ""),
            }
            self._audit(session, IMPORT_ENTITY, None, AuditAction.IMPORT, changes, summary, batch)
        progress(len(rows), len(rows), "Xong.")
        return ImportOutcome(
            batch, len(created_ids), len(matched_ids), len(enrolment_ids), len(rejected), str(backup or "")
        )

    @staticmethod
    def _check_cccds_free(session: Session, rows: Sequence[PlanRow], cleaned: Sequence) -> None:  # type: ignore[type-arg]
        wanted = {
            learner.cccd: row.number for row, learner in zip(rows, cleaned, strict=True) if learner.cccd
        }
        for chunk in chunks(sorted(wanted)):
            taken = session.execute(
                select(orm.Learner.cccd, orm.Learner.full_name).where(orm.Learner.cccd.in_(chunk))
            ).first()
            if taken is not None:
                raise ConflictError(
                    f"Dòng {wanted[taken[0]]}: số CCCD {taken[0]} vừa được dùng cho học viên {taken[1]}. "
                    "Hãy kiểm tra lại danh sách (bấm Kiểm tra lại) rồi nhập."
                )

    @staticmethod
    def _check_matches(session: Session, learner_ids: Sequence[int]) -> None:
        for chunk in chunks(list(dict.fromkeys(learner_ids))):
            found = dict(
                (row.id, row.archived)
                for row in session.execute(
                    select(orm.Learner.id, orm.Learner.archived).where(orm.Learner.id.in_(chunk))
                )
            )
            for learner_id in chunk:
                if learner_id not in found or found[learner_id]:
                    raise ConflictError(
                        "Một hồ sơ học viên trong danh sách vừa bị xóa hoặc lưu trữ; "
                        "hãy kiểm tra lại danh sách rồi nhập."
                    )

    def _enrol(
        self, session: Session, klass: orm.TrainingClass, learner_ids: list[int], batch: str
    ) -> list[int]:
        today = self._ctx.today()
        on = today if klass.start_date <= today <= klass.end_date else klass.start_date
        existing = set(
            session.scalars(select(orm.Enrolment.learner_id).where(orm.Enrolment.class_id == klass.id))
        )
        values = [
            {
                "class_id": klass.id,
                "learner_id": learner_id,
                "enrolled_on": on,
                "status": EnrolmentStatus.ACTIVE.value,
            }
            for learner_id in dict.fromkeys(learner_ids)
            if learner_id not in existing
        ]
        ids = self._insert(session, orm.Enrolment, values)
        summary = f"Vào lớp {klass.code} từ {format_date(on)} (nhập từ tệp)"
        self._audit_many(
            session,
            ENROLMENT_ENTITY,
            [
                (enrolment_id, diff({}, value), summary)
                for enrolment_id, value in zip(ids, values, strict=True)
            ],
            batch,
        )
        return ids

    @staticmethod
    def _insert(session: Session, table: type, values: list[dict[str, object]]) -> list[int]:
        """Insert many rows at once (a 5,000-row list in a few statements); their ids, in order."""
        if not values:
            return []
        stmt = insert(table).returning(table.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
        return list(session.scalars(stmt, values))

    def _audit_many(
        self,
        session: Session,
        entity: str,
        entries: list[tuple[int, dict[str, object], str]],
        batch: str,
        action: AuditAction = AuditAction.CREATE,
    ) -> None:
        """One audit entry per row written, in one statement (same content as ``_audit``)."""
        if not entries:
            return
        rows = [
            {
                "user": self._ctx.user,
                "entity": entity,
                "entity_id": entity_id,
                "action": action.value,
                "changes": json.dumps(changes, ensure_ascii=False, default=str),
                "summary": summary[:500],
                "batch_id": batch,
            }
            for entity_id, changes, summary in entries
        ]
        session.execute(insert(orm.AuditLog), rows)

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
