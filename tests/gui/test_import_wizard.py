"""The import wizard driven as the clerk does: choose a file, confirm the columns, check the rows, import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.db.classwork_support import make_class
from tests.import_fixtures import commune_list, legacy_list
from trungtam_desktop.domain.import_plan import RowStatus
from trungtam_desktop.domain.sheet_columns import IGNORED, NAME
from trungtam_desktop.ui.classwork.roster_page import RosterPage
from trungtam_desktop.ui.import_export import files, import_wizard, menu
from trungtam_desktop.ui.import_export.import_wizard import ImportWizard, column_letter

SHOTS = Path("/tmp/import_shots")


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


def wait_idle(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.task is not None and wizard.task.done, timeout=20_000)


@pytest.fixture
def wizard(qtbot, gui_app, services):  # type: ignore[no-untyped-def]
    dialog = ImportWizard(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(import_wizard, "info", lambda _parent, text, _title="": shown.append(text))
    monkeypatch.setattr(import_wizard, "show_error", lambda _parent, error: shown.append(str(error)))
    return shown


def click_and_wait(qtbot, wizard: ImportWizard, button) -> None:  # type: ignore[no-untyped-def]
    """Press a button that starts background work, and wait for that work to finish."""
    before = wizard.task
    assert button.isEnabled() and button.isVisible()
    button.click()
    assert wizard.task is not before, "no background work started"
    wait_idle(qtbot, wizard)


def read(qtbot, wizard: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard.path_edit.setText(str(path))
    click_and_wait(qtbot, wizard, wizard.next_button)


def check(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    click_and_wait(qtbot, wizard, wizard.next_button)


def test_commune_list_from_file_to_import(qtbot, wizard, services, messages, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shot(wizard, "1-chon-tep")
    read(qtbot, wizard, commune_list(tmp_path / "Danh sách xã Hiệp Thạnh.xlsx"))
    assert wizard.pages.currentIndex() == 1, messages
    assert wizard.step_label.text() == "Bước 2/3 – Xác nhận các cột"
    assert [c.currentText() for c in wizard.combos] == [
        "(Không nhập)", "Họ và tên", "Năm sinh – Nam", "Năm sinh – Nữ", "Đơn vị công tác", "Ghi chú",
    ]  # fmt: skip
    assert "dòng tiêu đề là dòng 7 và 8" in wizard.layout_label.text()
    assert wizard.preview_table.model().rowCount() == 6  # the rows of the list, not "Tổng cộng" below it
    assert wizard.preview_table.model().index(0, 1).data() == "Nguyễn Văn An"
    shot(wizard, "2-ghep-cot")

    check(qtbot, wizard)
    assert wizard.pages.currentIndex() == 2, messages
    assert wizard.plan_model.rowCount() == 6
    assert "6 dòng: 4 hồ sơ mới, 1 trùng dòng khác trong danh sách, 1 lỗi." in wizard.summary_label.text()
    assert wizard.import_button.text() == "Nhập 4 dòng hợp lệ" and wizard.import_button.isEnabled()
    assert "Tổng cộng" in wizard.notes_label.text()
    shot(wizard, "3-kiem-tra")

    wizard.filter_combo.setCurrentIndex(1)
    assert [row.status for row in wizard.plan_model.items()] == [RowStatus.DUPLICATE, RowStatus.ERROR]
    saved = tmp_path / "loi.xlsx"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: saved)
    wizard.save_rejected_button.click()
    assert [r[0] for r in load_workbook(saved).active.iter_rows(min_row=3, values_only=True)] == [14, 15]

    click_and_wait(qtbot, wizard, wizard.import_button)
    assert wizard.outcome is not None and wizard.outcome.created == 4
    assert messages and messages[-1].startswith("Đã tạo 4 hồ sơ học viên mới.")
    assert services.learners.count() == 4
    assert not wizard.isVisible()


def test_legacy_encoding_is_shown_before_import(qtbot, wizard, messages, tmp_path) -> None:  # type: ignore[no-untyped-def]
    read(qtbot, wizard, legacy_list(tmp_path / "cu.xlsx", "tcvn3"))
    check(qtbot, wizard)
    assert not wizard.encoding_label.isHidden()
    text = wizard.encoding_label.text()
    assert "TCVN3" in text and "“Ph¹m Ngäc ¸nh” → “Phạm Ngọc Ánh”" in text
    assert next(row.full_name for row in wizard.plan_model.items()) == "Phạm Ngọc Ánh"
    assert wizard.import_button.text() == "Nhập 3 học viên"
    shot(wizard, "4-bang-ma-cu")


def test_bad_file_shows_the_reason_and_stays(qtbot, wizard, messages, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "anh.xlsx"
    fake.write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    read(qtbot, wizard, fake)
    assert wizard.pages.currentIndex() == 0
    assert "không phải tệp Excel .xlsx" in messages[-1]
    wizard.path_edit.setText(str(tmp_path / "khong-co.xlsx"))
    wizard.next_button.click()
    assert wizard.error_label.text().startswith("Không tìm thấy tệp")


def test_mapping_can_be_changed_and_is_checked(qtbot, wizard, messages, tmp_path) -> None:  # type: ignore[no-untyped-def]
    read(qtbot, wizard, commune_list(tmp_path / "xa.xlsx"))
    wizard.set_column(5, NAME)  # "Ghi chú" chosen as the name too
    wizard.next_button.click()
    assert wizard.error_label.text() == "Mỗi loại cột chỉ được chọn một lần; đang bị chọn hai lần: Họ và tên."
    wizard.set_column(5, IGNORED)
    wizard.set_column(1, IGNORED)
    check(qtbot, wizard)
    assert wizard.pages.currentIndex() == 1
    assert "Chưa chọn cột “Họ và tên”" in messages[-1]


def test_import_into_this_class_from_the_roster(qtbot, gui_app, services, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-40", date(2024, 12, 2), date(2024, 12, 6))
    page = RosterPage(services, class_id)
    qtbot.addWidget(page)
    path = commune_list(tmp_path / "xa.xlsx")
    seen: list[str] = []
    monkeypatch.setattr(import_wizard, "info", lambda _parent, text, _title="": seen.append(text))

    def drive(self: ImportWizard) -> int:
        self.show()  # what exec() would do before its loop
        assert self.class_combo.currentData() == class_id and not self.class_combo.isEnabled()
        read(qtbot, self, path)
        check(qtbot, self)
        assert self.plan is not None and self.plan.class_code == "NTVD-2024-40"
        click_and_wait(qtbot, self, self.import_button)
        return 1

    monkeypatch.setattr(ImportWizard, "exec", drive)
    page.import_button.click()
    assert {entry.full_name for entry in page.model.items()} == {
        "Nguyễn Văn An", "Trần Thị Bình", "Le Van Cuong", "Phạm Thị Dung",
    }  # fmt: skip
    assert seen and "xếp 4 học viên vào lớp" in seen[0]


def test_data_menu_exports_and_undo(qtbot, main_window, services, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    actions = menu.install_import_export_actions(main_window, services)
    texts = [a.text() for a in main_window.data_menu.actions() if a.text()]
    assert texts[:5] == [
        "&Nhập danh sách học viên…", "&Hoàn tác lần nhập danh sách…", "&Xuất danh sách học viên ra Excel…",
        "Xuất danh sách &lớp học ra Excel…", "Tải &mẫu danh sách để nhập…",
    ]  # fmt: skip
    told: list[str] = []
    monkeypatch.setattr(menu, "info", lambda _parent, text, _title="": told.append(text))
    template = tmp_path / "mau.xlsx"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: template)
    actions["template"].trigger()
    assert told[-1] == f"Đã lưu vào tệp:\n{template}"
    assert services.learner_import.open(template).layout.columns[1] == NAME

    importer = services.learner_import
    importer.apply(importer.dry_run(importer.open(commune_list(tmp_path / "xa.xlsx"))), valid_only=True)
    learners = tmp_path / "hv.xlsx"
    monkeypatch.setattr(files, "choose_save_file", lambda *_args: learners)
    actions["export_learners"].trigger()
    assert load_workbook(learners).active.max_row == 5

    dialog = menu.UndoImportDialog(services, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 1 and dialog.undo_button.isEnabled()
    shot(dialog, "5-hoan-tac")
    monkeypatch.setattr(menu, "confirm", lambda *_args, **_kwargs: True)
    dialog.undo_button.click()
    assert services.learners.count() == 0
    assert told[-1].endswith("đã xóa 4 hồ sơ mới và 0 lượt xếp lớp.")
    assert not dialog.undo_button.isEnabled()


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]


def test_rows_to_check_are_settled_by_the_clerk(qtbot, wizard, services, messages, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.db.classwork_support import make_learner
    from tests.import_fixtures import simple_list

    first = make_learner(services, "Lê Thị Hoa", 1985, unit="Thôn 1")
    make_learner(services, "Lê Thị Hoa", 1985, unit="Thôn 9")
    make_learner(services, "Trần Văn Khải", 1970)
    path = simple_list(
        tmp_path / "ds.xlsx",
        [(1, "Lê Thị Hoa", 1985, "Nữ"), (2, "Trần Văn Khải", None, "Nam"), (3, "Lò Văn Ba", 1990)],
    )
    read(qtbot, wizard, path)
    check(qtbot, wizard)
    assert wizard.import_button.text() == "Nhập 1 dòng hợp lệ"
    assert not wizard.choice_box.isHidden()
    assert wizard.choice_label.text() == "Dòng 4 – “Lê Thị Hoa” là:"
    choices = [wizard.choice_combo.itemText(i) for i in range(wizard.choice_combo.count())]
    assert choices == [
        "— chưa chọn, không nhập dòng này —", "Lê Thị Hoa, sinh 1985, Thôn 1", "Lê Thị Hoa, sinh 1985, Thôn 9",
        "Một người khác: tạo hồ sơ mới",
    ]  # fmt: skip
    shot(wizard, "6-chon-ho-so")
    wizard.choice_combo.setCurrentIndex(1)
    wizard.choice_combo.activated.emit(1)
    assert wizard.plan.rows[0].status is RowStatus.EXISTING and wizard.plan.rows[0].learner_id == first
    wizard.plan_table.selectRow(1)
    wizard.choose(None)  # "Trần Văn Khải" without a birth: a different person
    assert wizard.plan.rows[1].status is RowStatus.NEW
    assert wizard.import_button.text() == "Nhập 3 học viên"
    click_and_wait(qtbot, wizard, wizard.import_button)
    assert (wizard.outcome.created, wizard.outcome.matched) == (2, 1)
    assert services.learners.count() == 5


def test_the_check_step_names_the_columns_not_imported_and_reads_party_dates(  # type: ignore[no-untyped-def]
    qtbot, wizard, messages, tmp_path
) -> None:
    from openpyxl import Workbook

    from tests.import_fixtures import TITLE_ROWS, save

    workbook = Workbook()
    sheet = workbook.active
    for row in (
        *TITLE_ROWS,
        ("STT", "Họ và tên", "Năm sinh", None, "Ngày vào Đảng", "Năm vào Đoàn", "Chi bộ"),
        (None, None, "Nam", "Nữ", None, None, None),
        (1, "Nguyễn Văn An", 1995, None, "02/03/2024", 2010, "Chi bộ thôn 1"),
        (2, "Trần Thị Bình", None, 1998, "15/01/2022", 2012, "Chi bộ thôn 2"),
    ):
        sheet.append(row)
    read(qtbot, wizard, save(workbook, tmp_path / "dang vien moi.xlsx"))
    assert wizard.columns()[4] == "party_join_date"  # "Ngày vào Đảng" is read, not dropped
    check(qtbot, wizard)
    assert "Bỏ qua cột: “Năm vào Đoàn” (cột F)" in wizard.notes_label.text(), messages
    assert [row.learner.party_status.label for row in wizard.plan.rows] == [
        "Đảng viên dự bị",
        "Đảng viên chính thức",
    ]
    shot(wizard, "2-bo-qua-cot")
