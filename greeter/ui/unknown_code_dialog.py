"""An unknown card was scanned: say so, and offer to make it a customer's new loyalty card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from greeter.core.models import SearchHit
from greeter.ui.candidates import CandidateList
from greeter.ui.disposal import disposed
from greeter.ui.scan_fields import take_scans
from greeter.ui.search_box import SearchBox
from greeter.ui.theme import plain_label

FindCustomers = Callable[[str], Sequence[SearchHit]]


class AttachCardDialog(QDialog):
    """Type a name or phone, pick with ↑ ↓, Enter attaches; Esc leaves the card unknown."""

    def __init__(
        self,
        code: str,
        find: FindCustomers,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._find = find
        self._today = today
        self._chosen: int | None = None
        self._searched = ""
        self._build_ui(code)
        self._connect_signals()

    def _build_ui(self, code: str) -> None:
        self.setWindowTitle("Unknown card")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(plain_label(f"No customer has the card {code}.", "fullName", wrap=True))
        layout.addWidget(
            plain_label(
                "To make it someone's new loyalty card, type their name or phone and press Enter.",
                "guideline",
                wrap=True,
            )
        )
        self.search = SearchBox()
        self.search.setPlaceholderText("Name or phone of the card's owner…")
        self.search.setAccessibleName("Find the card's owner")
        take_scans(self.search)  # another of their cards finds them
        layout.addWidget(self.search)
        self.candidates = CandidateList()
        layout.addWidget(self.candidates, 1)
        self.problem = plain_label("", "problem", wrap=True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.attach = self.buttons.addButton("Attach card", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Not now")
        self.attach.setAutoDefault(False)  # Enter belongs to the search box
        layout.addWidget(self.buttons)
        self.search.setFocus()

    def _connect_signals(self) -> None:
        self.search.text_settled.connect(self._on_search_text_settled)
        self.search.submitted.connect(self._on_search_submitted)
        self.search.move_requested.connect(self.candidates.step)
        self.candidates.chosen.connect(self._on_candidates_chosen)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_search_text_settled(self, text: str) -> None:
        self._searched = text
        hits = list(self._find(text)) if text.strip() else []
        self.candidates.show_hits(hits, self._today)
        self.problem.setText("" if hits or not text.strip() else f"Nobody found for “{text}”.")

    def _on_search_submitted(self, text: str) -> None:
        if text != self._searched:  # Enter came before the list caught up with the typing
            self._on_search_text_settled(text)
        self._on_buttons_accepted()

    def _on_candidates_chosen(self, customer_id: int) -> None:
        self._chosen = customer_id
        self.accept()

    def _on_buttons_accepted(self) -> None:
        customer_id = self.candidates.current_customer()
        if customer_id is None:
            self.problem.setText("Find the card's owner first: type their name or phone.")
            return
        self._on_candidates_chosen(customer_id)

    def chosen(self) -> int | None:
        return self._chosen

    @classmethod
    def ask(cls, parent: QWidget, code: str, find: FindCustomers, today: dt.date) -> int | None:
        """The id of the customer who should get card `code`, or None."""
        with disposed(cls(code, find, today, parent)) as dialog:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
