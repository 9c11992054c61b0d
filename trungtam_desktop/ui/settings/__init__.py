"""The Settings dialog (Dữ liệu → Cài đặt)."""

from trungtam_desktop.ui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
