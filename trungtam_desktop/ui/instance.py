"""One program per data folder: a lock file, and a local socket that brings the first window forward.

``QLockFile`` writes the holder's process id, host and program name into ``trungtam.lock``; a lock left by
a program that crashed (its process is gone) is detected as stale and taken over. The stale time is 0: a
lock held by a live program is never treated as stale however long it runs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ALREADY_RUNNING = (
    "Chương trình đang mở trên thư mục dữ liệu này:\n{folder}\n\n"
    "Mỗi thư mục dữ liệu chỉ được mở bởi một cửa sổ chương trình, để dữ liệu không bị ghi chồng. "
    "Hãy dùng cửa sổ đang mở (đã được đưa lên trước, nếu có thể)."
)
_SHOW = b"show"


def server_name(lock_file: Path) -> str:
    """A local socket name unique to the data folder (and short enough for every platform)."""
    digest = hashlib.sha256(str(lock_file.resolve()).casefold().encode()).hexdigest()[:16]
    return f"trungtam-{digest}"


class InstanceLock(QObject):
    """Hold the data folder's lock for the program's lifetime. ``activation_requested`` fires when a
    second program on the same folder asks the first to show its window."""

    activation_requested = Signal()

    def __init__(self, lock_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock_file = lock_file
        self._lock = QLockFile(str(lock_file))
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    def acquire(self, *, listen: bool = True) -> bool:
        """True when this program now holds the lock (a stale lock from a crash is taken over).

        ``listen`` (the window program) also answers a second program's request to come forward."""
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        if not self._lock.tryLock(0):
            return False
        if listen:
            self._listen()
        return True

    def holder_pid(self) -> int | None:
        info = self._lock.getLockInfo()  # PySide6: (pid, hostname, appname); pid 0 when unknown
        pid = info[-3] if isinstance(info, tuple) and len(info) >= 3 else 0
        return int(pid) or None

    def _listen(self) -> None:
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
        if self._lock.isLocked():
            self._lock.unlock()
