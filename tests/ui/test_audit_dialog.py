"""The owner browses and filters the audit trail in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.ui.audit_dialog import AuditDialog
from greeter.ui.main_window import MainWindow


def column(dialog: AuditDialog, n: int) -> list[str]:
    model = dialog.model
    return [str(model.index(row, n).data()) for row in range(model.rowCount())]


def test_the_trail_shows_views_and_changes_and_filters_by_customer_and_kind(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    store.audit.viewed(shop["lisa"])
    dialog = AuditDialog(store.audit, store.staff.all())
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() > 0
    qtbot.keyClicks(dialog.customer, str(shop["lisa"]))
    assert all(f"customer #{shop['lisa']}" in what.lower() for what in column(dialog, 2))
    assert f"Note added for customer #{shop['lisa']}" in column(dialog, 2)
    assert "Prefers" not in " ".join(column(dialog, 2))  # never the note's text
    dialog.action.setCurrentIndex(dialog.action.findText("Card shown"))
    assert column(dialog, 2) == [f"Card shown for customer #{shop['lisa']}"]
    dialog.customer.setText("lisa")
    assert "digits only" in dialog.summary.text()


def test_only_the_owner_may_open_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[bool] = []
    monkeypatch.setattr(AuditDialog, "ask", classmethod(lambda cls, *a: opened.append(True)))
    window.on_duty.setCurrentText("Marcus")
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert opened == []
    assert "owner" in window.status.text().lower()
    window.on_duty.setCurrentText("Priya")
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert opened == [True]


def test_one_record_is_counted_as_one_record(
    qtbot: QtBot, store: Store, shop: dict[str, int]
) -> None:
    store.audit.viewed(shop["zoe"])
    dialog = AuditDialog(store.audit, store.staff.all())
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.customer, str(shop["zoe"]))
    dialog.action.setCurrentIndex(dialog.action.findText("Card shown"))
    assert dialog.model.rowCount() == 1
    assert dialog.summary.text() == "1 record."
