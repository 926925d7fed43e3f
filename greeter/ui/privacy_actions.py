"""One customer's own data from the window (owner only, PIN asked again): export everything
held about them to a folder, or erase them for good."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from greeter.core.permissions import Action
from greeter.store.errors import StoreError
from greeter.ui.saving import warn

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow
    from greeter.ui.staff_actions import StaffActions

UNLOCK_FIRST = "Unlock first."
ERASED = "Erased. Nothing about this customer is left in the shop's file."
EXPORT_FOLDER_KEY = "privacy/export_folder"


class PrivacyActions(QObject):
    """Export and erase the customer on screen; `StaffActions` owns their menu entries and
    keys (Ctrl+Shift+E, Ctrl+Shift+Delete) and says who may."""

    customer_exported = Signal(int)
    customer_erased = Signal(int)

    def __init__(self, window: MainWindow, staff: StaffActions) -> None:
        super().__init__(staff)
        self._window = window
        self._staff = staff
        self._connect_signals()

    def _connect_signals(self) -> None:
        # Notes put away unsaved about an erased customer go with them (built before us).
        self.customer_erased.connect(self._window.card_actions.forget_notes_of)

    def _customer_on_screen(self, what: str) -> int | None:
        window = self._window
        if self._staff.locked:
            window.status.setText(UNLOCK_FIRST)
            return None
        if window.current_customer is None or window.pages.currentWidget() is not window.card:
            window.status.setText(f"Open a customer's card first, then {what}.")
            return None
        return window.current_customer

    def export_customer(self) -> None:
        """Write everything held about the customer on screen (JSON and HTML) to a folder."""
        window = self._window
        customer_id = self._customer_on_screen("press Ctrl+Shift+E to export their data")
        if customer_id is None or self._staff.authorise(Action.EXPORT_CUSTOMER) is None:
            return
        # The export and its dialogs load when first used: the window starts sooner.
        from greeter.store.subject_access import export_customer
        from greeter.ui.privacy_dialogs import ExportFolderDialog

        start = Path(str(window.prefs.value(EXPORT_FOLDER_KEY, str(Path.home()), type=str)))
        name = window.counter.customer_name(customer_id)
        folder = ExportFolderDialog.ask(window, name, start)
        if folder is None:
            window.search.setFocus()
            return
        store = window.counter.store
        try:
            json_path, _html = export_customer(
                store.db, customer_id, folder, window.counter.settings.shop_name
            )
        except OSError as error:
            window.status.setText(f"Nothing was written to {folder}: {error.strerror or error}.")
            return
        except StoreError as error:
            window.status.setText(str(error))
            return
        window.prefs.setValue(EXPORT_FOLDER_KEY, str(folder))
        window.status.setText(f"Wrote {json_path.name} and .html to {folder}.")
        window.search.setFocus()
        self.customer_exported.emit(customer_id)

    def erase_customer(self) -> None:
        """Erase the customer on screen for good, once confirmed and the PIN typed again."""
        window = self._window
        customer_id = self._customer_on_screen("press Ctrl+Shift+Delete to erase them")
        if customer_id is None:
            return
        member = self._staff.may(Action.ERASE)
        if member is None:
            return
        from greeter.store.subject_access import collect
        from greeter.ui.privacy_dialogs import EraseDialog, ErasurePreview

        store = window.counter.store
        try:
            preview = ErasurePreview.of(
                collect(store.db, customer_id),
                store.notes.naming(customer_id),
                window.for_this_shop,  # the commands act on this shop, not the default one
                store.merges.naming(customer_id),
            )
        except StoreError as error:
            window.status.setText(str(error))
            return
        confirmed = EraseDialog.ask(window, preview) is not None
        if not confirmed or self._staff.pin_again(member, Action.ERASE) is None:
            window.search.setFocus()
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = store.erasures.erase(customer_id)
        except StoreError as error:
            warn(window, "Not erased", str(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
        window.show_idle()
        window.status.setText(ERASED if result.file_clean else result.message)
        self.customer_erased.emit(customer_id)
