"""`python -m greeter.bench.probe`: start a window, report its first painted frame and memory.

Modes: `app` runs the real `greeter --db PATH` (the command line, `run_window`, everything)
with a watcher installed on the application; `empty` shows a bare Qt window (the floor);
`peer` shows every customer in a filtered list view, as a typical desktop app starts.
It prints one JSON line: `first_paint` (time.monotonic() when the first frame was painted),
`rss_mb` (peak resident memory, after showing `--card` in app mode) and `shown`.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import traceback


def _peak_rss_mb() -> float:
    """This program's peak resident memory. On Linux from VmHWM: ru_maxrss would also count
    the parent's memory copied by fork before this program was started."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m greeter.bench.probe")
    parser.add_argument("--db", required=True)
    parser.add_argument("--mode", choices=("app", "empty", "peer"), default="app")
    parser.add_argument("--card", default="")
    args = parser.parse_args(argv)
    if args.mode == "app":
        import greeter.cli  # as `python -m greeter` does: before Qt and the window's modules

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    report: dict[str, object] = {}
    if args.mode == "app":
        from greeter.app import application  # the same application run_window then uses

        app = application()
        report["imported"] = time.monotonic()
    else:  # nothing of Greeter's: the floor, and the peer as another program would be
        app = QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        """Notes the moment the first frame has been painted (after the paint pass), then
        shows a card and quits."""

        def __init__(self) -> None:
            super().__init__()
            self.window: QWidget | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
            if self.window is None and event.type() == QEvent.Type.Paint:
                if isinstance(watched, QWidget) and watched.window().isVisible():
                    self.window = watched.window()
                    QTimer.singleShot(0, self.painted)
            return False

        def painted(self) -> None:
            report["first_paint"] = time.monotonic()
            app.removeEventFilter(self)
            try:
                self._show_card()
            except Exception:  # a bug: say so and stop, never leave the probe running
                traceback.print_exc()
                app.exit(2)
                return
            report["rss_mb"] = _peak_rss_mb()
            print(json.dumps(report), flush=True)
            app.quit()

        def _show_card(self) -> None:
            from greeter.ui.main_window import MainWindow

            window = self.window
            if args.card and isinstance(window, MainWindow):
                window.find(args.card)
                app.sendPostedEvents()
                window.repaint()
                report["shown"] = window.current_customer

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    if args.mode == "app":
        return greeter.cli.main(["--db", args.db])
    if args.mode == "peer":
        import sqlite3

        from PySide6.QtWidgets import QListView

        from greeter.bench.peers import ProxySearch, customer_lines

        conn = sqlite3.connect(args.db)
        search = ProxySearch(customer_lines(conn))
        conn.close()
        view = QListView()
        view.setUniformItemSizes(True)
        view.setModel(search.proxy)
        window: QWidget = view
    else:
        window = QWidget()
    window.resize(1180, 760)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
