"""F4: a customer's preferences, tags, occasions and links, added, changed and removed by keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from greeter.core.links import SUGGESTED_LABELS
from greeter.core.models import Link, Occasion, Preference, Staff, Tag
from greeter.core.preferences import after_saving, before_saving, same_label, shown
from greeter.counter import Counter
from greeter.store.errors import StoreError
from greeter.ui.customer_picker import CustomerPicker
from greeter.ui.disposal import disposed
from greeter.ui.note_dialog import keys_line
from greeter.ui.screen_fit import ScrollingBody, fit_dialog
from greeter.ui.theme import plain_label

SECTIONS = ("Preferences", "Tags", "Occasions", "Links")
SIZE = (720, 560)  # no wider than the window it opens over, no taller than the screen
LIST_KEYS = "on the list: Delete removes"
# Wraps beside the till, a key never apart from its words.
KEYS_HELP = keys_line("Alt+1–4 switch section", "Shift+Tab to the list", "Esc closes")
_DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def occasion_text(occasion: Occasion) -> str:
    year = f"{occasion.year:04d}-" if occasion.year else ""
    return f"{occasion.label}   ·   {year}{occasion.month:02d}-{occasion.day:02d}"


def _field(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName("field")
    edit.setPlaceholderText(placeholder)
    return edit


def _list() -> QListWidget:
    entries = QListWidget()
    entries.setObjectName("factsList")
    entries.setTextElideMode(Qt.TextElideMode.ElideNone)
    # A long preference wraps (a narrow dialog beside the till) rather than scroll sideways.
    entries.setWordWrap(True)
    entries.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return entries


class FactsDialog(QDialog):
    def __init__(
        self, counter: Counter, customer_id: int, staff: Staff, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._counter = counter
        self._customer_id = customer_id
        self._staff = staff
        self._editing: Preference | None = None  # the one loaded into the form, if any
        self._held: tuple[Preference, ...] = ()  # the customer's preferences, as listed
        self.changed = False
        self._build_ui()
        self._connect_signals()
        self._reload()
        self.show_section(0)

    # -- building --

    def _build_ui(self) -> None:
        name = self._counter.customer_name(self._customer_id)
        self.setObjectName("factsDialog")
        self.setWindowTitle("Preferences, tags, occasions and links")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        # A long name wraps rather than widen the dialog past the window or the screen.
        layout.addWidget(plain_label(f"What we know about {name}", "dialogTitle", wrap=True))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("factsTabs")
        layout.addWidget(self.tabs, 1)

        self.preferences = _list()
        self.pref_label, self.pref_value = _field("e.g. Shoe size"), _field("e.g. 11")
        # Says which value a save replaces, while there is time to think again.
        self.pref_notice = plain_label("", "warning", wrap=True)
        self.pref_notice.hide()
        self._add_page(
            self.preferences,
            [("Label", self.pref_label), ("Value", self.pref_value)],
            "Enter saves · Esc stops changing one · on the list: Enter changes, Delete removes",
            self.pref_notice,
        )
        self.tags = _list()
        self.tag_name = _field("e.g. wholesale")
        self._add_page(self.tags, [("Tag", self.tag_name)], f"Enter adds · {LIST_KEYS}")
        self.occasions = _list()
        self.occasion_label = _field("e.g. Wedding anniversary")
        self.occasion_date = _field("MM-DD or YYYY-MM-DD")
        self._add_page(
            self.occasions,
            [("Occasion", self.occasion_label), ("Date", self.occasion_date)],
            f"Enter adds · {LIST_KEYS}",
        )
        self.links = _list()
        self.link_label = QComboBox()
        self.link_label.setObjectName("linkLabel")
        self.link_label.setEditable(True)
        self.link_label.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.link_label.addItems(SUGGESTED_LABELS)
        self.link_label.setCurrentText("")
        self.link_label.lineEdit().setPlaceholderText("e.g. buys for")
        self.link_who = CustomerPicker(
            self._counter.find_customers,
            self._counter.today,
            self._customer_id,
            "name, phone or card of the other customer",
        )
        self.link_hits = self.link_who.hits
        page = self._add_page(
            self.links,
            [("This customer is…", self.link_label), ("…of whom", self.link_who)],
            f"↑↓ choose who · Enter links · {LIST_KEYS}",
        )
        grid = page.findChild(QGridLayout)
        assert grid is not None
        grid.addWidget(self.link_hits, grid.rowCount(), 1)

        self.problem = plain_label("", "problem", wrap=True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.message = plain_label("", "status", wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(plain_label(KEYS_HELP, "guideline", wrap=True))
        self.section_keys = [
            QShortcut(QKeySequence(f"Alt+{n}"), self) for n in range(1, len(SECTIONS) + 1)
        ]
        fit_dialog(self, *SIZE)
        if self.width() < SIZE[0]:  # beside the till: the four names fit without the keys
            for n, section in enumerate(SECTIONS):
                self.tabs.setTabText(n, section)

    def _add_page(
        self,
        entries: QListWidget,
        fields: list[tuple[str, QWidget]],
        help_text: str,
        notice: QWidget | None = None,
    ) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(14, 12, 14, 10)
        column.setSpacing(10)
        column.addWidget(entries, 1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        for row, (text, field) in enumerate(fields):
            label = QLabel(text)
            label.setObjectName("fieldLabel")
            label.setBuddy(field)
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)
        if notice is not None:
            column.addWidget(notice)
        column.addWidget(plain_label(help_text, "guideline", wrap=True))
        number = self.tabs.count() + 1
        # Scrolls on a short screen rather than push the dialog past it (Links is tallest).
        self.tabs.addTab(ScrollingBody(page), f"{SECTIONS[number - 1]}  (Alt+{number})")
        self.tabs.setTabToolTip(number - 1, f"Alt+{number}")
        return page

    def _connect_signals(self) -> None:
        for number, key in enumerate(self.section_keys):
            key.activated.connect(lambda n=number: self.show_section(n))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        for entries in (self.preferences, self.tags, self.occasions, self.links):
            entries.installEventFilter(self)
        self.pref_label.returnPressed.connect(self.pref_value.setFocus)
        self.pref_label.textChanged.connect(self._on_pref_text_changed)
        self.pref_value.textChanged.connect(self._on_pref_text_changed)
        self.pref_value.returnPressed.connect(self._on_pref_value_return_pressed)
        self.tag_name.returnPressed.connect(self._on_tag_name_return_pressed)
        self.occasion_label.returnPressed.connect(self.occasion_date.setFocus)
        self.occasion_date.returnPressed.connect(self._on_occasion_date_return_pressed)
        self.link_label.lineEdit().returnPressed.connect(self.link_who.setFocus)
        self.link_who.returnPressed.connect(self._on_link_who_return_pressed)

    # -- showing --

    def _reload(self) -> None:
        cid, c = self._customer_id, self._counter
        self._held = c.preferences_of(cid)
        if self._editing:  # as it is now; gone if removed meanwhile, so saving adds it again
            self._editing = next((p for p in self._held if p.id == self._editing.id), None)
        self._fill(self.preferences, [(f"{p.label}: {p.value}", p) for p in self._held])
        self._on_pref_text_changed()
        self._fill(
            self.tags,
            [
                (t.name + (f"   ·   added by {t.tagged_by}" if t.tagged_by else ""), t)
                for t in c.tags_of(cid)
            ],
        )
        self._fill(self.occasions, [(occasion_text(o), o) for o in c.occasions_of(cid)])
        self._fill(self.links, [(k.text(), k) for k in c.links_of(cid)])

    def _fill(self, entries: QListWidget, rows: list[tuple[str, object]]) -> None:
        row = max(entries.currentRow(), 0)
        entries.clear()
        for text, value in rows:
            item = QListWidgetItem(text)  # list items are plain text: no markup from names
            item.setData(Qt.ItemDataRole.UserRole, value)
            entries.addItem(item)
        if not rows:
            entries.addItem(QListWidgetItem("Nothing yet."))
            entries.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            entries.setCurrentRow(min(row, len(rows) - 1))

    def show_section(self, number: int) -> None:
        self.tabs.setCurrentIndex(number)
        self._on_tabs_current_changed(number)

    def _on_tabs_current_changed(self, number: int) -> None:
        self.problem.hide()  # a problem belongs to the section it happened in
        self._on_pref_text_changed()  # the notice the problem stood in for, if any
        first = (self.pref_label, self.tag_name, self.occasion_label, self.link_label)[number]
        first.setFocus()

    # -- keys --

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        left = self._editing
        if event.key() != Qt.Key.Key_Escape or left is None or self.tabs.currentIndex() != 0:
            super().keyPressEvent(event)
            return
        # Esc first stops changing a preference, leaving it as it was; a second Esc closes.
        self._editing = None
        self.pref_label.clear()
        self.pref_value.clear()
        self.problem.hide()
        self.message.setText(
            f"Left {shown(left.label, left.value)} as it was. "
            "Type a new preference, or Esc to close."
        )
        self.pref_label.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if isinstance(watched, QListWidget) and event.key() in _DELETE_KEYS:
                self._do(self._removal(watched))
                return True
            if watched is self.preferences and event.key() in _ENTER_KEYS:
                self._load_preference()
                return True
        return super().eventFilter(watched, event)

    def _selected(self, entries: QListWidget) -> object:
        item = entries.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _removal(self, entries: QListWidget) -> Callable[[], str] | None:
        chosen, staff = self._selected(entries), self._staff
        if isinstance(chosen, Preference):
            return lambda: self._after(
                self._counter.remove_preference(chosen.id, staff), f"Removed {chosen.label}."
            )
        if isinstance(chosen, Tag):
            return lambda: self._after(
                self._counter.untag(self._customer_id, chosen.name, staff),
                f"Removed the tag {chosen.name}.",
            )
        if isinstance(chosen, Occasion):
            return lambda: self._after(
                self._counter.remove_occasion(chosen.id, staff), f"Removed {chosen.label}."
            )
        if isinstance(chosen, Link):
            return lambda: self._after(
                self._counter.unlink(chosen.id, staff),
                f"Removed the link to {chosen.other_name}.",
            )
        return None

    def _load_preference(self) -> None:
        chosen = self._selected(self.preferences)
        if not isinstance(chosen, Preference):
            return
        self._editing = chosen
        self.pref_label.setText(chosen.label)
        self.pref_value.setText(chosen.value)
        self._on_pref_text_changed()
        self.pref_value.setFocus()
        self.pref_value.selectAll()

    # -- saving --

    def _do(self, action: Callable[[], str] | None) -> bool:
        """Run one change; say what happened, or the store's problem (typed text is kept)."""
        if action is None:
            return False
        try:
            said = action()
        except StoreError as error:
            self.problem.setText(str(error))
            self.problem.show()
            self._on_pref_text_changed()
            return False
        self.problem.hide()
        self.message.setText(said)
        self.changed = True
        self._reload()
        return True

    def _after(self, _result: object, said: str) -> str:
        return said

    def _on_pref_text_changed(self) -> None:
        label, value = self.pref_label.text(), self.pref_value.text()
        notice = before_saving(self._held, label, value, self._editing)
        self.pref_notice.setText(notice)
        # Once Enter is refused for the reason the notice gives, the problem line says it.
        said = not self.problem.isHidden() and self.problem.text() == notice
        self.pref_notice.setVisible(bool(notice) and not said)

    def _on_pref_value_return_pressed(self) -> None:
        label, value, editing = self.pref_label.text(), self.pref_value.text(), self._editing
        old = editing or same_label(self._held, label)
        saved = self._do(
            lambda: self._after(
                self._counter.set_preference(
                    self._customer_id, label, value, self._staff, editing.id if editing else None
                ),
                after_saving(old, label, value),
            )
        )
        if saved:
            self._editing = None
            self.pref_label.clear()
            self.pref_value.clear()
            self.pref_label.setFocus()

    def _on_tag_name_return_pressed(self) -> None:
        name = self.tag_name.text().strip()

        def tag() -> str:
            new = self._counter.tag(self._customer_id, name, self._staff)
            return f"Tagged {name}." if new else f"Already tagged {name}."

        if self._do(tag):
            self.tag_name.clear()

    def _on_occasion_date_return_pressed(self) -> None:
        label, when = self.occasion_label.text(), self.occasion_date.text()
        saved = self._do(
            lambda: self._after(
                self._counter.add_occasion(self._customer_id, label, when, self._staff),
                f"Added {label.strip()}.",
            )
        )
        if saved:
            self.occasion_label.clear()
            self.occasion_date.clear()
            self.occasion_label.setFocus()

    def _on_link_who_return_pressed(self) -> None:
        other = self.link_who.chosen()
        if other is None:
            self.problem.setText("Type a name, phone or card, then choose who with ↑↓.")
            self.problem.show()
            return
        label = self.link_label.currentText()
        name = self._counter.customer_name(other)
        saved = self._do(
            lambda: self._after(
                self._counter.link(self._customer_id, other, label, self._staff),
                f"Linked: {label.strip().lower()} {name}.",
            )
        )
        if saved:
            self.link_label.setCurrentText("")
            self.link_who.clear()
            self.link_label.setFocus()

    @classmethod
    def ask(cls, parent: QWidget, counter: Counter, customer_id: int, staff: Staff) -> bool:
        """Open one customer's preferences, tags, occasions and links; True when any changed."""
        with disposed(cls(counter, customer_id, staff, parent)) as dialog:
            dialog.exec()
            return dialog.changed
