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
    link = store.links.add(siobhan, cillian, "mother of", marcus)
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
        assert shown[0] == ("Marcus", f"insert customer_links #{link}"), customer_id


def test_a_link_row_names_both_customers(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    store.actor_id = store.staff.add("Priya", "owner")
    siobhan = add_customer(store, "Siobhán")
    cillian = add_customer(store, "Cillian")
    link = store.links.add(siobhan, cillian, "mother of", store.actor_id)
    dialog = AuditDialog(store.audit, store.staff.all())
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()

    model = dialog.model
    rows = [[str(model.index(r, n).data()) for n in range(5)] for r in range(model.rowCount())]
    (linked,) = [row for row in rows if row[2] == f"insert customer_links #{link}"]
    assert sorted(linked[3].split(" ↔ ")) == sorted([str(siobhan), str(cillian)])
    assert "other_customer" not in linked[4]  # said once, in the Customer column
    added = [row[3] for row in rows if row[2].startswith("insert customers ")]
    assert sorted(added) == sorted([str(siobhan), str(cillian)])  # one customer: one number
    dialog.grab().save(str(tmp_path / "audit-link.png"))
