"""Customers named from outside the keyboard: a scanner burst, or the till over its socket."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from greeter.core.guard import payment_card_code
from greeter.core.identify import QueryKind, card_code, read_query
from greeter.core.models import SearchHit
from greeter.recognise import Recognition
from greeter.store.errors import StoreError
from greeter.ui.hidden_mode import PUT_AWAY_WHILE_HIDDEN

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow

UNKNOWN_TO_GREETER = "The till named a customer Greeter does not know."
# Said in the status line, above the dialog a scan or the till waits for: nothing about the
# customer asked for (a loyalty card's code at most; never a phone number, an email or what
# looks like a payment card), as the screen may still show the one the dialog is about.
CARD_WAITS = "Card {} read: looked up once this dialog closes."
SCAN_WAITS = "Scan read: looked up once this dialog closes."
TILL_WAITS = "The till named a customer: shown once this dialog closes."


class TillRequests(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._waiting: Callable[[], None] | None = None  # what waits for a dialog to close

    def show_selected(self, result: Recognition) -> bool:
        """Show whom the till named; True when that waits for an open dialog to close."""
        if result.customer_id is not None or result.candidates:
            customer_id, hits, message = result.customer_id, result.candidates, result.message
            hidden = self._window.hidden_mode.on
            waits = self._when_no_dialog(
                lambda: self._show_for_till(customer_id, hits, message, hidden_when_named=hidden)
            )
            if waits:
                self._window.status.setText(TILL_WAITS)
            return waits
        # Never leave the last customer's card up for the next one: they would be greeted
        # by the wrong name, and the card's details seen. A note open for it is finished first.
        self._when_no_dialog(lambda: self._put_away_for_till(result.message))
        return False

    def handle_scan(self, code: str) -> None:
        """A scanner read `code` (wherever the focus was): open that customer, or offer to
        make an unknown code someone's loyalty card. While a dialog is open it waits, the
        status line saying the scan was read, so that nobody scans it again."""
        if self._when_no_dialog(lambda: self._open_scanned(code)):
            query = read_query(code, self._window.counter.settings.region)
            loyalty = query.kind is QueryKind.CODE or (
                query.kind is QueryKind.NUMBER and not query.phone and not payment_card_code(code)
            )
            said = CARD_WAITS.format(card_code(code)) if loyalty else SCAN_WAITS
            self._window.status.setText(said)

    def _open_scanned(self, code: str) -> None:
        window = self._window
        popup = QApplication.activePopupWidget()
        if popup is not None:  # a menu opened for the customer before: not for this one
            popup.close()
        if window.staff_actions.locked:  # no card, and no offer to attach one, until unlocked
            window.status.setText("Unlock first.")
            return
        window.search.setText(code)
        result = window.look_up(code)
        if result.recognised or result.candidates or window.counter.holds_no_shop():
            return  # no offer to attach a card to someone in a file that holds no shop
        if read_query(code, window.counter.settings.region).kind not in (
            QueryKind.NUMBER,
            QueryKind.CODE,
        ):
            return
        # Not while hidden (the offer searches customers by name), nor when it cannot be saved.
        if not window.say_if_hidden() and not window.say_if_read_only():
            self._offer_card(code)

    def _offer_card(self, code: str) -> None:
        from greeter.ui.unknown_code_dialog import AttachCardDialog  # loaded when first needed

        window = self._window
        owner = AttachCardDialog.ask(window, code, self._customers_matching, window.counter.today())
        if owner is None:
            window.search.setFocus()
            return
        try:
            window.counter.store.customers.add_card(owner, code)
        except StoreError as error:
            window.status.setText(f"The card was not attached. {error}")
            return
        window.show_customer(owner)
        name = window.counter.customer_name(owner)
        window.status.setText(f"Card {card_code(code)} is now {name}’s loyalty card.")

    def _customers_matching(self, text: str) -> list[SearchHit]:
        counter = self._window.counter
        result = counter.recognise(text)
        if result.customer_id is not None:
            return counter.store.names.hits_for([result.customer_id])
        return list(result.candidates)

    def _show_for_till(
        self,
        customer_id: int | None,
        hits: Sequence[SearchHit] = (),
        message: str = "",
        *,
        hidden_when_named: bool = False,
    ) -> None:
        """Show whom the till named: at once, even on a hidden screen (staff at work at the
        till), unless staff hid the screen after the till named them (Ctrl+H over the
        dialog it waited for): then once the screen is shown again."""
        window = self._window
        if window.hidden_mode.on and not hidden_when_named:
            window.hidden_mode.show_when_shown(
                lambda: self._show_for_till(customer_id, hits, message)
            )
            return
        window.search.clear()  # what was typed before is not what the till asked for
        if customer_id is not None:
            window.show_customer(customer_id)
        else:
            window.show_candidates(hits, message)

    def _put_away_for_till(self, why: str) -> None:
        """The till named someone Greeter does not know (`why`): back to the day's list."""
        window = self._window
        if window.staff_actions.locked:  # the lock page already shows nobody
            window.status.setText(UNKNOWN_TO_GREETER)
            return
        hidden = window.hidden_mode.on
        window.show_idle()  # while hidden, puts the card away unseen: Ctrl+H shows the list
        said = PUT_AWAY_WHILE_HIDDEN if hidden else why  # no phone or email while hidden
        window.status.setText(f"{UNKNOWN_TO_GREETER} {said}".strip())

    def _when_no_dialog(self, action: Callable[[], None]) -> bool:
        """Run `action` now, or once the open dialog closes (a note must stay with the
        customer it was started for). True when it had to wait. Only the last one waits:
        two cards scanned meanwhile, the customer in front of the till is the second."""
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            self._waiting = None  # whoever waited before this one is not in front any more
            action()
            return False
        self._waiting = action
        dialog.finished.connect(lambda _result: QTimer.singleShot(0, self, self._after_dialog))
        return True

    def _after_dialog(self) -> None:
        action, self._waiting = self._waiting, None
        if action is not None:
            self._when_no_dialog(action)
