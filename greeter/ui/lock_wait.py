"""Waiting for the shop's file without freezing the window, while an import writes to it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from greeter.ui.theme import busy_bar, notice_layout, plain_label

SHOW_AFTER_MS = 400  # a short wait shows nothing
TRY_EVERY_MS = 100
TITLE = "Waiting for an import"
WAITING = (
    "An import is writing to the shop's file. What you just did is saved as soon as it "
    "has finished."
)


class LockWaitNotice(QDialog):
    """Says what a save is waiting for; Stop waiting (or Esc) gives up, and nothing is saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Greeter: waiting for an import")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)  # no second save meanwhile
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.stop = QPushButton("Stop waiting")
        self.stop.setObjectName("secondary")
        # Mouse or Esc only: a card scanned meanwhile ends in Enter, which must not stop it.
        self.stop.setAutoDefault(False)
        self.stop.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stop.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.stop)
        layout = notice_layout(self, TITLE)
        layout.addWidget(plain_label(WAITING, "noticeHint", wrap=True))
        layout.addWidget(busy_bar(TITLE))
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
