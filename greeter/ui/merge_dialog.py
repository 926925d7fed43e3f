"""Merging a duplicate record into the customer on screen: find it, see what moves, confirm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from greeter.core.models import SearchHit
from greeter.ui.candidates import CandidateList, describe
from greeter.ui.disposal import disposed
from greeter.ui.scan_fields import take_scans
from greeter.ui.screen_fit import ScrollingBody, fit_dialog
from greeter.ui.search_box import SearchBox
from greeter.ui.theme import plain_label

FindCustomers = Callable[[str], Sequence[SearchHit]]
Preview = Callable[[int], Mapping[str, int]]  # customer id → table → rows that would move
SIZE = (660, 500)  # no wider than the window it opens over, no taller than the screen

# What staff call the rows a merge moves, singular and plural, in the order shown.
WORDS: dict[str, tuple[str, str]] = {
    "purchases": ("purchase", "purchases"),
    "notes": ("note", "notes"),
    "follow_ups": ("follow-up", "follow-ups"),
    "identifiers": ("card or id", "cards or ids"),
    "customer_phones": ("phone number", "phone numbers"),
    "customer_emails": ("email address", "email addresses"),
    "preferences": ("preference", "preferences"),
    "occasions": ("occasion", "occasions"),
    "customer_tags": ("tag", "tags"),
    "customer_links": ("household link", "household links"),
    "consents": ("marketing consent record", "marketing consent records"),
    "merges": ("earlier merge", "earlier merges"),
}
ALWAYS_LISTED = ("purchases", "notes", "follow_ups", "identifiers")
NOT_WORTH_SAYING = frozenset({"greetings", "customer_items"})


def counted(n: int, table: str) -> str:
    one, many = WORDS.get(table, (f"{table} row", f"{table} rows"))
    return f"{n} {one if n == 1 else many}"


def moved_summary(moved: Mapping[str, int]) -> str:
    """ "3 purchases, 2 notes, 1 follow-up and 4 other details" from table → rows: short
    enough for the status line, the rows that matter most named."""
    named = [counted(moved[t], t) for t in ALWAYS_LISTED if moved.get(t)]
    others = sum(n for t, n in moved.items() if t not in ALWAYS_LISTED + tuple(NOT_WORTH_SAYING))
    if others:
        named.append(f"{others} other detail{'' if others == 1 else 's'}")
    if not named:
        return "nothing"
    return ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]


def preview_lines(counts: Mapping[str, int]) -> list[str]:
    """One line per kind of row that will move; the four that matter most even when none."""
    tables = [t for t in WORDS if t in ALWAYS_LISTED or counts.get(t)]
    tables += sorted(t for t in counts if t not in WORDS and t not in NOT_WORTH_SAYING)
    return [f"•  {counted(counts.get(t, 0), t)}" for t in tables]


class MergeDialog(QDialog):
    """Page 1: type a name, phone, email or card, ↑ ↓ and Enter. Page 2: what will move,
    Enter merges, Alt+B goes back. Esc cancels at any point."""

    def __init__(
        self,
        keep_id: int,
        keep_name: str,
        by: str,
        find: FindCustomers,
        preview: Preview,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._keep_id = keep_id
        self._keep_name = keep_name
        self._by = by
        self._find = find
        self._preview = preview
        self._today = today
        self._searched = ""
        self._other: int | None = None
        self._hits: list[SearchHit] = []
        self._build_ui()
        self._connect_signals()

    # -- building --

    def _build_ui(self) -> None:
        # The title is what the task bar, Alt+Tab and a shared screen show: nobody's name.
        self.setWindowTitle("Merge a duplicate record")
        self.setObjectName("mergeDialog")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.pages.addWidget(self._build_find_page())
        self.pages.addWidget(self._build_confirm_page())
        fit_dialog(self, *SIZE)
        self.search.setFocus()

    def _build_find_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(
            plain_label(f"Merge another record into {self._keep_name}", "dialogTitle", wrap=True)
        )
        layout.addWidget(
            plain_label(
                "Find the duplicate record: type its name, phone, email or card, choose it "
                f"with ↑ ↓ and press Enter. Everything it holds will move to {self._keep_name}.",
                "guideline",
                wrap=True,
            )
        )
        self.search = SearchBox()
        self.search.setPlaceholderText("Name, phone, email or card of the other record…")
        self.search.setAccessibleName("Find the record to merge")
        take_scans(self.search)  # its card finds it
        layout.addWidget(self.search)
        self.candidates = CandidateList()
        layout.addWidget(self.candidates, 1)
        self.problem = plain_label("", "problem", wrap=True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.find_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next = self.find_buttons.addButton("Next", QDialogButtonBox.ButtonRole.ActionRole)
        self.next.setToolTip("Enter")
        layout.addWidget(self.find_buttons)
        return page

    def _build_confirm_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        said = QWidget()  # scrolls in a short or narrow dialog; the buttons stay in view
        text = QVBoxLayout(said)
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(10)
        self.confirm_title = plain_label("", "dialogTitle", wrap=True)
        text.addWidget(self.confirm_title)
        self.other_detail = plain_label("", "meta", wrap=True)
        text.addWidget(self.other_detail)
        self.moves_title = plain_label("", "guideline", wrap=True)
        text.addWidget(self.moves_title)
        self.moves = plain_label("", "mergeCounts", wrap=True)
        text.addWidget(self.moves)
        self.recorded = plain_label("", "guideline", wrap=True)
        text.addWidget(self.recorded)
        text.addStretch(1)
        layout.addWidget(ScrollingBody(said), 1)
        self.confirm_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.back = self.confirm_buttons.addButton("&Back", QDialogButtonBox.ButtonRole.ResetRole)
        self.merge = QPushButton("Merge")
        self.merge.setObjectName("mergeButton")
        self.merge.setToolTip("Enter")
        self.confirm_buttons.addButton(self.merge, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(self.confirm_buttons)
        self.back_key = QShortcut(QKeySequence("Alt+Left"), self)
        return page

    def _connect_signals(self) -> None:
        self.search.text_settled.connect(self._on_search_text_settled)
        self.search.submitted.connect(self._on_search_submitted)
        self.search.move_requested.connect(self.candidates.step)
        self.candidates.chosen.connect(self._on_candidates_chosen)
        self.next.clicked.connect(self._on_next_clicked)
        self.find_buttons.rejected.connect(self.reject)
        self.confirm_buttons.rejected.connect(self.reject)
        self.merge.clicked.connect(self._on_merge_clicked)
        self.back.clicked.connect(self._on_back_clicked)
        self.back_key.activated.connect(self._on_back_clicked)

    # -- page 1: which record --

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def _on_search_text_settled(self, text: str) -> None:
        self._searched = text
        found = list(self._find(text)) if text.strip() else []
        hits = [hit for hit in found if hit.customer_id != self._keep_id]
        self._hits = hits
        self.candidates.show_hits(hits, self._today)
        if hits or not text.strip():
            self._say("")
        elif found:
            self._say(f"That is {self._keep_name}: find the other record.")
        else:
            self._say(f"Nobody found for “{text.strip()}”.")

    def _on_search_submitted(self, text: str) -> None:
        if text != self._searched:  # Enter came before the list caught up with the typing
            self._on_search_text_settled(text)
        self._on_next_clicked()

    def _on_next_clicked(self) -> None:
        other = self.candidates.current_customer()
        if other is None:
            if not self.problem.text():
                self._say("Find the other record first: type its name, phone or card.")
            return
        self._on_candidates_chosen(other)

    def _on_candidates_chosen(self, other: int) -> None:
        hit = next(h for h in self._hits if h.customer_id == other)
        self._other = other
        name, detail = describe(hit, self._today)
        who = hit.display_name
        self.confirm_title.setText(f"Merge {who} into {self._keep_name}?")
        self.other_detail.setText(f"The record to merge: {name}   ·   {detail}")
        self.moves_title.setText(f"Moving to {self._keep_name}:")
        self.moves.setText("\n".join(preview_lines(self._preview(other))))
        self.recorded.setText(
            f"{who}'s own record is then removed. Details {self._keep_name} lacks (full name, "
            "pronunciation, birthday) are filled in from it, and the merge is recorded with "
            f"{self._by}'s name, the time, and a copy of {who}'s details."
        )
        self.pages.setCurrentIndex(1)
        self.merge.setFocus()

    # -- page 2: confirm --

    def _on_back_clicked(self) -> None:
        if self.pages.currentIndex() == 1:
            self.pages.setCurrentIndex(0)
            self.search.setFocus()
            self.search.selectAll()

    def _on_merge_clicked(self) -> None:
        if self._other is not None:
            self.accept()

    def chosen(self) -> int | None:
        return self._other

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        keep_id: int,
        keep_name: str,
        by: str,
        find: FindCustomers,
        preview: Preview,
        today: dt.date,
    ) -> int | None:
        """The id of the record to merge into `keep_id`, confirmed, or None."""
        with disposed(cls(keep_id, keep_name, by, find, preview, today, parent)) as dialog:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
