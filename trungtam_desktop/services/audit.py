"""The audit log as the clerk reads it (Qt-free): filtered pages, the changed fields in Vietnamese, export.

Every service writes its entries through ``Service._audit``; this service only reads them. Filters run in
SQL on the indexed ``at`` column, so a log of 100,000+ entries is read one page at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.documents.xlsx_tables import XlsxColumn, write_table
from trungtam_desktop.domain.access import Role
from trungtam_desktop.domain.enums import AuditAction
from trungtam_desktop.domain.vietnamese import fold, format_date, format_int
from trungtam_desktop.services.base import Service

# What each ``entity`` written by the services is called in the viewer.
ENTITY_LABELS: dict[str, str] = {
    "learner": "Học viên",
    "class": "Lớp",
    "certificate": "Giấy chứng nhận",
    "lecturer": "Giảng viên",
    "programme": "Chương trình",
    "enrolment": "Học viên trong lớp",
    "attendance": "Điểm danh",
    "class_session": "Buổi học",
    "settings": "Cài đặt",
    "learner_import": "Nhập danh sách",
    "database": "Dữ liệu (khôi phục)",
    "access": "Bảo vệ truy cập",
    "annual_plan": "Kế hoạch năm",
}

# The fields the services record, in Vietnamese (unknown keys are shown as they are stored).
FIELD_LABELS: dict[str, str] = {
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "birth_year": "Năm sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "hometown": "Quê quán",
    "address": "Nơi ở",
    "cccd": "Số CCCD",
    "phone": "Điện thoại",
    "position": "Chức vụ",
    "unit": "Đơn vị",
    "party_cell": "Chi bộ / đảng bộ",
    "commune": "Xã/phường",
    "party_status": "Đảng viên",
    "party_join_date": "Ngày vào Đảng",
    "party_full_date": "Ngày chính thức",
    "education": "Trình độ học vấn",
    "speciality": "Chuyên môn",
    "theory_level": "Lý luận chính trị",
    "notes": "Ghi chú",
    "note": "Ghi chú",
    "archived": "Lưu trữ",
    "qualification": "Trình độ chuyên môn",
    "appointment_decision": "Quyết định bổ nhiệm",
    "appointment_date": "Ngày bổ nhiệm",
    "active": "Đang hoạt động",
    "lecturer_type": "Loại giảng viên",
    "programme_id": "Chương trình (mã)",
    "code": "Mã lớp",
    "name": "Tên",
    "start_date": "Ngày bắt đầu",
    "end_date": "Ngày kết thúc",
    "venue": "Địa điểm",
    "mode": "Hình thức",
    "co_organiser": "Đơn vị phối hợp",
    "homeroom_lecturer_id": "Chủ nhiệm lớp (mã)",
    "status": "Trạng thái",
    "class_id": "Lớp (mã)",
    "learner_id": "Học viên (mã)",
    "enrolled_on": "Ngày vào lớp",
    "withdrawn_on": "Ngày thôi học",
    "date": "Ngày",
    "half_day": "Buổi",
    "lesson_id": "Bài (mã)",
    "title": "Tiêu đề",
    "lecturer_id": "Giảng viên (mã)",
    "tiet": "Số tiết",
    "sessions": "Số buổi",
    "skip_sundays": "Bỏ Chủ nhật",
    "session_id": "Buổi (mã)",
    "present": "Số có mặt",
    "locked": "Đã khóa kết quả",
    "missing_results": "Thiếu điểm",
    "reason": "Lý do",
    "score": "Điểm",
    "so": "Số vào sổ",
    "thay_so": "Thay cho số",
    "trang_thai": "Trạng thái",
    "lan_in_lai": "Lần in lại",
    "mau": "Mẫu (phiên bản)",
    "may_in": "Máy in",
    "lech": "Độ lệch (mm)",
    "file": "Tệp",
    "learners": "Hồ sơ mới",
    "matched": "Hồ sơ đã có",
    "enrolments": "Xếp vào lớp",
    "backup": "Bản sao lưu",
    "batch": "Lần nhập",
    "parent_body": "Cơ quan cấp trên",
    "centre_name": "Tên trung tâm",
    "place_name": "Địa danh",
    "director_name": "Họ tên giám đốc",
    "director_title": "Chức danh người ký",
    "document_code": "Ký hiệu văn bản",
    "v": "Giá trị",
    "source": "Tệp sao lưu",
    "safety_copy": "Bản lưu dữ liệu trước khi khôi phục",
    "classes": "Số lớp",
    "learner_count": "Số học viên",
    "certificates": "Số giấy chứng nhận",
    "enabled": "Bật bảo vệ",
    "role": "Vai trò",
    "user": "Người dùng",
}


# Values stored as codes (the domain's enums), shown as words.
def _enum_labels() -> dict[str, str]:
    from trungtam_desktop.domain import enums

    labels: dict[str, str] = {}
    for kind in vars(enums).values():
        if isinstance(kind, type) and issubclass(kind, enums.LabelledEnum) and kind is not AuditAction:
            labels.update({member.value: member.label for member in kind})
    return labels


_VALUE_LABELS: dict[str, str] = {**_enum_labels(), **{role.value: role.label for role in Role}}

# Keys whose value is one value (a list of ids, a pair of offsets), never a [before, after] pair.
_SINGLE_VALUED = {"learners", "matched", "enrolments", "lech", "missing_results"}
_INTERNAL_SUFFIXES = ("_key", "_fold", "_folded")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
EMPTY = "(trống)"


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


def action_label(action: str) -> str:
    try:
        return AuditAction(action).label
    except ValueError:
        return action


def format_value(value: object, key: str = "") -> str:
    """A stored value as the clerk reads it: dates dd/mm/yyyy, Có/Không, (trống), lists by count; years
    and ids (``key`` ending in ``year`` or ``_id``) without a thousands separator."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int) and key.endswith(("year", "_id")):
        return str(value)
    if isinstance(value, int | float):
        return f"{value}".replace(".", ",") if isinstance(value, float) else format_int(value)
    if isinstance(value, list):
        if len(value) > 5:
            return f"{format_int(len(value))} mục"
        return ", ".join(format_value(v) for v in value) if value else EMPTY
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if _ISO_DATE.match(text):
        return format_date(date.fromisoformat(text))
    if _ISO_DATETIME.match(text):
        try:
            return datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return text
    return _VALUE_LABELS.get(text, text)


@dataclass(frozen=True)
class FieldChange:
    field: str  # the stored key
    label: str  # in Vietnamese
    before: str  # "" when the entry records one value, not a change
    after: str
    is_change: bool


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    entity: str
    entity_id: int | None
    action: str
    summary: str
    batch_id: str | None
    changes_json: str

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity)

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    def changes(self) -> list[FieldChange]:
        """The recorded fields: ``[before, after]`` pairs as changes, anything else as one value."""
        try:
            data = json.loads(self.changes_json or "{}")
        except ValueError:
            return [FieldChange("", "Nội dung", "", self.changes_json, False)]
        if not isinstance(data, dict):
            return [FieldChange("", "Nội dung", "", format_value(data), False)]
        rows = []
        for key, value in data.items():
            if key.endswith(_INTERNAL_SUFFIXES):
                continue  # search and sort keys derived from the fields shown
            label = FIELD_LABELS.get(key, key)
            pair = (
                isinstance(value, list)
                and len(value) == 2
                and key not in _SINGLE_VALUED
                and self.action != AuditAction.IMPORT.value
            )
            if pair:
                rows.append(
                    FieldChange(key, label, format_value(value[0], key), format_value(value[1], key), True)
                )
            else:
                rows.append(FieldChange(key, label, "", format_value(value, key), False))
        return rows


@dataclass(frozen=True)
class AuditFilter:
    """Every part is optional; ``text`` is looked for in the summary and the user name."""

    date_from: date | None = None
    date_to: date | None = None
    user: str = ""
    entity: str = ""
    action: str = ""
    text: str = ""
    entity_id: int | None = None
    batch_id: str = ""


def _to_entry(row: orm.AuditLog) -> AuditEntry:
    return AuditEntry(
        row.id,
        row.at,
        row.user,
        row.entity,
        row.entity_id,
        row.action,
        row.summary or "",
        row.batch_id,
        row.changes or "{}",
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class AuditService(Service):
    """Reads the audit log; ``page`` and ``count`` share one filter so a lazy table model can use them."""

    EXPORT_LIMIT = 1_048_000  # an Excel sheet holds 1,048,576 rows

    def _where(self, query: Select, flt: AuditFilter) -> Select:  # type: ignore[type-arg]
        log = orm.AuditLog
        if flt.date_from:
            query = query.where(log.at >= datetime.combine(flt.date_from, time.min))
        if flt.date_to:
            query = query.where(log.at < datetime.combine(flt.date_to + timedelta(days=1), time.min))
        if flt.user:
            query = query.where(log.user == flt.user)
        if flt.entity:
            query = query.where(log.entity == flt.entity)
        if flt.action:
            query = query.where(log.action == flt.action)
        if flt.entity_id is not None:
            query = query.where(log.entity_id == flt.entity_id)
        if flt.batch_id:
            query = query.where(log.batch_id == flt.batch_id)
        for word in fold(flt.text).split():
            pattern = f"%{_escape_like(word)}%"
            query = query.where(
                or_(
                    func.tt_fold(log.summary).like(pattern, escape="\\"),
                    func.tt_fold(log.user).like(pattern, escape="\\"),
                )
            )
        return query

    @staticmethod
    def _with_fold(session: Session) -> Session:
        """The text filter ignores case and tone marks ("nguyen" finds "Nguyễn"): SQLite gets the domain's
        fold() as a function on this connection (only the text filter uses it)."""
        raw = session.connection().connection.driver_connection
        raw.create_function("tt_fold", 1, fold, deterministic=True)  # type: ignore[union-attr]
        return session

    def count(self, flt: AuditFilter = AuditFilter()) -> int:
        with self._read() as session:
            self._with_fold(session)
            return int(session.scalar(self._where(select(func.count(orm.AuditLog.id)), flt)) or 0)

    def page(self, flt: AuditFilter = AuditFilter(), offset: int = 0, limit: int = 200) -> list[AuditEntry]:
        """Entries newest first (by time, then by id), ``limit`` from ``offset``."""
        query = self._where(select(orm.AuditLog), flt).order_by(
            orm.AuditLog.at.desc(), orm.AuditLog.id.desc()
        )
        with self._read() as session:
            self._with_fold(session)
            return [_to_entry(row) for row in session.scalars(query.offset(offset).limit(limit))]

    def _iter(self, flt: AuditFilter, chunk: int = 5000) -> Iterator[AuditEntry]:
        offset = 0
        while offset < self.EXPORT_LIMIT:
            rows = self.page(flt, offset, chunk)
            yield from rows
            if len(rows) < chunk:
                return
            offset += chunk

    def users(self) -> list[str]:
        with self._read() as session:
            return sorted(session.scalars(select(orm.AuditLog.user).distinct()).all())

    def entities(self) -> list[tuple[str, str]]:
        """``(entity, label)`` for the kinds present in the log and every known kind, by label."""
        with self._read() as session:
            present = set(session.scalars(select(orm.AuditLog.entity).distinct()).all())
        return sorted(((e, entity_label(e)) for e in present | set(ENTITY_LABELS)), key=lambda p: p[1])

    @staticmethod
    def actions() -> list[tuple[str, str]]:
        return [(a.value, a.label) for a in AuditAction]

    def export_xlsx(
        self, flt: AuditFilter = AuditFilter(), progress: Callable[[int, int, str], None] | None = None
    ) -> bytes:
        """The filtered entries, newest first, one row each with its changes written out;
        ``progress(done, total, text)`` every 1,000 rows."""
        columns = [
            XlsxColumn("STT", 7, "number"),
            XlsxColumn("Thời gian", 19, "datetime"),
            XlsxColumn("Người thực hiện", 18),
            XlsxColumn("Đối tượng", 18),
            XlsxColumn("Mã", 9, "number"),
            XlsxColumn("Thao tác", 15),
            XlsxColumn("Nội dung", 50),
            XlsxColumn("Thay đổi (trước → sau)", 70),
        ]
        rows = self._rows(flt, progress)
        return write_table("Nhật ký thay đổi", columns, rows, title_lines=self._titles(flt))

    def _rows(
        self, flt: AuditFilter, progress: Callable[[int, int, str], None] | None
    ) -> Iterable[list[object]]:
        total = min(self.count(flt), self.EXPORT_LIMIT) if progress else 0
        for number, entry in enumerate(self._iter(flt), start=1):
            if progress and number % 1000 == 1:
                progress(number - 1, total, f"Đang ghi {format_int(number - 1)}/{format_int(total)} dòng…")
            yield [
                number,
                entry.at,
                entry.user,
                entry.entity_label,
                entry.entity_id,
                entry.action_label,
                entry.summary,
                "; ".join(change_text(c) for c in entry.changes()),
            ]

    @staticmethod
    def _titles(flt: AuditFilter) -> list[str]:
        parts = []
        if flt.date_from or flt.date_to:
            parts.append(f"từ {format_date(flt.date_from) or '…'} đến {format_date(flt.date_to) or '…'}")
        if flt.user:
            parts.append(f"người thực hiện: {flt.user}")
        if flt.entity:
            parts.append(f"đối tượng: {entity_label(flt.entity)}")
        if flt.action:
            parts.append(f"thao tác: {action_label(flt.action)}")
        if flt.text:
            parts.append(f"có chữ: “{flt.text}”")
        return ["NHẬT KÝ THAY ĐỔI DỮ LIỆU", ("Lọc " + "; ".join(parts)) if parts else "Toàn bộ nhật ký"]


def change_text(change: FieldChange) -> str:
    if change.is_change:
        return f"{change.label}: {change.before} → {change.after}"
    return f"{change.label}: {change.after}"
