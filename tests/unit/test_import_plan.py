"""The dry run's plan: counts, report lines, and the clerk settling the rows to check."""

from __future__ import annotations

import pytest

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.import_plan import ImportOutcome, ImportPlan, PlanRow, RowStatus
from trungtam_desktop.domain.models import Learner

HOA_1 = Learner("Lê Thị Hoa", birth_year=1985, unit="Thôn 1", id=11)
HOA_9 = Learner("Lê Thị Hoa", birth_year=1985, unit="Thôn 9", id=19, archived=True)
ROWS = (
    PlanRow(4, "Lê Thị Hoa", RowStatus.AMBIGUOUS, "Dòng 4: có 2 hồ sơ…", Learner("Lê Thị Hoa", birth_year=1985),
            candidates=(HOA_1, HOA_9)),
    PlanRow(5, "Nguyễn Văn Bảy", RowStatus.AMBIGUOUS, "Dòng 5: số CCCD…", Learner("Nguyễn Văn Bảy"),
            candidates=(Learner("Nguyễn Văn An", id=3),), may_be_new=False),
    PlanRow(6, "Lò Văn Ba", RowStatus.NEW, "", Learner("Lò Văn Ba", birth_year=1990)),
    PlanRow(7, "", RowStatus.ERROR, "Dòng 7: thiếu họ và tên."),
)  # fmt: skip
PLAN = ImportPlan("ds.xlsx", ROWS)


def test_counts_summary_and_report() -> None:
    assert PLAN.summary() == "4 dòng: 1 hồ sơ mới, 2 cần kiểm tra, 1 lỗi."
    assert [row.number for row in PLAN.rejected] == [4, 5, 7]
    report = PLAN.report()
    assert report[0] == "Tệp: ds.xlsx"
    assert "Dòng 7 | (không có tên) | Lỗi | Dòng 7: thiếu họ và tên." in report
    assert report[-1] == PLAN.summary()


def test_settling_a_row_with_a_learner_on_file_or_a_new_record() -> None:
    chosen = PLAN.resolve(4, 11)
    assert chosen.rows[0].status is RowStatus.EXISTING and chosen.rows[0].learner_id == 11
    assert chosen.rows[0].reason == "Đã chọn: dùng hồ sơ Lê Thị Hoa (1985)"
    assert PLAN.rows[0].status is RowStatus.AMBIGUOUS  # plans are values
    new = chosen.resolve(4, None)
    assert new.rows[0].status is RowStatus.NEW and new.rows[0].learner_id is None
    assert new.summary() == "4 dòng: 2 hồ sơ mới, 1 cần kiểm tra, 1 lỗi."


@pytest.mark.parametrize(
    ("number", "learner_id", "message"),
    [
        (4, 19, "đã được lưu trữ"),
        (4, 99, "không nằm trong danh sách"),
        (5, None, "không thể tạo hồ sơ mới"),
        (6, None, "không có hồ sơ nào để chọn"),
        (70, 11, "không có hồ sơ nào để chọn"),
    ],
)
def test_settling_refuses_what_would_be_wrong(number: int, learner_id: int | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PLAN.resolve(number, learner_id)


def test_outcome_summary() -> None:
    outcome = ImportOutcome("b", created=3, matched=2, enrolled=5, not_imported=1, backup="/x/a.sqlite")
    assert outcome.summary() == (
        "Đã tạo 3 hồ sơ học viên mới, dùng 2 hồ sơ đã có, xếp 5 học viên vào lớp. 1 dòng không được nhập. "
        "Bản sao lưu trước khi nhập: /x/a.sqlite"
    )
