"""Waiting for the shop's file without freezing the window, while an import writes to it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from greeter.ui.theme import plain_label

SHOW_AFTER_MS = 400  # a short wait shows nothing
TRY_EVERY_MS = 100
WAITING = (
    "An import is writing to the shop's file. What you just did is saved as soon as it "
    "has finished."
)


class LockWaitNotice(QDialog):
    """Says what a save is waiting for; Stop waiting (or Esc) gives up, and nothing is saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWindowTitle("Greeter: waiting for an import")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)  # no second save meanwhile
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        bar = QProgressBar()
        bar.setObjectName("noticeProgress")
        bar.setRange(0, 0)  # how long the import takes is not known: a busy bar
        bar.setTextVisible(False)
        bar.setAccessibleName("Waiting for an import")
        self.stop = QPushButton("Stop waiting")
        self.stop.setObjectName("secondary")
        # Mouse or Esc only: a card scanned meanwhile ends in Enter, which must not stop it.
        self.stop.setAutoDefault(False)
        self.stop.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stop.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.stop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(plain_label("Waiting for an import", "noticeTitle", wrap=True))
        layout.addWidget(plain_label(WAITING, "noticeHint", wrap=True))
        layout.addWidget(bar)
        layout.addLayout(buttons)
        self.setMinimumWidth(400)  # fits over a narrow panel


def wait_in_window(try_lock: Callable[[], bool], over: QWidget | None = None) -> bool:
    """Call `try_lock` every TRY_EVERY_MS, the window painting and answering meanwhile, until
    it takes the lock (True) or the person stops waiting (False, and nothing is saved).
    After SHOW_AFTER_MS a LockWaitNotice, centred `over` the window, says what is being
    waited for."""
    loop = QEventLoop()
    notice = LockWaitNotice(over)
    took = False

    def attempt() -> None:
        nonlocal took
        took = try_lock()
        if took:
            loop.quit()

    retry = QTimer(interval=TRY_EVERY_MS, timeout=attempt)
    notice.rejected.connect(loop.quit)
    retry.start()
    QTimer.singleShot(SHOW_AFTER_MS, notice, notice.show)
    loop.exec()
    retry.stop()
    notice.close()
    notice.deleteLater()
    return took
