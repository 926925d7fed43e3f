"""Running what can wait until a widget is on screen, so that it gets there sooner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LATEST_MS = 1000  # a widget that is not painted (on another desktop, say) waits no longer


class NextFrame(QObject):
    """Calls `then` once: just after `widget` paints its next frame (a new window's first),
    or LATEST_MS after this was made should that not happen. Then it deletes itself."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)  # the widget's own events, not its children's
        QTimer.singleShot(LATEST_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:  # the widget first, then its children
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once the whole frame is painted
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self.deleteLater()
            then()
