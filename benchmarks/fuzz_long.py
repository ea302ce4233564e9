"""The long fuzz run: at least a million generated documents, every invariant checked, then a summary.

    python benchmarks/fuzz_long.py --documents 1000000            # ~15-25 min on 2 cores
    python benchmarks/fuzz_long.py --documents 20000 --jobs 1     # a quick look
    python benchmarks/fuzz_long.py --replay 123456 --seed 1        # re-run ONE document, with traceback

It drives the very mutators of the CI suite (``tests/helpers/fuzzing.py``: structure-aware mutations of valid
documents, text corruption, random JSON and raw bytes) with a seeded ``random.Random`` instead of
Hypothesis — a million Hypothesis examples would take hours, and the point here is volume. Document
``i`` of seed ``s`` is generated from ``Random(f"{s}:{i}")`` alone, so any failure is reproduced with
``--replay i --seed s`` whatever the number of workers.

Per document, with the example context on every other one: ``Engine.check`` must not raise and its
report must be byte-identical when checked again (every document) and in a fresh engine (every 500th).
Besides: sources of several documents through ``read_documents`` (exactly one report per document of a
JSON Lines source), ``Loader.load`` of model-shaped values for every model class (and, for a value
within the limits, the compiled fast path must give the very same result), ``fix_document``,
``codegen.render`` (only KeyError/TypeError/ValueError), ``load_context`` (only ContextError), and
``audit`` of small ledgers read back from the API (entries lettered across each other, broken entry by
entry or as text, as JSON Lines, a list or a GraphQL response): it must not raise, and auditing the
same bytes again must give the same reports.

The run stops by itself after ``--documents`` documents (or ``--max-seconds``), prints a summary and
exits 0 when nothing was found, 1 otherwise (each failure: the document number and the exception; the
first ones also with their traceback).
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from codegen import render  # noqa: E402
from ledger.context import ContextError  # noqa: E402
from ledger.io.context_file import context_from_dict, load_context  # noqa: E402
from ledger.io.jsontext import dumps  # noqa: E402
from ledger.io.limits import DEFAULT_LIMITS, first_breach  # noqa: E402
from ledger.io.loading import Loader  # noqa: E402
from ledger.io.sources import read_documents  # noqa: E402
from ledger.operations import BY_NAME  # noqa: E402
from rules.audit import AUDIT_DEFAULT_SELECT, Auditor  # noqa: E402
from rules.engine import Engine  # noqa: E402
from rules.fixing import fix_document  # noqa: E402
from tests.helpers import fuzzing as fuzz  # noqa: E402  (the CI suite's mutators and material)

KINDS = (
    "mutated",
    "mutated",
    "scenario",
    "scenario",
    "text",
    "text",
    "json",
    "bytes",
    "source",
    "loader",
    "side",
    "audit",
)
OPERATIONS = sorted(BY_NAME)
RENDER_NAMES = sorted(__import__("codegen.surface", fromlist=["BY_NAME"]).BY_NAME)


class Failure(Exception):
    pass


def _report(report) -> str:
    return json.dumps(report.to_dict())


def _stable(engine: Engine, document, operation, fresh: bool, stats: collections.Counter) -> int:
    """Check one document; the report must not change. Returns the number of reports (1)."""
    first = engine.check(document, operation=operation)
    if _report(first) != _report(engine.check(document, operation=operation)):
        raise Failure("the same engine gave two different reports")
    if fresh and _report(first) != _report(
        Engine(context=engine.context).check(document, operation=operation)
    ):
        raise Failure("a fresh engine gave a different report")
    codes = first.codes()
    if "FLD001" in codes and codes != ["FLD001"]:
        raise Failure(f"FLD001 with other codes: {codes}")
    if any(not v.message.isprintable() for v in first.violations):
        raise Failure("a message is not one printable line")
    stats.update(codes or ["(valid)"])
    if codes == ["FLD001"] and "(max_" in first.violations[0].message:
        stats["limit: " + first.violations[0].message.rsplit("(", 1)[1].rstrip(")")] += 1
    return 1


def run_one(index: int, seed: int, engines: tuple[Engine, Engine], stats: collections.Counter) -> int:
    """Generate and check document ``index``; returns how many documents it counted."""
    rng = random.Random(f"{seed}:{index}")
    c = fuzz.RandomChooser(rng)
    engine = engines[index % 2]
    fresh = index % 500 == 0
    kind = c.pick(KINDS)
    stats["kind: " + kind] += 1
    if kind == "mutated":
        document, operation = fuzz.fuzzed_document(c)
        return _stable(engine, document, operation, fresh, stats)
    if kind == "scenario":  # a ledger.testing input, valid for its own organisation, then broken
        context, document, operation, scenario_engine = c.pick(_scenarios())
        mutations = c.integer(0, 2)
        for _ in range(mutations):
            document = fuzz.mutate(document, c)
        if mutations == 0 and not scenario_engine.check(document, operation=operation).valid:
            raise Failure("a valid ledger.testing scenario was reported invalid")
        if c.chance(3):
            document = fuzz.corrupt_text(dumps(document), c)
        return _stable(scenario_engine, document, operation, fresh, stats)
    if kind == "text":
        text, operation = fuzz.fuzzed_text(c)
        return _stable(engine, text, operation, fresh, stats)
    if kind == "json":
        return _stable(engine, fuzz.random_value(c), c.pick([None] + OPERATIONS), fresh, stats)
    if kind == "bytes":
        noise = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 200)))
        return _stable(engine, noise, c.pick((None, "createAccountingEntry")), fresh, stats)
    if kind == "source":  # several documents in one source: one report each
        documents = [fuzz.fuzzed_document(c)[0] for _ in range(c.integer(1, 4))]
        lines = [fuzz.json_line(d) for d in documents]
        lines = [line for line in lines if line.strip()]
        data = "\n".join(lines).encode("utf-8", "replace")
        corrupted = c.chance(3)
        if corrupted:
            data = fuzz.corrupt_text(data.decode("utf-8"), c)
        name = c.pick(("s.jsonl", "s.json", "s"))
        raws = list(read_documents(name, io.BytesIO(data)))
        reports = list(engine.check_documents(raws))
        if len(reports) != len(raws):  # (an empty array is a batch of no documents)
            raise Failure("a source's documents and reports differ in number")
        if name == "s.jsonl" and not corrupted and lines and len(raws) != len(lines):
            raise Failure(f"a JSON Lines source of {len(lines)} lines gave {len(raws)} documents")
        stats.update(r.codes()[0] if r.codes() else "(valid)" for r in reports)
        return len(reports)
    if kind == "loader":
        cls = c.pick(fuzz.MODELS)
        value = fuzz.shaped_value(cls, c)
        if c.chance(2):
            value = fuzz.mutate(value, c)
        mode = c.pick(("create", "read"))
        loaded = Loader().load(cls, value, mode=mode)
        if loaded.model is not None and not isinstance(loaded.model, cls):
            raise Failure("the loader built the wrong class")
        if isinstance(value, dict) and first_breach(value, DEFAULT_LIMITS) is None:
            differs = fuzz.disagreement(cls, value, mode, loaded)  # ledger.io.compiled_load
            if differs is not None:
                raise Failure(f"the compiled fast path and the generic loader disagree: {differs}"[:500])
            stats["loader: compared"] += 1
            stats["loader: compared, valid"] += not loaded.problems
        return 1
    if kind == "audit":  # a few entries read back from the API (lettered across entries), then broken
        pool = _read_entries()
        start = c.integer(0, len(pool) - 1)
        entries = [fuzz.plain_copy(entry) for entry in pool[start : start + c.integer(1, 6)]]
        for _ in range(c.integer(0, 3)):
            at = c.integer(0, len(entries) - 1)
            entries[at] = fuzz.mutate(entries[at], c)
        lines = [fuzz.json_line(e) for e in entries]
        text = (
            "\n".join(lines)
            if c.chance(2)
            else dumps(c.pick((entries, {"data": {"accountingEntries": {"nodes": entries}}})))
        )
        data = fuzz.corrupt_text(text, c) if c.chance(4) else text.encode("utf-8", "replace")
        auditor = _auditors()[index % 2]
        first = [_report(r) for r in auditor.audit_sources([("ledger.jsonl", data)])]
        if [_report(r) for r in auditor.audit_sources([("ledger.jsonl", data)])] != first:
            raise Failure("the same ledger gave a different audit")
        stats["audit: entries"] += len(first)
        return len(first)
    # side entry points: fix, render, the context loader
    which = c.integer(0, 2)
    if which == 0:
        document, operation = fuzz.fuzzed_document(c)
        operation = operation if operation in BY_NAME else None
        result = fix_document(document, operation=operation, context=fuzz.CONTEXT if c.chance(2) else None)
        dumps(result.document, indent=2)
    elif which == 1:
        value = fuzz.fuzzed_document(c)[0] if c.chance(2) else fuzz.random_value(c)
        try:
            render(c.pick(RENDER_NAMES + ["nope"]), value)
        except (KeyError, TypeError, ValueError):
            pass
    else:
        broken = fuzz.mutate(fuzz.CONTEXT_DICT, c)
        for attempt in (
            lambda: context_from_dict(broken),
            lambda: load_context(fuzz.corrupt_text(dumps(broken), c)),
        ):
            try:
                attempt()
            except ContextError:
                pass
    return 1


_ENGINES: tuple[Engine, Engine] | None = None
_SCENARIOS: list | None = None


def _scenarios() -> list:
    """A fixed pool of 200 ledger.testing scenarios (derandomized: the same pool on every run)."""
    global _SCENARIOS
    if _SCENARIOS is None:
        from hypothesis import HealthCheck, given, settings

        from ledger.testing import scenarios

        pool: list = []

        @settings(
            max_examples=200,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(scenarios())
        def collect(scenario):
            pool.append(scenario)

        collect()
        _SCENARIOS = [
            (s.context, s.input, s.operation, Engine(context=context_from_dict(s.context)))
            for s in pool[-200:]
        ]
    return _SCENARIOS


_READ_ENTRIES: list | None = None


def _read_entries() -> list:
    """A fixed pool of 60 entries as read from the API (benchmarks.generate: invoices with open items,
    and the bank entries that letter them)."""
    global _READ_ENTRIES
    if _READ_ENTRIES is None:
        from benchmarks.generate import read_entries

        _READ_ENTRIES = list(read_entries(60, seed=0))
    return _READ_ENTRIES


_AUDITORS: tuple | None = None


def _auditors() -> tuple:
    """Auditors as ``ledger-rules audit`` builds them, without and with the example context."""
    global _AUDITORS
    if _AUDITORS is None:
        _AUDITORS = tuple(
            Auditor(Engine(context=context, select=AUDIT_DEFAULT_SELECT)) for context in (None, fuzz.CONTEXT)
        )
    return _AUDITORS


def _engines() -> tuple[Engine, Engine]:
    global _ENGINES
    if _ENGINES is None:
        _ENGINES = (Engine(), Engine(context=fuzz.CONTEXT))
    return _ENGINES


def run_chunk(args: tuple[int, int, int]) -> tuple[int, collections.Counter, list[dict]]:
    start, stop, seed = args
    engines, stats, failures, counted = _engines(), collections.Counter(), [], 0
    for index in range(start, stop):
        try:
            counted += run_one(index, seed, engines, stats)
        except Exception as exc:  # a finding: record it and go on
            failures.append(
                {
                    "index": index,
                    "error": f"{type(exc).__name__}: {str(exc)[:300]}",
                    "traceback": traceback.format_exc(limit=8)[-3000:],
                }
            )
            counted += 1
    return counted, stats, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--documents", type=int, default=1_000_000, help="documents to generate (default 1,000,000)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk", type=int, default=2_000, help="documents per work unit")
    parser.add_argument("--max-seconds", type=float, default=None, help="stop early after this long")
    parser.add_argument(
        "--replay", type=int, metavar="INDEX", help="re-run one document and show its traceback"
    )
    args = parser.parse_args(argv)
    if args.replay is not None:
        stats: collections.Counter = collections.Counter()
        run_one(args.replay, args.seed, _engines(), stats)  # raises with the full traceback
        print(f"document {args.replay} of seed {args.seed}: no failure ({dict(stats)})")
        return 0
    units = [
        (s, min(s + args.chunk, args.documents), args.seed) for s in range(0, args.documents, args.chunk)
    ]
    _scenarios(), _engines(), _read_entries(), _auditors()  # built once, before the workers fork
    started = time.monotonic()
    totals: collections.Counter = collections.Counter()
    failures: list[dict] = []
    counted = 0
    with multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn").Pool(args.jobs) as pool:
        for done, (unit_counted, stats, unit_failures) in enumerate(pool.imap_unordered(run_chunk, units), 1):
            counted += unit_counted
            totals.update(stats)
            failures.extend(unit_failures)
            elapsed = time.monotonic() - started
            if sys.stderr.isatty() and (done % 25 == 0 or done == len(units)):
                print(
                    f"\r{counted:,} documents checked, {len(failures)} failures, {counted / elapsed:,.0f}/s",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )
            if args.max_seconds is not None and elapsed > args.max_seconds:
                pool.terminate()
                print("\nstopped: --max-seconds reached", file=sys.stderr)
                break
    elapsed = time.monotonic() - started
    print(file=sys.stderr)
    generators = {k[6:]: v for k, v in totals.items() if k.startswith("kind: ")}
    limits = {k[7:]: v for k, v in totals.items() if k.startswith("limit: ")}
    codes = {
        k: v for k, v in totals.items() if not k.startswith(("kind: ", "limit: ", "loader: ", "audit: "))
    }
    print(
        f"fuzz_long: seed {args.seed}, {counted:,} documents checked in {elapsed:,.0f} s "
        f"({counted / max(elapsed, 1e-9):,.0f}/s, {args.jobs} workers)"
    )
    print("  generators: " + ", ".join(f"{k} {v:,}" for k, v in sorted(generators.items())))
    print(
        "  beyond a limit (FLD001): " + (", ".join(f"{k} {v:,}" for k, v in sorted(limits.items())) or "none")
    )
    print(
        f"  loader, fast path against the generic walk: {totals['loader: compared']:,} values compared "
        f"({totals['loader: compared, valid']:,} valid)"
    )
    print(
        f"  audit: {generators.get('audit', 0):,} ledgers of {totals['audit: entries']:,} entries, each audited twice"
    )
    print(
        "  most reported: " + ", ".join(f"{k} {v:,}" for k, v in collections.Counter(codes).most_common(12))
    )
    print(f"  failures: {len(failures)}")
    for failure in failures[:20]:
        print(
            f"    document {failure['index']}: {failure['error']}  (replay: --replay {failure['index']} --seed {args.seed})"
        )
    for failure in failures[:3]:
        print(failure["traceback"])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
