"""One line of guidance under the search box, in a strip that takes no room while nothing is
said: a message moves the page down rather than cover it, and the page moves back up only when
it is drawn afresh (the day's list, another customer), never under the eyes of whoever reads it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QLabel, QWidget

from greeter.ui.wrapping import breakable


class StatusLine(QLabel):
    """Laid over `room`, the strip the window's layout keeps for it above the page. Nothing
    said, a page drawn afresh (see `new_page`) gets all the room: the strip is 0 high. A
    message makes it as tall as the message (one line in a wide window, more in a narrow panel
    beside the till), the page moving down for it rather than have its top (a greeting's
    heading, the customer's name) covered. Once grown, the strip keeps its height while that
    page stays up, blank when nothing is said: a message coming and going over the card staff
    are reading (Ctrl+1, a note saved, typing undone) never moves it up and down under them.
    A word too long for a line (a file's path in an error) wraps inside it. `for_this_shop`
    writes the commands a message offers to paste for the window's shop
    (MainWindow.for_this_shop), so whoever says something here need not. `text()` gives the
    text as it reads, unbroken; a screen reader reads it so too, and says each message as it
    comes, wherever the focus is (staff keep typing in the search box)."""

    def __init__(self, parent: QWidget, for_this_shop: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self._for_this_shop = for_this_shop
        self._text = ""
        self._polished = False  # until then a label's height would leave out its padding
        self._kept = 0  # the strip's height while the page below stays up
        self._width = -1  # the strip's width when its height was last decided
        self.room = QWidget(parent)
        self.room.setObjectName("statusRoom")
        self.room.setFixedHeight(0)
        self.setObjectName("statusLine")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setContentsMargins(20, 2, 20, 2)
        self.room.installEventFilter(self)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._text = self._for_this_shop(text)
        super().setText(breakable(self._text))
        self.setAccessibleName(self._text)  # not the breaks drawn into a long word
        self.setVisible(bool(text))
        if text:  # Qt has no live region for a label: the message is announced instead
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, self._text))
        laid_out = self.room.parentWidget().layout()
        if self._fit_room() and laid_out is not None:
            laid_out.activate()  # the page moves now: never drawn once under the message

    def text(self) -> str:
        return self._text

    def new_page(self) -> None:
        """A page drawn afresh below (the day's list, another customer's card, a list of
        names): nothing said, and the strip's room given to it, as nobody is reading it yet."""
        self._kept = 0
        self.setText("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Polish:  # the stylesheet's font and padding now known
            self.ensurePolished()
            self._polished = True
            self._fit_room()
        elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self._fit_room()
        return False

    def _fit_room(self) -> bool:
        """The strip as tall as the message, or as it was while this page is up; the message
        over it. True when the strip's height changed."""
        if not self._polished:
            return False
        area = self.room.geometry()
        needed = self.heightForWidth(area.width()) if self._text else 0
        if area.width() != self._width:  # the window resized: no page stays as it was
            self._width, self._kept = area.width(), needed
        self._kept = max(self._kept, needed)
        changed = self.room.maximumHeight() != self._kept
        if changed:
            self.room.setFixedHeight(self._kept)  # the window's layout moves the page
        area.setHeight(self._kept)
        self.setGeometry(area)
        self.raise_()  # above the pages, which were made after it
        return changed
