"""What an import did, or a dry run would do: the counts, what was left out and why, and
the summary the command line prints and the Import window shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from greeter.core.text import counted
from greeter.store.refunds import TakenBack, Waiting
from greeter.till import report
from greeter.till.columns import CUSTOMERS, SALES, ColumnMapping
from greeter.till.customer_import import erased_note, placeholder_note
from greeter.till.problems import RowProblem
from greeter.till.sales_import import stand_ins_note


@dataclass
class ImportResult:
    kind: str
    file_name: str
    sha256: str
    dry_run: bool
    mapping: ColumnMapping
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0
    lines: int = 0  # sales: purchase lines stored
    without_customer: int = 0  # sales: receipts whose customer is not known
    matching_nobody: int = 0  # sales: of those, the ones whose phone or email is not shared
    # sales: (receipt, phone or email, customers) of receipts kept without a customer because
    # several customers share that phone or email
    sharing: list[tuple[str, str, tuple[int, ...]]] = field(default_factory=list)
    refunds: list[str] = field(default_factory=list)  # sales: refund receipts, left out
    returned: list[str] = field(default_factory=list)  # sales: per returned line, its receipt
    reduced: list[str] = field(default_factory=list)  # sales: partly refunded, total reduced
    charges: list[str] = field(default_factory=list)  # sales: per discount, tip … line, its receipt
    cancelled: list[str] = field(default_factory=list)  # sales: cancelled or voided, left out
    unpaid: list[tuple[str, str]] = field(default_factory=list)  # sales: (receipt, status) not paid
    continued: int = 0  # sales: rows without a receipt number read as lines of the one above
    # sales: receipts imported before, now refunded, cancelled or voided: taken out
    withdrawn: list[str] = field(default_factory=list)
    # sales: receipts imported before, now partly refunded: total reduced (counted as updated)
    lowered: list[str] = field(default_factory=list)
    # sales: receipts imported before without amounts, now given them (updated)
    filled: list[str] = field(default_factory=list)
    # sales: receipts imported before with day and month swapped, now given the file's dates
    redated: list[str] = field(default_factory=list)
    # sales: items that refunds and exchanges rung up later gave back, taken off their sales
    taken_back: list[TakenBack] = field(default_factory=list)
    # sales: items this file's refunds gave back that match no sale yet: they wait for it
    waiting: list[Waiting] = field(default_factory=list)
    # sales: receipts of sales given back whole, taken out
    emptied: list[str] = field(default_factory=list)
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    # customers: (line, customer) for rows added apart from a customer who shares their
    # phone or email under another name
    shared: list[tuple[int, int]] = field(default_factory=list)
    shared_names: dict[int, str] = field(default_factory=dict)  # customer → name (both kinds)
    erased: list[int] = field(default_factory=list)  # customers: lines of erased people, left out
    # customers: (line, name) of the till's stand-ins for no customer ("Walk-in"), left out
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    # sales: per receipt rung up to the till's stand-in for no customer, its id: no customer
    stand_ins: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)  # every row left out
    # customers: phones that are not phone numbers, left off customers imported without them
    set_aside: list[RowProblem] = field(default_factory=list)
    skip_bad: bool = False  # bad rows are set aside (else they stop a real import)
    report_path: Path | None = None
    report_problem: str = ""  # why the bad rows could not be written to report_path

    @property
    def nothing_new(self) -> bool:
        """A sales file whose every receipt was imported before, and that changes nothing."""
        return (
            self.kind == SALES
            and bool(self.unchanged)
            and not (
                self.new
                or self.updated
                or self.bad
                or self.withdrawn
                or self.taken_back
                or self.waiting
            )
        )

    def summary(self) -> str:
        """'imported 120 customers: 100 new, 15 updated, 5 unchanged, 0 bad', then a line for
        each thing worth knowing: duplicates, ignored columns, the bad-rows file. A sales file
        with nothing new says just that."""
        if self.nothing_new:
            said = report.already_imported(self.unchanged)
            head = f"dry run: nothing new, {said}" if self.dry_run else f"nothing new: {said}"
            return "\n".join(filter(None, (head, report.unpaid_note(self.unpaid))))
        total = self.new + self.updated + self.unchanged
        if self.kind == CUSTOMERS:
            head = f"{counted(total, 'customer')}: {self.new} new"
        else:
            head = f"{counted(total, 'receipt')}: {self.new} new ({counted(self.lines, 'line')})"
        head += f", {self.updated} updated, {self.unchanged} unchanged, {self.bad} bad"
        if not self.dry_run:
            lines = ["imported " + head]
        elif self.problems and not self.skip_bad:  # a real import would refuse the file
            the_bad = f"the {counted(self.bad, 'bad row')}"
            lines = [f"dry run, nothing changed: {the_bad} would stop the import; with "
                     f"--skip-bad it would import {head}"]  # fmt: skip
        else:
            lines = ["dry run, nothing changed: would import " + head]
        if self.kind == SALES and (note := report.amounts_note(self.mapping)):
            lines.append(note)
        if self.kind == SALES and (note := report.no_amounts_note(self.mapping, self.dry_run)):
            lines.append(note)
        if note := report.duplicates_note(self.duplicates):
            lines.append(note)
        if self.kind == SALES and self.continued:
            lines.append(report.continued_note(self.continued))
        if self.shared:
            lines.append(report.shared_note(self.shared, self.shared_names))
        if self.erased:
            lines.append(erased_note(self.erased, self.dry_run))
        if self.placeholders:
            lines.append(placeholder_note(self.placeholders, self.dry_run))
        if self.kind == SALES:
            lines += report.given_back_notes(self.refunds, self.returned)
            lines += filter(None, (report.cancelled_note(self.cancelled),
                                   report.unpaid_note(self.unpaid),
                                   report.reduced_note(self.reduced),
                                   report.charges_note(self.charges),
                                   report.withdrawn_note(self.withdrawn, self.dry_run),
                                   report.lowered_note(self.lowered, self.dry_run),
                                   report.filled_note(self.filled, self.dry_run),
                                   report.redated_note(self.redated, self.dry_run),
                                   report.taken_back_note(self.taken_back, self.emptied,
                                                          self.dry_run),
                                   report.waiting_note(self.waiting)))  # fmt: skip
        lines += report.set_aside_notes(self.set_aside, self.dry_run)
        if self.mapping.ignored:
            lines.append("ignored columns: " + ", ".join(self.mapping.ignored))
        if self.sharing and (self.new or self.updated):
            lines.append(report.sharing_note(self.sharing, self.shared_names, self.dry_run))
        if self.stand_ins and (self.new or self.updated):
            lines.append(stand_ins_note(self.stand_ins, self.dry_run))
        if self.new or self.updated:
            lines += filter(None, [report.unlinked_note(self.matching_nobody, self.mapping)])
        if self.report_path:
            lines.append(f"wrote the {counted(self.bad, 'bad row')} to {self.report_path}")
        elif self.report_problem:
            lines.append(self.report_problem)
        elif self.dry_run and self.problems:
            lines += [f"bad: {p}" for p in self.problems[:10]]
            if len(self.problems) > 10:
                lines.append(f"… and {len(self.problems) - 10} more problems")
            if not self.skip_bad:
                lines.append(
                    "to import it, fix these rows, or import with --skip-bad to import the "
                    f"others and get the bad ones in {report.bad_rows_path(Path(self.file_name))} "
                    "beside the file"
                )
        return "\n".join(lines)
