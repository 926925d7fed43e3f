"""The audit trail in the window reads as words, with times as the window writes them, and
fits a small screen and a narrow panel beside the till."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.store.database import write
from greeter.ui.audit_dialog import SHOWN, AuditDialog
from greeter.ui.main_window import MainWindow
from greeter.ui.screen_fit import TITLE_BAR


def shown(dialog: AuditDialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [
        (
            str(model.index(r, 0).data()),
            str(model.index(r, 1).data()),
            str(model.index(r, 2).data()),
        )
        for r in range(model.rowCount())
    ]


def test_each_entry_says_what_happened_in_words(
    qtbot: QtBot, store: Store, shop: dict[str, int], staff_id: int
) -> None:
    lisa = shop["lisa"]
    follow_up = store.follow_ups.add(lisa, FollowUpKind.CALL_BACK, "Ring about the strap", staff_id)
    store.follow_ups.mark_done(follow_up, staff_id)
    store.audit.viewed(lisa, staff_id=staff_id)
    made = store.audit.entries(limit=1)[0].at
    dialog = AuditDialog(store.audit, store.staff.all(), today=made.date() + dt.timedelta(days=1))
    qtbot.addWidget(dialog)

    rows = shown(dialog)
    assert rows[0] == (f"Yesterday {made:%H:%M}", "Priya", f"Card shown for customer #{lisa}")
    what = [row[2] for row in rows]
    assert f"Follow-up added for customer #{lisa}" in what
    assert f"Follow-up changed for customer #{lisa}: status, done, done by" in what
    assert all(re.fullmatch(r"Yesterday \d\d:\d\d", row[0]) for row in rows)  # no ISO times
    assert not [w for w in what if re.search(r"insert|update|_|=|#\d+ \(", w)]  # no codes
    assert "Ring about the strap" not in " ".join(what)  # never what was written
    assert dialog.model.index(0, 0).data(3) == f"{made:%A %-d %B %Y, %H:%M:%S}"  # tip: exact


def test_the_filter_of_kinds_is_in_words(qtbot: QtBot, store: Store, shop: dict[str, int]) -> None:
    dialog = AuditDialog(store.audit, store.staff.all())
    qtbot.addWidget(dialog)
    kinds = [dialog.action.itemText(i) for i in range(dialog.action.count())]
    assert kinds[:4] == ["Every kind", "Something added", "Something changed", "Something removed"]
    assert "Card shown" in kinds and not [k for k in kinds if "_" in k or k.islower()]


def test_it_fits_the_screen_and_a_narrow_panel_with_no_sideways_scrolling(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    with write(store.db):  # a busy shop: the summary says "the newest 500; narrow the filters…"
        for _ in range(SHOWN):
            store.audit.viewed(shop["lisa"])
    room = QApplication.primaryScreen().availableGeometry()
    window.resize(430, 760)  # a panel beside the till's own window
    dialog = AuditDialog(store.audit, store.staff.all(), window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.grab().save(str(tmp_path / "audit-430.png"))
    assert "narrow the filters" in dialog.summary.text()
    assert dialog.width() <= 430
    assert dialog.height() + TITLE_BAR <= room.height()
    header = dialog.table.horizontalHeader()
    columns = sum(header.sectionSize(n) for n in range(header.count()))
    assert columns <= dialog.table.viewport().width()  # every column in view, none cut off

    alone = AuditDialog(store.audit, store.staff.all())  # over no window: within the screen
    qtbot.addWidget(alone)
    assert alone.width() <= room.width() and alone.height() + TITLE_BAR <= room.height()
