"""What a file must hold to be imported as customers or as sales, and which of the two it
plainly holds: a Shopify order export imported as customers would make a customer of every
order number."""

from __future__ import annotations

from greeter.till.columns import CUSTOMERS, SALES, ColumnMapping
from greeter.till.problems import ImportRefused, WrongKind

NAME_FIELDS = ("preferred_name", "first_name", "last_name", "name")
AMOUNT_FIELDS = ("price", "line_total", "total")
# What a receipt holds besides its number and date: what was bought, or for how much.
BOUGHT_FIELDS = ("item", "sku", "quantity", *AMOUNT_FIELDS)


def holds(sales: ColumnMapping, customers: ColumnMapping) -> str | None:
    """What a file plainly holds, from its columns read as sales and as customers: SALES
    when they give receipt numbers, dates and what was bought; CUSTOMERS when they give names
    and no receipt number, item or amount; None when it could be either."""
    bought = any(map(sales.has, BOUGHT_FIELDS))
    if sales.has("receipt_id") and sales.has("date") and bought:
        return SALES
    if any(map(customers.has, NAME_FIELDS)) and not (bought or sales.has("receipt_id")):
        return CUSTOMERS
    return None


def refuse_other_kind(file_name: str, mapping: ColumnMapping, other: ColumnMapping) -> None:
    """WrongKind when the file being imported as `mapping.kind` plainly holds `other.kind`."""
    sales, customers = (mapping, other) if mapping.kind == SALES else (other, mapping)
    kind = holds(sales, customers)
    if kind is None or kind == mapping.kind:
        return
    refused = f"{file_name} was not imported (nothing was changed): it holds {kind}, not "
    if kind == SALES:
        found: dict[str, str] = {}  # what → the column it is read from, the first found
        for what, name in _SALES_SIGNS:
            if sales.has(name):
                found.setdefault(what, sales.column_name(name))
        signs = ", ".join(f"{what} in {column}" for what, column in found.items())
        raise WrongKind(f"{refused}{mapping.kind} ({signs}).", SALES)
    columns = sorted({c for f in NAME_FIELDS for c in customers.columns(f)})
    names = ", ".join(customers.header[c] for c in columns)
    raise WrongKind(
        f"{refused}{mapping.kind} (names in {names}; no receipt or order number).",
        CUSTOMERS,
        otherwise="if it does hold sales, name the column of its receipt numbers with "
        '--map "Column=receipt_id"',
    )


# What shows a file holds sales, said the way the shop reads its columns.
_SALES_SIGNS = (
    ("receipt numbers", "receipt_id"), ("dates", "date"), ("items", "item"), ("items", "sku"),
    ("amounts", "line_total"), ("amounts", "price"), ("amounts", "total"),
)  # fmt: skip


def required(mapping: ColumnMapping) -> None:
    """ImportRefused when no column holds what an import of its kind cannot do without: a
    name for customers; for sales a receipt number, a date, and the items sold or their
    amounts (without both, every receipt would be stored empty)."""
    if mapping.kind == SALES:
        needs = {"receipt_id": "a receipt or order number", "date": "a date"}
        lines = any(mapping.has(f) for f in ("quantity", "price", "line_total"))
        if lines and not (mapping.has("item") or mapping.has("sku")):
            needs["item"] = "the item sold"
    else:
        needs = {}
        if not any(mapping.has(f) for f in NAME_FIELDS):
            needs["first_name"] = "a name"
    columns = ", ".join(mapping.header)
    for name, what in needs.items():
        if not mapping.has(name):
            raise ImportRefused(
                f"No column of this file holds {what} (columns: {columns}). "
                f'Name the right one with --map "Column={name}".'
            )
    if mapping.kind == SALES and not any(map(mapping.has, ("item", "sku", *AMOUNT_FIELDS))):
        read = ", ".join(f"{h} → {f}" for h, f in zip(mapping.header, mapping.fields,
                                                      strict=True) if f)  # fmt: skip
        ignored = f"; ignored: {', '.join(mapping.ignored)}" if mapping.ignored else ""
        raise ImportRefused(
            "No column of this file holds the items sold or their amounts, so each receipt "
            f"would be stored with no items and no amount (read: {read}{ignored}). "
            'Name the right one with --map "Column=item". Name the amounts too, as price '
            "(each item's), line_total (each line's) or total (the receipt's)."
        )
