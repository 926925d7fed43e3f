"""Taking up what the command line (or another Greeter) changes in the shop's file while the
window is open: settings and staff count without a restart, the card and the day's list on
screen are drawn afresh."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication

from greeter.core.settings import ShopSettings
from greeter.store.errors import NotFound

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow

LOOK_EVERY_MS = 1000


class OutsideChanges(QObject):
    """Once a second, looks whether the shop's file changed (`Counter.file_version`: a few
    microseconds, nothing read from disk). Look-ups, cards and the day's list read the
    settings afresh by themselves (`Counter.settings`); what keeps a copy is told here: the
    window's title, the idle timers, the day's VIP line and the idle screen, and through
    `settings_changed` the scanner and the watched folder. A staff member added, removed or
    given a PIN lists the staff again (`StaffActions.follow_staff`); notes put away unsaved
    about a customer erased or merged away are forgotten; the card or day's list on screen is
    drawn afresh (a note added on another counter shows; an erased customer's card goes, see
    `MainWindow.customer_gone`); a bad setting left in the file, or fixed, is said, or no
    longer said, on the banner. While a dialog is open, or a save waits for an import,
    nothing changes under it: the change is taken up after."""

    settings_changed = Signal(object)  # the ShopSettings now in the file

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._settings = window.counter.settings
        self._version = window.counter.file_version()
        self._bad_settings = self._bad_settings_now()
        self._timer = QTimer(self)
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self.look)
        self._timer.start()

    def look(self) -> None:
        if not self._window.isVisible():  # closed: its shop's file may be closed too
            return
        # Never from inside a wait (a dialog, a save waiting for an import, a restore).
        nested = QThread.currentThread().loopLevel() > 1
        if nested or QApplication.activeModalWidget() is not None:
            return
        counter = self._window.counter
        version = counter.file_version()
        settings = counter.settings
        if settings != self._settings:  # also after a restore or the demo shop, made here
            before, self._settings = self._settings, settings
            self._apply(before, settings)
            self.settings_changed.emit(settings)
        if version != self._version:
            self._version = version
            self._window.staff_actions.follow_staff()
            self._window.card_actions.forget_notes_of_the_gone()  # erased from the command line
            self._redraw()
            bad_settings = self._bad_settings_now()
            if bad_settings != self._bad_settings:  # one fixed, or a new one: the banner says
                self._bad_settings = bad_settings
                self._window.show_health()

    def _redraw(self) -> None:
        """Draw the card or the day's list on screen afresh, as staff left them: the search
        box as it was, the card where it was scrolled to, the same line of the list chosen.
        Nothing is written: a card drawn again is no new greeting, and no new view. Hidden or
        locked, neither is on screen: a card is drawn afresh when shown again."""
        window = self._window
        page = window.pages.currentWidget()
        if page is window.card and window.current_customer is not None:
            counter = window.counter
            try:
                card = counter.card(window.current_customer)
            except NotFound as missing:  # erased or merged away
                window.customer_gone(missing)
                return
            window.card.set_card(card, counter.today(), counter.money, keep_scroll=True)
        elif page is window.idle and not window.search.text():
            chosen = window.idle.day_list.current_customer()  # ↓ walking the list
            window.fill_idle()
            window.idle.day_list.choose(chosen)

    def _bad_settings_now(self) -> dict[str, str]:
        return self._window.counter.store.settings.problems(thorough=False)

    def _apply(self, before: ShopSettings, now: ShopSettings) -> None:
        window = self._window
        window.setWindowTitle(f"Greeter — {now.shop_name}")
        idle = (now.idle_hide_seconds, now.idle_lock_minutes)
        if idle != (before.idle_hide_seconds, before.idle_lock_minutes):
            window.idle_watch.set_intervals(idle[0] * 1000, idle[1] * 60_000)
        if now.vip_top_percent != before.vip_top_percent:  # on a worker, before a card needs it
            window.vip.warm(window.counter.today(), now.vip_top_percent)
        if window.pages.currentWidget() is window.idle and not window.search.text():
            window.show_idle()  # the shop's name and the day's list, by the new rules
