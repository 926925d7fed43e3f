"""Saving what a dialog returned; when the save fails, asking again with what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from greeter.store.errors import StoreError
from greeter.ui.disposal import disposed

Typed = TypeVar("Typed")
Saved = TypeVar("Saved")


def warn(parent: QWidget, title: str, text: str) -> None:
    """A warning to acknowledge, shown as plain text: it may name a customer ("<b>Bob</b>" as
    typed) or a file, which QMessageBox.warning would take for markup."""
    ok = QMessageBox.StandardButton.Ok
    with disposed(QMessageBox(QMessageBox.Icon.Warning, title, text, ok, parent)) as box:
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()


def tell_not_saved(parent: QWidget, title: str, error: StoreError) -> None:
    warn(parent, title, f"{error}\n\nWhat you typed is kept: try again, or cancel.")


def save_or_ask_again(
    parent: QWidget,
    title: str,
    ask: Callable[[Typed | None], Typed | None],
    save: Callable[[Typed], Saved],
) -> tuple[Typed, Saved] | None:
    """Ask, save, and on a StoreError (disk full, file locked…) say so and ask again with the
    same text filled in. None when the person cancels."""
    typed: Typed | None = None
    while True:
        typed = ask(typed)
        if typed is None:
            return None
        try:
            return typed, save(typed)
        except StoreError as error:
            tell_not_saved(parent, title, error)
