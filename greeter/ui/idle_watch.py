"""Noticing when nobody has touched the counter for a while, so the card can hide itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatch(QObject):
    """Emits `hide_due` and later `lock_due` after the given quiet periods.

    Watches every input event of the application (install it with
    `app.installEventFilter(watch)`), whichever widget or dialog has the focus.
    """

    hide_due = Signal()
    lock_due = Signal()

    def __init__(self, hide_ms: int, lock_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hide = QTimer(self)
        self._lock = QTimer(self)
        for timer in (self._hide, self._lock):
            timer.setSingleShot(True)
        self.set_intervals(hide_ms, lock_ms)
        self._hide.timeout.connect(self.hide_due)
        self._lock.timeout.connect(self.lock_due)

    def set_intervals(self, hide_ms: int, lock_ms: int) -> None:
        """Quiet periods in milliseconds; 0 switches that step off."""
        self._hide.setInterval(hide_ms)
        self._lock.setInterval(lock_ms)
        self.restart()

    def stop(self) -> None:
        """Watch no more (the window closed): no timer may fire into a closed shop."""
        self._hide.stop()
        self._lock.stop()
        self._hide.setInterval(0)
        self._lock.setInterval(0)

    def restart(self) -> None:
        for timer in (self._hide, self._lock):
            if timer.interval() > 0:
                timer.start()
            else:
                timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY:
            self.restart()
        return False
