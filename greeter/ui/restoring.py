"""Restoring a backup from the window: who may, which backup, and what it brought back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from greeter.core.permissions import Action
from greeter.store.errors import StoreError
from greeter.store.restoring import owner_unknown
from greeter.ui.restore_dialog import RestoreDialog
from greeter.ui.saving import warn

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow


def restore_chosen(window: MainWindow) -> str | None:
    """The owner, their PIN asked again, brings back the backup they choose; over a file that
    cannot say who its owner is, an owner of the backup chosen is asked instead. What to say
    once it is back; "" when it failed (the reason shown); None when nothing was done."""
    counter, staff = window.counter, window.staff_actions
    why = owner_unknown(counter.store)
    by = staff.authorise(Action.RESTORE) if why is None else None
    if why is None and by is None:
        return None
    chosen = RestoreDialog.ask(window, counter.backups())
    if chosen is None:
        return None
    try:
        if why is not None:
            by = staff.owner_of_backup(chosen, why)
        if by is None:
            return None
        restored = counter.restore(chosen, by.id)
        window.vip.attach()
    except StoreError as error:
        warn(window, "Not restored", str(error))
        return ""
    return " ".join([f"Restored the backup {chosen.name}.", *restored.said()])
