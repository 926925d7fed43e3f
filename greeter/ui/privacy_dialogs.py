"""A customer's own data: choosing where to export it, and confirming they are erased for good."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from greeter.core.notes import forget_earlier_command, forget_held_command
from greeter.store.merge import HeldMention
from greeter.store.notes import Mention
from greeter.store.subject_access import TITLES
from greeter.ui.disposal import disposed
from greeter.ui.screen_fit import ScrollingBody, fit_dialog
from greeter.ui.theme import plain_label

CONFIRM_WORD = "ERASE"
WIDTH = 560  # the erasure dialog's, or the window's it opens over where that is narrower

# What the erasure dialog calls the tables the export names by their table name.
_TITLES = {
    **TITLES,
    "notes": "Notes, with every earlier version",
    "greetings": "Times they were greeted at the counter",
    "customer_links": "Links to other customers",
    "merges": "Records merged into theirs",
    "occasions": "Occasions",
    "preferences": "Preferences",
}


# Most recognisable first: how to reach them, then what staff wrote, then the rest.
_ORDER = {
    table: n
    for n, table in enumerate(
        ("customer_phones", "customer_emails", "identifiers", "notes", "follow_ups")
    )
}


def _title(key: str) -> str:
    table = key.split(".", 1)[0]
    return _TITLES.get(table, table.replace("_", " ").capitalize())


@dataclass(frozen=True)
class ErasurePreview:
    """What erasing one customer removes, and how many purchases stay behind, detached."""

    customer_id: int
    preferred_name: str
    full_name: str
    removed: tuple[str, ...]
    purchases: int
    # Notes on other customers that name them ("note 12 on customer #31: “…”"): not erased.
    mentions: tuple[str, ...] = ()
    # For each of those, the command that rewrites it and forgets its earlier wording.
    commands: tuple[str, ...] = ()
    # Records merged into other customers whose kept copy names them ("record #14, merged
    # into customer #31: “…”"), not erased either; and the command that forgets each.
    held: tuple[str, ...] = ()
    held_commands: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        data: Mapping[str, Any],
        mentions: Sequence[Mention] = (),
        for_this_shop: Callable[[str], str] = str,
        held: Sequence[HeldMention] = (),
    ) -> ErasurePreview:
        """From everything held about the customer (`greeter.store.subject_access.collect`),
        the notes on others that name them (`greeter.store.notes.Notes.naming`) and the
        records merged into others that name them (`greeter.store.merge.Merges.naming`),
        whose commands `for_this_shop` makes act on the window's shop
        (MainWindow.for_this_shop)."""
        profile = data["profile"]
        removed = ["Their names, pronunciation, birthday and visit counts"]
        purchases = 0
        tables = data["tables"]
        for key in sorted(tables, key=lambda k: (_ORDER.get(k.split(".", 1)[0], len(_ORDER)), k)):
            if key.split(".", 1)[0] == "purchases":
                purchases += len(tables[key])
            else:
                removed.append(f"{_title(key)}: {len(tables[key])}")
        removed.append("The words their name is found by in the search box")
        return cls(
            int(data["customer_id"]),
            str(profile.get("preferred_name") or ""),
            str(profile.get("full_name") or ""),
            tuple(removed),
            purchases,
            tuple(_mention(m) for m in mentions),
            tuple(for_this_shop(forget_earlier_command(m.note_id, m.in_text)) for m in mentions),
            tuple(
                f"Record #{m.merged_id}, merged into customer #{m.customer_id}: {m.excerpt}"
                for m in held
            ),
            tuple(for_this_shop(forget_held_command(m.merged_id)) for m in held),
        )


def _mention(mention: Mention) -> str:
    where = "" if mention.in_text else " (in the note's earlier versions)"
    return f"Note {mention.note_id} on customer #{mention.customer_id}: {mention.excerpt}{where}"


def _mentions_said(mentions: tuple[str, ...]) -> str:
    """The notes on other customers that name them: erasing does not touch those."""
    if not mentions:
        return "No other customer's note names them."
    return (
        "These notes on other customers name them and are not erased: rewrite each "
        "afterwards (F3 on that customer). The earlier wording stays in the note's history "
        "until an owner runs the command under it in a terminal (with the new wording in "
        "place of “…”)."
    )


HELD_SAID = (
    "These records, merged into other customers, still hold words that name them and are "
    "not erased: read each, and if it is about them, have an owner run the command under "
    "it in a terminal to forget what the record held."
)


def _command_line(command: str, does: str) -> QLineEdit:
    """A command to paste into a terminal, on one line: never wrapped inside an argument;
    what does not fit scrolls sideways, and shows whole on hover. `does`: what it does, for
    a screen reader."""
    line = QLineEdit(command)
    line.setObjectName("eraseCommand")
    line.setReadOnly(True)
    line.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    line.setCursorPosition(0)  # its start in view
    line.setToolTip(command)
    line.setAccessibleName(does)
    return line


class ExportFolderDialog:
    """Where to write one customer's data: the platform's own folder chooser."""

    @classmethod
    def ask(cls, parent: QWidget, customer_name: str, start: Path) -> Path | None:
        """The folder chosen, or None. `customer_name` is not in the picker's title: a title
        is what the task bar, Alt+Tab and a shared screen show."""
        chosen = QFileDialog.getExistingDirectory(
            parent, "Choose a folder for the customer’s data", str(start)
        )
        return Path(chosen) if chosen else None


class EraseDialog(QDialog):
    """Says exactly what goes and what stays; Erase works once the name (or ERASE) is typed."""

    def __init__(self, preview: ErasurePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self._build_ui(preview)
        self._connect_signals()
        self._on_confirm_text_changed("")

    def _build_ui(self, preview: ErasurePreview) -> None:
        name = preview.preferred_name or f"customer {preview.customer_id}"
        self.setWindowTitle("Erase a customer")
        self.setObjectName("eraseDialog")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(plain_label(f"Erase {name} for good?", "pinName", wrap=True))
        # What goes and what stays scrolls on a short screen; whom, the name to type and the
        # buttons stay in view.
        body = QWidget()
        said = QVBoxLayout(body)
        said.setContentsMargins(0, 0, 0, 0)
        said.setSpacing(10)
        who = f"Customer {preview.customer_id}"
        if preview.full_name and preview.full_name != preview.preferred_name:
            who += f" · {preview.full_name}"
        said.addWidget(plain_label(who, "meta", wrap=True))
        said.addWidget(plain_label("This removes from the shop's file:", "eraseHeading"))
        self.removed = plain_label(
            "\n".join(f"•  {line}" for line in preview.removed), "eraseList", wrap=True
        )
        said.addWidget(self.removed)
        n = preview.purchases
        stays = (
            f"Their {n} purchase{'s' if n != 1 else ''} stay in the shop's totals, detached: "
            "they will belong to nobody."
            if n
            else "They have no purchases, so the shop's totals do not change."
        )
        said.addWidget(plain_label(stays, "guideline", wrap=True))
        said.addWidget(
            plain_label(
                "This cannot be undone, and restoring an older backup does not bring them back.",
                "guideline",
                wrap=True,
            )
        )
        said.addWidget(plain_label(_mentions_said(preview.mentions), "guideline", wrap=True))
        self.commands: list[QLineEdit] = []
        self.copy_buttons: list[QPushButton] = []
        for mention, command in zip(preview.mentions, preview.commands, strict=True):
            self._add_command(said, mention, command, "Command that rewrites the note")
        if preview.held:
            said.addWidget(plain_label(HELD_SAID, "guideline", wrap=True))
        for held, command in zip(preview.held, preview.held_commands, strict=True):
            self._add_command(said, held, command, "Command that forgets what the record held")
        said.addStretch(1)
        self.body = ScrollingBody(body)
        self.body.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab to it, then ↑ ↓ scroll it
        layout.addWidget(self.body, 1)
        layout.addSpacing(4)
        layout.addWidget(
            plain_label(f"To confirm, type {name} (or {CONFIRM_WORD}):", "eraseHeading", wrap=True)
        )
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirmErase")
        layout.addWidget(self.confirm)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.erase = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.erase.setText("Erase")
        self.erase.setObjectName("danger")
        self.erase.setDefault(True)
        layout.addWidget(self.buttons)
        fit_dialog(self, WIDTH)
        self.confirm.setFocus()

    def _add_command(self, said: QVBoxLayout, mention: str, command: str, does: str) -> None:
        """What names them, and under it the command that removes it, with Copy beside."""
        said.addWidget(plain_label(f"•  {mention}", "guideline", wrap=True))
        row = QHBoxLayout()
        row.setSpacing(8)
        self.commands.append(_command_line(command, does))
        copy = QPushButton("Copy")
        copy.setObjectName("copyCommand")
        copy.setAutoDefault(False)  # Enter still means Erase
        copy.setToolTip("Copy the command, to paste into a terminal")
        self.copy_buttons.append(copy)
        row.addWidget(self.commands[-1], 1)
        row.addWidget(copy)
        said.addLayout(row)

    def _connect_signals(self) -> None:
        self.confirm.textChanged.connect(self._on_confirm_text_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for line, copy in zip(self.commands, self.copy_buttons, strict=True):
            copy.clicked.connect(partial(self._on_copy_clicked, line, copy))

    def _on_confirm_text_changed(self, text: str) -> None:
        self.erase.setEnabled(self.confirmed(text))

    def _on_copy_clicked(self, line: QLineEdit, copy: QPushButton) -> None:
        QApplication.clipboard().setText(line.text())
        copy.setText("Copied")

    def confirmed(self, text: str) -> bool:
        typed = text.strip().casefold()
        name = self._preview.preferred_name.strip().casefold()
        return bool(typed) and typed in {name, CONFIRM_WORD.casefold()}

    @classmethod
    def ask(cls, parent: QWidget, preview: ErasurePreview) -> int | None:
        """The customer id to erase once confirmed, or None."""
        with disposed(cls(preview, parent)) as dialog:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return preview.customer_id if accepted else None
