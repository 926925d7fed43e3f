"""Recording a promise, reserved item, problem or call-back in a few keystrokes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
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
from greeter.ui.screen_fit import fit_dialog
from greeter.ui.theme import plain_label

KIND_KEYS = "Alt+1 … Alt+4 chooses the kind."
WHAT = "&What was promised, or needs doing"  # Alt+W comes back to it


@dataclass(frozen=True)
class FollowUpDraft:
    kind: FollowUpKind
    text: str
    due: dt.date | None


class FollowUpDialog(QDialog):
    def __init__(
        self, customer_name: str, author: str, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._build_ui(customer_name, author)
        self._connect_signals()
        self._on_text_changed("")

    def _build_ui(self, customer_name: str, author: str) -> None:
        self.setWindowTitle("Add a follow-up")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        # As the note dialog: what it is and who for at the top; the kind, then what it says.
        heading = f"Follow-up for {customer_name}, taken by {author}"
        layout.addWidget(plain_label(heading, "fullName", wrap=True))
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
        layout.addWidget(plain_label(KIND_KEYS, "keysHint", wrap=True))
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(self.buttons)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.text.setFocus()
        # 560 wide, or as the window it opens over beside a till; as tall as it then needs.
        fit_dialog(self, 560, layout.totalHeightForWidth(560))

    def _connect_signals(self) -> None:
        self.text.textChanged.connect(self._on_text_changed)
        self.text.returnPressed.connect(self._on_save_requested)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcut.activated.connect(self._on_save_requested)

    def _on_text_changed(self, text: str) -> None:
        masked = find_card_number(text)
        self.problem.setText(card_number_message(masked) if masked else "")
        self.problem.setVisible(bool(masked))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(text.strip()) and not masked)

    def _on_save_requested(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            self.accept()

    def draft(self) -> FollowUpDraft:
        kind = list(FollowUpKind)[self.kinds.checkedId()]
        due = self.due.date().toPython() if self.has_due.isChecked() else None
        return FollowUpDraft(kind, self.text.text().strip(), due)  # type: ignore[arg-type]

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        customer_name: str,
        author: str,
        today: dt.date,
        kept: FollowUpDraft | None = None,
    ) -> FollowUpDraft | None:
        """The follow-up to save, or None. `kept` refills one that failed to save."""
        dialog = cls(customer_name, author, today, parent)
        if kept is not None:
            dialog.text.setText(kept.text)
            dialog.kinds.button(list(FollowUpKind).index(kept.kind)).setChecked(True)
            dialog.has_due.setChecked(kept.due is not None)
            if kept.due is not None:
                dialog.due.setDate(kept.due)
        return dialog.draft() if dialog.exec() == QDialog.DialogCode.Accepted else None
