"""The main window's entries of issue 21 (Dữ liệu → Tra cứu hiệu lực giấy chứng nhận, Quá trình bồi dưỡng)
and the "Gói gửi tỉnh" button of the period report window."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton

from trungtam_desktop.domain.reports import ClassBasis
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.services.files import save_file
from trungtam_desktop.services.province.package_writer import PackageService, package_name
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.messages import info
from trungtam_desktop.ui.reorganisation import files


def install_reorganisation_actions(window: QMainWindow, services: Services) -> list[QAction]:
    """Dữ liệu menu entries, put just before "Cài đặt…" (``window`` is a MainWindow)."""
    opened: list[object] = []

    def open_validity() -> None:
        from trungtam_desktop.ui.reorganisation.validity_dialog import ValidityDialog

        dialog = ValidityDialog(
            services.validity, services.organisation, window, today=services.context.today
        )
        opened.append(dialog)
        dialog.show()

    def open_records() -> None:
        from trungtam_desktop.ui.reorganisation.training_dialog import TrainingRecordDialog

        tab = getattr(window, "learners_tab", None)
        learner = tab.current() if tab is not None else None
        dialog = TrainingRecordDialog(services.training_records, window, learner=learner)
        opened.append(dialog)
        dialog.show()

    validity = QAction("Tra cứu &hiệu lực giấy chứng nhận…", window)
    validity.setShortcut(QKeySequence("Ctrl+Shift+F"))
    validity.triggered.connect(open_validity)
    records = QAction("&Quá trình bồi dưỡng (xuất cho CSDL cán bộ)…", window)
    records.triggered.connect(open_records)
    data_menu = window.data_menu  # type: ignore[attr-defined]
    before = window.settings_action  # type: ignore[attr-defined]
    data_menu.insertAction(before, validity)
    data_menu.insertAction(before, records)
    data_menu.insertSeparator(before)
    return [validity, records]


def add_package_button(report_window: Any, packages: PackageService) -> QPushButton:
    """A "Gói gửi tỉnh (.ttct)…" button beside the period report window's PDF and Excel buttons."""
    button = QPushButton("&Gói gửi tỉnh (.ttct)…", report_window)
    button.setToolTip(
        "Số liệu, danh sách lớp và giấy chứng nhận của kỳ trong một tệp có chữ ký của trung tâm"
    )
    layout = report_window.layout()
    for index in range(layout.count()):
        row = layout.itemAt(index).layout()
        if isinstance(row, QHBoxLayout) and row.indexOf(report_window.xlsx_button) >= 0:
            row.insertWidget(row.indexOf(report_window.xlsx_button) + 1, button)
            break
    button.clicked.connect(lambda: save_package(report_window, packages))
    return button


def save_package(report_window: Any, packages: PackageService) -> None:
    draft = report_window.save_draft()
    if draft is None:  # a bad date in the draft: it is shown, nothing is written
        return
    year, period = report_window.picker.value()
    basis = ClassBasis(report_window.basis.currentData())
    report = report_window.report
    if report is not None and (report.year, report.period, report.basis) != (year, period, basis):
        report = None
    centre = run_guarded(report_window, packages.signing.centre)
    title = "Lưu gói báo cáo gửi tỉnh"
    name = package_name(centre or "trung tam", year, period)
    path = files.choose_save_path(report_window, title, name, "Gói báo cáo (*.ttct)", ".ttct")
    if path is None:
        return
    data = run_guarded(report_window, lambda: packages.build(year, period, basis, report=report, draft=draft))
    if data is None or not run_guarded(
        report_window, lambda: save_file(path, data, create_folder=False) or True
    ):
        return
    key = packages.signing.public_key()
    info(
        report_window,
        f"Đã ghi gói báo cáo vào tệp:\n{path}\n\nGói được ký bằng khóa của trung tâm, dấu vân tay "
        f"{key.fingerprint if key else '?'}. Gửi tệp này cho tỉnh; lần đầu, gửi kèm tệp khóa công khai "
        "(Dữ liệu → Cài đặt → Địa bàn, hiệu lực, khóa ký).",
        title,
    )
