"""`greeter bench` at a tiny scale: every figure, with its floor, peers and ratios (no timings
are asserted: the machine running the tests decides those)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greeter.bench.measure import Figure, Reference, Size, Throughput, Timing, percentile
from greeter.bench.report import figure_json, table
from tests.helpers import run_cli

TIMINGS = (
    "scan_to_card_data", "scan_to_card_painted", "phone_lookup", "email_lookup",
    "search_prefix_1", "search_prefix_2", "search_prefix_3", "search_prefix_4", "search_typo",
    "search_word", "search_two_words", "search_prefix_1_painted", "search_prefix_2_painted",
    "search_prefix_3_painted", "search_prefix_4_painted", "search_typo_painted", "cold_start",
)  # fmt: skip
WITH_PEERS = ("phone_lookup", "email_lookup", "search_prefix_1", "search_prefix_4", "search_typo")


@pytest.mark.timeout(120)
def test_bench_json_has_every_figure_and_ratio(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    db = tmp_path / "bench.db"
    done = run_cli(
        "bench", "--scale", "tiny", "--db", str(db), "--json", "--out", str(out),
        "--customers", "120", "--lines", "2000", "--queries", "20", "--cold-runs", "1",
        "--import-lines", "300",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert json.loads(out.read_text(encoding="utf-8")) == result
    assert "generating" in done.stderr  # progress goes to stderr
    assert (result["scale"], result["customers"], result["purchase_lines"]) == ("tiny", 120, 2000)
    assert {"cpu", "cores", "python", "sqlite", "qt"} <= set(result["machine"])
    figures = result["figures"]
    assert set(TIMINGS) | {"import", "window_rss"} <= set(figures)
    for name in TIMINGS:
        figure = figures[name]
        assert {"median_ms", "p99_ms", "max_ms"} <= set(figure), name
        assert figure["median_ms"] <= figure["p99_ms"] <= figure["max_ms"], name
        assert isinstance(figure["ratio_to_floor"], float), name
    for name in WITH_PEERS:
        for peer in ("peer_like", "peer_proxy"):
            assert "median_ms" in figures[name][peer], name
            assert isinstance(figures[name][f"ratio_to_{peer}"], float), name
    assert isinstance(figures["search_prefix_2_painted"]["ratio_to_peer_proxy"], float)
    assert figures["scan_to_card_data"]["code_read"]["count"] > 0
    assert figures["import"]["lines_per_s"] > 0 and figures["import"]["floor"]["seconds"] > 0
    assert figures["window_rss"]["mb"] > 0 and figures["window_rss"]["floor"]["mb"] > 0
    assert figures["cold_start"]["peer_proxy"]["median_ms"] > 0
    assert all(isinstance(f.get("met", True), bool) for f in figures.values())
    # Reused, not generated again; the window started on it cleanly.
    again = run_cli("bench", "--db", str(db), "--json", "--queries", "12", "--cold-runs", "1",
                    "--import-lines", "200")  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["generation"] == {"reused": True}


def test_percentiles_are_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.99), percentile(values, 1)) == (
        50.0, 99.0, 100.0)  # fmt: skip
    assert percentile([3.0], 0.99) == 3.0


def test_table_shows_each_kind_of_figure_and_what_it_missed() -> None:
    search = Figure("search_prefix_1", "x", Timing(1000, 0.2, 0.4, 0.9))
    search.references["floor"] = Reference(Timing(1000, 0.01, 0.02, 0.05), "floor")
    search.references["peer_like"] = Reference(Timing(100, 40.0, 45.0, 50.0), "like")
    search.references["peer_proxy"] = Reference(Timing(100, 0.1, 0.2, 0.3), "proxy")
    imported = Figure("import", "x", Throughput(200_000, 4.0))
    rss = Figure("window_rss", "x", Size(120.0))
    result = {"figures": {f.name: figure_json(f, "busy") for f in (search, imported, rss)}}
    text = table(result)
    assert (
        "| `search_prefix_1` | 0.2 / 0.4 / 0.9 ms | 0.01 / 0.02 / 0.05 ms | 20× "
        "| 40 / 45 / 50 ms | 0.005× | 0.1 / 0.2 / 0.3 ms | 2× |"
    ) in text
    assert "faster than peers | **no** |" in text  # slower than the proxy peer
    assert "| `import` | 50,000 lines/s |" in text and "≥ 150,000 lines/s | **no** |" in text
    assert "| `window_rss` | 120 MB |" in text and "≤ 150 MB | yes |" in text
