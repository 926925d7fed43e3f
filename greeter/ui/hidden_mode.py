"""Hide (Ctrl+H, F12 or the Hide button): every piece of personal data off the screen at once.

While the screen is hidden, what staff type is kept in the search box, unseen and not looked
up (a name would list customers); showing the screen again puts it to use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow

SCREEN_HIDDEN = "The screen is hidden. Press Ctrl+H to show it again."
TYPED_WHILE_HIDDEN = (
    "The screen is hidden, so what you type is kept unseen. Ctrl+H shows the screen with it."
)
LOOK_UP_WHEN_SHOWN = "The screen is hidden. Ctrl+H shows it and looks up what you typed."
PUT_AWAY_WHILE_HIDDEN = "The screen is still hidden. Ctrl+H shows today's list."


class HiddenMode(QObject):
    """The window's Hide button and its keys; what was on screen before, and what was typed
    since, to show when the screen is shown again."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._before_hiding: tuple[str, int | None] = ("", None)  # search text, customer
        self._submitted_while_hidden: str | None = None  # Enter pressed on this, unseen
        self.hide_key = QShortcut(QKeySequence("Ctrl+H"), window)
        self.hide_key_f12 = QShortcut(QKeySequence(Qt.Key.Key_F12), window)
        self._connect_signals()

    def _connect_signals(self) -> None:
        button = self._window.hide_button
        self.hide_key.activated.connect(button.toggle)
        self.hide_key_f12.activated.connect(button.toggle)
        button.toggled.connect(self.set_private)

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
            self._before_hiding = (search.text(), window.current_customer)
            self._submitted_while_hidden = None
            search.clear()
            search.set_hidden(True)
            window.status.setText("")
            window.pages.setCurrentWidget(window.privacy_panel)
            search.setFocus()  # typing lands here, not in the On duty list
            return
        (text, customer), typed = self._before_hiding, search.text()
        look_up = typed == self._submitted_while_hidden
        self._forget()
        search.set_hidden(False)
        if customer is not None:
            window.show_customer(customer)
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

    def end(self) -> None:
        """A scan or the till asking is staff at work: the screen shows what they asked for."""
        if self.on:
            self._forget()
            with QSignalBlocker(self._window.hide_button):
                self._window.hide_button.setChecked(False)
            self._window.search.set_hidden(False)

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
