"""Which column holds what: header names from common till exports mapped to Greeter's fields."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from greeter.core.text import fold
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
        "line_type": "what the line is: a discount, tip, gift card, shipping, tax, fee, deposit, "
        "service charge or rounding line counts in the total, never as an item bought",
        "payment_status": "the order's payment status: a refunded, voided or expired order is"
        " left out, a pending or authorized one until it is paid",
        "refunded": "the amount refunded on the order, taken off its total",
        "cancelled": "when the order was cancelled, or whether it was voided (yes/no): a "
        "cancelled or voided order is left out",
        "completed": "whether the sale was completed (yes/no): one not completed (left open, "
        "a quote) is left out until it is",
        "source": "which system the receipt came from (Greeter exports)",
        **_COMMON,
    },
}

# Header names (normalised: see normalise_header) for each field, best first: English, then
# German, French and Spanish ones (accents off: "Téléphone" is "telephone").
_ALIASES: dict[str, tuple[str, ...]] = {
    "preferred_name": ("preferred name", "nickname", "known as"),
    "first_name": ("first name", "firstname", "given name", "forename", "vorname", "prenom",
                   "nombre"),
    "last_name": ("last name", "lastname", "surname", "family name", "nachname",
                  "familienname", "nom", "nom de famille", "apellidos", "apellido"),
    "name": (
        "full name", "name", "customer name", "billing name", "customer", "client",
        "kunde", "kundenname", "nom client", "nom du client", "nom complet", "cliente",
        "nombre cliente", "nombre del cliente", "nombre completo",
    ),
    "pronunciation": ("pronunciation",),
    "email": (
        "email", "email address", "e mail", "customer email", "e mail address",
        "e mail adresse", "courriel", "adresse e mail", "correo electronico", "correo",
    ),
    "phone": (
        "phone", "phone number", "mobile", "mobile phone", "mobile number", "cell",
        "cell phone", "telephone", "tel", "customer phone", "billing phone",
        "default address phone", "customer phone number", "telefon", "telefon number",
        "handy", "handy number", "mobil", "mobil number", "mobiltelefon", "portable",
        "telephone portable", "telefono", "movil", "telefono movil",
    ),
    "birthday": (
        "birthday", "birth date", "birthdate", "date of birth", "dob", "geburtstag",
        "geburtsdatum", "date de naissance", "anniversaire", "fecha de nacimiento",
        "fecha nacimiento", "cumpleanos",
    ),
    "note": (
        "note", "notes", "memo", "comment", "comments", "notiz", "notizen", "bemerkung",
        "bemerkungen", "kommentar", "remarque", "remarques", "commentaire", "nota", "notas",
        "observaciones", "comentario",
    ),
    "tags": ("tags", "tag", "groups"),
    "customer_id": (
        "customer id", "square customer id", "reference id", "customer number",
        "customer reference", "client id", "customer code", "member id", "kunden number",
        "kunden id", "number client", "number de client", "code client", "id client",
        "number cliente", "number de cliente", "codigo cliente", "codigo de cliente",
        "id cliente",
    ),
    "card": (
        "card", "card code", "card number", "loyalty number", "loyalty card",
        "loyalty card number", "loyalty id", "loyalty code", "member number",
        "membership number", "kundenkarte", "kundenkarten number", "carte fidelite",
        "carte de fidelite", "tarjeta de fidelizacion", "tarjeta fidelizacion",
        "tarjeta de fidelidad", "tarjeta fidelidad",
    ),
    "email_consent": (
        "accepts email marketing", "accepts marketing", "email marketing",
        "email subscription status", "email opt in", "newsletter",
    ),
    "sms_consent": ("accepts sms marketing", "sms marketing", "sms opt in"),
    "greeter_id": ("greeter id",),
    "other_ids": ("other ids",),
    "created": (
        "customer since", "created", "created at", "creation date", "first visit",
        "erstellt am", "angelegt am", "kunde seit", "date de creation", "client depuis",
        "fecha de alta", "cliente desde",
    ),
    "receipt_id": (
        "receipt", "receipt id", "receipt number", "order", "order id", "order number",
        "order name", "transaction id", "transaction number", "invoice", "invoice number",
        "sale id", "sale number", "ticket", "ticket number", "beleg", "beleg number",
        "bon number", "rechnungs number", "number ticket", "number de ticket", "facture",
        "number facture", "number de facture", "factura", "number factura",
        "number de factura",
    ),
    "line_no": ("line", "line number"),
    "date": (
        "date", "created at", "sale date", "order date", "transaction date", "date time",
        "datetime", "timestamp", "paid at", "datum", "belegdatum", "date de vente", "fecha",
        "fecha de venta",
    ),
    "time": ("time", "uhrzeit", "zeit", "heure", "hora"),
    "item": (
        "item", "item name", "product", "product name", "lineitem name", "description",
        "title", "item description", "artikel", "artikelname", "artikelbezeichnung",
        "bezeichnung", "designation", "article", "libelle", "produit", "articulo",
        "descripcion", "producto",
    ),
    "sku": (
        "sku", "lineitem sku", "barcode", "upc", "item code", "product code", "item number",
        "product number", "ean", "artikel number", "code article", "code barre", "codigo",
        "codigo de barras",
    ),
    "quantity": (
        "quantity", "qty", "lineitem quantity", "units", "qty sold", "quantity sold", "menge",
        "anzahl", "quantite", "qte", "cantidad", "uds", "unidades",
    ),
    "price": (
        "price", "unit price", "lineitem price", "item price", "einzelpreis", "preis",
        "prix unitaire ttc", "prix unitaire", "prix", "precio unitario", "precio",
    ),
    "line_total": (
        "amount", "line total", "line amount", "net sales", "gross sales", "ext price",
        "extended price", "ext amount", "extended amount", "net amount", "betrag", "gesamt",
        "gesamtpreis", "montant ttc", "montant", "importe",
    ),
    "total": (
        "total", "receipt total", "order total", "grand total", "total amount", "summe",
        "gesamtsumme", "gesamtbetrag", "bonsumme", "total ttc", "montant total",
        "importe total",
    ),
    "currency": ("currency", "wahrung", "waehrung", "devise", "moneda"),
    "sale_type": ("event type", "transaction type", "sale type", "type", "typ", "belegart",
                  "type de vente", "tipo", "tipo de venta"),
    "line_type": ("itemization type", "item type", "line type", "lineitem type"),
    "payment_status": ("financial status", "payment status", "status", "order status",
                       "transaction status", "zahlungsstatus", "statut", "estado"),
    "completed": ("completed",),
    "refunded": ("refunded amount", "amount refunded", "refund amount"),
    "cancelled": (
        "cancelled at", "canceled at", "cancelled date", "cancellation date", "voided",
        "cancelled", "canceled", "storno", "storniert", "annule", "anulado",
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
# Headings one till's export uses for another field than other files do (see _preset), best
# first; its other columns are read by _ALIASES.
_OWN_NAMES = {
    # Lightspeed X-Series' sales history: Details is the item's name; Total is each row's
    # amount with tax: a Sale Line's, and on a Sale row its receipt's total (see sales_rows).
    "lightspeed-x": {"details": "item", "total": "line_total"},
    # Lightspeed R-Series' sale lines: each row's Total is its line's amount.
    "lightspeed-r": {"total": "line_total"},
    # Odoo's POS orders with their lines (Point of Sale → Orders → Export, Order Lines/…).
    "odoo": {"order lines product": "item", "order lines quantity": "quantity",
             "order lines unit price": "price", "order lines subtotal w o tax": "line_total",
             "order lines subtotal": "line_total"},
}  # fmt: skip
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


# "Number" as headings write it: "Order #", "N° ticket", "Nº cliente", "N.º ticket"; then, as
# words, "Receipt No.", "Bon-Nr.", "Num.", "Nummer", "Numéro", "Número", and at the end of a
# German word ("Belegnr.", "Kundennummer": "beleg number", "kunden number"). "No" alone, or
# beside "Yes", names a yes/no column, not a number.
_NUMBER_SIGN = re.compile(r"#|\bn\s*\.?\s*[°º]", re.I)
_NUMBER_SUFFIX = re.compile(r"\b(\w\w+?)(nr|nummer)\b")
_WORDS = {"nr": "number", "num": "number", "nummer": "number", "numero": "number",
          "cust": "customer"}  # fmt: skip


def normalise_header(name: str) -> str:
    """'Email Address' → 'email address'; 'Order #' → 'order number'; 'Total (CAD)' → 'total';
    'Receipt No.' → 'receipt number'; 'N° ticket' → 'number ticket'; 'Belegnr.' → 'beleg
    number'; 'Cust. Phone' → 'customer phone'; 'Téléphone' → 'telephone' (only compared)."""
    text = re.sub(r"\(.*?\)", " ", fold(_NUMBER_SIGN.sub(" number ", unescape_cell(name))))
    text = _NUMBER_SUFFIX.sub(r"\1 \2", re.sub(r"[_\-./:]+", " ", text))
    words = [_WORDS.get(word, word) for word in text.split()]
    if len(words) > 1 and "yes" not in words:
        words = ["number" if word == "no" else word for word in words]
    return " ".join(words)


def header_key(header: tuple[str, ...]) -> str:
    """Files with the same columns share a key, under which adjusted mappings are remembered.
    It compares the headings as they were before accents and "No." were read, so that the
    choices remembered for a file before then are still found."""
    return hashlib.sha256("\x1f".join(map(_compared_before, header)).encode()).hexdigest()


def _compared_before(name: str) -> str:
    """A heading as normalise_header read it before it read accents and "No." (header_key)."""
    text = re.sub(r"\(.*?\)", " ", unescape_cell(name).casefold().replace("#", " number "))
    return " ".join(re.sub(r"[_\-./:]+", " ", text).split())


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
    if kind == SALES and {"receipt number", "line type", "details"} <= have:
        return "lightspeed-x", "import"
    if kind == SALES and {"sale id", "completed", "voided"} <= have:
        return "lightspeed-r", "import"
    if kind == SALES and "order lines product" in have:
        return "odoo", "import"
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
    # A customer may have several phones and emails: each of their columns is read, those
    # named alike ("Phone (Home)", "Phone (Work)", "Phone (Mobile)") and numbered ("Email 2")
    # too, a mobile first (the number customers give at the counter).
    several = {"phone", "email"}
    mobile = {"mobile", "cell", "cellphone", "mobil", "handy", "portable", "movil", "móvil"}
    for col, name in enumerate(names):
        if preset == "shopify-orders":
            choice = _SHOPIFY_ORDERS.get(name, "")
            rank = list(_SHOPIFY_ORDERS).index(name) if choice else 0
        elif name in (own := _OWN_NAMES.get(preset, {})):
            choice, rank = own[name], list(own).index(name)
        else:
            choice, rank = next(
                ((f, a.index(name)) for f, a in _ALIASES.items() if f in known and name in a),
                ("", 0),
            )
            numbered = re.fullmatch(r"(.+) \d", name)  # "Email 2"
            if not choice and numbered:
                choice, rank = next(
                    ((f, a.index(numbered[1])) for f, a in _ALIASES.items()
                     if f in several and f in known and numbered[1] in a),
                    ("", 0),
                )  # fmt: skip
        if choice == "phone" and mobile & set(re.findall(r"\w+", header[col].casefold())):
            rank = -1  # first, after any column the shop chose (--map)
        # Any other field has one value: a repeated column name counts once, so that a
        # second "Total (USD)" or "Date (Paid)" never stands in for an empty first one.
        if choice and (name not in taken or choice in several):
            taken.add(name)
            fields[col] = choice
            ranked.setdefault(choice, []).append((rank + 2, col))
    for column, choice in (overrides or {}).items():
        target = normalise_header(column)
        # The column named exactly so ("Phone (Work)" and not its neighbours), else all
        # those whose names read alike ("phone (work)", or "Phone" for all three).
        cols = [i for i, h in enumerate(header) if h.strip() == column.strip()]
        cols = cols or [i for i, n in enumerate(names) if n == target]
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
