"""The composition root: builds the store, the counter service and the window, once."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from greeter.counter import Counter
from greeter.paths import database_path
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from greeter.ui.theme import apply_theme


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("Greeter")
    app.setApplicationName("Greeter")
    apply_theme(app)
    return app


def demo_database() -> Path:
    """A throwaway copy of the demo shop; the shop's real file is never touched."""
    from greeter.demo import write_demo

    folder = Path(tempfile.mkdtemp(prefix="greeter-demo-"))
    return write_demo(folder / "demo.db")


def build_window(store: Store, prefs: QSettings | None = None) -> MainWindow:
    counter = Counter(store)
    if not counter.staff():
        store.staff.add("Owner", "owner")
    return MainWindow(counter, prefs or QSettings())


def run_window(db: str | None = None, demo: bool = False) -> int:
    app = application()
    store = Store(demo_database() if demo else database_path(db))
    window = build_window(store)
    window.restore_geometry()
    window.show()
    window.search.setFocus()
    code = app.exec()
    store.close()
    return code
