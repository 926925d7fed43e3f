"""The card's cautions, under the greeting: what staff must not miss (an allergy, no credit,
check the delivery address), seen without scrolling however much else the card holds.

Each caution shows on two lines at most, ending in "…" if it needs more; the notes panel
below keeps its whole text. The band is part of the card, so Hide hides it with the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from greeter.core.models import Note, NoteKind
from greeter.ui.theme import plain_label
from greeter.ui.widget_pool import Pool

CAUTION_LINES = 2


class CautionBand(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cautionBand")
        body = QVBoxLayout(self)
        body.setContentsMargins(16, 8, 16, 10)
        body.setSpacing(4)
        self.title = plain_label("CAUTION", "cautionTitle")
        body.addWidget(self.title)
        self.rows = Pool(lambda _: ClampedLabel("cautionText"), body.addWidget, ClampedLabel.clear)
        self.hide()

    def set_notes(self, notes: Sequence[Note]) -> None:
        """Show the caution notes among `notes` (the store puts them first), or nothing."""
        cautions = [note for note in notes if note.kind is NoteKind.CAUTION]
        self.rows.fill(cautions, _show_caution)
        self.setVisible(bool(cautions))


def _show_caution(label: ClampedLabel, note: Note) -> None:
    label.setText(" ".join(note.text.split()))  # its lines run on: two lines are for words


class ClampedLabel(QLabel):
    """Plain text wrapped onto CAUTION_LINES lines at most, the last ending in "…" when it
    needs more. `text()` is the whole text, and so is what screen readers hear."""

    def __init__(self, name: str, lines: int = CAUTION_LINES) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._text = ""
        self._lines = lines
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._text = text
        self.setAccessibleName(text)
        self._show(self.width())
        self.updateGeometry()

    def text(self) -> str:
        return self._text

    def clear(self) -> None:
        self.setText("")

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        lines = len(self._wrapped(width - self._padding().width()))
        return max(lines, 1) * self._metrics().lineSpacing() + self._padding().height()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = self._metrics().horizontalAdvance(self._text) + self._padding().width()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, self._metrics().lineSpacing() + self._padding().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._show(event.size().width())
        super().resizeEvent(event)

    def _show(self, width: int) -> None:
        shown = "\n".join(self._wrapped(width - self._padding().width()))
        if shown != super().text():
            super().setText(shown)

    def _metrics(self) -> QFontMetrics:
        self.ensurePolished()  # the stylesheet's font, before measuring with it
        return self.fontMetrics()

    def _padding(self) -> QSize:
        """What the label's frame and margins take of its size, around its text."""
        inside = self.contentsRect()
        return self.size() - inside.size()

    def _wrapped(self, width: int) -> list[str]:
        """The text's lines in `width`, the last of them cut to fit with "…" if there would
        be more than `lines`."""
        if not self._text or width <= 0:
            return [self._text] if self._text else []
        metrics = self._metrics()
        layout = QTextLayout(self._text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        starts: list[tuple[int, int]] = []
        layout.beginLayout()
        while len(starts) <= self._lines:  # one more than shown tells whether to cut
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append((line.textStart(), line.textLength()))
        layout.endLayout()
        lines = [self._text[start : start + length].strip() for start, length in starts]
        if len(lines) <= self._lines:
            return lines
        rest = self._text[starts[self._lines - 1][0] :].strip()
        last = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        return [*lines[: self._lines - 1], last]
