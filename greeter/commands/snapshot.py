"""`greeter snapshot`: render the real window offscreen to a PNG, with a customer or idle."""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

from greeter.cli import UserError
from greeter.commands.common import open_store
from greeter.store import Store


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text)
    if not match:
        raise argparse.ArgumentTypeError(f"size must look like 1280x800, not “{text}”")
    return int(match.group(1)), int(match.group(2))


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "snapshot", parents=[common], help="render the window to a PNG file (offscreen)"
    )
    parser.add_argument("--out", required=True, metavar="FILE.png", help="where to write the PNG")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--card", help="show the customer with this card code")
    who.add_argument("--query", metavar="TEXT", help="show what this search finds")
    parser.add_argument("--demo", action="store_true", help="use a throwaway demo shop")
    parser.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings

    from greeter.app import application, build_window, demo_database

    app = application()
    store = Store(demo_database()) if args.demo else open_store(args)
    scratch = tempfile.TemporaryDirectory(prefix="greeter-snapshot-")
    try:
        prefs = QSettings(str(Path(scratch.name) / "window.ini"), QSettings.Format.IniFormat)
        window = build_window(store, prefs)
        window.resize(*args.size)
        window.show()
        if args.card or args.query:
            window.find(args.card or args.query)
            if window.current_customer is None and args.card:
                raise UserError(window.status.text() or f"No customer has the card {args.card}.")
        app.processEvents()
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            raise UserError(f"Could not write {out}: check the folder exists and is writable.")
        shown = window.current_customer
        print(f"wrote {out} ({'customer ' + str(shown) if shown else 'no customer shown'})")
        window.close()
    finally:
        store.close()
        scratch.cleanup()
    return 0
