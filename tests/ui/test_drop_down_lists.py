"""The lists that drop down from the On duty box and the Import window's columns: every name
dark on light, the highlighted one white on teal, as they are drawn (not as styled)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractItemView, QComboBox
from pytestqt.qtbot import QtBot

from greeter.ui.import_panels import ColumnsTable
from greeter.ui.main_window import MainWindow

# Showing a list's popup on the offscreen platform says so; it is not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")

DARK = 100  # lightness (0-255) below which a pixel is ink, or a dark background
LIGHT = 200


def rows_drawn(qtbot: QtBot, combo: QComboBox) -> list[tuple[int, int, int]]:
    """Open the list as a click would and, for each row drawn, its background's lightness
    and its darkest and lightest pixels."""
    combo.showPopup()
    view: QAbstractItemView = combo.view()
    qtbot.waitUntil(view.isVisible)
    image: QImage = view.grab().toImage()
    combo.hidePopup()
    drawn = []
    for row in range(combo.count()):
        rect = view.visualRect(combo.model().index(row, 0)).intersected(image.rect())
        assert not rect.isEmpty()
        seen = [
            QColor(image.pixel(x, y)).lightness()
            for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)
        ]
        # The background: the pixel most of the row is painted with.
        background = max(set(seen), key=seen.count)
        drawn.append((background, min(seen), max(seen)))
    return drawn


def assert_readable(drawn: list[tuple[int, int, int]], highlighted: int) -> None:
    for row, (background, darkest, lightest) in enumerate(drawn):
        if row == highlighted:
            assert background < DARK and lightest > LIGHT, f"row {row}: light on dark"
        else:
            assert background > LIGHT and darkest < DARK, f"row {row}: dark on light"


def test_every_name_in_the_open_on_duty_list_is_dark_on_light(
    qtbot: QtBot, window: MainWindow
) -> None:
    names = [window.on_duty.itemText(n) for n in range(window.on_duty.count())]
    assert names == ["Marcus", "Priya"]
    window.on_duty.setCurrentIndex(1)
    assert_readable(rows_drawn(qtbot, window.on_duty), highlighted=1)


def test_the_import_windows_lists_read_dark_on_light_even_for_an_ignored_column(
    qtbot: QtBot,
) -> None:
    table = ColumnsTable()
    qtbot.addWidget(table)
    fields = {"name": "their name", "phone": "a phone number", "email": "an email address"}
    table.show_file(["Customer", "Fax"], [(2, ["Lisa Marsh", "613-555-0123"])], fields)
    table.show_fields(["name", ""])  # the fax column ignored: its list is greyed
    with qtbot.waitExposed(table):
        table.show()
    assert_readable(rows_drawn(qtbot, table.combos[0]), highlighted=1)
    assert_readable(rows_drawn(qtbot, table.combos[1]), highlighted=0)
