"""First run: the program started on an empty data folder opens Thiết lập ban đầu before the main window;
documents carry what the clerk typed there, or dotted blanks when the setup was skipped."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from trungtam_desktop import app
from trungtam_desktop.domain.models import DOTTED_BLANK
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.sample_class import SampleClassService
from trungtam_desktop.ui import setup as setup_ui
from trungtam_desktop.ui.application import GuiApplication
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.main_window import MainWindow
from trungtam_desktop.ui.setup.pages import START_CLASS
from trungtam_desktop.ui.setup.wizard import SetupWizard
from trungtam_desktop.ui.tabs.classes.dialogs import ClassDialog

TYPED = {
    "parent_body": "ĐẢNG ỦY XÃ TÂN HỘI",
    "centre_name": "TRUNG TÂM CHÍNH TRỊ",
    "place_name": "Tân Hội",
    "director_name": "Phan Văn Lộc",
}


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def fill_and_save(wizard: SetupWizard, *, next_number: int = 126) -> None:
    """What the clerk does: type the centre, continue a paper register, set a programme aside, save."""
    page = wizard.centre_page
    for field, text in TYPED.items():
        page.edits[field].setText(text)
    page.deputy_edits[0][0].setText("Hà Thị Kim Oanh")
    wizard.go_next()
    assert wizard.pages.currentIndex() == 1
    wizard.registers_page.spins["register_giay_chung_nhan"].setValue(next_number)
    wizard.go_next()
    choice, check, _name = wizard.programmes_page.rows[0]
    assert choice.code == "SCLLCT"
    check.setChecked(False)
    wizard.save()
    assert wizard.saved and wizard.pages.currentIndex() == 3, wizard.error_label.text()


@pytest.fixture
def start(qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """run_gui on an empty folder with the event loop replaced: records the wizards and windows shown."""
    seen: dict[str, Any] = {"wizards": [], "windows": [], "printed": []}
    monkeypatch.setattr(
        GuiApplication,
        "settings",
        lambda self: QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
    )
    monkeypatch.setattr(app.logging, "shutdown", lambda: None)
    monkeypatch.setattr(messages, "info", lambda *_args, **_kwargs: None)

    def exec_(self: GuiApplication) -> int:  # the clerk looks at the window, prints a class list, quits
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        seen["windows"].append(window)
        seen["banner"] = window.setup_banner.isVisible()
        seen["title"] = window.windowTitle()
        services = window._services
        sample = SampleClassService(services.context).create_sample_class(f"NTVD-2024-{len(seen['windows'])}")
        seen["printed"].append(pdf_text(services.class_documents.class_list(sample.class_id)))
        if "during" in seen:
            seen.pop("during")(window)
        window.close()
        return 0

    monkeypatch.setattr(GuiApplication, "exec", exec_)
    seen["paths"] = DataPaths(tmp_path / "data")
    return seen


def _wizard_does(seen: dict[str, Any], monkeypatch: pytest.MonkeyPatch, action) -> None:  # type: ignore[no-untyped-def]
    def exec_(self: SetupWizard) -> int:
        seen["wizards"].append(self)
        seen.setdefault("window_shown", []).append(any(w.isVisible() for w in seen["windows"]))
        action(self)
        return 1 if self.saved else 0

    monkeypatch.setattr(SetupWizard, "exec", exec_)


def test_the_first_start_sets_the_centre_up_before_the_main_window(start, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _wizard_does(start, monkeypatch, fill_and_save)
    assert app.run_gui(start["paths"]) == 0
    assert len(start["wizards"]) == 1 and len(start["windows"]) == 1
    assert start["window_shown"] == [False]  # the wizard came before the main window
    assert not start["banner"] and start["title"].startswith("TRUNG TÂM CHÍNH TRỊ — ĐẢNG ỦY XÃ TÂN HỘI")
    printed = start["printed"][0]
    assert "ĐẢNG ỦY XÃ TÂN HỘI" in printed and "Tân Hội, ngày" in printed and "Phan Văn Lộc" in printed
    assert DOTTED_BLANK[:3] not in printed and "Đức Trọng" not in printed
    # Started again: set up, so no wizard.
    assert app.run_gui(start["paths"]) == 0
    assert len(start["wizards"]) == 1 and len(start["windows"]) == 2


def test_a_skipped_setup_prints_blanks_and_is_reached_from_the_banner(start, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _wizard_does(start, monkeypatch, lambda wizard: wizard.reject())  # Bỏ qua, nothing typed: no question
    assert app.run_gui(start["paths"]) == 0
    assert len(start["wizards"]) == 1 and start["banner"]
    blank = start["printed"][0]
    assert blank.startswith(f"{DOTTED_BLANK} ĐẢNG CỘNG SẢN VIỆT NAM TRUNG TÂM CHÍNH TRỊ")
    assert "Đức Trọng" not in blank and "ĐỨC TRỌNG" not in blank

    # The next start does not ask again; the clerk sets the centre up from the banner meanwhile.
    _wizard_does(start, monkeypatch, fill_and_save)
    start["during"] = lambda window: window.setup_banner.button.click()
    assert app.run_gui(start["paths"]) == 0
    assert len(start["wizards"]) == 2  # only the one the banner opened, over the main window
    assert start["window_shown"] == [False, True]
    window = start["windows"][1]
    assert not window.setup_banner.isVisible() and "ĐẢNG ỦY XÃ TÂN HỘI" in window.windowTitle()
    assert app.run_gui(start["paths"]) == 0
    assert "Tân Hội, ngày" in start["printed"][2] and DOTTED_BLANK[:3] not in start["printed"][2]


def test_the_wizard_checks_the_centre_beside_its_fields(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(services.setup, today=services.context.today())
    qtbot.addWidget(wizard)
    wizard.centre_page.edits["place_name"].setText("  ")
    wizard.go_next()
    assert wizard.pages.currentIndex() == 0
    assert "Địa danh" in wizard.centre_page.errors.text("place_name")
    wizard.centre_page.edits["place_name"].setText("Tân Hội")
    wizard.go_next()
    assert wizard.pages.currentIndex() == 1


def test_a_refused_programme_choice_is_shown_on_its_page(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(services.setup, today=services.context.today())
    qtbot.addWidget(wizard)
    wizard._show_page(2)
    for _choice, check, _name in wizard.programmes_page.rows:
        check.setChecked(False)
    wizard.save()
    assert not wizard.saved and wizard.pages.currentIndex() == 2
    assert "ít nhất một chương trình" in wizard.programmes_page.errors.text("programmes")
    _choice, check, name = wizard.programmes_page.rows[1]
    check.setChecked(True)
    name.setText("")
    wizard.save()
    assert "Tên chương trình" in wizard.programmes_page.errors.text(_choice.field)


def test_the_wizard_asks_before_throwing_typed_text_away(qtbot, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    answer = {"value": False}

    def confirm(_parent, text, _title="", **_kwargs) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer["value"]

    monkeypatch.setattr(messages, "confirm", confirm)
    wizard = SetupWizard(services.setup, today=services.context.today())
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.centre_page.edits["director_name"].setText("Phan Văn Lộc")
    wizard.reject()  # Esc, ✕ or Bỏ qua
    assert asked and wizard.isVisible()  # "Quay lại": still open, the text kept
    assert wizard.centre_page.edits["director_name"].text() == "Phan Văn Lộc"
    answer["value"] = True
    wizard.reject()
    assert not wizard.isVisible()


def test_first_run_is_skipped_once_and_then_left_to_the_menu(qtbot, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The test database is set up already; a fresh one asks once, and not after the clerk skipped."""
    assert setup_ui.first_run(services) == ""  # set up: nothing shown
    monkeypatch.setattr(services.setup, "needed", lambda: True)
    monkeypatch.setattr(SetupWizard, "exec", lambda self: 0)
    dismissed: list[bool] = []
    monkeypatch.setattr(services.setup, "dismiss", lambda: dismissed.append(True))
    assert setup_ui.first_run(services) == "" and dismissed == [True]


def test_the_start_page_opens_the_first_class_dialog(qtbot, main_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[ClassDialog] = []
    monkeypatch.setattr(ClassDialog, "exec", lambda self: opened.append(self) or 0)
    main_window.tabs.setCurrentIndex(1)
    main_window.start_with(START_CLASS)
    assert len(opened) == 1 and main_window.tabs.currentWidget() is main_window.classes_tab


def test_the_demo_opens_in_a_program_of_its_own(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    program, arguments = setup_ui.demo_command()
    assert arguments[-1] == "--demo" and Path(program).exists()


def test_the_issue_dialog_offers_the_deputies_as_signers(qtbot, services, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.classwork_builder import build_class
    from tests.db.test_first_run import CENTRE
    from trungtam_desktop.ui.classwork import issue_dialog
    from trungtam_desktop.ui.classwork.issue_dialog import IssueDialog

    asked: list[str] = []
    monkeypatch.setattr(issue_dialog.messages, "confirm", lambda _parent, text, *_a, **_k: asked.append(text) or True)

    built = build_class(opened.database, code="NTVD-2024-09", learners=1, sessions=1)
    services.attendance.mark_session_present(built.class_id, built.session_ids[0])
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(built.enrolment_ids[0], component): 8.0})
    plan = services.certificates.plan(built.class_id)
    without = IssueDialog(services.certificates, plan)
    qtbot.addWidget(without)
    assert without.signer is None  # no deputies: the director signs, nothing to choose
    services.settings.save_centre(CENTRE)
    dialog = IssueDialog(services.certificates, plan)
    qtbot.addWidget(dialog)
    assert dialog.signer is not None and dialog.signer.count() == 2
    assert dialog.signer.itemText(1) == "KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC: Hà Thị Kim Oanh"
    dialog.signer.setCurrentIndex(1)
    dialog._on_save()
    assert asked and asked[0].startswith("Cấp 1 giấy chứng nhận")
    (line,) = dialog.result_object
    assert services.certificate_books.face(line.id).signer_name == "Hà Thị Kim Oanh"
