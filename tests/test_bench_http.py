"""bench.http_load's summary of its rounds: the ratio a reader of the table compares against the target."""

from bench.http_load import TARGET, summarise, table


def run(rps: float, p99_ms: float = 10, errors: int = 0) -> dict:
    return {"rps": rps, "p99_us": p99_ms * 1000, "errors": errors}


def test_ratios_are_taken_within_a_round_then_summarised_by_median_and_lowest():
    # The machine slows down in round 2 for every server: per-round ratios see through it.
    runs = {
        "ours": [run(3000), run(1500), run(3100)],
        "django_floor": [run(4000), run(2000), run(4000)],
        "nginx": [run(60000), run(30000), run(62000)],
    }
    row = summarise(runs)
    assert row["ratio_floor"] == 0.75
    assert row["ratio_floor_low"] == 0.75
    assert round(row["ratio_nginx"], 3) == 0.05
    assert row["ours"]["rps"] == 3000  # medians of the rounds
    assert row["django_floor"]["rps"] == 4000


def test_one_bad_round_shows_as_the_lowest_not_as_the_median():
    runs = {
        "ours": [run(3000), run(1000, errors=2), run(3000)],
        "django_floor": [run(4000), run(4000), run(4000)],
        "nginx": [run(60000)] * 3,
    }
    row = summarise(runs)
    assert row["ratio_floor"] == 0.75 >= TARGET
    assert row["ratio_floor_low"] == 0.25
    assert row["ours"]["errors"] == 2  # errors are summed over every round, never a median


def test_table_prints_the_median_ratio_and_the_lowest():
    row = {"page": "RSS feed", "connections": 16}
    row.update(
        summarise({"ours": [run(2000), run(2400)], "django_floor": [run(4000), run(4000)], "nginx": [run(50000)] * 2})
    )
    text = table([row], 16)
    assert "| RSS feed | 2,200 | 10.0 | 0 | 4,000 | 50,000 | 0.55 (0.50) | 0.044 |" in text
