"""Instruction counts: the cost of each stage of ``check``, free of the machine's noise.

::

    python -m benchmarks.instructions --documents 300        # about two minutes
    python -m benchmarks.run --instructions                   # the same table, after the timings

Wall time on a shared machine moves by 10–30 % from one run to the next, which hides the gains of a
few per cent that fixed-cost work is made of. The number of instructions a process executes does not
move: this module runs each stage in a child process under valgrind's cachegrind (``--cache-sim=no``:
only instructions are counted, at ~40× slow-down) and reports instructions per document, as a ratio to
the baseline — stdlib ``json.loads`` of the same lines — like the timed table.

One pass, exactly: each child imports everything, reads the lines, builds its engines and checks the
batch once to warm up (compiled loaders, lazily built plans), then runs the stage's pass ``rounds``
times. The count of a run with two rounds minus the count of a run with one is one pass, with the
interpreter's start-up, the imports and the set-up cancelled out.

Where valgrind is not installed the table is skipped with a message (``--instructions`` is never needed
for the timed suite).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import generate

#: The stages, in the order of the table: (key, what it measures).
STAGES: tuple[tuple[str, str], ...] = (
    ("baseline", "baseline: json.loads per line (stdlib, floats)"),
    ("decode_exact", "exact decode: ledger.io.jsontext.loads (Decimals)"),
    ("parse_document", "parse_document (decode + limits screen)"),
    ("check_bal", "check, BAL rules only (like-for-like with peers)"),
    ("check_no_context", "check, no context"),
    ("check_context", "check, context + every rule"),
)

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def valgrind() -> str | None:
    """The valgrind executable, or None."""
    return shutil.which("valgrind")


def _passes(stage: str, lines: list[str], context_path: Path) -> Callable[[], Any]:
    """The stage's pass over every line, set up (engines built) and warmed up once."""
    import json

    from ledger.io.context_file import load_context
    from ledger.io.jsontext import loads
    from ledger.io.sources import parse_document
    from rules.engine import Engine

    if stage == "baseline":
        one: Callable[[str, int], Any] = lambda text, index: json.loads(text)  # noqa: E731
    elif stage == "decode_exact":
        one = lambda text, index: loads(text)  # noqa: E731
    elif stage == "parse_document":
        one = lambda text, index: parse_document("<line>", text)  # noqa: E731
    else:
        if stage == "check_bal":
            engine = Engine(select="BAL")
        elif stage == "check_no_context":
            engine = Engine()
        else:
            engine = Engine(context=load_context(context_path.read_bytes()))
        one = lambda text, index: engine.check(text, index=index)  # noqa: E731

    def run() -> None:
        for index, text in enumerate(lines):
            one(text, index)

    run()  # warm up: compiled loaders, plans
    return run


def child(stage: str, path: Path, context_path: Path, rounds: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    run = _passes(stage, lines, context_path)
    for _ in range(rounds):
        run()


def _count(stage: str, path: Path, context_path: Path, rounds: int) -> int:
    command = [
        valgrind() or "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "benchmarks.instructions",
        "--child",
        stage,
        str(path),
        str(context_path),
        str(rounds),
    ]
    root = Path(__file__).resolve().parents[1]
    environment = dict(os.environ, PYTHONPATH=str(root), PYTHONHASHSEED="0")
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=root)
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{stage}: valgrind exit {done.returncode}: {done.stderr.strip()[-400:]}")
    return int(found.group(1).replace(",", ""))


def measure(path: Path, context_path: Path, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    """Instructions per document of every stage, and each one's ratio to the baseline's."""
    documents = len(path.read_text(encoding="utf-8").splitlines())
    rows: list[dict[str, Any]] = []
    for key, name in STAGES:
        one_pass = _count(key, path, context_path, 2) - _count(key, path, context_path, 1)
        rows.append({"key": key, "name": name, "documents": documents, "instructions": one_pass})
        log(f"  {key}: {one_pass / documents:,.0f} instructions per document")
    base = rows[0]["instructions"]
    for row in rows:
        row["ratio"] = row["instructions"] / base
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    header = ("stage", "instructions / document", "ratio to baseline")
    body = [(r["name"], f"{r['instructions'] / r['documents']:,.0f}", f"{r['ratio']:.2f}") for r in rows]
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(3)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for r in body:
        lines.append(
            "| "
            + r[0].ljust(widths[0])
            + " | "
            + " | ".join(c.rjust(w) for c, w in zip(r[1:], widths[1:]))
            + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.instructions", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--documents", type=int, default=300, help="documents per pass (default 300)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--child", nargs=4, metavar=("STAGE", "LINES", "CONTEXT", "ROUNDS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        stage, path, context_path, rounds = args.child
        child(stage, Path(path), Path(context_path), int(rounds))
        return 0
    if valgrind() is None:
        print("valgrind is not installed: no instruction counts (apt-get install valgrind)")
        return 0
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "batch.jsonl"
        with open(path, "wb") as stream:
            generate.write_jsonl(generate.requests(args.documents, seed=args.seed), stream)
        print(f"instructions per document, {args.documents} generated request bodies (cachegrind)")
        rows = measure(path, generate.EXAMPLE_CONTEXT)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
