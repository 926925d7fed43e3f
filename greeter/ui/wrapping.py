"""Text that fits a narrow panel whatever it holds: a URL in a note, an email address in a
preference, a long tag. Qt wraps only between words, so one long word would widen the card."""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

from greeter.core.bidi import unmarked

BREAK = "\u200b"  # ZERO WIDTH SPACE: a line may break here; nothing is drawn
LONGEST_UNBROKEN = 16  # a word longer than this gets places to break
MIN_BUTTON_WIDTH = 120  # a button squeezed to this still shows the start of its text
_BREAK_AFTER = frozenset("/\\.@-_?&=:;,+")  # URLs, addresses, paths (Windows' too)
_LONG_WORD = re.compile(rf"\S{{{LONGEST_UNBROKEN + 1},}}")
# Never between a character and what is drawn with it (accents, joiners, emoji modifiers).
_JOINED = frozenset({"Mn", "Mc", "Me", "Cf", "Sk"})


def breakable(text: str) -> str:
    """`text` with invisible break opportunities inside each word longer than
    LONGEST_UNBROKEN: after URL and address punctuation, else every LONGEST_UNBROKEN
    characters. Shorter words, and so most text, are left exactly as they are."""
    return _LONG_WORD.sub(lambda match: _break_word(match.group()), text)


def _break_word(word: str) -> str:
    out: list[str] = []
    run = 0
    for char, following in zip(word, word[1:] + " ", strict=True):
        out.append(char)
        run += 1
        can_break = unicodedata.category(char) != "Cf" and (
            following == " " or unicodedata.category(following) not in _JOINED
        )
        if can_break and following != " " and (char in _BREAK_AFTER or run >= LONGEST_UNBROKEN):
            out.append(BREAK)
            run = 0
    return "".join(out)


class WrappingLabel(QLabel):
    """Plain text (customer data is never HTML), wrapped between words and, for a word too
    long for the line, inside it. `text()` gives the text as it was set, less the isolates
    that keep a customer's words in their own direction (greeter.core.bidi)."""

    def __init__(self, text: str = "", name: str = "") -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if name:
            self.setObjectName(name)
        self._text = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._text = unmarked(text)
        super().setText(breakable(text))

    def text(self) -> str:
        return self._text

    def clear(self) -> None:
        self.setText("")


class EllipsisButton(QPushButton):
    """A button showing plain text (an "&" is an "&", never a shortcut key) that asks for room
    for all of it and, given less (a narrow panel), ends it in "…" instead of cutting it;
    screen readers still hear all of it. As for WrappingLabel, `text()` has no isolates."""

    def __init__(self) -> None:
        super().__init__()
        self._text = ""
        self._shown = ""
        # Preferred, not QPushButton's Minimum: a layout may give it less than its hint.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._text = text
        self.setAccessibleName(unmarked(text))
        self._show(text)
        self._fit()

    def text(self) -> str:
        return unmarked(self._text)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """QPushButton's for the text shown, widened by what was cut from it."""
        metrics = self.fontMetrics()
        cut = metrics.horizontalAdvance(self._text) - metrics.horizontalAdvance(self._shown)
        return super().sizeHint() + QSize(cut, 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        whole = self.sizeHint()
        return QSize(min(whole.width(), MIN_BUTTON_WIDTH), whole.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._fit()
        super().resizeEvent(event)

    def _fit(self) -> None:
        whole = self.sizeHint().width()
        shown = self._text
        if self.width() < whole:
            metrics = self.fontMetrics()
            room = self.width() - (whole - metrics.horizontalAdvance(self._text))
            shown = metrics.elidedText(self._text, Qt.TextElideMode.ElideRight, room)
        if shown != self._shown:
            self._show(shown)

    def _show(self, text: str) -> None:
        self._shown = text
        super().setText(text.replace("&", "&&"))  # "&&" is how a button shows one "&"
