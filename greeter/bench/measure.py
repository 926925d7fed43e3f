"""Timing helpers: run a call over many inputs, summarise as median, p99 and max, compare."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
# The peers are slow at large scales: time each for at most this long, and at least this often.
PEER_BUDGET_S = 15.0
PEER_LEAST = 30


@dataclass(frozen=True)
class Timing:
    """Latency over `count` runs, in milliseconds."""

    count: int
    median_ms: float
    p99_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "median_ms": round(self.median_ms, 4),
            "p99_ms": round(self.p99_ms, 4),
            "max_ms": round(self.max_ms, 4),
            "count": self.count,
        }

    @property
    def cost(self) -> float:
        """What ratios compare: the median."""
        return self.median_ms


@dataclass(frozen=True)
class Throughput:
    lines: int
    seconds: float

    @property
    def lines_per_s(self) -> float:
        return self.lines / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "lines_per_s": round(self.lines_per_s),
            "seconds": round(self.seconds, 3),
            "lines": self.lines,
        }

    @property
    def cost(self) -> float:
        return 1 / self.lines_per_s if self.lines_per_s else math.inf


@dataclass(frozen=True)
class Size:
    mb: float

    def as_dict(self) -> dict[str, float]:
        return {"mb": round(self.mb, 1)}

    @property
    def cost(self) -> float:
        return self.mb


Measured = Timing | Throughput | Size


@dataclass
class Reference:
    """What a figure is compared with: the floor or a peer's approach, and what that is."""

    measured: Measured
    what: str


@dataclass
class Figure:
    name: str
    what: str
    ours: Measured
    references: dict[str, Reference] = field(default_factory=dict)  # floor, peer_like, …
    notes: list[str] = field(default_factory=list)

    def ratio(self, reference: str) -> float | None:
        """How many times our cost is the reference's (below 1: we are cheaper)."""
        ref = self.references.get(reference)
        if ref is None or ref.measured.cost <= 0 or math.isinf(ref.measured.cost):
            return None
        return float(f"{self.ours.cost / ref.measured.cost:.3g}")


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of values sorted ascending."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(nanoseconds: Sequence[int]) -> Timing:
    ordered = sorted(n / 1e6 for n in nanoseconds)
    return Timing(
        count=len(ordered),
        median_ms=percentile(ordered, 0.5),
        p99_ms=percentile(ordered, 0.99),
        max_ms=ordered[-1] if ordered else 0.0,
    )


def time_each(
    call: Callable[[T], object],
    inputs: Sequence[T],
    warmup: int = 10,
    between: Callable[[], object] | None = None,
    budget_s: float | None = None,
    least: int = 100,
) -> Timing:
    """Time `call(x)` for every input, after a few untimed warm-up calls; `between` runs
    untimed after each. With `budget_s`, stop once that much time is spent and at least
    `least` inputs are timed (for slow references). The garbage collector stays on: its
    pauses are part of what staff would wait for."""
    for x in inputs[:warmup]:
        call(x)
        if between:
            between()
    gc.collect()
    clock = time.perf_counter_ns
    times: list[int] = []
    stop = clock() + int(budget_s * 1e9) if budget_s is not None else None
    for x in inputs:
        start = clock()
        call(x)
        times.append(clock() - start)
        if between:
            between()
        if stop is not None and len(times) >= least and clock() > stop:
            break
    return summarise(times)


def warm_file(path: Path) -> None:
    """Read the file once so it sits in the operating system's cache, as the shop's file
    does on a till computer that has been on for a while."""
    for name in (path, Path(f"{path}-wal")):
        if name.exists():
            with name.open("rb") as handle:
                while handle.read(1 << 20):
                    pass


def time_once(call: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    call()
    return time.perf_counter() - start
