"""What waits for a widget's next frame (the scanner, the watched folder and the day's backup
after the window's first; a card view's audit record after the card) still happens, once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from greeter.ui import next_frame
from greeter.ui.next_frame import NextFrame


def test_runs_once_the_window_is_painted_and_never_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(next_frame, "LATEST_MS", 200)
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[bool] = []
    NextFrame(window, lambda: calls.append(window.isVisible()))
    window.show()
    qtbot.waitUntil(lambda: calls == [True])
    window.repaint()
    qtbot.wait(300)  # past LATEST_MS too
    assert calls == [True]


def test_runs_even_if_the_window_is_never_painted(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(next_frame, "LATEST_MS", 50)
    window = QWidget()  # never shown: on another desktop, say
    qtbot.addWidget(window)
    calls: list[str] = []
    NextFrame(window, lambda: calls.append("ran"))
    qtbot.waitUntil(lambda: calls == ["ran"])


def test_each_one_is_gone_once_it_has_run(qtbot: QtBot) -> None:
    window = QWidget()  # a card shows many customers a day: none may linger
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    calls: list[int] = []
    for n in range(3):
        NextFrame(window, lambda n=n: calls.append(n))
        window.update()
        qtbot.waitUntil(lambda n=n: calls[-1:] == [n])
    qtbot.wait(20)
    assert calls == [0, 1, 2]
    assert [c for c in window.children() if isinstance(c, NextFrame)] == []
