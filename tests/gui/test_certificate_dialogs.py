"""The lookup dialog and the template form (live preview, bad numbers named, saving a new version)."""

from __future__ import annotations

import os
from datetime import date

from PySide6.QtCore import Qt

from tests.classwork_builder import build_class
from trungtam_desktop.domain.certificate_layout import PrintMode, YearOnlyBirth
from trungtam_desktop.ui.certificates.lookup_dialog import LookupDialog
from trungtam_desktop.ui.certificates.template_dialog import TemplateDialog


def test_lookup_checks_a_typed_code_on_enter(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=1, sessions=1)
    services.attendance.mark_session_present(built.class_id, built.session_ids[0])
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(built.enrolment_ids[0], component): 7.5})
    (line,) = services.certificates.issue(
        built.class_id, list(built.enrolment_ids), issued_on=date(2024, 6, 20)
    )
    dialog = LookupDialog(services.certificate_books)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code, line.verify_code.lower())
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.result.isVisible() and "còn hiệu lực" in dialog.result.text()
    assert built.names[0] in dialog.result.text()
    dialog.code.setText("ZZZZZ-ZZZZZ")
    dialog.check()
    assert dialog.result.text().startswith("✘") and "Không có giấy" in dialog.result.text()
    # A name without tone marks lists the certificates found, with their state, and no verdict.
    given = built.names[0].split()[-1]
    dialog.code.setText(given.lower().replace("ư", "u").replace("á", "a").replace("ạ", "a"))
    dialog.check()
    assert dialog.model.rowCount() == 1 and not dialog.result.isVisible()
    assert dialog.model.items()[0].register_number == "1/2024" and dialog.found.text().startswith(
        "Tìm thấy 1"
    )


def test_template_form_previews_names_bad_cells_and_saves_a_new_version(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    dialog = TemplateDialog(services.certificate_printing)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.boxes.rowCount() == 13 and not dialog.preview.pixmap().isNull()
    assert dialog.preview_caption.text() == "Giấy chứng nhận mẫu (in toàn bộ)"
    dialog.mode.setCurrentIndex(dialog.mode.findData(PrintMode.FIELDS_ONLY.value))
    dialog.offset_x.setValue(1.5)
    dialog.refresh_preview()
    assert dialog.preview_caption.text().startswith("Trang căn chỉnh")
    dialog.boxes.item(0, 1).setText("mười")
    dialog.refresh_preview()
    assert "Họ và tên" in dialog.error.text() and "không phải số" in dialog.error.text()
    dialog.save()
    assert dialog.result() == 0 and services.certificate_printing.active_template().version == "1"  # nothing saved
    dialog.boxes.item(0, 1).setText("97,5")
    dialog.save()
    saved = services.certificate_printing.active_template()
    assert saved.version == "2" and saved.mode is PrintMode.FIELDS_ONLY and saved.offset_x_mm == 1.5
    assert saved.year_only_birth is YearOnlyBirth.DOTTED  # a new template's default
    assert saved.box("full_name").x_mm == 97.5


def test_template_dialog_sets_how_a_year_only_birth_fills_a_blank(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    dialog = TemplateDialog(services.certificate_printing)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.year_only.itemData(i) for i in range(dialog.year_only.count())] == [
        c.value for c in YearOnlyBirth
    ]
    dialog.mode.setCurrentIndex(dialog.mode.findData(PrintMode.FIELDS_ONLY.value))
    dialog.year_only.setCurrentIndex(dialog.year_only.findData(YearOnlyBirth.YEAR_WORD.value))
    assert dialog.template().year_only_birth is YearOnlyBirth.YEAR_WORD
    dialog.refresh_preview()
    assert not dialog.error.text()
    if os.environ.get("CERT_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["CERT_SHOTS"], "template_dialog.png"))
    dialog.save()
    assert services.certificate_printing.active_template().year_only_birth is YearOnlyBirth.YEAR_WORD
    again = TemplateDialog(services.certificate_printing)
    qtbot.addWidget(again)
    assert again.year_only.currentData() == YearOnlyBirth.YEAR_WORD.value
