"""`greeter import` and `greeter export`: customers and sales to and from CSV files."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from greeter.cli import UserError, for_this_shop
from greeter.commands.author import sign
from greeter.commands.common import (
    EXPORT_NOT_RECORDED,
    add_auth_options,
    already_exists,
    authorise,
    open_store,
)
from greeter.core.permissions import Action
from greeter.core.text import counted
from greeter.till.columns import FIELDS, KINDS, parse_overrides
from greeter.till.exporter import export_customers, export_sales
from greeter.till.import_result import ImportResult
from greeter.till.importer import ImportOptions, dry_run, run_import
from greeter.till.problems import WrongKind

_FIELD_HELP = "; ".join(f"{kind}: {', '.join(fields)}" for kind, fields in FIELDS.items())


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    imp = subparsers.add_parser(
        "import",
        parents=[common],
        help="import customers or sales from a till's CSV file",
        description="Import customers or sales from a CSV file exported by a till or web shop "
        "(Shopify's exports work as they come). The whole file is imported or nothing is; "
        "importing the same file again adds nothing twice.",
    )
    imp.add_argument("kind", choices=KINDS, help="what the file holds")
    imp.add_argument("file", metavar="FILE", help="the CSV file")
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="count what would change and list the bad rows; write nothing (exits 1 when bad "
        "rows would stop the import)",
    )
    imp.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the good rows and write the bad ones to FILE.bad.csv beside it",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read COLUMN as FIELD (or 'ignore'); remembered for files with the same columns. "
        f"Fields: {_FIELD_HELP}",
    )
    add_auth_options(imp)
    imp.add_argument(
        "--system",
        default="",
        metavar="NAME",
        help="the till or web shop whose customer ids and receipt numbers the file holds "
        "(default: shopify for Shopify exports, otherwise 'import')",
    )
    imp.set_defaults(run=run_import_command)

    exp = subparsers.add_parser(
        "export",
        parents=[common],
        help="export customers or sales to a CSV file",
        description="Write every customer, or every sale line, to a CSV file that "
        "`greeter import` reads back unchanged. Cells are protected against spreadsheet "
        "formulas.",
    )
    exp.add_argument("kind", choices=KINDS, help="what to export")
    exp.add_argument("file", metavar="FILE", help="the CSV file to write")
    exp.add_argument("--force", action="store_true", help="replace FILE if it exists")
    add_auth_options(exp)
    exp.set_defaults(run=run_export_command)


def _said(result: ImportResult, signed: str) -> list[str]:
    """The summary, its first line signed when the shop was changed, then the columns read
    (a file with nothing new says so in its one line)."""
    lines = result.summary().splitlines()
    if result.nothing_new:
        return lines
    if not result.dry_run:
        lines[0] += f" ({signed})"
    mapping = result.mapping
    pairs = [f"{h} → {f}" for h, f in zip(mapping.header, mapping.fields, strict=True) if f]
    return [lines[0], f"columns ({mapping.preset}): " + ", ".join(pairs), *lines[1:]]


def _as_typed(file: str) -> str:
    """FILE ready to paste into a terminal: in double quotes if it has spaces or other signs."""
    return file if re.fullmatch(r"[\w./\-]+", file) else f'"{file}"'


def run_import_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"There is no file {path}.")
    # The first import may start the shop in its usual file, as the window would; a --db
    # naming a file that is not there is a typo, and importing into it a second shop.
    with open_store(args, create=getattr(args, "db", None) is None) as store:
        member, signed = sign(store, args, Action.IMPORT)
        options = ImportOptions(
            kind=args.kind,
            overrides=parse_overrides(args.map),
            skip_bad=args.skip_bad,
            staff=member.name,
            system=args.system.strip().casefold(),
        )
        try:
            result = (dry_run if args.dry_run else run_import)(store, path, options)
        except WrongKind as error:
            raise UserError(error.for_command(_as_typed(args.file))) from None
    print(for_this_shop("\n".join(_said(result, signed)), args))
    # A script must know the bad rows are not kept, or that the real import would stop.
    would_stop = result.dry_run and result.problems and not result.skip_bad
    return 1 if result.report_problem or would_stop else 0


def run_export_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.exists() and not args.force:
        raise already_exists(path)
    if path.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
        raise UserError(f"{path} looks like a database, not a CSV file; choose a .csv name.")
    with open_store(args, read_only_refusal=EXPORT_NOT_RECORDED) as store:
        authorise(store, args, Action.EXPORT)
        write = export_customers if args.kind == "customers" else export_sales
        try:
            count = write(store, path)
        except OSError as error:
            raise UserError(
                f"Nothing was written to {path}: {error.strerror or error}. Check that its "
                "folder exists, can be written to and has room, or choose another name."
            ) from None
    what = "customer" if args.kind == "customers" else "sale line"
    print(f"exported {counted(count, what)} to {path}")
    return 0
