"""The page shown while the window is locked: the staff list and a PIN, nothing about customers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from greeter.store.auth import StaffStatus
from greeter.ui.pin_dialog import pin_field
from greeter.ui.theme import plain_label

_NAME = Qt.ItemDataRole.UserRole
WIDEST = 480  # the column of the lock page; narrower in a panel beside the till
TYPE_PIN = "Type your PIN first, then press Enter."
# Without a mouse: the arrows choose the name while the PIN field keeps the keyboard.
KEYS_HINT = "↑ ↓ choose your name, Enter unlocks."
# For a screen reader, which reads the PIN field's name as "PIN for <chosen name>".
PIN_DESCRIPTION = "↑ ↓ choose whose PIN it is."
# Said plainly on the page, to whoever is at the counter; the command is in its tooltip, for
# the owner, who signs for it: once PINs are on, only an owner sets someone else's.
NO_PIN_HINT = "Greyed names have no PIN yet: ask an owner to set one."
NOBODY_HAS_A_PIN = "Nobody on the staff list has a PIN yet: ask an owner to set one."
OWNER_SETS_PIN = (
    "An owner sets a PIN in a terminal on this computer: `greeter staff pin NAME --staff OWNER`, "
    "with the person's name for NAME and their own for OWNER."
)


class LockPanel(QWidget):
    """Choose your name, type your PIN, Enter: `unlock_requested(name, pin)`."""

    unlock_requested = Signal(str, str)

    def __init__(
        self, for_this_shop: Callable[[str], str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # Writes the tooltips' command to act on the window's shop (MainWindow.for_this_shop).
        self._for_this_shop: Callable[[str], str] = for_this_shop or str
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setObjectName("page")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(28, 16, 28, 16)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(10)
        column.addStretch(1)
        self.title = plain_label("Locked", "idleTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.title)
        self.hint = plain_label(
            "Choose your name and type your PIN. Nothing about customers shows until then.",
            "idleHint",
            wrap=True,
        )
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.hint)
        column.addSpacing(8)
        # The list's room: all its names where the window has it; on a short screen
        # (1024×600) it gives way first, showing as many whole names as fit (see
        # _fit_staff), the rest a scroll away.
        self.staff_room = QWidget()
        self.staff_room.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        column.addWidget(self.staff_room, 100)
        self.staff = QListWidget(self.staff_room)
        self.staff.setObjectName("lockStaff")
        self.staff.setAccessibleName("Staff")
        self.staff.setAccessibleDescription("Choose your name, then type your PIN.")
        # A name too long for it ends in "…" (whole on hover): it never scrolls sideways.
        self.staff.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.staff.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.no_pin = plain_label(NO_PIN_HINT, "noticeAside", wrap=True)
        self.no_pin.setToolTip(self._for_this_shop(OWNER_SETS_PIN))
        self.no_pin.hide()
        column.addWidget(self.no_pin)
        self.pin = pin_field()
        self.pin.setAccessibleName("PIN")
        self.pin.setAccessibleDescription(PIN_DESCRIPTION)
        column.addWidget(self.pin)
        self.keys = plain_label(KEYS_HINT, "keysHint", wrap=True)
        self.keys.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.keys)
        self.problem = plain_label("", "problem", wrap=True)
        self.problem.hide()
        column.addWidget(self.problem)
        self.unlock = QPushButton("Unlock")
        self.unlock.setObjectName("primary")
        column.addWidget(self.unlock)
        column.addStretch(2)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(WIDEST)  # narrower in a panel beside the till
        outer.addWidget(holder, 100)
        outer.addStretch(1)

    def _connect_signals(self) -> None:
        self.staff_room.installEventFilter(self)
        self.pin.installEventFilter(self)  # ↑ and ↓ choose the name
        self.staff.installEventFilter(self)  # digits go to the PIN
        self.pin.returnPressed.connect(self._on_unlock_clicked)
        self.unlock.clicked.connect(self._on_unlock_clicked)
        self.staff.currentRowChanged.connect(self._on_staff_current_row_changed)

    def set_staff(self, statuses: Sequence[StaffStatus], on_duty: str, now: dt.datetime) -> None:
        """List everyone; those who cannot unlock yet (no PIN, locked out) say why."""
        self.staff.clear()
        chosen = -1
        for status in statuses:
            name = status.staff.name
            if not status.has_pin:
                text = f"{name}  ·  no PIN yet"
            elif status.locked_until is not None and status.locked_until > now:
                text = f"{name}  ·  locked until {status.locked_until:%H:%M}"
            else:
                text = name
            item = QListWidgetItem(text)
            item.setData(_NAME, name)
            item.setToolTip(text)
            if not status.has_pin:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.staff.addItem(item)
            usable = bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
            if usable and (chosen < 0 or name == on_duty):
                chosen = self.staff.count() - 1
        self.staff.setCurrentRow(chosen)
        self.no_pin.setVisible(not all(status.has_pin for status in statuses))
        rows = max(self.staff.count(), 1)
        self.staff_room.setMaximumHeight(self._rows_height(rows))  # no taller than all
        self.staff_room.setMinimumHeight(self._rows_height(min(rows, 2)))
        self._fit_staff()

    def _rows_height(self, rows: int) -> int:
        self.staff.ensurePolished()  # the stylesheet's border and padding, in its margins
        row = self.staff.sizeHintForRow(0) if self.staff.count() else 40
        margins = self.staff.contentsMargins()
        return rows * row + margins.top() + margins.bottom()

    def _fit_staff(self) -> None:
        """As many whole names as the room has space for: never one cut in half."""
        room = self.staff_room.size()
        rows = max(self.staff.count(), 1)
        while rows > 1 and self._rows_height(rows) > room.height():
            rows -= 1
        self.staff.setGeometry(0, 0, room.width(), self._rows_height(rows))
        self.staff.scrollToItem(self.staff.currentItem())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.staff_room and event.type() == QEvent.Type.Resize:
            self._fit_staff()
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        if watched is self.pin and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            QApplication.sendEvent(self.staff, event)  # the list's own keys: greyed names skipped
            return True
        if watched is self.staff and event.text().isdigit():  # a PIN typed after a Tab to it
            self.pin.setFocus()
            QApplication.sendEvent(self.pin, event)
            return True
        return False

    def chosen_name(self) -> str:
        item = self.staff.currentItem()
        return str(item.data(_NAME)) if item is not None else ""

    def show_problem(self, text: str, tip: str = "") -> None:
        self.problem.setText(self._for_this_shop(text))
        self.problem.setToolTip(self._for_this_shop(tip))
        self.problem.setVisible(bool(text))
        self.pin.clear()
        self.pin.setFocus()

    def reset(self) -> None:
        self.show_problem("")

    def _on_staff_current_row_changed(self, _row: int) -> None:
        name = self.chosen_name()
        self.pin.setAccessibleName(f"PIN for {name}" if name else "PIN")
        self.pin.clear()  # typed for whoever was chosen before
        self.pin.setFocus()

    def _on_unlock_clicked(self) -> None:
        name = self.chosen_name()
        if not name:
            self.show_problem(NOBODY_HAS_A_PIN, OWNER_SETS_PIN)
        elif not self.pin.text():
            self.show_problem(TYPE_PIN)
        else:
            self.unlock_requested.emit(name, self.pin.text())
