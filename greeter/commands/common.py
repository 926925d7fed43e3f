"""Helpers the subcommands share: opening the store named by --db and printing a card."""

from __future__ import annotations

import argparse

from greeter.paths import database_path
from greeter.store import Store


def open_store(args: argparse.Namespace) -> Store:
    return Store(database_path(getattr(args, "db", None)))
