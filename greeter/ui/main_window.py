"""The counter window: one search box on top, and below it the idle screen, candidates or card."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from greeter.core.identify import QueryKind, read_query
from greeter.core.models import Staff
from greeter.counter import Counter
from greeter.store.errors import StoreError
from greeter.ui.candidates import CandidateList
from greeter.ui.card_view import CardView
from greeter.ui.idle_panel import IdlePanel
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.search_box import SearchBox
from greeter.ui.theme import plain_label


class StatusLine(QLabel):
    """One line of guidance under the search box; takes no room when there is nothing to say."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("status")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setContentsMargins(20, 4, 20, 0)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        self.setVisible(bool(text))


NARROW_TOP_BAR = 700
ON_DUTY_KEY = "window/on_duty"
ON_TOP_KEY = "window/always_on_top"
GEOMETRY_KEY = "window/geometry"


class MainWindow(QMainWindow):
    customer_recognised = Signal(int)
    note_saved = Signal(int)

    def __init__(self, counter: Counter, prefs: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.prefs = prefs
        self.current_customer: int | None = None
        self._narrow = False
        self._build_ui()
        self._connect_signals()
        self._load_staff()
        self.on_top.setChecked(prefs.value(ON_TOP_KEY, False, type=bool))
        self.show_idle()

    # -- building --

    def _build_ui(self) -> None:
        self.setWindowTitle(f"Greeter — {self.counter.settings.shop_name}")
        self.setMinimumSize(360, 480)
        self.resize(1180, 760)
        central = QWidget()
        central.setObjectName("page")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        top = QWidget()
        top.setObjectName("topBar")
        self.top_bar = QGridLayout(top)
        self.top_bar.setContentsMargins(14, 10, 14, 10)
        self.top_bar.setSpacing(10)
        self.search = SearchBox()
        self.on_duty_label = plain_label("On duty")
        self.on_duty = QComboBox()
        self.on_duty.setObjectName("onDuty")
        self.on_duty.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.on_top = QToolButton()
        self.on_top.setObjectName("topButton")
        self.on_top.setText("Keep on top")
        self.on_top.setCheckable(True)
        self.on_top.setToolTip("Keep Greeter above the till's window")
        self._arrange_top_bar(narrow=False)
        layout.addWidget(top)

        self.status = StatusLine()
        layout.addWidget(self.status)

        self.pages = QStackedWidget()
        self.idle = IdlePanel()
        self.candidates = CandidateList()
        candidates_page = QWidget()
        candidates_page.setObjectName("page")
        wrap = QVBoxLayout(candidates_page)
        wrap.setContentsMargins(20, 8, 20, 20)
        wrap.addWidget(self.candidates)
        self.card = CardView()
        for page in (self.idle, candidates_page, self.card):
            self.pages.addWidget(page)
        self._candidates_page = candidates_page
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.shortcut_escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.shortcut_find = QShortcut(QKeySequence("Ctrl+F"), self)
        self.shortcut_note = QShortcut(QKeySequence("Ctrl+N"), self)

    def _connect_signals(self) -> None:
        self.search.text_settled.connect(self._on_search_text_settled)
        self.search.submitted.connect(self._on_search_submitted)
        self.search.move_requested.connect(self.candidates.step)
        self.candidates.chosen.connect(self.show_customer)
        self.idle.demo_requested.connect(self._on_idle_demo_requested)
        self.on_top.toggled.connect(self._on_on_top_toggled)
        self.on_duty.currentIndexChanged.connect(self._on_on_duty_changed)
        self.shortcut_escape.activated.connect(self.show_idle)
        self.shortcut_find.activated.connect(self._on_find_activated)
        self.shortcut_note.activated.connect(self.add_note)

    def _load_staff(self) -> None:
        wanted = self.prefs.value(ON_DUTY_KEY, "", type=str)
        self.on_duty.blockSignals(True)
        self.on_duty.clear()
        for member in self.counter.staff():
            self.on_duty.addItem(member.name, member)
        index = self.on_duty.findText(wanted)
        self.on_duty.setCurrentIndex(max(index, 0))
        self.on_duty.blockSignals(False)

    def _arrange_top_bar(self, narrow: bool) -> None:
        """One row on a wide window; beside a till, the search box gets a row of its own."""
        for widget in (self.search, self.on_duty_label, self.on_duty, self.on_top):
            self.top_bar.removeWidget(widget)
        if narrow:
            self.top_bar.addWidget(self.search, 0, 0, 1, 3)
            row, first = 1, 0
        else:
            self.top_bar.addWidget(self.search, 0, 0)
            row, first = 0, 1
        for n, widget in enumerate((self.on_duty_label, self.on_duty, self.on_top)):
            self.top_bar.addWidget(widget, row, first + n)
        for column in range(4):
            self.top_bar.setColumnStretch(column, 0)
        self.top_bar.setColumnStretch(1 if narrow else 0, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        narrow = event.size().width() < NARROW_TOP_BAR
        if narrow != self._narrow:
            self._narrow = narrow
            self._arrange_top_bar(narrow)
        super().resizeEvent(event)

    # -- what staff do --

    def show_idle(self) -> None:
        self.current_customer = None
        self.search.reset()
        self.status.setText("")
        if self.counter.is_empty():
            self.idle.show_first_run()
        else:
            due = self.counter.follow_ups_due()
            names = {f.customer_id: self.counter.customer_name(f.customer_id) for f in due[:8]}
            self.idle.show_waiting(self.counter.settings.shop_name, dt.datetime.now(), due, names)
        self.pages.setCurrentWidget(self.idle)

    def show_customer(self, customer_id: int) -> None:
        card = self.counter.card(customer_id)
        self.current_customer = customer_id
        self.card.set_card(card, self.counter.today(), self.counter.money)
        self.pages.setCurrentWidget(self.card)
        self.status.setText("")
        self.search.selectAll()  # the next scan or name replaces this one
        self.search.setFocus()
        self.customer_recognised.emit(customer_id)

    def find(self, text: str) -> None:
        """Look up what was typed or scanned, as Enter in the search box does."""
        self.search.setText(text)
        self._on_search_submitted(text)

    def on_duty_staff(self) -> Staff | None:
        member = self.on_duty.currentData()
        return member if isinstance(member, Staff) else None

    def add_note(self) -> None:
        author = self.on_duty_staff()
        if self.current_customer is None:
            self.status.setText("Find a customer first, then press Ctrl+N to add a note.")
            return
        if author is None:
            self.status.setText("Choose who is on duty before adding a note.")
            return
        name = self.counter.customer_name(self.current_customer)
        draft = NoteDialog.ask(self, name, author.name)
        if draft is None:
            self.search.setFocus()
            return
        try:
            self.counter.add_note(self.current_customer, draft.text, author, pinned=draft.pinned)
        except StoreError as error:
            QMessageBox.warning(self, "Note not saved", str(error))
            return
        self.show_customer(self.current_customer)
        self.status.setText("Note saved.")
        self.note_saved.emit(self.current_customer)

    # -- slots --

    def _on_search_text_settled(self, text: str) -> None:
        query = read_query(text, self.counter.settings.region)
        if query.kind is QueryKind.EMPTY:
            if self.current_customer is None:
                self.show_idle()
            return
        if query.kind is not QueryKind.NAME:
            self.status.setText("Press Enter to look up this card, phone or email.")
            return
        hits = self.counter.search_names(list(query.words))
        self.candidates.show_hits(hits, self.counter.today())
        self.status.setText(
            f"Nobody found for “{query.text}”." if not hits else "↑ ↓ to choose, Enter to open."
        )
        self.pages.setCurrentWidget(self._candidates_page)

    def _on_search_submitted(self, text: str) -> None:
        showing_list = self.pages.currentWidget() is self._candidates_page
        chosen = self.candidates.current_customer() if showing_list else None
        if chosen is not None and self.search.text() == text:
            self.show_customer(chosen)
            return
        result = self.counter.recognise(text)
        if result.customer_id is not None:
            self.show_customer(result.customer_id)
        elif len(result.candidates) == 1:
            self.show_customer(result.candidates[0].customer_id)
        elif result.candidates:
            self.candidates.show_hits(result.candidates, self.counter.today())
            self.pages.setCurrentWidget(self._candidates_page)
            self.status.setText(result.message or "↑ ↓ to choose, Enter to open.")
        else:
            self.status.setText(result.message)

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

    def _on_on_duty_changed(self, _index: int) -> None:
        self.prefs.setValue(ON_DUTY_KEY, self.on_duty.currentText())

    def _on_find_activated(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def restore_geometry(self) -> None:
        geometry = self.prefs.value(GEOMETRY_KEY, QByteArray(), type=QByteArray)
        if geometry:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.prefs.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)
