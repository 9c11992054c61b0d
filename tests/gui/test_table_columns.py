"""Tables size their columns to the content within the view: long texts give way, figures stay in view,
and a cut cell shows its whole text on hover."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QTableWidget

from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import MAX_TEXT_COLUMN, ObjectTableView, fit_columns
from trungtam_desktop.ui.reports.common import figure_table, fill_table

LONG = "Phó Trưởng Ban Tuyên giáo và Dân vận Huyện ủy, kiêm Giám đốc Trung tâm Chính trị huyện"
HEADERS = [
    "Họ và tên",
    "Loại giảng viên",
    "Chức vụ",
    "Số buổi",
    "Số tiết",
    "Mức thù lao",
    "Thành tiền (đồng)",
]
ROWS = [
    ["Nguyễn Văn Lộc", "Kiêm chức", LONG, "37", "185", "150.000", "27.750.000"],
    ["Thái Bá Thái", "Chuyên trách", "Giảng viên chuyên trách", "21", "105", "100.000", "10.500.000"],
]


def _right_edge(table: QTableWidget, column: int) -> int:
    return table.columnViewportPosition(column) + table.columnWidth(column)


def test_the_amount_column_stays_in_view_and_the_long_text_gives_way(qtbot) -> None:  # type: ignore[no-untyped-def]
    table: QTableWidget = figure_table(HEADERS)
    qtbot.addWidget(table)
    table.resize(760, 300)
    table.show()
    qtbot.waitExposed(table)
    fill_table(table, ROWS)
    last = len(HEADERS) - 1
    assert _right_edge(table, last) <= table.viewport().width()  # "Thành tiền" whole, not pushed out
    assert table.horizontalScrollBar().maximum() == 0
    width = table.columnWidth(2)
    assert width < table.fontMetrics().horizontalAdvance(LONG)  # Chức vụ cut...
    assert width >= table.horizontalHeader().sectionSizeHint(2)  # ...but never below its title
    for column in (3, 4, 6):  # the figures are shown whole
        assert table.columnWidth(column) >= table.sizeHintForColumn(column)


def test_a_wide_view_sizes_text_to_content_with_a_maximum(qtbot) -> None:  # type: ignore[no-untyped-def]
    table: QTableWidget = figure_table(HEADERS)
    qtbot.addWidget(table)
    fill_table(table, ROWS)
    fit_columns(table, room=2400)  # a view wider than any screen the tests run on
    assert table.columnWidth(2) == MAX_TEXT_COLUMN  # content is wider: capped, the cell elides
    assert table.columnWidth(0) == max(
        table.sizeHintForColumn(0), table.horizontalHeader().sectionSizeHint(0)
    )


def test_a_cut_cell_shows_its_whole_text_on_hover(qtbot) -> None:  # type: ignore[no-untyped-def]
    model: ObjectTableModel[str] = ObjectTableModel(
        [Column("Tên", lambda s: s), Column("Ghi chú", lambda s: s[:3], tooltip=lambda s: "riêng")]
    )
    model.set_items([LONG, "An"])
    view = ObjectTableView("test")
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(300, 200)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view._fitted)  # sized once shown with rows
    delegate = view.itemDelegate()

    def elided(row: int) -> bool:
        option = QStyleOptionViewItem()
        option.rect = view.visualRect(model.index(row, 0))
        option.font = view.font()
        return delegate.is_elided(option, model.index(row, 0))

    assert elided(0) and not elided(1)
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "riêng"  # a column's own tip is kept
