"""The Giấy chứng nhận page: issue through the preview list, print, re-issue and void through the dialogs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.classwork_builder import build_class
from trungtam_desktop.domain.certificates import ReissueReason
from trungtam_desktop.domain.enums import CertificateStatus
from trungtam_desktop.ui.classwork import certificates_page as page_module
from trungtam_desktop.ui.classwork.certificate_dialogs import PrintOptionsDialog, ReissueDialog, VoidDialog
from trungtam_desktop.ui.classwork.certificates_page import CertificatesPage
from trungtam_desktop.ui.classwork.issue_dialog import IssueDialog
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.forms import set_combo_data
from trungtam_desktop.ui.preview import PreviewWindow


def _class(services, opened, scores):  # type: ignore[no-untyped-def]
    built = build_class(opened.database, learners=len(scores), sessions=4)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(
        built.class_id, {(e, component): s for e, s in zip(built.enrolment_ids, scores, strict=True)}
    )
    return built


def _page(qtbot, services, class_id):  # type: ignore[no-untyped-def]
    page = CertificatesPage(services, class_id)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def _answer(monkeypatch, dialog_type, fill) -> list[QDialog]:  # type: ignore[no-untyped-def]
    """Replace ``dialog_type.exec`` by filling the dialog as the clerk would, then pressing its OK button."""
    seen: list[QDialog] = []

    def run(dialog) -> int:  # type: ignore[no-untyped-def]
        seen.append(dialog)
        if fill(dialog) is False:
            return 0
        dialog._on_save()
        return int(dialog.result() == QDialog.DialogCode.Accepted)

    monkeypatch.setattr(dialog_type, "exec", run)
    return seen


def test_issue_print_reissue_and_void(qtbot, services, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened, [8.0, 4.0, 9.0])
    asked: list[str] = []  # issuing, re-issuing and voiding each say what they will do, then ask
    monkeypatch.setattr(messages, "confirm", lambda _parent, text, *a, **k: asked.append(text) or True)
    page = _page(qtbot, services, built.class_id)
    assert "chưa được cấp" in page.count_label.text()

    def tick_everyone_without_reason(dialog: IssueDialog) -> bool:
        texts = [dialog.model.item(r, 4).text() for r in range(dialog.model.rowCount())]
        assert texts.count("Đủ điều kiện") == 2  # the 4.0 essay is not eligible, with its reason shown
        dialog.model.item(texts.index(next(t for t in texts if t != "Đủ điều kiện")), 0).setCheckState(
            Qt.CheckState.Checked
        )
        assert "cần ghi lý do" in dialog.summary.text() and dialog.override.isEnabled()
        dialog.issued_on.set_date(date(2024, 6, 20))
        return True

    issues = _answer(monkeypatch, IssueDialog, tick_everyone_without_reason)
    monkeypatch.setattr(PrintOptionsDialog, "exec", lambda self: 0)  # no printing this time
    page.issue_button.click()
    assert "lý do" in issues[0].field_error("reason")  # refused: the dialog stays open, nothing written
    assert services.certificate_books.list(class_id=built.class_id) == []

    def with_reason(dialog: IssueDialog) -> bool:
        tick_everyone_without_reason(dialog)
        dialog.override.setText("Hội đồng xét đặc cách")
        return True

    _answer(monkeypatch, IssueDialog, with_reason)
    page.issue_button.click()
    lines = services.certificate_books.list(class_id=built.class_id)
    assert sorted(c.register_number for c in lines) == ["1/2024", "2/2024", "3/2024"]
    assert asked[-1].startswith(
        "Cấp 3 giấy chứng nhận, số 1–3/2024, ngày cấp 20/06/2024 — không hoàn tác được."
    )
    assert "Đã cấp 3 giấy chứng nhận" in page.status.text() and page.model.rowCount() == 3

    # Print the selected certificates on blank paper: the preview opens with one page each.
    _answer(monkeypatch, PrintOptionsDialog, lambda d: d.whole.setChecked(True))
    page.table.selectAll()
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(page.findChildren(PreviewWindow)), timeout=10000)
    assert page.findChildren(PreviewWindow)[0].page_count == 3
    assert all(c.reprint_count == 1 for c in services.certificate_books.list(class_id=built.class_id))

    # Re-issue the first one for an error, then void the new one.
    page.table.select_where(lambda c: c.register_number == "1/2024")

    def correction(dialog: ReissueDialog) -> bool:
        set_combo_data(dialog.reason, ReissueReason.ERROR)
        dialog.detail.setText("ghi sai ngày sinh")
        dialog.issued_on.set_date(date(2024, 7, 1))
        return True

    _answer(monkeypatch, ReissueDialog, correction)
    page.reissue_button.click()
    assert "thay giấy số 1/2024" in page.status.text()
    assert asked[-1].startswith("Cấp lại cho ") and "giấy mới số 4/2024, ngày cấp 01/07/2024" in asked[-1]
    # The new certificate goes straight to printing (the options dialog answered "whole" above).
    qtbot.waitUntil(lambda: len(page.findChildren(PreviewWindow)) == 2, timeout=10000)
    page.table.select_where(lambda c: c.register_number == "4/2024")
    assert page.void_button.isEnabled()
    _answer(monkeypatch, VoidDialog, lambda d: d.reason.setText("In hỏng phôi"))
    page.void_button.click()
    assert asked[-1].startswith("Hủy giấy chứng nhận số 4/2024") and "In hỏng phôi" in asked[-1]
    statuses = {c.register_number: c.status for c in services.certificate_books.list(class_id=built.class_id)}
    assert statuses == {
        "1/2024": CertificateStatus.REPLACED,
        "2/2024": CertificateStatus.ISSUED,
        "3/2024": CertificateStatus.ISSUED,
        "4/2024": CertificateStatus.VOID,
    }
    page.table.select_where(lambda c: c.register_number == "4/2024")
    assert not page.print_button.isEnabled() and not page.reissue_button.isEnabled()


def test_fields_only_printing_saves_the_printer_offset(qtbot, services, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened, [8.0])
    services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=date(2024, 6, 20))
    page = _page(qtbot, services, built.class_id)

    def fields_only(dialog: PrintOptionsDialog) -> bool:
        dialog.fields_only.setChecked(True)
        dialog.printer.setEditText("Canon LBP2900")
        dialog.offset_x.setValue(1.5)
        dialog.offset_y.setValue(-2.0)
        return True

    _answer(monkeypatch, PrintOptionsDialog, fields_only)
    opened_titles: list[str] = []
    real = page_module.show_document
    monkeypatch.setattr(
        page_module,
        "show_document",
        lambda parent, title, produce, name, **kw: (
            opened_titles.append(title) or real(parent, title, produce, name, **kw)
        ),
    )
    page.table.select_first_row()
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(page.findChildren(PreviewWindow)), timeout=10000)
    assert opened_titles == [f"Giấy chứng nhận – lớp {built.code} (phần điền vào phôi)"]
    assert services.certificate_printing.printer_offsets() == {"Canon LBP2900": (1.5, -2.0)}


def test_a_programme_without_certificates_says_so_and_offers_no_issue(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="HNQT-1", programme_code="HNQT", learners=2, sessions=1)
    page = _page(qtbot, services, built.class_id)
    assert not page.issue_button.isEnabled()
    assert "không cấp giấy chứng nhận" in page.count_label.text()
    assert "không cấp giấy chứng nhận" in page.issue_button.toolTip()
    page.setFocus()
    page.issue()  # Ctrl+N lands here too: no dialog, no error box (the autouse fixture would fail)


def test_issue_dialog_names_a_bad_date_and_a_bad_serial_and_writes_nothing(qtbot, services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened, [8.0, 9.0])
    plan = services.certificates.plan(built.class_id, date(2024, 6, 20))
    dialog = IssueDialog(services.certificates, plan)
    qtbot.addWidget(dialog)
    dialog.issued_on.set_text("31/02/2024")
    dialog._on_save()
    assert dialog.field_error("issued_on") and dialog.result() == 0
    dialog.issued_on.set_date(date(2024, 6, 20))
    dialog.serial.setText("không có số")
    dialog._on_save()
    assert "phần số" in dialog.field_error("serial") and dialog.result() == 0
    assert services.certificate_books.list(class_id=built.class_id) == []
