"""Thiết lập ban đầu: the first-run setup of a centre, also reachable from Dữ liệu.

Step 1 the centre (the settings' centre page: names, place, director and deputies, with a live preview),
step 2 the registers' next numbers, step 3 the programmes; "Lưu thiết lập" writes all three in one
transaction (``SetupService.apply``); step 4 offers the first things to do. Nothing is written before
step 3; Bỏ qua, Esc and ✕ ask before throwing away what was typed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from trungtam_desktop.domain.errors import DomainError, ValidationError
from trungtam_desktop.domain.validation import validate_centre
from trungtam_desktop.services.setup import SetupPlan, SetupService
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.forms import ERROR_STYLE
from trungtam_desktop.ui.settings.centre_page import CentrePage
from trungtam_desktop.ui.setup.pages import ProgrammesPage, RegistersPage, StartPage

TITLES = (
    "Bước 1/4 – Thông tin trung tâm",
    "Bước 2/4 – Sổ cấp giấy chứng nhận",
    "Bước 3/4 – Chương trình đào tạo",
    "Bước 4/4 – Bắt đầu",
)
CENTRE_INTRO = (
    "Các thông tin này được in trên mọi giấy tờ: cơ quan cấp trên và tên trung tâm ở góc trái, địa danh ở "
    "dòng ngày tháng, người ký ở cuối. Chưa khai báo thì giấy tờ để trống bằng dấu chấm. Sửa lại được bất "
    "cứ lúc nào trong Dữ liệu → Cài đặt."
)
DISCARD_QUESTION = "Bỏ những gì đã nhập và đóng trang thiết lập ban đầu?"
SKIP_NOTE = "Có thể thiết lập sau: Dữ liệu → Thiết lập ban đầu."


class SetupWizard(QDialog):
    """``saved`` once the setup was written; ``choice`` is what the clerk wants to do first (or "")."""

    def __init__(
        self, setup: SetupService, parent: QWidget | None = None, *, today: date
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thiết lập ban đầu")
        self.setModal(True)
        self._setup = setup
        self.saved = False
        self.choice = ""
        self._build_ui(today)
        self._plan = setup.current()
        self.centre_page.load(self._plan.centre)
        self.registers_page.load(self._plan.registers)
        self.programmes_page.load(self._plan.programmes)
        self._connect_signals()
        self._show_page(0)
        self.resize(980, 640)

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self, today: date) -> None:
        self.step_label = QLabel()
        self.step_label.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.centre_page = CentrePage(today)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(CENTRE_INTRO)
        intro.setWordWrap(True)
        centre_layout.addWidget(intro)
        centre_layout.addWidget(self.centre_page, 1)
        self.registers_page = RegistersPage()
        self.programmes_page = ProgrammesPage()
        self.start_page = StartPage()
        self.pages = QStackedWidget()
        for page in (centre, self.registers_page, self.programmes_page, self.start_page):
            self.pages.addWidget(page)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.skip_button = QPushButton("Bỏ qua")
        self.skip_button.setToolTip(SKIP_NOTE)
        self.back_button = QPushButton("‹ Quay lại")
        self.next_button = QPushButton("Tiếp tục ›")
        self.save_button = QPushButton("Lưu thiết lập")
        self.close_button = QPushButton("Đóng")
        for button in (self.skip_button, self.back_button, self.next_button, self.save_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.skip_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(lambda: self._show_page(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(self.go_next)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        self.start_page.chosen.connect(self._choose)

    # -- navigation ----------------------------------------------------------------------------------
    def _show_page(self, index: int) -> None:
        index = max(0, min(index, len(TITLES) - 1))
        self.pages.setCurrentIndex(index)
        self.step_label.setText(TITLES[index])
        self.error_label.clear()
        done = index == len(TITLES) - 1
        self.skip_button.setVisible(not done)
        self.back_button.setVisible(not done)
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < 2)
        self.save_button.setVisible(index == 2)
        self.close_button.setVisible(done)
        default = self.close_button if done else self.save_button if index == 2 else self.next_button
        default.setDefault(True)
        if index == 0:
            self.centre_page.edits["parent_body"].setFocus()

    def go_next(self) -> None:
        """From step 1 only with a centre the domain accepts (its errors shown beside the fields)."""
        if self.pages.currentIndex() == 0:
            self.centre_page.clear_errors()
            try:
                validate_centre(self.centre_page.identity())
            except ValidationError as exc:
                self.centre_page.show_error(exc.field, exc.message)
                return
        self._show_page(self.pages.currentIndex() + 1)

    def plan(self) -> SetupPlan:
        """What "Lưu thiết lập" would write now."""
        return SetupPlan(
            self.centre_page.identity(), self.registers_page.starts(), self.programmes_page.choices()
        )

    def has_changes(self) -> bool:
        return not self.saved and self.plan() != self._plan

    # -- saving --------------------------------------------------------------------------------------
    def save(self) -> None:
        for page in (self.centre_page, self.registers_page, self.programmes_page):
            page.clear_errors()
        try:
            self._setup.apply(self.plan())
        except ValidationError as exc:
            self._show_refusal(exc)
            return
        except DomainError as exc:
            self.error_label.setText(exc.message)
            return
        except Exception as exc:
            messages.show_error(self, exc)
            return
        self.saved = True
        self._show_page(3)

    def _show_refusal(self, exc: ValidationError) -> None:
        """Show the message beside its field, on its page."""
        if exc.field.startswith("register_"):
            self._show_page(1)
            self.registers_page.errors.show(exc.field, exc.message)
        elif exc.field.startswith("programme"):
            self._show_page(2)
            self.programmes_page.errors.show(exc.field, exc.message)
        else:
            self._show_page(0)
            self.centre_page.show_error(exc.field, exc.message)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    # -- closing -------------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc, ✕ and Bỏ qua: ask before throwing away what was typed."""
        if self.has_changes() and not messages.confirm(
            self, DISCARD_QUESTION, "Thiết lập ban đầu", yes="Bỏ những gì đã nhập", no="Quay lại"
        ):
            return
        super().reject()
