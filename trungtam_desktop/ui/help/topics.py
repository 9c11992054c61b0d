"""Which section of the user guide belongs to which window (F1 opens it there).

The guide (resources/help/huong-dan.html) marks its sections with ``id``; each window, dialog or page is
named here by its class name, so the windows themselves need not know about the guide. F1 starts from the
widget that has the keyboard and walks up to its window: the first class named here gives the section; a tab
widget on the way gives the section of the page it shows (the class window's tab bar, the main window's).
"""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget

GUIDE = ("help", "huong-dan.html")
START = "viec-hang-ngay"

TOPICS: dict[str, str] = {
    # the main window and its pages
    "MainWindow": "cua-so-chinh",
    "ClassesTab": "lop-hoc",
    "LearnersTab": "hoc-vien",
    "LecturersTab": "giang-vien",
    "ClassDialog": "mo-lop",
    "LearnerDialog": "hoc-vien",
    "LecturerDialog": "giang-vien",
    # a class's window, page by page
    "ClassWorkWindow": "cua-so-lop",
    "RosterPage": "lop-hoc-vien",
    "LearnerSearchDialog": "lop-hoc-vien",
    "QuickAddDialog": "lop-hoc-vien",
    "WithdrawDialog": "lop-hoc-vien",
    "PasteDialog": "lop-hoc-vien",
    "TimetablePage": "lich-hoc",
    "SessionDialog": "lich-hoc",
    "AttendancePage": "diem-danh",
    "ResultsPage": "ket-qua",
    "UnlockDialog": "ket-qua",
    "CertificatesPage": "giay-chung-nhan",
    "IssueDialog": "cap-giay",
    "PrintOptionsDialog": "in-giay",
    "ReissueDialog": "cap-lai-huy",
    "VoidDialog": "cap-lai-huy",
    # the data menu
    "ImportWizard": "nhap-danh-sach",
    "UndoImportDialog": "nhap-danh-sach",
    "TemplateDialog": "in-giay",
    "LookupDialog": "tra-cuu",
    "AuditLogDialog": "nhat-ky",
    "SettingsDialog": "cai-dat",
    "SetupWizard": "thiet-lap",
    # reports, printing, safety
    "PeriodReportWindow": "bao-cao",
    "PlanDialog": "ke-hoach",
    "PayListWindow": "thu-lao",
    "PreviewWindow": "in-giay-to",
    "BackupDialog": "sao-luu",
    "RestoreDialog": "khoi-phuc",
    "SignInDialog": "cai-dat",
    # after the 2025 reorganisation
    "ReorganisationPage": "dia-ban",
    "AreaDialog": "dia-ban",
    "ValidityDialog": "hieu-luc",
    "TrainingRecordDialog": "qua-trinh-boi-duong",
    "HelpWindow": START,
}


def _named(widget: QWidget) -> str:
    for cls in type(widget).__mro__:  # a subclass of a named window (QuickAddDialog of LearnerDialog)
        topic = TOPICS.get(cls.__name__)
        if topic:
            return topic
    return ""


def topic_for(widget: QWidget | None) -> str:
    """The guide's section for the window or page ``widget`` belongs to (the start of the guide if none)."""
    while widget is not None:
        if isinstance(widget, QTabWidget | QStackedWidget) and widget.currentWidget() is not None:
            topic = _named(widget.currentWidget())
            if topic:
                return topic
        topic = _named(widget)
        if topic:
            return topic
        widget = widget.parentWidget()
    return START
