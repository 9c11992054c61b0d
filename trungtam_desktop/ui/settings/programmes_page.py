"""Settings page 2 — Chương trình đào tạo: the programme list on the left, the editor on the right.

Every programme is edited as an in-memory draft; nothing is written until the dialog's Lưu, which saves
each changed (or new) programme through ProgrammeService.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from trungtam_desktop.domain.enums import Grade, ProgrammeKind
from trungtam_desktop.domain.models import Programme
from trungtam_desktop.ui.common.table_model import OBJECT_ROLE, Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.settings.programme_editor import ProgrammeEditor

Key = int  # a saved programme's id, or a negative number for one added in this session


@dataclass(frozen=True)
class Entry:
    key: Key
    programme: Programme


def _list_name(entry: Entry) -> str:
    name = entry.programme.name.strip() or "(chương trình mới)"
    return name if entry.programme.active else f"{name} (ngừng dùng)"


LIST_COLUMNS: list[Column[Entry]] = [
    Column("Mã", lambda e: e.programme.code, width=64),
    Column("Tên chương trình", _list_name, tooltip=_list_name, width=200),
]

_GRADE_ORDER = list(Grade)


def comparable(programme: Programme) -> Programme:
    """The programme with its bands in a fixed order, so that an untouched draft equals its original."""
    return dataclasses.replace(
        programme, bands=tuple(sorted(programme.bands, key=lambda band: _GRADE_ORDER.index(band.grade)))
    )


class ProgrammesPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._originals: dict[Key, Programme | None] = {}
        self._drafts: dict[Key, Programme] = {}
        self._next_new_key = -1
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.list_model: ObjectTableModel[Entry] = ObjectTableModel(LIST_COLUMNS, self)
        self.list = ObjectTableView("settings_programmes")
        self.list.setModel(self.list_model)
        self.list.apply_default_widths(self.list_model)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.add_button = QPushButton("Thêm &chương trình")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Thêm một chương trình đào tạo mới")
        hint = QLabel("Chọn một chương trình để sửa.")
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        left = QWidget()
        left.setMinimumWidth(230)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        list_caption = QLabel("&Danh sách chương trình:")
        list_caption.setBuddy(self.list)
        left_layout.addWidget(list_caption)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(hint)
        left_layout.addWidget(self.add_button)

        self.editor = ProgrammeEditor()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([250, 800])
        layout = QHBoxLayout(self)
        layout.addWidget(self.splitter)

    def _connect_signals(self) -> None:
        self.list.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.editor.changed.connect(self._on_editor_changed)
        self.add_button.clicked.connect(self._on_add)

    # -- values --------------------------------------------------------------------------------------
    def load(self, programmes: list[Programme]) -> None:
        self._originals = {p.id: p for p in programmes if p.id is not None}
        self._drafts = dict(self._originals)  # type: ignore[arg-type]
        self.list_model.set_items([Entry(key, p) for key, p in self._drafts.items()])
        self.editor.setEnabled(bool(self._drafts))
        self.list.select_first_row()

    def changed_programmes(self) -> list[tuple[Key, Programme]]:
        """Drafts that differ from what was loaded (new ones included), in list order."""
        self.editor.finish_editing()
        changed = []
        for entry in self.list_model.items():
            original, draft = self._originals.get(entry.key), self._drafts[entry.key]
            if original is None or comparable(original) != comparable(draft):
                changed.append((entry.key, draft))
        return changed

    def all_programmes(self) -> list[Programme]:
        """Every programme as it would be after saving (for checks across programmes)."""
        return [self._drafts[entry.key] for entry in self.list_model.items()]

    def has_changes(self) -> bool:
        return bool(self.changed_programmes())

    def mark_saved(self, key: Key, saved: Programme) -> None:
        """After a programme was written: it becomes the new original (a new one gets its real id)."""
        assert saved.id is not None
        current = self.current_key()
        self._originals.pop(key, None)
        self._drafts.pop(key, None)
        self._originals[saved.id] = saved
        self._drafts[saved.id] = saved
        self.list_model.replace_item(lambda e: e.key == key, Entry(saved.id, saved))
        if current == key:
            self.editor.load(saved)

    def current_key(self) -> Key | None:
        entry = self.list.current_object()
        return entry.key if isinstance(entry, Entry) else None

    def select(self, key: Key) -> bool:
        return self.list.select_where(lambda e: e.key == key)

    # -- errors --------------------------------------------------------------------------------------
    def show_error(self, key: Key | None, field: str, message: str) -> None:
        if key is not None and key != self.current_key():
            self.select(key)
        self.editor.show_error(field, message)

    def clear_errors(self) -> None:
        self.editor.clear_errors()

    # -- slots ---------------------------------------------------------------------------------------
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = current.siblingAtColumn(0).data(OBJECT_ROLE) if current.isValid() else None
        if isinstance(entry, Entry):
            self.editor.load(self._drafts[entry.key])

    def _on_editor_changed(self) -> None:
        key = self.current_key()
        if key is None:
            return
        draft = self.editor.programme()
        self._drafts[key] = draft
        self.list_model.replace_item(lambda e: e.key == key, Entry(key, draft))

    def _on_add(self) -> None:
        key, self._next_new_key = self._next_new_key, self._next_new_key - 1
        programme = Programme(code="", name="", kind=ProgrammeKind.TRAINING)
        self._originals[key] = None
        self._drafts[key] = programme
        rows = [*self.list_model.items(), Entry(key, programme)]
        self.list_model.set_items(rows)
        self.editor.setEnabled(True)
        self.select(key)
        self.editor.code.setFocus()
