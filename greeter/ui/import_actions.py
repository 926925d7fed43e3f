"""Importing from the till: Ctrl+I opens the Import window (managers and owners), and the
watched folder imports by itself whatever the till drops there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from greeter.core.models import Staff
from greeter.core.permissions import Action, allowed, refusal
from greeter.store.private_files import private_folder
from greeter.ui.import_worker import ImportJob, JobOutcome, one_thread_pool

if TYPE_CHECKING:
    from greeter.till.watch import Dropped, FolderWatch
    from greeter.ui.main_window import MainWindow

IMPORT_FOLDER_KEY = "import/folder"
POLL_MS = 5000  # the folder is looked at this often, besides when it changes
SETTLE_SECONDS = 2.0  # a file must keep its size this long before it is imported
GOOD_NEWS_MS = 60_000  # a banner saying all went well goes away after this
STOP_WAIT_SECONDS = 30.0


class ImportActions(QObject):
    """Ctrl+I: the Import window. `watch(folder)`: import the till's files dropped there."""

    imported = Signal(object)  # the ImportResult of the Import window
    folder_handled = Signal(object)  # list[Dropped]: what the watched folder did

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.folder: FolderWatch | None = None
        self._job: ImportJob | None = None
        self._taken: list[Path] = []
        self._dialog_open = False
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        window = self._window
        self.import_action = QAction("Import from the till…", window)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        window.addAction(self.import_action)  # the lock switches it off with the others
        window.more_menu.addAction(self.import_action)
        self.watcher = QFileSystemWatcher(self)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.soon = QTimer(self)  # a second look once a new file has had time to settle
        self.soon.setSingleShot(True)
        self.soon.setInterval(int(SETTLE_SECONDS * 1000) + 300)
        self.good_news = QTimer(self)
        self.good_news.setSingleShot(True)
        self.good_news.setInterval(GOOD_NEWS_MS)
        self.pool = one_thread_pool(self)

    def _connect_signals(self) -> None:
        self.import_action.triggered.connect(self.open_import)
        self.watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self.poll.timeout.connect(self.scan)
        self.soon.timeout.connect(self.scan)
        self.good_news.timeout.connect(self._window.show_health)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_watching)

    # -- the Import window --

    def _who(self) -> Staff | None:
        """The person on duty if they may import now; otherwise the status line says why."""
        window = self._window
        if window.staff_actions.locked:
            window.status.setText("Unlock first.")
            return None
        if window.say_if_hidden():
            return None  # no window full of customers
        staff = window.on_duty_staff()
        if staff is None:
            window.status.setText("Choose who is on duty first.")
            return None
        if not allowed(staff.role, Action.IMPORT):
            window.status.setText(refusal(staff.name, staff.role, Action.IMPORT, in_window=True))
            return None
        if window.say_if_read_only():
            return None
        return staff

    def open_import(self) -> None:
        """Choose a file, then check and import it in the Import window."""
        staff = self._who()
        if staff is None:
            return
        # The importer and its window load when first used: the window starts sooner.
        from greeter.till.watch_words import sentence
        from greeter.ui.import_dialog import ImportDialog

        window = self._window
        start = Path(str(window.prefs.value(IMPORT_FOLDER_KEY, str(Path.home()), type=str)))
        path = ImportDialog.choose_file(window, start)
        if path is None:
            window.search.setFocus()
            return
        window.prefs.setValue(IMPORT_FOLDER_KEY, str(path.parent))
        self._dialog_open = True  # the watched folder waits: one import at a time
        try:
            result = ImportDialog.ask(window, window.counter.store, staff, path)
        finally:
            self._dialog_open = False
        if result is None or window.staff_actions.locked:  # locked meanwhile: show nothing
            window.search.setFocus()
            return
        if window.current_customer is not None and window.pages.currentWidget() is window.card:
            window.show_customer(window.current_customer)
        else:
            window.show_idle()
        window.status.setText(sentence(path.name, result))
        self.imported.emit(result)

    # -- the watched folder --

    def watch(self, folder: Path) -> bool:
        """Import each CSV file the till drops in `folder` (made if missing, owner-only: the
        till's exports hold customers' details). False, with a banner saying why, if the
        folder cannot be used."""
        from greeter.till.watch import FolderWatch

        self.stop_watching()
        try:
            private_folder(folder)  # one the shop made is left as it is
        except OSError as error:
            self._window.banner.say(
                f"Greeter cannot watch the folder {folder} for the till's files: "
                f"{error.strerror or error}. Check the watch_folder setting.",
                severe=True,
            )
            return False
        self.folder = FolderWatch(folder, settle_seconds=SETTLE_SECONDS)
        self.watcher.addPath(str(folder))
        self.poll.start()
        self.scan()
        return True

    def stop_watching(self) -> None:
        """Stop looking at the folder; an import under way is stopped (nothing written)."""
        self.poll.stop()
        self.soon.stop()
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        if self._job is not None:
            self._job.cancel()
            self._job.wait(STOP_WAIT_SECONDS)
            self._job = None
        self.folder = None

    def scan(self) -> None:
        """Look at the folder; import the files that stopped changing, in the worker."""
        folder = self.folder
        if folder is None or self._job is not None or self._dialog_open:
            return
        if self._window.counter.store.read_only:
            return
        ready = folder.scan()
        if not ready:
            return
        from greeter.till.watch import import_all

        self._taken = ready
        self._job = ImportJob(
            self._window.counter.store.path,
            lambda store, progress: import_all(store, ready, progress),
            None,
            self,
        )
        self._job.finished.connect(self._on_job_finished)
        self._job.start(self.pool)

    def _announce(self, dropped: list[Dropped]) -> None:
        window = self._window
        if not dropped:
            return
        trouble = any(not d.ok for d in dropped)
        window.banner.say("\n".join(d.message for d in dropped), severe=trouble)
        if trouble:
            self.good_news.stop()  # stays until the next file, or the next start
        else:
            self.good_news.start()
        fresh = any(d.ok and not d.already_imported for d in dropped)
        if fresh and window.pages.currentWidget() is window.idle and not window.search.text():
            window.show_idle()  # the day's list may have changed; nobody is being served

    # -- slots --

    def _on_watcher_directory_changed(self, _path: str) -> None:
        self.scan()
        self.soon.start()

    def _on_job_finished(self, outcome: JobOutcome) -> None:
        if self.sender() is not self._job:
            return  # stopped by stop_watching
        self._job = None
        dropped = outcome.value if isinstance(outcome.value, list) else []
        if self.folder is not None:
            self.folder.release_all(self._taken, dropped)
        self._taken = []
        if not outcome.ok:
            self._window.banner.say(f"The watched folder: {outcome.problem}", severe=True)
            return
        self._announce(dropped)
        self.folder_handled.emit(dropped)
