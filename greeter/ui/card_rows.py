"""One follow-up or one note on the card: a panel of labels, refilled for each customer.

A text that reads right to left (Arabic, Hebrew) is right-aligned, as it would be written; the
line under it saying who wrote it and when goes with it, so each row reads as one block."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from greeter.core.bidi import isolate, right_to_left
from greeter.core.models import FollowUp, Note, NoteKind
from greeter.core.timefmt import due_in_words, short_date
from greeter.ui.theme import plain_label, set_style_properties


class _Row(QFrame):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.lines = QVBoxLayout(self)
        self.lines.setContentsMargins(12, 8, 12, 8)
        self.lines.setSpacing(2)

    def _add(self, label: QLabel) -> QLabel:
        self.lines.addWidget(label)
        return label

    def clear(self) -> None:
        for label in self.findChildren(QLabel):
            label.clear()


def _align_with(text: str, *lines: QLabel) -> None:
    """The lines under a text on its side: right under one that reads right to left."""
    side = Qt.AlignmentFlag.AlignRight if right_to_left(text) else Qt.AlignmentFlag.AlignLeft
    for line in lines:
        if line.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask != side:
            line.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)


class FollowUpRow(_Row):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("followUp", parent)
        self.setProperty("overdue", False)
        self.kind = self._add(plain_label("", "followUpKind"))
        self.text = self._add(plain_label("", "followUpText", wrap=True))
        self.taken_by = self._add(plain_label("", "meta", wrap=True))

    def show_follow_up(self, number: int, follow_up: FollowUp, today: dt.date) -> None:
        # The kind's colour follows its row's (a selector on both): restyle it too.
        set_style_properties(self, {"overdue": follow_up.is_overdue(today)}, self.kind)
        when = due_in_words(follow_up.due, today).replace(
            " ", "\u00a0"
        )  # "overdue by 4 days" whole
        self.kind.setText(f"{number}  ·  {follow_up.kind.label.upper()} · {when}")
        self.text.setText(follow_up.text)
        self.taken_by.setText(f"taken by {isolate(follow_up.taken_by)}")
        _align_with(follow_up.text, self.taken_by)


class NoteRow(_Row):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("note", parent)
        self.setProperty("pinned", False)
        self.setProperty("caution", False)
        self.text = self._add(plain_label("", "noteText", wrap=True))
        self.meta = self._add(plain_label("", "meta", wrap=True))
        self.stale = self._add(plain_label("", "stale"))

    def show_note(self, note: Note, today: dt.date, confirm_key: bool = True) -> None:
        """`confirm_key`: whether F3 can confirm a stale note here (not on a read-only file,
        where "still true?" is left as a question for whoever reads the note)."""
        caution = note.kind is NoteKind.CAUTION
        set_style_properties(self, {"pinned": note.pinned, "caution": caution})
        self.text.setText(note.text)
        marks = [mark for mark, on in (("Pinned", note.pinned), ("Caution", caution)) if on]
        meta = f"{isolate(note.author)}, {short_date(note.created, today)}"
        if note.edited_by:
            meta += f" · edited by {isolate(note.edited_by)}"
        if note.confirmed is not None:  # as F3 says it: who re-dated it, and when
            confirmed = short_date(note.confirmed, today)
            meta += f" · marked still true by {isolate(note.confirmed_by)}, {confirmed}"
        self.meta.setText(" · ".join([*marks, meta]))
        stale = f"Still true? Written {short_date(note.dated, today)}" if note.stale else ""
        self.stale.setText(f"{stale} · F3" if stale and confirm_key else stale)
        self.stale.setVisible(note.stale)
        _align_with(note.text, self.meta, self.stale)
