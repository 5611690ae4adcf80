"""The pure parts of scripts/bench (scripts/bench_all.py): the table rendered from a JSON of
results, and the rewrite of a docs file between its markers. The benchmarks themselves are never
run by the tests, and no timing is asserted."""

from __future__ import annotations

import pytest

from tests.drills.conftest import load_script

bench = load_script("bench_all")

DOC = """# Performance

Intro.

<!-- bench:begin -->
old table
<!-- bench:end -->

## Scaling

<!-- scaling:begin -->
old scaling
<!-- scaling:end -->

The end.
"""

RESULTS = {
    "date": "2026-12-03T10:00:00+00:00",
    "quick": False,
    "sizes": {"ward": [100, 13, 10], "national": [1600, 250, 200]},
    "machine": {"cpus": 2, "python": "3.11.7", "chromium": "Chromium 156", "commit": "abc123"},
    "loadavg": {"ballot": [1.25, 2.5], "count": [2.0, 2.0]},
    "casting": {
        "sqlite_ward": {
            "voters": 100,
            "names": 13,
            "tablets": 16,
            "server_processes": 1,
            "ballots_per_s": 12.5,
            "wall_s": 8.0,
            "cast": {"p50_ms": 80.0, "p95_ms": 200.0, "p99_ms": 400.0, "max_ms": 500.0},
        },
        "postgresql_national": {"error": "RuntimeError: no server"},
    },
    "browser": {
        "results": {
            "13 names": {
                "worker, CPU x1": 10.0,
                "worker prepare, CPU x1": 6.0,
                "worker after press, CPU x1": 2.0,
            },
            "250 names": {"worker, CPU x1": 80.0},
        }
    },
    "ballot": {
        "250_names": {
            "quick_1_threads": {"p50_ms": 140.0, "p95_ms": 210.0},
            "quick_3_threads": {"p50_ms": 80.0, "p95_ms": 120.0},
        },
        "13_names": {"quick_1_threads": {"p50_ms": 10.0, "p95_ms": 20.0}},
    },
    "count": {
        "ballots": 97,
        "total": {"median_s": 0.5},
        "add_up": {"median_s": 0.05},
        "partial_decryptions": {"median_s": 0.05},
    },
    "verify": {"ballots": 1600, "candidates": 250, "workers": 2, "verified_s": 160.0, "ok": True},
    "electionguard": {
        "cases": [
            {
                "candidates": 13,
                "limit": 10,
                "encrypt_s": {"median": 0.2},
                "verify_s": {"median": 0.4},
                "tally_ballots": 100,
                "tally_s": 0.2,
                "decrypt_s": 1.3,
            },
            {
                "candidates": 250,
                "limit": 200,
                "encrypt_s": {"median": 4.0},
                "verify_s": {"median": 8.0},
                "tally_s": 3.0,
                "decrypt_s": 30.0,
            },
        ]
    },
}


def rows_by_what(results):
    return {r["what"]: r for r in bench.figure_rows(results)}


def test_the_table_puts_ours_beside_electionguards_with_the_ratio_and_the_target():
    rows = rows_by_what(RESULTS)
    quick = rows["server: verify one ballot, 250 names, 1 thread, p50"]
    assert quick["ours"] == "140 ms"
    assert quick["eg"].startswith("8.00 s")
    assert quick["ratio"] == "0.018"
    assert quick["faster"] == "57×"
    assert quick["target"] == "yes (< 150 ms); yes (≥ 50×)"
    slow = rows["server: verify one ballot, 250 names, 1 thread, p95"]
    assert slow["faster"] == "38×" and slow["target"] == "**no** (< 150 ms); **no** (≥ 50×)"
    small = rows["server: verify one ballot, 13 names, 1 thread, p95"]
    assert small["faster"] == "20×" and small["target"] == "**no** (≥ 50×)"
    ward = rows["ward counted, close → announced (97 ballots × 12 names, SQLite)"]
    assert ward["ours"] == "500 ms" and ward["target"] == "yes (< 5.00 s)" and ward["eg"] == "—"
    add = rows["ward: add up + 2 partial decryptions checked, combined, counted"]
    assert add["eg"].startswith("1.50 s") and add["faster"] == "15×"
    record = rows["record verified (1600 ballots × 250 names, 2 processes)"]
    # ElectionGuard's: 8 s × 1,600 ballots / 2 processes + 30 s of decryption
    assert record["eg"].startswith("107.2 min") and record["faster"] == "40×"
    assert record["target"] == "yes (< 10.0 min); **no** (≥ 50×)"


def test_the_tablets_prepared_encryption_is_shown_as_its_wait_and_as_all_its_work():
    rows = rows_by_what(RESULTS)
    small = "browser: encrypt + prove 13 names (K = 10), "
    assert rows[small + "in the Web Worker, all at the button"]["faster"] == "20×"
    assert rows[small + "prepared while marking: the wait after the button"]["ours"] == "2.0 ms"
    assert rows[small + "prepared while marking: the wait after the button"]["faster"] == "100×"
    assert rows[small + "prepared while marking + after the button: all the work"]["ours"] == (
        "8.0 ms"
    )
    big = "browser: encrypt + prove 250 names (K = 200), "
    assert big + "in the Web Worker, all at the button" in rows
    assert not [what for what in rows if what.startswith(big + "prepared")]  # not measured
    assert rows[big + "page thread, CPU throttled 4x"]["ours"] == "—"


def test_a_ward_and_a_national_count_and_record_each_beside_electionguard():
    both = {
        **RESULTS,
        "count": {
            "ward": RESULTS["count"],
            "national": {
                "ballots": 1600,
                "names": 250,
                "total": {"median_s": 9.0},
                "add_up": {"median_s": 2.0},
                "partial_decryptions": {"median_s": 0.5},
            },
        },
        "verify": {
            "ward": {"ballots": 100, "candidates": 13, "workers": 2, "verified_s": 1.0, "ok": True},
            "national": RESULTS["verify"],
        },
    }
    rows = rows_by_what(both)
    national = rows["national counted, close → announced (1600 ballots × 250 names, SQLite)"]
    assert national["ours"] == "9.00 s" and national["target"] == "—"  # the target is the ward's
    add = rows["national: add up + 2 partial decryptions checked, combined, counted"]
    # ElectionGuard's tally of 100 250-name ballots (3 s) × 16, plus its 30 s of decryption
    assert add["eg"] == "78 s (its tally of 100 × 16 + 2-of-3 decrypt, extrapolated)"
    assert add["faster"] == "31×"
    assert rows["ward counted, close → announced (97 ballots × 12 names, SQLite)"]["ours"] == (
        "500 ms"
    )
    ward = rows["record verified (100 ballots × 13 names, 2 processes)"]
    # 0.4 s × 100 ballots / 2 processes + 1.3 s of decryption = 21.3 s
    assert (
        ward["eg"].startswith("21 s")
        and ward["faster"] == "21×"
        and ward["target"] == ("**no** (≥ 50×)")
    )
    assert "record verified (1600 ballots × 250 names, 2 processes)" in rows


def test_casting_rows_and_missing_or_failed_steps():
    rows = rows_by_what(RESULTS)
    head = "casting over HTTP, SQLite, 1 process, ward (100 voters × 13 names, 16 tablets)"
    assert rows[f"{head}: throughput"]["ours"] == "12.5 ballots/s (8.00 s in all)"
    assert rows[f"{head}: cast p99"]["ours"] == "400 ms"
    assert rows["casting, PostgreSQL, national (1600 × 250 names)"]["ours"] == "—"
    table = bench.render_table(RESULTS)
    assert "`casting postgresql_national` failed: RuntimeError: no server" in table
    assert "ballot 1.2 → 2.5, count 2.0 → 2.0" in table
    assert "commit abc123" in table and "QUICK" not in table
    assert table.count("\n| ") == len(bench.figure_rows(RESULTS)) + 1
    assert "QUICK RUN" in bench.render_table({**RESULTS, "quick": True})
    assert "moved" not in table
    moved = {**RESULTS, "commits": {"casting": ["aaaa", "aaaa"], "count": ["aaaa", "bbbb"]}}
    assert "moved while it ran: aaaa for casting, count; bbbb for count." in bench.render_table(
        moved
    )
    again = {**RESULTS, "merged": [{"date": "D", "file": "F.json", "steps": ["count", "verify"]}]}
    assert "Run again on D and merged in (`F.json`): count, verify." in bench.render_table(again)
    assert bench.render_table({})  # nothing ran: a table of dashes, no error


def test_the_scaling_table_is_per_ballot_times_the_ballots():
    scaling = {
        "samples": 3,
        "workers": 2,
        "names": [13],
        "delegates": [100, 1600],
        "measured": {
            "13": {
                "encrypt_s": 0.01,
                "verify_s": 0.02,
                "add_up_per_ballot_s": 0.001,
                "decrypt_s": 0.05,
            }
        },
    }
    assert bench.scaling_rows(scaling) == [
        ["13", "100", "2.00 s", "150 ms", "1.05 s"],
        ["13", "1,600", "32 s", "1.65 s", "16 s"],
    ]
    text = bench.render_scaling({"date": "d", "scaling": scaling, "loadavg": {}})
    assert "| 13 | 10 ms | 20 ms | 1.0 ms | 50 ms |" in text


def test_replacing_between_the_markers_keeps_the_rest(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text(DOC, encoding="utf-8")
    bench.rewrite_docs(
        path,
        [(bench.BENCH_MARKERS, "| new |\n"), (bench.SCALING_MARKERS, "scaled")],
    )
    text = path.read_text(encoding="utf-8")
    assert "<!-- bench:begin -->\n| new |\n<!-- bench:end -->" in text
    assert "<!-- scaling:begin -->\nscaled\n<!-- scaling:end -->" in text
    assert "old" not in text
    assert text.startswith("# Performance\n\nIntro.\n\n") and text.endswith("The end.\n")
    bench.rewrite_docs(path, [(bench.BENCH_MARKERS, "| new |")])
    assert path.read_text(encoding="utf-8") == text  # the same body twice: the same file


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (DOC.replace("<!-- bench:begin -->\n", ""), "<!-- bench:begin --> is missing"),
        (DOC.replace("<!-- bench:end -->", ""), "<!-- bench:end --> is missing"),
        (DOC + "<!-- bench:end -->\n", "<!-- bench:end --> is there 2 times"),
        (
            DOC.replace("<!-- bench:begin -->", "@@")
            .replace("<!-- bench:end -->", "<!-- bench:begin -->")
            .replace("@@", "<!-- bench:end -->"),
            "comes before",
        ),
    ],
)
def test_wrong_or_missing_markers_change_nothing(tmp_path, broken, message):
    path = tmp_path / "performance.md"
    path.write_text(broken, encoding="utf-8")
    # The scaling section is fine, the bench one is not: neither is written.
    with pytest.raises(bench.MarkerError, match=message) as raised:
        bench.rewrite_docs(
            path, [(bench.SCALING_MARKERS, "scaled"), (bench.BENCH_MARKERS, "| new |")]
        )
    assert "nothing was changed" in str(raised.value)
    assert path.read_text(encoding="utf-8") == broken


def test_only_the_tables_of_the_steps_that_ran_are_rewritten():
    scaling = {"samples": 1, "workers": 2, "names": [], "delegates": [], "measured": {}}
    results = {**RESULTS, "scaling": scaling}
    assert [m for m, _ in bench._doc_sections(results, ["scaling"])] == [bench.SCALING_MARKERS]
    assert [m for m, _ in bench._doc_sections(results, ["count"])] == [bench.BENCH_MARKERS]
    both = bench._doc_sections(results, ["count", "scaling"])
    assert [m for m, _ in both] == [bench.BENCH_MARKERS, bench.SCALING_MARKERS]
    failed = {**RESULTS, "scaling": {"error": "RuntimeError"}}
    assert [m for m, _ in bench._doc_sections(failed, ["count", "scaling"])] == [
        bench.BENCH_MARKERS
    ]
