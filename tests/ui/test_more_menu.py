"""The More (⋯) menu offers what the shop's file allows: on a file that can only be read, the
entries that would change it are greyed out, saying why, and their keys still say so. For mouse
users it offers what the keys do to the customer on screen, and says what Ctrl+L does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from greeter.counter import Counter
from greeter.store import Store
from greeter.store.backup import backup_now
from greeter.ui.customer_dialog import CustomerDialog
from greeter.ui.facts_dialog import FactsDialog
from greeter.ui.follow_up_dialog import FollowUpDialog
from greeter.ui.import_dialog import ImportDialog
from greeter.ui.main_window import READ_ONLY, MainWindow
from greeter.ui.merge_dialog import MergeDialog
from greeter.ui.more_menu import (
    HIDE_NOW,
    LOCK_NOW,
    NO_CARD_TIP,
    NO_LINKS_TIP,
    READ_ONLY_NOTE,
    READ_ONLY_TIP,
    THIS_CUSTOMER,
)
from greeter.ui.note_dialog import NoteDialog, NoteDraft
from greeter.ui.notes_dialog import NotesDialog
from greeter.ui.privacy_dialogs import EraseDialog, ExportFolderDialog
from greeter.ui.restore_dialog import RestoreDialog
from tests.helpers import add_customer, flip_bytes, root_page
from tests.ui.test_card_reuse import seen_on_card
from tests.ui.test_read_only_window import from_a_newer_greeter, open_window
from tests.ui.test_staff_and_lock import PRIYA_PIN, open_pinned, staff_id

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
PAGE = 4096
HEADING = f"[{THIS_CUSTOMER}]"  # how a heading in the menu is written here
LINE = "——"  # and a line between groups of entries
# What acts on the card on screen (its keys are the card's own), and of those what only reads.
FOR_CUSTOMER = [
    "Add a note…",
    "Add a follow-up…",
    "All their notes…",
    "Preferences, tags, occasions and links…",
    "Open a linked customer's card",
    "Edit this customer…",
    "Merge another record into this one…",
]
READS_CARD = ["All their notes…", "Open a linked customer's card"]


def every_entry(lock: str = HIDE_NOW) -> list[str]:
    """The menu's entries, in order: Lock now reads "Hide now…" while no PINs are set."""
    return [
        "New customer…",
        LINE,
        HEADING,
        *FOR_CUSTOMER,
        "Export this customer's data…",
        LINE,  # what cannot be undone at the counter, apart
        "Erase this customer…",
        "Restore a backup…",
        LINE,
        lock,
        "Audit trail…",
        "Import from the till…",
    ]


# On a file that can only be read, what leaves it as it is; on a damaged one, a restore too.
# (Over a newer Greeter's file a restore would lose what it added: the banner offers none.)
READS = [LOCK_NOW, HIDE_NOW, "Audit trail…"]
PUTS_RIGHT = [*READS, "Restore a backup…"]
# The offscreen platform cannot raise the open menu or give it the keyboard.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")

# An entry with no tip of its own gives its text as its tip.
WHY = {READ_ONLY_TIP: "read only", NO_CARD_TIP: "no card", NO_LINKS_TIP: "no links"}
Entry = tuple[str, bool, str]  # the entry's text (without its key), enabled, why not (WHY)


def in_the_menu(qtbot: QtBot, window: MainWindow, then: Callable[[QMenu], None]) -> None:
    """Click ⋯ and, while its menu is open, do `then` with it; the menu is closed after."""

    def when_open() -> None:
        menu = window.more_menu
        if not menu.isVisible():
            QTimer.singleShot(10, when_open)
            return
        try:
            then(menu)
        finally:
            menu.close()

    QTimer.singleShot(0, when_open)
    qtbot.mouseClick(window.more_button, Qt.MouseButton.LeftButton)


def entries_shown(qtbot: QtBot, window: MainWindow, png: Path) -> list[Entry]:
    """The menu's entries as staff see them once they click ⋯ (a picture of it in `png`);
    a heading (greyed, in bold) written in brackets, a line between entries as LINE."""
    seen: list[Entry] = []

    def read(menu: QMenu) -> None:
        menu.grab().save(str(png))
        for action in menu.actions():
            text = action.text().split("\t")[0]
            if not action.isVisible():
                continue
            if action.isSeparator():
                seen.append((LINE, False, ""))
            elif action.font().bold() and not action.isEnabled():
                seen.append((f"[{text}]", False, ""))
            else:
                seen.append((text, action.isEnabled(), WHY.get(action.toolTip(), "")))

    in_the_menu(qtbot, window, read)
    return seen


def click_entry(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Click ⋯, then the entry that reads `text` (its key left out)."""

    def choose(menu: QMenu) -> None:
        (entry,) = [a for a in menu.actions() if a.text().split("\t")[0] == text]
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(entry).center())

    in_the_menu(qtbot, window, choose)


def greyed_on_a_read_only_file(
    entries: list[Entry], usable: list[str], card: bool = True, lock: str = HIDE_NOW
) -> None:
    """What reads is usable, what would change the file greyed out, saying so; what acts on
    the customer on screen greyed out too while no `card` is shown (Lisa has no links)."""
    note, *rest = entries
    assert note == (f"[{READ_ONLY_NOTE}]", False, "")  # at the top, saying why
    expected: list[Entry] = []
    for text in every_entry(lock):
        if text in (HEADING, LINE):
            expected.append((text, False, ""))
        elif text in READS_CARD:
            why = "no links" if card and text.startswith("Open") else "" if card else "no card"
            expected.append((text, not why, why))
        elif text in usable:
            expected.append((text, True, ""))
        else:
            expected.append((text, False, "read only"))
    assert rest == expected


def damaged_shop(tmp_path: Path) -> tuple[Store, Path]:
    """A shop whose customers' page went bad on disk, opened read-only, and its backup."""
    path = tmp_path / "shop.db"
    store = Store(path)
    store.staff.add("Priya", "owner")
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    backup = backup_now(store)
    store.close()
    flip_bytes(path, (root_page(path, "customers") - 1) * PAGE + 8, 64)
    damaged = Store(path, verify=True)
    assert damaged.read_only and damaged.damaged
    return damaged, backup


def test_a_newer_greeters_file_greys_out_what_would_change_it(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find("BG-1")
    greyed_on_a_read_only_file(entries_shown(qtbot, window, tmp_path / "more-read-only.png"), READS)
    window.counter.store.close()


def test_a_damaged_file_greys_out_what_would_change_it_and_a_restore_from_the_menu_ends_that(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged, backup = damaged_shop(tmp_path)
    window = open_window(qtbot, damaged, tmp_path)
    greyed_on_a_read_only_file(
        entries_shown(qtbot, window, tmp_path / "more-damaged.png"), PUTS_RIGHT, card=False
    )

    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0]))

    click_entry(qtbot, window, "Restore a backup…")
    assert window.status.text() == f"Restored the backup {backup.name}."
    assert not window.counter.store.read_only
    entries = entries_shown(qtbot, window, tmp_path / "more-restored.png")
    assert entries == [  # no note, nothing greyed out but what needs a customer's card
        (text, False, "")
        if text in (HEADING, LINE)
        else (text, False, "no card")
        if text in FOR_CUSTOMER
        else (text, True, "")
        for text in every_entry()
    ]
    window.find("BG-1")
    assert window.card.preferred_name.text() == "Lisa"
    window.counter.store.close()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dialogs that were opened, none of them for real."""
    asked: list[str] = []

    def record(name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: asked.append(name)

    monkeypatch.setattr(ExportFolderDialog, "ask", classmethod(record("export to a folder")))
    monkeypatch.setattr(EraseDialog, "ask", classmethod(record("erase")))
    monkeypatch.setattr(ImportDialog, "choose_file", classmethod(record("file to import")))
    monkeypatch.setattr(CustomerDialog, "ask", classmethod(record("new customer")))
    return asked


@pytest.mark.parametrize("key", [Qt.Key.Key_E, Qt.Key.Key_Delete], ids=["export", "erase"])
def test_the_keys_of_greyed_entries_say_at_once_that_the_file_can_only_be_read(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    opened: list[str],
    key: Qt.Key,
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find("BG-1")
    qtbot.keyClick(window.search, key, CTRL_SHIFT)
    assert opened == []  # no folder chosen, no erasure confirmed, in vain
    assert window.status.text() == READ_ONLY
    assert window.pages.currentWidget() is window.card
    qtbot.keyClick(window.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # import
    assert opened == [] and window.status.text() == READ_ONLY
    window.counter.store.close()


def test_locking_a_read_only_shop_keeps_its_keys_off_and_unlocking_keeps_the_entries_greyed(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path, opened: list[str]
) -> None:
    store.auth.set_pin(staff_id(store, "Priya"), PRIYA_PIN)
    prefs = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(from_a_newer_greeter(store)), prefs)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert window.staff_actions.locked  # PINs are on: it opens locked
    qtbot.keyClick(window.staff_actions.lock_panel.pin, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert window.status.text() == ""  # no key but Ctrl+L works while locked
    assert window.staff_actions.unlock("Priya", PRIYA_PIN)

    qtbot.keyClick(window.search, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert window.status.text() == READ_ONLY
    assert opened == []
    entries = entries_shown(qtbot, window, tmp_path / "more-unlocked.png")
    greyed_on_a_read_only_file(entries, READS, card=False, lock=LOCK_NOW)  # PINs are on
    window.counter.store.close()


def test_staff_changed_elsewhere_while_locked_leaves_every_key_off(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path, opened: list[str]
) -> None:
    window = open_pinned(qtbot, store, tmp_path)
    window.staff_actions.lock()
    store.staff.add("Noor", "staff")  # as `greeter staff add Noor` does while Greeter is open
    window.staff_actions.follow_staff()
    assert window.staff_actions.locked
    qtbot.keyClick(window.staff_actions.lock_panel.pin, Qt.Key.Key_N, CTRL_SHIFT)
    assert opened == []  # no customer's dialog over the lock page
    assert window.pages.currentWidget() is window.staff_actions.lock_panel

    assert window.staff_actions.unlock("Priya", PRIYA_PIN)
    qtbot.keyClick(window.search, Qt.Key.Key_N, CTRL_SHIFT)
    assert opened == ["new customer"]  # back once unlocked


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dialogs about a customer that were opened, each cancelled at once."""
    opened: list[str] = []
    for dialog in (FollowUpDialog, NotesDialog, FactsDialog, CustomerDialog, MergeDialog):
        monkeypatch.setattr(
            dialog, "ask", classmethod(lambda cls, *args, **kwargs: opened.append(cls.__name__))
        )
    return opened


# How the ⋯ button's tip names each entry outside "This customer" (headed "the card's").
NAMED_IN_TIP = {
    "New customer…": "a new customer",
    HEADING: "the card's notes, follow-ups and details",
    LOCK_NOW: "lock",
    HIDE_NOW: "hide",
    "Export this customer's data…": "export",
    "Erase this customer…": "erase a customer",
    "Restore a backup…": "restore a backup",
    "Audit trail…": "the audit trail",
    "Import from the till…": "import from the till",
}


def test_the_more_buttons_tip_names_what_its_menu_holds(window: MainWindow) -> None:
    tip = window.more_button.toolTip()
    entries = [e for e in [*every_entry(HIDE_NOW), LOCK_NOW] if e not in [*FOR_CUSTOMER, LINE]]
    assert [e for e in entries if NAMED_IN_TIP[e] not in tip] == []
    assert tip.startswith("More: ")


@pytest.mark.parametrize(
    ("entry", "dialog"),
    [
        ("Add a follow-up…", "FollowUpDialog"),
        ("All their notes…", "NotesDialog"),
        ("Preferences, tags, occasions and links…", "FactsDialog"),
        ("Edit this customer…", "CustomerDialog"),
        ("Merge another record into this one…", "MergeDialog"),
    ],
)
def test_a_mouse_user_finds_what_the_keys_do_to_the_customer_on_screen_in_the_menu(
    qtbot: QtBot, window: MainWindow, asked: list[str], entry: str, dialog: str, tmp_path: Path
) -> None:
    window.on_duty.setCurrentText("Priya")  # the owner: she may merge
    assert (entry, False, "no card") in entries_shown(qtbot, window, tmp_path / "idle.png")
    click_entry(qtbot, window, entry)
    assert asked == []  # nothing opened about nobody

    window.find("BG-1")
    entries = entries_shown(qtbot, window, tmp_path / "card.png")
    lisa_has_no_links = ("Open a linked customer's card", False, "no links")
    assert entries[2:10] == [
        (HEADING, False, ""),
        *[
            lisa_has_no_links if text.startswith("Open") else (text, True, "")
            for text in FOR_CUSTOMER
        ],
    ]
    assert (HIDE_NOW, True, "") in entries  # no PINs: Ctrl+L hides the screen, and says so
    click_entry(qtbot, window, entry)
    assert asked == [dialog]
    assert window.card.preferred_name.text() == "Lisa"


def test_a_note_added_from_the_menu_is_saved_for_the_customer_on_screen(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = NoteDraft("Asked about a wrist strap", pinned=False)
    monkeypatch.setattr(NoteDialog, "ask", classmethod(lambda cls, *args, **kwargs: draft))
    window.find("BG-1")
    click_entry(qtbot, window, "Add a note…")
    assert window.status.text() == "Note saved."
    assert "Asked about a wrist strap" in [n.text for n in store.notes.all_for(shop["lisa"])]
    assert "Asked about a wrist strap" in seen_on_card(window)


def test_a_linked_customer_opens_from_the_menu(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    staff_id: int,
    tmp_path: Path,
) -> None:
    store.links.add(shop["lisa"], shop["zoe"], "buys for", staff_id)
    window.find("BG-1")
    entries = entries_shown(qtbot, window, tmp_path / "linked.png")
    assert ("Open a linked customer's card", True, "") in entries
    click_entry(qtbot, window, "Open a linked customer's card")
    assert window.current_customer == shop["zoe"]
    assert window.card.preferred_name.text() == "Zoë"


def test_while_the_screen_is_hidden_nothing_in_the_menu_acts_on_a_customer(
    qtbot: QtBot, window: MainWindow, asked: list[str], tmp_path: Path
) -> None:
    window.find("BG-1")
    click_entry(qtbot, window, HIDE_NOW)  # Lock now, as it reads without PINs
    assert window.hidden_mode.on
    assert window.pages.currentWidget() is window.privacy_panel
    entries = entries_shown(qtbot, window, tmp_path / "hidden.png")
    assert [e for e in entries if e[0] in FOR_CUSTOMER] == [
        (text, False, "no card") for text in FOR_CUSTOMER
    ]
    click_entry(qtbot, window, "Edit this customer…")
    assert asked == []


def test_lock_now_reads_as_it_is_once_pins_are_set(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_pinned(qtbot, store, tmp_path)
    assert (LOCK_NOW, True, "") in entries_shown(qtbot, window, tmp_path / "pinned.png")
    click_entry(qtbot, window, LOCK_NOW)
    assert window.staff_actions.locked
    assert window.pages.currentWidget() is window.staff_actions.lock_panel


def test_what_cannot_be_undone_stands_apart_and_the_heading_lines_up_with_its_entries(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.find("BG-1")
    entries = [text for text, _, _ in entries_shown(qtbot, window, tmp_path / "more.png")]
    erase = entries.index("Erase this customer…")
    assert entries[erase - 1 : erase + 3] == [
        LINE,
        "Erase this customer…",
        "Restore a backup…",
        LINE,
    ]
    assert entries[entries.index(HEADING) - 1] == LINE  # its group begins with its heading
    lined_up: list[bool] = []

    def measure(menu: QMenu) -> None:
        (heading,) = [a for a in menu.actions() if a.text() == THIS_CUSTOMER]
        (note,) = [a for a in menu.actions() if a.text().startswith("Add a note…")]
        # An entry, drawn as its entries are (a line with a title starts at the menu's edge).
        lined_up.append(
            not heading.isSeparator()
            and menu.actionGeometry(heading).left() == menu.actionGeometry(note).left()
        )

    in_the_menu(qtbot, window, measure)
    assert lined_up == [True]
