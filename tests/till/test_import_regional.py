"""Importing sales written the way the shop's country writes them: decimal commas in any
file, day/month order from the shop's region, and sales dated in the future refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from greeter.core.timefmt import MONTHS
from greeter.store import Store
from greeter.till.problems import ImportRefused
from tests.helpers import TODAY, add_customer
from tests.till.csv_files import count, load, write_csv
from tests.till.test_import_sales import lines_of

HEADER = ["Receipt", "Date", "Item", "Qty", "Unit Price", "Line Total"]
LAST_YEAR = dt.date.today().year - 1


def _totals(store: Store) -> dict[str, int]:
    rows = store.db.execute("SELECT receipt_id, total_cents FROM purchases").fetchall()
    return {r[0]: r[1] for r in rows}


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_thousands_dots_beside_decimal_commas_are_thousands(
    store: Store, tmp_path: Path, delimiter: str
) -> None:
    rows = [["E1", "2025-11-03", "Grinder", "1", "1.234,56", "1.234,56"],
            ["E1", "2025-11-03", "Beans", "2", "12,50", "25,00"],
            ["E2", "2025-11-04", "Scale", "1", "1.234", "1.234"]]  # fmt: skip
    path = write_csv(tmp_path / "eu.csv", HEADER, rows, delimiter=delimiter)
    result = load(store, path, "sales")
    assert (result.new, result.bad) == (2, 0)
    assert _totals(store) == {"E1": 125956, "E2": 123400}  # not 1.23 for the scale


def test_an_amount_with_no_evidence_either_way_reads_as_today(store: Store, tmp_path: Path) -> None:
    rows = [["R1", "2025-11-03", "Scale", "1", "1.234", "1.234"],
            ["R2", "2025-11-03", "Mug", "1", "1,234.00", "1,234.00"]]  # fmt: skip
    load(store, write_csv(tmp_path / "us.csv", HEADER, rows), "sales")
    assert _totals(store) == {"R1": 123, "R2": 123400}


@pytest.mark.parametrize(
    ("region", "locale", "stored"),
    [("GB", "en_GB", f"{LAST_YEAR}-11-05"), ("IE", "en_IE", f"{LAST_YEAR}-11-05"),
     ("DE", "de_DE", f"{LAST_YEAR}-11-05"), ("US", "en_US", f"{LAST_YEAR}-05-11"),
     ("CA", "en_CA", f"{LAST_YEAR}-05-11")],
)  # fmt: skip
def test_a_shop_that_never_set_date_order_reads_dates_as_its_country_writes_them(
    store: Store, tmp_path: Path, region: str, locale: str, stored: str
) -> None:
    store.settings.set("region", region)
    store.settings.set("locale", locale)
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"],
                     [["UK1", f"05/11/{LAST_YEAR} 10:00", "Kettle", "49.00"]])  # fmt: skip
    load(store, path, "sales")
    assert store.db.execute("SELECT purchased_at FROM purchases").fetchone()[0] == (
        f"{stored}T10:00:00"
    )


def test_an_explicit_date_order_wins_over_the_region(store: Store, tmp_path: Path) -> None:
    store.settings.set("date_order", "MDY")
    store.settings.set("region", "GB")
    store.settings.set("locale", "en_GB")
    assert store.settings.load().date_order == "MDY"
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"],
                     [["UK1", f"05/11/{LAST_YEAR}", "Kettle", "49.00"]])  # fmt: skip
    load(store, path, "sales")
    assert store.db.execute("SELECT purchased_at FROM purchases").fetchone()[0] == (
        f"{LAST_YEAR}-05-11T00:00:00"
    )


def _month_first_in_future() -> tuple[str, str]:
    """A recent day written day first ('12/11/2026') that read month first is in the future:
    the file of a UK till imported by a shop set to MDY (from 13 December on there is none)."""
    today = dt.date.today()
    for back in range(1, 366):
        day = today - dt.timedelta(days=back)
        if day.day <= 12 and dt.date(day.year, day.day, day.month) > latest(today):
            return day.strftime("%d/%m/%Y"), f"{day.month} {MONTHS[day.day]} {day.year}"
    ahead = today + dt.timedelta(days=3)  # late December: a day truly ahead says so too
    return ahead.strftime("%m/%d/%Y"), f"{ahead.day} {MONTHS[ahead.month]} {ahead.year}"


def latest(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=1)


def test_a_sale_dated_in_the_future_says_the_date_order_may_be_wrong(
    store: Store, tmp_path: Path
) -> None:
    store.settings.set("date_order", "MDY")
    written, read = _month_first_in_future()
    rows = [["UK1", f"01/10/{LAST_YEAR} 10:00", "Teapot", "19.00"],
            ["UK2", f"{written} 10:00", "Toaster", "39.00"]]  # fmt: skip
    path = write_csv(tmp_path / "uk.csv", ["Receipt", "Date", "Item", "Price"], rows)
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "sales")
    assert (
        f"line 3, column Date: “{written} 10:00” is in the future, {read} (read as "
        "month/day/year; the shop's date_order setting is MDY): the date order may be wrong. "
        "If the till writes the day first, set it with `greeter settings date_order DMY` "
        "(see the README) and import the file again"
    ) in str(refused.value)
    assert count(store, "purchases") == 0


def test_a_year_first_sale_in_the_future_is_a_bad_row(store: Store, tmp_path: Path) -> None:
    later = dt.date.today() + dt.timedelta(days=3)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows = [["R1", f"{later} 10:00", "Mug", "5.00"], ["R2", f"{tomorrow} 23:00", "Mug", "5.00"]]
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"], rows)
    result = load(store, path, "sales", skip_bad=True)
    assert (result.new, result.bad) == (1, 1)  # tomorrow is a time zone away: kept
    assert "a sale cannot be after today" in str(result.problems[0])


# -- tills that name their columns in German, French and Spanish ----------------------------


def _receipts(store: Store) -> list[tuple[object, ...]]:
    """(receipt, date, total, customer's preferred name) of each purchase stored."""
    return [
        tuple(r)
        for r in store.db.execute(
            "SELECT p.receipt_id, p.purchased_at, p.total_cents, c.preferred_name FROM purchases"
            " p LEFT JOIN customers c ON c.id = p.customer_id ORDER BY p.receipt_id"
        )
    ]


def test_a_german_tills_customers_and_sales_are_read_by_their_german_headings(
    store: Store, tmp_path: Path
) -> None:
    """A German till's exports as they come (cp1252, semicolons, decimal commas): customers
    with their Newsletter ja/nein, then sales linked to them by Kundennr., with their amounts."""
    store.settings.set("region", "DE")
    kunden = write_csv(
        tmp_path / "kunden.csv",
        ["Kundennummer", "Anrede", "Vorname", "Nachname", "Firma", "E-Mail", "Telefon",
         "Geburtstag", "Notiz", "Erstellt am", "Newsletter"],
        [["K-1001", "Frau", "Jürgen", "Müller", "", "juergen.mueller@example.de",
          "030 1234567", "24.11.1975", "Stammkunde", "05.03.2024", "ja"],
         ["K-1002", "Herr", "Björn", "Schäfer", "Schäfer GmbH", "b.schaefer@example.de",
          "+49 89 7654321", "03.12.1982", "", "12.01.2025", "nein"]],
        delimiter=";", encoding="cp1252",
    )  # fmt: skip
    verkaeufe = write_csv(
        tmp_path / "verkaeufe.csv",
        ["Belegnr.", "Datum", "Uhrzeit", "Kundennr.", "Kunde", "Artikelnr.", "Artikel", "Menge",
         "Einzelpreis", "Gesamt", "MwSt %", "Zahlart"],
        [["2025-000101", "03.11.2025", "14:31:07", "K-1001", "Jürgen Müller", "4006381333931",
          "Kaffeemühle Deluxe", "1", "1.234,56 €", "1.234,56 €", "19", "EC-Karte"],
         ["2025-000101", "03.11.2025", "14:31:07", "K-1001", "Jürgen Müller", "4006381333948",
          "Kaffeebohnen 1 kg", "2", "12,50 €", "25,00 €", "7", "EC-Karte"],
         ["2025-000102", "12.11.2025", "09:05:00", "K-1002", "Björn Schäfer", "4006381333955",
          "Espressotassen 6er", "1", "49,90 €", "49,90 €", "19", "Bar"]],
        delimiter=";", encoding="cp1252",
    )  # fmt: skip

    people = load(store, kunden, "customers")
    sales = load(store, verkaeufe, "sales")

    assert (people.new, people.bad, sales.new, sales.bad) == (2, 0, 2, 0)
    consents = store.db.execute(
        "SELECT c.preferred_name, c.full_name, k.granted FROM consents k"
        " JOIN customers c ON c.id = k.customer_id WHERE k.channel = 'email' ORDER BY c.id"
    )
    assert [tuple(r) for r in consents] == [("Jürgen", "Jürgen Müller", 1),
                                            ("Björn", "Björn Schäfer", 0)]  # fmt: skip
    assert _receipts(store) == [
        ("2025-000101", "2025-11-03T14:31:07", 125956, "Jürgen"),
        ("2025-000102", "2025-11-12T09:05:00", 4990, "Björn"),
    ]
    assert lines_of(store, "2025-000101") == [
        (1, "Kaffeemühle Deluxe", "4006381333931", 1.0, 123456),
        (2, "Kaffeebohnen 1 kg", "4006381333948", 2.0, 2500),
    ]
    assert "ignored columns: Kunde, MwSt %, Zahlart" in sales.summary().splitlines()


def test_a_french_tills_clients_and_ventes_with_an_avoir_given_back(
    store: Store, tmp_path: Path
) -> None:
    """A French till's exports (UTF-8 with a BOM, semicolons): clients, then sales linked by
    N° client; a line its Type calls Avoir is money given back, however the till signs it."""
    store.settings.set("region", "FR")
    clients = write_csv(
        tmp_path / "clients.csv",
        ["N° client", "Civilité", "Prénom", "Nom", "E-mail", "Téléphone", "Portable",
         "Date de naissance", "Remarque", "Date de création"],
        [["C0001", "Mme", "Amélie", "Dubois", "amelie.dubois@example.fr", "01 42 68 53 00",
          "06 12 34 56 78", "05/12/1988", "Préfère être appelée Mme", "14/02/2024"],
         ["C0002", "M.", "François", "Lefèvre", "f.lefevre@example.fr", "", "07 98 76 54 32",
          "11/03/1979", "", "01/10/2025"]],
        delimiter=";", bom=True,
    )  # fmt: skip
    ventes = write_csv(
        tmp_path / "ventes.csv",
        ["N° ticket", "Date", "Heure", "N° client", "Client", "Code article", "Désignation",
         "Quantité", "Prix unitaire TTC", "Montant TTC", "Remise", "TVA", "Mode de paiement",
         "Type"],
        [["T-000451", "05/11/2025", "10:15", "C0001", "Amélie Dubois", "3760123450012",
          "Théière en fonte", "1", "1 249,00 €", "1 249,00 €", "0,00", "20,0", "CB", "Vente"],
         ["T-000451", "05/11/2025", "10:15", "C0001", "Amélie Dubois", "3760123450029",
          "Thé vert Sencha 100 g", "3", "8,50 €", "25,50 €", "0,00", "5,5", "CB", "Vente"],
         ["T-000452", "12/11/2025", "17:40", "C0002", "François Lefèvre", "3760123450036",
          "Tasse double paroi", "2", "14,90 €", "29,80 €", "0,00", "20,0", "Espèces", "Vente"],
         ["T-000453", "13/11/2025", "11:00", "C0002", "François Lefèvre", "3760123450036",
          "Tasse double paroi", "1", "14,90 €", "14,90 €", "0,00", "20,0", "Espèces", "Avoir"]],
        delimiter=";", bom=True,
    )  # fmt: skip

    people = load(store, clients, "customers")
    sales = load(store, ventes, "sales")

    assert (people.new, people.bad, sales.new, sales.bad) == (2, 0, 2, 0)
    names = store.db.execute("SELECT preferred_name, full_name FROM customers ORDER BY id")
    assert [tuple(r) for r in names] == [("Amélie", "Amélie Dubois"),
                                         ("François", "François Lefèvre")]  # fmt: skip
    assert sales.refunds == ["T-000453"]
    assert _receipts(store) == [
        ("T-000451", "2025-11-05T10:15:00", 127450, "Amélie"),
        ("T-000452", "2025-11-12T17:40:00", 1490, "François"),  # one of the two cups back
    ]
    assert lines_of(store, "T-000452") == [(1, "Tasse double paroi", "3760123450036", 1.0, 1490)]


def test_a_spanish_tills_devolucion_is_money_given_back(store: Store, tmp_path: Path) -> None:
    """A Spanish till's sales: Nº Ticket, Fecha, Artículo, Importe … read as such, linked by
    Correo electrónico, and a Devolución in its Tipo column left out as money given back."""
    store.settings.set("region", "ES")
    lucia = add_customer(store, "Lucía", email="lucia@example.es")
    ventas = write_csv(
        tmp_path / "ventas.csv",
        ["Nº Ticket", "Fecha", "Hora", "Correo electrónico", "Artículo", "Cantidad", "Precio",
         "Importe", "Tipo"],
        [["TK-0077", "07/11/2025", "12:01:33", "lucia@example.es", "Auriculares inalámbricos",
          "1", "1.199,00", "1.199,00", "Venta"],
         ["TK-0078", "08/11/2025", "12:30:00", "lucia@example.es", "Funda móvil", "2",
          "19,95", "39,90", "Venta"],
         ["TK-0079", "09/11/2025", "18:45:10", "lucia@example.es", "Funda móvil", "1", "19,95",
          "19,95", "Devolución"]],
        delimiter=";", bom=True,
    )  # fmt: skip

    result = load(store, ventas, "sales")

    assert (result.new, result.bad, result.refunds) == (2, 0, ["TK-0079"])
    assert _receipts(store) == [
        ("TK-0077", "2025-11-07T12:01:33", 119900, "Lucía"),
        ("TK-0078", "2025-11-08T12:30:00", 1995, "Lucía"),  # one of the two cases back
    ]
    assert lines_of(store, "TK-0078") == [(1, "Funda móvil", "", 1.0, 1995)]
    assert store.purchases.stats(lucia, TODAY, 90).visits == 2


def test_a_spanish_tills_estado_leaves_out_cancelled_tickets_and_charges_are_no_items(
    store: Store, tmp_path: Path
) -> None:
    """A Spanish till's Estado column: Cobrado is a sale, Anulado is left out as cancelled,
    Pendiente until it is paid; a Tipo of Gastos de envío or Propina is money on the ticket,
    not an item bought, as is a line named Envío."""
    store.settings.set("region", "ES")
    ventas = write_csv(
        tmp_path / "ventas.csv",
        ["Nº Ticket", "Fecha", "Artículo", "Importe", "Tipo", "Estado"],
        [["TK-1", "07/11/2025", "Auriculares", "99,00", "Venta", "Cobrado"],
         ["TK-1", "07/11/2025", "Envío urgente", "5,00", "Gastos de envío", "Cobrado"],
         ["TK-1", "07/11/2025", "Envío", "1,00", "Venta", "Cobrado"],
         ["TK-1", "07/11/2025", "Gracias", "2,00", "Propina", "Cobrado"],
         ["TK-2", "08/11/2025", "Funda móvil", "19,95", "Venta", "Anulado"],
         ["TK-3", "09/11/2025", "Cargador", "24,50", "Venta", "Pendiente"]],
        delimiter=";",
    )  # fmt: skip

    result = load(store, ventas, "sales")

    assert (result.new, result.bad, result.cancelled) == (1, 0, ["TK-2"])
    assert result.unpaid == [("TK-3", "pendiente")]
    assert [r[:3] for r in _receipts(store)] == [("TK-1", "2025-11-07T00:00:00", 10700)]
    assert [line[1] for line in lines_of(store, "TK-1")] == ["Auriculares"]


def test_a_german_storno_column_leaves_out_only_the_receipts_it_says_ja_to(
    store: Store, tmp_path: Path
) -> None:
    """A German till's Storno column is read as whether the sale was cancelled, with no
    --map: it says nein of every sale that stands, which are imported, and only the one it
    says ja to is left out."""
    store.settings.set("region", "DE")
    path = write_csv(
        tmp_path / "verkaeufe.csv", ["Belegnr.", "Datum", "Artikel", "Gesamt", "Storno"],
        [["2025-000102", "12.11.2025", "Espressotassen 6er", "49,90 €", "nein"],
         ["2025-000103", "12.11.2025", "Espressotassen 6er", "49,90 €", "ja"],
         ["2025-000104", "20.11.2025", "Milchaufschäumer", "89,00 €", "Nein"]],
        delimiter=";", encoding="cp1252",
    )  # fmt: skip

    result = load(store, path, "sales")

    assert (result.new, result.cancelled) == (2, ["2025-000103"])
    assert [r[0] for r in _receipts(store)] == ["2025-000102", "2025-000104"]
