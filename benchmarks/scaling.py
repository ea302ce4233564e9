"""How the time to check ONE document grows with its size: the measurements the test suite used to time.

::

    python -m benchmarks.scaling [--lines 50000] [--repeat 3] [--json OUT]

Each row is a ratio to a baseline measured in the same run, on the same machine, a moment apart, so the
machine's speed cancels out (seconds alone say little on a shared VM):

* **lines**: ``Engine.check`` of a balanced entry of N lines (default 50,000, the ``max_items`` limit)
  against one of N/10 lines, without a context and with the example context and every rule. Linear
  cost gives ~10; a quadratic path would give ~100. Expected: below 30.
* **depth**: a text nested 100,000 levels deep (arrays, then objects) against a two-line entry. The
  JSON decoder's own depth guard refuses it before any of our code walks it, so it costs about what
  the tiny document costs plus the decoder's own (C) time on the text. Expected: below 50 times the
  tiny document plus 0.05 s (the bound the suite's timing test used).

Each timing is the best of ``--repeat`` runs (the least disturbed by other work on the machine).
The test suite states the same two facts in operation counts, which do not vary from run to run
(``tests/ledger/io/test_limits.py``: Python calls made, counted by ``cProfile``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.io.context_file import load_context
from ledger.io.jsontext import dumps, loads
from rules.engine import Engine

REPO = Path(__file__).resolve().parent.parent
ACCOUNT_A = "4afe77f4-4cb9-5f9e-ac97-c825732a3126"  # the example organisation's accounts and journal
ACCOUNT_B = "d28e7ccb-d240-5a95-b568-969edf35e829"
JOURNAL = "c20ac9b6-a766-5a63-beba-daf6bdd76521"

#: row key -> (the expectation in words, the test on (seconds, baseline seconds))
EXPECTED: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "lines_no_context": ("ratio < 30", lambda s, b: s < 30 * b),
    "lines_context": ("ratio < 30", lambda s, b: s < 30 * b),
    "depth_arrays": ("< 50 x baseline + 0.05 s", lambda s, b: s < 50 * b + 0.05),
    "depth_objects": ("< 50 x baseline + 0.05 s", lambda s, b: s < 50 * b + 0.05),
}


def balanced_request(lines: int) -> str:
    """A createAccountingEntry request body: ``lines`` lines (even) of 1.25, alternating sides and accounts."""
    query = loads((REPO / "examples" / "batch.json").read_text(encoding="utf-8"))[0]["query"]
    entry_lines = [
        {
            "debitAmount": Decimal("1.25") if i % 2 == 0 else Decimal(0),
            "creditAmount": Decimal(0) if i % 2 == 0 else Decimal("1.25"),
            "subAccountId": ACCOUNT_A if i % 2 == 0 else ACCOUNT_B,
            "registerType": "UNDEFINED",
        }
        for i in range(lines)
    ]
    values = {
        "entryType": "GENERAL",
        "date": "2025-01-01",
        "journalTypeId": JOURNAL,
        "accountingEntryLines": entry_lines,
    }
    return dumps({"query": query, "variables": {"values": values}})


def deep_text(opening: str, closing: str, levels: int = 100_000) -> str:
    return opening * levels + "1" * (opening == '{"a":') + closing * levels


def best_time(function: Callable[[], Any], repeat: int) -> float:
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best


def measure(lines: int = 50_000, repeat: int = 3) -> list[dict]:
    """The rows: key, what, seconds (the measured case), baseline seconds, ratio, expected ratio below."""
    context = load_context((REPO / "examples" / "context.json").read_bytes())
    small, large = balanced_request(lines // 10), balanced_request(lines)
    tiny = balanced_request(2)
    rows = []
    for key, label, engine in (
        ("lines_no_context", "no context", Engine()),
        ("lines_context", "example context", Engine(context=context)),
    ):
        engine.check(small)  # warm the per-query caches: the rows compare checking, not first use
        baseline = best_time(lambda e=engine: e.check(small), repeat)
        seconds = best_time(lambda e=engine: e.check(large), repeat)
        rows.append(_row(key, f"{lines:,} lines / {lines // 10:,} lines, {label}", seconds, baseline))
    engine = Engine()
    engine.check(tiny)
    for key, opening, closing in (("depth_arrays", "[", "]"), ("depth_objects", '{"a":', "}")):
        text = deep_text(opening, closing)
        baseline = best_time(lambda: engine.check(tiny), repeat)
        seconds = best_time(lambda t=text: engine.check(t), repeat)
        rows.append(_row(key, f"100,000-deep {opening}…{closing} / a 2-line entry", seconds, baseline))
    return rows


def _row(key: str, what: str, seconds: float, baseline: float) -> dict:
    expected, holds = EXPECTED[key]
    return {
        "key": key,
        "what": what,
        "seconds": seconds,
        "baseline_seconds": baseline,
        "ratio": seconds / baseline if baseline > 0 else None,
        "expected": expected,
        "met": holds(seconds, baseline),
    }


def table(rows: list[dict]) -> str:
    out = [f"{'measurement':<52} {'seconds':>9} {'baseline':>9} {'ratio':>7}  expected"]
    for row in rows:
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}"
        out.append(
            f"{row['what']:<52} {row['seconds']:>9.4f} {row['baseline_seconds']:>9.4f} {ratio:>7}  "
            f"{row['expected']} {'PASS' if row['met'] else 'FAIL'}"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.scaling", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--lines", type=int, default=50_000, help="lines of the large entry (default 50000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (the best is kept)")
    parser.add_argument("--json", metavar="OUT", help="write the rows as JSON")
    args = parser.parse_args(argv)
    if args.lines < 20 or args.lines % 20:
        parser.error("--lines must be a multiple of 20 (both entries have an even number of lines)")
    rows = measure(args.lines, args.repeat)
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
