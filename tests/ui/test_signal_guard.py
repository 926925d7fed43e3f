"""PySide6 6.12 on Python 3.11 aborts after ~2,000 signal emissions (PYSIDE-3474).

If this test crashes the interpreter, the PySide6 pin in pyproject.toml has regressed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Ticker(QObject):
    ticked = Signal(bool)


def test_thousands_of_signal_emissions_do_not_abort_python() -> None:
    ticker = Ticker()
    seen: list[bool] = []
    ticker.ticked.connect(seen.append)
    for n in range(5000):
        ticker.ticked.emit(n % 2 == 0)
    assert len(seen) == 5000
