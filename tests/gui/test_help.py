"""The user guide: shipped with the program, F1 opens it at the section of the window in use (each page of
a class's window too), every window has a section, and the guide prints as a PDF."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui import catalogue
from trungtam_desktop.paths import resource
from trungtam_desktop.ui.help import TOPICS, HelpWindow, guide_pdf, topic_for
from trungtam_desktop.ui.help.window import guide_path, sections

ROOT = Path(__file__).resolve().parents[2]


def guide_ids() -> set[str]:
    return {anchor for anchor, _title, _level in sections(guide_path().read_text(encoding="utf-8"))}


def test_the_guide_is_shipped_in_resources_with_its_images() -> None:
    html = guide_path().read_text(encoding="utf-8")
    assert guide_path() == resource("help", "huong-dan.html")
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) >= 6
    for image in images:
        path = guide_path().parent / image
        assert path.is_file() and path.stat().st_size < 150_000, image  # small enough to ship
    # The build carries every file under resources/ (packaging/trungtam_desktop.spec).
    spec = (ROOT / "packaging" / "trungtam_desktop.spec").read_text(encoding="utf-8")
    assert '_files(ROOT / "resources", ("*",), "resources")' in spec


def test_every_topic_is_a_section_of_the_guide() -> None:
    assert set(TOPICS.values()) <= guide_ids()
    for day_task in ("mo-lop", "nhap-danh-sach", "diem-danh", "ket-qua", "cap-giay", "in-giay", "bao-cao",
                     "sao-luu", "khoi-phuc"):  # fmt: skip
        assert day_task in guide_ids()


def test_every_window_has_a_section() -> None:
    """A new window or dialog gets its section of the guide here (ui/help/topics.py) or fails this test."""
    missing = []
    for name in catalogue.window_classes():
        module, _dot, class_name = name.rpartition(".")
        cls = getattr(__import__(module, fromlist=[class_name]), class_name)
        if not any(base.__name__ in TOPICS for base in cls.__mro__):
            missing.append(name)
    assert missing == []


@pytest.fixture(scope="module")
def scene(tmp_path_factory, qapp) -> Iterator[catalogue.Scene]:  # type: ignore[no-untyped-def]
    scene = catalogue.build_scene(tmp_path_factory.mktemp("help") / "data")
    yield scene
    scene.opened.close()


@pytest.fixture(autouse=True)
def close_help(gui_app) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The program's application wrapper installs the F1 key; every guide window is closed after."""
    yield
    for window in QApplication.topLevelWidgets():
        if isinstance(window, HelpWindow):
            window.close()


def _press_f1(qtbot, widget: QWidget) -> HelpWindow:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, Qt.Key.Key_F1)
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow) and w.isVisible()]
    assert len(shown) == 1
    return shown[0]


def _focus_target(window: QWidget) -> QWidget:
    """A widget the clerk would be typing in: the current page's table, else the window's first field."""
    page = window.tabs.currentWidget() if hasattr(window, "tabs") else window
    table = getattr(page, "table", None)
    if isinstance(table, QWidget):
        return table
    return window.focusWidget() or window


CASES = [
    ("trungtam_desktop.ui.main_window.MainWindow", None, "lop-hoc"),
    ("trungtam_desktop.ui.main_window.MainWindow", 1, "hoc-vien"),
    ("trungtam_desktop.ui.main_window.MainWindow", 2, "giang-vien"),
    ("trungtam_desktop.ui.classwork.window.ClassWorkWindow", 0, "lop-hoc-vien"),
    ("trungtam_desktop.ui.classwork.window.ClassWorkWindow", 1, "lich-hoc"),
    ("trungtam_desktop.ui.classwork.window.ClassWorkWindow", 2, "diem-danh"),
    ("trungtam_desktop.ui.classwork.window.ClassWorkWindow", 3, "ket-qua"),
    ("trungtam_desktop.ui.classwork.window.ClassWorkWindow", 4, "giay-chung-nhan"),
    ("trungtam_desktop.ui.import_export.import_wizard.ImportWizard", None, "nhap-danh-sach"),
    ("trungtam_desktop.ui.classwork.issue_dialog.IssueDialog", None, "cap-giay"),
    ("trungtam_desktop.ui.classwork.certificate_dialogs.ReissueDialog", None, "cap-lai-huy"),
    ("trungtam_desktop.ui.classwork.certificate_dialogs.VoidDialog", None, "cap-lai-huy"),
    ("trungtam_desktop.ui.classwork.certificate_dialogs.PrintOptionsDialog", None, "in-giay"),
    ("trungtam_desktop.ui.certificates.template_dialog.TemplateDialog", None, "in-giay"),
    ("trungtam_desktop.ui.certificates.lookup_dialog.LookupDialog", None, "tra-cuu"),
    ("trungtam_desktop.ui.reports.period_window.PeriodReportWindow", None, "bao-cao"),
    ("trungtam_desktop.ui.reports.pay_window.PayListWindow", None, "thu-lao"),
    ("trungtam_desktop.ui.safety.backup_dialog.BackupDialog", None, "sao-luu"),
    ("trungtam_desktop.ui.setup.wizard.SetupWizard", None, "thiet-lap"),
]


@pytest.mark.parametrize(
    ("name", "tab", "expected"), CASES, ids=[f"{c[0].rsplit('.', 1)[1]}-{c[1]}" for c in CASES]
)
def test_f1_opens_the_section_of_the_window_in_use(qtbot, scene, name, tab, expected) -> None:  # type: ignore[no-untyped-def]
    window, _states = catalogue.CATALOGUE[name](scene)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if tab is not None:
        window.tabs.setCurrentIndex(tab)
    target = _focus_target(window)
    assert topic_for(target) == expected
    guide = _press_f1(qtbot, target)
    assert guide.topic == expected
    assert guide.contents.currentItem().data(Qt.ItemDataRole.UserRole) == expected
    # Over a modal dialog the guide belongs to the dialog (not blocked by it); a window's is on its own.
    assert (guide.parentWidget() is None) or guide.parentWidget() is QApplication.activeModalWidget()


def test_f1_on_the_class_window_tab_bar_follows_the_page_shown(qtbot, scene) -> None:  # type: ignore[no-untyped-def]
    window, _states = catalogue.CATALOGUE["trungtam_desktop.ui.classwork.window.ClassWorkWindow"](scene)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(3)
    assert _press_f1(qtbot, window.tabs.tabBar()).topic == "ket-qua"
    window.tabs.setCurrentIndex(1)
    assert _press_f1(qtbot, window.tabs.tabBar()).topic == "lich-hoc"  # the same guide window, moved on


def test_the_guide_window_lists_its_sections_and_goes_to_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show()
    titles = [window.contents.item(i).text().strip() for i in range(window.contents.count())]
    assert "Thiết lập ban đầu" in titles and "Sao lưu dữ liệu ra USB" in titles
    row = titles.index("Sao lưu dữ liệu ra USB")
    window.contents.setCurrentRow(row)
    assert window.topic == "sao-luu"
    assert "Tệp → Sao lưu" in window.browser.toPlainText()


def test_the_guide_prints_as_a_pdf(qtbot) -> None:  # type: ignore[no-untyped-def]
    data = guide_pdf()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 5
    # Compared without spaces: the extraction splits some bold headings ("S ao lưu").
    text = "".join("".join((page.extract_text() or "").split()) for page in reader.pages)
    for heading in ("Hướng dẫn sử dụng", "Sao lưu dữ liệu ra USB", "Điểm danh", "Báo cáo định kỳ"):
        assert heading.replace(" ", "") in text
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 6  # the screenshots are in the printed guide too
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
