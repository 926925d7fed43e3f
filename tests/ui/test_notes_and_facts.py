"""Notes looked after from the keyboard, and what the card knows at a glance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from greeter.core.models import NoteKind
from greeter.store import Store, rows
from greeter.ui.card_rows import NoteRow
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog, NoteDraft
from greeter.ui.notes_dialog import KEYS_HELP, NotesDialog
from tests.helpers import TODAY
from tests.ui.test_read_only_window import from_a_newer_greeter, open_window


@pytest.fixture
def old_note(store: Store, shop: dict[str, int], staff_id: int) -> int:
    written = dt.datetime.combine(TODAY - dt.timedelta(days=500), dt.time(10))
    return store.notes.add(shop["lisa"], "Collects vintage radios", staff_id, created=written)


def stale_lines(window: MainWindow) -> list[str]:
    labels = window.card.notes.findChildren(QLabel, "stale")
    return [w.text() for w in labels if w.isVisibleTo(window)]


def test_stale_notes_ask_still_true(window: MainWindow, old_note: int) -> None:
    window.find("BG-1")
    stale = stale_lines(window)
    assert len(stale) == 1 and stale[0].startswith("Still true?")
    assert stale[0].endswith(" · F3")  # F3, then Y, confirms it


def test_a_stale_note_on_a_read_only_file_names_no_key_that_cannot_confirm_it(
    qtbot: QtBot, store: Store, shop: dict[str, int], old_note: int, tmp_path: Path
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find("BG-1")
    # Still worth asking the customer before relying on it; but F3 cannot re-date it here.
    assert stale_lines(window) == ["Still true? Written 10 Jul 2025"]
    window.find("613-555-0150")  # Zoë: no notes
    window.find("BG-1")
    assert stale_lines(window) == ["Still true? Written 10 Jul 2025"]
    window.counter.store.close()


def notes_dialog(qtbot: QtBot, window: MainWindow, store: Store, customer: int) -> NotesDialog:
    priya = store.staff.by_name("Priya")
    dialog = NotesDialog(window.counter, customer, priya, window)
    qtbot.addWidget(dialog)
    return dialog


def select(dialog: NotesDialog, text: str) -> None:
    for row in range(dialog.notes.count()):
        if text in dialog.notes.item(row).text():
            dialog.notes.setCurrentRow(row)
            return
    raise AssertionError(f"no note with {text!r}")


def test_y_confirms_a_stale_note_and_re_dates_it(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], old_note: int
) -> None:
    dialog = notes_dialog(qtbot, window, store, shop["lisa"])
    select(dialog, "vintage radios")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Y)
    assert "still true" in dialog.message.text()
    assert "STILL" not in dialog.notes.currentItem().text()
    card = window.counter.card(shop["lisa"])
    assert not [n for n in card.notes if n.stale]


def test_a_note_confirmed_with_y_says_who_confirmed_it_and_when(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    old_note: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rows, "now", lambda: dt.datetime.combine(TODAY, dt.time(11, 5)))
    dialog = notes_dialog(qtbot, window, store, shop["lisa"])
    select(dialog, "vintage radios")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Y)
    confirmed = "Priya, 10 Jul 2025 · marked still true by Priya, 22 Nov"
    assert dialog.notes.currentItem().text().endswith(f"\n{confirmed}")
    dialog.close()

    again = notes_dialog(qtbot, window, store, shop["lisa"])  # opened again: it was kept
    select(again, "vintage radios")
    assert again.notes.currentItem().text().endswith(f"\n{confirmed}")
    again.close()

    window.find("BG-1")  # the card says it the same way
    shown = {
        row.text.text(): row.meta.text()
        for row in window.card.notes.findChildren(NoteRow)
        if row.isVisibleTo(window.card)
    }
    assert shown["Collects vintage radios"] == confirmed


def test_r_retires_and_p_pins(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], old_note: int
) -> None:
    dialog = notes_dialog(qtbot, window, store, shop["lisa"])
    select(dialog, "vintage radios")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_P)
    pinned = [n.text for n in window.counter.card(shop["lisa"]).notes if n.pinned]
    assert "Collects vintage radios" in pinned
    select(dialog, "vintage radios")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_R)
    texts = [n.text for n in window.counter.card(shop["lisa"]).notes]
    assert "Collects vintage radios" not in texts
    assert dialog.changed


def test_e_edits_and_h_shows_the_earlier_version(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    old_note: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        NoteDialog,
        "ask",
        classmethod(lambda cls, *a, **kw: NoteDraft("Collects vintage radios and clocks", False)),
    )
    dialog = notes_dialog(qtbot, window, store, shop["lisa"])
    select(dialog, "vintage radios")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_E)
    assert "earlier version is kept" in dialog.message.text()
    select(dialog, "and clocks")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_H)
    assert "Collects vintage radios\n" in dialog.history.text() + "\n"
    assert "and clocks" in dialog.history.text()


def test_the_notes_dialog_fits_a_narrow_panel_beside_the_till(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    old_note: int,
    tmp_path: Path,
) -> None:
    window.resize(460, 760)  # a panel beside the till's own window
    dialog = notes_dialog(qtbot, window, store, shop["lisa"])
    assert dialog.minimumSizeHint().width() <= 480 and dialog.minimumWidth() <= 480
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.width() <= 460  # opens no wider than the window it is over
    select(dialog, "vintage radios")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_H)  # the longest lines it shows
    dialog.grab().save(str(tmp_path / "notes-460.png"))
    shown = [label for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    assert [label.text() for label in shown][-1] == KEYS_HELP  # the keys, last
    for label in shown:  # every line of each shown, none cut off at the side
        assert label.geometry().right() < dialog.width(), label.text()
        assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_staff_cannot_change_a_colleagues_note(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], old_note: int
) -> None:
    marcus = store.staff.by_name("Marcus")
    dialog = NotesDialog(window.counter, shop["lisa"], marcus, window)
    qtbot.addWidget(dialog)
    select(dialog, "vintage radios")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_R)
    assert dialog.message.text() == (
        "Marcus is staff; only managers and owners may edit or retire others' notes. "
        "Ask a manager or an owner to go on duty (choosing their name at the top), then try again."
    )
    assert "Collects vintage radios" in [n.text for n in window.counter.card(shop["lisa"]).notes]


def test_note_kind_and_sensitive_word_warning(qtbot: QtBot) -> None:
    dialog = NoteDialog("Lisa", "Priya", sensitive_words="diabet*, church")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    qtbot.keyClicks(dialog.editor, "Mentioned she is diabetic")
    assert dialog.warning.isVisible()
    assert "diabetic" in dialog.warning.text()
    save = dialog.buttons.buttons()[0]
    assert save.isEnabled()  # a warning, not a refusal
    qtbot.keyClick(dialog.editor, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert dialog.draft().kind is NoteKind.CAUTION


def test_preferences_and_links_on_the_card_and_jumping(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], staff_id: int
) -> None:
    store.preferences.add(shop["lisa"], "Neck", "15½", staff_id)
    store.links.add(shop["lisa"], shop["zoe"], "buys for", staff_id)
    window.find("BG-1")
    chips = [w.text() for w in window.card.facts.findChildren(QLabel, "preference")]
    assert chips == ["Neck: 15½"]
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.current_customer == shop["zoe"]
    assert [link.other_id for link in window.card.facts.links] == [shop["lisa"]]


def open_lisa_who_buys_for_zoe(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], staff_id: int
) -> None:
    """Lisa's card, found by typing "lis" and Enter, with a link to Zoë."""
    store.links.add(shop["lisa"], shop["zoe"], "buys for", staff_id)
    with qtbot.waitSignal(window.search.text_settled):
        qtbot.keyClicks(window.search, "lis")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["lisa"]


def test_ctrl_j_empties_the_search_box_so_enter_stays_on_the_linked_card(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], staff_id: int
) -> None:
    open_lisa_who_buys_for_zoe(qtbot, window, store, shop, staff_id)
    qtbot.keyClick(window.search, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.current_customer == shop["zoe"]
    assert window.search.text() == ""  # not "lis", above Zoë's card
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["zoe"]  # an empty Enter neither goes back to
    assert window.pages.currentWidget() is window.card  # Lisa nor puts Zoë's card away


def test_clicking_a_link_chip_empties_the_search_box_too(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], staff_id: int
) -> None:
    open_lisa_who_buys_for_zoe(qtbot, window, store, shop, staff_id)
    [chip] = [b for b in window.card.facts.findChildren(QPushButton) if b.isVisibleTo(window.card)]
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert window.current_customer == shop["zoe"]
    assert window.search.text() == ""  # not "lis", above Zoë's card
