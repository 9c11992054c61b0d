"""Under a checked list (pasted or from a file): which learner on file a row to check is, or a new record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from trungtam_desktop.domain.import_plan import ImportPlan, PlanRow, RowStatus
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.vietnamese import format_birth
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.table_model import ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView

UNSETTLED = -1  # the combo's "not chosen" entry: the row goes back to "to check"
NEW_RECORD_TEXT = "Một người khác: tạo hồ sơ mới"


def candidate_text(learner: Learner) -> str:
    """ "Lê Thị Hoa, sinh 1985, Thôn 9" (and the CCCD, and "đã lưu trữ" when archived)."""
    parts = [learner.full_name, f"sinh {format_birth(learner.birth_date, learner.birth_year) or 'không rõ'}"]
    parts += [text for text in (learner.unit, learner.cccd and f"CCCD {learner.cccd}") if text]
    if learner.archived:
        parts.append("đã lưu trữ")
    return ", ".join(parts)


def settle(plan: ImportPlan, checked: ImportPlan, number: int, learner_id: int | None) -> ImportPlan:
    """``plan`` with row ``number`` settled: a learner's id, None for a new record, ``UNSETTLED`` for the
    row as the check left it (``checked``). Raises ``ValidationError`` for a choice that would be wrong."""
    if learner_id == UNSETTLED:
        return plan.with_row(next(row for row in checked.rows if row.number == number))
    return plan.resolve(number, learner_id)


def settle_current(
    parent: Any,
    table: ObjectTableView,
    model: ObjectTableModel[PlanRow],
    plan: ImportPlan | None,
    checked: ImportPlan | None,
    learner_id: int | None,
) -> ImportPlan | None:
    """Settle the table's current row (see ``settle``) and show it settled; None when nothing changed (no
    row to settle, or a refused choice, said in a message)."""
    row: PlanRow | None = table.current_object()
    if plan is None or checked is None or row is None or not row.choosable:
        return None
    settled_plan = run_guarded(parent, lambda: settle(plan, checked, row.number, learner_id))
    if settled_plan is not None:
        settled = next(r for r in settled_plan.rows if r.number == row.number)
        model.replace_item(lambda r: r.number == row.number, settled)
    return settled_plan


class RowChoice(QWidget):
    """A label and a combo: shown for a row that has candidates, hidden otherwise. ``chosen`` carries the
    learner's id, None for a new record, or ``UNSETTLED``."""

    chosen = Signal(object)

    def __init__(self, unsettled_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unsettled_text = unsettled_text
        self.label = QLabel()
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(60)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo, 1)
        self.combo.activated.connect(lambda _index: self.chosen.emit(self.combo.currentData()))
        self.hide()

    def show_row(self, row: PlanRow | None) -> None:
        visible = row is not None and row.choosable
        self.setVisible(visible)
        if not visible or row is None:
            return
        self.label.setText(f"Dòng {row.number} – “{row.full_name}” là:")
        self.combo.clear()
        self.combo.addItem(self._unsettled_text, UNSETTLED)
        for learner in row.candidates:
            self.combo.addItem(candidate_text(learner), learner.id)
        if row.may_be_new:
            self.combo.addItem(NEW_RECORD_TEXT, None)
        current = (
            row.learner_id
            if row.status is RowStatus.EXISTING
            else (None if row.status is RowStatus.NEW else UNSETTLED)
        )
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
