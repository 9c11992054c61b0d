"""One service area: from which day a level and a list of communes served apply (a form, saved at once)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.organisation import REORGANISATION_DAY, CentreLevel, ServiceArea, validate_areas
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog, enum_combo, enum_data, set_combo_data

HINT = (
    "Mỗi dòng một xã, phường hoặc đặc khu, ghi như trên giấy tờ (ví dụ “Xã Hiệp Thạnh”, “Phường 1”). "
    "Danh sách này áp dụng từ ngày đã chọn đến khi có danh sách mới; hồ sơ đã ghi trước đó giữ nguyên."
)


class AreaDialog(FormDialog):
    """``area`` None adds a change (pre-filled from ``template``, the latest list); ``others`` are the
    other areas, kept as they are; ``save_all`` writes the whole dated list (the service checks it)."""

    def __init__(
        self,
        others: Sequence[ServiceArea],
        save_all: Callable[[list[ServiceArea]], list[ServiceArea]],
        parent: QWidget | None = None,
        *,
        area: ServiceArea | None = None,
        template: ServiceArea | None = None,
        today: date,
    ) -> None:
        super().__init__("Sửa địa bàn phục vụ" if area else "Thêm thay đổi địa bàn phục vụ", parent)
        self._others = list(others)
        self._save_all = save_all
        self.valid_from = self.add_row(
            "valid_from",
            "Áp dụng từ ngày",
            DateField("valid_from", "Ngày áp dụng", required=True),
            required=True,
        )
        self.level = self.add_row("level", "Cấp của trung tâm", enum_combo(CentreLevel), required=True)
        self.communes = self.add_row(
            "communes", "Xã, phường, đặc khu phục vụ", QPlainTextEdit(), required=True
        )
        self.communes.setTabChangesFocus(True)
        self.communes.setMinimumHeight(170)
        self.communes.setPlaceholderText("Xã Hiệp Thạnh\nXã Liên Nghĩa\n…")
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.forms[0].addRow("", hint)
        start = area or template
        if start is not None:
            set_combo_data(self.level, start.level)
            self.communes.setPlainText("\n".join(start.communes))
        if area is not None:
            self.valid_from.set_date(area.valid_from)
        else:
            day = today
            self.valid_from.set_date(day)
            if template is None or day >= REORGANISATION_DAY:
                set_combo_data(
                    self.level, CentreLevel.COMMUNE if day >= REORGANISATION_DAY else CentreLevel.DISTRICT
                )
        self.resize(620, self.height())
        self.valid_from.setFocus()

    def collect(self) -> ServiceArea:
        valid_from = self.read(self.valid_from.value, None)
        level = enum_data(self.level, CentreLevel)
        lines = tuple(line for line in self.communes.toPlainText().splitlines() if line.strip())
        if valid_from is None or level is None:
            raise ValidationError("valid_from", "Ngày áp dụng không được để trống.")
        return ServiceArea(valid_from, level, lines)

    def validate(self, area: ServiceArea) -> None:
        validate_areas([*self._others, area])

    def save(self, area: ServiceArea) -> ServiceArea:
        saved = self._save_all([*self._others, area])
        return next(a for a in saved if a.valid_from == area.valid_from)
