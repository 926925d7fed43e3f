"""The counter window: one search box on top, and below it the idle screen, candidates or card."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from greeter.core.models import SearchHit, Staff
from greeter.counter import Counter
from greeter.recognise import Recognition
from greeter.store.database import wait_for_the_lock_with
from greeter.store.errors import MergedAway, NotFound
from greeter.ui.banner import Banner
from greeter.ui.candidates import CandidateList
from greeter.ui.card_actions import CardActions
from greeter.ui.card_view import CardView
from greeter.ui.customer_actions import CustomerActions
from greeter.ui.hidden_mode import HiddenMode
from greeter.ui.idle_panel import IdlePanel
from greeter.ui.idle_watch import IdleWatch
from greeter.ui.import_actions import ImportActions
from greeter.ui.lock_wait import wait_in_window
from greeter.ui.privacy_panel import PrivacyPanel
from greeter.ui.screen_fit import room_on_screen
from greeter.ui.search_box import PLACEHOLDER
from greeter.ui.search_flow import ADD_THEM as ADD_THEM  # named here by the tests
from greeter.ui.search_flow import SearchFlow
from greeter.ui.shown_records import ShownRecords
from greeter.ui.staff_actions import StaffActions
from greeter.ui.status_line import StatusLine
from greeter.ui.theme import plain_label
from greeter.ui.till_requests import TillRequests
from greeter.ui.top_bar import TopBar
from greeter.ui.vip_refresh import VipRefresh

ON_DUTY_KEY = "window/on_duty"
ON_TOP_KEY = "window/always_on_top"
GEOMETRY_KEY = "window/geometry"
SMALLEST = QSize(430, 480)  # the narrowest a card fits in without cutting text off
FIRST_SIZE = QSize(1180, 760)
# Over a file that holds no shop (see Counter.holds_no_shop), instead of searching nothing.
NO_SHOP_PLACEHOLDER = "No shop to search in this file"
# The banner above says why the file can only be read and what to do about it.
READ_ONLY = "The shop's file can only be read, so nothing can be added or changed: see above."
# The customer on screen, or chosen from a list drawn before, is gone from the shop's file.
ERASED_ELSEWHERE = "That customer was erased on another counter or from the command line."
MERGED_ELSEWHERE = (
    "That customer's record was merged into this one on another counter or from the command line."
)


class MainWindow(QMainWindow):
    customer_recognised = Signal(int)
    restored = Signal()  # a backup now holds the shop: its background work starts afresh

    def __init__(
        self,
        counter: Counter,
        prefs: QSettings,
        for_this_shop: Callable[[str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.counter = counter
        self.prefs = prefs
        # Writes the commands a hint offers to paste (`greeter staff pin NAME`) to act on
        # this window's shop: see greeter.app.hints_for. Without one (str) they stay as they are.
        self.for_this_shop: Callable[[str], str] = for_this_shop or str
        self.current_customer: int | None = None
        self._follows_screen = False
        self._build_ui()
        self._connect_signals()
        self._load_staff()
        self.on_top.setChecked(prefs.value(ON_TOP_KEY, False, type=bool))
        self.show_health()
        self.show_idle()

    # -- building --

    def _build_ui(self) -> None:
        self.setWindowTitle(f"Greeter — {self.counter.settings.shop_name}")
        self.fit_screen()
        self.resize(FIRST_SIZE.boundedTo(room_on_screen(self)))
        central = QWidget()
        central.setObjectName("page")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self.top = TopBar()
        layout.addWidget(self.top)
        top = self.top  # the controllers reach these pieces through the window
        self.search, self.on_duty, self.on_duty_label = top.search, top.on_duty, top.on_duty_label
        self.on_top, self.hide_button, self.more_button = top.on_top, top.hide_button, top.more
        self.more_menu, self.mode_note = top.more_menu, top.mode_note

        self.banner = Banner(self.for_this_shop)
        layout.addWidget(self.banner)
        self.status = StatusLine(central, self.for_this_shop)
        layout.addWidget(self.status.room)

        self.pages = QStackedWidget()
        self.idle = IdlePanel()
        self.candidates = CandidateList()
        candidates_page = QWidget()
        candidates_page.setObjectName("page")
        wrap = QVBoxLayout(candidates_page)
        wrap.setContentsMargins(20, 8, 20, 20)
        wrap.addWidget(self.candidates)
        self.nobody = plain_label("", "idleHint", wrap=True)  # the empty list's place
        self.nobody.setContentsMargins(6, 0, 6, 0)  # in line with the status line's text
        self.nobody.hide()
        wrap.addWidget(self.nobody, 0, Qt.AlignmentFlag.AlignTop)
        self.card = CardView()
        self.shown = ShownRecords(self.card.viewport(), lambda: self.counter.store)
        self.vip = VipRefresh(lambda: self.counter.store, self)
        self.vip.attach()
        self.privacy_panel = PrivacyPanel()
        for page in (self.idle, candidates_page, self.card, self.privacy_panel):
            self.pages.addWidget(page)
        self._candidates_page = candidates_page
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.shortcut_escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.shortcut_find = QShortcut(QKeySequence("Ctrl+F"), self)
        self.shortcut_day = QShortcut(QKeySequence(Qt.Key.Key_F2), self)
        settings = self.counter.settings
        self.hidden_mode = HiddenMode(self)  # Ctrl+H, F12 and the Hide button
        self.search_flow = SearchFlow(self, candidates_page)  # typing, Enter, Up and Down
        self.card_actions = CardActions(self)
        self.customer_actions = CustomerActions(self)
        self.till = TillRequests(self)
        self.idle_watch = IdleWatch(
            settings.idle_hide_seconds * 1000, settings.idle_lock_minutes * 60_000, self
        )
        self.staff_actions = StaffActions(self)  # on duty with a PIN, the lock, owner-only
        self.imports = ImportActions(self)  # Ctrl+I, and the till's watched folder

    def _connect_signals(self) -> None:
        self.idle.day_list.chosen.connect(self.show_customer)
        self.card.facts.link_chosen.connect(self.card_actions.open_linked)
        self.candidates.chosen.connect(self.show_customer)
        self.idle.demo_requested.connect(self._on_idle_demo_requested)
        self.banner.action_requested.connect(self.restore_backup)
        self.on_top.toggled.connect(self._on_on_top_toggled)
        self.on_duty.currentIndexChanged.connect(self._on_on_duty_changed)
        self.staff_actions.lock_changed.connect(self._on_staff_actions_lock_changed)
        self.shortcut_escape.activated.connect(self.show_idle)
        self.shortcut_find.activated.connect(self._on_find_activated)
        self.shortcut_day.activated.connect(self.show_idle)
        self.idle_watch.hide_due.connect(self._on_idle_watch_hide_due)
        self.idle_watch.lock_due.connect(self._on_idle_watch_lock_due)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.hidden_mode)  # Ctrl+H, F12 over a dialog too
            app.installEventFilter(self.idle_watch)  # installed last, so it sees them first
        self.idle_watch.restart()

    def _load_staff(self) -> None:
        wanted = self.prefs.value(ON_DUTY_KEY, "", type=str)
        self.on_duty.blockSignals(True)
        self.on_duty.clear()
        for member in self.counter.staff():
            self.on_duty.addItem(member.name, member)
        index = self.on_duty.findText(wanted)  # whoever was chosen here last, if still on staff
        self.on_duty.setCurrentIndex(index if index >= 0 else self.staff_actions.owner_row())
        self.on_duty.blockSignals(False)
        self.staff_actions.sync_on_duty()

    # -- what staff do --

    def show_idle(self) -> None:
        self.shown.write()  # the day's list shows who was just greeted
        self.current_customer = None
        self.card.clear()
        self.search.reset()
        if self.hidden_mode.put_away():  # Escape or F2 while hidden: the card put away unseen
            return
        self.search.set_hidden(False)  # a lock may have ended Hide
        self.status.new_page()
        self.fill_idle()
        self.pages.setCurrentWidget(self.idle)

    def fill_idle(self) -> None:
        """Draw the idle screen from the file: the day's list, or why there is none."""
        if self.counter.holds_no_shop():
            self.idle.show_no_shop(self.counter.store.path.name)
        elif self.counter.is_empty() and not self.counter.store.read_only:
            self.idle.show_first_run()  # its demo shop cannot be loaded into a read-only file
        else:
            self.idle.show_waiting(
                self.counter.settings.shop_name, dt.datetime.now(), self.counter.day_list()
            )

    def show_customer(self, customer_id: int, *, looked_up: bool = False) -> None:
        """Show the customer's card: as greeting them ("Greeted today"), unless it was only
        `looked_up` (a linked customer's card) or is the card on screen drawn again."""
        if self.staff_actions.locked:  # a scan or the till must not reveal anyone
            self.status.setText("Unlock first.")
            self.search.clear()
            return
        if self.hidden_mode.closing_dialogs:  # F3 or F4 put away by Hide or idle: unseen
            return
        try:
            card = self.counter.card(customer_id)
        except NotFound as missing:  # a list drawn before they were erased or merged away
            self.customer_gone(missing)
            return
        self.hidden_mode.end()
        someone_else = customer_id != self.current_customer
        if not looked_up and someone_else:
            by = self.on_duty_staff()
            self.shown.add(lambda when: self.counter.greeted(customer_id, by, when))
        self.current_customer = customer_id
        self.pages.setCurrentWidget(self.card)  # first: a hidden card keeps an old width
        self.card.set_card(card, self.counter.today(), self.counter.money)
        if someone_else:
            self.status.new_page()
        else:  # the card on screen drawn again (a note saved): it stays where staff read it
            self.status.setText("")
        # Selected, so the next scan or name replaces it; and with no undo history, so
        # Ctrl+Z never brings back what was typed for an earlier customer.
        self.search.forget_typing()
        self.search.setFocus()
        self.customer_recognised.emit(customer_id)

    def customer_gone(self, missing: NotFound) -> None:
        """The customer asked for, or on screen, is no longer in the shop's file (see
        greeter.ui.outside_changes): erased, their card goes, naming nobody; merged into
        another record, that record's card shows, as a look-up (no second greeting)."""
        if isinstance(missing, MergedAway):
            self.show_customer(missing.kept_id, looked_up=True)
            self.status.setText(MERGED_ELSEWHERE)
        else:
            self.show_idle()
            self.status.setText(ERASED_ELSEWHERE)

    def set_private(self, private: bool) -> None:
        """Hide all personal data, or show it again: see greeter.ui.hidden_mode."""
        self.hidden_mode.set_private(private)

    def say_if_hidden(self) -> bool:
        """True while personal data is hidden, the status line then saying how to show it."""
        return self.hidden_mode.say_if_hidden()

    def say_if_read_only(self) -> bool:
        """True when the shop's file can only be read, the status line then saying so: for
        keys that open a dialog to change something, before anything is typed into it."""
        if self.counter.store.read_only:
            self.status.setText(READ_ONLY)
        return self.counter.store.read_only

    def find(self, text: str) -> None:
        """Put `text` in the search box and look it up, as typing it and Enter would."""
        self.search_flow.find(text)

    def look_up(self, text: str) -> Recognition:
        """Recognise `text` afresh and show the result: a card, candidates or why not."""
        return self.search_flow.look_up(text)

    def show_candidates(self, hits: Sequence[SearchHit], message: str = "") -> None:
        """List `hits` to choose from (the till asking by name), `message` said above them."""
        self.search_flow.show_candidates(hits, message)

    def on_duty_staff(self) -> Staff | None:
        member = self.on_duty.currentData()
        return member if isinstance(member, Staff) else None

    def show_health(self) -> None:
        """Say what is wrong with the shop's file, or worth knowing about where it lives."""
        store = self.counter.store
        no_shop = self.counter.holds_no_shop()
        self.search.setPlaceholderText(NO_SHOP_PLACEHOLDER if no_shop else PLACEHOLDER)
        if store.read_only:
            problem = store.problem or "The shop's file can only be read."
            # A backup puts right a damaged file or one with no shop in it. Over a newer
            # Greeter's file it would throw away what was added since; over a file that
            # cannot be written it would not help: the banner says what does.
            restore = store.damaged or no_shop
            self.banner.say(problem, severe=True, action="Restore a backup…" if restore else "")
        else:
            # A setting the file holds that breaks its rule: the default used, how to fix it.
            bad_settings = store.settings.problems(thorough=False).values()
            self.banner.say(" ".join([*store.warnings, *bad_settings]))

    def restore_backup(self) -> None:
        """Bring back a backup the owner chooses (see greeter.ui.restoring), then show the
        shop it holds: its name, staff, health and day."""
        from greeter.ui.restoring import restore_chosen  # loaded when first restoring

        said = restore_chosen(self)
        if said is None:
            return  # nothing chosen, or nobody allowed
        self.setWindowTitle(f"Greeter — {self.counter.settings.shop_name}")
        self._load_staff()
        self.show_health()
        self.show_idle()
        self.status.setText(said)
        if said:
            self.restored.emit()

    def bring_to_front(self) -> None:
        """The till (or a second `greeter`) wants this window seen."""
        state = self.windowState() & ~Qt.WindowState.WindowMinimized
        self.setWindowState(state | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()

    # -- slots --

    def _on_idle_watch_hide_due(self) -> None:
        at_work = self.hidden_mode.put_dialogs_away()  # F3's notes, a note: as Esc would
        if self.pages.currentWidget() is not self.privacy_panel and (
            self.current_customer is not None or self.search.text()
        ):
            self.show_idle()
        if at_work and not self.hidden_mode.on:  # an import carries on, covered: Ctrl+H
            self.set_private(True)  # shows it again, with the screen

    def _on_idle_watch_lock_due(self) -> None:
        self.hidden_mode.put_dialogs_away()  # without PINs, the lock only puts the card away
        self.staff_actions.lock_when_idle()

    def _on_idle_demo_requested(self) -> None:
        self.counter.load_demo()
        self.setWindowTitle(f"Greeter — {self.counter.settings.shop_name}")
        self._load_staff()
        self.show_idle()

    def _on_on_top_toggled(self, on: bool) -> None:
        self.prefs.setValue(ON_TOP_KEY, on)
        if bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint) != on:
            was_visible = self.isVisible()
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
            if was_visible:  # changing window flags hides the window
                self.show()

    def _on_on_duty_changed(self, index: int) -> None:
        if self.staff_actions.go_on_duty(index):  # their PIN first, once PINs are on
            self.prefs.setValue(ON_DUTY_KEY, self.on_duty.currentText())

    def _on_staff_actions_lock_changed(self, locked: bool) -> None:
        if not locked:  # whoever unlocked is on duty, even if the list showed them already
            self.prefs.setValue(ON_DUTY_KEY, self.on_duty.currentText())

    def _on_window_screen_changed(self) -> None:
        self.fit_screen()

    def _on_find_activated(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def fit_screen(self) -> None:
        """Never a minimum size larger than the screen has room for (a small screen at 200 %
        is 640×400): the window would run off it. The card scrolls, and the top bar rearranges
        itself for a narrow window."""
        self.setMinimumSize(SMALLEST.boundedTo(room_on_screen(self)))

    def restore_geometry(self) -> None:
        geometry = self.prefs.value(GEOMETRY_KEY, QByteArray(), type=QByteArray)
        if geometry:
            self.restoreGeometry(geometry)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        # While the window is up, a save that finds an import writing waits without freezing.
        wait_for_the_lock_with(functools.partial(wait_in_window, over=self))
        self.fit_screen()  # the screen it opens on, which may not be the one it was made on
        handle = self.windowHandle()
        if handle is not None and not self._follows_screen:  # moved to another screen
            handle.screenChanged.connect(self._on_window_screen_changed)
            self._follows_screen = True
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        wait_for_the_lock_with(None)
        self.idle_watch.stop()
        self.search.reset()  # no search left to run once the shop's file is closed
        self.prefs.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)
