"""Columns of the learner list and its lazily loaded model."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from trungtam_desktop.domain.models import Learner, Page
from trungtam_desktop.domain.vietnamese import format_birth, format_int, person_sort_key
from trungtam_desktop.ui.common.table_model import Column, PagedTableModel

# Column → the server-side order the learner service knows (None: not sortable on the server).
SERVER_ORDERS: list[str | None] = ["name", "birth", "gender", "ethnicity", "party_status", None, "unit"]

LEARNER_COLUMNS: list[Column[Learner]] = [
    Column("Họ và tên", lambda x: x.full_name + (" (đã lưu trữ)" if x.archived else ""),
           sort_key=lambda x: person_sort_key(x.full_name, x.birth_date, x.birth_year), width=200),
    Column(
        "Ngày sinh",
        lambda x: format_birth(x.birth_date, x.birth_year),
        align=Qt.AlignmentFlag.AlignCenter,
        width=90,
    ),
    Column("Giới tính", lambda x: x.gender.label if x.gender else "", width=70),
    Column("Dân tộc", lambda x: x.ethnicity, width=80),
    Column("Đảng viên", lambda x: x.party_status.label, width=150),
    Column("Số lớp đã học", lambda x: format_int(x.class_count), sort_key=lambda x: x.class_count,
           align=Qt.AlignmentFlag.AlignRight, width=90),
    Column("Đơn vị công tác", lambda x: x.unit, tooltip=lambda x: x.unit, width=280),
]  # fmt: skip


class LearnerTableModel(PagedTableModel[Learner]):
    """The learner list: pages of 200 from the service as the clerk scrolls; sorting is done in SQL."""

    def __init__(self, fetch: Callable[[int, int, str, bool], Page[Learner]], parent: object = None) -> None:
        self._query_fetch = fetch
        self._order, self._descending = "name", False
        self._loaded = False
        super().__init__(LEARNER_COLUMNS, self._page, page_size=200, parent=parent)

    def _page(self, offset: int, limit: int) -> Page[Learner]:
        self._loaded = True
        return self._query_fetch(offset, limit, self._order, self._descending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        server_order = SERVER_ORDERS[column] if 0 <= column < len(SERVER_ORDERS) else None
        if server_order is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (server_order, descending) == (self._order, self._descending) and self._loaded:
            return  # the view re-announces the current order (sorting enabled, indicator set)
        self._order, self._descending = server_order, descending
        if self._loaded:  # before the first load, the tab's first refresh uses this order
            self.reload()
