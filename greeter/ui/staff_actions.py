"""Who is at the counter: going on duty with a PIN, locking the window, and checking that
the person on duty may do an owner-only action (asking for their PIN again)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication, QDialog

from greeter.core.models import Staff
from greeter.core.permissions import (
    Action,
    allowed,
    first_owner,
    needs_pin_again,
    refusal,
)
from greeter.core.text import pin_command
from greeter.store import Store
from greeter.store.auth import LockedOut, StaffStatus, WrongPin
from greeter.store.errors import StoreError
from greeter.ui.lock_panel import LockPanel
from greeter.ui.more_menu import MoreMenu
from greeter.ui.pin_dialog import PinDialog
from greeter.ui.privacy_actions import UNLOCK_FIRST, PrivacyActions

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow

# Said in the top bar, on the screen customers see, while nobody is asked for a PIN: short
# and plain there; how to switch PINs on is in its tip, for the owner.
SINGLE_USER_NOTE = "No PINs yet: anyone can use Greeter."
SINGLE_USER_TIP = (
    "Nobody is asked for a PIN until the owner sets one. To switch PINs on, the owner types "
    "`greeter staff pin NAME` in a terminal on this computer."
)
PINS_NOW_ON = "PINs were just switched on: choose your name and type your PIN to go on duty."

Roster = tuple[tuple[StaffStatus, ...], bool]  # everyone, with PIN and lock; single-user mode


class StaffActions(QObject):
    """Ctrl+L locks the window; Ctrl+Shift+E exports the customer on screen, Ctrl+Shift+Delete
    erases them (see `privacy` and `menu`). While locked, `locked` is True: only the lock shows."""

    lock_changed = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.locked = False
        self._on_duty: Staff | None = None  # who went on duty in this window (with a PIN)
        self._roster: Roster | None = None  # the staff as last listed, to notice changes
        self._last_viewed: int | None = None
        self._disabled: list[QShortcut | QAction] = []  # keystrokes switched off by the lock
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        window = self._window
        self.lock_panel = LockPanel(window.for_this_shop)
        window.pages.addWidget(self.lock_panel)
        self.privacy = PrivacyActions(window, self)
        self.menu = MoreMenu(window, self)  # its entries: Lock now, Export, Erase, Restore…

    def _connect_signals(self) -> None:
        window = self._window
        self.lock_panel.unlock_requested.connect(self._on_lock_panel_unlock_requested)
        window.customer_recognised.connect(self._on_window_customer_recognised)
        window.pages.currentChanged.connect(self._on_pages_current_changed)

    def _store(self) -> Store:
        return self._window.counter.store  # a restore replaces it: never keep it

    # -- who is on duty --

    def sync_on_duty(self) -> None:
        """The On duty list was (re)loaded: attribute every change to whoever it shows. Once
        PINs are on, someone who has not typed their PIN in this window locks it."""
        store = self._store()
        member = self._window.on_duty_staff()
        self._roster = self._roster_now()
        self._show_staff()
        single = self._show_mode()
        if single or (member is not None and self._is_on_duty(member)):
            store.actor_id = member.id if member else None
            self._now_on_duty(member)
        else:
            store.actor_id = None  # nothing is attributed to someone who gave no PIN
            self.lock()

    def follow_staff(self) -> None:
        """Someone was added, removed or given a PIN elsewhere (`greeter staff …` while the
        window is open): list the staff again, keeping whoever is on duty. When that switched
        PINs on, the person on duty never typed one: the window locks, as it would open."""
        before = self._roster
        if before is None or self._roster_now() == before:
            return
        window = self._window
        shown = window.on_duty_staff()
        staff = {member.id: member for member in window.counter.staff()}
        pins_now_on = before[1] and not self._store().auth.single_user_mode()
        if self._on_duty is not None:  # still on the staff, and their role as it is now
            self._on_duty = None if pins_now_on else staff.get(self._on_duty.id)
        with QSignalBlocker(window.on_duty):
            window.on_duty.clear()
            for member in staff.values():
                window.on_duty.addItem(member.name, member)
            kept = window.on_duty.findText(shown.name) if shown else -1
            window.on_duty.setCurrentIndex(kept if kept >= 0 else self.owner_row())
        self.sync_on_duty()
        now = window.on_duty_staff()
        gone = f"{shown.name} is no longer on the staff" if shown and shown.id not in staff else ""
        if self.locked:
            auth = self._store().auth
            chosen = self.lock_panel.chosen_name() or (now.name if now else "")
            self.lock_panel.set_staff(auth.statuses(), chosen, auth.clock())
            if pins_now_on or gone:
                self.lock_panel.show_problem(
                    PINS_NOW_ON if pins_now_on else f"{gone}: choose your name and type your PIN."
                )
        elif gone and now is not None:
            window.status.setText(f"{gone}: {now.name} is on duty.")

    def owner_row(self) -> int:
        """Where the shop's first owner is in the On duty list (0 if it has none): on duty
        when nobody was chosen in this window, as the command line acts as them while
        nobody is asked for a PIN."""
        combo = self._window.on_duty
        listed = [combo.itemData(row) for row in range(combo.count())]
        owner = first_owner(m for m in listed if isinstance(m, Staff))
        return listed.index(owner) if owner is not None else 0

    def _roster_now(self) -> Roster:
        auth = self._store().auth
        return tuple(auth.statuses()), auth.single_user_mode()

    def go_on_duty(self, index: int) -> bool:
        """The On duty list changed to the person at `index`: put them on duty, asking for
        their PIN once PINs are on. False, with the list put back, if that did not happen."""
        window = self._window
        member = window.on_duty.itemData(index)
        if not isinstance(member, Staff):
            self._put_back()
            return False
        if self._is_on_duty(member):
            return True
        switched = self._switch_with_pin(member, "Type your PIN to go on duty.")
        if switched is None:
            self._put_back()
            window.search.setFocus()
            return False
        self._now_on_duty(switched)
        if not self._show_mode():
            window.status.setText(f"{switched.name} is on duty.")
        window.search.setFocus()
        return True

    def _now_on_duty(self, member: Staff | None) -> None:
        """`member` is on duty in this window now: a new customer's details that someone else
        typed and left unsaved are not for them."""
        before = self._on_duty.id if self._on_duty is not None else None
        if (member.id if member is not None else None) != before:
            self._window.customer_actions.forget_unsaved()
        self._on_duty = member

    def _is_on_duty(self, member: Staff) -> bool:
        return self._on_duty is not None and self._on_duty.id == member.id

    def _show_staff(self) -> None:
        """A file with no shop in it (see `Counter.holds_no_shop`) has nobody working in it:
        who is on duty is hidden, and the More menu fits the file (see `MoreMenu.fit_file`).
        Its stand-in owner stays chosen in the hidden list: restoring acts as them."""
        window = self._window
        shown = not window.counter.holds_no_shop()
        window.top.show_staff(shown)
        self.menu.fit_file()
        self.switch_key(window.customer_actions.new_key, shown)  # the menu only shows it

    def _show_mode(self) -> bool:
        """Say so in the top bar while nobody is asked for a PIN; True in that mode. A file
        with no shop in it has no staff to set PINs for: nothing is said."""
        single = self._store().auth.single_user_mode()
        said = single and not self._window.counter.holds_no_shop()
        note = self._window.mode_note
        note.setText(SINGLE_USER_NOTE if said else "")
        note.setToolTip(self._window.for_this_shop(SINGLE_USER_TIP) if said else "")
        note.setVisible(said)
        return single

    def _switch(self, name: str, pin: str | None) -> Staff:
        """store.auth.switch, or, on a file that can only be read (where going on duty
        cannot be recorded), the same PIN check without the record."""
        store = self._store()
        if not store.read_only:
            return store.auth.switch(name, pin)
        auth = store.auth
        member = auth.by_name(name) if auth.single_user_mode() else auth.verify(name, pin or "")
        store.actor_id = member.id
        return member

    def _switch_with_pin(self, member: Staff, reason: str) -> Staff | None:
        """Put `member` on duty, asking for their PIN (again after a wrong one) when PINs
        are on. None if they cancel, or with the reason in the status line if it cannot be."""
        window = self._window
        auth = self._store().auth
        single = auth.single_user_mode()
        if not single and not auth.has_pin(member.id):
            window.status.setText(  # PINs are on: an owner signs for someone else's
                f"{member.name} has no PIN yet, so cannot go on duty; an owner can set one "
                f"with `{pin_command(member.name)} --staff OWNER`, giving their own name."
            )
            return None
        problem = ""
        while True:
            pin = None
            if not single:
                pin = PinDialog.ask(window, member.name, reason, problem)
                if pin is None:
                    return None
            try:
                return self._switch(member.name, pin)
            except (WrongPin, LockedOut) as error:
                problem = str(error)
            except StoreError as error:
                window.status.setText(str(error))
                return None

    def _put_back(self) -> None:
        """Show the person still on duty in the On duty list again, without asking anyone."""
        combo = self._window.on_duty
        for index in range(combo.count()):
            member = combo.itemData(index)
            if isinstance(member, Staff) and self._is_on_duty(member):
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
                return

    # -- what each person may do --

    def authorise(self, action: Action) -> Staff | None:
        """The person on duty, if their role allows `action` and, for export, erase and
        restore once PINs are on, they type their PIN again. None (the reason shown in the
        status line) otherwise."""
        member = self.may(action)
        return None if member is None else self.pin_again(member, action)

    def may(self, action: Action) -> Staff | None:
        """The person on duty if their role allows `action`, without asking for a PIN."""
        window = self._window
        member = window.on_duty_staff()
        if self.locked:
            window.status.setText(UNLOCK_FIRST)
            return None
        if member is None:
            window.status.setText("Choose who is on duty first.")
            return None
        if not allowed(member.role, action):  # saying who to ask, as the window does
            window.status.setText(refusal(member.name, member.role, action, in_window=True))
            return None
        try:
            self._store().auth.permit(member, action)
        except StoreError as error:
            window.status.setText(str(error))
            return None
        return member

    def pin_again(self, member: Staff, action: Action) -> Staff | None:
        """`member`, once they typed their PIN again if `action` needs it and PINs are on."""
        auth = self._store().auth
        if not needs_pin_again(action) or auth.single_user_mode():
            return member
        reason = f"Type your PIN again to {action.label}."
        return self._ask_pin(
            member.name, reason, lambda pin: auth.require(action, member.name, pin)
        )

    def owner_of_backup(self, backup: Path, why: str) -> Staff | None:
        """An owner of `backup`, by the PIN it holds for them, when the shop's file cannot
        say who its owner is (`why`, see `owner_unknown`); nobody is asked when the backup
        is in single-user mode. Raises StoreError if it is no backup to restore."""
        from greeter.store.restoring import BackupStaff  # rare: loaded when first used

        with BackupStaff(backup) as staff:
            owners = staff.owners()
            if not owners:
                return staff.owner(None, None)
            names = " or ".join(owner.name for owner in owners)
            return self._ask_pin(names, why, lambda pin: staff.owner(None, pin))

    def _ask_pin(self, name: str, reason: str, check: Callable[[str], Staff]) -> Staff | None:
        """Who `check` lets through with the PIN typed for `name`, asked again after a wrong
        one. None if they cancel, or with the reason in the status line if it cannot be."""
        problem = ""
        while True:
            pin = PinDialog.ask(self._window, name, reason, problem)
            if pin is None:
                return None
            try:
                return check(pin)
            except (WrongPin, LockedOut) as error:
                problem = str(error)
            except StoreError as error:
                self._window.status.setText(str(error))
                return None

    # -- locking --

    def lock_when_idle(self) -> None:
        """Nobody has touched the counter for the longer while: lock once PINs are on;
        without PINs there is nothing to unlock with, so go back to the idle screen."""
        window = self._window
        if not self._show_mode():
            self.lock()
        elif window.pages.currentWidget() is not window.privacy_panel:
            window.show_idle()

    def lock(self) -> None:
        """Hide everything and ask for a PIN. Without PINs the screen is hidden instead."""
        window = self._window
        if not self._show_mode():
            self._lock_window()
        elif not self.locked:
            window.set_private(True)
            window.status.setText("No PINs yet, so the screen is hidden rather than locked.")

    def _lock_window(self) -> None:
        window = self._window
        newly = not self.locked
        if newly:
            self._close_dialogs()
            self.locked = True
            self._set_usable(False)
            self._window.customer_actions.forget_unsaved()  # whoever unlocks may be anyone
        window.current_customer = None
        window.search.clear()
        auth = self._store().auth
        member = window.on_duty_staff()
        self.lock_panel.set_staff(auth.statuses(), member.name if member else "", auth.clock())
        self.lock_panel.reset()
        window.status.new_page()
        window.pages.setCurrentWidget(self.lock_panel)
        self.lock_panel.pin.setFocus()
        if newly:
            self.lock_changed.emit(True)

    def _set_usable(self, usable: bool) -> None:
        """While locked nobody can search, change who is on duty or use the More menu, and
        no keystroke works but Ctrl+L (whichever controller added it: a note, a new customer
        would open a dialog over the lock page). Unlocking enables what was enabled."""
        window = self._window
        window.hide_button.blockSignals(True)
        window.hide_button.setChecked(False)  # the lock page hides more than Hide does
        window.hide_button.blockSignals(False)
        for widget in (window.search, window.on_duty, window.hide_button, window.more_button):
            widget.setEnabled(usable)
        if not usable:
            direct = Qt.FindChildOption.FindDirectChildrenOnly
            keys: list[QShortcut | QAction] = [
                *window.findChildren(QShortcut, "", direct),
                *window.actions(),
            ]
            self._disabled = [k for k in keys if k.isEnabled() and k is not self.menu.lock_action]
        for key in self._disabled:
            key.setEnabled(usable)
        if usable:
            self._disabled = []

    def switch_key(self, key: QShortcut | QAction, on: bool) -> None:
        """Switch `key` on or off; while locked, on only once the window is unlocked."""
        if key in self._disabled:
            self._disabled.remove(key)
        if on and self.locked:
            self._disabled.append(key)
        else:
            key.setEnabled(on)

    def unlock(self, name: str, pin: str) -> bool:
        """Let `name` in with their PIN; they go on duty. False (the reason shown) if not."""
        window = self._window
        try:
            member = self._switch(name, pin)
        except StoreError as error:
            auth = self._store().auth
            self.lock_panel.set_staff(auth.statuses(), name, auth.clock())  # now locked out?
            self.lock_panel.show_problem(str(error))
            return False
        self._now_on_duty(member)
        self.locked = False
        self._set_usable(True)
        self.lock_panel.reset()
        index = window.on_duty.findText(member.name)
        if index >= 0:
            window.on_duty.setCurrentIndex(index)  # goes through go_on_duty: no second PIN
        window.show_idle()
        window.status.setText(f"{member.name} is on duty.")
        window.search.setFocus()
        self.lock_changed.emit(False)
        return True

    def _close_dialogs(self) -> None:
        """Whatever dialog was open (a note, a confirmation) goes: it may show a customer."""
        for _ in range(10):
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QDialog):
                return
            dialog.reject()

    # -- slots --

    def _on_lock_panel_unlock_requested(self, name: str, pin: str) -> None:
        self.unlock(name, pin)

    def _on_window_customer_recognised(self, customer_id: int) -> None:
        if customer_id != self._last_viewed:  # a card redrawn after a note is one view
            self._last_viewed = customer_id
            staff_id = self._store().actor_id
            self._window.shown.add(
                lambda when: self._store().audit.viewed(customer_id, staff_id=staff_id, at=when)
            )

    def _on_pages_current_changed(self, index: int) -> None:
        window = self._window
        page = window.pages.widget(index)
        if page is not window.card:
            self._last_viewed = None
        if self.locked and page is not self.lock_panel:  # nothing else shows while locked
            window.pages.setCurrentWidget(self.lock_panel)
