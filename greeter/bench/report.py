"""The benchmark's results: targets, the JSON object and a readable (Markdown) table."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from dataclasses import dataclass
from typing import Any

from greeter.bench.measure import Figure, Size, Throughput, Timing

REFERENCES = ("floor", "card_reads", "peer_like", "peer_proxy")


@dataclass(frozen=True)
class Target:
    """What a figure must reach at the busy scale (p99 limits doubled at chain scale)."""

    p99_ms: float | None = None
    median_ms: float | None = None
    ratio_to_floor: float | None = None
    lines_per_s: float | None = None
    mb: float | None = None
    beat_peers: bool = False

    def describe(self, scale: str) -> str:
        parts = []
        if self.p99_ms is not None:
            parts.append(f"p99 ≤ {self._p99(scale):g} ms")
        if self.median_ms is not None:
            parts.append(f"median ≤ {self.median_ms:g} ms")
        if self.ratio_to_floor is not None:
            parts.append(f"≤ {self.ratio_to_floor:g}× floor")
        if self.lines_per_s is not None:
            parts.append(f"≥ {self.lines_per_s:,.0f} lines/s")
        if self.mb is not None:
            parts.append(f"≤ {self.mb:g} MB")
        if self.beat_peers:
            parts.append("faster than peers")
        return ", ".join(parts)

    def _p99(self, scale: str) -> float:
        assert self.p99_ms is not None
        return self.p99_ms * (2 if scale == "chain" else 1)

    def met(self, figure: Figure, scale: str) -> bool:
        ours = figure.ours
        checks = []
        if self.p99_ms is not None and isinstance(ours, Timing):
            checks.append(ours.p99_ms <= self._p99(scale))
        if self.median_ms is not None and isinstance(ours, Timing):
            checks.append(ours.median_ms <= self.median_ms)
        if self.ratio_to_floor is not None:
            ratio = figure.ratio("floor")
            checks.append(ratio is not None and ratio <= self.ratio_to_floor)
        if self.lines_per_s is not None and isinstance(ours, Throughput):
            checks.append(ours.lines_per_s >= self.lines_per_s)
        if self.mb is not None and isinstance(ours, Size):
            checks.append(ours.mb <= self.mb)
        if self.beat_peers:
            ratios = [
                figure.ratio(p) for p in ("peer_like", "peer_proxy") if p in figure.references
            ]
            checks.append(all(r is not None and r < 1 for r in ratios))
        return all(checks)


_SEARCH = Target(p99_ms=5, beat_peers=True)
_PAINTED = Target(p99_ms=16, beat_peers=True)
TARGETS: dict[str, Target] = {
    "scan_to_card_data": Target(p99_ms=1, ratio_to_floor=10),
    "scan_to_card_painted": Target(p99_ms=16),
    **{f"search_prefix_{n}": _SEARCH for n in (1, 2, 3, 4)},
    "search_typo": Target(p99_ms=5),  # the peers find nobody for a typo: nothing to beat
    **{f"search_prefix_{n}_painted": _PAINTED for n in (1, 2, 3, 4)},
    "search_typo_painted": Target(p99_ms=16),
    "import": Target(lines_per_s=150_000),
    "cold_start": Target(median_ms=500),
    "window_rss": Target(mb=150),
}


def machine() -> dict[str, Any]:
    from PySide6 import QtCore, __version__

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "qt": QtCore.qVersion(),
        "pyside": __version__,
    }


def figure_json(figure: Figure, scale: str) -> dict[str, Any]:
    out: dict[str, Any] = {"what": figure.what, **figure.ours.as_dict()}
    for name in REFERENCES:
        ref = figure.references.get(name)
        if ref is not None:
            out[name] = {"what": ref.what, **ref.measured.as_dict()}
            out[f"ratio_to_{name}"] = figure.ratio(name)
    target = TARGETS.get(figure.name)
    if target is not None:
        out["target"] = target.describe(scale)
        out["met"] = target.met(figure, scale)
    if figure.notes:
        out["notes"] = figure.notes
    return out


def _cell(measured: Timing | Throughput | Size, wide: bool = False) -> str:
    if isinstance(measured, Timing):
        return f"{measured.median_ms:.3g}" if not wide else _ms(measured)
    if isinstance(measured, Throughput):
        return f"{measured.lines_per_s:,.0f}/s"
    return f"{measured.mb:.0f} MB"


def _ms(timing: Timing) -> str:
    return f"{timing.median_ms:.3g} / {timing.p99_ms:.3g} / {timing.max_ms:.3g}"


def table(figures: list[Figure], scale: str) -> str:
    """One Markdown row per figure: ours (median / p99 / max ms, or throughput, or MB), each
    reference's median and how many times ours it is, the target and whether it is met."""
    rows = [
        "| figure | ours: median / p99 / max ms | floor | × floor | LIKE peer | × LIKE "
        "| proxy peer | × proxy | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for figure in figures:
        cells = [f"`{figure.name}`", _cell(figure.ours, wide=True)]
        for name in ("floor", "peer_like", "peer_proxy"):
            ref = figure.references.get(name)
            ratio = figure.ratio(name)
            cells += [
                _cell(ref.measured) if ref else "",
                f"{ratio:g}×" if ratio is not None else "",
            ]
        target = TARGETS.get(figure.name)
        cells.append(target.describe(scale) if target else "")
        cells.append(("yes" if target.met(figure, scale) else "**no**") if target else "")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def notes(figures: list[Figure]) -> str:
    lines = []
    for figure in figures:
        extra = [f"{n}" for n in figure.notes]
        if "card_reads" in figure.references:
            ref = figure.references["card_reads"]
            extra.append(
                f"card_reads ({ref.what}): {_cell(ref.measured)} ms, "
                f"ours is {figure.ratio('card_reads')}× that"
            )
        lines += [f"- `{figure.name}`: {n}" for n in extra]
    return "\n".join(lines)
