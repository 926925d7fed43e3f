"""`greeter bench`: measure Greeter on a synthetic shop of a chosen size, against the floor and
the usual approaches."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    parser = subparsers.add_parser(
        "bench",
        parents=[common],
        help="measure speed and memory on a synthetic shop (small, busy or chain)",
        description="Generate a synthetic shop (or reuse the one given with --db: it is "
        "written to, so never give it the shop's real file), then measure scan to card, "
        "phone and email recognition, name search per keystroke, CSV import, cold start and "
        "memory, each against the floor (the least raw SQL for the same answer) and the usual "
        "approaches (substring LIKE, an in-memory filtered list). Progress goes to stderr.",
    )
    parser.add_argument(
        "--scale",
        choices=("small", "busy", "chain", "tiny"),
        default="small",
        help="small: 2,000 customers / 50,000 purchase lines; busy: 50,000 / 2,000,000; "
        "chain: 500,000 / 20,000,000",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--out", metavar="FILE", help="also write the JSON object to FILE")
    # For the tests: a shop of any size, fewer queries and runs.
    hidden = argparse.SUPPRESS
    parser.add_argument("--customers", type=int, help=hidden)
    parser.add_argument("--lines", type=int, help=hidden)
    parser.add_argument("--queries", type=int, default=1000, help=hidden)
    parser.add_argument("--cold-runs", type=int, default=5, help=hidden)
    parser.add_argument("--import-lines", type=int, help=hidden)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from greeter.bench.report import heading, notes, table
    from greeter.bench.run import Options, stderr
    from greeter.bench.run import run as bench

    db = getattr(args, "db", None)
    result = bench(
        Options(args.scale, Path(db) if db else None, args.customers, args.lines, args.queries,
                args.cold_runs, args.import_lines),
        stderr,
    )  # fmt: skip
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    if args.json:
        print(text)
    else:
        print(f"{heading(result)}\n\n{table(result)}\n\n{notes(result)}")
    return 0
