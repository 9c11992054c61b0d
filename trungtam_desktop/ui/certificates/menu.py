"""The main window's certificate entries: Dữ liệu → Tra cứu / Mẫu in giấy chứng nhận; Báo cáo → Sổ cấp."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMainWindow

from trungtam_desktop.services.certificate_books import CertificateBooks
from trungtam_desktop.services.certificate_printing import CertificatePrinting

# The dialogs (and the PDF preview behind the template dialog) are imported when first opened: the
# program's start does not pay for them.


def ask_year(parent: QMainWindow, year: int) -> int | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Sổ cấp giấy chứng nhận")
    dialog.setLabelText("In sổ cấp giấy chứng nhận của năm:")
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(2000, 2100)
    dialog.setIntValue(year)
    dialog.setOkButtonText("Xem trước")
    dialog.setCancelButtonText("Hủy")
    return dialog.intValue() if dialog.exec() else None


def install_certificate_actions(
    window: QMainWindow, books: CertificateBooks, printing: CertificatePrinting, today: Callable[[], date]
) -> list[QAction]:
    """Add the actions to ``window`` (a MainWindow: data_menu, add_report_action); returns them."""
    lookup = QAction("Tra cứu, xác minh &giấy chứng nhận…", window)
    lookup.setShortcut(QKeySequence("Ctrl+F"))
    template = QAction("Mẫu &in giấy chứng nhận…", window)
    register = QAction("&Sổ cấp giấy chứng nhận…", window)

    def open_lookup() -> None:
        from trungtam_desktop.ui.certificates.lookup_dialog import LookupDialog

        LookupDialog(books, window).exec()

    def open_template() -> None:
        from trungtam_desktop.ui.certificates.template_dialog import TemplateDialog

        TemplateDialog(printing, window).exec()

    def print_register() -> None:
        from trungtam_desktop.ui.preview import show_document

        year = ask_year(window, today().year)
        if year is not None:
            show_document(
                window,
                f"Sổ cấp giấy chứng nhận năm {year}",
                lambda: books.register_book(year),
                f"So cap giay chung nhan {year}.pdf",
            )

    lookup.triggered.connect(lambda _checked=False: open_lookup())
    template.triggered.connect(lambda _checked=False: open_template())
    register.triggered.connect(lambda _checked=False: print_register())
    data_menu = window.data_menu  # type: ignore[attr-defined]
    first = data_menu.actions()[0] if data_menu.actions() else None
    data_menu.insertAction(first, lookup)
    data_menu.insertAction(first, template)
    data_menu.insertSeparator(first)
    window.add_report_action(register)  # type: ignore[attr-defined]
    return [lookup, template, register]
