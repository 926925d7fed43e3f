"""The audit dialog filtered by either customer of a link shows the link and who made it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.ui.audit_dialog import AuditDialog
from tests.helpers import add_customer


def test_filtering_by_either_customer_of_a_link_shows_it(qtbot: QtBot, store: Store) -> None:
    store.actor_id = store.staff.add("Priya", "owner")
    marcus = store.staff.add("Marcus", "staff")
    siobhan = add_customer(store, "Siobhán")
    cillian = add_customer(store, "Cillian")
    store.links.add(siobhan, cillian, "mother of", marcus)
    dialog = AuditDialog(store.audit, store.staff.all())
    qtbot.addWidget(dialog)

    for customer_id in (siobhan, cillian):
        dialog.customer.clear()
        qtbot.keyClicks(dialog.customer, str(customer_id))
        model = dialog.model
        shown = [
            tuple(str(model.index(row, n).data()) for n in (1, 2))
            for row in range(model.rowCount())
        ]
        assert shown[0] == (
            "Marcus",
            f"Link added between customers #{siobhan} and #{cillian}",
        ), customer_id


def test_a_link_row_names_both_customers(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    store.actor_id = store.staff.add("Priya", "owner")
    siobhan = add_customer(store, "Siobhán")
    cillian = add_customer(store, "Cillian")
    store.links.add(siobhan, cillian, "mother of", store.actor_id)
    dialog = AuditDialog(store.audit, store.staff.all())
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()

    model = dialog.model
    what = [str(model.index(r, 2).data()) for r in range(model.rowCount())]
    (linked,) = [row for row in what if row.startswith("Link added")]
    assert linked == f"Link added between customers #{siobhan} and #{cillian}"  # both, once
    added = [row for row in what if row.startswith("Customer #")]
    assert sorted(added) == sorted([f"Customer #{siobhan} added", f"Customer #{cillian} added"])
    dialog.grab().save(str(tmp_path / "audit-link.png"))
