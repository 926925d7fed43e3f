"""The window's More (⋯) menu: its entries and their keys, and which of them the shop's file
leaves usable (all but Restore a backup… hidden on a file with no shop in it; those that would
change it greyed out on a file that can only be read)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from greeter.core.permissions import Action

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow
    from greeter.ui.staff_actions import StaffActions

# At the top of the menu, and on each entry greyed out, while the file can only be read.
READ_ONLY_NOTE = "The shop's file can only be read: what would change it is greyed out."
READ_ONLY_TIP = (
    "The shop's file can only be read, so this cannot be done: the window's top says why."
)


class MoreMenu(QObject):
    """New customer…, Lock now, Export…, Erase…, Restore a backup… and Audit trail…; other
    controllers add their entries after these (Import from the till…). Every entry but those
    in `_reads`, and Restore a backup… (see `fit_file`), is taken to change the shop's file."""

    def __init__(self, window: MainWindow, staff: StaffActions) -> None:
        super().__init__(staff)
        self._window = window
        self._staff = staff
        self._stand_ins: dict[QAction, QShortcut] = {}  # a greyed entry's key, still answering
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        window = self._window
        # Ctrl+Shift+N is CustomerActions' own key: the menu only shows it.
        self.new_customer_action = window.more_menu.addAction("New customer…\tCtrl+Shift+N")
        self.lock_action = self._action("Lock now", "Ctrl+L")
        self.export_action = self._action("Export this customer's data…", "Ctrl+Shift+E")
        self.erase_action = self._action("Erase this customer…", "Ctrl+Shift+Delete")
        self.restore_action = self._action("Restore a backup…", "")
        self.audit_action = self._action("Audit trail…", "Ctrl+Shift+A")
        # Only these leave the file as it is; export records who exported whom in it.
        self._reads = (self.lock_action, self.audit_action)
        self.read_only_note = QAction(READ_ONLY_NOTE, window.more_menu)
        self.read_only_note.setSeparator(True)  # a heading: nothing to choose
        self.read_only_note.setEnabled(False)
        window.more_menu.setToolTipsVisible(True)

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

    def _stand_in(self, action: QAction) -> QShortcut:
        """The key of `action` while it is greyed out: it says the file can only be read."""
        key = QShortcut(action.shortcut(), self._window)
        key.activated.connect(self._window.say_if_read_only)
        return key

    def show_audit(self) -> None:
        """The audit trail, for the owner."""
        if self._staff.authorise(Action.VIEW_AUDIT) is not None:
            from greeter.ui.audit_dialog import AuditDialog  # loaded when first opened

            store = self._window.counter.store
            AuditDialog.ask(self._window, store.audit, store.staff.all())
