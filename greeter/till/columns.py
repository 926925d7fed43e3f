"""Which column holds what: header names from common till exports mapped to Greeter's fields."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from greeter.till.cells import unescape_cell
from greeter.till.problems import ImportRefused

CUSTOMERS = "customers"
SALES = "sales"
KINDS = (CUSTOMERS, SALES)

_COMMON = {
    "email": "email address (several may be separated by ;)",
    "phone": "phone number (several may be separated by ;)",
    "card": "loyalty card code",
    "customer_id": "the customer's id in the till or web shop",
    "greeter_id": "the customer's id in a Greeter export",
}
FIELDS: dict[str, dict[str, str]] = {
    CUSTOMERS: {
        "preferred_name": "the name they like to be called",
        "first_name": "first name",
        "last_name": "last name (surname)",
        "name": "full name",
        **_COMMON,
        "pronunciation": "how to say their name",
        "birthday": "birthday (with or without the year)",
        "note": "a note for staff",
        "tags": "tags, separated by commas",
        "email_consent": "accepts email marketing (yes/no)",
        "sms_consent": "accepts SMS marketing (yes/no)",
        "other_ids": "ids in other systems, as system:id; system:id",
        "created": "customer since",
    },
    SALES: {
        "receipt_id": "receipt or order number",
        "line_no": "line number within the receipt",
        "date": "date (and time) of the sale",
        "time": "time of the sale, when apart from the date",
        "item": "item name",
        "sku": "SKU or barcode",
        "quantity": "quantity",
        "price": "unit price",
        "line_total": "amount for the line (price × quantity)",
        "total": "receipt total",
        "currency": "currency code",
        "sale_type": "Sale or Refund: a row marked Refund or Return is money given back",
        "line_type": "what the line is: a discount, tip, gift card or shipping line counts in "
        "the total, never as an item bought",
        "payment_status": "the order's payment status: a refunded, voided or expired order is"
        " left out, a pending or authorized one until it is paid",
        "refunded": "the amount refunded on the order, taken off its total",
        "cancelled": "when the order was cancelled, or whether it was voided (yes/no): a "
        "cancelled or voided order is left out",
        "source": "which system the receipt came from (Greeter exports)",
        **_COMMON,
    },
}

# Header names (normalised: see normalise_header) for each field, best first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "preferred_name": ("preferred name", "nickname", "known as"),
    "first_name": ("first name", "firstname", "given name", "forename"),
    "last_name": ("last name", "lastname", "surname", "family name"),
    "name": ("full name", "name", "customer name", "billing name", "customer", "client"),
    "pronunciation": ("pronunciation",),
    "email": ("email", "email address", "e mail", "customer email", "e mail address"),
    "phone": (
        "phone", "phone number", "mobile", "mobile phone", "mobile number", "cell",
        "cell phone", "telephone", "tel", "customer phone", "billing phone",
        "default address phone",
    ),
    "birthday": ("birthday", "birth date", "birthdate", "date of birth", "dob"),
    "note": ("note", "notes", "memo", "comment", "comments"),
    "tags": ("tags", "tag", "groups"),
    "customer_id": (
        "customer id", "square customer id", "reference id", "customer number",
        "customer reference", "client id", "customer code", "member id",
    ),
    "card": (
        "card", "card code", "card number", "loyalty number", "loyalty card",
        "loyalty card number", "loyalty id", "loyalty code", "member number",
        "membership number",
    ),
    "email_consent": (
        "accepts email marketing", "accepts marketing", "email marketing",
        "email subscription status", "email opt in",
    ),
    "sms_consent": ("accepts sms marketing", "sms marketing", "sms opt in"),
    "greeter_id": ("greeter id",),
    "other_ids": ("other ids",),
    "created": ("customer since", "created", "created at", "creation date", "first visit"),
    "receipt_id": (
        "receipt", "receipt id", "receipt number", "order", "order id", "order number",
        "order name", "transaction id", "transaction number", "invoice", "invoice number",
        "sale id", "sale number", "ticket", "ticket number",
    ),
    "line_no": ("line", "line number", "line no"),
    "date": (
        "date", "created at", "sale date", "order date", "transaction date", "date time",
        "datetime", "timestamp", "paid at",
    ),
    "time": ("time",),
    "item": (
        "item", "item name", "product", "product name", "lineitem name", "description",
        "title",
    ),
    "sku": ("sku", "lineitem sku", "barcode", "upc", "item code", "product code"),
    "quantity": ("quantity", "qty", "lineitem quantity", "units"),
    "price": ("price", "unit price", "lineitem price", "item price"),
    "line_total": ("amount", "line total", "line amount", "net sales", "gross sales"),
    "total": ("total", "receipt total", "order total", "grand total", "total amount"),
    "currency": ("currency",),
    "sale_type": ("event type", "transaction type", "sale type", "type"),
    "line_type": ("itemization type", "item type", "line type", "lineitem type"),
    "payment_status": ("financial status", "payment status", "status", "order status"),
    "refunded": ("refunded amount", "amount refunded", "refund amount"),
    "cancelled": (
        "cancelled at", "canceled at", "cancelled date", "cancellation date", "voided",
        "cancelled", "canceled",
    ),
    "source": ("source",),
}  # fmt: skip

# Shopify's order export: "Name" is the order number; columns not listed are ignored.
_SHOPIFY_ORDERS = {
    "name": "receipt_id",
    "email": "email",
    "created at": "date",
    "currency": "currency",
    "total": "total",
    "lineitem quantity": "quantity",
    "lineitem name": "item",
    "lineitem price": "price",
    "lineitem sku": "sku",
    "phone": "phone",
    "billing phone": "phone",
    "financial status": "payment_status",
    "refunded amount": "refunded",
    "cancelled at": "cancelled",
}
# Columns whose values are ids, codes or numbers checked by their own parser: a long digit
# run there (a barcode, a Shopify id) is not a payment card number.
NOT_CARD_FIELDS = frozenset(
    {"receipt_id", "line_no", "sku", "customer_id", "greeter_id", "date", "time", "quantity",
     "price", "line_total", "total", "refunded", "birthday", "created"}
)  # fmt: skip
# Square's item sales export (Sales → Items): no other till names its columns so.
_SQUARE_ITEM_SALES = frozenset(
    {"transaction id", "payment id", "event type", "gross sales", "net sales"}
)
_ID_WORDS = frozenset({"id", "sku", "barcode", "upc", "ean", "gtin"})


def normalise_header(name: str) -> str:
    """'Email Address' → 'email address'; 'Order #' → 'order number'; 'Total (CAD)' → 'total'."""
    text = re.sub(r"\(.*?\)", " ", unescape_cell(name).casefold().replace("#", " number "))
    return " ".join(re.sub(r"[_\-./:]+", " ", text).split())


def header_key(header: tuple[str, ...]) -> str:
    """Files with the same columns share a key, under which adjusted mappings are remembered."""
    return hashlib.sha256("\x1f".join(normalise_header(h) for h in header).encode()).hexdigest()


@dataclass(frozen=True)
class ColumnMapping:
    kind: str
    header: tuple[str, ...]
    fields: tuple[str, ...]  # per column: the field it holds, or "" when ignored
    preset: str  # "shopify-orders", "shopify-customers", "square", "greeter" or "generic"
    system: str  # whose ids the file holds: "shopify", "square", "greeter" or "import"
    priority: Mapping[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    def columns(self, name: str) -> tuple[int, ...]:
        """The columns holding this field, the one to trust first first."""
        return self.priority.get(name, ())

    def has(self, name: str) -> bool:
        return bool(self.priority.get(name))

    def column_name(self, name: str) -> str:
        cols = self.columns(name)
        return self.header[cols[0]] if cols else name

    def without(self, columns: set[int]) -> ColumnMapping:
        """The mapping with these columns ignored: their values say they hold something else."""
        fields = tuple("" if i in columns else f for i, f in enumerate(self.fields))
        kept = {f: tuple(c for c in cols if c not in columns) for f, cols in self.priority.items()}
        return replace(self, fields=fields, priority={f: c for f, c in kept.items() if c})

    @property
    def ignored(self) -> tuple[str, ...]:
        return tuple(h for h, f in zip(self.header, self.fields, strict=True) if not f and h)

    @property
    def key(self) -> str:
        return header_key(self.header)

    def scanned_for_cards(self) -> tuple[int, ...]:
        """Columns checked for payment card numbers: all but the ids and parsed numbers."""
        out = []
        for i, (name, f) in enumerate(zip(self.header, self.fields, strict=True)):
            words = set(normalise_header(name).split())
            if f == "card" or (f not in NOT_CARD_FIELDS and not (words & _ID_WORDS)):
                out.append(i)
            elif "card" in words:
                out.append(i)
        return tuple(out)


def _preset(kind: str, names: list[str]) -> tuple[str, str]:
    have = set(names)
    if "greeter id" in have and (kind == CUSTOMERS or "source" in have):
        return "greeter", "greeter"
    if kind == SALES and {"lineitem name", "financial status"} <= have:
        return "shopify-orders", "shopify"
    if kind == CUSTOMERS and (
        "accepts email marketing" in have
        or {"total spent", "total orders"} <= have
        or {"accepts marketing", "tax exempt"} <= have
    ):
        return "shopify-customers", "shopify"
    if "square customer id" in have or (kind == SALES and _SQUARE_ITEM_SALES <= have):
        return "square", "square"
    return "generic", "import"


def detect_mapping(
    header: tuple[str, ...], kind: str, overrides: Mapping[str, str] | None = None
) -> ColumnMapping:
    """Map each column to a field by its name (and the export it comes from), then apply the
    shop's choices: `overrides` maps a column name to a field, or to "" to ignore it."""
    if kind not in KINDS:
        raise ImportRefused(f"An import is of {' or '.join(KINDS)}, not “{kind}”.")
    known = FIELDS[kind]
    names = [normalise_header(h) for h in header]
    preset, system = _preset(kind, names)
    ranked: dict[str, list[tuple[int, int]]] = {}  # field → [(rank, column)]
    fields = [""] * len(header)
    taken: set[str] = set()
    for col, name in enumerate(names):
        if preset == "shopify-orders":
            choice = _SHOPIFY_ORDERS.get(name, "")
            rank = list(_SHOPIFY_ORDERS).index(name) if choice else 0
        else:
            choice, rank = next(
                ((f, a.index(name)) for f, a in _ALIASES.items() if f in known and name in a),
                ("", 0),
            )
        if choice and name not in taken:  # a repeated column name counts once
            taken.add(name)
            fields[col] = choice
            ranked.setdefault(choice, []).append((rank + 1, col))
    for column, choice in (overrides or {}).items():
        target = normalise_header(column)
        cols = [i for i, n in enumerate(names) if n == target]
        if not cols:
            raise ImportRefused(
                f"There is no column “{column}” in this file (columns: {', '.join(header)})."
            )
        choice = choice.strip()
        if choice in ("ignore", "-"):
            choice = ""
        if choice and choice not in known:
            raise ImportRefused(
                f"“{choice}” is not something an import of {kind} can read; choose one of: "
                f"{', '.join(known)} (or “ignore”)."
            )
        for col in cols:
            for entries in ranked.values():
                entries[:] = [e for e in entries if e[1] != col]
            fields[col] = choice
            if choice:
                ranked.setdefault(choice, []).append((0, col))
    priority = {f: tuple(c for _, c in sorted(v)) for f, v in ranked.items() if v}
    return ColumnMapping(kind, tuple(header), tuple(fields), preset, system, priority)


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """--map "Column=field" options → {column: field}."""
    out: dict[str, str] = {}
    for pair in pairs:
        column, sep, choice = pair.rpartition("=")
        if not sep or not column.strip():
            raise ImportRefused(f"--map takes “Column=field”, not “{pair}”.")
        out[column.strip()] = choice.strip()
    return out
