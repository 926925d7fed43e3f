"""Hide (Ctrl+H, F12 or the Hide button): every piece of personal data off the screen at once.

The keys work whichever of the window's dialogs has the keyboard, and put that dialog away
first, as Esc would; idle hide does the same. An import under way is not stopped: its window
covers what it shows until the screen is shown again. While the screen is hidden, what staff
type is kept in the search box, unseen and not looked up (a name would list customers);
showing the screen again puts it to use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow

SCREEN_HIDDEN = "The screen is hidden. Press Ctrl+H to show it again."
TYPED_WHILE_HIDDEN = (
    "The screen is hidden, so what you type is kept unseen. Ctrl+H shows the screen with it."
)
LOOK_UP_WHEN_SHOWN = "The screen is hidden. Ctrl+H shows it and looks up what you typed."
PUT_AWAY_WHILE_HIDDEN = "The screen is still hidden. Ctrl+H shows today's list."
TILL_WHEN_SHOWN = "The screen is hidden. The till named a customer: Ctrl+H shows them."
HIDE_KEYS = (
    QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_H),
    QKeyCombination(Qt.Key.Key_F12),
)


@runtime_checkable
class AtWork(Protocol):
    """A dialog whose work must not stop when the screen hides (an import under way)."""

    def cover(self, covered: bool) -> bool:
        """Cover what it shows, or show it again; True while covered and at work."""
        ...


class HiddenMode(QObject):
    """The window's Hide button and its keys; what was on screen before, and what was typed
    since, to show when the screen is shown again.

    The keys are an event filter on the whole application (`app.installEventFilter`): the
    window's own shortcuts cannot be pressed while a dialog has the keyboard."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._before_hiding: tuple[str, int | None] = ("", None)  # search text, customer
        self._submitted_while_hidden: str | None = None  # Enter pressed on this, unseen
        self._till_named: Callable[[], None] | None = None  # shows whom, once shown again
        # Dialogs just put away are still returning to whoever opened them: a card they
        # redraw on the way out (a note pinned in F3) is not shown. See put_dialogs_away.
        self.closing_dialogs = False
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._window.hide_button.toggled.connect(self.set_private)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Ctrl+H or F12 pressed anywhere in the window or a dialog over it (where F3 would
        take Ctrl+H for its H), unless the lock has switched Hide off."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.keyCombination() in HIDE_KEYS
            and isinstance(watched, QWidget)
            and self._is_ours(watched)
            and self._window.hide_button.isEnabled()
        ):
            if not event.isAutoRepeat():  # a key held down would flicker the screen
                self._window.hide_button.toggle()
            return True
        return False

    def _is_ours(self, widget: QWidget | None) -> bool:
        """`widget` is in the window, or in a dialog or menu opened over it."""
        while widget is not None:
            if widget is self._window:
                return True
            widget = widget.parentWidget()
        return False

    def put_dialogs_away(self, rounds: int = 3) -> bool:
        """Close every menu and dialog open over the window as Esc would (a note being written
        is kept for the next Ctrl+N): each may show a customer. For Hide, idle and the lock.
        A dialog at work (an import under way) is not stopped: it covers what it shows and
        stays open. True when one does, to be shown again with the screen.

        A dialog closed so may open another on its way out ("Note not saved", then the note
        asked again): that one goes too, for a few `rounds` (one that would not close must
        not keep every card off the screen for good)."""
        shown = self._open_over_window()
        if shown is None:
            return False
        if isinstance(shown, AtWork) and shown.cover(True):
            return True
        self.closing_dialogs = True
        # A posted call runs on an event loop's next pass: not the closed dialogs' (they stop
        # first), but the window's, once they have returned to whoever opened them. Posted
        # before closing them, it runs before a request waiting for a dialog to close (the
        # till naming someone), which then shows its customer (after Hide, once the screen
        # is shown again: see TillRequests._show_for_till).
        QTimer.singleShot(0, self, lambda: self._on_dialogs_closed(rounds - 1))
        for _ in range(10):  # a dialog over a dialog: F3's note being edited
            shown = self._open_over_window()
            if shown is None:
                break
            if isinstance(shown, AtWork) and shown.cover(True):
                return True
            if isinstance(shown, QDialog):
                shown.reject()
            else:
                shown.close()
        return False

    def _open_over_window(self) -> QWidget | None:
        """The menu or dialog on top of the window, if any."""
        shown = QApplication.activePopupWidget()
        if shown is None:
            shown = QApplication.activeModalWidget()
        return shown if shown is not None and self._is_ours(shown) else None

    def _on_dialogs_closed(self, rounds_left: int) -> None:
        self.closing_dialogs = False
        if rounds_left:
            self.put_dialogs_away(rounds_left)

    @property
    def on(self) -> bool:
        return self._window.hide_button.isChecked()

    def set_private(self, private: bool) -> None:
        """Hide every piece of personal data at once (the search text too), or bring it back.
        What is typed meanwhile stays in the search box, unseen; shown again, it is used."""
        window, search = self._window, self._window.search
        if self.on != private:
            window.hide_button.setChecked(private)  # re-enters through the toggled signal
            return
        if private:
            self.put_dialogs_away()
            self._before_hiding = (search.text(), window.current_customer)
            self._submitted_while_hidden, self._till_named = None, None
            search.clear()
            search.set_hidden(True)
            window.status.new_page()
            window.pages.setCurrentWidget(window.privacy_panel)
            search.setFocus()  # typing lands here, not in the On duty list
            return
        (text, customer), typed = self._before_hiding, search.text()
        look_up = typed == self._submitted_while_hidden
        till_named = self._till_named
        self._forget()
        search.set_hidden(False)
        if till_named is not None:
            till_named()
        elif customer is not None:
            window.show_customer(customer)
            if window.current_customer is not None:  # not erased meanwhile, elsewhere
                search.setText(text)
                search.selectAll()
        else:
            window.show_idle()
        if typed:  # as if typed now: Enter (if pressed) looks it up, a name lists matches
            search.setText(typed)
            if look_up:
                window.look_up(typed)
            else:
                search.settle()
        at_work = self._open_over_window()
        if isinstance(at_work, AtWork):
            at_work.cover(False)  # an import that carried on: how it went

    def end(self) -> None:
        """A scan or the till asking is staff at work: the screen shows what they asked for."""
        if self.on:
            self._forget()
            with QSignalBlocker(self._window.hide_button):
                self._window.hide_button.setChecked(False)
            self._window.search.set_hidden(False)

    def show_when_shown(self, show: Callable[[], None]) -> None:
        """The till named someone, but staff hid the screen since (over the dialog the till
        waited for): `show` them once the screen is shown, instead of what was hidden."""
        self._till_named = show
        self._window.status.setText(TILL_WHEN_SHOWN)

    def say_if_hidden(self) -> bool:
        """True while personal data is hidden, the status line then saying how to show it:
        for keys that would show some (a note's dialog, a card redrawn)."""
        if self.on:
            self._window.status.setText(SCREEN_HIDDEN)
        return self.on

    def put_away(self) -> bool:
        """True while hidden: Escape or F2 put the card away unseen, the status line says so,
        and showing the screen shows today's list."""
        if self.on:
            self._forget()
            self._window.status.setText(PUT_AWAY_WHILE_HIDDEN)
        return self.on

    def keep_typed(self, text: str) -> bool:
        """True while hidden: typing that settled is kept for when the screen is shown."""
        if self.on:
            self._window.status.setText(TYPED_WHILE_HIDDEN if text else SCREEN_HIDDEN)
        return self.on

    def keep_submitted(self, text: str) -> bool:
        """True while hidden: Enter on `text` looks it up once the screen is shown."""
        if self.on:
            self._submitted_while_hidden = text if text.strip() else None
            self._window.status.setText(LOOK_UP_WHEN_SHOWN if text.strip() else SCREEN_HIDDEN)
            self._window.search.selectAll()  # the next scan or name replaces this one, as on a card
        return self.on

    def _forget(self) -> None:
        self._before_hiding, self._submitted_while_hidden = ("", None), None
        self._till_named = None
