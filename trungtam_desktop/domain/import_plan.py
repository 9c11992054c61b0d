"""The check of a learner list before it is written, whether pasted or read from a file: each row's status
against the learners on file (the one status enum), the report, and what the import wrote."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from trungtam_desktop.domain.classwork import enrolled_summary
from trungtam_desktop.domain.enums import LabelledEnum, PartyStatus
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.vietnamese import format_birth, format_date, format_int


class RowStatus(LabelledEnum):
    """What importing a row would do."""

    NEW = "moi", "Hồ sơ mới"
    EXISTING = "da_co", "Đã có hồ sơ"
    DUPLICATE = "trung_tep", "Trùng dòng khác trong danh sách"
    AMBIGUOUS = "can_chon", "Cần kiểm tra"
    ERROR = "loi", "Lỗi"


IMPORTED_STATUSES = (RowStatus.NEW, RowStatus.EXISTING)


@dataclass(frozen=True)
class PlanRow:
    """One row of the file with its status. ``reason`` explains every status but NEW, in Vietnamese."""

    number: int
    full_name: str
    status: RowStatus
    reason: str = ""
    learner: Learner | None = None
    learner_id: int | None = None  # the learner on file it matches (EXISTING)
    in_class: bool = False  # already in the target class: counted, not enrolled twice
    cells: tuple[str, ...] = ()
    candidates: tuple[Learner, ...] = ()  # learners on file the clerk may choose from (AMBIGUOUS rows)
    may_be_new: bool = True  # False when the row's CCCD already belongs to a candidate

    @property
    def choosable(self) -> bool:
        """The clerk can settle this row by choosing a learner on file (or a new record)."""
        return bool(self.candidates)

    @property
    def importable(self) -> bool:
        return self.status in IMPORTED_STATUSES

    @property
    def birth_text(self) -> str:
        if self.learner is None:
            return ""
        return format_birth(self.learner.birth_date, self.learner.birth_year)

    @property
    def gender_text(self) -> str:
        return self.learner.gender.label if self.learner and self.learner.gender else ""

    @property
    def unit(self) -> str:
        return self.learner.unit if self.learner else ""

    @property
    def party_text(self) -> str:
        """The Party data read from the row: "Dự bị, vào Đảng 02/03/2024"; "" for a quần chúng."""
        learner = self.learner
        if learner is None or learner.party_status is PartyStatus.NONE:
            return ""
        kind = "Dự bị" if learner.party_status is PartyStatus.PROBATIONARY else "Chính thức"
        dates = [
            f"vào Đảng {format_date(learner.party_join_date)}" if learner.party_join_date else "",
            f"chính thức {format_date(learner.party_full_date)}" if learner.party_full_date else "",
        ]
        return ", ".join([kind, *(d for d in dates if d)])

    @property
    def status_text(self) -> str:
        if self.status is RowStatus.EXISTING and self.in_class:
            return "Đã có trong lớp"
        return self.status.label

    def report_line(self) -> str:
        """ "Dòng 7 | Nguyễn Văn An | Hồ sơ mới" with the reason when there is one."""
        reason = f" | {self.reason}" if self.reason else ""
        return f"Dòng {self.number} | {self.full_name or '(không có tên)'} | {self.status_text}{reason}"


@dataclass(frozen=True)
class ImportPlan:
    """Every row of the list with its status; what ``import`` would do. ``source`` names the file, or
    the pasted list (``pasted``)."""

    source: str
    rows: tuple[PlanRow, ...]
    class_id: int | None = None
    class_code: str = ""
    encoding: str | None = None
    conversions: tuple[tuple[str, str], ...] = ()
    skipped: tuple[str, ...] = ()
    end_note: str = ""
    headers: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()  # the file's columns not imported, named ("“Năm vào Đoàn” (cột F)")
    pasted: bool = False
    has_header: bool = True
    enrolled: frozenset[int] = frozenset()  # the target class's learners when the list was checked

    @property
    def origin(self) -> str:
        """Where the rows came from, as the audit log says it ("nhập từ tệp ds.xlsx", "dán từ Excel")."""
        return "dán từ Excel" if self.pasted else f"nhập từ tệp {self.source}"

    @property
    def recognised(self) -> tuple[str, ...]:
        """The kinds of column read, each once, in the list's order ("Họ và tên", "Ngày sinh"...)."""
        return tuple(dict.fromkeys(header for header in self.headers if header))

    @property
    def ready(self) -> bool:
        """Every row can be written as it is (what a pasted list needs before “Thêm vào lớp”)."""
        return bool(self.rows) and not self.has_errors

    def count(self, status: RowStatus) -> int:
        return sum(1 for row in self.rows if row.status is status)

    @property
    def importable(self) -> tuple[PlanRow, ...]:
        return tuple(row for row in self.rows if row.importable)

    @property
    def rejected(self) -> tuple[PlanRow, ...]:
        return tuple(row for row in self.rows if not row.importable)

    @property
    def has_errors(self) -> bool:
        return any(not row.importable for row in self.rows)

    def resolve(self, number: int, learner_id: int | None) -> ImportPlan:
        """The plan with row ``number`` settled by the clerk: the chosen learner on file, or (None) a new
        record. Only rows with candidates can be settled; a new record is refused when the row's CCCD
        already belongs to a learner on file, and an archived learner cannot be chosen."""
        index = next((i for i, row in enumerate(self.rows) if row.number == number), None)
        if index is None or not self.rows[index].choosable:
            raise ValidationError("rows", f"Dòng {number} không có hồ sơ nào để chọn.")
        row = self.rows[index]
        if learner_id is None:
            if not row.may_be_new:
                raise ValidationError(
                    "rows", f"Dòng {number}: số CCCD đã thuộc một học viên có hồ sơ, không thể tạo hồ sơ mới."
                )
            settled = replace(
                row,
                status=RowStatus.NEW,
                learner_id=None,
                in_class=False,
                reason="Đã chọn: tạo hồ sơ mới (người khác).",
            )
        else:
            chosen = next((c for c in row.candidates if c.id == learner_id), None)
            if chosen is None:
                raise ValidationError("rows", f"Dòng {number}: hồ sơ đã chọn không nằm trong danh sách.")
            if chosen.archived:
                raise ValidationError(
                    "rows",
                    f"Dòng {number}: học viên {chosen.full_name} đã được lưu trữ; hãy khôi phục hồ sơ trước.",
                )
            birth = format_birth(chosen.birth_date, chosen.birth_year)
            settled = replace(
                row,
                status=RowStatus.EXISTING,
                learner_id=chosen.id,
                in_class=chosen.id in self.enrolled,
                reason=f"Đã chọn: dùng hồ sơ {chosen.full_name}" + (f" ({birth})" if birth else ""),
            )
        return self.with_row(settled)

    def with_row(self, row: PlanRow) -> ImportPlan:
        """The plan with the row of the same number replaced (a choice made, or taken back)."""
        rows = tuple(row if old.number == row.number else old for old in self.rows)
        return replace(self, rows=rows)

    def summary(self) -> str:
        """ "120 dòng: 100 hồ sơ mới, 15 đã có hồ sơ, 2 trùng trong tệp, 1 cần kiểm tra, 2 lỗi." """
        parts = [
            f"{format_int(self.count(status))} {status.label.lower()}"
            for status in RowStatus
            if self.count(status)
        ]
        return (
            f"{format_int(len(self.rows))} dòng: "
            + (", ".join(parts) if parts else "không có dòng nào")
            + "."
        )

    def unused_line(self) -> str:
        """ "Bỏ qua cột: “Năm vào Đoàn” (cột F), cột H (không có tiêu đề)." ("" when every column is read)."""
        return f"Bỏ qua cột: {', '.join(self.unused)} (không nhập các cột này)." if self.unused else ""

    def report(self) -> list[str]:
        """The per-row report (the wizard's table and the command line print the same lines)."""
        lines = [f"Danh sách: {self.source}" if self.pasted else f"Tệp: {self.source}"]
        if self.encoding:
            name = {"tcvn3": "TCVN3 (.VnTime)", "vni": "VNI"}.get(self.encoding, self.encoding)
            lines.append(f"Đã chuyển chữ gõ bằng bảng mã {name} sang Unicode, ví dụ:")
            lines += [f"  {before} → {after}" for before, after in self.conversions[:5]]
        if self.unused:
            lines.append(self.unused_line())
        lines += [row.report_line() for row in self.rows]
        lines += list(self.skipped)
        if self.end_note:
            lines.append(self.end_note)
        lines.append(self.summary())
        return lines


@dataclass(frozen=True)
class ImportOutcome:
    """What an import wrote: new records, existing learners used, enrolments, and the undo handle."""

    batch_id: str
    created: int
    matched: int
    enrolled: int
    not_imported: int
    backup: str = ""
    already_in_class: tuple[str, ...] = ()  # names of the matched learners the class already had

    def summary(self) -> str:
        parts = [f"Đã tạo {format_int(self.created)} hồ sơ học viên mới"]
        if self.matched:
            parts.append(f"dùng {format_int(self.matched)} hồ sơ đã có")
        if self.enrolled:
            parts.append(f"xếp {format_int(self.enrolled)} học viên vào lớp")
        text = ", ".join(parts) + "."
        if self.not_imported:
            text += f" {format_int(self.not_imported)} dòng không được nhập."
        if self.backup:
            text += f" Bản sao lưu trước khi nhập: {self.backup}"
        return text

    def roster_summary(self) -> str:
        """What the class's roster page says after a list was added to the class."""
        return enrolled_summary(self.enrolled, self.created, self.already_in_class)


@dataclass(frozen=True)
class ImportRecord:
    """A past import, as the undo list shows it."""

    batch_id: str
    at: datetime
    user: str
    summary: str
    can_undo: bool
    why_not: str = ""
    learner_ids: tuple[int, ...] = field(default=())
