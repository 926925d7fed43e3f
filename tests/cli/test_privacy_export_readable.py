"""`greeter privacy export` on the demo shop, read as the customer who asked for it would."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from greeter.store import Store
from tests.helpers import page_text, run_cli


def export(tmp_path: Path, card: str) -> tuple[dict[str, Any], str]:
    shop = tmp_path / "demo.db"
    if not shop.exists():
        made = run_cli("demo", "--out", str(shop))
        assert made.returncode == 0, made.stderr
    store = Store(shop)
    customer_id = store.customers.find_by_identifier("card", card)
    store.close()
    out = tmp_path / card
    result = run_cli(
        "privacy", "export", "--id", str(customer_id), "--out", str(out), "--db", str(shop)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((out / f"customer-{customer_id}.json").read_text(encoding="utf-8"))
    return data, page_text((out / f"customer-{customer_id}.html").read_text(encoding="utf-8"))


def test_siobhan_and_kwame_can_read_what_the_demo_shop_holds_about_them(tmp_path: Path) -> None:
    siobhan, siobhan_page = export(tmp_path, "BG-100017")
    _, kwame_page = export(tmp_path, "BG-100023")

    assert siobhan_page.startswith("What Bytown Gadgets & Gifts holds about Siobhán")
    assert "Loyalty card BG-100017" in siobhan_page
    assert re.search(
        r"Links to other customers Link Added Added by mother of Cillian \d", siobhan_page
    )
    assert re.search(
        r"Reserved item Pixel 10 Pro, Obsidian, 256 GB, reserved for her", siobhan_page
    )
    assert "Hélène Tremblay" in siobhan_page and "Spent in all $2,724.87" in siobhan_page
    assert "Birthday 14 March 1979" in kwame_page
    assert "Business anniversary 2 December" in kwame_page
    assert re.search(
        r"Promise Offer Kwame the first ThinkPad X1 Carbon Gen 13 .* Open ", kwame_page
    )
    for page in (siobhan_page, kwame_page):
        assert not re.search(r"\d{4}-\d\d-\d\d|_id|_cents|\bcall_back\b", page)
    # Tools that read the JSON find the columns they always did.
    (link,) = siobhan["tables"]["customer_links.from_id"]
    assert {"from_id", "to_id", "label", "author_id", "author"} <= set(link)
    assert link["reads"] == "mother of Cillian"
