"""One line of guidance under the search box, in a strip kept for it: the page never moves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from greeter.ui.wrapping import breakable


class StatusLine(QLabel):
    """Laid over `room`, the one-line strip the window's layout keeps for it, so a message
    coming or going moves nothing below. A message too long for one line (in a narrow window)
    runs over the top of the page while it is shown, rather than push the page down; a word
    too long for a line (a file's path in an error) wraps inside it. `for_this_shop` writes
    the commands a message offers to paste for the window's shop (MainWindow.for_this_shop),
    so whoever says something here need not. `text()` gives the text as it reads, unbroken."""

    def __init__(self, parent: QWidget, for_this_shop: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self._for_this_shop = for_this_shop
        self._text = ""
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
        self._cover_room()

    def text(self) -> str:
        return self._text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Polish:  # the stylesheet's font and padding now known
            self.ensurePolished()
            margins = self.contentsMargins()
            line = self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
            self.room.setFixedHeight(line)
        elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self._cover_room()
        return False

    def _cover_room(self) -> None:
        area = self.room.geometry()
        area.setHeight(max(area.height(), self.heightForWidth(area.width())))
        self.setGeometry(area)
        self.raise_()  # above the pages, which were made after it
