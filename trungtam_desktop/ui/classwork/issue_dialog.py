"""Issuing a class's certificates: who gets one (ticked), who does not and why; the issue date and the
first blank's serial; then a confirmation that says what will be written for good.

The rules (domain/issuing.py) are checked here as the clerk types, and again by the service: the issue
date lies from the class's last day to today; a class not ended, or with buổi not marked, is certified
only with a reason; a learner not eligible only with a reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QLineEdit, QTableView, QWidget

from trungtam_desktop.domain.certificates import serial_sequence, validate_reason
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.issuing import (
    NOT_READY_WHAT,
    check_issue_date,
    default_issue_date,
    latest_issue_date,
)
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.certificate_issuing import CertificateIssuing
from trungtam_desktop.services.certificate_records import CertificateLine, IssuePlan
from trungtam_desktop.ui.classwork.certificate_dialogs import add_signer_row, signer_of
from trungtam_desktop.ui.classwork.page_support import WARNING_STYLE, use_one_column
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.buttons import action_button
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog

ISSUE_COLUMNS = ("Cấp", "Họ và tên", "Ngày sinh", "Xếp loại", "Ghi chú")
IssueValues = tuple[list[int], date | None, str, dict[int, str], str | None, int]


class IssueDialog(FormDialog):
    """Ticking a learner who is not eligible needs a reason; so does issuing for a class not ready (both
    go to the audit log). ``result_object`` is the list of certificates issued."""

    def __init__(self, service: CertificateIssuing, plan: IssuePlan, parent: QWidget | None = None):
        super().__init__(f"Cấp giấy chứng nhận – lớp {plan.class_code}", parent)
        self._service = service
        self.plan = plan
        readiness = plan.readiness
        action_button(self.buttons, self.buttons.StandardButton.Save, "Cấp giấy…")
        intro = QLabel(
            f"{plan.kind_label}, sổ năm {plan.year}. Đánh dấu những học viên được cấp; người chưa đủ "
            "điều kiện chỉ được cấp khi ghi lý do. Số vào sổ được lấy liên tiếp khi bấm “Cấp giấy…”, "
            "sau khi xác nhận."
        )
        intro.setWordWrap(True)
        self.not_ready_banner = QLabel(
            f"<b>Lớp chưa sẵn sàng để cấp giấy chứng nhận.</b> {readiness.text} Nên điểm danh cho đủ "
            "(và chờ lớp kết thúc) rồi mới cấp: điều kiện cấp tính theo điểm danh, nên chưa ai được đánh "
            "dấu sẵn."
        )
        self.not_ready_banner.setWordWrap(True)
        self.not_ready_banner.setStyleSheet(WARNING_STYLE)
        self.not_ready_banner.setVisible(not readiness.ready)
        self.model = self._candidates_model()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setDefaultSectionSize(22)
        for column, width in enumerate((40, 200, 90, 80)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(220)
        self.summary = QLabel()
        self.forms[0].addRow(intro)
        self.forms[0].addRow(self.not_ready_banner)
        self.forms[0].addRow(self.table)
        self.forms[0].addRow(self.summary)
        self.issued_on = self.add_row(
            "issued_on", "Ngày cấp", DateField("issued_on", "Ngày cấp", required=True), required=True
        )
        self.issued_on.set_date(default_issue_date(readiness.class_end, readiness.today))
        self.issued_on.setToolTip(
            f"Từ ngày kết thúc lớp ({format_date(readiness.class_end)}) đến hôm nay "
            f"({format_date(readiness.today)})"
        )
        self.serial = self.add_row("serial", "Số hiệu phôi của tờ đầu", QLineEdit())
        self.serial.setPlaceholderText("để trống nếu không dùng phôi đánh số; ví dụ AA 000123")
        self.override = self.add_row("reason", "Lý do cấp cho người chưa đủ điều kiện", QLineEdit())
        self.override.setMaxLength(300)
        self.not_ready = self.add_row(
            "not_ready", "Lớp chưa sẵn sàng", QCheckBox("Vẫn cấp (ghi lý do, được lưu vào nhật ký)")
        )
        self.not_ready_reason = self.add_row("not_ready_reason", "Lý do vẫn cấp", QLineEdit())
        self.not_ready_reason.setMaxLength(300)
        self.not_ready_reason.setPlaceholderText("ví dụ: sổ điểm danh giấy đã ký đủ, sẽ nhập sau")
        self.signer = add_signer_row(self, service)
        for widget in (self.not_ready, self.not_ready_reason):  # rows for a class not ready only
            self.forms[0].setRowVisible(widget.parentWidget(), not readiness.ready)
        use_one_column(self)
        self.layout().setStretch(0, 1)  # the list of learners takes the height, not the spare space
        self.layout().setStretch(1, 0)
        self.resize(780, 600)
        self.model.itemChanged.connect(lambda _item: self._on_ticked())
        self.not_ready.toggled.connect(self._on_not_ready)
        self._update_summary()

    def _candidates_model(self) -> QStandardItemModel:
        ready = self.plan.readiness.ready
        model = QStandardItemModel(0, len(ISSUE_COLUMNS), self)
        model.setHorizontalHeaderLabels(list(ISSUE_COLUMNS))
        for candidate in self.plan.candidates:
            tick = QStandardItem()
            tick.setCheckable(not candidate.existing)
            tick.setEditable(False)
            ticked = candidate.will_issue and ready
            tick.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            tick.setData(candidate.enrolment_id, Qt.ItemDataRole.UserRole)
            if candidate.will_issue:
                note = "Đủ điều kiện" if ready else "Đủ điều kiện (tạm tính: lớp chưa sẵn sàng)"
            else:
                note = candidate.why_not
            cells = [tick] + [
                QStandardItem(text) for text in (candidate.full_name, candidate.birth, candidate.grade, note)
            ]
            for cell in cells[1:]:
                cell.setEditable(False)
            if not candidate.will_issue:
                cells[4].setForeground(Qt.GlobalColor.darkRed)
            model.appendRow(cells)
        return model

    # -- state ---------------------------------------------------------------------------------------
    def chosen(self) -> list[int]:
        return [
            self.model.item(row, 0).data(Qt.ItemDataRole.UserRole)
            for row in range(self.model.rowCount())
            if self.model.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def form_state(self) -> tuple[Any, ...]:
        return (*super().form_state(), tuple(self.chosen()))

    def _overridden(self) -> list[int]:
        ineligible = {c.enrolment_id for c in self.plan.candidates if not c.eligible}
        return [e for e in self.chosen() if e in ineligible]

    def _on_ticked(self) -> None:
        self._update_summary()
        self._on_changed()  # a tick is a change of the form: errors whose cause is gone disappear

    def _on_not_ready(self, checked: bool) -> None:
        """Issuing in advance for a class not ended: the certificates are dated its last day."""
        end, today = self.plan.readiness.class_end, self.plan.readiness.today
        untouched = self.issued_on.text() == format_date(default_issue_date(end, today))
        if checked and today < end and untouched:
            self.issued_on.set_date(latest_issue_date(end, today, in_advance=True))
        self._update_summary()

    def _update_summary(self) -> None:
        count = len(self.chosen())
        if count:
            text = f"Sẽ cấp {format_int(count)} giấy, {self.plan.numbers_text(count)}."
        else:
            text = "Chưa đánh dấu học viên nào."
        overridden = len(self._overridden())
        if overridden:
            text += f" Trong đó {format_int(overridden)} người chưa đủ điều kiện: cần ghi lý do."
        self.summary.setText(text)
        self.override.setEnabled(bool(overridden))
        self.not_ready_reason.setEnabled(self.not_ready.isChecked())

    # -- checking and issuing ------------------------------------------------------------------------
    def collect(self) -> IssueValues:
        reason = self.override.text()
        not_ready = self.not_ready_reason.text() if self.not_ready.isChecked() else None
        return (
            self.chosen(),
            self.read(self.issued_on.value, None),
            self.serial.text(),
            dict.fromkeys(self._overridden(), reason),
            not_ready,
            signer_of(self.signer),
        )

    def validate(self, values: IssueValues) -> None:
        """The service's rules, checked early: every problem beside its field."""
        chosen, issued_on, serial, overrides, not_ready, _signer = values
        readiness = self.plan.readiness
        problems: list[tuple[str, str]] = []

        def keep(field: str, check: Any) -> None:
            try:
                check()
            except ValidationError as exc:
                problems.append((field, exc.message))

        if not chosen:
            problems.append(("learners", "Chưa đánh dấu học viên nào để cấp giấy chứng nhận."))
        if not readiness.ready:
            if not_ready is None:
                problems.append(("not_ready", "Lớp chưa sẵn sàng: muốn vẫn cấp, hãy đánh dấu ô này."))
            else:
                keep("not_ready_reason", lambda: validate_reason(not_ready, NOT_READY_WHAT))
        if issued_on is not None:
            early = not readiness.ready and not_ready is not None
            end, today = readiness.class_end, readiness.today
            keep("issued_on", lambda: check_issue_date(issued_on, end, today, in_advance=early))
        if overrides:
            names = ", ".join(c.full_name for c in self.plan.candidates if c.enrolment_id in overrides)
            keep("reason", lambda: validate_reason(next(iter(overrides.values())), f"cấp cho {names}"))
        keep("serial", lambda: serial_sequence(serial, max(len(chosen), 1)))
        if problems:
            raise ValidationError.several(problems)

    def before_save(self, values: IssueValues) -> bool:
        """Say what will be written for good (numbers for the issue date's register), then ask."""
        chosen, issued_on, _serial, overrides, not_ready, _signer = values
        assert issued_on is not None  # validate() passed
        plan = self._service.plan(self.plan.class_id, issued_on)
        count = len(chosen)
        text = (
            f"Cấp {format_int(count)} giấy chứng nhận, {plan.numbers_text(count)}, ngày cấp "
            f"{format_date(issued_on)} — không hoàn tác được."
        )
        details = [
            f"Các số này được ghi vĩnh viễn vào sổ cấp giấy chứng nhận năm {plan.year}; giấy cấp nhầm chỉ "
            "có thể hủy (số vẫn nằm trong sổ)."
        ]
        if overrides:
            details.append(f"Trong đó {format_int(len(overrides))} người chưa đủ điều kiện (có ghi lý do).")
        if not_ready is not None:
            details.append(f"Lớp chưa sẵn sàng; lý do vẫn cấp: {not_ready.strip()} (ghi vào nhật ký).")
        return messages.confirm(
            self,
            text + "\n\n" + "\n".join(details),
            "Xác nhận cấp giấy chứng nhận",
            yes="Cấp giấy",
            no="Quay lại",
        )

    def save(self, values: IssueValues) -> list[CertificateLine]:
        chosen, issued_on, serial, overrides, not_ready, signer = values
        assert issued_on is not None
        return self._service.issue(
            self.plan.class_id,
            chosen,
            issued_on=issued_on,
            serial_start=serial,
            overrides=overrides,
            not_ready_reason=not_ready or "",
            signer=signer,
        )
