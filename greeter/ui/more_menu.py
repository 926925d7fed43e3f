"""The window's More (⋯) menu: its entries and their keys, and which of them the shop's file
leaves usable (all but Restore a backup… hidden on a file with no shop in it; those that would
change it greyed out on a file that can only be read), and, for mouse users, what the keys do
to the customer on screen (greyed out while no card is shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut

from greeter.core.permissions import Action

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow
    from greeter.ui.staff_actions import StaffActions

# At the top of the menu, and on each entry greyed out, while the file can only be read.
READ_ONLY_NOTE = "The shop's file can only be read: what would change it is greyed out."
READ_ONLY_TIP = (
    "The shop's file can only be read, so this cannot be done: the window's top says why."
)
THIS_CUSTOMER = "This customer"  # the heading over what acts on the card on screen
NO_CARD_TIP = "Find a customer first: this acts on the card on screen."
NO_LINKS_TIP = "No linked customers on this card."
LOCK_NOW = "Lock now"
HIDE_NOW = "Hide now (no PINs to lock with)"  # what Ctrl+L does until PINs are set


class MoreMenu(QObject):
    """New customer…; under "This customer" the card's own keys and Export…; apart, between
    lines, what cannot be undone at the counter (Erase…, Restore a backup…); then Lock now
    and Audit trail…, other controllers adding their entries after these (Import from the
    till…). Every entry but those in `_reads`, and Restore a backup… (see `fit_file`), is
    taken to change the shop's file."""

    def __init__(self, window: MainWindow, staff: StaffActions) -> None:
        super().__init__(staff)
        self._window = window
        self._staff = staff
        self._stand_ins: dict[QAction, QShortcut] = {}  # a greyed entry's key, still answering
        self._headings: set[QAction] = set()
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        window = self._window
        menu = window.more_menu
        # Ctrl+Shift+N is CustomerActions' own key: the menu only shows it, as it shows
        # CardActions' and CustomerActions' keys for the customer on screen.
        self.new_customer_action = menu.addAction("New customer…\tCtrl+Shift+N")
        menu.addSeparator()
        menu.addAction(self._heading(THIS_CUSTOMER))
        self.note_entry = menu.addAction("Add a note…\tCtrl+N")
        self.follow_up_entry = menu.addAction("Add a follow-up…\tCtrl+P")
        self.notes_entry = menu.addAction("All their notes…\tF3")
        self.facts_entry = menu.addAction("Preferences, tags, occasions and links…\tF4")
        self.link_entry = menu.addAction("Open a linked customer's card\tCtrl+J")
        self.edit_entry = menu.addAction("Edit this customer…\tCtrl+E")
        self.merge_entry = menu.addAction("Merge another record into this one…\tCtrl+M")
        self._for_customer = (
            self.note_entry,
            self.follow_up_entry,
            self.notes_entry,
            self.facts_entry,
            self.link_entry,
            self.edit_entry,
            self.merge_entry,
        )
        self.export_action = self._action("Export this customer's data…", "Ctrl+Shift+E")
        menu.addSeparator()  # apart from the rest: what cannot be undone at the counter
        self.erase_action = self._action("Erase this customer…", "Ctrl+Shift+Delete")
        self.restore_action = self._action("Restore a backup…", "")
        menu.addSeparator()
        self.lock_action = self._action(LOCK_NOW, "Ctrl+L")
        self.audit_action = self._action("Audit trail…", "Ctrl+Shift+A")
        # Only these leave the file as it is; export records who exported whom in it.
        self._reads = (self.lock_action, self.audit_action, self.notes_entry, self.link_entry)
        self.read_only_note = self._heading(READ_ONLY_NOTE)
        menu.setToolTipsVisible(True)

    def _heading(self, text: str) -> QAction:
        """A heading: nothing to choose. An entry greyed out and in bold rather than a line
        with a title, which Fusion draws at the menu's very edge, left of the entries."""
        heading = QAction(text, self._window.more_menu)
        heading.setEnabled(False)
        font = QFont()  # only its weight set: its size is still the menu's
        font.setBold(True)
        heading.setFont(font)
        self._headings.add(heading)
        return heading

    def _action(self, text: str, keys: str) -> QAction:
        """An entry in the window's More menu, its shortcut working wherever the focus is."""
        action = QAction(text, self._window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        self._window.addAction(action)
        self._window.more_menu.addAction(action)
        return action

    def _connect_signals(self) -> None:
        window, staff = self._window, self._staff
        window.more_menu.aboutToShow.connect(self.fit_card)
        card, customer = window.card_actions, window.customer_actions
        self.note_entry.triggered.connect(card.add_note)
        self.follow_up_entry.triggered.connect(card.add_follow_up)
        self.notes_entry.triggered.connect(card.manage_notes)
        self.facts_entry.triggered.connect(card.edit_facts)
        self.link_entry.triggered.connect(card.jump_to_link)
        self.edit_entry.triggered.connect(customer.edit_customer)
        self.merge_entry.triggered.connect(customer.merge_customer)
        self.new_customer_action.triggered.connect(window.customer_actions.add_customer)
        self.lock_action.triggered.connect(staff.lock)
        self.export_action.triggered.connect(staff.privacy.export_customer)
        self.erase_action.triggered.connect(staff.privacy.erase_customer)
        self.restore_action.triggered.connect(window.restore_backup)
        self.audit_action.triggered.connect(self.show_audit)

    def fit_file(self) -> None:
        """Show what can be done with the file now open. Over a file that holds no shop only
        Restore a backup… shows (the others' keys off with them). Over a file that can only
        be read, the entries that would change it are greyed out, saying why; their keys
        still say so at once, as the window's other keys do."""
        counter = self._window.counter
        store, holds_shop = counter.store, not counter.holds_no_shop()
        # As the banner offers it: over a newer Greeter's file (or one that cannot be
        # written) a backup would lose what was added since, or not help.
        restorable = not store.read_only or store.damaged or not holds_shop
        menu = self._window.more_menu
        menu.removeAction(self.read_only_note)
        for action in menu.actions():
            action.setVisible(holds_shop or action is self.restore_action)
            if action.isSeparator() or action in self._headings:
                continue  # a line or a heading: nothing to choose, nothing to grey out
            if action is self.restore_action:
                greyed = not restorable
            else:
                greyed = store.read_only and action not in self._reads
            self._staff.switch_key(action, not greyed)
            action.setToolTip(READ_ONLY_TIP if greyed else "")
            if greyed and not action.shortcut().isEmpty() and action not in self._stand_ins:
                self._stand_ins[action] = self._stand_in(action)
            if action in self._stand_ins:
                self._staff.switch_key(self._stand_ins[action], greyed and holds_shop)
        if store.read_only and holds_shop:
            menu.insertAction(menu.actions()[0], self.read_only_note)

    def fit_card(self) -> None:
        """As the menu opens: grey out what acts on the customer on screen while no card is
        shown (the day's list, a hidden screen), and Open a linked customer's card on a card
        with no links; and name what Ctrl+L does now (without PINs it hides the screen)."""
        window = self._window
        shown = window.current_customer is not None and window.pages.currentWidget() is window.card
        read_only = window.counter.store.read_only
        for entry in self._for_customer:
            if read_only and entry not in self._reads:
                continue  # greyed out already, saying why (see fit_file)
            why = "" if shown else NO_CARD_TIP
            if not why and entry is self.link_entry and not window.card.facts.links:
                why = NO_LINKS_TIP
            entry.setEnabled(not why)
            entry.setToolTip(why)
        single = window.counter.store.auth.single_user_mode()
        self.lock_action.setText(HIDE_NOW if single else LOCK_NOW)

    def _stand_in(self, action: QAction) -> QShortcut:
        """The key of `action` while it is greyed out: it says the file can only be read."""
        key = QShortcut(action.shortcut(), self._window)
        key.activated.connect(self._window.say_if_read_only)
        return key

    def show_audit(self) -> None:
        """The audit trail, for the owner."""
        if self._staff.authorise(Action.VIEW_AUDIT) is not None:
            from greeter.ui.audit_dialog import AuditDialog  # loaded when first opened

            counter = self._window.counter
            AuditDialog.ask(
                self._window, counter.store.audit, counter.store.staff.all(), counter.today()
            )
