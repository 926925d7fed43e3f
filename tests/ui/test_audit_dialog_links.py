"""The audit dialog filtered by either customer of a link shows the link and who made it."""

from __future__ import annotations

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
