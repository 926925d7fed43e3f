"""Long words (URLs, addresses, tags, names) wrap or shorten on a narrow panel instead of
widening the card; short ones, and what the code reads back, are left exactly as they were."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from greeter.ui.wrapping import BREAK, EllipsisButton, WrappingLabel, breakable

URL = "https://example.com/orders/2026/11/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@pytest.mark.parametrize(
    "text", ["Prefers “miss” to “ma'am”.", "Siobhán Ní Bhriain", "Konstantinopolis", ""]
)
def test_short_words_are_left_alone(text: str) -> None:
    assert breakable(text) == text


def test_a_url_may_break_after_its_slashes_and_inside_a_long_run() -> None:
    broken = breakable(f"Order {URL} reserved")
    assert broken.replace(BREAK, "") == f"Order {URL} reserved"
    assert f"https:{BREAK}/{BREAK}/{BREAK}example.{BREAK}com/{BREAK}orders/" in broken
    assert max(len(run) for run in broken.replace(" ", BREAK).split(BREAK)) <= 16


def test_a_windows_path_may_break_after_its_backslashes() -> None:
    path = r"C:\Users\Shop\Documents\Greeter\exports\customer-1.json"
    broken = breakable(f"Wrote {path}.")
    assert broken.replace(BREAK, "") == f"Wrote {path}."
    assert f"\\{BREAK}Documents\\{BREAK}Greeter\\{BREAK}exports\\" in broken


@pytest.mark.parametrize(
    "word",
    [
        "Cafe\u0301" * 6,  # accents written as combining marks
        "👩\u200d👩\u200d👧\u200d👦" * 6,  # a family emoji is joined characters
        "👍🏽" * 12,  # with a skin tone modifier
    ],
)
def test_a_break_never_parts_a_character_from_what_is_drawn_with_it(word: str) -> None:
    broken = breakable(word)
    assert broken.replace(BREAK, "") == word
    for n, char in enumerate(broken):
        if char == BREAK:
            assert broken[n - 1] != "\u200d"
            assert broken[n + 1] not in "\u0301\u200d\U0001f3fd"


def test_a_wrapping_label_gives_back_the_text_it_was_given(qtbot: QtBot) -> None:
    label = WrappingLabel(URL)
    qtbot.addWidget(label)
    assert label.text() == URL
    label.clear()
    assert label.text() == ""


def test_a_long_url_does_not_make_its_label_wide(qtbot: QtBot) -> None:
    label = WrappingLabel(URL)
    qtbot.addWidget(label)
    assert label.minimumSizeHint().width() < label.fontMetrics().horizontalAdvance(URL) / 3


def test_a_squeezed_button_shortens_its_text_and_says_all_of_it(qtbot: QtBot) -> None:
    button = EllipsisButton()
    qtbot.addWidget(button)
    text = "buys presents for her great-grandnephew-in-law Konstantin Wasserstoff  →"
    button.setText(text)
    whole = button.sizeHint().width()
    button.resize(whole, button.sizeHint().height())
    button.show()
    QApplication.processEvents()
    assert button.text() == text  # what the code reads is always the whole

    button.resize(whole // 2, button.height())
    QApplication.processEvents()
    assert button.accessibleName() == text  # what a screen reader hears
    assert button.minimumSizeHint().width() < whole // 2
    assert _painted_text(button).endswith("…")

    button.resize(whole, button.height())
    QApplication.processEvents()
    assert _painted_text(button) == text


def test_an_ampersand_on_a_button_is_shown_not_taken_for_a_shortcut(qtbot: QtBot) -> None:
    button = EllipsisButton()
    qtbot.addWidget(button)
    button.setText("buys for Smith & Daughters  →")
    assert button.shortcut().isEmpty()  # not Alt+D
    assert _painted_text(button) == "buys for Smith & Daughters  →"
    assert button.accessibleName() == "buys for Smith & Daughters  →"
    assert button.sizeHint().width() > QPushButton("buys for Smith  →").sizeHint().width()


def _painted_text(button: EllipsisButton) -> str:
    """The text as drawn: Qt draws "&&" as one "&"."""
    return str(super(EllipsisButton, button).text()).replace("&&", "&")
