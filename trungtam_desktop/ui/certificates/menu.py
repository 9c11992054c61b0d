"""The main window's certificate entries: Dữ liệu → Tra cứu / Mẫu in giấy chứng nhận; Báo cáo → Sổ cấp."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMainWindow

from trungtam_desktop.services.certificates import CertificateService
from trungtam_desktop.ui.certificates.lookup_dialog import LookupDialog
from trungtam_desktop.ui.certificates.template_dialog import TemplateDialog
from trungtam_desktop.ui.preview import show_document


def ask_year(parent: QMainWindow) -> int | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Sổ cấp giấy chứng nhận")
    dialog.setLabelText("In sổ cấp giấy chứng nhận của năm:")
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(2000, 2100)
    dialog.setIntValue(date.today().year)
    dialog.setOkButtonText("Xem trước")
    dialog.setCancelButtonText("Hủy")
    return dialog.intValue() if dialog.exec() else None


def install_certificate_actions(window: QMainWindow, service: CertificateService) -> list[QAction]:
    """Add the actions to ``window`` (a MainWindow: data_menu, add_report_action); returns them."""
    lookup = QAction("Tra cứu, xác minh &giấy chứng nhận…", window)
    lookup.setShortcut(QKeySequence("Ctrl+F"))
    lookup.triggered.connect(lambda: LookupDialog(service, window).exec())
    template = QAction("Mẫu &in giấy chứng nhận…", window)
    template.triggered.connect(lambda: TemplateDialog(service, window).exec())
    register = QAction("&Sổ cấp giấy chứng nhận…", window)

    def print_register() -> None:
        year = ask_year(window)
        if year is not None:
            show_document(
                window,
                f"Sổ cấp giấy chứng nhận năm {year}",
                lambda: service.register_book(year),
                f"So cap giay chung nhan {year}.pdf",
            )

    register.triggered.connect(print_register)
    data_menu = window.data_menu  # type: ignore[attr-defined]
    first = data_menu.actions()[0] if data_menu.actions() else None
    data_menu.insertAction(first, lookup)
    data_menu.insertAction(first, template)
    data_menu.insertSeparator(first)
    window.add_report_action(register)  # type: ignore[attr-defined]
    return [lookup, template, register]
