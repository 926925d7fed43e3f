"""`greeter demo --out PATH`: write the demo shop to a new database file."""

from __future__ import annotations

import argparse

from greeter.demo import write_demo
from greeter.store import Store


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    parser = subparsers.add_parser(
        "demo",
        parents=[common],
        help="write the demo shop to a new database file",
        description="Write the demo shop (an Ottawa gadget-and-gift shop with about forty "
        "customers, dated relative to today) to a new database file. An existing file is "
        "never touched.",
    )
    parser.add_argument("--out", metavar="PATH", required=True, help="the new file to create")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = write_demo(args.out)
    with Store(path) as store:
        count = store.customers.count()
    print(f"wrote the demo shop ({count} customers) to {path}")
    return 0
