"""Adding or editing a customer: problems shown by each field as you type, likely duplicates
offered before a new record is saved."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from greeter.core.customer_form import CustomerDraft, draft_problems
from greeter.ui.disposal import disposed
from greeter.ui.flow_layout import FlowLayout
from greeter.ui.scan_fields import split_items, take_scans
from greeter.ui.screen_fit import ScrollingBody, fit_dialog, grow_to_fit
from greeter.ui.theme import plain_label, restyle

SETTLE_MS = 150  # problems and duplicates wait for a pause in the typing
WIDTH = 720  # or the window's it opens over, where that is narrower (a panel beside the till)

# (customer id, name, reason such as "same phone number (613-555-0123)") per likely duplicate
FindDuplicates = Callable[[CustomerDraft], Sequence[tuple[int, str, str]]]

_SAME = re.compile(r"^(same [^()]+) \((.*)\)$")
_FIELDS = (  # draft field, caption, placeholder
    ("preferred_name", "&Preferred name", "The name they like to be called, e.g. Lisa"),
    ("full_name", "F&ull name", "e.g. Lisa Marsh"),
    ("pronunciation", "Say it &as", "How to say the name, e.g. LEE-sa"),
    ("phones", "P&hones", "e.g. 613-555-0123 (several: separate with commas)"),
    ("emails", "E&mails", "e.g. lisa@example.com (several: separate with commas)"),
    ("cards", "&Cards", "Loyalty card codes, e.g. BG-1 (scan or type)"),
    ("birthday", "&Birthday", "MM-DD or YYYY-MM-DD, e.g. 03-17 or 1984-03-17"),
)
_LISTS = ("phones", "emails", "cards")
REQUIRED_HINT = "Required."
OPEN_INSTEAD = "&Open {name} instead"  # Alt+O
# Enter in a field always saves: opening someone else takes a key or a click of its own.
DUPLICATES_HINT = "They may already be a customer: Alt+O or a double-click opens them instead."
DUPLICATES_STOP = (
    "Check these first: Enter again adds a new customer anyway; "
    "Alt+O or a double-click opens the chosen one instead."
)


@dataclass(frozen=True)
class CustomerEntry:
    """What the form holds: the details as typed, and the two marketing consent boxes."""

    draft: CustomerDraft
    email_consent: bool = False
    sms_consent: bool = False


@dataclass(frozen=True)
class OpenInstead:
    """Staff chose an existing customer rather than adding a duplicate."""

    customer_id: int


def tidy_reason(reason: str) -> str:
    """ "same phone number: (613) 555-0123" rather than "same phone number ((613) 555-0123)"."""
    match = _SAME.match(reason)
    return f"{match.group(1)}: {match.group(2)}" if match else reason


class CustomerDialog(QDialog):
    def __init__(
        self,
        region: str,
        find_duplicates: FindDuplicates | None = None,
        editing: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._region = region
        self._find_duplicates = find_duplicates
        self._editing = editing
        self._touched: set[str] = set()
        self._checked_duplicates: tuple[int, ...] | None = None  # what a save attempt showed
        self._opened: int | None = None
        self._offers: list[tuple[int, str, str]] = []  # the duplicates on screen
        self._settle = QTimer(self)
        self._build_ui()
        self._connect_signals()
        self._on_settle_timeout()

    # -- building --

    def _build_ui(self) -> None:
        # The title is what the task bar, Alt+Tab and a shared screen show: nobody's name.
        self.setWindowTitle("Edit a customer" if self._editing else "New customer")
        self.setObjectName("customerDialog")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        title = f"Details of {self._editing}" if self._editing else "New customer"
        # A long name wraps, even inside itself, rather than widen the dialog or be cut.
        self.heading = plain_label(title, "dialogTitle", wrap=True)
        layout.addWidget(self.heading)

        form = QWidget()  # scrolls on a short screen; the heading and buttons stay in view
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.fields: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        for row, (name, caption, placeholder) in enumerate(_FIELDS):
            label = QLabel(caption)
            label.setObjectName("fieldLabel")
            edit = QLineEdit()
            edit.setObjectName("field")
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(caption.replace("&", ""))
            label.setBuddy(edit)
            problem = plain_label("", "fieldProblem", wrap=True)
            problem.hide()
            grid.addWidget(label, 2 * row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(edit, 2 * row, 1)
            grid.addWidget(problem, 2 * row + 1, 1)
            self.fields[name] = edit
            self.problems[name] = problem

        column.addLayout(grid)
        take_scans(self.fields["cards"], adds=True)  # a card scanned there is theirs
        marketing = QLabel("Marketing")
        marketing.setObjectName("fieldLabel")
        self.email_consent = QCheckBox("Agrees to &email")
        self.sms_consent = QCheckBox("Agrees to &text messages (SMS)")
        consent = FlowLayout(spacing=18)  # on one line, or on two in a narrow panel
        consent.addWidget(marketing)
        for check in (self.email_consent, self.sms_consent):
            check.setObjectName("consent")
            check.setToolTip("Recorded with today's date, as given at the counter")
            consent.addWidget(check)
        column.addLayout(consent)
        column.addWidget(
            plain_label(
                "Tick only what the customer said yes to. A change is recorded with today's "
                "date, as given at the counter.",
                "meta",
                wrap=True,
            )
        )
        column.addStretch(1)
        self.form = ScrollingBody(form)
        layout.addWidget(self.form, 1)
        self.fields["preferred_name"].setFocus()

        self.duplicates_box = QWidget()
        self.duplicates_box.setObjectName("duplicatesBox")
        box = QVBoxLayout(self.duplicates_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(6)
        self.duplicates_hint = plain_label(DUPLICATES_HINT, "duplicatesHint", wrap=True)
        box.addWidget(self.duplicates_hint)
        self.duplicates = QListWidget()
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setAccessibleName("Possible duplicates")
        # A long reason ("same phone number, email and card: …") ends in "…", its whole
        # text on hover, rather than a scroll bar hiding the row.
        self.duplicates.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.duplicates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.addWidget(self.duplicates)
        self.open_instead = QPushButton(OPEN_INSTEAD.format(name="this customer"))
        self.open_instead.setObjectName("openInstead")
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_instead)
        open_row.addStretch(1)
        box.addLayout(open_row)
        self.duplicates_box.hide()
        layout.addWidget(self.duplicates_box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save.setToolTip("Enter or Ctrl+Enter")
        layout.addWidget(self.buttons)
        # Enter in a field saves; on a button, presses that button. Only once the button is
        # in the dialog does the dialog know it: otherwise, when shown, it makes the first
        # button after the focus its default (Open … instead), and Enter in a field would
        # open someone else.
        self.save.setDefault(True)
        self.save_keys = [
            QShortcut(QKeySequence("Ctrl+Return"), self),
            QShortcut(QKeySequence("Ctrl+Enter"), self),
        ]
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        fit_dialog(self, WIDTH)

    def _connect_signals(self) -> None:
        for name, edit in self.fields.items():
            edit.textEdited.connect(lambda _text, name=name: self._on_field_edited(name))
            edit.textChanged.connect(self._on_field_text_changed)
        self._settle.timeout.connect(self._on_settle_timeout)
        self.finished.connect(self._settle.stop)  # no looking up duplicates once closed
        self.duplicates.itemActivated.connect(self._on_duplicates_item_activated)
        self.duplicates.currentRowChanged.connect(self._on_duplicates_current_row_changed)
        self.open_instead.clicked.connect(self._on_open_instead_clicked)
        self.buttons.accepted.connect(self._on_save_requested)
        self.buttons.rejected.connect(self.reject)
        for key in self.save_keys:
            key.activated.connect(self._on_save_requested)

    # -- what the form holds --

    def fill(self, entry: CustomerEntry) -> None:
        """Show a customer's details (being edited, or typed before a save failed)."""
        draft = entry.draft
        for name, edit in self.fields.items():
            value = getattr(draft, name)
            edit.setText(", ".join(value) if name in _LISTS else value)
            # All of it selected (typing replaces it, as after Tab) from the end back to the
            # start, so that a long name shows its start rather than its end.
            edit.setSelection(len(edit.text()), -len(edit.text()))
        self.email_consent.setChecked(entry.email_consent)
        self.sms_consent.setChecked(entry.sms_consent)
        if draft.preferred_name:
            self._touched.add("preferred_name")
        self._on_settle_timeout()

    def draft(self) -> CustomerDraft:
        text = {name: edit.text() for name, edit in self.fields.items()}
        return CustomerDraft(
            preferred_name=text["preferred_name"].strip(),
            full_name=text["full_name"].strip(),
            pronunciation=text["pronunciation"].strip(),
            phones=split_items(text["phones"]),
            emails=split_items(text["emails"]),
            cards=split_items(text["cards"]),
            birthday=text["birthday"].strip(),
        )

    def entry(self) -> CustomerEntry:
        return CustomerEntry(
            self.draft(), self.email_consent.isChecked(), self.sms_consent.isChecked()
        )

    def opened(self) -> int | None:
        """The existing customer chosen instead of saving, if any."""
        return self._opened

    # -- slots --

    def _on_field_edited(self, name: str) -> None:
        self._touched.add(name)

    def _on_field_text_changed(self, _text: str) -> None:
        # Save follows every key at once; the messages and duplicates wait for a pause.
        self.save.setEnabled(not draft_problems(self.draft(), self._region))
        self._settle.start()

    def _on_settle_timeout(self) -> None:
        self._settle.stop()
        draft = self.draft()
        problems = draft_problems(draft, self._region)
        for name, label in self.problems.items():
            message = problems.get(name, "")
            if name == "preferred_name" and name not in self._touched:
                message = REQUIRED_HINT if message else ""
            label.setText(message)
            label.setProperty("hint", message == REQUIRED_HINT)
            restyle(label)
            label.setVisible(bool(message))
        self.save.setEnabled(not problems)
        self._show_duplicates(draft)

    def _show_duplicates(self, draft: CustomerDraft) -> None:
        found = list(self._find_duplicates(draft)) if self._find_duplicates else []
        if found != self._offers:
            self._offers = found
            self.duplicates.clear()
            for customer_id, name, reason in found:
                item = QListWidgetItem(f"Possible duplicate: {name} — {tidy_reason(reason)}")
                item.setData(Qt.ItemDataRole.UserRole, customer_id)
                item.setToolTip(f"{name}: {reason}")
                self.duplicates.addItem(item)
            rows = min(len(found), 4)
            row_height = self.duplicates.sizeHintForRow(0) if found else 0
            self.duplicates.setFixedHeight(rows * row_height + 2 * self.duplicates.frameWidth() + 8)
            self._checked_duplicates = None
            self.duplicates_hint.setText(DUPLICATES_HINT)
            self.duplicates.setCurrentRow(0 if found else -1)
        if found and self.duplicates_box.isHidden():
            self.duplicates_box.show()
            grow_to_fit(self)  # if the screen has room; else the form above scrolls
        self.duplicates_box.setVisible(bool(found))
        self.save.setText("Save as new customer" if found else "Save")
        self._on_duplicates_current_row_changed(self.duplicates.currentRow())

    def _on_duplicates_current_row_changed(self, row: int) -> None:
        self.open_instead.setEnabled(row >= 0)
        name = self._offers[row][1] if 0 <= row < len(self._offers) else "this customer"
        self.open_instead.setText(OPEN_INSTEAD.format(name=name.replace("&", "&&")))

    def _on_duplicates_item_activated(self, item: QListWidgetItem) -> None:
        self._open(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_open_instead_clicked(self) -> None:
        item = self.duplicates.currentItem()
        if item is not None:
            self._open(int(item.data(Qt.ItemDataRole.UserRole)))

    def _open(self, customer_id: int) -> None:
        self._opened = customer_id
        self.accept()

    def _on_save_requested(self) -> None:
        if self._settle.isActive():  # Enter came before the pause: catch up first
            self._on_settle_timeout()
        if not self.save.isEnabled():
            self._touched.add("preferred_name")
            self._on_settle_timeout()
            return
        ids = tuple(customer_id for customer_id, _, _ in self._offers)
        if ids and self._checked_duplicates != ids:
            # The first save with duplicates on screen stops at them: one may be this person.
            self._checked_duplicates = ids
            self.duplicates_hint.setText(DUPLICATES_STOP)  # the focus stays where it was
            return
        self._opened = None
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        region: str,
        find_duplicates: FindDuplicates | None = None,
        start: CustomerEntry | None = None,
        put_away: Callable[[CustomerEntry], object] | None = None,
        *,
        editing: str = "",
    ) -> CustomerEntry | OpenInstead | None:
        """The customer as typed, OpenInstead when staff chose a likely duplicate, or None
        if cancelled. `start` fills the form: a customer being edited (`editing` is their
        name), what was typed in the search box, or an entry that failed to save. When
        cancelled, `put_away` gets what the form held."""
        with disposed(cls(region, find_duplicates, editing, parent)) as dialog:
            if start is not None:
                dialog.fill(start)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                if put_away is not None:
                    put_away(dialog.entry())
                return None
            opened = dialog.opened()
            return OpenInstead(opened) if opened is not None else dialog.entry()
