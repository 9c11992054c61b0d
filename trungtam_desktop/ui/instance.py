"""One program per data folder: the folder's lock (``folder_lock``), and a local socket that brings the
first window forward when a second program is started on the same folder.

The lock is the operating system's file lock, so a lock left by a crash or a power cut never blocks the
next start, even when Windows gives the new program the process id recorded in the old lock.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from trungtam_desktop.folder_lock import WINDOW, FolderLock, Holder

ALREADY_RUNNING = (
    "Chương trình đang mở trên thư mục dữ liệu này:\n{folder}\n\n"
    "Mỗi thư mục dữ liệu chỉ được mở bởi một cửa sổ chương trình, để dữ liệu không bị ghi chồng. "
)
SHOWN = "Hãy dùng cửa sổ đang mở (đã được đưa lên trước)."
NOT_SHOWN = (
    "Không liên lạc được với cửa sổ đó để đưa nó lên trước ({holder}). Hãy tìm nó trên thanh tác vụ; "
    "nếu không thấy cửa sổ nào, hãy chờ một lát rồi mở lại chương trình."
)
_SHOW = b"show"


def already_running_message(folder: Path, holder: Holder | None, shown: bool) -> str:
    """What a second program says before it leaves: whether the first window was really brought forward."""
    text = ALREADY_RUNNING.format(folder=folder)
    if shown:
        return text + SHOWN
    return text + NOT_SHOWN.format(holder=holder.describe() if holder else "không rõ chương trình nào")


def server_name(lock_file: Path) -> str:
    """A local socket name unique to the data folder (and short enough for every platform)."""
    digest = hashlib.sha256(str(lock_file.resolve()).casefold().encode()).hexdigest()[:16]
    return f"trungtam-{digest}"


class InstanceLock(QObject):
    """Hold the data folder's lock for the program's lifetime. ``activation_requested`` fires when a
    second program on the same folder asks the first to show its window."""

    activation_requested = Signal()

    def __init__(self, lock_file: Path, parent: QObject | None = None, *, purpose: str = WINDOW) -> None:
        super().__init__(parent)
        self.lock_file = lock_file
        self.folder_lock = FolderLock(lock_file, purpose)
        self._server: QLocalServer | None = None

    def acquire(self, *, listen: bool = True) -> bool:
        """True when this program now holds the lock (a lock left by a crash is taken over).

        ``listen`` (the window program) also answers a second program's request to come forward."""
        if not self.folder_lock.try_acquire():
            return False
        if listen:
            self.start_listening()
        return True

    def holder(self) -> Holder | None:
        return self.folder_lock.holder()

    def holder_pid(self) -> int | None:
        holder = self.holder()
        return holder.pid if holder else None

    def start_listening(self) -> None:
        """Answer a second program's request to come forward (called by ``acquire``, or after the lock was
        taken by waiting in the background)."""
        name = server_name(self.lock_file)
        QLocalServer.removeServer(name)  # a socket file left by a crash (Unix) would block listen()
        server = QLocalServer(self)
        if server.listen(name):
            server.newConnection.connect(self._on_connection)
            self._server = server

    def _on_connection(self) -> None:
        """A second program connected: read its short request (it writes at once), then let it go."""
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            arrived = socket.bytesAvailable() > 0 or socket.waitForReadyRead(500)
            if arrived and bytes(socket.readAll().data()).startswith(_SHOW):
                self.activation_requested.emit()
            socket.close()
            socket.deleteLater()

    def ask_first_to_show(self, timeout_ms: int = 1000) -> bool:
        """From a second program: ask the one holding the lock to bring its window forward."""
        socket = QLocalSocket()
        socket.connectToServer(server_name(self.lock_file))
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(_SHOW)
        sent = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(timeout_ms)
        socket.close()
        return sent

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self.folder_lock.release()
