"""Issue 21 in the window: the settings page (communes served, validity, key), the forms' commune lists, the
validity lookup, the training record dialog, and the period report's package button."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QSpinBox

from tests.db.test_reorganisation import CENTRE
from tests.reorg_fixture import build_reorg_database
from trungtam_desktop.domain.organisation import CentreLevel
from trungtam_desktop.services.province.package_format import open_package
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.import_export import files as export_files
from trungtam_desktop.ui.reorganisation import files, settings_page, validity_dialog
from trungtam_desktop.ui.reorganisation import menu as reorg_menu
from trungtam_desktop.ui.reorganisation.area_dialog import AreaDialog
from trungtam_desktop.ui.reorganisation.training_dialog import TrainingRecordDialog
from trungtam_desktop.ui.reorganisation.validity_dialog import ValidityDialog
from trungtam_desktop.ui.reports.period_window import PeriodReportWindow
from trungtam_desktop.ui.settings.dialog import SettingsDialog
from trungtam_desktop.ui.tabs.classes.dialogs import ClassDialog
from trungtam_desktop.ui.tabs.learners.dialogs import LearnerDialog

SHOTS = os.environ.get("REORG_SHOTS")  # a folder: save screenshots there


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def ids(services):  # type: ignore[no-untyped-def]
    services.settings.save_centre(CENTRE)
    return build_reorg_database(services)


def _settings(qtbot, services) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(
        services.settings,
        services.programmes,
        today=date(2024, 11, 20),
        reorganisation=(services.organisation, services.validity, services.signing),
    )
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.reorganisation_page)
    dialog.show()
    return dialog


def test_settings_page_adds_edits_and_removes_service_areas(qtbot, services, ids, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = _settings(qtbot, services)
    page = dialog.reorganisation_page
    assert [a.valid_from for a in page.area_model.items()] == [
        date(2024, 8, 1),
        date(2020, 1, 1),
    ]  # newest first

    def fill(form: AreaDialog) -> int:
        assert form.communes.toPlainText() == "Xã Hiệp Thạnh\nXã Tân Hội mới"  # pre-filled from the latest
        form.valid_from.set_text("01/07/2025")
        form.level.setCurrentIndex(form.level.findData(CentreLevel.DISTRICT))
        form.communes.setPlainText("Xã Hiệp Thạnh\nxã hiệp thạnh\nXã Đức Trọng")
        form._on_save()  # every problem beside its field, nothing written
        assert "không còn cấp huyện" in form.field_error("level") and "trùng với" in form.field_error(
            "communes"
        )
        _shot(form, "area_dialog_errors")
        form.level.setCurrentIndex(form.level.findData(CentreLevel.COMMUNE))
        form.communes.setPlainText("Xã Hiệp Thạnh\nXã Đức Trọng")
        assert form.field_error("level") == ""  # the error goes with its cause
        form._on_save()
        return int(form.result() == 1)

    monkeypatch.setattr(AreaDialog, "exec", fill)
    page.add_area()
    areas = services.organisation.areas()
    assert [(a.valid_from, a.level) for a in areas][-1] == (date(2025, 7, 1), CentreLevel.COMMUNE)
    assert "Đã thêm danh sách địa bàn áp dụng từ 01/07/2025" in page.message.text()
    _shot(dialog, "settings_reorganisation")
    # remove the first list, after a question
    page.area_table.select_where(lambda a: a.valid_from == date(2020, 1, 1))
    asked: list[str] = []
    monkeypatch.setattr(
        settings_page.messages, "confirm", lambda _p, text, *_a, **_k: asked.append(text) or True
    )
    page.remove_area()
    assert "01/01/2020" in asked[0]
    assert services.organisation.areas()[0].valid_from == date(2024, 8, 1)


def test_settings_page_validity_and_key(qtbot, services, ids, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _settings(qtbot, services)
    page = dialog.reorganisation_page
    names = [page.validity_table.item(r, 0).text() for r in range(page.validity_table.rowCount())]
    spin = page.validity_table.cellWidget(names.index("Sơ cấp lý luận chính trị"), 1)
    assert isinstance(spin, QSpinBox) and spin.text() == "Không thời hạn"
    spin.setValue(24)
    assert dialog.has_changes()  # Hủy would ask before throwing the typed months away
    asked: list[str] = []
    monkeypatch.setattr(
        "trungtam_desktop.ui.common.forms.messages.confirm", lambda _p, t, *_a, **_k: asked.append(t) or False
    )
    dialog.reject()
    assert asked and dialog.isVisible()
    page.save_validity_button.click()
    assert {p.programme: p.months for p in services.validity.programme_validity()}[
        "Sơ cấp lý luận chính trị"
    ] == 24
    assert not dialog.has_changes()
    assert "chưa có khóa ký" in page.fingerprint.text() and page.make_key_button.isVisible()
    page.make_key_button.click()
    key = services.signing.public_key()
    assert (
        key is not None
        and key.fingerprint in page.fingerprint.text()
        and not page.make_key_button.isVisible()
    )
    out = tmp_path / "khoa.txt"
    monkeypatch.setattr(files, "choose_save_path", lambda *_a: out)
    page.export_key_button.click()
    assert key.line() in out.read_text(encoding="utf-8") and key.fingerprint in page.message.text()


def test_learner_and_class_forms_offer_the_communes_served(qtbot, services, ids) -> None:  # type: ignore[no-untyped-def]
    learner = services.learners.get(ids["X3"])
    form = LearnerDialog(services.learners, learner)
    qtbot.addWidget(form)
    choices = [form.commune.itemText(i) for i in range(form.commune.count())]
    assert choices == ["", "Xã Hiệp Thạnh", "Xã Tân Hội mới"]
    assert form.commune.currentText() == "Xã Liên Nghĩa"  # a record keeps what it had
    form.commune.setCurrentText("Phường Ngoài Tỉnh")  # free text for people from elsewhere
    assert form.collect().commune == "Phường Ngoài Tỉnh"
    programmes = services.programmes.list()
    klass = services.classes.get(ids["A"])
    class_form = ClassDialog(services.classes, programmes, [], klass)
    qtbot.addWidget(class_form)
    assert class_form.commune.currentText() == "Hiệp Thạnh"
    class_form.commune.setCurrentIndex(class_form.commune.findText("Xã Tân Hội mới"))
    assert class_form.collect().commune == "Xã Tân Hội mới"


def test_validity_lookup_and_expiring_list(qtbot, services, ids, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = ValidityDialog(services.validity, services.organisation, today=lambda: date(2024, 11, 20))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.programme.currentText().startswith("Bồi dưỡng nhận thức về Đảng (60 tháng)")
    dialog.cccd.setText("066000000004")
    dialog.on_day.set_text("29/09/2029")
    dialog.check_button.click()
    assert dialog.answer.text().startswith("✔ CÓ:") and dialog.held_model.rowCount() == 1
    _shot(dialog, "validity_lookup")
    dialog.on_day.set_text("30/09/2029")
    dialog.check_button.click()
    assert dialog.answer.text().startswith("✘ KHÔNG:")
    shown: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _p, text, *_a: shown.append(text))
    dialog.cccd.setText("123")
    dialog.check_button.click()
    assert shown and "12 chữ số" in shown[0]
    dialog.tabs.setCurrentIndex(1)
    dialog.months.setValue(60)
    dialog.commune.setCurrentText("hiep thanh")
    assert not dialog.pdf_button.isEnabled()
    dialog.list_button.click()
    assert dialog.expiring_model.rowCount() == 0  # the two certificates there have no end by default
    dialog.commune.setCurrentText("")
    dialog.list_button.click()
    assert [h.register_number for h in dialog.expiring_model.items()] == [
        "5/2024"
    ] and dialog.pdf_button.isEnabled()
    _shot(dialog, "validity_expiring")
    out = tmp_path / "het-han.xlsx"
    monkeypatch.setattr(export_files, "choose_save_file", lambda *_a: out)
    monkeypatch.setattr("trungtam_desktop.ui.import_export.menu.info", lambda *_a, **_k: None)
    dialog.xlsx_button.click()
    assert load_workbook(out).active.cell(5, 2).value == "Y Bhim Niê"
    produced: list[bytes] = []
    monkeypatch.setattr(
        validity_dialog, "show_document", lambda _p, _t, produce, _n: produced.append(produce())
    )
    dialog.pdf_button.click()
    assert produced[0].startswith(b"%PDF")


def test_training_record_dialog(qtbot, services, ids, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = TrainingRecordDialog(services.training_records, learner=services.learners.get(ids["X1"]))
    dialog.resize(1000, 620)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.selected.isChecked() and "Nguyễn Văn Hải" in dialog.selected.text()
    dialog.show_button.click()
    assert dialog.model.rowCount() == 3 and "1 người, 3 khóa học" in dialog.summary.text()
    dialog.pasted.setPlainText("001090000001\n001070000002\n999999999999")
    assert dialog.by_paste.isChecked()
    dialog.show_button.click()
    assert dialog.model.rowCount() == 5 and "999999999999" in dialog.summary.text()
    _shot(dialog, "training_records")
    out = tmp_path / "qtbd.xlsx"
    monkeypatch.setattr(export_files, "choose_save_file", lambda *_a: out)
    monkeypatch.setattr("trungtam_desktop.ui.import_export.menu.info", lambda *_a, **_k: None)
    dialog.xlsx_button.click()
    assert load_workbook(out)["Đào tạo, bồi dưỡng"].cell(5, 3).value == "Nguyễn Văn Hải"
    dialog.by_file.setChecked(True)
    shown: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _p, text, *_a: shown.append(text))
    dialog.show_button.click()
    assert shown == ["Hãy chọn tệp danh sách trước."]


def test_menu_entries(main_window, services) -> None:  # type: ignore[no-untyped-def]
    actions = reorg_menu.install_reorganisation_actions(main_window, services)
    assert [a.text() for a in actions] == [
        "Tra cứu &hiệu lực giấy chứng nhận…",
        "&Quá trình bồi dưỡng (xuất cho CSDL cán bộ)…",
    ]
    menu = main_window.data_menu.actions()
    assert menu.index(actions[1]) < menu.index(main_window.settings_action)


def test_period_report_window_writes_the_signed_package(qtbot, services, ids, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = PeriodReportWindow(services.report_documents, today=date(2024, 10, 2), now=services.context.now)
    qtbot.addWidget(window)
    button = reorg_menu.add_package_button(window, services.packages)
    window.show()
    assert button.isVisible() and button.text() == "&Gói gửi tỉnh (.ttct)…"
    _shot(window, "period_window_package")
    out = tmp_path / "goi.ttct"
    names: list[str] = []
    monkeypatch.setattr(files, "choose_save_path", lambda _p, _t, name, *_a: names.append(name) or out)
    told: list[str] = []
    monkeypatch.setattr(reorg_menu, "info", lambda _p, text, *_a: told.append(text))
    button.click()
    assert names == ["goi-bao-cao_trung-tam-chinh-tri-mau-son_2024-q3.ttct"]
    key = services.signing.public_key()
    assert key is not None and key.fingerprint in told[0]
    package = open_package(out.read_bytes(), {key.key_id: key})
    assert package.period == (2024, "q3", "end") and package.figures["totals"]["places"] == 5
    assert zipfile.is_zipfile(out)
