"""Dialogs that fit the smallest screen Greeter runs on (1024×600, less its task bar) and the
window they open over (a narrow panel beside the till): their body scrolls, their buttons stay."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

# What a window manager adds around a dialog, outside the size it is given: its title bar and
# frame. The screen's available area already leaves out the task bar.
TITLE_BAR = 40


def free_on_screen(widget: QWidget) -> QRect:
    """The area, less the task bar, of the screen `widget` is on: its window's, or for a
    window not yet shown, the window it opens over.

    Never `widget.screen()`: PySide makes the widget its screen's owner in Python's eyes, and
    when Python's garbage collector frees that widget it deletes the screen too; the next
    window to open then crashes the program."""
    window = widget.window()
    if not window.isVisible() and window.parentWidget() is not None:
        window = window.parentWidget().window()
    screen = QGuiApplication.screenAt(window.frameGeometry().center())
    return (screen or QGuiApplication.primaryScreen()).availableGeometry()


def room_on_screen(widget: QWidget) -> QSize:
    """The largest size a dialog over `widget` may have and still be seen whole, title bar
    and all, on the screen it opens on."""
    free = free_on_screen(widget)
    return QSize(free.width(), free.height() - TITLE_BAR)


class ScrollingBody(QScrollArea):
    """A dialog's body: all of it where the screen has room, scrolling (up and down, never
    sideways) where it has not, so that the buttons below it are always on screen."""

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scrollingBody")
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The fields in it take the focus, not the area around them (Tab to one out of view
        # scrolls to it); a body of text only may take it, to scroll with the arrow keys.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setAutoFillBackground(False)  # the dialog's own background shows
        body.setAutoFillBackground(False)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the body allows and a scroll bar beside it: it never scrolls sideways."""
        body = self.widget()
        narrowest = body.minimumSizeHint().width() if body is not None else 0
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(narrowest + bar, super().minimumSizeHint().height())

    def needed_height(self) -> int:
        """The height all of the body takes at the width it has now."""
        body = self.widget()
        if body is None:
            return 0
        # Not the viewport's: a hidden scroll area lays it out only once shown. Room for the
        # scroll bar is kept, so that all of it fits with or without one.
        width = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width()
        if body.hasHeightForWidth():
            return body.heightForWidth(width)
        return body.sizeHint().height()


def fit_dialog(
    dialog: QWidget, width: int, height: int | None = None, *, narrowest: int = 0
) -> None:
    """Size `dialog` before it opens: `width` wide, or as wide as the window it opens over
    where that is narrower (but not below `narrowest`, nor what its content needs); `height`
    tall, or as tall as its ScrollingBody needs at that width; no larger than the screen."""
    room = room_on_screen(dialog)
    parent = dialog.parentWidget()
    if parent is not None:
        width = min(width, max(parent.window().width(), narrowest))
    width = min(max(width, dialog.minimumSizeHint().width()), room.width())
    if height is None:
        dialog.resize(width, room.height())  # laid out so, its body takes all it can
        height = _needed_height(dialog)
    dialog.resize(width, min(max(height, dialog.minimumSizeHint().height()), room.height()))


def grow_to_fit(dialog: QWidget) -> None:
    """Something appeared in an open dialog (a list of likely duplicates): make it as tall as
    its body then needs, if the screen has room. Never shorter: it would jump as you type."""
    needed = min(_needed_height(dialog), room_on_screen(dialog).height())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


def say(label: QLabel, text: str) -> bool:
    """Show `text` in `label`, hidden when there is nothing to say; whether that changed."""
    changed = text != label.text()
    label.setText(text)
    label.setVisible(bool(text))
    return changed


def make_room(dialog: QWidget) -> None:
    """Something said in an open dialog without a scrolling body (a warning under what is
    typed) wraps over more lines than it has room for: grow to show every line, never past
    the screen, moving up as much as it grew past the screen's foot. Never shorter."""
    layout = dialog.layout()
    if not dialog.isVisible() or layout is None:
        return  # shown, it is sized for its content at the width it then has
    wanted = layout.totalHeightForWidth(dialog.width())
    if dialog.height() >= wanted:
        return
    screen = free_on_screen(dialog)
    frame = dialog.frameGeometry().height() - dialog.height()
    dialog.resize(dialog.width(), min(wanted, screen.height() - frame))
    below = dialog.frameGeometry().bottom() - screen.bottom()
    if below > 0:
        dialog.move(dialog.x(), max(screen.top(), dialog.y() - below))


def _needed_height(dialog: QWidget) -> int:
    """Its height less what its scrolling body spares (or plus what it lacks), laid out now."""
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    spare = 0
    for body in dialog.findChildren(ScrollingBody):
        if body.isVisibleTo(dialog):
            spare += body.height() - body.needed_height()
    return dialog.height() - spare
