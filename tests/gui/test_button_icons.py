"""Buttons show what they do: an issue, a void or a preview never carries the Save button's floppy disk,
also under a style that puts icons on dialog buttons (as some Windows themes and Linux desktops do)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QProxyStyle, QStyle

from tests.gui.catalogue import _issue, _print_options, _reissue, _unlock, _void, build_scene


class IconsOnButtons(QProxyStyle):
    def styleHint(self, hint, option=None, widget=None, returnData=None):  # type: ignore[no-untyped-def]
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)


@pytest.fixture
def icon_style(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    name = QApplication.style().name()
    QApplication.setStyle(IconsOnButtons(name))
    yield
    QApplication.setStyle(name)


@pytest.fixture
def scene(tmp_path, icon_style):  # type: ignore[no-untyped-def]
    scene = build_scene(tmp_path / "demo")
    yield scene
    scene.opened.close()


def test_issue_void_and_preview_buttons_carry_no_save_icon(qtbot, scene) -> None:  # type: ignore[no-untyped-def]
    save_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
    assert not save_icon.isNull()
    texts = set()
    for factory in (_issue, _reissue, _void, _print_options, _unlock):
        dialog, _states = factory(scene)
        qtbot.addWidget(dialog)
        button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        texts.add(button.text())
        assert button.icon().isNull(), button.text()
    assert texts == {"Cấp giấy…", "Cấp lại", "Hủy giấy", "Xem trước để in", "Đồng ý"}
    # A form that does save keeps the icon the style gives its Save button.
    from trungtam_desktop.ui.tabs.lecturers.dialogs import LecturerDialog

    form = LecturerDialog(scene.services.lecturers)
    qtbot.addWidget(form)
    assert not form.buttons.button(QDialogButtonBox.StandardButton.Save).icon().isNull()
