"""Import benchmark: a 5,000-row learner list against the large demo (about 80,000 learners).

Targets (issue "Import and export"): dry run ≤ 5 s, import ≤ 8 s. The list is written with openpyxl the way a
commune sends it (title rows, header, STT, dates as Excel dates): 4,000 new people and 1,000 learners already
on file. The import writes into a copy of the cached database (the cache stays as built); its time includes
the automatic backup taken before writing, as in the program. Figures:

* ``import_read_5000``: opening the .xlsx and finding its header;
* ``import_dry_run_5000``: reading every row and matching it against the learners on file;
* ``import_apply_5000``: backup + the one-transaction import of the 5,000 rows into a class;
* ``import_undo_5000``: undoing that import;
* ``paste_check_200`` / ``paste_add_200``: a 200-row list pasted into a class's roster (150 new people, 50 on
  file), checked (read and matched in one batched look-up) and added (the same writer as the import).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from trungtam_desktop.app import open_services  # noqa: E402
from trungtam_desktop.db.backup import backup_file  # noqa: E402
from trungtam_desktop.domain.import_plan import RowStatus  # noqa: E402
from trungtam_desktop.domain.models import TrainingClass  # noqa: E402
from trungtam_desktop.paths import DataPaths  # noqa: E402

ROWS = 5000
EXISTING = 1000
PASTED, PASTED_EXISTING = 200, 50


def _write_list(path: Path, existing: list[Any]) -> None:
    family = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
    middle = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc", "Kim", "Xuân")
    given = ("Ánh", "Bảo", "Cường", "Dũng", "Giang", "Hạnh", "Khôi", "Lộc", "Mỹ", "Nhàn", "Phước", "Quyên")
    wb = Workbook()
    ws = wb.active
    ws.append(("ĐẢNG ỦY XÃ THỬ NGHIỆM",))
    ws.append(("DANH SÁCH ĐỀ NGHỊ THAM GIA LỚP BỒI DƯỠNG",))
    ws.append(())
    ws.append(("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị công tác", "Số CCCD"))
    for n in range(ROWS - EXISTING):
        # "Zư" as an extra middle word keeps these names apart from the demo's people
        name = f"{family[n % 12]} {middle[(n // 12) % 10]} Zư {given[(n // 120) % 12]}"
        birth = date(1960 + n % 45, 1 + (n // 7) % 12, 1 + n % 28)
        ws.append(
            (n + 1, name, birth, "Nam" if n % 2 else "Nữ", f"Thôn {n % 40 + 1}", f"{n + 88_000_000_000:012d}")
        )
    for offset, learner in enumerate(existing, start=ROWS - EXISTING + 1):
        birth = learner.birth_date or learner.birth_year
        ws.append(
            (offset, learner.full_name, birth, learner.gender.label if learner.gender else "", learner.unit)
        )
    wb.save(path)


def _pasted_text(existing: list[Any]) -> str:
    lines = ["STT\tHọ và tên\tNgày sinh\tGiới tính\tĐơn vị"]
    for n in range(PASTED - len(existing)):
        name = f"Phan Văn Zư Dán {chr(65 + n % 26)}{chr(65 + n // 26)}"
        birth = f"{1 + n % 28:02d}/{1 + n % 12:02d}/{1970 + n % 30}"
        lines.append(f"{n + 1}\t{name}\t{birth}\t{'Nam' if n % 2 else 'Nữ'}\tThôn {n % 9 + 1}")
    for n, learner in enumerate(existing, start=PASTED - len(existing) + 1):
        birth = learner.birth_date.strftime("%d/%m/%Y") if learner.birth_date else str(learner.birth_year)
        gender = learner.gender.label if learner.gender else ""
        lines.append(f"{n}\t{learner.full_name}\t{birth}\t{gender}\t{learner.unit}")
    return "\n".join(lines)


def _paste(services: Any) -> tuple[float, float]:
    """Check and add a 200-row pasted list into a new class; rows needing a choice are left out first."""
    existing = list(services.learners.search("", offset=30_000, limit=PASTED_EXISTING).items)
    programme = next(p for p in services.programmes.list() if p.code == "NTVD")
    klass = services.classes.create(
        TrainingClass(programme.id, "BENCH-PASTE", "Lớp thử dán 200 người", date(2025, 3, 3), date(2025, 3, 7))
    )
    importer = services.learner_import
    text = _pasted_text(existing)
    ready = {row.number for row in importer.check_pasted(text, klass.id).rows if row.importable}
    lines = text.split("\n")
    text = "\n".join([lines[0], *(lines[number - 1] for number in sorted(ready))])
    started = time.perf_counter()
    plan = importer.check_pasted(text, klass.id)
    check_s = time.perf_counter() - started
    assert plan.ready, plan.summary()
    started = time.perf_counter()
    outcome = importer.apply(plan)
    add_s = time.perf_counter() - started
    print(f"paste: {plan.summary()} {outcome.roster_summary()}", file=sys.stderr)
    return check_s, add_s


def run(ctx: Any) -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        root = Path(folder)
        paths = DataPaths(root / "data").ensure()
        started = time.perf_counter()
        backup_file(ctx.database_path, paths.database)
        print(f"(copied the large demo in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
        opened = open_services(paths)
        try:
            services = opened.services
            page = services.learners.search("", offset=20_000, limit=EXISTING)
            list_path = root / "danh-sach-5000.xlsx"
            _write_list(list_path, list(page.items))
            programme = next(p for p in services.programmes.list() if p.code == "NTVD")
            klass = services.classes.create(
                TrainingClass(
                    programme.id, "BENCH-5000", "Lớp thử 5.000 người", date(2025, 3, 3), date(2025, 3, 7)
                )
            )
            importer = services.learner_import

            started = time.perf_counter()
            sheet = importer.open(list_path)
            read_s = time.perf_counter() - started

            started = time.perf_counter()
            plan = importer.dry_run(sheet, class_id=klass.id)
            dry_s = time.perf_counter() - started
            counts = {status.value: plan.count(status) for status in RowStatus}
            print(f"dry run statuses: {counts}", file=sys.stderr)
            assert len(plan.rows) == ROWS, len(plan.rows)
            assert plan.count(RowStatus.NEW) >= ROWS - EXISTING

            started = time.perf_counter()
            outcome = importer.apply(plan, valid_only=True)
            apply_s = time.perf_counter() - started
            print(f"import: {outcome.summary()}", file=sys.stderr)

            started = time.perf_counter()
            importer.undo(outcome.batch_id)
            undo_s = time.perf_counter() - started
            paste_check_s, paste_add_s = _paste(services)
        finally:
            opened.close()
    return [
        ("import_read_5000", read_s, "s"),
        ("import_dry_run_5000", dry_s, "s"),
        ("import_read_and_dry_run_5000", read_s + dry_s, "s"),
        ("import_apply_5000", apply_s, "s"),
        ("import_undo_5000", undo_s, "s"),
        ("paste_check_200", paste_check_s * 1000, "ms"),
        ("paste_add_200", paste_add_s * 1000, "ms"),
    ]
