"""One benchmark run: make (or reuse) the shop, measure every figure on it, gather the report."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greeter.bench.generate import SCALES, Scale, generate
from greeter.bench.measure import Figure, warm_file

Say = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    scale: str
    db: Path | None = None
    customers: int | None = None
    lines: int | None = None
    queries: int = 1000
    cold_runs: int = 5
    import_lines: int | None = None


def import_lines_for(scale: Scale) -> int:
    """Sales lines in the imported file: a day of a very busy shop, at most 200,000."""
    return max(1_000, min(200_000, scale.lines // 10))


def run(options: Options, say: Say) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    base = SCALES[options.scale]
    scale = Scale(options.customers or base.customers, options.lines or base.lines)
    with tempfile.TemporaryDirectory(prefix="greeter-bench-") as folder:
        path = options.db or Path(folder) / f"bench-{options.scale}.db"
        generation: dict[str, Any] = {"reused": path.exists()}
        if not path.exists():
            made = generate(path, scale.customers, scale.lines, progress=_progress(say))
            generation.update(
                seconds=round(made.seconds, 2),
                lines_per_s=round(made.lines_per_s),
                flush_seconds=round(made.flush_seconds, 2),
                lines_per_s_before_flush=round(made.lines_per_s_before_flush),
            )
            say(f"generated {made.lines:,} lines in {made.seconds:.1f} s "
                f"({made.lines_per_s:,.0f} lines/s; {made.flush_seconds:.1f} s of it "
                "flushing the file to disk)")  # fmt: skip
        figures, counts = _measure(path, options, scale, say)
    from greeter.bench.report import figure_json, machine

    return {
        "scale": options.scale,
        "customers": counts[0],
        "purchase_lines": counts[1],
        "machine": machine(),
        "generation": generation,
        "figures": {f.name: figure_json(f, options.scale) for f in figures},
    }


def _measure(
    path: Path, options: Options, scale: Scale, say: Say
) -> tuple[list[Figure], tuple[int, int]]:
    from greeter.app import application
    from greeter.bench import figures as data
    from greeter.bench import importing, samples, window
    from greeter.bench.peers import ProxySearch, customer_lines
    from greeter.counter import Counter
    from greeter.store import Store
    from greeter.store.health import UPGRADING, pending_upgrade

    application()
    if pending_upgrade(path):
        say(UPGRADING)
    store = Store(path)
    try:
        counts = (
            store.customers.count(),
            int(store.db.execute("SELECT count(*) FROM purchase_lines").fetchone()[0]),
        )
        say(f"drawing {options.queries:,} queries of each kind")
        drawn = samples.draw(store.db, options.queries)
    finally:
        store.close()  # cold starts and the import copy want the file closed cleanly

    def step(text: str) -> None:
        """Say what is measured next, with the shop's file in the OS cache (this run's
        earlier steps, or a machine short of memory, may have pushed it out)."""
        say(text)
        warm_file(path)

    results = window.cold_start_figures(path, drawn.cards[0], options.cold_runs, step)
    lines = options.import_lines or import_lines_for(scale)
    results.append(importing.import_figure(path, lines, step))
    store = Store(path)
    try:
        counter = Counter(store)
        say("building the in-memory list the desktop-app peer filters")
        proxy = ProxySearch(customer_lines(store.db))
        step("scan to card data")
        results[:0] = data.data_figures(counter, drawn, proxy, step)
        painted = window.painted_figures(store, drawn, proxy, step)
    finally:
        store.close()
    order = ["scan_to_card_data", "scan_to_card_painted"]
    results += painted
    results.sort(key=lambda f: order.index(f.name) if f.name in order else len(order))
    return results, counts


def _progress(say: Say) -> Callable[[str, int, int], None]:
    last: list[tuple[str, float]] = [("", 0.0)]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != last[0][0] or now - last[0][1] > 0.5:
            last[0] = (stage, now)
            say(f"generating: {stage} {done:,}/{total:,}" if done else f"generating: {stage}")

    return progress


_STARTED = time.monotonic()


def stderr(text: str) -> None:
    print(f"bench [{time.monotonic() - _STARTED:6.1f} s] {text}", file=sys.stderr, flush=True)
