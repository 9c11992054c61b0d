"""trungtam_desktop — offline desktop program for a Vietnamese political training centre."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("trungtam-desktop")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"

APP_NAME = "trungtam_desktop"
APP_DISPLAY_NAME = "Quản lý Trung tâm chính trị"
