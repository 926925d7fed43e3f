"""The one search box: card scans, phones, emails and names, typed without the mouse."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, Qt
from PySide6.QtWidgets import QLineEdit, QWidget

SETTLE_MS = 40  # coalesce bursts of keys (and scanners) into one search
PLACEHOLDER = "Scan a card, or type a phone, email or name…"
# While the screen is hidden a selection would still be drawn, as a bar as wide as the text.
NO_SELECTION = "selection-background-color: transparent; selection-color: transparent;"
CLEAR_ACTION = "_q_qlineeditclearaction"  # Qt's name for the action behind its × button


class SearchBox(QLineEdit):
    text_settled = Signal(str)  # typing paused: search as you type
    submitted = Signal(str)  # Enter
    move_requested = Signal(int)  # Up/Down/PageUp/PageDown: move in the candidate list
    # Ctrl+Z took back the last of what was typed: the box holds again what it was given
    # (the text a card was found by, say). Not searched: the listener decides.
    typing_undone = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self.given = 0  # how many times a text was put in the box other than by typing
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setObjectName("search")
        self.setPlaceholderText(PLACEHOLDER)
        self._show_clear_button(True)
        self.setAccessibleName("Find a customer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)

    def _connect_signals(self) -> None:
        self.textEdited.connect(self._on_self_text_edited)
        self._timer.timeout.connect(self._on_timer_timeout)

    def _on_self_text_edited(self, _text: str) -> None:
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        self.settle()

    def _on_clear_action_triggered(self) -> None:
        self.clear()
        self.textEdited.emit("")  # as Qt's own × does: emptied by hand, searched as typed

    def _show_clear_button(self, show: bool) -> None:
        """Qt's × empties the box with QLineEdit.clear(), which Ctrl+Z undoes; it also runs
        clear() below, which forgets. Qt makes the × afresh each time it is turned on."""
        self.setClearButtonEnabled(show)
        action = self.findChild(QAction, CLEAR_ACTION)
        if action is not None:
            action.triggered.connect(self._on_clear_action_triggered)

    def event(self, event: QEvent) -> bool:
        # A line edit claims Ctrl+Z even with nothing to undo; then it goes to the window
        # instead (which puts back a follow-up just marked done). With typing to undo, it
        # undoes the typing, as in any text box.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and not self.isUndoAvailable()
        ):
            event.ignore()
            return True
        return super().event(event)

    def setText(self, text: str | None) -> None:  # noqa: N802 - Qt override
        """Put `text` in the box, with no undo history: it was not typed."""
        self.given += 1
        super().setText(text)

    def forget_typing(self) -> None:
        """Keep the text, selected, but not its undo history: what was typed is done with."""
        self.setText(self.text())
        self.selectAll()

    def clear(self) -> None:
        """Empty the box and its undo history: QLineEdit.clear() can be undone, and Ctrl+Z
        must never bring back an earlier customer's phone or card (setText() forgets)."""
        self.setText("")

    def set_hidden(self, hidden: bool) -> None:
        """While the screen is hidden, show nothing of what is typed: no characters, no
        selection as wide as them, no clear button saying the box holds something."""
        if hidden == (self.echoMode() == QLineEdit.EchoMode.NoEcho):
            return  # restyling is not free, and Escape and F2 come here every time
        self.setEchoMode(QLineEdit.EchoMode.NoEcho if hidden else QLineEdit.EchoMode.Normal)
        self._show_clear_button(not hidden)
        self.setStyleSheet(NO_SELECTION if hidden else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        steps = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 5,
            Qt.Key.Key_PageUp: -5,
        }
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._timer.stop()
            self.submitted.emit(self.text())
            return
        if event.key() in steps:
            self.move_requested.emit(steps[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)
        if event.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable():
            self._timer.stop()
            self.typing_undone.emit()

    def settle(self) -> None:
        """Search for the text now, as when typing pauses."""
        self._timer.stop()
        self.text_settled.emit(self.text())

    def reset(self) -> None:
        self._timer.stop()
        self.clear()
        self.setFocus()
