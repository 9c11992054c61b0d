"""The Settings dialog (Dữ liệu → Cài đặt): centre identity, programmes, quotas and pay rates.

Three pages edit in memory; Lưu checks every changed part with the domain validators and only then writes
(see ``saving``), so a refused value anywhere leaves the database untouched and shows the message beside
the field, on its page.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from trungtam_desktop.domain.models import CentreIdentity, Programme
from trungtam_desktop.services.access import AccessService
from trungtam_desktop.services.organisation import OrganisationService
from trungtam_desktop.services.programmes import ProgrammeService
from trungtam_desktop.services.settings import SettingsService
from trungtam_desktop.services.signing import SigningService
from trungtam_desktop.services.validity import ValidityService
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.forms import ask_discard
from trungtam_desktop.ui.settings import saving
from trungtam_desktop.ui.settings.access_page import AccessPage
from trungtam_desktop.ui.settings.centre_page import CentrePage
from trungtam_desktop.ui.settings.programmes_page import ProgrammesPage
from trungtam_desktop.ui.settings.quotas_page import QuotasPage


class SettingsDialog(QDialog):
    """Modal settings editor. ``saved_parts`` lists what was written ("centre", "programmes", "quotas")."""

    def __init__(
        self,
        settings: SettingsService,
        programmes: ProgrammeService,
        parent: QWidget | None = None,
        *,
        today: date,
        access: AccessService | None = None,
        reorganisation: tuple[OrganisationService, ValidityService, SigningService] | None = None,
    ) -> None:
        super().__init__(parent)
        self._access = access
        self._reorganisation = reorganisation
        self._settings = settings
        self._programmes = programmes
        self._today = today
        self.saved_parts: set[str] = set()
        self._build_ui()
        self._connect_signals()
        self._load()

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.setWindowTitle("Cài đặt")
        self.setModal(True)
        self.setSizeGripEnabled(True)
        self.centre_page = CentrePage(self._today)
        self.programmes_page = ProgrammesPage()
        self.quotas_page = QuotasPage()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.centre_page, "Thông tin trung tâm")
        self.tabs.addTab(self.programmes_page, "Chương trình đào tạo")
        self.tabs.addTab(self.quotas_page, "Định mức và thù lao")
        self.access_page = AccessPage(self._access) if self._access is not None else None
        if self.access_page is not None:  # writes at once, outside Lưu (see access_page.py)
            self.tabs.addTab(self.access_page, "Bảo vệ truy cập")
        self.reorganisation_page = None
        if self._reorganisation is not None:  # writes at once too (see ui/reorganisation/settings_page.py)
            from trungtam_desktop.ui.reorganisation.settings_page import ReorganisationPage

            organisation, validity, signing = self._reorganisation
            self.reorganisation_page = ReorganisationPage(
                organisation, validity, signing, today=lambda: self._today
            )
            self.tabs.addTab(self.reorganisation_page, "Địa bàn, hiệu lực, khóa ký")
        self.tabs.setToolTip("Ctrl+Tab: sang trang sau")
        standard = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(standard.Save | standard.Cancel)
        self.save_button = self.buttons.button(standard.Save)
        self.cancel_button = self.buttons.button(standard.Cancel)
        self.save_button.setText("Lưu")
        self.save_button.setToolTip("Lưu mọi thay đổi trên cả ba trang (Enter)")
        self.cancel_button.setText("Hủy")
        self.cancel_button.setToolTip("Đóng mà không lưu (Esc)")
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(1080, 680)
        self.setMinimumSize(1000, 580)
        self.centre_page.edits["parent_body"].setFocus()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def _load(self) -> None:
        self._centre: CentreIdentity = self._settings.centre()
        self._quotas = self._settings.quotas()
        self._rates = self._settings.rates()
        self.centre_page.load(self._centre)
        self.programmes_page.load(self._programmes.list())
        self.quotas_page.load(self._quotas, self._rates)

    # -- state ---------------------------------------------------------------------------------------
    def pending(self) -> saving.Pending:
        """What Lưu would write now."""
        self.quotas_page.finish_editing()
        centre = self.centre_page.identity()
        quotas, rates = self.quotas_page.quotas(), self.quotas_page.rates()
        quotas_changed = quotas != self._quotas or rates != self._rates
        return saving.Pending(
            centre=centre if centre != self._centre else None,
            programmes=tuple(self.programmes_page.changed_programmes()),
            quotas_and_rates=(tuple(quotas), tuple(rates)) if quotas_changed else None,
        )

    def has_changes(self) -> bool:
        unsaved_page = self.reorganisation_page is not None and self.reorganisation_page.has_unsaved()
        return not self.pending().is_empty or unsaved_page

    def pages(self) -> dict[str, QWidget]:
        return {
            saving.CENTRE: self.centre_page,
            saving.PROGRAMMES: self.programmes_page,
            saving.QUOTAS: self.quotas_page,
        }

    # -- saving --------------------------------------------------------------------------------------
    def _on_save(self) -> None:
        pending = self.pending()
        self._clear_errors()
        if pending.is_empty:
            self.accept()
            return
        try:
            saving.check(pending, self.programmes_page.all_programmes())
            saving.write(pending, self._settings, self._programmes, self._on_saved)
        except saving.SettingsProblem as problem:
            self._show_problem(problem)
            return
        except Exception as exc:
            messages.show_error(self, exc)
            return
        self.accept()

    def _on_saved(self, page: str, key: int | None, saved: object) -> None:
        """Rebase on what was written, so a later failure leaves an exact list of unsaved changes."""
        self.saved_parts.add(page)
        if page == saving.CENTRE:
            assert isinstance(saved, CentreIdentity)
            self._centre = self.centre_page.identity()
        elif page == saving.PROGRAMMES:
            assert isinstance(saved, Programme) and key is not None
            self.programmes_page.mark_saved(key, saved)
        else:
            self._quotas, self._rates = self.quotas_page.quotas(), self.quotas_page.rates()

    def _show_problem(self, problem: saving.SettingsProblem) -> None:
        self.tabs.setCurrentWidget(self.pages()[problem.page])
        if problem.page == saving.PROGRAMMES:
            self.programmes_page.show_error(problem.key, problem.field, problem.message)
        elif problem.page == saving.CENTRE:
            self.centre_page.show_error(problem.field, problem.message)
        else:
            self.quotas_page.show_error(problem.field, problem.message)

    def _clear_errors(self) -> None:
        self.centre_page.clear_errors()
        self.programmes_page.clear_errors()
        self.quotas_page.clear_errors()

    def error_messages(self) -> list[str]:
        """Every error message now shown on any page (for tests)."""
        editor = self.programmes_page.editor
        return self.centre_page.errors.shown() + editor.errors.shown() + self.quotas_page.errors.shown()

    # -- closing -------------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.has_changes() and not ask_discard(self, "Cài đặt"):
            return
        super().reject()
