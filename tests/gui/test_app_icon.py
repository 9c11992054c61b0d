"""The application icon from resources/icons is every window's icon."""

from __future__ import annotations

from trungtam_desktop.paths import resource


def test_windows_carry_the_application_icon(gui_app) -> None:  # type: ignore[no-untyped-def]
    assert resource("icons", "trungtam.png").is_file() and resource("icons", "trungtam.ico").is_file()
    icon = gui_app.app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).width() == 32
