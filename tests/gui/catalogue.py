"""Every top-level window and dialog of the program, opened on demo data: for the screen-fit test and for
the user guide's screenshots (packaging/make_guide_images.py).

``CATALOGUE`` maps each window class (module.QualName) to a factory that builds it over a :class:`Scene`
(not shown yet), with the states worth looking at (the class window's five pages, a wizard's steps).
``window_classes()`` finds every QDialog/QMainWindow subclass in ``trungtam_desktop.ui`` and every QWidget
made a window (``Qt.WindowType.Window``), so the screen-fit test fails when a new one has no factory here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QWidget

import trungtam_desktop.ui
from trungtam_desktop.app import OpenedData, backup_service, open_services
from trungtam_desktop.domain.enums import ClassStatus
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.demo import reference_today, seed_demo

DEMO_SEED = 20240101
# Base classes never shown themselves (their subclasses are in the catalogue).
BASES = {"trungtam_desktop.ui.common.forms.FormDialog"}

State = tuple[str, Callable[[Any], None]]  # (name, switch the window to it)


@dataclass
class Scene:
    """A demo database with a finished class that has certificates, and the things windows are built on."""

    opened: OpenedData
    settings: QSettings
    today: date
    class_id: int
    class_label: str
    keep: list[Any] = field(default_factory=list)  # parents and windows kept alive until the end

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.opened.services


def build_scene(folder: Path, template: Path | None = None) -> Scene:
    """Seed the small demo into ``folder`` (or copy ``template``, a database made by this function before)
    and issue the certificates of one finished class."""
    paths = DataPaths(folder).ensure()
    if template is not None:
        shutil.copy(template, paths.database)
    opened = open_services(paths, user="giáo vụ")
    today = reference_today(DEMO_SEED)
    opened.services.context.today = lambda: today
    if template is None:
        seed_demo(opened.database, scale="small", seed=DEMO_SEED)
    services = opened.services
    awareness = next(p.id for p in services.programmes.list() if p.code == "NTVD")
    finished = [
        c
        for c in services.classes.list()
        if c.status in (ClassStatus.FINISHED, ClassStatus.CLOSED) and c.programme_id == awareness
    ]
    klass = max(finished, key=lambda c: (c.status is ClassStatus.FINISHED, c.end_date))
    if not services.certificate_books.list(class_id=klass.id):
        plan = services.certificates.plan(klass.id, klass.end_date)
        ids = [c.enrolment_id for c in plan.to_issue]
        services.certificates.issue(klass.id, ids, issued_on=klass.end_date, serial_start="AA 000101")
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    return Scene(opened, settings, today, klass.id, f"{klass.code} – {klass.name}")


# -- the factories -----------------------------------------------------------------------------------------
def _main_window(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.app import create_main_window

    window = create_main_window(scene.opened, scene.settings)
    states = [(f"tab-{i}", lambda w, i=i: w.tabs.setCurrentIndex(i)) for i in range(window.tabs.count())]
    return window, states


def _class_window(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.window import ClassWorkWindow

    window = ClassWorkWindow(scene.services, scene.class_id, scene.settings)
    states = [(f"page-{i + 1}", lambda w, i=i: w.tabs.setCurrentIndex(i)) for i in range(window.tabs.count())]
    return window, states


def _preview(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.services.printing import ClassDocument
    from trungtam_desktop.ui.preview import PreviewWindow

    pdf = scene.services.class_documents.render(ClassDocument.ATTENDANCE, scene.class_id, blank=False)
    return PreviewWindow(pdf, "Danh sách điểm danh", "Danh sach diem danh.pdf"), []


def _settings(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.settings.dialog import SettingsDialog

    s = scene.services
    dialog = SettingsDialog(s.settings, s.programmes, today=scene.today, access=s.access)
    return dialog, [
        (f"tab-{i}", lambda d, i=i: d.tabs.setCurrentIndex(i)) for i in range(dialog.tabs.count())
    ]


def _class_dialog(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.tabs.classes.dialogs import ClassDialog

    s = scene.services
    klass = s.classes.get(scene.class_id)
    return ClassDialog(s.classes, s.programmes.list(), s.lecturers.list(), klass), []


def _learner_dialog(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.tabs.learners.dialogs import LearnerDialog

    entry = scene.services.enrolment.roster(scene.class_id)[0]
    return LearnerDialog(scene.services.learners, scene.services.learners.get(entry.learner_id)), []


def _lecturer_dialog(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.tabs.lecturers.dialogs import LecturerDialog

    return LecturerDialog(scene.services.lecturers, scene.services.lecturers.list()[0]), []


def _import_wizard(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.import_export.import_wizard import ImportWizard

    return ImportWizard(scene.services), []


def _undo_import(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.import_export.menu import UndoImportDialog

    return UndoImportDialog(scene.services), []


def _lookup(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.certificates.lookup_dialog import LookupDialog

    dialog = LookupDialog(scene.services.certificate_books)
    line = scene.services.certificate_books.list(class_id=scene.class_id)[0]
    dialog.code.setText(line.verify_code)
    dialog.check()
    return dialog, []


def _template(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.certificates.template_dialog import TemplateDialog

    return TemplateDialog(scene.services.certificate_printing), []


def _audit(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.audit.log_dialog import AuditLogDialog

    return AuditLogDialog(scene.services.audit, today=lambda: scene.today), []


def _backup(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.safety.backup_dialog import BackupDialog

    return BackupDialog(backup_service(scene.opened.paths, scene.services.context)), []


def _restore(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.safety.restore_dialog import RestoreDialog

    return RestoreDialog(backup_service(scene.opened.paths, scene.services.context)), []


def _sign_in(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.safety.sign_in_dialog import SignInDialog

    return SignInDialog(scene.services.access), []


def _unlock(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.results_page import UnlockDialog

    return UnlockDialog(scene.services.results, scene.class_id, scene.class_label), []


def _learner_search(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.roster_dialogs import LearnerSearchDialog

    return LearnerSearchDialog(scene.services, set()), []


def _quick_add(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.roster_dialogs import QuickAddDialog

    return QuickAddDialog(scene.services, scene.class_id), []


def _withdraw(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.roster_dialogs import WithdrawDialog

    entry = scene.services.enrolment.roster(scene.class_id)[0]
    return WithdrawDialog(scene.services, entry, entry.enrolled_on), []


def _paste(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.paste_dialog import PasteDialog

    return PasteDialog(scene.services, scene.class_id), []


def _session(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.session_dialog import SessionDialog

    s = scene.services
    info = s.timetable.sessions(scene.class_id)[0]
    klass = s.classes.get(scene.class_id)
    lessons = s.programmes.get(klass.programme_id).lessons
    return SessionDialog(s, info, lessons, s.lecturers.list()), []


def _issue(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.issue_dialog import IssueDialog

    plan = scene.services.certificates.plan(scene.class_id, scene.today)
    return IssueDialog(scene.services.certificates, plan), []


def _certificate_line(scene: Scene):  # type: ignore[no-untyped-def]
    return scene.services.certificate_books.list(class_id=scene.class_id)[0]


def _reissue(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.certificate_dialogs import ReissueDialog

    return ReissueDialog(scene.services.certificates, _certificate_line(scene), scene.today), []


def _void(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.certificate_dialogs import VoidDialog

    return VoidDialog(scene.services.certificates, _certificate_line(scene)), []


def _print_options(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.classwork.certificate_dialogs import PrintOptionsDialog

    return PrintOptionsDialog(scene.services.certificate_printing, 12), []


def _pay_window(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.reports.pay_window import PayListWindow

    return PayListWindow(scene.services.report_documents, today=scene.today), []


def _period_window(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.reports.period_window import PeriodReportWindow

    return (
        PeriodReportWindow(scene.services.report_documents, today=scene.today, now=scene.services.context.now),
        [],
    )


def _plan_dialog(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.reports.plan_dialog import PlanDialog

    return PlanDialog(scene.services.reports, year=scene.today.year), []


def _setup_wizard(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.setup.wizard import SetupWizard

    wizard = SetupWizard(scene.services.setup, today=scene.today)
    return wizard, [(f"step-{i + 1}", lambda w, i=i: w._show_page(i)) for i in range(wizard.pages.count())]


def _area_dialog(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.reorganisation.area_dialog import AreaDialog

    organisation = scene.services.organisation
    areas = organisation.areas()
    return (
        AreaDialog(areas, organisation.save_areas, template=areas[0] if areas else None, today=scene.today),
        [],
    )


def _validity_dialog(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.reorganisation.validity_dialog import ValidityDialog

    s = scene.services
    dialog = ValidityDialog(s.validity, s.organisation, today=lambda: scene.today)
    pages = range(dialog.tabs.count())
    return dialog, [(f"page-{i + 1}", lambda d, i=i: d.tabs.setCurrentIndex(i)) for i in pages]


def _training_dialog(scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.reorganisation.training_dialog import TrainingRecordDialog

    return TrainingRecordDialog(scene.services.training_records), []


def _help_window(_scene: Scene):  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.help.window import HelpWindow

    window = HelpWindow()
    return window, [("diem-danh", lambda w: w.show_topic("diem-danh"))]


def message_box(_scene: Scene):  # type: ignore[no-untyped-def]
    """A long message, as an error with many rows would give, made as ui.common.messages makes them."""
    from trungtam_desktop.ui.common.messages import _box

    text = "\n".join(
        f"Dòng {n}: Ngày sinh “31/02/1990” không có thật (ghi theo dạng ngày/tháng/năm, ví dụ 05/02/2024)."
        for n in range(2, 60)
    )
    box = _box(None, QMessageBox.Icon.Warning, "Không thực hiện được", text)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    return box, []


CATALOGUE: dict[str, Callable[[Scene], tuple[QWidget, list[State]]]] = {
    "trungtam_desktop.ui.main_window.MainWindow": _main_window,
    "trungtam_desktop.ui.classwork.window.ClassWorkWindow": _class_window,
    "trungtam_desktop.ui.preview.PreviewWindow": _preview,
    "trungtam_desktop.ui.settings.dialog.SettingsDialog": _settings,
    "trungtam_desktop.ui.tabs.classes.dialogs.ClassDialog": _class_dialog,
    "trungtam_desktop.ui.tabs.learners.dialogs.LearnerDialog": _learner_dialog,
    "trungtam_desktop.ui.tabs.lecturers.dialogs.LecturerDialog": _lecturer_dialog,
    "trungtam_desktop.ui.import_export.import_wizard.ImportWizard": _import_wizard,
    "trungtam_desktop.ui.import_export.menu.UndoImportDialog": _undo_import,
    "trungtam_desktop.ui.certificates.lookup_dialog.LookupDialog": _lookup,
    "trungtam_desktop.ui.certificates.template_dialog.TemplateDialog": _template,
    "trungtam_desktop.ui.audit.log_dialog.AuditLogDialog": _audit,
    "trungtam_desktop.ui.safety.backup_dialog.BackupDialog": _backup,
    "trungtam_desktop.ui.safety.restore_dialog.RestoreDialog": _restore,
    "trungtam_desktop.ui.safety.sign_in_dialog.SignInDialog": _sign_in,
    "trungtam_desktop.ui.classwork.results_page.UnlockDialog": _unlock,
    "trungtam_desktop.ui.classwork.roster_dialogs.LearnerSearchDialog": _learner_search,
    "trungtam_desktop.ui.classwork.roster_dialogs.QuickAddDialog": _quick_add,
    "trungtam_desktop.ui.classwork.roster_dialogs.WithdrawDialog": _withdraw,
    "trungtam_desktop.ui.classwork.paste_dialog.PasteDialog": _paste,
    "trungtam_desktop.ui.classwork.session_dialog.SessionDialog": _session,
    "trungtam_desktop.ui.classwork.issue_dialog.IssueDialog": _issue,
    "trungtam_desktop.ui.classwork.certificate_dialogs.ReissueDialog": _reissue,
    "trungtam_desktop.ui.classwork.certificate_dialogs.VoidDialog": _void,
    "trungtam_desktop.ui.classwork.certificate_dialogs.PrintOptionsDialog": _print_options,
    "trungtam_desktop.ui.reports.pay_window.PayListWindow": _pay_window,
    "trungtam_desktop.ui.reports.period_window.PeriodReportWindow": _period_window,
    "trungtam_desktop.ui.reports.plan_dialog.PlanDialog": _plan_dialog,
    "trungtam_desktop.ui.setup.wizard.SetupWizard": _setup_wizard,
    "trungtam_desktop.ui.help.window.HelpWindow": _help_window,
    "trungtam_desktop.ui.reorganisation.area_dialog.AreaDialog": _area_dialog,
    "trungtam_desktop.ui.reorganisation.validity_dialog.ValidityDialog": _validity_dialog,
    "trungtam_desktop.ui.reorganisation.training_dialog.TrainingRecordDialog": _training_dialog,
    "QMessageBox (long message)": message_box,
}


def class_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def window_classes() -> list[str]:
    """Every window class of the program: QDialog and QMainWindow subclasses, and QWidgets made windows."""
    for module in pkgutil.walk_packages(trungtam_desktop.ui.__path__, "trungtam_desktop.ui."):
        importlib.import_module(module.name)
    found: set[str] = set()
    seen: set[type] = set()
    pending: list[type] = [QDialog, QMainWindow, QWidget]
    while pending:
        base = pending.pop()
        for cls in base.__subclasses__():
            if cls in seen:
                continue
            seen.add(cls)
            pending.append(cls)
            if not cls.__module__.startswith("trungtam_desktop.ui"):
                continue
            if issubclass(cls, QDialog | QMainWindow) or "Qt.WindowType.Window" in inspect.getsource(cls):
                found.add(class_name(cls))
    return sorted(found - BASES)
