"""The Giấy chứng nhận page of a class: issue to the class, print and reprint, re-issue, void."""

from __future__ import annotations

import itertools
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.access import Permission, why_not
from trungtam_desktop.domain.certificate_layout import PrintMode
from trungtam_desktop.domain.enums import CertificateStatus
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.certificate_records import CertificateLine
from trungtam_desktop.services.printing import ascii_file_part
from trungtam_desktop.ui.classwork.certificate_dialogs import PrintOptionsDialog, ReissueDialog, VoidDialog
from trungtam_desktop.ui.classwork.issue_dialog import IssueDialog
from trungtam_desktop.ui.classwork.page_support import ClassPage, StatusLine, page_shortcut
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.table_model import OBJECT_ROLE, Column, ObjectTableModel, SortProxy
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.preview import show_document

COLUMNS: list[Column[CertificateLine]] = [
    Column("Số vào sổ", lambda c: c.register_number, sort_key=lambda c: (c.year, c.number), width=85),
    Column("Họ và tên", lambda c: c.full_name, width=200),
    Column("Ngày sinh", lambda c: c.birth, align=Qt.AlignmentFlag.AlignCenter, width=90),
    Column("Số hiệu phôi", lambda c: c.serial, width=100),
    Column("Ngày cấp", lambda c: format_date(c.issued_on), sort_key=lambda c: c.issued_on,
           align=Qt.AlignmentFlag.AlignCenter, width=90),
    Column("Mã xác minh", lambda c: c.verify_code, width=105),
    Column("Tình trạng", lambda c: c.status_text, tooltip=lambda c: c.status_text, width=260),
]  # fmt: skip


ISSUE_TIP = "Xem ai được cấp, ai chưa và vì sao; rồi cấp số vào sổ (Ctrl+N)"


class CertificatesPage(ClassPage):
    title = "Giấy chứng nhận"
    class_code = ""

    def _build_ui(self) -> None:
        self.issue_button = QPushButton("Cấp giấy chứng nhận…")
        self.issue_button.setToolTip(ISSUE_TIP)
        self.print_button = QPushButton("In / in lại…")
        self.print_button.setToolTip(
            "In các giấy đang chọn: toàn bộ trên giấy trắng hoặc chỉ phần điền vào phôi"
        )
        self.reissue_button = QPushButton("Cấp lại…")
        self.reissue_button.setToolTip("Cấp giấy mới (số mới) thay giấy đang chọn: sai sót, mất, hư hỏng")
        self.void_button = QPushButton("Hủy giấy…")
        self.void_button.setToolTip("Ghi hủy giấy đang chọn, có lý do (không xóa khỏi sổ)")
        self.action_buttons = [self.issue_button, self.print_button, self.reissue_button, self.void_button]
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reissue_button)
        buttons.addWidget(self.void_button)
        self.model: ObjectTableModel[CertificateLine] = ObjectTableModel(COLUMNS, self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ObjectTableView("class_certificates", self)
        self.table.setModel(self.proxy)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.apply_default_widths(self.model)
        self.table.verticalHeader().hide()
        self.count_label = QLabel()
        self.status = StatusLine(self)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.status)
        for first, second in itertools.pairwise([*self.action_buttons, self.table]):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.table)

    def _connect_signals(self) -> None:
        self.issue_button.clicked.connect(self.issue)
        self.print_button.clicked.connect(self.print_selected)
        self.reissue_button.clicked.connect(self.reissue_current)
        self.void_button.clicked.connect(self.void_current)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        page_shortcut(self, QKeySequence.StandardKey.New, self.issue)

    # -- data ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        training_class = run_guarded(self, lambda: self._services.classes.get(self.class_id))
        lines = run_guarded(self, lambda: self._services.certificate_books.list(class_id=self.class_id))
        if training_class is None or lines is None:
            return
        self.class_code = training_class.code
        selected = {line.id for line in self.selected()}
        self.model.set_items(lines)
        why_not = run_guarded(self, lambda: self._services.certificates.why_no_certificate(self.class_id))
        self.issue_button.setEnabled(not why_not)
        self.issue_button.setToolTip(why_not or ISSUE_TIP)
        valid = sum(1 for line in lines if line.status is CertificateStatus.ISSUED)
        if lines:
            text = f"Đã cấp {format_int(valid)} giấy còn hiệu lực"
            others = len(lines) - valid
            if others:
                text += f"; {format_int(others)} giấy đã hủy hoặc đã được cấp lại"
            self.count_label.setText(text + ".")
        elif why_not:
            self.count_label.setText(why_not)
        else:
            self.count_label.setText(
                "Lớp chưa được cấp giấy chứng nhận. Bấm “Cấp giấy chứng nhận…” (Ctrl+N)."
            )
        for line_id in selected:
            self.table.select_where(lambda c, i=line_id: c.id == i)
        if not self.table.selectionModel().hasSelection():
            self.table.select_first_row()
        self._update_buttons()

    def selected(self) -> list[CertificateLine]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        lines = [self.proxy.index(row, 0).data(OBJECT_ROLE) for row in sorted(rows)]
        found = [line for line in lines if isinstance(line, CertificateLine)]
        return found or [line for line in [self.table.current_object()] if line is not None]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        one = chosen[0] if len(chosen) == 1 else None
        valid = bool(chosen) and all(c.status is CertificateStatus.ISSUED for c in chosen)
        self.print_button.setEnabled(valid)
        self.reissue_button.setEnabled(one is not None and one.status is CertificateStatus.ISSUED)
        may_void = self._services.access.can(Permission.VOID)  # access protection: administrators only
        self.void_button.setEnabled(may_void and one is not None and one.status is CertificateStatus.ISSUED)
        if not may_void:
            self.void_button.setToolTip(why_not(Permission.VOID))

    # -- actions -------------------------------------------------------------------------------------
    def issue(self) -> None:
        if not self.issue_button.isEnabled():  # Ctrl+N on a programme that gives no certificate
            return
        plan = run_guarded(self, lambda: self._services.certificates.plan(self.class_id))
        if plan is None:
            return
        if not plan.candidates:
            self.status.warning("Lớp chưa có học viên.")
            return
        dialog = IssueDialog(self._services.certificates, plan, self)
        if not dialog.exec():
            return
        issued: list[CertificateLine] = dialog.result_object
        numbers = sorted(issued, key=lambda c: c.number)
        self.status.done(
            f"Đã cấp {format_int(len(issued))} giấy chứng nhận, số {numbers[0].register_number} đến "
            f"{numbers[-1].register_number}. Bấm “In / in lại…” để in."
            if len(issued) > 1
            else f"Đã cấp giấy chứng nhận số {numbers[0].register_number}."
        )
        self.changed.emit()
        self.reload()
        for line in issued:
            self.table.select_where(lambda c, i=line.id: c.id == i)
        self._print([line.id for line in numbers], reprint=False)

    def print_selected(self) -> None:
        chosen = [line for line in self.selected() if line.status is CertificateStatus.ISSUED]
        if chosen:
            self._print([line.id for line in sorted(chosen, key=lambda c: (c.year, c.number))], reprint=True)

    def _print(self, ids: list[int], *, reprint: bool) -> None:
        options = PrintOptionsDialog(self._services.certificate_printing, len(ids), self)
        if not options.exec():
            return
        fields_only, x, y = options.result_object
        service = self._services.certificate_printing
        template = None
        if fields_only:
            active = service.active_template()
            template = active.with_offset(x, y)
            if active.mode is not PrintMode.FIELDS_ONLY:
                template = replace(template, mode=PrintMode.FIELDS_ONLY)
        stem = "Phan dien GCN" if fields_only else "Giay chung nhan"
        title = f"Giấy chứng nhận – lớp {self.class_code}" + (" (phần điền vào phôi)" if fields_only else "")
        show_document(
            self,
            title,
            lambda: service.render(ids, template=template, reprint=reprint),
            f"{stem} - {ascii_file_part(self.class_code)}.pdf",
            on_opened=lambda _window: self.reload(),
        )

    def reissue_current(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        today = self._services.context.today()
        dialog = ReissueDialog(self._services.certificates, chosen[0], today, self)
        if dialog.exec():
            line: CertificateLine = dialog.result_object
            self.status.done(f"Đã cấp lại: giấy số {line.register_number} thay giấy số {line.replaces}.")
            self.changed.emit()
            self.reload()
            self._print([line.id], reprint=False)

    def void_current(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        dialog = VoidDialog(self._services.certificates, chosen[0], self)
        if dialog.exec():
            line: CertificateLine = dialog.result_object
            self.status.done(f"Đã hủy giấy chứng nhận số {line.register_number}.")
            self.changed.emit()
            self.reload()
