"""The composition root: builds the store, the counter service and the window, once."""

from __future__ import annotations

import atexit
import functools
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from greeter.cli import for_shop
from greeter.counter import Counter
from greeter.paths import database_path
from greeter.recognise import select_customer
from greeter.store import Store
from greeter.store.health import pending_upgrade
from greeter.till.instance import InstanceError, SingleInstance, TillRequest, forward, reply_for
from greeter.till.scanner import ScanDetector, ScanRules
from greeter.ui.daily_backup import DailyBackup
from greeter.ui.main_window import MainWindow
from greeter.ui.next_frame import NextFrame
from greeter.ui.outside_changes import OutsideChanges
from greeter.ui.scan_fields import type_scan
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
    """A throwaway copy of the demo shop, removed when Greeter exits (its window closed, Ctrl+C
    or a polite kill; see SignalStop), the shop's real file never touched."""
    from greeter.demo import write_demo

    folder = Path(tempfile.mkdtemp(prefix="greeter-demo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return write_demo(folder / "demo.db")


def build_window(
    store: Store,
    prefs: QSettings | None = None,
    for_this_shop: Callable[[str], str] | None = None,
) -> MainWindow:
    """The window on `store`; `for_this_shop` (see `hints_for`) writes the commands its hints
    offer to paste, left as they are without it."""
    counter = Counter(store)
    if not counter.staff() and not store.read_only:
        store.staff.add("Owner", "owner")
    return MainWindow(counter, prefs or QSettings(), for_this_shop)


def hints_for(path: Path, *, demo: bool = False) -> Callable[[str], str]:
    """How the window on the shop at `path` writes a command it offers to paste (`greeter
    staff pin NAME`): with `--db PATH` unless it is the default shop, which a command pasted
    without it would act on instead. A demo's are left as they are: its file is a throwaway
    in a temporary folder, whose path would only clutter a screen made for looking around
    (the one the README's pictures show), and nothing set up in it is kept."""
    if demo or path.resolve() == database_path(None).resolve():
        return lambda message: message
    return functools.partial(for_shop, path=path.absolute())


def watch_till_folder(window: MainWindow) -> None:
    """Import the till's exports as they arrive in the folder the `watch_folder` setting names
    (empty: no folder is watched). Called again when the setting changes: a folder already
    watched goes on being watched; another one, or none, takes its place."""
    store, setting = window.counter.store, window.counter.settings.watch_folder
    imports = window.imports
    if store.read_only or not setting.strip():
        if imports.folder is not None:
            imports.stop_watching()
        return
    # Loads the whole importer: only for the shops that use the folder.
    from greeter.till.watch import watched_folder

    folder = watched_folder(store.path, setting)
    if folder is not None and (imports.folder is None or imports.folder.folder != folder):
        imports.watch(folder)


def install_scanner(
    app: QApplication, window: MainWindow, clock: Callable[[], float] = time.monotonic
) -> ScanDetector:
    """Watch every key the application gets for scanner bursts; a scan opens its customer."""

    def is_card(code: str) -> bool:  # asked each time: a restore brings another file
        return window.counter.store.customers.find_by_card(code) is not None

    rules = ScanRules.from_settings(window.counter.settings)
    detector = ScanDetector(rules, clock, window, is_card)
    app.installEventFilter(detector)
    detector.scanned.connect(window.till.handle_scan)
    detector.scanned_into.connect(type_scan)  # a card field, a search for the card's owner
    return detector


def answer_till(window: MainWindow, request: TillRequest) -> None:
    """Answer one request from the till's socket; it can only select, never change data."""
    window.bring_to_front()
    if request.action != "show":
        request.reply({"ok": True})
        return
    if window.staff_actions.locked:  # nothing about anyone leaves a locked window
        request.reply({"ok": False, "error": "Greeter is locked: someone must unlock it first."})
        return
    counter = window.counter
    if counter.holds_no_shop():  # not "no customer has the card", as if the shop were empty
        request.reply({"ok": False, "error": counter.store.problem})
        return
    result = select_customer(counter.store, counter.settings, **request.select_kwargs())  # type: ignore[arg-type]
    answer = reply_for(result, counter.customer_name)
    if window.till.show_selected(result):
        answer["pending"] = "shown once the open dialog is closed"
    request.reply(answer)


def settle_in(app: QApplication, window: MainWindow, backup: bool) -> None:
    """What can wait until the window is on screen: the scanner's watch on every key, then
    the shop's background work, started again for the shop a restore brings back, and what
    the command line changes meanwhile taken up."""
    detector = install_scanner(app, window)
    look_after_shop(window, backup)
    window.restored.connect(lambda: look_after_shop(window, backup))
    follow_outside_changes(window, detector)


def follow_outside_changes(window: MainWindow, detector: ScanDetector) -> OutsideChanges:
    """Settings and staff changed with `greeter settings` or `greeter staff` (or by another
    Greeter) while the window is open count at once, the scanner and watched folder too."""
    changes = OutsideChanges(window)
    changes.settings_changed.connect(
        lambda settings: detector.set_rules(ScanRules.from_settings(settings))
    )
    changes.settings_changed.connect(lambda _settings: watch_till_folder(window))
    return changes


def look_after_shop(window: MainWindow, backup: bool) -> None:
    """The till's watched folder, and on worker threads the day's VIP line and backup (none
    for a file opened read-only, until a backup restored over it makes it a shop again)."""
    watch_till_folder(window)
    counter = window.counter
    window.vip.warm(counter.today(), counter.settings.vip_top_percent)
    store = counter.store
    if backup and not store.read_only:
        daily = DailyBackup(store.path, window)
        daily.finished.connect(lambda problem: problem and window.banner.say(problem))
        daily.start()


def forward_to_running(path: Path) -> int:
    """Another window already has this database: bring it forward instead of opening twice."""
    from greeter.cli import UserError

    try:
        answer = forward(path, {"action": "raise"})
    except InstanceError as error:
        raise UserError(
            f"Greeter is already open for {path} but does not answer: {error}"
        ) from None
    if answer.get("ok"):
        print("Greeter is already open; brought it to the front.")
    else:  # it holds the lock and listens, but its window is still being built
        print("Greeter is already starting; its window will appear shortly.")
    return 0


class SignalStop:
    """Ctrl+C, a polite kill (logout, shutdown) or the terminal it was started from closed
    (SIGHUP, unless `nohup` ignores it) closes the window properly, so the lock and the socket
    are released and a demo's copy removed. One that comes before the window runs (during an
    upgrade of the file, which is left to finish whole) stops Greeter before the window opens."""

    def __init__(self, app: QApplication) -> None:
        self.requested = False
        self._app = app
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, self._stop)
        hang_up = getattr(signal, "SIGHUP", None)  # not on Windows
        if hang_up is not None and signal.getsignal(hang_up) is not signal.SIG_IGN:
            signal.signal(hang_up, self._stop)
        self._ticker = QTimer(app)  # Python runs signal handlers only between Qt's callbacks
        self._ticker.timeout.connect(lambda: None)
        self._ticker.start(250)

    def _stop(self, *_: object) -> None:
        self.requested = True
        self._app.quit()

    def exec(self) -> int:
        """`app.exec()`, quitting at once if asked to before it ran (Qt's quit() does
        nothing until the event loop runs)."""
        QTimer.singleShot(0, self._app, lambda: self.requested and self._app.quit())
        return self._app.exec()


def run_window(db: str | None = None, demo: bool = False) -> int:
    path = demo_database() if demo else database_path(db)
    instance = SingleInstance(path)
    try:
        primary = instance.acquire()
    except InstanceError as error:
        from greeter.cli import UserError

        raise UserError(str(error)) from None
    if not primary:
        return forward_to_running(path)
    try:
        app = application()
        stop = SignalStop(app)
        if not instance.listen():  # early: the till and a second greeter wait, not give up
            print(
                f"greeter: the till cannot reach this window ({instance.listen_error}).",
                file=sys.stderr,
            )
        if pending_upgrade(path):  # an older shop's file: the notice loads only then
            from greeter.ui.upgrade_notice import upgrade_with_notice

            upgrade_with_notice(path)
            if stop.requested:
                return 0
        store = Store(path)
        window = build_window(store, for_this_shop=hints_for(path, demo=demo))
        instance.request_received.connect(lambda request: answer_till(window, request))
        window.restore_geometry()
        window.show()
        window.search.setFocus()
        NextFrame(window, lambda: settle_in(app, window, backup=not demo))
        code = stop.exec()
        QThreadPool.globalInstance().waitForDone()  # a backup or import in flight finishes whole
        window.shown.write(wait=True)
        store.close()
        return code
    finally:
        instance.release()
