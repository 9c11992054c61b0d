"""Reading a spreadsheet file into plain cell values: .xlsx (openpyxl) and .csv (UTF-8 or Windows-1258).

Anything else, or a file that cannot be read, raises ``ValidationError`` with a Vietnamese message that
says what to do; nothing here ever crashes on a bad file. Merged cells are filled with their value (a unit
merged down a group of learners belongs to each of them); hidden rows are reported by number.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.learner_sheet import SheetLayout, find_header, is_end_row
from trungtam_desktop.domain.sheet_columns import cell_text
from trungtam_desktop.domain.vietnamese import format_int, nfc

log = logging.getLogger(__name__)

MAX_ROWS = 60_000
MAX_COLUMNS = 60
MAX_CSV_BYTES = 50_000_000
_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected workbooks
_SAVE_AS = (
    "Hãy mở tệp bằng Excel, chọn Tệp → Lưu thành (Save As) → “Excel Workbook (*.xlsx)”, "
    "rồi nhập tệp .xlsx đó."
)

Progress = Callable[[int, int, str], None]


@dataclass
class RawSheet:
    """The cells of one sheet, row by row; row ``i`` of ``rows`` is the file's row ``i + 1``."""

    name: str
    rows: list[list[object]]
    hidden: frozenset[int] = frozenset()
    kind: str = "xlsx"
    notes: list[str] = field(default_factory=list)


@dataclass
class OpenedSheet:
    """A file read and its list found: the cells, the suggested column kinds, the header captions."""

    path: Path
    raw: RawSheet
    layout: SheetLayout

    @property
    def columns(self) -> tuple[str, ...]:
        return self.layout.columns

    def preview_rows(self, count: int = 8) -> list[list[str]]:
        """The first data rows as text, for the mapping page (blank rows skipped, up to the list's end)."""
        width = len(self.layout.columns)
        preview: list[list[str]] = []
        for row in self.raw.rows[self.layout.data_start :]:
            texts = [cell_text(v) for v in (list(row) + [None] * width)[:width]]
            if is_end_row(texts, self.layout.columns) or len(preview) == count:
                break
            if any(texts):
                preview.append(texts)
        return preview


def _refuse(message: str) -> ValidationError:
    return ValidationError("file", message)


def read_sheet(path: Path, progress: Progress | None = None) -> RawSheet:
    """Read ``path`` (.xlsx or .csv). For a workbook, the first visible sheet that holds a list header."""
    path = Path(path)
    suffix = path.suffix.casefold()
    try:
        data = path.read_bytes()
    except OSError as exc:
        from trungtam_desktop.disk_errors import describe, kind_of

        kind = kind_of(exc)
        reason = describe(kind, path) if kind else "hãy kiểm tra tên tệp và quyền đọc."
        raise _refuse(f"Không mở được tệp {path.name}. {reason}") from None
    if not data.strip():
        raise _refuse(f"Tệp {path.name} rỗng, không có dữ liệu.")
    if suffix == ".xls" or (data.startswith(_OLE_HEADER) and suffix != ".xlsx"):
        raise _refuse(f"Tệp {path.name} là tệp Excel 97–2003 (.xls), chương trình chưa đọc được. {_SAVE_AS}")
    if suffix in (".csv", ".txt"):
        return _read_csv(path.name, data)
    if suffix not in (".xlsx", ".xlsm"):
        raise _refuse(
            f"Tệp {path.name} không phải bảng tính chương trình đọc được. Hãy chọn tệp Excel .xlsx hoặc .csv."
        )
    if data.startswith(_OLE_HEADER):
        raise _refuse(
            f"Tệp {path.name} được đặt mật khẩu (hoặc thực chất là tệp .xls cũ). Hãy mở bằng Excel, bỏ mật "
            f"khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại. {_SAVE_AS}"
        )
    if not data.startswith(b"PK"):
        raise _refuse(f"Tệp {path.name} không phải tệp Excel .xlsx (có thể là tệp khác được đổi tên).")
    return _read_xlsx(path.name, data, progress)


def _read_xlsx(name: str, data: bytes, progress: Progress | None) -> RawSheet:
    import openpyxl  # only when a workbook is opened: start-up stays quick

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=len(data) > 8_000_000)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        log.info("Cannot read workbook %s: %r", name, exc)
        raise _refuse(f"Tệp {name} bị hỏng hoặc không phải tệp Excel .xlsx, không đọc được.") from None
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        log.warning("Cannot read workbook %s", name, exc_info=True)
        raise _refuse(f"Tệp {name} không đọc được ({type(exc).__name__}). {_SAVE_AS}") from None
    try:
        sheets = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        if not sheets:
            raise _refuse(f"Tệp {name} không có trang tính nào đang hiện.")
        ordered = [workbook.active, *sheets] if workbook.active in sheets else sheets
        first_error: ValidationError | None = None
        for sheet in dict.fromkeys(ordered):
            raw = _sheet_cells(sheet, progress)
            try:
                find_header(raw.rows)
            except ValidationError as exc:
                first_error = first_error or exc
                continue
            return raw
        assert first_error is not None
        raise first_error
    finally:
        workbook.close()


def _sheet_cells(sheet, progress: Progress | None) -> RawSheet:  # type: ignore[no-untyped-def]
    notes: list[str] = []
    max_column = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)  # read-only files may not say
    if (sheet.max_column or 0) > MAX_COLUMNS:
        notes.append(f"Trang tính có {sheet.max_column} cột; chỉ đọc {MAX_COLUMNS} cột đầu.")
    total = sheet.max_row or 0
    rows: list[list[object]] = []
    for index, values in enumerate(sheet.iter_rows(max_col=max_column, values_only=True), start=1):
        if index > MAX_ROWS:
            raise _refuse(
                f"Trang “{sheet.title}” có hơn {format_int(MAX_ROWS)} dòng; danh sách học viên không dài như "
                "vậy. Hãy chép riêng phần danh sách sang một tệp mới."
            )
        rows.append(list(values))
        if progress and index % 1000 == 0:
            progress(index, total, f"Đang đọc dòng {format_int(index)}…")
    hidden: set[int] = set()
    merged = getattr(sheet, "merged_cells", None)
    if merged is not None:  # not available in read-only mode (very large files)
        for number, dimension in sheet.row_dimensions.items():
            if dimension.hidden and number <= len(rows):
                hidden.add(number)
        for cell_range in merged.ranges:
            if cell_range.min_row > len(rows) or cell_range.min_col > max_column:
                continue
            top = rows[cell_range.min_row - 1][cell_range.min_col - 1]
            for r in range(cell_range.min_row, min(cell_range.max_row, len(rows)) + 1):
                for c in range(cell_range.min_col, min(cell_range.max_col, max_column) + 1):
                    rows[r - 1][c - 1] = top
    while rows and not any(v not in (None, "") for v in rows[-1]):
        rows.pop()
    return RawSheet(sheet.title, rows, frozenset(hidden), "xlsx", notes)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")  # Windows "ANSI" for Vietnamese


def _read_csv(name: str, data: bytes) -> RawSheet:
    if len(data) > MAX_CSV_BYTES:
        raise _refuse(f"Tệp {name} quá lớn ({len(data) // 1_000_000} MB) để là một danh sách học viên.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(f"Tệp {name} không phải tệp văn bản .csv (có thể là tệp khác được đổi tên).")
    text = nfc(_decode(data))
    rows: list[list[object]] = []
    best = -1
    for delimiter in (";", ",", "\t"):  # Vietnamese Windows writes ";" (its list separator), others ","
        try:
            candidate: list[list[object]] = [
                list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)
            ]
        except csv.Error:
            continue
        try:
            score = sum(1 for column in find_header(candidate).columns if column)
        except ValidationError:
            score = 0
        if score > best:
            rows, best = candidate, score
    if len(rows) > MAX_ROWS:
        raise _refuse(f"Tệp {name} có hơn {format_int(MAX_ROWS)} dòng; hãy chép riêng phần danh sách.")
    rows = [row[:MAX_COLUMNS] for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    return RawSheet(Path(name).stem, rows, frozenset(), "csv")
