"""The card or the day's list on screen follows what another counter, or the command line,
changed in the shop's file: a note added there shows here, an erased customer goes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind, NoteKind
from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.facts_dialog import FactsDialog
from greeter.ui.main_window import ERASED_ELSEWHERE, MERGED_ELSEWHERE, MainWindow
from greeter.ui.note_dialog import NoteDialog, NoteDraft
from greeter.ui.outside_changes import OutsideChanges
from tests.helpers import TODAY, run_cli


def visible_text(window: MainWindow) -> str:
    labels = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    return " ".join([*labels, window.search.displayText(), window.status.text()])


def card_notes(window: MainWindow) -> list[str]:
    card = window.card.card
    return [note.text for note in card.notes] if card is not None else []


def day_list(window: MainWindow) -> list[str]:
    model = window.idle.day_list.day_model
    return [str(model.index(row).data()) for row in range(model.rowCount())]


def cli(store: Store, *args: str) -> None:
    """Run `greeter ARGS` on the window's file in another process, as a till script would."""
    done = run_cli("--db", str(store.path), *args)
    assert done.returncode == 0, done.stderr


def recorded(store: Store) -> tuple[int, int]:
    """Greetings and card views recorded so far."""
    greetings = store.db.execute("SELECT count(*) FROM greetings").fetchone()[0]
    views = store.db.execute("SELECT count(*) FROM audit WHERE action = 'view'").fetchone()[0]
    return int(greetings), int(views)


@pytest.fixture
def changes(window: MainWindow) -> OutsideChanges:
    """The window following the shop's file, as `greeter` runs it (see greeter.app)."""
    return OutsideChanges(window)


@pytest.fixture
def second_counter(qtbot: QtBot, store: Store, tmp_path: Path) -> Iterator[MainWindow]:
    """Another window on the same file, through its own connection: a second counter."""
    elsewhere = Store(store.path, already_open=True)
    prefs = QSettings(str(tmp_path / "second.ini"), QSettings.Format.IniFormat)
    other = MainWindow(Counter(elsewhere, today=lambda: TODAY), prefs)
    qtbot.addWidget(other)
    with qtbot.waitExposed(other):
        other.show()
    yield other
    other.close()
    elsewhere.close()


def test_a_customer_erased_elsewhere_leaves_the_card_on_screen_naming_nobody(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], changes: OutsideChanges
) -> None:
    window.find("BG-1")
    assert "LEE-sa" in visible_text(window)

    cli(store, "privacy", "erase", "--id", str(shop["lisa"]), "--yes")

    qtbot.waitUntil(lambda: window.current_customer is None, timeout=3000)
    assert window.pages.currentWidget() is window.idle
    assert window.status.text() == ERASED_ELSEWHERE
    shown = visible_text(window)
    for trace in ("Lisa", "LEE-sa", "BG-1", "Pixel", "Blue case", "613"):
        assert trace not in shown
    qtbot.keyClick(window, Qt.Key.Key_F3)  # no longer a card that says nothing
    assert window.status.text().startswith("Find a customer first, then press F3")


def test_the_days_list_on_screen_is_drawn_again_keeping_the_line_chosen(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    staff_id: int,
    changes: OutsideChanges,
) -> None:
    store.follow_ups.add(shop["bob"], FollowUpKind.CALL_BACK, "Ring about tea", staff_id, TODAY)
    window.show_idle()
    assert any(line.startswith("Lisa") for line in day_list(window))
    while window.idle.day_list.current_customer() != shop["bob"]:
        qtbot.keyClick(window.search, Qt.Key.Key_Down)  # walking the list

    cli(store, "privacy", "erase", "--id", str(shop["lisa"]), "--yes")

    qtbot.waitUntil(lambda: not any("Lisa" in line for line in day_list(window)), timeout=3000)
    assert window.idle.day_list.current_customer() == shop["bob"]  # Enter still opens Bob
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["bob"]


def test_a_line_chosen_before_its_customer_was_erased_says_so(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.show_idle()
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.idle.day_list.current_customer() == shop["lisa"]
    with Store(store.path, already_open=True) as elsewhere:  # before the window looks
        elsewhere.erasures.erase(shop["lisa"])

    qtbot.keyClick(window.search, Qt.Key.Key_Return)

    assert window.current_customer is None
    assert window.status.text() == ERASED_ELSEWHERE
    assert not any("Lisa" in line for line in day_list(window))


def test_a_note_added_elsewhere_shows_on_the_card_as_staff_left_it(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    staff_id: int,
    changes: OutsideChanges,
) -> None:
    for n in range(12):  # a card taller than the window
        store.notes.add(shop["lisa"], f"Older note {n}", staff_id)
    window.resize(760, 520)
    window.find("BG-1")
    window.shown.write()  # the greeting and the view are in the file
    before = recorded(store)
    bar = window.card.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    window.search.setSelection(0, 2)

    cli(store, "note", "add", "--card", "BG-1", "--text", "Asked about a screen protector")

    qtbot.waitUntil(lambda: "Asked about a screen protector" in card_notes(window), timeout=3000)
    assert "Asked about a screen protector" in visible_text(window)
    assert (window.search.text(), window.search.selectedText()) == ("BG-1", "BG")
    assert QApplication.focusWidget() is window.search
    assert bar.value() == scrolled
    assert window.shown.waiting == 0
    assert recorded(store) == before  # drawn again: no new greeting, no new view


def test_a_note_saved_on_a_second_counter_shows_on_the_first(
    qtbot: QtBot,
    window: MainWindow,
    second_counter: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    changes: OutsideChanges,
) -> None:
    window.find("BG-1")
    second_counter.find("BG-1")

    def typed(cls: object, parent: QWidget, *args: object, **kwargs: object) -> NoteDraft:
        return NoteDraft("Son's phone activated", False, NoteKind.GENERAL)

    monkeypatch.setattr(NoteDialog, "ask", classmethod(typed))
    qtbot.keyClick(second_counter, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert second_counter.status.text() == "Note saved."

    qtbot.waitUntil(lambda: "Son's phone activated" in card_notes(window), timeout=3000)


def test_the_card_waits_while_a_dialog_is_open_over_it_or_the_screen_is_hidden(
    window: MainWindow, store: Store, changes: OutsideChanges
) -> None:
    window.find("BG-1")
    dialog = QDialog(window)  # a PIN asked for, F4…
    dialog.open()
    cli(store, "note", "add", "--card", "BG-1", "--text", "Likes the green case")
    changes.look()
    assert "Likes the green case" not in card_notes(window)
    dialog.reject()
    changes.look()
    assert "Likes the green case" in card_notes(window)

    window.set_private(True)
    cli(store, "note", "add", "--card", "BG-1", "--text", "Back on Friday")
    changes.look()
    assert window.pages.currentWidget() is window.privacy_panel
    assert "Back on Friday" not in visible_text(window)
    window.set_private(False)
    assert "Back on Friday" in visible_text(window)


def test_a_customer_merged_away_elsewhere_gives_way_to_the_record_they_became(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    staff_id: int,
    changes: OutsideChanges,
) -> None:
    window.find("613-555-0150")
    assert window.current_customer == shop["zoe"]
    window.shown.write()
    greetings, _views = recorded(store)
    with Store(store.path, already_open=True) as elsewhere:
        elsewhere.merges.merge(shop["lisa"], shop["zoe"], staff_id, dt.datetime(2026, 11, 22, 9))

    qtbot.waitUntil(lambda: window.current_customer == shop["lisa"], timeout=3000)
    assert window.status.text() == MERGED_ELSEWHERE
    assert "LEE-sa" in visible_text(window)
    window.shown.write()
    assert recorded(store)[0] == greetings  # the same person: not greeted twice


def test_a_customer_erased_while_the_screen_was_hidden_is_not_shown_again(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], changes: OutsideChanges
) -> None:
    window.find("BG-1")
    window.set_private(True)
    cli(store, "privacy", "erase", "--id", str(shop["lisa"]), "--yes")
    changes.look()
    assert window.pages.currentWidget() is window.privacy_panel  # still hidden

    window.set_private(False)
    qtbot.wait(600)  # longer than the search box waits for typing to settle

    assert window.current_customer is None
    assert window.status.text() == ERASED_ELSEWHERE
    assert window.search.text() == ""  # her card code is not put back to look up


def test_a_dialog_closed_over_a_customer_erased_meanwhile_says_they_were_erased(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def erased_while_open(cls: object, parent: QWidget, *args: object) -> bool:
        with Store(store.path, already_open=True) as elsewhere:
            elsewhere.erasures.erase(shop["lisa"])
        return True  # "changed": the card is drawn again

    monkeypatch.setattr(FactsDialog, "ask", classmethod(erased_while_open))
    window.find("BG-1")
    qtbot.keyClick(window, Qt.Key.Key_F4)

    assert window.current_customer is None
    assert window.status.text() == ERASED_ELSEWHERE  # not "Details updated."
