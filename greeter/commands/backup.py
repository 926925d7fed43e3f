"""`greeter backup` and `greeter restore`: verified copies of the shop's database."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from greeter.cli import UserError
from greeter.commands.common import add_auth_options, already_exists, authorise, open_store
from greeter.core.audit import AuditEvent
from greeter.core.models import Staff
from greeter.core.permissions import Action, Role
from greeter.core.text import counted
from greeter.paths import database_path
from greeter.store import Store
from greeter.store.backup import (
    BackupFailed,
    BackupTargetExists,
    backup_destination,
    backup_now,
    list_backups,
    remove_unfinished,
    store_backup_folder,
    unfinished_backups,
)
from greeter.store.health import empty_file
from greeter.store.private_files import megabytes
from greeter.store.restoring import (
    BACKUP_OWNER_ASKED,
    BackupStaff,
    backup_holds,
    owner_unknown,
    restore_shop,
)

# `greeter backup` on a file that can only be read: the copy is made, its record cannot be.
NOT_RECORDED = (
    "greeter: The backup is not recorded in the shop's audit trail: the shop's file can only "
    "be read."
)


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    backup = subparsers.add_parser(
        "backup",
        parents=[common],
        help="make a verified backup of the shop's database now",
        description="Copy the database through SQLite's backup API, check it, keep the newest "
        "backups_kept in the backup folder.",
    )
    # Kept as typed: Path() would drop the / that says a folder not made yet is meant.
    backup.add_argument(
        "--out",
        metavar="FILE",
        help="write the backup here instead: a file, or a folder (one ending in / is made "
        "if it is not there yet)",
    )
    backup.add_argument(
        "--force",
        action="store_true",
        help="replace FILE if it exists (never a database in use: one with a -wal beside it)",
    )
    backup.add_argument("--list", action="store_true", help="list the backups, newest first")
    add_auth_options(backup)
    backup.set_defaults(run=run_backup)
    restore_parser = subparsers.add_parser(
        "restore",
        parents=[common],
        help="replace the shop's database with a backup (the replaced data is kept)",
        description="Check FILE is a whole Greeter database, say what it replaces with what "
        "and ask at a terminal (--yes: don't ask), keep a copy of the current one "
        "beside it (greeter.db.before-restore-<time>), then copy FILE in. Once PINs are on, an "
        "owner gives their PIN; when the shop's file is damaged, holds no shop, has no owner or "
        "is not there yet, an owner of FILE gives the PIN FILE holds for them.",
    )
    restore_parser.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    restore_parser.add_argument(
        "--yes", action="store_true", help="do not ask before replacing the shop's file"
    )
    add_auth_options(restore_parser)
    restore_parser.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.list:
            folder = store_backup_folder(store)
            backups = list_backups(store.path, folder)
            print(f"{counted(len(backups), 'backup')} in {folder}")
            for path in backups:
                print(f"  {path}")
            unfinished = unfinished_backups(folder)
            if unfinished:
                n, size = len(unfinished), megabytes(sum(_size(path) for path in unfinished))
                print(
                    f"Also {counted(n, 'unfinished backup')} ({size}), left by a backup that "
                    f"was stopped: the next backup removes {'it' if n == 1 else 'them'}."
                )
            return 0
        authorise(store, args, Action.BACKUP)
        out = None if args.out is None else Path(args.out)
        into_folder = args.out is not None and args.out.endswith(("/", os.sep))
        removed, freed = remove_unfinished(backup_destination(store, out, into_folder=into_folder))
        if removed:
            print(
                f"Removed {counted(removed, 'unfinished backup')} left by a backup that was "
                f"stopped ({megabytes(freed)} freed)."
            )
        try:
            path = backup_now(store, out, replace=args.force, into_folder=into_folder)
        except BackupTargetExists as error:
            raise already_exists(error.target) from None
        except BackupFailed as error:
            if out is None and store.read_only:  # its backup_folder setting cannot change
                raise UserError(f"{error} Or back it up elsewhere with --out FOLDER/.") from None
            raise
        # A copy of a file that can only be read (a newer Greeter's, a read-only one) is
        # worth having before updating or restoring, and passed the integrity check (which
        # a damaged file fails): only its record cannot be written.
        recorded = not store.read_only
        if recorded:
            store.audit.record(AuditEvent.BACKUP)
    print(f"Backed up to {path} (integrity checked).")
    if not recorded:
        print(NOT_RECORDED, file=sys.stderr)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    path = database_path(getattr(args, "db", None))
    if path.exists() and args.file.exists() and os.path.samefile(path, args.file):
        raise UserError(
            f"{args.file} is the shop's database itself, not a backup; nothing was restored. "
            "`greeter backup --list` lists the backups."
        )
    now: str | None
    if not path.exists() or empty_file(path):
        # No shop to open, nor to be made only to be replaced (or left behind, if the answer
        # is no): an owner of the backup restores it, as over a file that holds no shop.
        who = _owner_of_backup(args, f"There is no shop in {path} yet, {BACKUP_OWNER_ASKED}")
        now = None
    else:
        with open_store(args, create=True) as store:
            unknown = owner_unknown(store)
            now = "it cannot be read as a shop" if unknown else _holds(store)
            if not unknown and not _has_owner(store):
                # Single-user mode would add a stand-in Owner to act (see Auth.require),
                # before the question and left behind by a no: an owner of the backup
                # restores it instead, as where there is no shop yet.
                unknown = f"The shop's file has no owner yet, {BACKUP_OWNER_ASKED}"
            who = (
                _owner_of_backup(args, unknown)
                if unknown
                else authorise(store, args, Action.RESTORE)
            )
    if not args.yes and sys.stdin.isatty():  # a script restores as it always has
        _confirm(args.file, path, now)
    restored = restore_shop(path, args.file, who.id)
    print(f"Restored {args.file} into {path}.")
    if restored.kept:
        print(f"What it replaced is kept as {restored.kept}.")
    else:
        print("There was no shop there before, so nothing needed keeping.")
    for said in restored.said():
        print(said)
    print("If a Greeter window is open, close and reopen it.")
    return 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _has_owner(store: Store) -> bool:
    return any(member.role == Role.OWNER for member in store.staff.all())


def _holds(store: Store) -> str:
    return f"{store.settings.load().shop_name}, {counted(store.customers.count(), 'customer')}"


def _confirm(backup: Path, db_path: Path, now: str | None) -> None:
    """Say what the backup replaces with what (`now`: what the shop's file holds, None when
    there is no shop there yet), and go on only if the person at the terminal says yes
    (else UserError)."""
    holds = backup_holds(backup)
    then = (
        f"{holds.shop_name}, {counted(holds.customers, 'customer')}, "
        f"dated {holds.written:%A %-d %B %Y, %H:%M}"
    )
    if now is None:
        print(f"This makes the backup\n  {backup}: {then}\nthe shop's file\n  {db_path}.")
    else:
        kept = f"{db_path.name}.before-restore-<time>"
        print(f"This replaces the shop's file\n  {db_path}: {now}")
        print(f"with the backup\n  {backup}: {then}.")
        print(f"What the shop's file holds now is kept beside it, as {kept}.")
    try:
        answer = input("Restore this backup? (y/N) ").strip().lower()
    except EOFError:
        answer = ""
    if answer not in ("y", "yes"):
        raise UserError("Nothing was restored.")


def _owner_of_backup(args: argparse.Namespace, why: str) -> Staff:
    """An owner of the backup, by the PIN it holds for them (asked for in a terminal), when
    the shop's file cannot say who its owner is (`why`)."""
    name: str | None = args.staff
    pin: str | None = args.pin
    with BackupStaff(args.file) as staff:
        if pin is None and staff.owners():
            if not sys.stdin.isatty():
                raise UserError(f"{why} Give it with --staff NAME --pin PIN.")
            print(f"greeter: {why}", file=sys.stderr)
            name = name or input("Your name: ").strip()
            pin = getpass.getpass(f"PIN for {name}: ")
        return staff.owner(name, pin)
