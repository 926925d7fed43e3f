"""What a customer's card says about the notes and tags that came with a till's file."""

from __future__ import annotations

from pathlib import Path

from greeter.store import Store
from greeter.ui.card_rows import NoteRow
from greeter.ui.main_window import MainWindow
from tests.till.csv_files import load, write_csv


def test_an_imported_note_and_vip_tag_read_as_the_tills(
    window: MainWindow, store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "till-customers.csv",
        ["Name", "Email", "Notes", "Tags", "Customer since"],
        [["Lisa Marsh", "lisa@example.com", "Collects vintage radios", "VIP, radio club",
          "2019-03-03"]],
    )  # fmt: skip
    assert load(store, path, "customers", staff="Priya").updated == 1

    window.find("BG-1")
    card = window.card
    shown = {
        row.text.text(): row.meta.text()
        for row in card.notes.findChildren(NoteRow)
        if row.isVisibleTo(card)
    }
    assert shown["Collects vintage radios"].startswith("Till import, ")  # not "Priya, …"
    assert shown["Prefers “miss” to “ma'am”"].startswith("Pinned · Priya, ")
    chips = {
        w.text(): w.toolTip()
        for w in (card.badges_row.itemAt(i).widget() for i in range(card.badges_row.count()))
        if w.isVisibleTo(card)
    }
    assert "VIP" not in chips  # Lisa has not spent enough for the rule's VIP badge
    assert chips["VIP tag"] == (
        "VIP tag: Tag that came with an import from the till or web shop (not the VIP badge "
        "Greeter's rules give)"
    )
    assert "radio club" in chips
