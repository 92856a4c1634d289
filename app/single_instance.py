"""One window per database: a second start on the same file brings the first window forward instead of
opening the file twice (two windows would each trust their own view of it).

A local socket (a named pipe on Windows) named after the file's path is the sign that a window has it.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QCryptographicHash, QObject, pyqtSignal
from PyQt6.QtNetwork import QLocalServer, QLocalSocket

_WAIT_MS = 500


def server_name(db_path: Path) -> str:
    key = str(db_path.resolve()).lower().encode("utf-8")  # Windows paths differ only in case
    # (Qt's hash rather than hashlib, which loads OpenSSL: 2 ms more before the window shows.)
    digest = QCryptographicHash.hash(key, QCryptographicHash.Algorithm.Sha256).toHex().data().decode()
    return "village-ledger-" + digest[:20]


class InstanceGuard(QObject):
    """`another_is_running()` asks a running window to come forward; `listen()` makes this one the window."""

    raise_requested = pyqtSignal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)

    def another_is_running(self) -> bool:
        socket = QLocalSocket(self)
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_WAIT_MS):
            return False
        socket.write(b"raise\n")
        socket.waitForBytesWritten(_WAIT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        QLocalServer.removeServer(self.name)  # a socket file left by a crashed window (Linux)
        return self.server.listen(self.name)

    def _on_connection(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_message(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_message(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll()).startswith(b"raise"):
            self.raise_requested.emit()
