"""Telling a keyboard-wedge scanner from a person typing, whichever widget has the focus.

A scanner types a code far faster than a person (2–15 ms a key against 60 ms and more) and
ends it with Enter. `ScanDetector` is an application-wide event filter: it holds back printable
keys that arrive within the gap of each other; Enter after a fast enough, long enough burst
becomes `scanned(code)` and the held keys are dropped, so a scanned code never lands in a note.
Anything else (a slow key, another key, Enter too early, a pause) replays the held keys to the
widget they were meant for, in order, so what a person types arrives intact.

Time comes from an injectable monotonic clock: key events sent by QTest carry timestamp 0.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent

from greeter.core.settings import ShopSettings

FLUSH_MARGIN_MS = 25  # held keys are replayed this long after the gap has passed
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@dataclass(frozen=True)
class ScanRules:
    """What counts as a scan: keys at most `max_gap_ms` apart, ending in Enter, with a code of
    at least `min_length` characters between the optional prefix and suffix. A gap of 0
    turns detection off."""

    max_gap_ms: int = 30
    min_length: int = 4
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def from_settings(cls, settings: ShopSettings) -> ScanRules:
        return cls(
            settings.scan_max_gap_ms,
            settings.scan_min_length,
            settings.scan_prefix,
            settings.scan_suffix,
        )

    @property
    def enabled(self) -> bool:
        return self.max_gap_ms > 0

    def code_in(self, burst: str) -> str | None:
        """The code a fast burst carries, or None when the burst is not a scan."""
        if self.prefix:
            if not burst.startswith(self.prefix):
                return None
            burst = burst[len(self.prefix) :]
        if self.suffix:
            if not burst.endswith(self.suffix):
                return None
            burst = burst[: -len(self.suffix)]
        code = burst.strip()
        return code if len(code) >= max(1, self.min_length) else None


@dataclass
class _HeldKey:
    target: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    released: bool = False


class ScanDetector(QObject):
    scanned = Signal(str)  # emitted from the event loop, once the Enter key is dealt with

    def __init__(
        self,
        rules: ScanRules,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.rules = rules
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._last_press = 0.0
        self._replaying = False
        self._awaiting_release: list[int] = []  # keys of a scan whose release is still to come
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._connect_signals()
        self.set_rules(rules)

    def _connect_signals(self) -> None:
        self._flush.timeout.connect(self._on_flush_timeout)

    def set_rules(self, rules: ScanRules) -> None:
        self.flush()
        self.rules = rules
        self._flush.setInterval(rules.max_gap_ms + FLUSH_MARGIN_MS)

    def flush(self) -> None:
        """Hand every held key to its widget now, as if no scanner were watching."""
        held, self._held = self._held, []
        self._flush.stop()
        self._replaying = True
        try:
            for key in held:
                target = key.target if shiboken6.isValid(key.target) else None
                target = target or QGuiApplication.focusObject()
                if target is None:
                    continue
                press = QKeyEvent(QEvent.Type.KeyPress, key.key, key.modifiers, key.text)
                QCoreApplication.sendEvent(target, press)
                if key.released:
                    release = QKeyEvent(QEvent.Type.KeyRelease, key.key, key.modifiers, key.text)
                    QCoreApplication.sendEvent(target, release)
        finally:
            self._replaying = False

    # -- the filter --

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if self._replaying or not self.rules.enabled or not isinstance(event, QKeyEvent):
            return False
        if not _receives_keys(watched):
            return False
        if kind == QEvent.Type.KeyPress:
            return self._on_key_press(watched, event)
        return self._on_key_release(event)

    def _on_key_press(self, target: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key in MODIFIER_KEYS:  # a scanner presses Shift for capitals: not a pause
            return False
        now = self._clock()
        plain = not (event.modifiers() & _COMMAND_MODIFIERS) and not event.isAutoRepeat()
        if self._held and (now - self._last_press) * 1000 > self.rules.max_gap_ms:
            self.flush()  # too slow for a scanner: a person typed what is held
        if not self._held and now - self._last_press > 1.0:
            self._awaiting_release.clear()  # releases that never came
        self._last_press = now
        if plain and key in ENTER_KEYS:
            code = self.rules.code_in("".join(k.text for k in self._held))
            if code is None:
                self.flush()
                return False
            self._awaiting_release += [k.key for k in self._held if not k.released] + [key]
            self._held = []
            self._flush.stop()
            QTimer.singleShot(0, self, lambda: self.scanned.emit(code))
            return True
        text = event.text()
        if plain and text and text.isprintable():
            self._held.append(_HeldKey(target, key, event.modifiers(), text))
            self._flush.start()
            return True
        self.flush()  # arrows, Backspace, shortcuts… arrive after what was typed before them
        return False

    def _on_key_release(self, event: QKeyEvent) -> bool:
        key = event.key()
        for held in self._held:
            if held.key == key and not held.released:
                held.released = True
                return True
        if key in self._awaiting_release:
            self._awaiting_release.remove(key)
            return True
        return False

    def _on_flush_timeout(self) -> None:
        self.flush()


def _receives_keys(watched: QObject) -> bool:
    """Whether `watched` is the widget a key event is for, not a window or parent it passes
    through on the way (the filter sees the same event at each of them)."""
    if not watched.isWidgetType():
        return False
    focus = QGuiApplication.focusObject()
    if focus is not None:
        return watched is focus
    window_focus = watched.window().focusWidget()
    return watched is (window_focus or watched.window())
