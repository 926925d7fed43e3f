"""Importing customers or sales from a till's CSV file: look, try, then do it for real.

The import dialog and the command line call these: `open_file`, `detect`, `preview`,
`dry_run` and `run_import`. A file is imported whole or not at all (one transaction).
A dialog runs them in a worker thread with a Store opened in that thread (a connection
belongs to the thread that opened it); `progress` is called from there, and returning False
from it cancels. The cycle garbage collector is paused while a file is imported.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from greeter.core.audit import AuditEvent
from greeter.core.settings import ShopSettings
from greeter.store import Store
from greeter.store.database import write
from greeter.store.imports import ImportLog, ImportRecord
from greeter.store.session import rows_unaudited
from greeter.till import report
from greeter.till.columns import CUSTOMERS, SALES, ColumnMapping, detect_mapping
from greeter.till.csv_read import CsvFile, FileChanged, read_csv
from greeter.till.customer_import import ERASED, CustomerWriter
from greeter.till.customer_rows import read_customers
from greeter.till.import_result import ImportResult
from greeter.till.kinds import refuse_other_kind, required
from greeter.till.problems import (
    BadRow,
    ImportCancelled,
    ImportRefused,
    RowProblem,
)
from greeter.till.sales_import import store_sales
from greeter.till.sales_receipts import read_sales


@dataclass(frozen=True)
class ImportProgress:
    stage: str  # "reading" or "writing"
    done: int
    total: int


# Called now and then; return False to cancel (nothing is written).
ProgressFn = Callable[[ImportProgress], "bool | None"]
_OTHER = {CUSTOMERS: SALES, SALES: CUSTOMERS}  # what a file imported as one kind may hold


@dataclass(frozen=True)
class ImportOptions:
    kind: str  # "customers" or "sales"
    overrides: Mapping[str, str] = field(default_factory=dict)  # column → field ("" ignores)
    skip_bad: bool = False
    staff: str = "import"
    system: str = ""  # whose ids the file holds; "" = from the export's look (shopify, import)


@dataclass(frozen=True)
class ImportPreview:
    file: CsvFile
    mapping: ColumnMapping
    rows: list[tuple[int, list[str]]]  # (line, cells) of the first rows


class _DryRun(Exception):
    """Rolls the transaction back at the end of a dry run."""


class TooBig(ImportRefused):
    """The file did not fit in this computer's memory; nothing was written."""


def too_big(path: Path, kind: str = "") -> TooBig:
    """How to import a file too big to import at once: in pieces."""
    try:
        megabytes = path.stat().st_size / 1e6
    except OSError:
        size = ""
    else:
        size = f" ({megabytes:,.0f} MB)" if megabytes >= 10 else f" ({megabytes:.1f} MB)"
    together = ", keeping the lines of one receipt together" if kind != CUSTOMERS else ""
    again = {
        SALES: "receipts already imported are skipped",
        CUSTOMERS: "customers already imported are recognised, not added again",
    }.get(kind, "receipts and customers already imported are not added again")
    return TooBig(
        f"{path.name} was not imported (nothing was changed): it is too big to import at once "
        f"on this computer{size}. Split it into smaller files (halves or quarters, each "
        f"starting with the line of column names{together}) and import them one after "
        f"another: {again}."
    )


def open_file(path: Path | str, kind: str = "") -> CsvFile:
    """The file opened (see read_csv); TooBig if it does not fit in memory."""
    try:
        return read_csv(path)
    except MemoryError:
        pass  # raised below, once what was read is let go
    raise too_big(Path(path), kind)


def detect(
    store: Store, csv_file: CsvFile, kind: str, overrides: Mapping[str, str] | None = None
) -> ColumnMapping:
    """The mapping for this file: by column names, then the choices remembered for files with
    the same header, then `overrides`."""
    remembered = ImportLog(store.db).overrides(detect_mapping(csv_file.header, kind).key, kind)
    return detect_mapping(csv_file.header, kind, {**remembered, **(overrides or {})})


def preview(
    store: Store,
    path: Path | str,
    kind: str,
    overrides: Mapping[str, str] | None = None,
    limit: int = 10,
) -> ImportPreview:
    csv_file = open_file(path)
    rows: list[tuple[int, list[str]]] = []
    for line, cells in csv_file.rows():
        if len(rows) >= limit:
            break
        rows.append((line, cells))
    return ImportPreview(csv_file, detect(store, csv_file, kind, overrides), rows)


def dry_run(
    store: Store, path: Path | str, options: ImportOptions, progress: ProgressFn | None = None
) -> ImportResult:
    """Everything an import would do, counted, then rolled back: nothing changes."""
    return _import(store, Path(path), options, progress, dry=True)


def run_import(
    store: Store, path: Path | str, options: ImportOptions, progress: ProgressFn | None = None
) -> ImportResult:
    """Import the file in one transaction. Bad rows refuse the whole file unless
    options.skip_bad, which writes them to FILE.bad.csv instead. A payment card number
    anywhere refuses the file. Raises ImportRefused or ImportCancelled; nothing is then written."""
    return _import(store, Path(path), options, progress, dry=False)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """An import makes millions of small objects and frees none until the end: the cycle
    collector would walk them all again and again (it doubles the time of a big file)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class _Job:
    """One file being imported: what `_sales` and `_customers` work from."""

    store: Store
    csv_file: CsvFile
    mapping: ColumnMapping
    options: ImportOptions
    system: str
    settings: ShopSettings
    log: ImportLog
    result: ImportResult
    tick: Callable[[str], Callable[[int, int], None]]


def _import(
    store: Store, path: Path, options: ImportOptions, progress: ProgressFn | None, dry: bool
) -> ImportResult:
    with _gc_paused():
        return _import_file(store, path, options, progress, dry)


def _import_file(
    store: Store, path: Path, options: ImportOptions, progress: ProgressFn | None, dry: bool
) -> ImportResult:
    csv_file = open_file(path, options.kind)
    mapping = detect(store, csv_file, options.kind, options.overrides)
    refuse_other_kind(path.name, mapping, detect(store, csv_file, _OTHER[options.kind]))
    required(mapping)
    settings = store.settings.load()
    system = options.system or mapping.system  # whose ids the file holds

    def tick(stage: str) -> Callable[[int, int], None]:
        def report_progress(done: int, total: int) -> None:
            if progress is not None and progress(ImportProgress(stage, done, total)) is False:
                raise ImportCancelled()

        return report_progress

    result = ImportResult(options.kind, path.name, csv_file.sha256, dry, mapping)
    result.skip_bad = options.skip_bad
    job = _Job(store, csv_file, mapping, options, system, settings, ImportLog(store.db), result,
               tick)  # fmt: skip
    out_of_memory = False
    try:
        (_sales if options.kind == SALES else _customers)(job)
    except _DryRun:
        pass
    except MemoryError:  # rolled back, if writing had begun: nothing was written
        out_of_memory = True  # raised below, once the rows read so far are let go
    if out_of_memory:
        raise too_big(path, options.kind)
    if result.problems and options.skip_bad and not dry:
        try:
            result.report_path = report.write_bad_rows(csv_file, result.problems, result.bad_lines)
        except OSError as error:  # the import is in: the summary says how to get the bad rows
            result.report_problem = (
                f"The good rows of {path.name} were imported, but the bad ones could not be "
                f"written to {report.bad_rows_path(path)}: {error.strerror or error}. Make room "
                "there and import the file again, setting the bad rows aside: what was "
                "imported is not added twice."
            )
        except FileChanged:  # its rows are read again to copy the bad ones
            result.report_problem = (
                f"The good rows of {path.name} were imported, but the file changed since, so "
                f"its bad rows could not be copied to {report.bad_rows_path(path)}. Import "
                "it again, setting the bad rows aside: what was imported is not added twice."
            )
    return result


def _finish(job: _Job) -> None:
    """Inside the transaction: log the import and remember the adjusted mapping, or roll back."""
    result, options = job.result, job.options
    if result.dry_run:
        raise _DryRun()
    job.log.record(
        ImportRecord(
            result.file_name,
            result.sha256,
            result.kind,
            result.new,
            result.updated,
            result.unchanged,
            result.bad,
            options.staff,
        )  # fmt: skip
    )
    if options.overrides:
        job.log.remember(result.mapping.key, result.kind, dict(options.overrides))
    job.store.audit.record(AuditEvent.IMPORT, detail=_audit_detail(result))


def _audit_detail(result: ImportResult) -> dict[str, int | str]:
    """The counts for the owner's trail, including what the import left out (numbers only)."""
    detail: dict[str, int | str] = {
        "kind": result.kind, "new": result.new, "updated": result.updated,
        "unchanged": result.unchanged, "bad": result.bad,
        "duplicates": len(result.duplicates),
    }  # fmt: skip
    if result.kind == SALES:
        detail.update(lines=result.lines, refunds=len(result.refunds),
                      returned=len(result.returned), cancelled=len(result.cancelled),
                      not_paid_yet=len(result.unpaid),
                      partly_refunded=len(result.reduced),
                      charge_lines=len(result.charges), withdrawn=len(result.withdrawn),
                      totals_reduced=len(result.lowered),
                      returned_later=len(result.taken_back),
                      returned_waiting=len(result.waiting),
                      given_back_whole=len(result.emptied))  # fmt: skip
    else:
        detail.update(phones_set_aside=len(result.set_aside), erased_left_out=len(result.erased),
                      placeholders_left_out=len(result.placeholders))  # fmt: skip
    return detail


def _sales(job: _Job) -> None:
    store, result, settings = job.store, job.result, job.settings
    read = read_sales(job.csv_file, job.mapping, date_order=settings.date_order,
                      currency=settings.currency, progress=job.tick("reading"))  # fmt: skip
    result.duplicates = read.duplicates
    result.problems = sorted(read.problems, key=lambda p: p.line)
    result.bad_lines = set(read.bad_lines)
    result.bad = len(result.bad_lines)
    if read.problems and not (job.options.skip_bad or result.dry_run):
        raise ImportRefused(report.refusal(job.csv_file.path.name, result.problems))
    # One audit record for the whole file instead of one per receipt (see _finish).
    with write(store.db), rows_unaudited(store.db):
        stored = store_sales(store.db, read.sales, system=job.system, region=settings.region,
                             shop_key=job.log.shop_key(), called_off=read.called_off,
                             partly_refunded=read.reduced, given_back=read.given_back,
                             progress=job.tick("writing"))  # fmt: skip
        result.new, result.updated, result.unchanged = stored.new, stored.updated, stored.unchanged
        result.lines, result.without_customer = stored.lines, stored.without_customer
        result.matching_nobody, result.sharing = stored.matching_nobody, stored.shared
        result.stand_ins = stored.stand_ins
        result.shared_names = {c: store.customers.get(c).display_name
                               for c in report.sharing_shown(stored.shared)}  # fmt: skip
        result.withdrawn, result.lowered = stored.withdrawn, stored.reduced
        result.filled, result.redated = stored.filled, stored.redated
        result.taken_back = stored.taken_back
        result.waiting, result.emptied = stored.waiting, stored.emptied
        result.refunds, result.returned = read.refunds, read.returned
        result.reduced, result.charges = read.reduced, read.charges
        result.cancelled, result.unpaid = read.cancelled, read.unpaid
        result.continued = read.continued
        _finish(job)


def _customers(job: _Job) -> None:
    store, options, result, name = job.store, job.options, job.result, job.csv_file.path.name
    read = read_customers(job.csv_file, job.mapping, date_order=job.settings.date_order,
                          region=job.settings.region, progress=job.tick("reading"))  # fmt: skip
    result.duplicates = read.duplicates
    result.placeholders = read.placeholders
    problems = list(read.problems)
    refuse = not (options.skip_bad or result.dry_run)  # a dry run counts the rest all the same
    if problems and refuse:
        raise ImportRefused(report.refusal(name, problems))
    writing = job.tick("writing")
    with write(store.db):
        writer = CustomerWriter(store, job.mapping, read.rows, system=job.system,
                                shop_key=job.log.shop_key(), staff=options.staff)  # fmt: skip
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        for n, row in enumerate(read.rows, start=1):
            try:
                done = writer.apply(row)
                if done == ERASED:
                    result.erased.append(row.line)
                    continue
                counts[done] += 1
                result.set_aside += row.set_aside
            except BadRow as bad:
                problem = RowProblem(row.line, bad.column, bad.message)
                if refuse:
                    raise ImportRefused(report.refusal(name, [problem])) from None
                problems.append(problem)
            if not n % 256:
                writing(n, len(read.rows))
        writer.flush()
        result.new, result.updated, result.unchanged = (
            counts["new"],
            counts["updated"],
            counts["unchanged"],
        )
        result.shared = writer.shared
        result.shared_names = {c: store.customers.get(c).full_name for _, c in writer.shared}
        result.problems = sorted(problems, key=lambda p: p.line)
        result.bad_lines = {p.line for p in problems}
        result.bad = len(result.bad_lines)
        _finish(job)
