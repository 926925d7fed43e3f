"""One line of guidance under the search box, in a strip kept for it: a short message coming or
going moves nothing, a longer one moves the page down rather than cover it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from greeter.ui.wrapping import breakable


class StatusLine(QLabel):
    """Laid over `room`, the strip the window's layout keeps for it: one line tall, so a
    message that fits one line (every one, in a wide window) comes and goes without moving
    anything below. One too long for a line (a narrow panel beside the till) makes the strip
    as tall as it needs while it is shown: the page moves down for it rather than have its
    top (a greeting's heading, the customer's name) covered, and moves back once it goes.
    A word too long for a line (a file's path in an error) wraps inside it. `for_this_shop`
    writes the commands a message offers to paste for the window's shop
    (MainWindow.for_this_shop), so whoever says something here need not. `text()` gives the
    text as it reads, unbroken."""

    def __init__(self, parent: QWidget, for_this_shop: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self._for_this_shop = for_this_shop
        self._text = ""
        self._line = 0  # one line's height, once the stylesheet's font and padding are known
        self.room = QWidget(parent)
        self.room.setObjectName("statusRoom")
        self.setObjectName("statusLine")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setContentsMargins(20, 2, 20, 2)
        self.room.installEventFilter(self)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._text = self._for_this_shop(text)
        super().setText(breakable(self._text))
        self.setVisible(bool(text))
        self._fit_room()

    def text(self) -> str:
        return self._text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Polish:  # the stylesheet's font and padding now known
            self.ensurePolished()
            margins = self.contentsMargins()
            self._line = self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
            self._fit_room()
        elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self._fit_room()
        return False

    def _fit_room(self) -> None:
        """The strip one line tall, or as tall as the message; the message over it."""
        if not self._line:
            return  # until polished: a label sized 0 high would lose its margins to the padding
        area = self.room.geometry()
        needed = self._line
        if self._text:
            needed = max(needed, self.heightForWidth(area.width()))
        if self.room.maximumHeight() != needed:
            self.room.setFixedHeight(needed)  # the window's layout moves the page down
        area.setHeight(needed)
        self.setGeometry(area)
        self.raise_()  # above the pages, which were made after it
