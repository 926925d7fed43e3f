"""What is due stands out: on the card, a follow-up's due line is as big as the text it is
about, bold, in its urgency's colour; on the day's list an overdue reason is red and one due
today amber. Every scroll bar is the theme's flat one, the day's list's too."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QScrollBar, QStyle, QStyleOptionSlider
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY


def test_the_due_line_on_the_card_is_body_sized_bold_and_red_once_overdue(
    window: MainWindow,
) -> None:
    window.find("BG-1")  # Lisa: her reserved item was due yesterday
    (due,) = [w for w in window.card.findChildren(QLabel, "followUpKind") if w.isVisible()]
    (text,) = [w for w in window.card.findChildren(QLabel, "followUpText") if w.isVisible()]
    assert "overdue\u00a0since\u00a0yesterday" in due.text()  # kept on one line
    assert due.font().pointSizeF() >= text.font().pointSizeF()  # no smaller than what is due
    assert due.font().bold()
    assert due.palette().color(QPalette.ColorRole.WindowText) == QColor("#A12A1E")
    assert due.wordWrap()  # on a narrow card it wraps rather than widening the card


def test_the_day_s_list_says_overdue_in_red_and_due_today_in_amber(
    window: MainWindow, store: Store, shop: dict[str, int], staff_id: int
) -> None:
    store.follow_ups.add(shop["zoe"], FollowUpKind.CALL_BACK, "Ring back", staff_id, TODAY)
    store.follow_ups.add(
        shop["bob"], FollowUpKind.PROMISE, "Order the tea", staff_id, TODAY + dt.timedelta(days=3)
    )
    window.show_idle()
    model = window.idle.day_list.day_model
    colours = {
        str(model.index(row).data()): model.index(row).data(Qt.ItemDataRole.ForegroundRole)
        for row in model.line_rows()
    }
    overdue = [c for line, c in colours.items() if line.startswith("Lisa — Reserved item")]
    assert overdue == [QColor("#A12A1E")]
    assert [c for line, c in colours.items() if line.startswith("Zoë")] == [QColor("#7A5200")]
    assert [c for line, c in colours.items() if "Birthday" in line] == [None]  # no urgency


def has_arrows(bar: QScrollBar) -> bool:
    option = QStyleOptionSlider()
    option.initFrom(bar)
    option.orientation = bar.orientation()
    option.minimum, option.maximum, option.pageStep = bar.minimum(), bar.maximum(), bar.pageStep()
    option.subControls = QStyle.SubControl.SC_All
    arrow = bar.style().subControlRect(
        QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarAddLine, bar
    )
    return not arrow.isEmpty()


def test_every_scroll_bar_is_the_flat_one(qtbot: QtBot, window: MainWindow) -> None:
    window.show_idle()
    day_list = window.idle.day_list.verticalScrollBar()
    window.find("BG-1")
    card = window.card.verticalScrollBar()
    assert not has_arrows(day_list) and not has_arrows(card)  # alike: Fusion's has arrows
