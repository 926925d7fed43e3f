"""Recording a promise, reserved item, problem or call-back in a few keystrokes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from greeter.core.follow_ups import earliest_due, latest_due
from greeter.core.guard import NOTE_GUIDELINE, card_number_message, find_card_number
from greeter.core.models import FollowUpKind
from greeter.ui.disposal import drafted
from greeter.ui.note_dialog import ESC_CANCELS, keys_line, kinds_hint
from greeter.ui.screen_fit import fit_dialog, make_room, say
from greeter.ui.theme import plain_label

WHAT = "&What was promised, or needs doing"  # Alt+W comes back to it
# As for a note: a follow-up put away with Esc comes back with the next Ctrl+P.
ESC_KEEPS_FOLLOW_UP = "Esc keeps it for the next Ctrl+P"
FOLLOW_UP_BACK = "Your unsaved follow-up is back. Empty the box and press Esc to throw it away."


@dataclass(frozen=True)
class FollowUpDraft:
    kind: FollowUpKind
    text: str
    due: dt.date | None


class FollowUpDialog(QDialog):
    def __init__(
        self,
        customer_name: str,
        author: str,
        today: dt.date,
        parent: QWidget | None = None,
        *,
        keeps: bool = False,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._build_ui(customer_name, author, ESC_KEEPS_FOLLOW_UP if keeps else ESC_CANCELS)
        self._connect_signals()
        self._on_text_changed("")
        self._fit()  # with what is shown now: no card-number problem under an empty line

    def _build_ui(self, customer_name: str, author: str, esc: str) -> None:
        self.setWindowTitle("Add a follow-up")
        self._column = layout = QVBoxLayout(self)
        layout.setSpacing(10)
        # As the note dialog: what it is and who for at the top; the kind, then what it says.
        heading = f"Follow-up for {customer_name}, taken by {author}"
        layout.addWidget(plain_label(heading, "fullName", wrap=True))
        self.back = plain_label(FOLLOW_UP_BACK, "noteBack", wrap=True)
        self.back.hide()
        layout.addWidget(self.back)
        kinds = QGridLayout()
        self.kinds = QButtonGroup(self)
        self.kind_keys: list[QShortcut] = []
        for n, kind in enumerate(FollowUpKind, start=1):
            button = QRadioButton(f"{n}  {kind.label}")
            button.setToolTip(f"Alt+{n}")
            button.setChecked(n == 1)
            self.kinds.addButton(button, n - 1)
            kinds.addWidget(button, (n - 1) // 2, (n - 1) % 2)
            key = QShortcut(QKeySequence(f"Alt+{n}"), self)
            key.activated.connect(button.click)
            self.kind_keys.append(key)
        layout.addLayout(kinds)
        self.text = QLineEdit()
        self.text.setObjectName("noteEdit")
        self.text.setPlaceholderText("e.g. Call when the blue kettle arrives")
        self.text.setAccessibleName(WHAT.replace("&", ""))
        self.what = QLabel(WHAT)
        self.what.setObjectName("fieldLabel")
        self.what.setBuddy(self.text)
        layout.addWidget(self.what)
        layout.addWidget(self.text)
        layout.addWidget(plain_label(NOTE_GUIDELINE, "guideline", wrap=True))
        self.problem = plain_label("", "problem", wrap=True)
        layout.addWidget(self.problem)
        due_row = QHBoxLayout()
        self.has_due = QCheckBox("&Due")
        self.has_due.setChecked(True)
        self.due = QDateEdit(QDate(self._today.year, self._today.month, self._today.day))
        self.due.setCalendarPopup(True)
        self.due.setAccessibleName("Due date")
        self.due.setDisplayFormat("ddd d MMM yyyy")
        earliest, latest = earliest_due(self._today), latest_due(self._today)
        self.due.setDateRange(earliest, latest)  # as the store allows: see due_problem
        self.due.setToolTip(
            f"From a year ago ({earliest.day} {earliest:%b %Y}) to ten years ahead "
            f"({latest.day} {latest:%b %Y})"
        )
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        layout.addLayout(due_row)
        keys = keys_line(kinds_hint(len(FollowUpKind)), "Enter saves", esc)
        self.keys_hint = plain_label(keys, "keysHint", wrap=True)
        layout.addWidget(self.keys_hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(self.buttons)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.text.setFocus()

    def _fit(self) -> None:
        """560 wide, or as the window it opens over beside a till; then as tall as it needs at
        that width (its lines wrap more beside a till, and it may say a follow-up is back)."""
        fit_dialog(self, 560, 0)  # the width only
        fit_dialog(self, self.width(), self._column.totalHeightForWidth(self.width()))

    def _connect_signals(self) -> None:
        self.text.textChanged.connect(self._on_text_changed)
        self.text.returnPressed.connect(self._on_save_requested)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcut.activated.connect(self._on_save_requested)

    def _on_text_changed(self, text: str) -> None:
        masked = find_card_number(text)
        if say(self.problem, card_number_message(masked) if masked else ""):
            make_room(self)  # it may wrap over three lines beside a till
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(text.strip()) and not masked)

    def _on_save_requested(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            self.accept()

    def draft(self) -> FollowUpDraft:
        kind = list(FollowUpKind)[self.kinds.checkedId()]
        due = self.due.date().toPython() if self.has_due.isChecked() else None
        return FollowUpDraft(kind, self.text.text().strip(), due)  # type: ignore[arg-type]

    def fill(self, draft: FollowUpDraft, back: bool = False) -> None:
        """Fill in `draft`; `back`: it was put away unsaved, and the dialog says so."""
        self.text.setText(draft.text)
        # Typing goes on at its end, as in a note, not over it: opening, a dialog selects
        # all of the line it gives the keyboard to.
        QTimer.singleShot(0, self.text, lambda: self.text.end(False))
        self.kinds.button(list(FollowUpKind).index(draft.kind)).setChecked(True)
        self.has_due.setChecked(draft.due is not None)
        if draft.due is not None:
            self.due.setDate(draft.due)
        self.back.setVisible(back)
        self._fit()

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        customer_name: str,
        author: str,
        today: dt.date,
        kept: FollowUpDraft | None = None,
        *,
        back: bool = False,
        put_away: Callable[[FollowUpDraft], object] | None = None,
    ) -> FollowUpDraft | None:
        """The follow-up to save, or None if cancelled. `kept` fills the dialog: one that
        failed to save, or (`back`) one put away unsaved before. When cancelled, `put_away`
        gets what was in it (its text empty if nothing was typed)."""
        dialog = cls(customer_name, author, today, parent, keeps=put_away is not None)
        if kept is not None:
            dialog.fill(kept, back)
        return drafted(dialog, dialog.draft, put_away)
