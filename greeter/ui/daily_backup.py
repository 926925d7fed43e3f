"""The day's backup, made on a worker thread with its own connection so the window opens at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from greeter.store import Store
from greeter.store.backup import start_up_backup


class DailyBackup(QObject):
    finished = Signal(str)  # what went wrong in words, or "" when the backup is made (or was)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = Path(db_path)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._run)

    def _run(self) -> None:
        # A Database belongs to the thread that opened it: this one opens its own.
        store = Store(self._path, already_open=True)
        try:
            start_up_backup(store)
            problems = [w for w in store.warnings if w.startswith("Today's backup")]
        finally:
            store.close()
        self.finished.emit(" ".join(problems))
