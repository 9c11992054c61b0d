"""Empty lists teach: a new centre's class list, learner list and a class's roster say what to do next,
with a button that does it; a filter that finds nothing still shows the list."""

from __future__ import annotations

from tests.classwork_builder import build_class
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.ui.classwork.roster_dialogs import LearnerSearchDialog
from trungtam_desktop.ui.classwork.roster_page import RosterPage
from trungtam_desktop.ui.import_export import menu
from trungtam_desktop.ui.tabs.classes.dialogs import ClassDialog


def test_the_empty_class_list_offers_the_first_class(qtbot, main_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = main_window.classes_tab
    assert tab.list_or_empty.is_empty and tab.empty.isVisible()
    assert "Chưa có lớp học nào" in tab.empty.title.text()
    opened: list[ClassDialog] = []
    monkeypatch.setattr(ClassDialog, "exec", lambda self: opened.append(self) or 0)
    tab.empty.buttons[0].click()
    assert len(opened) == 1


def test_a_filter_that_finds_nothing_still_shows_the_list(qtbot, main_window, opened) -> None:  # type: ignore[no-untyped-def]
    build_class(opened.database, code="NTVD-2024-01", learners=1, sessions=1)
    tab = main_window.classes_tab
    tab.refresh()
    assert not tab.list_or_empty.is_empty
    tab.search.setText("không có lớp này")
    tab.search.flush()
    assert tab.model.rowCount() == 0 and not tab.list_or_empty.is_empty


def test_the_empty_learner_list_offers_the_import(qtbot, main_window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    started: list[object] = []
    monkeypatch.setattr(menu, "open_import_wizard", lambda window, _services: started.append(window))
    tab = main_window.learners_tab
    main_window.tabs.setCurrentWidget(tab)
    assert tab.list_or_empty.is_empty and "Chưa có học viên" in tab.empty.title.text()
    tab.empty.buttons[0].click()  # "Nhập danh sách từ Excel…": the import wizard over the main window
    assert started == [main_window]
    services.learners.create(Learner("Nguyễn Văn An", birth_year=1990, gender=Gender.MALE))
    tab.refresh()
    assert not tab.list_or_empty.is_empty


def test_the_empty_roster_offers_the_ways_to_fill_it(qtbot, services, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-02", learners=0, sessions=1)
    page = RosterPage(services, built.class_id)
    qtbot.addWidget(page)
    page.show()
    assert page.list_or_empty.is_empty
    texts = [b.text() for b in page.empty.buttons]
    assert texts[0] == "Nhập danh sách từ tệp Excel…" and "Dán danh sách từ Excel…" in texts
    searched: list[LearnerSearchDialog] = []
    monkeypatch.setattr(LearnerSearchDialog, "exec", lambda self: searched.append(self) or 0)
    next(b for b in page.empty.buttons if b.text() == "Thêm học viên có sẵn…").click()
    assert len(searched) == 1


def test_the_import_wizard_explains_the_files_and_offers_the_template(
    qtbot, services, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from trungtam_desktop.ui.import_export import files
    from trungtam_desktop.ui.import_export.import_wizard import ImportWizard

    wizard = ImportWizard(services)
    qtbot.addWidget(wizard)
    wizard.show()
    guide = wizard.file_guide
    assert guide.isVisible() and guide.template_button.isVisible()
    text = guide.findChildren(type(wizard.step_label))[0].text()
    assert ".xlsx" in text and ".xls" in text and "TCVN3" in text and "Họ và tên" in text
    target = tmp_path / "Mẫu danh sách học viên.xlsx"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: target)
    monkeypatch.setattr(menu, "info", lambda *_args: None)
    guide.template_button.click()
    header = [
        c.value for c in next(r for r in load_workbook(target).active.iter_rows() if r[0].value == "STT")
    ]
    assert "Họ và tên" in header
