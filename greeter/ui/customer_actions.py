"""The keystrokes that keep customers clean: add one, edit the one on screen, merge a duplicate."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from greeter.core.customer_form import CustomerDraft
from greeter.core.identify import QueryKind, read_query
from greeter.core.models import Staff
from greeter.core.permissions import Action, allowed, refusal
from greeter.store.errors import StoreError
from greeter.ui.saving import save_or_ask_again, tell_not_saved

if TYPE_CHECKING:
    from greeter.ui.customer_dialog import CustomerEntry
    from greeter.ui.main_window import MainWindow

PUT_AWAY = "New customer not added: Ctrl+Shift+N brings back what was typed."


def draft_from_search(text: str, region: str) -> CustomerDraft:
    """A new customer started from what the search box holds: a name, phone, email or card."""
    query = read_query(text, region)
    if query.kind is QueryKind.NAME:
        words = query.text.split()
        if len(words) > 1 and not any(ch.isdigit() for ch in query.text):
            # "Maria Lopez" is a full name: she is greeted by her first name unless staff
            # change it.
            return CustomerDraft(preferred_name=words[0], full_name=query.text)
        return CustomerDraft(preferred_name=query.text)
    if query.kind is QueryKind.EMAIL:
        return CustomerDraft(emails=(query.text,))
    if query.kind is QueryKind.NUMBER and query.phone:
        return CustomerDraft(phones=(query.text,))
    if query.kind in (QueryKind.NUMBER, QueryKind.CODE):
        return CustomerDraft(cards=(query.text,))
    return CustomerDraft()


class CustomerActions(QObject):
    """Ctrl+Shift+N new customer, Ctrl+E edit the one on screen, Ctrl+M merge into them."""

    customer_added = Signal(int)
    customer_edited = Signal(int)
    customers_merged = Signal(int, int)  # kept id, merged id

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.new_key = QShortcut(QKeySequence("Ctrl+Shift+N"), window)
        self.edit_key = QShortcut(QKeySequence("Ctrl+E"), window)
        self.merge_key = QShortcut(QKeySequence("Ctrl+M"), window)
        # A new customer's details closed unsaved, and the search box's text they started
        # from: the next Ctrl+Shift+N brings them back until another customer is shown, the
        # window locks or someone else goes on duty (a plain Hide keeps them). Only in
        # memory, and only while this window is open.
        self._kept: tuple[str, CustomerEntry] | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.new_key.activated.connect(self.add_customer)
        self.edit_key.activated.connect(self.edit_customer)
        self.merge_key.activated.connect(self.merge_customer)
        self._window.customer_recognised.connect(self._on_window_customer_recognised)
        # Notes put away unsaved about a merged-away record follow it (built before us).
        self.customers_merged.connect(self._window.card_actions.move_notes)

    def _who(self, action: Action, needs_customer: str = "") -> Staff | None:
        """The person on duty, if they may do `action` now; otherwise the status says why."""
        window = self._window
        if window.say_if_hidden() or window.say_if_read_only():
            return None  # no dialog full of personal data, or to type what cannot be saved
        if needs_customer and window.current_customer is None:
            window.status.setText(f"Find a customer first, then {needs_customer}.")
            return None
        staff = window.on_duty_staff()
        if staff is None:
            window.status.setText("Choose who is on duty first.")
            return None
        if not allowed(staff.role, action):
            window.status.setText(refusal(staff.name, staff.role, action, in_window=True))
            return None
        return staff

    def _on_window_customer_recognised(self, _customer_id: int) -> None:
        self._kept = None  # someone else is at the counter now

    def forget_unsaved(self) -> None:
        """The window locked, or someone else went on duty: what was typed for a new customer
        and left unsaved is not theirs to see."""
        self._kept = None

    def _take_kept(self, typed: str) -> CustomerEntry | None:
        """The details kept from a new customer's dialog closed unsaved, if the search box
        holds what they started from, or nothing (Escape empties it)."""
        if self._kept is None or typed.strip() not in ("", self._kept[0].strip()):
            return None
        entry = self._kept[1]
        self._kept = None  # back in the dialog: kept again if it is closed unsaved again
        return entry

    def _put_away(self, typed: str, fresh: CustomerEntry, entry: CustomerEntry) -> None:
        """Keep the details of a new customer's dialog closed unsaved for the next
        Ctrl+Shift+N, unless they are only what the search box gave it, or the window locked
        meanwhile (the lock closed the dialog: someone else may unlock it)."""
        if entry != fresh and not self._window.staff_actions.locked:
            self._kept = (typed, entry)
            self._window.status.setText(PUT_AWAY)

    def _show(self, customer_id: int, message: str) -> None:
        self._window.show_customer(customer_id)
        self._window.status.setText(message)

    def add_customer(self) -> None:
        """A new customer, started from what the search box holds when no card is shown."""
        staff = self._who(Action.ADD_CUSTOMER)
        if staff is None:
            return
        # Each dialog loads when first opened: the window starts sooner without them.
        from greeter.ui.customer_dialog import CustomerDialog, CustomerEntry, OpenInstead

        window = self._window
        counter = window.counter
        region = counter.settings.region
        typed = window.search.text() if window.current_customer is None else ""
        fresh = CustomerEntry(draft_from_search(typed, region))
        entry = self._take_kept(typed) or fresh
        put_away = partial(self._put_away, typed, fresh)
        while True:  # a failed save reopens the dialog with what was typed
            answer = CustomerDialog.ask(
                window, region, counter.possible_duplicates, entry, put_away
            )
            if answer is None:
                window.search.setFocus()
                return
            if isinstance(answer, OpenInstead):
                name = counter.customer_name(answer.customer_id)
                window.search.clear()  # it held someone else, as when a link is followed
                self._show(answer.customer_id, f"Opened {name}; no new customer was added.")
                return
            entry = answer
            try:
                customer_id = counter.add_customer(
                    entry.draft,
                    staff,
                    email_consent=entry.email_consent,
                    sms_consent=entry.sms_consent,
                )
                break
            except StoreError as error:
                tell_not_saved(window, "Customer not added", error)
        self._show(customer_id, f"Added {counter.customer_name(customer_id)}.")
        self.customer_added.emit(customer_id)

    def edit_customer(self) -> None:
        staff = self._who(Action.EDIT_CUSTOMER, "press Ctrl+E to edit their details")
        window = self._window
        customer_id = window.current_customer
        if staff is None or customer_id is None:
            return
        from greeter.ui.customer_dialog import CustomerDialog, CustomerEntry

        counter = window.counter
        name = counter.customer_name(customer_id)
        email, sms = counter.marketing_consent(customer_id)
        first = CustomerEntry(counter.customer_draft(customer_id), email, sms)

        def ask(kept: CustomerEntry | None) -> CustomerEntry | None:
            answer = CustomerDialog.ask(
                window, counter.settings.region, None, kept or first, editing=name
            )
            return answer if isinstance(answer, CustomerEntry) else None

        saved = save_or_ask_again(
            window,
            "Changes not saved",
            ask,
            lambda entry: counter.edit_customer(
                customer_id,
                entry.draft,
                staff,
                email_consent=entry.email_consent,
                sms_consent=entry.sms_consent,
            ),
        )
        if saved is None:
            window.search.setFocus()
            return
        changed = saved[1]
        name = counter.customer_name(customer_id)
        said = f"Saved {name}: {', '.join(changed)}." if changed else f"Nothing changed for {name}."
        self._show(customer_id, said)
        if changed:
            self.customer_edited.emit(customer_id)

    def merge_customer(self) -> None:
        """Fold a duplicate record into the customer on screen, who keeps everything."""
        staff = self._who(Action.MERGE_CUSTOMERS, "press Ctrl+M to merge a duplicate into them")
        window = self._window
        keep_id = window.current_customer
        if staff is None or keep_id is None:
            return
        from greeter.ui.merge_dialog import MergeDialog, moved_summary

        counter = window.counter
        keep_name = counter.customer_name(keep_id)
        other_id = MergeDialog.ask(
            window,
            keep_id,
            keep_name,
            staff.name,
            counter.find_customers,
            counter.merge_preview,
            counter.today(),
        )
        if other_id is None:
            window.search.setFocus()
            return
        try:
            other = counter.customer_draft(other_id)
            other_name = other.display_name
            result = counter.merge_customers(keep_id, other_id, staff)
        except StoreError as error:
            window.status.setText(f"Not merged. {error}")
            return
        message = f"Merged {other_name} into {keep_name}: moved {moved_summary(result.moved)}."
        if result.filled:
            message += f" Filled in {', '.join(result.filled)}."
        self._show(keep_id, message)
        self.customers_merged.emit(keep_id, other_id)
