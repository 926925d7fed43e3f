"""What matters most on the card is seen first: cautions without scrolling, only as many
follow-ups as keys reach, names in any script read in order, links and greetings that read
as staff would say them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUp, FollowUpKind, NoteKind
from greeter.store import Store
from greeter.ui.card_rows import FollowUpRow, NoteRow
from greeter.ui.card_sections import more_follow_ups
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY, add_customer

CAUTION = "Please double-check the delivery address every time: two parcels went astray"
LONG_CAUTION = (
    "Do not extend credit or take a post-dated cheque: the account was closed after two "
    "payments bounced, and the owner has asked to be called before any order over $50 is "
    "taken, whoever is at the counter"
)
KINDS = list(FollowUpKind)  # promise, reserved item, problem to check on, call back
SIZES = [(1280, 800), (1024, 600), (430, 860)]


@pytest.fixture
def max_many(store: Store, staff_id: int) -> int:
    """Max: fifteen open follow-ups (four overdue), four notes and a caution: a long card."""
    max_ = add_customer(store, "Max", "Max Many", card="BG-900")
    for n in range(15):
        store.follow_ups.add(
            max_,
            KINDS[n % 4],
            f"Follow-up {n + 1}: order the strap in midnight blue and call when it arrives",
            staff_id,
            TODAY + dt.timedelta(days=n - 4),
            today=TODAY,
        )
    for n in range(4):
        store.notes.add(max_, f"Note {n + 1}: collects the blue editions", staff_id)
    store.notes.add(max_, CAUTION, staff_id, kind=NoteKind.CAUTION)
    return max_


def at_size(window: MainWindow, size: tuple[int, int], code: str) -> None:
    window.resize(*size)
    QApplication.processEvents()
    window.find(code)
    for _ in range(3):  # the scroll bar is shown or hidden on the next turn of the loop
        QApplication.processEvents()


def in_first_screen(window: MainWindow, text: str) -> list[QLabel]:
    """The card's labels showing all of `text` whole within the card's first screen."""
    card = window.card
    return [
        label
        for label in card.widget().findChildren(QLabel)
        if label.isVisibleTo(card)
        and label.text() == text
        and label.mapTo(card.viewport(), label.rect().bottomLeft()).y() <= card.viewport().height()
    ]


def drawn(label: QLabel) -> str:
    """The text the label draws (a ClampedLabel's cut lines, isolates and all)."""
    return QLabel.text(label)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_caution_is_seen_without_scrolling_however_long_the_card(
    window: MainWindow, max_many: int, size: tuple[int, int]
) -> None:
    at_size(window, size, "BG-900")
    assert window.card.verticalScrollBar().maximum() > 0  # a long card: notes far below
    assert window.card.verticalScrollBar().value() == 0
    assert in_first_screen(window, CAUTION), "the caution is below the fold"
    # Its note is still in the notes, whole, where F3 edits it.
    notes = [row.text.text() for row in window.card.notes.findChildren(NoteRow)]
    assert CAUTION in notes


def test_a_long_caution_takes_two_lines_at_most_and_the_notes_keep_all_of_it(
    window: MainWindow, store: Store, staff_id: int
) -> None:
    gerard = add_customer(store, "Gérard", "Gérard Côté", card="BG-118")
    store.notes.add(gerard, LONG_CAUTION, staff_id, kind=NoteKind.CAUTION)
    at_size(window, (430, 860), "BG-118")
    [line] = [
        label
        for label in window.card.cautions.findChildren(QLabel, "cautionText")
        if label.isVisibleTo(window.card)
    ]
    lines = drawn(line).split("\n")
    assert len(lines) == 2 and lines[1].endswith("…")
    assert LONG_CAUTION.startswith(lines[0])
    assert line.height() < 3 * line.fontMetrics().lineSpacing()
    assert line.text() == LONG_CAUTION  # what screen readers hear
    assert line.mapTo(window.card.viewport(), line.rect().bottomLeft()).y() <= (
        window.card.viewport().height()
    )
    notes = [row.text.text() for row in window.card.notes.findChildren(NoteRow)]
    assert notes == [LONG_CAUTION]


def test_a_caution_hides_with_the_rest_of_the_card(
    qtbot: QtBot, window: MainWindow, max_many: int
) -> None:
    at_size(window, (1024, 600), "BG-900")
    assert window.card.cautions.isVisibleTo(window)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    shown = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    assert not [text for text in shown if "delivery address" in text]
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert in_first_screen(window, CAUTION)


def test_a_customer_without_a_caution_has_no_band(window: MainWindow, max_many: int) -> None:
    at_size(window, (1280, 800), "BG-900")
    window.find("BG-1")  # Lisa: a pinned note, no caution
    assert not window.card.cautions.isVisibleTo(window.card)
    assert not [
        label.text()
        for label in window.card.cautions.findChildren(QLabel, "cautionText")
        if label.text()
    ]  # nothing of Max's caution left behind


def shown_follow_ups(window: MainWindow) -> list[FollowUpRow]:
    rows = window.card.follow_ups.findChildren(FollowUpRow)
    return [row for row in rows if row.isVisibleTo(window.card)]


def test_nine_follow_ups_are_numbered_for_ctrl_1_to_9_and_the_rest_named_on_one_line(
    qtbot: QtBot, window: MainWindow, max_many: int
) -> None:
    window.on_duty.setCurrentText("Priya")
    at_size(window, (1280, 800), "BG-900")
    rows = shown_follow_ups(window)
    assert [row.kind.text().split()[0] for row in rows] == [str(n) for n in range(1, 10)]
    more = window.card.follow_ups.more
    assert more.isVisibleTo(window.card)
    assert more.text() == (
        "+ 6 more, due later: Reserved item (27 Nov), Problem to check on (28 Nov), "
        "Call back (29 Nov), …"
    )
    with qtbot.waitSignal(window.card_actions.follow_up_done):
        qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    rows = shown_follow_ups(window)
    assert len(rows) == 9  # the tenth moved up, under Ctrl+9
    assert rows[-1].kind.text() == "9  ·  RESERVED ITEM · due\u00a0Friday"
    assert rows[-1].text.text().startswith("Follow-up 10:")
    assert more.text().startswith("+ 5 more, due later: Problem to check on (28 Nov), ")


def follow_up(n: int, due_in: int | None) -> FollowUp:
    due = None if due_in is None else TODAY + dt.timedelta(days=due_in)
    return FollowUp(n, 1, KINDS[n % 4], "a body never shown here", due, "open", "Priya",
                    dt.datetime(2026, 11, 1))  # fmt: skip


@pytest.mark.parametrize(
    ("rest", "line"),
    [
        ([], ""),
        ([follow_up(1, 8)], "+ 1 more, due later: Reserved item (30 Nov)"),
        (
            [follow_up(1, 8), follow_up(2, None)],
            "+ 2 more, due later: Reserved item (30 Nov), Problem to check on (no date)",
        ),
        # Ten overdue: the tenth is not "due later".
        ([follow_up(3, -2), follow_up(0, 1)], "+ 2 more: Call back (20 Nov), Promise (23 Nov)"),
    ],
)
def test_the_line_for_the_rest_names_each_by_kind_and_day_and_never_its_text(
    rest: list[FollowUp], line: str
) -> None:
    assert more_follow_ups(rest, TODAY) == line


def leftmost_ink(label: QLabel) -> int:
    """How far from its left edge the label's text starts, in pixels."""
    image = label.grab().toImage()
    for x in range(image.width()):
        for y in range(image.height()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > 128 and pixel.lightness() < 160:
                return x
    return image.width()


@pytest.mark.parametrize("width", [1280, 430])
@pytest.mark.parametrize(
    ("preferred", "full"),
    [("فاطمة", "فاطمة الزهراء بنت محمد"), ("שרה", "שרה לוי")],
    ids=["Arabic", "Hebrew"],
)
def test_a_right_to_left_name_leaves_the_card_reading_left_to_right(
    window: MainWindow, store: Store, staff_id: int, preferred: str, full: str, width: int
) -> None:
    customer = add_customer(store, preferred, full, card="BG-901", pronunciation="fa-TI-ma")
    store.follow_ups.add(customer, FollowUpKind.RESERVED, "New phone", staff_id, TODAY)
    at_size(window, (width, 860), "BG-901")
    card = window.card
    # As every other customer's: from the left, the name first, then "say …", then since when.
    assert card.full_name.text() == f"{full} · say “fa-TI-ma” · customer since January 2024"
    assert leftmost_ink(card.full_name) <= 4
    assert drawn(card.full_name).startswith(f"\u2068{full}\u2069 · say")
    # Never seen here, so not "welcome back"; the name kept whole inside the sentence.
    assert card.greeting.text() == f"Hello {preferred}! Your reserved item is here."
    assert drawn(card.greeting).startswith(f"Hello \u2068{preferred}\u2069!")


def test_a_note_signature_goes_with_its_note_and_keeps_the_date_after_the_name(
    window: MainWindow, store: Store, staff_id: int
) -> None:
    samir = store.staff.add("سمير", "staff")
    fatima = add_customer(store, "فاطمة", card="BG-902")
    written = dt.datetime(2026, 11, 20, 10, 0)
    store.notes.add(fatima, "Prefers text messages to calls", staff_id, created=written)
    store.notes.add(fatima, "تحب الهواتف الكبيرة — likes big phones", samir, created=written)
    at_size(window, (1280, 800), "BG-902")
    rows = {row.text.text(): row for row in window.card.notes.findChildren(NoteRow)}
    arabic = rows["تحب الهواتف الكبيرة — likes big phones"]
    latin = rows["Prefers text messages to calls"]
    assert arabic.meta.text() == "سمير, 20 Nov"
    assert drawn(arabic.meta) == "\u2068سمير\u2069, 20 Nov"  # not "20 ,سمير Nov"
    right, left = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
    assert arabic.meta.alignment() & right  # under a note that starts on the right
    assert latin.meta.alignment() & left
    # The Arabic note's row (the latest note, so the first), reused for one in Latin script,
    # goes back to the left.
    window.find("BG-1")
    [lisas] = [row for row in window.card.notes.findChildren(NoteRow) if row.isVisibleTo(window)]
    assert lisas.meta.alignment() & left


def test_a_link_reads_as_staff_would_say_it_from_both_sides(
    window: MainWindow, store: Store, staff_id: int
) -> None:
    ingrid = add_customer(store, "Ingrid", "Ingrid Müller", card="BG-52")
    felix = add_customer(store, "Felix", "Felix Müller", card="BG-418")
    store.links.add(ingrid, felix, "buys for", staff_id)
    chips = {}
    for code in ("BG-52", "BG-418"):
        window.find(code)
        [chip] = [
            button
            for button in window.card.facts.findChildren(QPushButton, "link")
            if button.isVisibleTo(window.card)
        ]
        chips[code] = chip.text()
    assert chips == {"BG-52": "buys for Felix  →", "BG-418": "Ingrid buys for them  →"}
