"""Upgrading an older shop's file before the window opens, with a notice on screen while it runs.

A chain-sized shop takes a minute or more (a copy of the file, then the new layout). Without
this, nothing would appear, and staff would think Greeter had not started.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget
from sqlite_utils import Migrations

from greeter.store.health import PendingUpgrade, open_database, pending_upgrade
from greeter.store.migrations import MIGRATIONS
from greeter.ui.screen_fit import free_on_screen
from greeter.ui.theme import busy_bar, notice_layout, plain_label

TITLE = "Updating the shop's file"
SHOW_AFTER_MS = 300  # a quick upgrade is over before a window could be read


class UpgradeNotice(QWidget):
    """Says what is happening and that it happens once; it cannot be closed halfway."""

    def __init__(self, path: Path, upgrade: PendingUpgrade) -> None:
        super().__init__(None, Qt.WindowType.Dialog)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # the window comes next
        self.setWindowTitle("Greeter: updating the shop's file")
        self._started = time.monotonic()
        layout = notice_layout(self, TITLE)
        layout.addWidget(
            plain_label(  # the file's name as plain text, whatever it holds
                f"Greeter is bringing {path.name} up to this version. This happens once; a "
                "large shop can take a minute or two. Please leave the computer on.",
                "noticeHint",
                wrap=True,
            )
        )
        kept = f"A copy from before the update is kept in {upgrade.backups}."
        layout.addWidget(plain_label(kept, "noticeAside", wrap=True))
        layout.addWidget(busy_bar(TITLE))
        self.elapsed = plain_label("", "noticeAside")
        layout.addWidget(self.elapsed)
        self.setMinimumWidth(520)
        self._tick()
        self._clock = QTimer(self, interval=1000, timeout=self._tick)
        self._clock.start()

    def _tick(self) -> None:
        seconds = round(time.monotonic() - self._started)  # Qt's timers may fire a little early
        self.elapsed.setText(f"Working… {seconds // 60}:{seconds % 60:02d}")

    def show_centred(self) -> None:
        self.adjustSize()
        screen = free_on_screen(self)
        self.move(screen.center() - self.rect().center())
        self.show()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        event.setAccepted(not self._clock.isActive())  # stopping halfway would gain nothing

    def finish(self) -> None:
        self._clock.stop()
        self.close()


class _Upgrade(QObject):
    done = Signal(object)  # the exception that stopped it, or None

    def __init__(self, path: Path, migrations: Migrations) -> None:
        super().__init__()
        self._path = path
        self._migrations = migrations

    def run(self) -> None:
        # A Database belongs to the thread that opened it: this one is closed here, and the
        # window opens the upgraded file afresh.
        try:
            open_database(self._path, migrations=self._migrations).db.close()
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            self.done.emit(error)
        else:
            self.done.emit(None)


def upgrade_with_notice(
    path: Path, *, migrations: Migrations = MIGRATIONS, show_after_ms: int = SHOW_AFTER_MS
) -> None:
    """When `path` is an older Greeter file, copy it aside and upgrade it on a worker thread
    while the event loop runs, showing UpgradeNotice if that takes over `show_after_ms`.
    Returns once it is done; what stopped it is raised here, as opening would raise it."""
    upgrade = pending_upgrade(path, migrations)
    if upgrade is None:
        return
    job = _Upgrade(path, migrations)
    notice = UpgradeNotice(path, upgrade)
    outcome: list[BaseException | None] = []
    loop = QEventLoop()

    def finished(error: BaseException | None) -> None:
        outcome.append(error)
        loop.quit()

    job.done.connect(finished, Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(show_after_ms, notice, lambda: outcome or notice.show_centred())
    QThreadPool.globalInstance().start(job.run)
    loop.exec()
    notice.finish()
    notice.deleteLater()
    if outcome[0] is not None:
        raise outcome[0]
