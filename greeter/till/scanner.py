"""Telling a keyboard-wedge scanner from a person typing, whichever widget has the focus.

A scanner types a code far faster than a person (2–15 ms a key against 60 ms and more) and
ends it with Enter. `ScanDetector` is an application-wide event filter: it holds back printable
keys that arrive within the gap of each other; Enter after a fast enough, long enough burst
becomes `scanned(code)` and the held keys are dropped, so a scanned code never lands in a note.
Anything else (a slow key, another key, Enter too early, a pause) replays the held keys to the
widget they were meant for, in order, so what a person types arrives intact; so does a key a
person typed just before the scanner started (see `ScanDetector._typed_first`). A field that
expects a code (a card field, a search for a customer) says so with the `SCAN_FIELD` property:
a scan into it becomes `scanned_into(field, code)`, for the code to be typed there.

Time comes from an injectable monotonic clock: key events sent by QTest carry timestamp 0.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent

from greeter.core.settings import ShopSettings

FLUSH_MARGIN_MS = 25  # held keys are replayed this long after the gap has passed
# A burst's first key came from a person when it came before the next one by more than twice
# the scanner's slowest gap, and this much more: a scanner keeps its pace.
PERSON_AHEAD_MS = 5
TYPED_BEFORE_A_SCAN = 2  # at most, a person's keys that land within a scanner's gap of it
SCAN_FIELD = "scanField"  # a widget's property: True when a scanned code is meant for it
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
    at: float  # when it was pressed, by the detector's clock
    released: bool = False


class ScanDetector(QObject):
    scanned = Signal(str)  # emitted from the event loop, once the Enter key is dealt with
    scanned_into = Signal(QObject, str)  # the same, for a field with SCAN_FIELD set: the code

    def __init__(
        self,
        rules: ScanRules,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        is_card: Callable[[str], bool] = lambda _code: False,
    ) -> None:
        super().__init__(parent)
        self.rules = rules
        self._clock = clock
        self._is_card = is_card  # whether a code is one of the shop's cards
        self._held: list[_HeldKey] = []
        self._last_press = 0.0
        self._replaying: QKeyEvent | None = None  # the key being replayed, let through
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
        self._replay(held)

    def _replay(self, held: list[_HeldKey]) -> None:
        for key in held:
            target = key.target if shiboken6.isValid(key.target) else None
            target = target or QGuiApplication.focusObject()
            if target is None:
                continue
            self._send(target, QKeyEvent(QEvent.Type.KeyPress, key.key, key.modifiers, key.text))
            if key.released:
                release = QKeyEvent(QEvent.Type.KeyRelease, key.key, key.modifiers, key.text)
                self._send(target, release)

    def _send(self, target: QObject, event: QKeyEvent) -> None:
        """Deliver one replayed key, which the filter lets through. Only that event: a key
        that opens a dialog or a menu (E in the notes, Space on ⋯) runs its event loop
        inside this call, and a scan into that dialog must still be caught."""
        outer, self._replaying = self._replaying, event
        try:
            QCoreApplication.sendEvent(target, event)
        finally:
            self._replaying = outer

    # -- the filter --

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if event is self._replaying or not self.rules.enabled or not isinstance(event, QKeyEvent):
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
            held, self._held = self._held, []
            self._flush.stop()
            typed = self._typed_first(held, now)
            code = self.rules.code_in(_text(held[typed:]))
            if code is None and typed:
                typed, code = 0, self.rules.code_in(_text(held))
            if code is None:
                self._replay(held)
                return False
            self._awaiting_release += [k.key for k in held[typed:] if not k.released] + [key]
            self._announce(target, code)
            self._replay(held[:typed])  # a person's keys, to the widget they typed them in
            return True
        text = event.text()
        if plain and text and text.isprintable():
            self._held.append(_HeldKey(target, key, event.modifiers(), text, now))
            self._flush.start()
            return True
        self.flush()  # arrows, Backspace, shortcuts… arrive after what was typed before them
        return False

    def _typed_first(self, held: list[_HeldKey], enter_at: float) -> int:
        """How many of the held keys a person typed just before the scanner started: those
        before the scanner's programmed prefix; else the first key or two without which the
        burst is one of the shop's cards, or a first key that came clearly before the
        scanner's own even pace."""
        rules = self.rules
        if rules.prefix:
            starts = (n for n in range(len(held)) if _text(held[n:]).startswith(rules.prefix))
            return next(starts, 0)
        whole = rules.code_in(_text(held))
        if whole is None or not self._is_card(whole):
            for typed in range(1, min(TYPED_BEFORE_A_SCAN, len(held) - 1) + 1):
                rest = rules.code_in(_text(held[typed:]))
                if rest is not None and self._is_card(rest):
                    return typed
        times = [k.at for k in held] + [enter_at]
        gaps = [(later - earlier) * 1000 for earlier, later in pairwise(times)]
        return 1 if len(gaps) > 2 and gaps[0] > 2 * max(gaps[1:]) + PERSON_AHEAD_MS else 0

    def _announce(self, target: QObject, code: str) -> None:
        """Say what was scanned, from the event loop (once the Enter key is dealt with): to
        the field it was meant for, or to whoever opens its customer."""
        field = target if target.property(SCAN_FIELD) else None
        QTimer.singleShot(0, self, lambda: self._emit(field, code))

    def _emit(self, field: QObject | None, code: str) -> None:
        if field is not None and shiboken6.isValid(field):
            self.scanned_into.emit(field, code)
        else:
            self.scanned.emit(code)

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


def _text(keys: list[_HeldKey]) -> str:
    return "".join(key.text for key in keys)


def _receives_keys(watched: QObject) -> bool:
    """Whether `watched` is the widget a key event is for, not a window or parent it passes
    through on the way (the filter sees the same event at each of them)."""
    if not watched.isWidgetType():
        return False
    window = watched.window()
    if window.windowType() == Qt.WindowType.Popup:  # a menu: keys go to it, not the focus
        return watched is (window.focusWidget() or window)
    focus = QGuiApplication.focusObject()
    if focus is not None:
        return watched is focus
    return watched is (window.focusWidget() or window)
