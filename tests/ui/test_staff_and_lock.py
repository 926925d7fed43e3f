"""Going on duty with a PIN, the lock, the owner's PIN before a restore, and audited card views."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from greeter.core.audit import AuditEvent
from greeter.counter import Counter
from greeter.recognise import Recognition
from greeter.store import Store, rows
from greeter.store.backup import backup_now
from greeter.ui.lock_panel import LockPanel
from greeter.ui.main_window import ON_DUTY_KEY, MainWindow
from greeter.ui.pin_dialog import PinDialog
from greeter.ui.restore_dialog import RestoreDialog
from greeter.ui.unknown_code_dialog import AttachCardDialog
from tests.helpers import TODAY, ImportHoldingTheFile, add_customer

PRIYA_PIN = "2580"
MARCUS_PIN = "1470"
PRIVATE = ("Lisa", "Marsh", "Pixel", "miss", "Blue case", "613", "BG-1")

Asked = list[tuple[str, str, str]]  # (name, reason, problem) for each PIN asked


def visible_text(window: MainWindow) -> str:
    labels = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    return " ".join([*labels, window.search.text(), window.windowTitle()])


def answer_pins(monkeypatch: pytest.MonkeyPatch, *answers: str | None) -> Asked:
    """Make PinDialog.ask answer these in turn (None: cancel); returns what it was asked."""
    asked: Asked = []
    queue: Iterator[str | None] = iter(answers)

    def ask(cls: object, parent: QWidget, name: str, reason: str, problem: str = "") -> str | None:
        asked.append((name, reason, problem))
        return next(queue)

    monkeypatch.setattr(PinDialog, "ask", classmethod(ask))
    return asked


def no_pin_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    def ask(*args: object) -> str | None:
        raise AssertionError("no PIN should be asked")

    monkeypatch.setattr(PinDialog, "ask", classmethod(ask))


def choose_on_duty(window: MainWindow, name: str) -> None:
    window.on_duty.setCurrentIndex(window.on_duty.findText(name))


def staff_id(store: Store, name: str) -> int:
    return store.staff.by_name(name).id


def open_pinned(qtbot: QtBot, store: Store, tmp_path: Path) -> MainWindow:
    """PINs on: the window opens locked, and Priya (the owner) unlocks it."""
    store.auth.set_pin(staff_id(store, "Priya"), PRIYA_PIN)
    store.auth.set_pin(staff_id(store, "Marcus"), MARCUS_PIN)
    prefs = QSettings(str(tmp_path / "pinned.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(store, today=lambda: TODAY), prefs)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert window.staff_actions.locked
    assert window.staff_actions.unlock("Priya", PRIYA_PIN)
    return window


@pytest.fixture
def pinned(qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path) -> MainWindow:
    return open_pinned(qtbot, store, tmp_path)


# -- single-user mode --


def test_single_user_mode_says_so_and_switches_without_a_pin(
    window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.mode_note.isVisible()
    assert window.mode_note.text() == "No PINs yet: anyone can use Greeter."  # plain, short
    assert "`" not in window.mode_note.text()  # no command on the screen customers see
    assert "`greeter staff pin NAME`" in window.mode_note.toolTip()  # for the owner
    first = window.on_duty_staff()
    assert first is not None and store.actor_id == first.id  # attributed from the start

    assert window.on_duty.currentText() == "Priya"  # the owner, nobody chosen yet
    no_pin_asked(monkeypatch)
    choose_on_duty(window, "Marcus")
    marcus = staff_id(store, "Marcus")
    assert store.actor_id == marcus
    assert window.prefs.value(ON_DUTY_KEY, "", type=str) == "Marcus"
    assert store.audit.entries(action=AuditEvent.ON_DUTY, limit=1)[0].staff_id == marcus


def greeted_lines(window: MainWindow) -> list[str]:
    """The day's list's lines about who was greeted today, and by whom."""
    model = window.idle.day_list.day_model
    shown = [str(model.index(row).data()) for row in model.line_rows()]
    return [line for line in shown if " — Greeted at " in line]


def test_a_new_shop_s_window_puts_the_owner_on_duty_until_someone_else_is_chosen(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Set up as the README does it: the owner first. Jo, added last, comes first in the list.
    for name, role in (("Priya", "owner"), ("Marcus", "manager"), ("Jo", "staff")):
        store.staff.add(name, role)
    lisa = add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    monkeypatch.setattr(rows, "now", lambda: dt.datetime.combine(TODAY, dt.time(7, 38)))
    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)

    def open_window() -> MainWindow:
        window = MainWindow(Counter(store, today=lambda: TODAY), prefs)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        return window

    window = open_window()
    assert window.on_duty.currentText() == "Priya"  # as commands act without PINs
    assert store.actor_id == staff_id(store, "Priya")
    window.till.show_selected(Recognition(customer_id=lisa))  # `greeter show` from the till
    qtbot.keyClick(window.search, Qt.Key.Key_F2)
    assert greeted_lines(window) == ["Lisa — Greeted at 07:38 by Priya"]

    no_pin_asked(monkeypatch)
    choose_on_duty(window, "Jo")
    window.close()
    again = open_window()  # the next morning: whoever was chosen on this computer last
    assert again.on_duty.currentText() == "Jo"
    assert store.actor_id == staff_id(store, "Jo")
    again.close()


def test_without_pins_the_longer_idle_only_goes_back_to_the_idle_screen(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.find("BG-1")
    window.idle_watch.set_intervals(hide_ms=0, lock_ms=60)
    with qtbot.waitSignal(window.idle_watch.lock_due, timeout=2000):
        pass
    assert not window.staff_actions.locked
    assert window.pages.currentWidget() is window.idle
    assert window.current_customer is None


def test_lock_now_without_pins_hides_the_screen_and_says_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.find("BG-1")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.privacy_panel
    assert "No PINs yet" in window.status.text()
    assert not window.staff_actions.locked


# -- going on duty with a PIN --


def test_opening_with_pins_on_starts_locked_and_unlocking_puts_them_on_duty(
    pinned: MainWindow, store: Store
) -> None:
    assert not pinned.mode_note.isVisible()
    assert not pinned.staff_actions.locked
    assert pinned.on_duty.currentText() == "Priya"
    assert store.actor_id == staff_id(store, "Priya")
    assert pinned.status.text() == "Priya is on duty."


def test_choosing_someone_else_asks_for_their_pin(
    pinned: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_pins(monkeypatch, MARCUS_PIN)
    choose_on_duty(pinned, "Marcus")
    assert asked == [("Marcus", "Type your PIN to go on duty.", "")]
    assert store.actor_id == staff_id(store, "Marcus")
    assert pinned.status.text() == "Marcus is on duty."
    assert pinned.prefs.value(ON_DUTY_KEY, "", type=str) == "Marcus"


def test_a_wrong_pin_says_how_many_tries_are_left_and_cancel_puts_the_list_back(
    pinned: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_pins(monkeypatch, "9999", None)
    choose_on_duty(pinned, "Marcus")
    assert [problem for _, _, problem in asked] == [
        "",
        "Wrong PIN for Marcus: 4 tries left before Marcus is locked out for 5 minutes.",
    ]
    assert pinned.on_duty.currentText() == "Priya"
    assert store.actor_id == staff_id(store, "Priya")
    assert pinned.prefs.value(ON_DUTY_KEY, "", type=str) == "Priya"


def test_five_wrong_pins_lock_that_person_out_until_a_time(
    pinned: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.auth.clock = lambda: dt.datetime(2026, 11, 22, 14, 30)
    asked = answer_pins(monkeypatch, *["9999"] * 5, MARCUS_PIN, None)
    choose_on_duty(pinned, "Marcus")
    problems = [problem for _, _, problem in asked]
    assert "1 try left" in problems[5 - 1]
    assert "locked out" in problems[5] and "until 14:35" in problems[5]
    assert "until 14:35" in problems[6]  # even the right PIN waits for the lock to run out
    assert pinned.on_duty.currentText() == "Priya"
    assert store.actor_id == staff_id(store, "Priya")


def test_someone_without_a_pin_cannot_go_on_duty_once_pins_are_on(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store.staff.add("Jo", "manager")
    pinned = open_pinned(qtbot, store, tmp_path)
    no_pin_asked(monkeypatch)
    choose_on_duty(pinned, "Jo")
    assert pinned.status.text().startswith("Jo has no PIN yet, so cannot go on duty")
    assert pinned.on_duty.currentText() == "Priya"
    assert store.actor_id == staff_id(store, "Priya")


# -- the lock --


def test_the_longer_idle_locks_the_window_and_only_a_pin_opens_it(
    qtbot: QtBot, pinned: MainWindow, store: Store
) -> None:
    pinned.find("BG-1")
    assert "Lisa" in visible_text(pinned)
    pinned.idle_watch.set_intervals(hide_ms=0, lock_ms=60)
    with qtbot.waitSignal(pinned.idle_watch.lock_due, timeout=2000):
        pass
    panel = pinned.staff_actions.lock_panel
    assert pinned.staff_actions.locked
    assert pinned.pages.currentWidget() is panel
    assert not pinned.search.isEnabled() and not pinned.on_duty.isEnabled()
    shown = visible_text(pinned)
    for private in PRIVATE:
        assert private not in shown
    pinned.idle_watch.set_intervals(hide_ms=0, lock_ms=0)

    qtbot.keyClick(pinned, Qt.Key.Key_Escape)  # nothing but the lock page comes up
    qtbot.keyClick(pinned, Qt.Key.Key_F2)
    assert pinned.pages.currentWidget() is panel

    panel.staff.setCurrentItem(panel.staff.findItems("Marcus", Qt.MatchFlag.MatchExactly)[0])
    qtbot.keyClicks(panel.pin, "1111")
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert pinned.staff_actions.locked
    assert "Wrong PIN for Marcus" in panel.problem.text()
    assert panel.pin.text() == ""

    qtbot.keyClicks(panel.pin, MARCUS_PIN)
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert not pinned.staff_actions.locked
    assert pinned.pages.currentWidget() is pinned.idle
    assert pinned.on_duty.currentText() == "Marcus"
    assert store.actor_id == staff_id(store, "Marcus")
    assert pinned.search.isEnabled()


def test_lock_now_and_a_scan_or_the_till_while_locked_reveal_nothing(
    qtbot: QtBot,
    pinned: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_offer(*args: object) -> int | None:
        raise AssertionError("a locked window offers nothing")

    monkeypatch.setattr(AttachCardDialog, "ask", classmethod(no_offer))
    pinned.find("BG-1")
    qtbot.waitUntil(lambda: bool(store.audit.entries(action=AuditEvent.VIEW)))
    views = len(store.audit.entries(action=AuditEvent.VIEW))
    qtbot.keyClick(pinned, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert pinned.staff_actions.locked

    pinned.till.handle_scan("BG-1")  # a known card
    pinned.till.handle_scan("ZZ-999")  # an unknown one: no offer to attach it
    pinned.till.show_selected(Recognition(customer_id=shop["zoe"]))
    pinned.till.show_selected(Recognition(candidates=store.names.search(["lisa"])))
    qtbot.keyClick(pinned, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert pinned.current_customer is None
    assert pinned.pages.currentWidget() is pinned.staff_actions.lock_panel
    assert pinned.status.text() == "Unlock first."
    shown = visible_text(pinned)
    for private in (*PRIVATE, "Zoë", "Robert"):
        assert private not in shown
    assert len(store.audit.entries(action=AuditEvent.VIEW)) == views

    assert pinned.staff_actions.unlock("Priya", PRIYA_PIN)
    pinned.find("BG-1")  # keystrokes and scans work again
    assert pinned.current_customer == shop["lisa"]


def test_enter_with_no_pin_typed_on_the_lock_page_says_to_type_it(
    qtbot: QtBot, pinned: MainWindow
) -> None:
    qtbot.keyClick(pinned, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    panel = pinned.staff_actions.lock_panel
    assert panel.chosen_name() == "Priya"
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert pinned.staff_actions.locked
    assert panel.problem.isVisible()
    assert panel.problem.text() == "Type your PIN first, then press Enter."
    assert "no PIN yet" not in visible_text(pinned)  # everyone listed has one


def test_the_lock_page_says_how_greyed_names_get_a_pin(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    store.staff.add("Jo", "manager")
    pinned = open_pinned(qtbot, store, tmp_path)
    qtbot.keyClick(pinned, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    panel = pinned.staff_actions.lock_panel
    jo = panel.staff.findItems("Jo  ·  no PIN yet", Qt.MatchFlag.MatchExactly)[0]
    assert not jo.flags() & Qt.ItemFlag.ItemIsEnabled  # greyed: Jo cannot unlock
    shown = visible_text(pinned)
    assert "Greyed names have no PIN yet: ask an owner to set one." in shown
    assert "`" not in shown  # no command shown to staff (or customers) at the counter
    tip = panel.no_pin.toolTip()  # for the owner: once PINs are on, an owner signs for it
    assert "`greeter staff pin NAME --staff OWNER`" in tip


def test_a_lock_page_listing_nobody_with_a_pin_says_to_ask_an_owner(
    qtbot: QtBot, store: Store, shop: dict[str, int]
) -> None:
    panel = LockPanel()
    qtbot.addWidget(panel)
    panel.set_staff(store.auth.statuses(), "", store.auth.clock())  # nobody has a PIN yet
    qtbot.mouseClick(panel.unlock, Qt.MouseButton.LeftButton)
    assert panel.problem.text() == (
        "Nobody on the staff list has a PIN yet: ask an owner to set one."
    )
    assert "`greeter staff pin NAME --staff OWNER`" in panel.problem.toolTip()
    panel.show_problem("Wrong PIN for Priya.")
    assert panel.problem.toolTip() == ""  # the command goes with the problem it is for


def test_without_a_mouse_the_arrows_in_the_pin_field_choose_who_unlocks(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    store.staff.add("Jo", "manager")  # no PIN: greyed, and passed over
    pinned = open_pinned(qtbot, store, tmp_path)
    qtbot.keyClick(pinned, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Priya locks
    panel = pinned.staff_actions.lock_panel
    assert "↑ ↓ choose your name, Enter unlocks." in visible_text(pinned)
    assert panel.chosen_name() == "Priya"  # the list reads Jo, Marcus, Priya
    qtbot.keyClicks(panel.pin, "25")  # Priya's PIN, half typed: never tried as Marcus's

    qtbot.keyClick(panel.pin, Qt.Key.Key_Up)
    assert panel.chosen_name() == "Marcus"
    assert panel.pin.text() == "" and pinned.focusWidget() is panel.pin
    qtbot.keyClick(panel.pin, Qt.Key.Key_Up)
    assert panel.chosen_name() == "Marcus"  # not Jo, who has no PIN
    qtbot.keyClicks(panel.pin, MARCUS_PIN)
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert not pinned.staff_actions.locked
    assert pinned.on_duty.currentText() == "Marcus"
    assert store.actor_id == staff_id(store, "Marcus")


def test_shift_tab_reaches_the_staff_list_on_the_lock_page(
    qtbot: QtBot, pinned: MainWindow
) -> None:
    qtbot.keyClick(pinned, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    panel = pinned.staff_actions.lock_panel
    assert pinned.focusWidget() is panel.pin
    qtbot.keyClick(panel.pin, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert pinned.focusWidget() is panel.staff
    qtbot.keyClick(panel.staff, Qt.Key.Key_Up)
    assert panel.chosen_name() == "Marcus"
    assert pinned.focusWidget() is panel.pin  # the PIN is what to type next
    qtbot.keyClick(panel.pin, Qt.Key.Key_Down)
    assert panel.chosen_name() == "Priya"
    qtbot.keyClick(panel.pin, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(panel.staff, PRIYA_PIN)  # typed on the list: it goes where it belongs
    qtbot.keyClick(panel.pin, Qt.Key.Key_Return)
    assert not pinned.staff_actions.locked


# -- what needs the owner --


def test_restore_refuses_staff_and_asks_the_owner_for_the_pin_again(
    qtbot: QtBot, pinned: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = backup_now(store)
    offered: list[list[Path]] = []

    def choose(cls: object, parent: QWidget, backups: list[Path]) -> Path:
        offered.append(backups)
        return backup

    monkeypatch.setattr(RestoreDialog, "ask", classmethod(choose))
    answer_pins(monkeypatch, MARCUS_PIN)
    choose_on_duty(pinned, "Marcus")
    pinned.restore_backup()
    assert pinned.status.text() == (
        "Marcus is staff; only an owner may restore a backup. "
        "Ask an owner to go on duty (choosing their name at the top), then try again."
    )
    assert offered == []

    pinned.staff_actions.unlock("Priya", PRIYA_PIN)  # as if Priya came to the counter
    asked = answer_pins(monkeypatch, "0000", PRIYA_PIN)
    pinned.restore_backup()
    assert [reason for _, reason, _ in asked] == ["Type your PIN again to restore a backup."] * 2
    assert "Wrong PIN for Priya" in asked[1][2]
    assert offered and pinned.status.text() == f"Restored the backup {backup.name}."
    restored = pinned.counter.store
    assert restored is not store
    assert restored.actor_id == staff_id(restored, "Priya")
    assert restored.audit.entries(action=AuditEvent.RESTORE, limit=1)[0].staff_name == "Priya"
    restored.close()


def test_a_restore_asks_for_the_owner_s_pin_of_today_not_the_one_the_backup_holds(
    qtbot: QtBot, pinned: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = backup_now(store)  # Priya's PIN in it is PRIYA_PIN
    store.auth.set_pin(staff_id(store, "Priya"), "4826")
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backup))

    asked = answer_pins(monkeypatch, PRIYA_PIN, None)
    pinned.restore_backup()

    assert asked[1][2].startswith("Wrong PIN for Priya: 4 tries left")
    assert pinned.counter.store is store  # nothing restored

    answer_pins(monkeypatch, "4826")
    pinned.restore_backup()

    assert pinned.status.text() == f"Restored the backup {backup.name}."
    pinned.counter.store.close()


def test_a_card_shown_is_recorded_as_viewed_by_the_person_on_duty(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    choose_on_duty(window, "Priya")

    def views() -> list[int | None]:
        return [e.staff_id for e in store.audit.entries(customer_id=shop["lisa"], action="view")]

    window.find("BG-1")
    qtbot.waitUntil(lambda: len(views()) == 1)
    assert views() == [staff_id(store, "Priya")]
    window.show_customer(shop["lisa"])  # redrawn after a note: the same view
    qtbot.wait(10)
    assert len(views()) == 1
    window.show_idle()
    window.find("BG-1")
    qtbot.waitUntil(lambda: len(views()) == 2)


class _ViewsAtPaint(QObject):
    """How many views of the customer were recorded when `widget` painted, paint by paint."""

    def __init__(self, widget: QWidget, count: Callable[[], int]) -> None:
        super().__init__(widget)
        self.counts: list[int] = []
        self._count = count
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.counts.append(self._count())
        return False


def test_a_scanned_card_is_painted_before_its_view_is_written(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    def views() -> int:
        return len(store.audit.entries(customer_id=shop["lisa"], action="view"))

    watch = _ViewsAtPaint(window.card.viewport(), views)
    window.find("BG-1")
    qtbot.waitUntil(lambda: views() == 1)
    assert watch.counts[0] == 0  # the card was on screen first


def test_a_card_shown_during_an_import_is_recorded_once_the_file_is_free(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    choose_on_duty(window, "Priya")
    importing = ImportHoldingTheFile(store.path, at_most=3)
    shown_at = dt.datetime.now().replace(microsecond=0)
    window.find("BG-1")
    # The write gave up at once and will try again (one that waited would get the file
    # once the import let go, and never need to).
    qtbot.waitUntil(lambda: window.shown._retry.isActive(), timeout=2000)
    qtbot.wait(1100)  # the window goes on; the records wait with their own time
    assert window.current_customer == shop["lisa"]
    assert store.audit.entries(customer_id=shop["lisa"], action="view") == []

    importing.finish()
    choose_on_duty(window, "Marcus")  # someone else takes over before they are written
    qtbot.waitUntil(lambda: bool(store.audit.entries(customer_id=shop["lisa"], action="view")))
    [view] = store.audit.entries(customer_id=shop["lisa"], action="view")
    assert view.staff_name == "Priya"
    assert shown_at <= view.at < dt.datetime.now().replace(microsecond=0)
    [greeted] = store.seen.on(shown_at.date())  # counts as greeted when it was shown
    assert (greeted.customer_id, greeted.staff) == (shop["lisa"], "Priya")
    assert greeted.last_seen == view.at


def test_what_is_still_waiting_is_written_when_greeter_closes(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    importing = ImportHoldingTheFile(store.path, at_most=10)
    window.find("BG-1")
    qtbot.waitUntil(lambda: window.shown._retry.isActive())
    threading.Timer(0.3, importing.finish).start()  # the import ends while Greeter closes

    window.shown.write(wait=True)

    assert len(store.audit.entries(customer_id=shop["lisa"], action="view")) == 1
    assert window.shown.waiting == 0


def test_the_more_menu_lists_the_window_actions_with_their_keys(window: MainWindow) -> None:
    entries = [action.text() for action in window.more_menu.actions()]
    assert entries == [
        "New customer…\tCtrl+Shift+N",
        "",
        "This customer",
        "Add a note…\tCtrl+N",
        "Add a follow-up…\tCtrl+P",
        "All their notes…\tF3",
        "Preferences, tags, occasions and links…\tF4",
        "Open a linked customer's card\tCtrl+J",
        "Edit this customer…\tCtrl+E",
        "Merge another record into this one…\tCtrl+M",
        "Export this customer's data…",
        "",
        "Erase this customer…",
        "Restore a backup…",
        "",
        "Lock now",
        "Audit trail…",
        "Import from the till…",
    ]
    shortcuts = {a.text(): a.shortcut().toString() for a in window.more_menu.actions()}
    assert shortcuts["Lock now"] == "Ctrl+L"
    assert shortcuts["Export this customer's data…"] == "Ctrl+Shift+E"
    assert shortcuts["Erase this customer…"] == "Ctrl+Shift+Del"
