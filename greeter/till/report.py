"""Telling the shop what an import did: the one-line summary and the file of rows left out."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from greeter.core.text import counted
from greeter.store.private_files import write_whole
from greeter.store.refunds import TakenBack, Waiting
from greeter.till.cells import escape_cell
from greeter.till.columns import ColumnMapping, normalise_header
from greeter.till.csv_read import CsvFile
from greeter.till.kinds import AMOUNT_FIELDS
from greeter.till.problems import RowProblem
from greeter.till.sales_receipts import REF_FIELDS

PROBLEM = "Problem"
ORIGINAL_LINE = "Original Line"
SAME_RECEIPT = "not imported: another row of the same receipt is bad"
# Square's sales exports give each line's amount twice: which one was used matters.
SQUARE_AMOUNTS = {"gross sales": "before discounts", "net sales": "after discounts"}


def bad_rows_path(path: Path) -> Path:
    """customers.csv → customers.bad.csv, beside it."""
    return path.with_name(f"{path.stem}.bad.csv")


def write_bad_rows(csv_file: CsvFile, problems: Iterable[RowProblem], bad_lines: set[int]) -> Path:
    """The rows left out, as they were, with what is wrong: fix them and import this file."""
    why: dict[int, list[str]] = {}
    for problem in problems:
        why.setdefault(problem.line, []).append(
            f"column {problem.column}: {problem.message}" if problem.column else problem.message
        )
    target = bad_rows_path(csv_file.path)
    # It holds customers' details: owner-only, and whole or not there.
    with write_whole(target, encoding="utf-8-sig", newline="") as (out,):
        writer = csv.writer(out)
        writer.writerow([escape_cell(c) for c in (*csv_file.header, PROBLEM, ORIGINAL_LINE)])
        for line, cells in csv_file.rows():
            if line in bad_lines:
                text = "; ".join(why.get(line, [SAME_RECEIPT]))
                writer.writerow([escape_cell(c) for c in (*cells, text, str(line))])
    return target


def refusal(file_name: str, problems: list[RowProblem], shown: int = 5) -> str:
    """Why a file with bad rows was not imported, naming the first few lines."""
    lines = [f"{file_name} was not imported (nothing was changed): {problems[0]}"]
    lines += [f"  also {p}" for p in problems[1:shown]]
    if len(problems) > shown:
        lines.append(f"  … and {len(problems) - shown} more problems")
    lines.append(
        "Fix these rows, or import with --skip-bad to import the other rows and get the "
        "bad ones in a file beside it."
    )
    return "\n".join(lines)


def shared_note(shared: list[tuple[int, int]], names: dict[int, str]) -> str:
    """Rows added as new customers beside one who shares their phone or email."""
    first = ", ".join(f"line {line} shares a phone or email with customer #{c} {names[c]}"
                      for line, c in shared[:3])  # fmt: skip
    more = f" (and {len(shared) - 3} more)" if len(shared) > 3 else ""
    added = "a new customer" if len(shared) == 1 else "new customers"
    return (
        f"{first}{more} under another name: added as {added}. If one is the same person, "
        "merge the two with greeter merge KEEP_ID OTHER_ID (or Ctrl+M in the window)."
    )


Sharing = list[tuple[str, str, tuple[int, ...]]]  # (receipt, phone or email, customers)


def _sharing_groups(sharing: Sharing) -> dict[tuple[int, ...], tuple[list[str], list[str]]]:
    """The customers sharing → (the phones and emails they share, the receipts)."""
    groups: dict[tuple[int, ...], tuple[list[str], list[str]]] = {}
    for receipt, detail, customers in sharing:
        details, receipts = groups.setdefault(customers, ([], []))
        details += [detail] if detail not in details else []
        receipts.append(receipt)
    return groups


def sharing_shown(sharing: Sharing, shown: int = 3) -> set[int]:
    """The customers `sharing_note` names."""
    return {c for customers in list(_sharing_groups(sharing))[:shown] for c in customers}


def sharing_note(sharing: Sharing, names: dict[int, str], dry_run: bool, shown: int = 3) -> str:
    """Receipts kept without a customer because several customers share their phone or
    email: who shares what, and the two ways to have them linked by the next import."""
    groups = _sharing_groups(sharing)
    said = []
    for customers, (details, receipts) in list(groups.items())[:shown]:
        who = [f"#{c} {names[c]}" for c in customers]
        said.append(f"{' and '.join(details)} {'is' if len(details) == 1 else 'are'} shared by "
                    f"{', '.join(who[:-1])} and {who[-1]} ({_some(receipts)})")  # fmt: skip
    more = "; …" if len(groups) > shown else ""
    customers, (details, _) = next(iter(groups.items()))
    option = "--remove-email" if "@" in details[0] else "--remove-phone"
    one = len(sharing) == 1
    return (
        f"{counted(len(sharing), 'receipt')} {'would be' if dry_run else 'was' if one else 'were'}"
        f" kept without a customer, as several customers share {'its' if one else 'their'} "
        f"phone or email: {'; '.join(said)}{more}. If they are one person, merge them (e.g. "
        f"greeter merge {customers[0]} {customers[1]}, which keeps #{customers[0]}, or Ctrl+M "
        "in the window); if not, "
        "take the phone or email off the customer it does not belong to (e.g. greeter customer "
        f"edit --id {customers[1]} {option} {details[0]}). Then import this file again to link "
        f"{'it' if one else 'them'}."
    )


def duplicates_note(duplicates: list[tuple[int, int]]) -> str:
    if not duplicates:
        return ""
    first = ", ".join(f"line {a} repeats line {b}" for a, b in duplicates[:3])
    more = ", …" if len(duplicates) > 3 else ""
    return f"{counted(len(duplicates), 'duplicate row')} ignored ({first}{more})"


def already_imported(receipts: int) -> str:
    """Said of a sales file whose every receipt was imported before: "nothing new: " this."""
    if receipts == 1:
        return "the receipt was already imported"
    return f"all {receipts:,} receipts were already imported"


def given_back_notes(refunds: list[str], returned: list[str]) -> list[str]:
    """What was given back and left out: refund receipts, and returned items on receipts
    otherwise imported (one receipt id per item)."""
    notes = []
    if refunds:
        notes.append(
            f"{counted(len(refunds), 'refund')} left out ({_some(refunds)}): money given back "
            "is not a visit or a purchase"
        )
    if returned:
        receipts = list(dict.fromkeys(returned))
        of = "receipt" if len(receipts) == 1 else "receipts"
        notes.append(
            f"{counted(len(returned), 'returned item')} left out of {of} {_some(receipts)} "
            "(the rest is imported)"
        )
    return notes


def cancelled_note(cancelled: list[str]) -> str:
    """Orders cancelled or whose payment was voided or expired (Shopify's Cancelled at,
    voided, expired), left out."""
    if not cancelled:
        return ""
    return (
        f"{counted(len(cancelled), 'cancelled order')} left out ({_some(cancelled)}): an order "
        "cancelled, or whose payment was voided or expired, is not a visit or a purchase"
    )


def continued_note(continued: int) -> str:
    """Rows without a receipt number read as more lines of the receipt above them (Odoo's
    orders: see sales_rows._continuing), said so that a file damaged alike can be noticed."""
    return (
        f"{counted(continued, 'row')} without a receipt number read as more lines of the "
        "receipt above, as the file gives each receipt's number on its first line only"
    )


def unpaid_note(unpaid: list[tuple[str, str]]) -> str:
    """Orders not paid yet (Shopify's pending, authorized), (receipt, status) each: left out,
    so that a later export showing them paid imports them."""
    if not unpaid:
        return ""
    statuses = ", ".join(dict.fromkeys(status for _, status in unpaid))
    return (
        f"{counted(len(unpaid), 'order')} not paid yet ({statuses}) left out "
        f"({_some([receipt for receipt, _ in unpaid])}): import again once paid"
    )


def reduced_note(reduced: list[str]) -> str:
    """Partly refunded orders (Shopify's partially_refunded), imported for what was kept."""
    if not reduced:
        return ""
    its = "its" if len(reduced) == 1 else "their"
    return (
        f"{counted(len(reduced), 'partly refunded order')} ({_some(reduced)}) counted at {its} "
        f"total less the refunded amount; the file does not say which items went back, so "
        f"{its} items are kept"
    )


def withdrawn_note(withdrawn: list[str], dry_run: bool) -> str:
    """Orders imported earlier that this file shows refunded, cancelled or voided: taken out
    (Shopify's order exports repeat old orders with their news)."""
    if not withdrawn:
        return ""
    one = len(withdrawn) == 1
    are = "is" if one else "are"
    count = ("would no longer count" if dry_run else "no longer counts" if one
             else "no longer count")  # fmt: skip
    return (
        f"{counted(len(withdrawn), 'order')} imported earlier {are} now refunded or cancelled: "
        f"{_some(withdrawn)} {count} as {'a visit' if one else 'visits'}"
    )


def lowered_note(lowered: list[str], dry_run: bool) -> str:
    """Orders imported earlier that this file shows partly refunded: their totals reduced."""
    if not lowered:
        return ""
    one = len(lowered) == 1
    are, its = ("is", "its total") if one else ("are", "their totals")
    count = "would count" if dry_run else "now counts" if one else "now count"
    return (
        f"{counted(len(lowered), 'order')} imported earlier {are} now partly refunded: "
        f"{_some(lowered)} {count} at {its} less the refunded amount"
    )


def filled_note(filled: list[str], dry_run: bool) -> str:
    """Receipts imported earlier without amounts (their file's columns for them were not
    read), given them by this file."""
    return _put_right(filled, "without amounts", "filled in from this file", dry_run)


def redated_note(redated: list[str], dry_run: bool) -> str:
    """Receipts imported earlier with day and month the other way round, given this file's
    dates (the shop's date order was set right since)."""
    how = "with day and month the other way round"
    return _put_right(redated, how, "given this file's dates", dry_run)


def _put_right(receipts: list[str], how: str, done: str, dry_run: bool) -> str:
    if not receipts:
        return ""
    are = "would be" if dry_run else "is" if len(receipts) == 1 else "are"
    return (
        f"{counted(len(receipts), 'receipt')} imported earlier {how} ({_some(receipts)}) "
        f"{are} {done}"
    )


def taken_back_note(taken: list[TakenBack], emptied: list[str], dry_run: bool) -> str:
    """Items that refunds and exchanges rung up later gave back, taken off the sales they
    came from: no longer asked about, nor counted in what was spent; and the sales given
    back whole (`emptied`), taken out: no longer visits."""
    if not taken:
        return ""
    sales = list(dict.fromkeys(t.sale for t in taken))
    its = ("its" if _units(taken) == 1 else "their") + (" sale" if len(sales) == 1 else " sales")
    verb = "would be taken" if dry_run else "taken"
    said = [f"{_quantity(t.quantity)}{t.item} ({t.sale}, returned in {t.refund}"
            f"{', imported earlier' if t.earlier else ''})" for t in taken]  # fmt: skip
    note = f"{counted(_units(taken), 'item')} returned later {verb} off {its}: {_some(said)}"
    if emptied:
        one = len(emptied) == 1
        count = ("would no longer count" if dry_run else "no longer counts" if one
                 else "no longer count")  # fmt: skip
        note += (f"; {_some(emptied)}, given back whole, {count} as "
                 f"{'a visit' if one else 'visits'}")  # fmt: skip
    return note


def waiting_note(waiting: list[Waiting]) -> str:
    """Items that refunds gave back that match no sale imported yet: each waits for the
    import that brings its sale (the refund's file imported before the sale's)."""
    if not waiting:
        return ""
    one = _units(waiting) == 1
    said = [f"{_quantity(w.quantity)}{w.item} (returned in {w.refund})" for w in waiting]
    return (
        f"{counted(_units(waiting), 'returned item')} {'matches' if one else 'match'} no sale "
        f"imported yet: {_some(said)}; {'it comes' if one else 'they come'} off "
        f"{'its sale' if one else 'their sales'} when a file holding "
        f"{'that sale' if one else 'them'} is imported"
    )


def _units(items: list[TakenBack] | list[Waiting]) -> int:
    """How many items: whole ones counted one by one, a weighed or measured one as one."""
    return sum(int(x.quantity) if float(x.quantity).is_integer() else 1 for x in items)


def _quantity(quantity: float) -> str:
    return "" if quantity == 1 else f"{quantity:g}× "


def charges_note(charges: list[str]) -> str:
    """Lines of money that is not an item (see sales_rows.CHARGE and NAMED_CHARGE), one
    receipt id per line: left out of the items (a customer's usual items are what they buy),
    counted in the receipt's total."""
    if not charges:
        return ""
    receipts = list(dict.fromkeys(charges))
    of = "receipt" if len(receipts) == 1 else "receipts"
    return (
        f"{counted(len(charges), 'line')} of discounts, tips, gift cards, shipping, tax, fees, "
        f"deposits, service charges or rounding left out of the items of {of} "
        f"{_some(receipts)} (counted in the total, never as something bought)"
    )


def set_aside_notes(set_aside: list[RowProblem], dry_run: bool, shown: int = 10) -> list[str]:
    """Phones that are not phone numbers, set aside: their customers are imported without them."""
    if not set_aside:
        return []
    notes = [f"phone set aside: {p}" for p in set_aside[:shown]]
    if len(set_aside) > shown:
        notes.append(f"… and {len(set_aside) - shown} more phones set aside")
    customers = len({p.line for p in set_aside})
    verb = "would be" if dry_run else ("was" if customers == 1 else "were")
    notes.append(
        f"{counted(customers, 'customer')} {verb} imported without the phone set aside: "
        "correct it in the file and import the file again (nothing is added twice), or add "
        "it on their card"
    )
    return notes


def _some(names: list[str], shown: int = 3) -> str:
    return ", ".join(names[:shown]) + (", …" if len(names) > shown else "")


def amounts_note(mapping: ColumnMapping) -> str:
    """Which of Square's Gross Sales and Net Sales columns gave the lines' amounts (only the
    first line_total column is read), and how to use the other; "" for other files."""
    columns = mapping.columns("line_total")
    if not columns:
        return ""
    used = mapping.header[columns[0]]
    meaning = SQUARE_AMOUNTS.get(normalise_header(used))
    if meaning is None:
        return ""
    note = f"amounts from the “{used}” column ({meaning})"
    for column, name in enumerate(mapping.header):
        other = SQUARE_AMOUNTS.get(normalise_header(name))
        if other is not None and other != meaning:
            note += f", not “{name}” ({other})"
            if column in columns:  # ignoring the one read makes this one read instead
                note += f"; to use {name} instead, ignore “{used}”"
            break
    return note


def no_amounts_note(mapping: ColumnMapping, dry_run: bool) -> str:
    """A sales file none of whose columns is read as an amount: its receipts are stored with
    their items at 0.00, never silently. Naming the column that holds the amounts in a later
    import fills them in (see filled_note); "" when some column is read as an amount."""
    if any(map(mapping.has, AMOUNT_FIELDS)):
        return ""
    note = (
        "no column is read as an amount (a unit price, an amount for the line or a receipt "
        f"total): the receipts {'would be' if dry_run else 'were'} stored with their items at 0.00"
    )
    ignored = mapping.ignored
    if not ignored:
        return f"{note}; importing a file of theirs with the amounts later fills them in"
    one = len(ignored) == 1
    which = "the ignored column" if one else "one of the ignored columns"
    read, filled = "read", ""
    if not dry_run:
        read, filled = "import the file again reading", ": the receipts are filled in"
    return (
        f"{note}. If {which} ({', '.join(ignored)}) holds the amounts, {read} it as one of "
        "those, in its list in the Import window or with --map "
        f'"{ignored[0] if one else "Column"}=line_total" (or price, or total){filled}'
    )


def unlinked_note(receipts: int, mapping: ColumnMapping) -> str:
    """Receipts kept without a customer: their customer's details match nobody (import the
    customers first), or no column of the file gives any (name the one that does)."""
    if not receipts:
        return ""
    if any(map(mapping.has, REF_FIELDS)):
        verb = "matches" if receipts == 1 else "match"
        return (
            f"{counted(receipts, 'receipt')} {verb} no known customer; import the customers, "
            "then this file again, to link them"
        )
    return (
        "no column of this file says who the customer is (a customer id, email, phone, card "
        f"or Greeter id; a name is not enough), so its {counted(receipts, 'receipt')} cannot "
        'be linked to customers. If a column does, import the file again with --map "Column='
        'customer_id" (or email, phone or card) to link them'
    )
