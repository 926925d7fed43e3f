"""The strip across the top: the search box, who is on duty, and the window's few buttons."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QMenu, QToolButton, QWidget

from greeter.ui.eliding_combo import ElidingComboBox
from greeter.ui.search_box import SearchBox
from greeter.ui.theme import plain_label

NARROW = 700  # below this the search box gets a row of its own
# What the ⋯ menu holds (see greeter.ui.more_menu and ImportActions), for the mouse.
MORE_TIP = (
    "More: a new customer; the card's notes, follow-ups and details; lock or hide; export "
    "or erase a customer; import from the till; restore a backup; the audit trail"
)

# Keys that, on a closed drop-down list, would choose the next name at once.
BROWSING_KEYS = frozenset(
    (
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    )
)

HIDE = ("Hide", "Hide all personal data at once (Ctrl+H or F12)")
SHOW = ("Show", "Show the screen again (Ctrl+H or F12)")


def _button(
    text: str, tip: str, *, checkable: bool = False, button: QToolButton | None = None
) -> QToolButton:
    button = button or QToolButton()
    button.setObjectName("topButton")
    button.setText(text)
    button.setToolTip(tip)
    button.setCheckable(checkable)
    return button


class HideButton(QToolButton):
    """Hide, or Show while the screen is hidden: it says what pressing it does, however it
    was switched (a click, Ctrl+H, idle, or a scan ending Hide without a signal)."""

    def checkStateSet(self) -> None:  # noqa: N802 - Qt override: setChecked()
        super().checkStateSet()
        self._say()

    def nextCheckState(self) -> None:  # noqa: N802 - Qt override: a click
        super().nextCheckState()
        self._say()

    def _say(self) -> None:
        text, tip = SHOW if self.isChecked() else HIDE
        self.setText(text)
        self.setToolTip(tip)


class OnDutyBox(ElidingComboBox):
    """Who is on duty. Choosing someone puts them on duty (asking for their PIN), so from the
    keyboard a name is chosen in the open list, with Enter: on the closed box, ↓ would ask
    the next person for their PIN before the one two down could be reached. There, the
    arrows, Page Up/Down, Home/End and a name's first letter open the list and act in it.
    The mouse wheel over the closed box changes nothing: scrolling past it would ask someone
    for their PIN."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        shift_at_most = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        plain = event.modifiers() & ~shift_at_most == Qt.KeyboardModifier.NoModifier
        typed = event.text().isprintable() and event.text().strip() != ""
        browsing = plain and (event.key() in BROWSING_KEYS or typed)
        if browsing and not self.view().isVisible():
            self.showPopup()
            QCoreApplication.sendEvent(self.view(), event)  # the next name highlighted
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        event.ignore()


class TopBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._narrow: bool | None = None
        self._staff_shown = True
        self._build_ui()

    def _build_ui(self) -> None:
        self.setObjectName("topBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # a subclass needs this for QSS
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(14, 10, 14, 10)
        self.grid.setSpacing(10)
        self.search = SearchBox()
        self.on_duty_label = plain_label("On duty")
        self.on_duty = OnDutyBox()  # a long name ends in "…", whole on hover
        self.on_duty.setObjectName("onDuty")
        self.on_duty.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.on_duty.setMinimumContentsLength(8)
        self.on_duty.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.on_duty.setAccessibleName("On duty")  # not the name chosen in it
        self.on_duty_label.setBuddy(self.on_duty)  # a screen reader on Linux reads this one
        self.on_top = _button("Keep on top", "Keep Greeter above the till's window", checkable=True)
        self.hide_button = _button(*HIDE, checkable=True, button=HideButton())
        self.more = _button("⋯", MORE_TIP)
        self.more.setAccessibleName("More")  # not "⋯"; the tip is its description
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more)  # filled by the window's controllers
        self.more.setMenu(self.more_menu)
        self.mode_note = plain_label("", "modeNote", wrap=True)
        self.arrange(narrow=False)

    def arrange(self, narrow: bool) -> None:
        """One row on a wide window; beside a till, the search box gets a row of its own."""
        if narrow == self._narrow:
            return
        self._narrow = narrow
        buttons = (self.on_duty_label, self.on_duty, self.on_top, self.hide_button, self.more)
        for widget in (self.search, self.mode_note, *buttons):
            self.grid.removeWidget(widget)
        if narrow:
            self.grid.addWidget(self.search, 0, 0, 1, len(buttons))
            row, first = 1, 0
        else:
            self.grid.addWidget(self.search, 0, 0)
            row, first = 0, 1
        for n, widget in enumerate(buttons):
            self.grid.addWidget(widget, row, first + n)
        self.grid.addWidget(self.mode_note, row + 1, 0, 1, -1)
        self.on_duty_label.setVisible(self._staff_shown and not narrow)  # every pixel counts
        self.on_duty.setMinimumContentsLength(8 if narrow else 16)
        self.on_top.setText("On top" if narrow else "Keep on top")
        for column in range(len(buttons) + 1):
            self.grid.setColumnStretch(column, 0)
        self.grid.setColumnStretch(1 if narrow else 0, 1)

    def show_staff(self, shown: bool) -> None:
        """Show who is on duty, or (over a file that holds no shop, where nobody works)
        neither the list nor its label."""
        self._staff_shown = shown
        self.on_duty.setVisible(shown)
        self.on_duty_label.setVisible(shown and not self._narrow)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self.arrange(narrow=event.size().width() < NARROW)
        super().resizeEvent(event)
