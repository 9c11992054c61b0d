"""Vietnamese for Qt's own texts (standard buttons, context menus, dialogs).

Qt ships no Vietnamese translation, so a small in-memory translator answers the strings a clerk can meet.
Anything not listed falls through to Qt's English, which the tests look for on every dialog we open.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

_TEXTS: dict[str, str] = {
    # QPlatformTheme / QDialogButtonBox / QMessageBox standard buttons
    "OK": "Đồng ý",
    "Save": "Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "Yes": "Có",
    "Yes to All": "Có tất cả",
    "No": "Không",
    "No to All": "Không tất cả",
    "Abort": "Dừng",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Close": "Đóng",
    "Cancel": "Hủy",
    "Discard": "Bỏ",
    "Don't Save": "Không lưu",
    "Close without Saving": "Đóng không lưu",
    "Help": "Trợ giúp",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
    # QMessageBox
    "Show Details...": "Xem chi tiết...",
    "Hide Details...": "Ẩn chi tiết...",
    "About Qt": "Về Qt",
    # QLineEdit / QWidgetTextControl context menu
    "Undo": "Hoàn tác",
    "Redo": "Làm lại",
    "Cut": "Cắt",
    "Copy": "Sao chép",
    "Paste": "Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    "Copy Link Location": "Sao chép địa chỉ liên kết",
    "Insert Unicode control character": "Chèn ký tự điều khiển Unicode",
    # QFileDialog (non-native) and common dialogs
    "Look in:": "Tìm trong:",
    "File name:": "Tên tệp:",
    "Files of type:": "Loại tệp:",
    "Directory:": "Thư mục:",
    "File &name:": "Tên tệp:",
    "Back": "Quay lại",
    "Forward": "Tiếp",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "New Folder": "Thư mục mới",
    "List View": "Dạng danh sách",
    "Detail View": "Dạng chi tiết",
    "Name": "Tên",
    "Size": "Kích thước",
    "Type": "Loại",
    "Date Modified": "Ngày sửa",
    "All Files (*)": "Mọi tệp (*)",
    "Choose": "Chọn",
    "Rename": "Đổi tên",
    "Show hidden files": "Hiện tệp ẩn",
    "Recent Places": "Nơi gần đây",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
    "Drive": "Ổ đĩa",
    "File": "Tệp",
    "Folder": "Thư mục",
    "Unknown": "Không rõ",
    # QProgressDialog, QPrintDialog, QPageSetupDialog
    "Print": "In",
    "Printer": "Máy in",
    "Properties": "Thuộc tính",
    "Options": "Tùy chọn",
    "Copies": "Số bản",
    "Pages": "Trang",
    "Page Setup": "Thiết lập trang",
    "Print to File (PDF)": "In ra tệp (PDF)",
    "Portrait": "Dọc",
    "Landscape": "Ngang",
    # QCalendarWidget navigation tool tips
    "Previous Month": "Tháng trước",
    "Next Month": "Tháng sau",
    "Today": "Hôm nay",
}


def _bare(text: str) -> str:
    """Qt marks shortcuts with & and sometimes appends a tab and key name."""
    return text.split("\t", 1)[0].replace("&", "")


class VietnameseQtTranslator(QTranslator):
    """Answers Qt's own strings in Vietnamese; returns None (no translation) for everything else."""

    def translate(  # type: ignore[override]
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        translated = _TEXTS.get(_bare(source_text))
        if translated is None:
            return None
        # Keep the shortcut key sequence Qt appends (e.g. "Copy\tCtrl+C").
        if "\t" in source_text:
            return f"{translated}\t{source_text.split(chr(9), 1)[1]}"
        return translated

    def isEmpty(self) -> bool:
        return False


def install_vietnamese(app: QCoreApplication) -> VietnameseQtTranslator:
    """Vietnamese locale (dates, calendar month names) and Qt's own texts. Keep the returned object alive."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = VietnameseQtTranslator(app)
    app.installTranslator(translator)
    return translator
