"""The benchmark's results: targets, the JSON object and a readable (Markdown) table."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from dataclasses import dataclass
from typing import Any

from greeter.bench.measure import Figure, Size, Throughput, Timing

REFERENCES = ("floor", "code_read", "peer_like", "peer_proxy")


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


def _cell(measured: dict[str, Any]) -> str:
    """A measurement from the JSON object, as the table shows it."""
    if "median_ms" in measured:
        return (
            f"{measured['median_ms']:.3g} / {measured['p99_ms']:.3g} / {measured['max_ms']:.3g} ms"
        )
    if "lines_per_s" in measured:
        return f"{measured['lines_per_s']:,.0f} lines/s"
    return f"{measured['mb']:.0f} MB"


def table(result: dict[str, Any]) -> str:
    """The JSON object as a Markdown table, a row per figure: ours, each reference and how
    many times ours it is, the target and whether it is met."""
    rows = [
        "| figure | Greeter (median / p99 / max) | floor | × floor | `LIKE` peer | × LIKE "
        "| proxy peer | × proxy | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, figure in result["figures"].items():
        cells = [f"`{name}`", _cell(figure)]
        for reference in ("floor", "peer_like", "peer_proxy"):
            ratio = figure.get(f"ratio_to_{reference}")
            cells += [
                _cell(figure[reference]) if reference in figure else "",
                f"{ratio:g}×" if ratio is not None else "",
            ]
        met = figure.get("met")
        cells += [figure.get("target", ""), "" if met is None else "yes" if met else "**no**"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def heading(result: dict[str, Any]) -> str:
    machine, made = result["machine"], result["generation"]
    text = (
        f"Scale **{result['scale']}**: {result['customers']:,} customers, "
        f"{result['purchase_lines']:,} purchase lines; {machine['cpu']}, {machine['cores']} "
        f"cores, Python {machine['python']}, SQLite {machine['sqlite']}, Qt {machine['qt']}."
    )
    if "lines_per_s" in made:
        text += f" Generated at {made['lines_per_s']:,} lines/s."
    return text


def notes(result: dict[str, Any]) -> str:
    lines = []
    for name, figure in result["figures"].items():
        extra = list(figure.get("notes", []))
        if "code_read" in figure:
            extra.append(
                f"code_read ({figure['code_read']['what']}): {_cell(figure['code_read'])}; "
                f"ours is {figure['ratio_to_code_read']}× that"
            )
        lines += [f"- `{name}`: {n}" for n in extra]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m greeter.bench.report FILE.json`: the table again, from a saved run."""
    import json

    for path in argv if argv is not None else sys.argv[1:]:
        with open(path, encoding="utf-8") as handle:
            result = json.load(handle)
        print(f"{heading(result)}\n\n{table(result)}\n\n{notes(result)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
