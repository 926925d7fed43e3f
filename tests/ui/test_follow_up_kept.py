"""A follow-up put away with Esc is kept as a note is: the next Ctrl+P on that customer, by the
same person, brings it back, and says so; nobody else is offered it, and it goes with the
customer when they are erased or merged into another record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.ui.follow_up_dialog import FOLLOW_UP_BACK, FollowUpDialog
from greeter.ui.main_window import MainWindow
from greeter.ui.merge_dialog import MergeDialog
from greeter.ui.privacy_dialogs import EraseDialog
from tests.helpers import add_customer
from tests.ui.test_staff_and_lock import MARCUS_PIN, PRIYA_PIN, open_pinned

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
KEPT = "Follow-up not saved: Ctrl+P brings it back."
TYPED = "Call when the case arrives"

# What the dialog showed on opening: its text, kind, whether it is due, and if it said it is back.
Seen = tuple[str, FollowUpKind, bool, bool]


def ctrl_p(qtbot: QtBot, window: MainWindow, then: Callable[[FollowUpDialog], None]) -> Seen | None:
    """Press Ctrl+P on the window and, in the follow-up dialog it opens (it blocks until
    closed), do `then`; what the dialog showed on opening, or None if none opened."""
    seen: list[Seen] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FollowUpDialog) or not dialog.isActiveWindow():
            if dialog is not None:
                dialog.activateWindow()  # as the window manager does: Alt+2 is its key
            QTimer.singleShot(10, in_the_dialog)
            return
        try:
            draft = dialog.draft()
            shown = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
            seen.append((draft.text, draft.kind, draft.due is not None, FOLLOW_UP_BACK in shown))
            then(dialog)
        finally:
            if dialog.isVisible():
                dialog.done(0)  # `then` failed: close it all the same

    QTimer.singleShot(0, in_the_dialog)
    qtbot.keyClick(window.search, Qt.Key.Key_P, CTRL)
    window.activateWindow()  # as the window manager does when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    return seen[0] if seen else None


def reserved_then_esc(text: str) -> Callable[[FollowUpDialog], None]:
    """Alt+2 (a reserved item), no due date, `text` typed, then Esc."""

    def act(dialog: FollowUpDialog) -> None:
        QtBot.keyClick(dialog.text, Qt.Key.Key_2, ALT)
        dialog.has_due.setChecked(False)
        QtBot.keyClicks(dialog.text, text)
        QtBot.keyClick(dialog.text, Qt.Key.Key_Escape)

    return act


def typed_then_enter(text: str) -> Callable[[FollowUpDialog], None]:
    def act(dialog: FollowUpDialog) -> None:
        QtBot.keyClicks(dialog.text, text)
        QtBot.keyClick(dialog.text, Qt.Key.Key_Return)

    return act


def esc(dialog: FollowUpDialog) -> None:
    QtBot.keyClick(dialog.text, Qt.Key.Key_Escape)


def follow_ups_of(store: Store, customer_id: int) -> list[str]:
    return [f.text for f in store.follow_ups.open_for(customer_id)]


NOTHING = ("", FollowUpKind.PROMISE, True, False)  # a fresh dialog
BACK = (TYPED, FollowUpKind.RESERVED, False, True)  # what reserved_then_esc(TYPED) typed


def test_esc_keeps_the_follow_up_and_ctrl_p_on_that_customer_brings_it_back(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    assert ctrl_p(qtbot, window, reserved_then_esc(TYPED)) == NOTHING
    assert follow_ups_of(store, shop["lisa"]) == ["Blue case reserved"]  # nothing written
    assert window.status.text() == KEPT

    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # the counter's reflex: back to the day
    window.find("BG-1")
    back = ctrl_p(qtbot, window, typed_then_enter(", in blue"))  # typing goes on at its end
    assert back == BACK
    assert "Call when the case arrives, in blue" in follow_ups_of(store, shop["lisa"])
    assert ctrl_p(qtbot, window, esc) == NOTHING  # saved: nothing more to bring back


def test_the_dialog_says_the_follow_up_is_back(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    ctrl_p(qtbot, window, reserved_then_esc(TYPED))
    said: list[str] = []

    def read_then_esc(dialog: FollowUpDialog) -> None:
        said.extend(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
        esc(dialog)

    ctrl_p(qtbot, window, read_then_esc)
    assert said[:2] == ["Follow-up for Lisa, taken by Priya", FOLLOW_UP_BACK]  # at the top
    assert FOLLOW_UP_BACK.startswith("Your unsaved follow-up is back.")


def test_a_kept_follow_up_is_never_offered_on_another_customer_or_to_someone_else(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    window.on_duty.setCurrentText("Marcus")
    ctrl_p(qtbot, window, reserved_then_esc(TYPED))
    window.find("613-555-0150")
    assert window.current_customer == shop["zoe"]
    assert ctrl_p(qtbot, window, esc) == NOTHING  # Zoë's card: not Lisa's follow-up
    window.find("BG-1")
    window.on_duty.setCurrentText("Priya")
    assert ctrl_p(qtbot, window, esc) == NOTHING  # Marcus's words, not Priya's
    window.on_duty.setCurrentText("Marcus")
    assert ctrl_p(qtbot, window, esc) == BACK


def test_a_follow_up_emptied_before_esc_is_thrown_away(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    ctrl_p(qtbot, window, reserved_then_esc(TYPED))

    def emptied_then_esc(dialog: FollowUpDialog) -> None:
        dialog.text.selectAll()
        QtBot.keyClick(dialog.text, Qt.Key.Key_Delete)
        QtBot.keyClick(dialog.text, Qt.Key.Key_Escape)

    assert ctrl_p(qtbot, window, emptied_then_esc) == BACK
    assert ctrl_p(qtbot, window, esc) == NOTHING


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_follow_up_being_typed_when_the_window_locks_is_offered_only_to_its_writer(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_pinned(qtbot, store, tmp_path)  # Priya unlocked it
    window.find("BG-1")

    def type_then_lock(dialog: FollowUpDialog) -> None:
        QtBot.keyClicks(dialog.text, TYPED)
        window.staff_actions.lock()  # the idle lock, or Ctrl+L: the dialog goes

    ctrl_p(qtbot, window, type_then_lock)
    assert window.staff_actions.locked
    assert window.staff_actions.unlock("Marcus", MARCUS_PIN)
    window.find("BG-1")
    assert ctrl_p(qtbot, window, esc) == NOTHING  # not Priya's words for Marcus
    window.staff_actions.lock()
    assert window.staff_actions.unlock("Priya", PRIYA_PIN)
    window.find("BG-1")
    assert ctrl_p(qtbot, window, esc) == (TYPED, FollowUpKind.PROMISE, True, True)


def test_erasing_a_customer_forgets_the_follow_up_put_away_about_them(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    window.on_duty.setCurrentText("Priya")  # the owner, who may erase
    window.find("613-555-0150")
    ctrl_p(qtbot, window, reserved_then_esc("Call when the Pixel arrives"))
    window.find("BG-1")
    ctrl_p(qtbot, window, reserved_then_esc(TYPED))
    monkeypatch.setattr(EraseDialog, "ask", classmethod(lambda cls, parent, preview: shop["lisa"]))
    with qtbot.waitSignal(window.staff_actions.privacy.customer_erased):
        window.staff_actions.privacy.erase_customer()

    window.find("613-555-0150")
    assert ctrl_p(qtbot, window, esc) == ("Call when the Pixel arrives", *BACK[1:])  # kept
    kept = window.card_actions._unsaved_follow_ups  # only in memory: nothing else shows it
    assert [draft.text for draft in kept.values()] == ["Call when the Pixel arrives"]


def test_a_follow_up_put_away_about_a_merged_record_waits_on_the_card_it_was_merged_into(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    duplicate = add_customer(store, "Lisa M.", "Lisa Marsh", card="OLD-7")
    window.on_duty.setCurrentText("Priya")  # the owner, who may merge
    window.find("OLD-7")
    ctrl_p(qtbot, window, reserved_then_esc(TYPED))
    window.find("BG-1")
    monkeypatch.setattr(MergeDialog, "ask", classmethod(lambda cls, *args: duplicate))
    with qtbot.waitSignal(window.customer_actions.customers_merged):
        qtbot.keyClick(window, Qt.Key.Key_M, CTRL)

    assert ctrl_p(qtbot, window, esc) == BACK  # on Lisa's card, where the merge left us
