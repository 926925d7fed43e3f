"""The painted figures: the real window offscreen, from a scan or keystroke to the finished paint;
and the window process's cold start and memory, measured from outside."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QListView, QWidget

from greeter.app import application, build_window
from greeter.bench.figures import PROXY
from greeter.bench.measure import (
    PEER_BUDGET_S,
    PEER_LEAST,
    Figure,
    Reference,
    Size,
    Timing,
    summarise,
    time_each,
)
from greeter.bench.peers import ProxySearch
from greeter.bench.samples import PREFIX_LENGTHS, Samples
from greeter.store import Store
from greeter.ui.main_window import MainWindow

PAINT = "painting the same part of the window again, unchanged"


class PaintWatch(QObject):
    """Whether `target` was painted since the last `frame()`."""

    def __init__(self, target: QWidget) -> None:
        super().__init__()
        self.target = target
        self.painted = False
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False

    def frame(self) -> None:
        """What the event loop does next: pending layouts, then paint what changed and put
        it on screen. Should Qt not have painted `target` yet, paint it now."""
        self.painted = False
        QApplication.processEvents()
        if not self.painted:
            self.target.repaint()


def settle() -> None:
    """What the event loop does after the frame: delete the widgets set aside."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def painted_figures(
    store: Store, samples: Samples, proxy: ProxySearch, say: Callable[[str], None]
) -> list[Figure]:
    app = application()
    with tempfile.TemporaryDirectory(prefix="greeter-bench-") as scratch:
        prefs = QSettings(str(Path(scratch) / "window.ini"), QSettings.Format.IniFormat)
        window = build_window(store, prefs)
        window.show()
        view = QListView()
        view.setUniformItemSizes(True)  # the peer at its best: no height asked of every row
        view.setModel(proxy.proxy)
        view.resize(window.candidates.size())
        view.show()
        settle()
        try:
            say("scan to painted card")
            figures = [_scan(window, samples)]
            for length in PREFIX_LENGTHS:
                say(f"painted name search, {length} letters")
                figures.append(_search(window, view, proxy, f"search_prefix_{length}_painted",
                                       samples.prefixes(length)))  # fmt: skip
            say("painted name search with a typo")
            figures.append(_search(window, view, proxy, "search_typo_painted",
                                   [t for t, _ in samples.typos]))  # fmt: skip
        finally:
            view.close()
            window.close()
            app.processEvents()
    return figures


def _scan(window: MainWindow, samples: Samples) -> Figure:
    card = PaintWatch(window.card.viewport())

    def scan(code: str) -> None:
        window.find(code)
        card.frame()

    figure = Figure(
        "scan_to_card_painted",
        "a scanned card code to the card painted in the real window (MainWindow.find, then "
        "the event loop's next frame)",
        time_each(scan, samples.cards, between=settle),
    )
    if window.current_customer is None:
        raise RuntimeError("the window shows no card after a scan")
    figure.references["floor"] = Reference(
        time_each(lambda _: window.card.viewport().repaint(), samples.cards), PAINT
    )
    return figure


def _search(
    window: MainWindow, view: QListView, proxy: ProxySearch, name: str, texts: list[str]
) -> Figure:
    listed = PaintWatch(window.candidates.viewport())
    theirs = PaintWatch(view.viewport())

    def keystroke(text: str) -> None:
        window.search.setText(text)
        window.search.text_settled.emit(text)  # what the box emits once typing pauses
        listed.frame()

    def peer(text: str) -> None:
        proxy.find(text)
        theirs.frame()

    figure = Figure(
        name,
        "typed text to the candidate list updated and painted in the real window",
        time_each(keystroke, texts, between=settle),
    )
    figure.references["floor"] = Reference(
        time_each(lambda _: window.candidates.viewport().repaint(), texts), PAINT
    )
    figure.references["peer_proxy"] = Reference(
        time_each(peer, texts, between=settle, budget_s=PEER_BUDGET_S, least=PEER_LEAST),
        PROXY + ", its list view painted",
    )
    return figure


# -- from outside: a process of its own --------------------------------------------------


def _probe(
    db: Path, mode: str, card: str, home: Path, timeout: float = 120
) -> tuple[float, dict[str, object]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(home)}
    # An installed Greeter starts from compiled modules; a setting that forbids writing them
    # would make every start compile them again. The first start of the day writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "greeter.bench.probe", "--db", str(db), "--mode", mode,
         "--card", card],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the {mode} window did not start: {done.stderr.strip()[-2000:]}")
    report: dict[str, object] = json.loads(lines[-1])
    return float(report["first_paint"]) - started, report  # type: ignore[arg-type]


def cold_start_figures(db: Path, card: str, runs: int, say: Callable[[str], None]) -> list[Figure]:
    """Process start to first painted frame, and peak memory after showing a card."""
    with tempfile.TemporaryDirectory(prefix="greeter-bench-home-") as home:
        say("cold start: first start of the day (daily backup)")
        first, _ = _probe(db, "app", card, Path(home), timeout=1800)
        starts: dict[str, list[float]] = {"app": [], "empty": [], "peer": []}
        memory: dict[str, list[float]] = {"app": [], "empty": [], "peer": []}
        imported: list[float] = []
        for run in range(runs):
            for mode in starts:
                say(f"cold start {run + 1}/{runs}: {mode}")
                seconds, report = _probe(db, mode, card, Path(home))
                starts[mode].append(seconds)
                memory[mode].append(float(report["rss_mb"]))  # type: ignore[arg-type]
                if mode == "app" and report.get("shown") is None:
                    raise RuntimeError(f"the window showed no card for {card}")
                if mode == "app":
                    paint_at = float(report["first_paint"])  # type: ignore[arg-type]
                    imported.append(seconds - (paint_at - float(report["imported"])))  # type: ignore[arg-type]

    def timing(mode: str) -> Timing:
        return summarise([int(s * 1e9) for s in starts[mode]])

    start = Figure(
        "cold_start",
        "`greeter --db FILE` process start to the window's first painted frame",
        timing("app"),
    )
    start.references["floor"] = Reference(timing("empty"), "a bare Qt window in a new process")
    start.references["peer_proxy"] = Reference(
        timing("peer"), "a window listing every customer in a filtered list view"
    )
    start.notes.append(f"first start of the day, with its daily backup: {first:.2f} s")
    loading = statistics.median(imported)
    rest = statistics.median(starts["app"]) - loading
    start.notes.append(
        f"of a start, Python, Qt and Greeter's modules loaded: {loading * 1e3:.0f} ms; the "
        f"rest (opening the store, building the window, first paint): {rest * 1e3:.0f} ms"
    )
    rss = Figure(
        "window_rss",
        "peak resident memory of the window process after showing a card",
        Size(statistics.median(memory["app"])),
    )
    rss.references["floor"] = Reference(
        Size(statistics.median(memory["empty"])), "a bare Qt window"
    )
    rss.references["peer_proxy"] = Reference(
        Size(statistics.median(memory["peer"])), "every customer in a filtered list view"
    )
    return [start, rss]
