"""`greeter snapshot`: render the real window offscreen to a PNG, with a customer or idle."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from greeter.cli import UserError
from greeter.commands.common import add_auth_options, already_exists, open_store
from greeter.recognise import select_customer
from greeter.store import Store
from greeter.store.private_files import private_folder, scratch_for

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap

    from greeter.ui.main_window import MainWindow

# The main window's SMALLEST (greeter.ui.main_window; a test keeps them equal: importing Qt
# here would slow every command's --help), and a cap that keeps the image within a few
# hundred MB.
SMALLEST = (430, 480)
LARGEST = (8192, 8192)
# Once PINs are on, the window opens locked, as it does at the counter.
LOCKED = (
    "PINs are on, so the window opens locked: to picture {what}, give your name and PIN "
    "with --staff NAME --pin PIN. Nothing was written to {out}."
)
LOCK_SCREEN = "the lock screen: PINs are on; --staff NAME --pin PIN pictures the window unlocked"


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,9})x(\d{1,9})", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"size must look like 1280x800, not “{text}”")
    width, height = int(match.group(1)), int(match.group(2))
    if width < SMALLEST[0] or height < SMALLEST[1]:
        raise argparse.ArgumentTypeError(
            f"the window is at least {SMALLEST[0]}x{SMALLEST[1]}, so {text} is too small"
        )
    if width > LARGEST[0] or height > LARGEST[1]:
        raise argparse.ArgumentTypeError(
            f"a snapshot is at most {LARGEST[0]}x{LARGEST[1]}, so {text} is too large"
        )
    return width, height


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "snapshot", parents=[common], help="render the window to a PNG file (offscreen)"
    )
    parser.add_argument("--out", required=True, metavar="FILE.png", help="where to write the PNG")
    parser.add_argument("--force", action="store_true", help="replace FILE.png if it exists")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--card", help="show the customer with this card code")
    who.add_argument("--query", metavar="TEXT", help="show what this search finds")
    parser.add_argument("--demo", action="store_true", help="use a throwaway demo shop")
    parser.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH")
    add_auth_options(parser)
    parser.set_defaults(run=run)


def _card_holder(store: Store, card: str) -> int:
    """The customer with this card, worded as `greeter profile --card` words a miss. The
    window's search box would read some codes as names and answer with a hint instead."""
    found = select_customer(store, store.settings.load(), card=card)
    if found.customer_id is None:
        raise UserError(found.message)
    return found.customer_id


def _unlock(window: MainWindow, args: argparse.Namespace) -> bool:
    """Once PINs are on the window opens locked: let in the person named with --staff NAME
    and --pin PIN (asked for in a terminal), as its lock would. False if nobody is named
    and no customer is asked for: the lock screen is pictured."""
    staff = window.staff_actions
    if not staff.locked:
        return True
    if not args.staff:
        if args.card or args.query:
            what = f"card {args.card}" if args.card else f"what “{args.query}” finds"
            raise UserError(LOCKED.format(what=what, out=args.out))
        return False
    pin = args.pin
    if pin is None:
        if not sys.stdin.isatty():
            raise UserError(
                f"PINs are on: {args.staff} must give --pin PIN (or run this in a terminal to "
                "be asked for it)."
            )
        pin = getpass.getpass(f"PIN for {args.staff}: ")
    if not staff.unlock(args.staff, pin):
        raise UserError(f"{staff.lock_panel.problem.text()} Nothing was written to {args.out}.")
    return True


def _save(picture: QPixmap, out: Path) -> None:
    """A customer's card: owner-only, and a whole picture or none (what was there stays)."""
    try:
        private_folder(out.parent)
        with scratch_for(out) as scratch:
            if not picture.save(str(scratch), "PNG"):  # Qt gives no reason
                raise OSError("the PNG could not be saved")
    except OSError as error:
        raise UserError(
            f"Nothing was written to {out}: {error.strerror or error}. Check that the folder "
            "can be written to and has room, or choose another with --out."
        ) from None


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not args.force:
        raise already_exists(out)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings

    from greeter.app import application, build_window, demo_database

    app = application()
    store = Store(demo_database()) if args.demo else open_store(args)
    scratch = tempfile.TemporaryDirectory(prefix="greeter-snapshot-")
    prefs = QSettings(str(Path(scratch.name) / "window.ini"), QSettings.Format.IniFormat)
    window = None
    try:
        window = build_window(store, prefs)
        unlocked = _unlock(window, args)
        card_holder = _card_holder(store, args.card) if args.card else None
        window.resize(*args.size)
        window.show()
        if card_holder is not None:
            window.search.setText(args.card)
            window.show_customer(card_holder)
        elif args.query:
            window.find(args.query)
        app.processEvents()
        _save(window.grab(), out)
        shown = window.current_customer
        said = f"customer {shown}" if shown else "no customer shown" if unlocked else LOCK_SCREEN
        print(f"wrote {out} ({said})")
    finally:
        if window is not None:
            window.close()  # which keeps its size in prefs
        # Written now, into the folder removed next: Qt would write it at exit, making the
        # folder again, left behind.
        prefs.sync()
        store.close()
        scratch.cleanup()
    return 0
