"""The watched folder: the till drops its exports there and each new file is imported once.

Plain Python, no widgets. `FolderWatch.scan()` (cheap: it only looks at sizes) says which
files have stopped changing; `import_dropped()` imports one of them with a Store opened in the
calling thread, moves it to `done/` or `failed/` inside the folder and writes a short report
beside it. The window drives both (scan on its own thread, import in a worker);
`FolderWatch.run_once()` does everything at once for callers without a window.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from greeter.store import Store
from greeter.store.database import StorageProblem
from greeter.store.errors import StoreError
from greeter.store.imports import ImportLog, ImportRecord
from greeter.store.private_files import (
    keep_folder_private,
    keep_private,
    private_folder,
    write_whole,
)
from greeter.till.columns import CUSTOMERS, SALES, ColumnMapping
from greeter.till.csv_read import CsvFile
from greeter.till.import_result import ImportResult
from greeter.till.importer import (
    ImportOptions,
    ProgressFn,
    TooBig,
    detect,
    dry_run,
    open_file,
    run_import,
)
from greeter.till.kinds import NAME_FIELDS
from greeter.till.problems import ImportCancelled, ImportRefused, RowProblem
from greeter.till.watch_words import (
    REPORT_SAYS,
    bad_rows,
    columns_line,
    first_reason,
    mapping_line,
    sentence,
    stamp,
)

log = logging.getLogger(__name__)

DONE = "done"
FAILED = "failed"
WATCH_STAFF = "watched folder"  # who the imports log says imported the file


def watched_folder(db_path: Path, configured: str) -> Path | None:
    """The `watch_folder` setting as a folder (relative to the database's folder), or None
    when it is empty (the watched folder is off)."""
    if not configured.strip():
        return None
    folder = Path(configured.strip()).expanduser()
    return folder if folder.is_absolute() else Path(db_path).parent / folder


def guess_kind(store: Store, csv_file: CsvFile) -> str | None:
    """ "sales" when the file has a receipt number and a date column, else "customers" when it
    has a name column, else None. Mappings the shop adjusted for this header count."""
    mappings: dict[str, ColumnMapping] = {}
    for kind in (SALES, CUSTOMERS):
        try:
            mappings[kind] = detect(store, csv_file, kind)
        except ImportRefused:
            continue
    sales = mappings.get(SALES)
    if sales is not None and sales.has("receipt_id") and sales.has("date"):
        return SALES
    customers = mappings.get(CUSTOMERS)
    if customers is not None and any(customers.has(f) for f in NAME_FIELDS):
        return CUSTOMERS
    return None


@dataclass(frozen=True)
class Dropped:
    """What happened to one file dropped in the watched folder."""

    name: str  # the file's name as it was dropped
    ok: bool  # imported, or imported before: nothing to fix
    # One sentence for the window's banner, which shows over the lock and hidden pages too:
    # counts, lines and columns, never what a cell holds (the report beside the file says).
    message: str
    moved_to: Path | None = None  # None when it could not be moved (it stays where it is)
    report: Path | None = None
    kind: str = ""
    result: ImportResult | None = None
    already_imported: bool = False
    # Left where it is to try again soon: the shop's file or its disk refused (busy, full).
    retry: bool = False


@dataclass
class _Look:
    signature: tuple[int, int]  # (size, mtime in ns)
    since: float  # when this signature was first seen
    scans: int = 1  # how many scans in a row saw it


@dataclass
class FolderWatch:
    """Which CSV files in `folder` have stopped changing. A file is ready once two scans at
    least `settle_seconds` apart saw the same size and modification time, so a file the till
    is still writing is never imported half-way. A file handed out by `scan()` is not handed
    out again until `release()`; one that is still there after that (it could not be moved)
    waits until it changes or Greeter starts again."""

    folder: Path
    settle_seconds: float = 2.0
    clock: Callable[[], float] = time.monotonic
    _looks: dict[Path, _Look] = field(default_factory=dict, repr=False)
    _taken: set[Path] = field(default_factory=set, repr=False)
    _left: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)

    def candidates(self) -> list[Path]:
        """The CSV files lying in the folder itself (not in done/ or failed/), oldest first."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []
        files = [
            Path(e.path)
            for e in entries
            if e.name.lower().endswith(".csv")
            and not e.name.lower().endswith(".bad.csv")  # Greeter's own rows to fix
            and not e.name.startswith((".", "~"))
            and e.is_file(follow_symlinks=False)
        ]
        return sorted(files, key=_mtime_then_name)

    def scan(self) -> list[Path]:
        """Look at every file once more; the ones ready to import (now taken), oldest first."""
        now = self.clock()
        looks: dict[Path, _Look] = {}
        for path in self.candidates():
            signature = _signature(path)
            if signature is None:
                continue
            before = self._looks.get(path)
            if before is not None and before.signature == signature:
                looks[path] = _Look(signature, before.since, before.scans + 1)
            else:
                looks[path] = _Look(signature, now)
        self._looks = looks
        self._left = {p: s for p, s in self._left.items() if p in looks and looks[p].signature == s}
        ready = [
            path
            for path, look in looks.items()
            if look.scans >= 2
            and now - look.since >= self.settle_seconds
            and look.signature[0] > 0  # an empty file is still being created
            and path not in self._taken
            and path not in self._left
            and _readable(path)
        ]
        self._taken.update(ready)
        return ready

    def release(self, path: Path, again: bool = False) -> None:
        """Done with a file `scan()` handed out. If it is still in the folder it is left
        alone until it changes (or the next start), unless it should be tried `again`."""
        self._taken.discard(path)
        signature = _signature(path)
        if signature is not None and not again:
            self._left[path] = signature

    def release_all(self, paths: list[Path], outcomes: list[Dropped]) -> None:
        """Done with `paths`: those not tried, or to be retried, are handed out again later."""
        handled = {d.name: d for d in outcomes}
        for path in paths:
            dropped = handled.get(path.name)
            self.release(path, again=dropped is None or dropped.retry)

    def run_once(self, store: Store, progress: ProgressFn | None = None) -> list[Dropped]:
        """Scan, then import every ready file with `store`: what happened to each."""
        ready = self.scan()
        outcomes: list[Dropped] = []
        try:
            outcomes = import_all(store, ready, progress)
        finally:
            self.release_all(ready, outcomes)
        return outcomes


def import_all(
    store: Store, paths: list[Path], progress: ProgressFn | None = None
) -> list[Dropped]:
    """import_dropped() each file in turn. A cancel stops before the next file; a problem
    with the shop's file or its disk (busy, full, read-only) stops there too, that file
    staying to retry: it is not the file's fault, and goes away. Any other error would stop
    the same file again: it stops only that file, which goes to failed/; the next are
    imported."""
    outcomes: list[Dropped] = []
    for path in paths:
        try:
            outcomes.append(import_dropped(store, path, progress))
        except ImportCancelled:
            break
        except StorageProblem as error:  # its words are Greeter's own: they quote no cell
            message = f"Could not import {path.name} yet: {error}"
            outcomes.append(Dropped(path.name, False, message, retry=True))
            break
        except Exception as error:  # said, logged, and the queue goes on
            log.error("importing %s stopped by an error\n%s", path.name, traceback.format_exc())
            outcomes.append(_broken(store, path, error))
    return outcomes


def _broken(store: Store, path: Path, error: Exception) -> Dropped:
    """A file whose import an error stopped: to failed/ (an import is all or nothing), or to
    done/ if the error came once it was imported. A StoreError is the shop's database
    refusing what the file holds, in words that say what to do; any other is a fault in
    Greeter."""
    named = type(error).__name__  # all the banner says: the error's words may quote a cell
    what = f"{named}: {error}"
    fault = "a fault in Greeter, written to its log: tell whoever looks after Greeter"
    if _in_imports_log(store, path):
        message = f"Imported {path.name}, but Greeter then stopped with an error ({named})."
        lines = [f"{path.name}: imported on {stamp()} from the watched folder, but Greeter "
                 f"then stopped with an error ({what}): {fault}."]  # fmt: skip
        return _settle(path, DONE, True, message, lines)
    if isinstance(error, StoreError):
        reason = "the shop's database refused what it holds"
        return _failed(path, "", reason, [f"{path.name}: {reason}: {error}"], to_fix=True)
    reason = f"an error in Greeter stopped it ({named})"
    details = [f"{path.name}: Greeter stopped with an error while importing it ({what}): {fault}."]
    return _failed(path, "", reason, details)


def _in_imports_log(store: Store, path: Path) -> bool:
    try:
        return imported_before(store, hashlib.sha256(path.read_bytes()).hexdigest()) is not None
    except Exception:  # the shop's file or this one cannot be read: not known to be in
        return False


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _mtime_then_name(path: Path) -> tuple[int, str]:
    signature = _signature(path)
    return (signature[1] if signature else 0), path.name


def _readable(path: Path) -> bool:
    """False while another program holds the file open for writing (Windows refuses)."""
    try:
        with path.open("rb"):
            return True
    except OSError:
        return False


def imported_before(store: Store, sha256: str) -> ImportRecord | None:
    """The import of a file with exactly these bytes, if there was one."""
    return ImportLog(store.db).of_file(sha256)


def import_dropped(
    store: Store, path: Path, progress: ProgressFn | None = None, *, staff: str = WATCH_STAFF
) -> Dropped:
    """Import one file from the watched folder, as customers or sales as its columns say,
    all or nothing. It goes to done/ (imported, or imported before) or failed/ (nothing was
    changed), with `<name>.report.txt` beside it. ImportCancelled, storage problems (a busy
    or read-only shop file) and other errors are raised with the file left where it is:
    import_all says which to try again and which to set aside."""
    name = path.name
    try:
        csv_file = open_file(path)
    except ImportRefused as error:
        return _failed(path, "", first_reason(str(error), name), [str(error)])
    before = imported_before(store, csv_file.sha256)
    if before is not None:
        return _already(path, csv_file, before)
    kind = guess_kind(store, csv_file)
    if kind is None:
        reason = (
            "cannot tell whether it holds customers or sales (no column for a name, nor for a "
            "receipt number and a date)"
        )
        return _failed(path, "", reason, [f"{name}: Greeter {reason}.", columns_line(csv_file)])
    try:
        result = run_import(store, path, ImportOptions(kind, staff=staff), progress)
    except TooBig as error:  # a dry run to list bad rows would not fit either
        return _failed(path, kind, first_reason(str(error), name).rstrip("."), [str(error)])
    except ImportRefused as error:
        problems = _problems(store, path, kind)
        if problems:
            details = [f"{name} was not imported: nothing was changed."]
            details += [str(p) for p in problems]
            return _failed(path, kind, bad_rows(problems), details, to_fix=True)
        quoting = bool(error.on_screen)  # the report says what; the banner where
        reason = error.on_screen or first_reason(str(error), name)
        return _failed(path, kind, reason, [str(error)], to_fix=quoting)
    return _imported(path, csv_file, result)


def _problems(store: Store, path: Path, kind: str) -> list[RowProblem]:
    """Every bad row of a refused file, from a dry run that sets them aside (writes nothing)."""
    try:
        return dry_run(store, path, ImportOptions(kind, skip_bad=True)).problems
    except ImportRefused:  # a card number, a missing column: the refusal says it all
        return []


def _imported(path: Path, csv_file: CsvFile, result: ImportResult) -> Dropped:
    message = sentence(path.name, result)
    lines = [
        f"{path.name}: imported as {result.kind} on {stamp()} from the watched folder.",
        "",
        result.summary(),
        mapping_line(result.mapping),
        f"SHA-256: {csv_file.sha256}",
    ]
    return _settle(path, DONE, True, message, lines, kind=result.kind, result=result)


def _already(path: Path, csv_file: CsvFile, before: ImportRecord) -> Dropped:
    when = before.imported_at.replace("T", " ")[:16]
    message = (
        f"{path.name} was imported before ({when}, as “{before.file_name}”); moved to {DONE}/ "
        "without importing it again."
    )
    lines = [
        f"{path.name}: not imported again on {stamp()}; a file with exactly the same contents "
        f"was imported on {when} as “{before.file_name}” ({before.kind}: {before.new} new, "
        f"{before.updated} updated, {before.unchanged} unchanged).",
        f"SHA-256: {csv_file.sha256}",
    ]
    return _settle(path, DONE, True, message, lines, kind=before.kind, already=True)


def _failed(
    path: Path, kind: str, reason: str, details: list[str], *, to_fix: bool = False
) -> Dropped:
    """`to_fix`: the banner says where the file is wrong but not how: its report says."""
    report = REPORT_SAYS if to_fix else ""
    message = f"Could not import {path.name}: {reason} — moved to {FAILED}/{report}."
    lines = [
        f"{path.name}: NOT imported on {stamp()}; nothing was changed.",
        "",
        *details,
        "",
        "Fix the file and put it in the watched folder again, or open it in Greeter's Import "
        "window (Ctrl+I) to choose what each column holds; that choice is remembered for the "
        "till's next files with the same columns.",
    ]
    return _settle(path, FAILED, False, message, lines, kind=kind)


def _settle(
    path: Path,
    where: str,
    ok: bool,
    message: str,
    lines: list[str],
    *,
    kind: str = "",
    result: ImportResult | None = None,
    already: bool = False,
) -> Dropped:
    """Move the file to done/ or failed/ and write its report beside it."""
    try:
        target = _move(path, path.parent / where)
    except OSError as error:
        if ok:
            message = message.rstrip(".") + ", "
        else:
            message = message.partition(f" — moved to {where}/")[0] + "; "
        message += f"but it could not be moved to {where}/ ({error.strerror or error})."
        return Dropped(path.name, ok, message, None, None, kind, result, already)
    report = target.with_name(f"{target.stem}.report.txt")
    try:
        with write_whole(report) as (out,):
            out.write("\n".join(lines) + "\n")
    except OSError:  # the move is what matters; the banner still says what happened
        message = message.replace(REPORT_SAYS, "")
        return Dropped(path.name, ok, message, target, None, kind, result, already)
    return Dropped(path.name, ok, message, target, report, kind, result, already)


def _move(path: Path, folder: Path) -> Path:
    """Into `folder` (owner-only, made so if an older Greeter made it open: the files hold
    customers' details), under a name not taken there yet: x.csv, x (2).csv, …"""
    keep_folder_private(private_folder(folder))
    target = folder / path.name
    n = 2
    while target.exists() or target.with_name(f"{target.stem}.report.txt").exists():
        target = folder / f"{path.stem} ({n}){path.suffix}"
        n += 1
    os.replace(path, target)
    keep_private(target)
    return target
