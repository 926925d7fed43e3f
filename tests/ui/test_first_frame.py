"""What waits for the window's first frame (the scanner, the watched folder, the day's
backup) still happens, once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from greeter.ui import first_frame
from greeter.ui.first_frame import FirstFrame


def test_runs_once_the_window_is_painted_and_never_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_frame, "LATEST_MS", 200)
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[bool] = []
    FirstFrame(window, lambda: calls.append(window.isVisible()))
    window.show()
    qtbot.waitUntil(lambda: calls == [True])
    window.repaint()
    qtbot.wait(300)  # past LATEST_MS too
    assert calls == [True]


def test_runs_even_if_the_window_is_never_painted(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_frame, "LATEST_MS", 50)
    window = QWidget()  # never shown: on another desktop, say
    qtbot.addWidget(window)
    calls: list[str] = []
    FirstFrame(window, lambda: calls.append("ran"))
    qtbot.waitUntil(lambda: calls == ["ran"])
