"""The search box at work: typing lists candidates, Enter and the arrow keys choose, and
whatever was asked for shows as a card, a list of candidates or why nobody was found; over a
card, the paging keys scroll it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSlider, QWidget

from greeter.core.identify import QueryKind, read_query
from greeter.core.models import SearchHit
from greeter.recognise import Recognition

if TYPE_CHECKING:
    from greeter.ui.main_window import MainWindow

NO_SHOP_SEARCH = "There is nobody to look up: this file holds no shop."
# After "Nobody found…": Ctrl+Shift+N starts a new customer from what the search box holds.
ADD_THEM = "Ctrl+Shift+N adds them as a new customer, starting from what you typed."
ADD_BY_NAME = (
    "Not a customer yet? Ctrl+Shift+N adds “{}” as a new customer. Or try their phone "
    "number, email or card."
)
TRY_ANOTHER_WAY = "Try their phone number, email or card instead."  # nothing can be added
# Keys in the search box that scroll the card on screen (there is no list to move in), the
# focus staying in the box for the next scan: a line, a screenful, or to its top or end.
_Scroll = QAbstractSlider.SliderAction
_NONE, _CTRL = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier
CARD_KEYS: dict[tuple[int, Qt.KeyboardModifier], QAbstractSlider.SliderAction] = {
    (Qt.Key.Key_Up, _NONE): _Scroll.SliderSingleStepSub,
    (Qt.Key.Key_Down, _NONE): _Scroll.SliderSingleStepAdd,
    (Qt.Key.Key_PageUp, _NONE): _Scroll.SliderPageStepSub,
    (Qt.Key.Key_PageDown, _NONE): _Scroll.SliderPageStepAdd,
    (Qt.Key.Key_Home, _CTRL): _Scroll.SliderToMinimum,
    (Qt.Key.Key_End, _CTRL): _Scroll.SliderToMaximum,
}


class SearchFlow(QObject):
    """What the window's search box does: a name lists candidates as it is typed, Enter looks
    up what the box holds (or opens the row chosen in a list made for that very text), and
    Up/Down move in the list on screen, or scroll the card (see CARD_KEYS). `candidates_page`
    is the window's page holding its candidate list and the line said in the empty list's
    place."""

    def __init__(self, window: MainWindow, candidates_page: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._page = candidates_page
        self._listed_for = ""  # the search box's text when the candidate list was shown
        self._connect_signals()

    def _connect_signals(self) -> None:
        search = self._window.search
        search.text_settled.connect(self._on_search_text_settled)
        search.submitted.connect(self._on_search_submitted)
        search.move_requested.connect(self._on_search_move_requested)
        search.installEventFilter(self)  # over a card, before the box takes them: CARD_KEYS

    def find(self, text: str) -> None:
        """Put `text` in the search box and look it up, as typing it and Enter would."""
        self._window.search.setText(text)
        self.look_up(text)

    def look_up(self, text: str) -> Recognition:
        """Recognise `text` afresh and show the result: a card, candidates or why not."""
        window = self._window
        if window.counter.holds_no_shop():  # not "no customer has…", as if the shop were empty
            window.status.setText(NO_SHOP_SEARCH)
            return Recognition(message=NO_SHOP_SEARCH)
        result = window.counter.recognise(text)
        if result.customer_id is not None:
            window.show_customer(result.customer_id)
        elif len(result.candidates) == 1:
            window.show_customer(result.candidates[0].customer_id)
        elif result.candidates:
            self.show_candidates(result.candidates, result.message)
        else:
            self._nobody_found(text, result.message)
        return result

    def show_candidates(self, hits: Sequence[SearchHit], message: str = "") -> None:
        window = self._window
        if window.staff_actions.locked:  # the till asking by name must not list anyone
            window.status.setText("Unlock first.")
            return
        window.hidden_mode.end()
        window.current_customer = None  # the list takes the card's place: keys act on nobody
        window.candidates.show_hits(hits, window.counter.today())
        self._listed_for = window.search.text()
        window.candidates.setVisible(bool(hits))
        window.nobody.setVisible(not hits)
        window.pages.setCurrentWidget(self._page)
        said = message or "↑ ↓ to choose, Enter to open."
        if window.status.text() != said:  # not said (nor announced) again at each keystroke
            window.status.new_page()
            window.status.setText(said)
        window.search.setFocus()

    def _nobody_found(self, text: str, message: str) -> None:
        """Nobody is `text`: the card or list on screen is not whom staff asked for, so it
        goes, `text` kept to correct it or add them from; and say how to add them."""
        window = self._window
        asked_for_someone = bool(text.strip())  # an empty Enter over a card leaves it be
        on_screen = window.current_customer is not None or (
            window.pages.currentWidget() is self._page
        )
        if asked_for_someone and on_screen:
            window.show_idle()
            window.search.setText(text)
        adding = not (window.counter.store.read_only or window.hidden_mode.on)
        window.status.setText(f"{message} {ADD_THEM}" if adding else message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        window = self._window
        if event.type() != QEvent.Type.KeyPress or window.pages.currentWidget() is not window.card:
            return False
        assert isinstance(event, QKeyEvent)
        held = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        scroll = CARD_KEYS.get((event.key(), held))
        if scroll is None:
            return False
        window.card.verticalScrollBar().triggerAction(scroll)
        return True

    # -- slots --

    def _on_search_text_settled(self, text: str) -> None:
        window = self._window
        if window.hidden_mode.keep_typed(text):  # for when the screen is shown
            return
        query = read_query(text, window.counter.settings.region)
        if query.kind is QueryKind.EMPTY:
            if window.current_customer is None:
                window.show_idle()
            return
        if window.counter.holds_no_shop():
            window.status.setText(NO_SHOP_SEARCH)
            return
        if query.kind is not QueryKind.NAME:
            window.status.setText("Press Enter to look up this card, phone or email.")
            return
        hits = window.counter.search_names(list(query.words))
        if not hits:
            read_only = window.counter.store.read_only
            window.nobody.setText(TRY_ANOTHER_WAY if read_only else ADD_BY_NAME.format(query.text))
        self.show_candidates(hits, "" if hits else f"Nobody found for “{query.text}”.")

    def _on_search_move_requested(self, steps: int) -> None:
        window = self._window
        if window.pages.currentWidget() is window.idle and not window.search.text():
            window.idle.day_list.step(steps)
        else:
            window.candidates.step(steps)

    def _on_search_submitted(self, text: str) -> None:
        window = self._window
        if window.hidden_mode.keep_submitted(text):  # looked up once the screen is shown
            return
        if window.pages.currentWidget() is window.idle and not text.strip():
            from_day_list = window.idle.day_list.current_customer()
            if from_day_list is not None:
                window.show_customer(from_day_list)
            return
        # Only from a list made for this very text: Enter before its search ran (fast typing, a
        # scanner), or on a number typed over a list of names, looks the text up afresh.
        showing_list = window.pages.currentWidget() is self._page
        chosen = window.candidates.current_customer() if showing_list else None
        if chosen is not None and self._listed_for == text:
            window.show_customer(chosen)
            return
        self.look_up(text)
