"""The benchmark suite: one command, one run, the same bytes for every measurement.

::

    python -m benchmarks.run --documents 100000 [--json OUT] [--quick] [--scale] [--repeat 3]

Steps (see ``benchmarks/README.md`` for what each row means and the targets of issue 7):

1. generate N seeded documents (:mod:`benchmarks.generate`) for the example organisation and write
   them as JSON Lines of GraphQL request bodies AND as one JSON array (same bytes per document), plus
   N entries as read from the API, with lettering, for ``audit``;
2. in this process, median of ``--repeat`` runs: the BASELINE — stdlib ``json.loads`` of every line
   (floats, no checking) — the exact parse (``ledger.io.jsontext.loads``, Decimals), ``Engine.check`` of
   every line without a context and with the context and every rule;
3. through the CLI, as subprocesses (one run each; interpreter start-up included): ``check`` of the
   JSON Lines file (with its peak memory), of the JSON array file, with ``--jobs 2``, optionally of a
   10× file (``--scale``: memory flatness), and ``audit`` of the read entries;
4. where ``hledger``, ``ledger`` or ``bean-check`` are on PATH, the same entries in their formats,
   timed the same way;
5. print the table (documents/s and time per document as a ratio to the baseline's) and how the
   targets fare; ``--json OUT`` writes every figure.

Peak memory of a subprocess is its own ``ru_maxrss`` from ``os.wait4`` (for ``--jobs`` the largest of
the parent and its workers, not their sum). Ratios compare time PER DOCUMENT, so rows with 10× the
documents compare fairly; ``audit`` is compared with the baseline of its own bytes (the read entries).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks import generate

REPO = Path(__file__).resolve().parent.parent

#: Targets of the second performance round (issue 16): (key, description, test on the derived figures).
#: The ratios are time per document over the baseline's (``json.loads`` per line) in the same run.
TARGETS = (
    ("check_context_ratio", "check with context and every rule <= 5x baseline", lambda v: v <= 5.0),
    ("check_bal_ratio", "check, BAL rules only <= 4x baseline", lambda v: v <= 4.0),
    ("check_no_context_ratio", "check without context <= 4x baseline", lambda v: v <= 4.0),
    ("audit_ratio", "audit of read entries <= 4x the baseline of the same bytes", lambda v: v <= 4.0),
    ("vs_hledger", "docs/s per core >= 1x hledger check on the same entries", lambda v: v >= 1.0),
    ("jsonl_peak_mb_1m", "JSON Lines at 1,000,000 documents: peak <= 50 MB", lambda v: v <= 50),
    ("scale_memory_ratio", "10x documents costs < 1.2x memory (JSON Lines)", lambda v: v < 1.2),
    ("jobs_efficiency", "--jobs N on N cores >= 0.85 x N the throughput of one", lambda v: v >= 0.85),
    ("array_vs_jsonl", "JSON array not in the GC trap: >= 0.8x JSON Lines throughput", lambda v: v >= 0.8),
)


class Measurement(dict):
    """One row: name, documents, seconds, docs_per_s, ratio (to its baseline), peak_mb, note."""


def _row(
    key: str,
    name: str,
    documents: int,
    seconds: float,
    *,
    baseline: str | None = "baseline",
    peak_mb: float | None = None,
    note: str = "",
    **extra: Any,
) -> Measurement:
    return Measurement(
        key=key,
        name=name,
        documents=documents,
        seconds=seconds,
        docs_per_s=documents / seconds if seconds > 0 else None,
        baseline=baseline,
        peak_mb=peak_mb,
        note=note,
        **extra,
    )


def _median_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# The command runs under a tiny helper interpreter, not forked from this process: a child's ru_maxrss
# counts the pages it inherited before exec, so forking from a suite that holds 100,000 parsed
# documents would report the suite's memory, not the command's. The helper reports JSON on stdout.
_MEASURE = """
import json, os, subprocess, sys, time
with open(sys.argv[1], "wb") as err:
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(status)
print(json.dumps({"seconds": seconds, "maxrss": usage.ru_maxrss, "status": child.returncode}))
"""


def _run_cli(
    arguments: list[str], *, workdir: Path, environment: dict[str, str] | None = None
) -> tuple[float, float, int, str]:
    """Run a command (with ``environment`` added to ours); (wall seconds, peak MB of the process and its
    waited-for children, exit, stderr)."""
    errors = workdir / "stderr.txt"
    env = {**os.environ, **environment} if environment else None
    helper = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _MEASURE, str(errors), *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    measured = json.loads(helper.stdout)
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = measured["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return measured["seconds"], peak, measured["status"], errors.read_text(errors="replace")[-2000:]


def audit_available() -> bool:
    """Whether ``ledger-rules audit`` exists in this checkout (it arrived with a later issue)."""
    import importlib.util

    return importlib.util.find_spec("rules.cli.audit") is not None


def _rules_cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "rules", *arguments]


# -- steps --------------------------------------------------------------------------------------


def write_inputs(
    workdir: Path, documents: int, seed: int, log: Callable[[str], None], *, reuse: bool = False
) -> dict[str, Path]:
    paths = {
        "jsonl": workdir / "batch.jsonl",
        "array": workdir / "batch.json",
        "ledger": workdir / "ledger.jsonl",
        "context": generate.EXAMPLE_CONTEXT,
        "one": workdir / "one.jsonl",
    }
    stamp = workdir / "generated.json"
    wanted = {"documents": documents, "seed": seed}
    if reuse and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        log(f"reusing the {documents} documents generated with seed {seed} in {workdir}")
        return paths
    start = time.perf_counter()
    with open(paths["jsonl"], "wb") as stream:
        generate.write_jsonl(generate.requests(documents, seed=seed), stream)
    generate.jsonl_to_array(paths["jsonl"], paths["array"])
    with open(paths["ledger"], "wb") as stream:
        generate.write_jsonl(generate.read_entries(documents, seed=seed + 1), stream)
    with open(paths["one"], "wb") as stream:
        generate.write_jsonl(generate.requests(1, seed=seed), stream)
    stamp.write_text(json.dumps(wanted))
    log(
        f"generated {documents} documents and {documents} read entries in {time.perf_counter() - start:.1f} s "
        f"({paths['jsonl'].stat().st_size / 1e6:.1f} MB of JSON Lines) in {workdir}"
    )
    return paths


def write_scaled(source: Path, target: Path, factor: int) -> None:
    """``factor`` copies of the JSON Lines file back to back (the same documents, ``factor`` times)."""
    with open(target, "wb") as out:
        for _ in range(factor):
            with open(source, "rb") as data:
                shutil.copyfileobj(data, out, 1 << 20)


def in_process(paths: dict[str, Path], repeat: int, log) -> tuple[list[Measurement], dict]:
    from ledger.io.context_file import load_context
    from ledger.io.jsontext import loads as exact_loads
    from rules.engine import Engine

    lines = paths["jsonl"].read_bytes().decode("utf-8").splitlines()
    n = len(lines)
    rows: list[Measurement] = []
    facts: dict[str, Any] = {}

    # Nothing parsed or reported is kept alive across documents (as in the streaming CLI): a growing
    # list of parsed trees would put the cyclic garbage collector to work and slow every row down.
    def parse_all(parse, texts) -> None:
        for text in texts:
            parse(text)

    seconds, _ = _median_time(lambda: parse_all(json.loads, lines), repeat)
    rows.append(_row("baseline", "baseline: json.loads per line (stdlib, floats)", n, seconds, baseline=None))
    log(f"  baseline {n / seconds:,.0f} docs/s")

    array_text = paths["array"].read_bytes().decode("utf-8")
    seconds, _ = _median_time(lambda: json.loads(array_text), repeat)  # noqa: F821 (deleted after use)
    rows.append(
        _row(
            "baseline_array",
            "json.loads of the whole array (gc on)",
            n,
            seconds,
            note="the garbage-collector trap, for comparison",
        )
    )
    del array_text

    seconds, _ = _median_time(lambda: parse_all(exact_loads, lines), repeat)
    rows.append(_row("parse_exact", "exact parse: ledger.io.jsontext.loads (Decimals)", n, seconds))

    def check_all(engine) -> tuple[list, set]:
        findings, skipped = [], set()
        for index, line in enumerate(lines):
            report = engine.check(line, index=index)
            if report.violations:
                findings.extend((index, v.code, v.path) for v in report.violations)
            skipped.update(report.skipped_rules)
        return findings, skipped

    seconds, _ = _median_time(lambda: check_all(Engine(select="BAL")), repeat)
    rows.append(_row("check_bal", "check, BAL rules only (like-for-like with peers)", n, seconds))
    log(f"  check with the BAL rules only {n / seconds:,.0f} docs/s")

    seconds, (findings, _) = _median_time(lambda: check_all(Engine()), repeat)
    facts["findings_without_context"] = len(findings)
    rows.append(_row("check_no_context", "check, no context", n, seconds))
    log(f"  check without context {n / seconds:,.0f} docs/s")

    context = load_context(paths["context"].read_bytes())
    seconds, (findings, skipped) = _median_time(lambda: check_all(Engine(context=context)), repeat)
    facts["findings_with_context"] = len(findings)
    facts["first_findings"] = findings[:5]
    facts["skipped_rules"] = sorted(skipped)
    rows.append(_row("check_context", "check, context + every rule", n, seconds))
    log(f"  check with context {n / seconds:,.0f} docs/s")

    read_lines = paths["ledger"].read_bytes().decode("utf-8").splitlines()
    seconds, _ = _median_time(lambda: parse_all(json.loads, read_lines), repeat)
    rows.append(
        _row(
            "audit_baseline",
            "audit baseline: json.loads per read entry",
            len(read_lines),
            seconds,
            baseline=None,
        )
    )
    return rows, facts


def cli(
    paths: dict[str, Path], documents: int, *, scale: int, jobs: int, workdir: Path, log
) -> tuple[list[Measurement], dict]:
    rows: list[Measurement] = []
    facts: dict[str, Any] = {}
    context = str(paths["context"])
    check = ("check", "--format", "jsonl", "--no-progress", "--context", context)

    def run(
        key: str, name: str, count: int, arguments: list[str], *, baseline: str = "baseline", note: str = ""
    ) -> Measurement | None:
        seconds, peak, status, errors = _run_cli(arguments, workdir=workdir)
        if status not in (0, 1):  # 1 = findings; anything else is a crash or a usage error
            log(f"  {name}: FAILED (exit {status}): {errors.strip().splitlines()[-1:] if errors else ''}")
            facts.setdefault("failures", []).append({"key": key, "exit": status, "stderr": errors})
            return None
        row = _row(key, name, count, seconds, baseline=baseline, peak_mb=peak, note=note, exit=status)
        rows.append(row)
        log(f"  {name}: {count / seconds:,.0f} docs/s, peak {peak:.0f} MB")
        return row

    startup = run(
        "cli_startup",
        "CLI start-up: check of 1 document",
        1,
        _rules_cli(*check, str(paths["one"])),
        baseline="",
        note="interpreter + imports, in every CLI row",
    )
    one = run(
        "cli_jsonl", "CLI check, JSON Lines (stream)", documents, _rules_cli(*check, str(paths["jsonl"]))
    )
    array = run("cli_array", "CLI check, one JSON array", documents, _rules_cli(*check, str(paths["array"])))
    many = run(
        f"cli_jobs{jobs}",
        f"CLI check, JSON Lines, --jobs {jobs}",
        documents,
        _rules_cli(*check, "--jobs", str(jobs), str(paths["jsonl"])),
        note="peak = largest process",
    )
    if one and many:
        facts["jobs_speedup"] = many["docs_per_s"] / one["docs_per_s"]
        facts["jobs"] = jobs
        one["note"] = "--jobs 1"
    if one and array:
        facts["array_vs_jsonl"] = array["docs_per_s"] / one["docs_per_s"]
    if scale > 1:
        scaled = workdir / "batch-scaled.jsonl"
        write_scaled(paths["jsonl"], scaled, scale)
        big = run(
            "cli_jsonl_scaled",
            f"CLI check, JSON Lines x{scale} (stream)",
            documents * scale,
            _rules_cli(*check, str(scaled)),
            note=f"the batch repeated {scale} times",
        )
        scaled.unlink()
        if one and big:
            facts["scale_memory_ratio"] = big["peak_mb"] / one["peak_mb"]
    if audit_available():
        run(
            "audit_cli",
            "CLI audit, read entries + lettering",
            documents,
            _rules_cli(
                "audit", "--format", "jsonl", "--no-progress", "--context", context, str(paths["ledger"])
            ),
            baseline="audit_baseline",
        )
    else:
        facts["audit"] = "not available"
        log("  audit: not available")
    if startup is not None:
        facts["cli_startup_s"] = startup["seconds"]
    return rows, facts


#: Other tools: (executable, row name, command line builder, file writer, suffix, environment).
#: bean-check runs without beancount's pickle cache: on a first run it would also write a cache as large
#: as twice the file (33 s instead of 18.5 s at 100,000 entries), and on a repeat it would read the
#: cache instead of checking anything; either way the figure would not be the checking work.
EXTERNAL = (
    (
        "hledger",
        "hledger check",
        lambda f: ["hledger", "-f", f, "check"],
        generate.plain_text_journal,
        ".journal",
        {},
    ),
    (
        "ledger",
        "ledger bal (C++)",
        lambda f: ["ledger", "-f", f, "bal"],
        generate.plain_text_journal,
        ".ledger",
        {},
    ),
    (
        "bean-check",
        "bean-check",
        lambda f: ["bean-check", f],
        generate.beancount_journal,
        ".beancount",
        {"BEANCOUNT_DISABLE_LOAD_CACHE": "1"},
    ),
)


def external(
    paths: dict[str, Path], documents: int, workdir: Path, log
) -> tuple[list[Measurement], list[str]]:
    rows, notes = [], []
    for executable, name, command, writer, suffix, environment in EXTERNAL:
        if shutil.which(executable) is None:
            notes.append(f"{executable}: not on PATH, skipped")
            continue
        target = workdir / f"batch{suffix}"
        with open(paths["jsonl"], "rb") as lines, open(target, "w", encoding="utf-8") as out:
            docs = (json.loads(line, parse_float=Decimal) for line in lines)
            out.writelines(writer(docs))
        seconds, peak, status, errors = _run_cli(
            command(str(target)), workdir=workdir, environment=environment
        )
        if status != 0:
            notes.append(f"{executable}: exit {status}: {errors.strip()[-300:]}")
            continue
        rows.append(_row(executable, name, documents, seconds, peak_mb=peak, note="same entries, its format"))
        log(f"  {name}: {documents / seconds:,.0f} docs/s, peak {peak:.0f} MB")
    for note in notes:
        log(f"  {note}")
    return rows, notes


# -- results ----------------------------------------------------------------------------------------


def derive(rows: list[Measurement], facts: dict) -> dict[str, float]:
    by_key = {row["key"]: row for row in rows}
    for row in rows:
        base = by_key.get(row.get("baseline") or "")
        if base is not None and row["documents"] and base["documents"]:
            row["ratio"] = (row["seconds"] / row["documents"]) / (base["seconds"] / base["documents"])
        else:
            row["ratio"] = 1.0 if row.get("baseline") is None else None
    derived: dict[str, float] = {}
    for key, row_key in (
        ("check_context_ratio", "check_context"),
        ("check_no_context_ratio", "check_no_context"),
        ("check_bal_ratio", "check_bal"),
        ("audit_ratio", "audit_cli"),
    ):
        if by_key.get(row_key, {}).get("ratio") is not None:
            derived[key] = by_key[row_key]["ratio"]
    for key in ("jobs_speedup", "array_vs_jsonl", "scale_memory_ratio"):
        if key in facts:
            derived[key] = facts[key]
    if "jobs_speedup" in facts and facts.get("jobs"):
        derived["jobs_efficiency"] = facts["jobs_speedup"] / facts["jobs"]
    # Peers check on one core: ledger-rules' single-process CLI row (check --context) against theirs.
    ours = by_key.get("cli_jsonl", {}).get("docs_per_s")
    if ours and by_key.get("hledger", {}).get("docs_per_s"):
        derived["vs_hledger"] = ours / by_key["hledger"]["docs_per_s"]
    streamed = [
        r for r in rows if r["key"] in ("cli_jsonl", "cli_jsonl_scaled") and r["documents"] >= 1_000_000
    ]
    if streamed:
        derived["jsonl_peak_mb_1m"] = max(r["peak_mb"] for r in streamed)
    return derived


def _fmt(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(rows: list[Measurement]) -> str:
    header = ("measurement", "documents", "seconds", "docs/s", "ratio to baseline", "peak MB")
    body = [
        (
            row["name"],
            f"{row['documents']:,}",
            _fmt(row["seconds"], ".2f"),
            _fmt(row["docs_per_s"], ",.0f"),
            _fmt(row.get("ratio"), ".2f") + (" *" if row.get("baseline") == "audit_baseline" else ""),
            _fmt(row.get("peak_mb"), ".0f"),
        )
        for row in rows
    ]
    widths = [max(len(str(r[i])) for r in (header, *body)) for i in range(len(header))]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for r in body:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def target_lines(derived: dict[str, float]) -> list[tuple[str, str, float | None, bool | None]]:
    out = []
    for key, text, test in TARGETS:
        value = derived.get(key)
        out.append((key, text, value, None if value is None else bool(test(value))))
    return out


def _instructions(paths: dict[str, Path], documents: int, workdir: Path, log) -> str:
    """The instruction-count table (:mod:`benchmarks.instructions`) on the first ``documents`` lines."""
    from benchmarks import instructions

    if instructions.valgrind() is None:
        return "instructions: valgrind is not installed, no counts (apt-get install valgrind)"
    head = workdir / "instructions.jsonl"
    with open(paths["jsonl"], "rb") as source, open(head, "wb") as target:
        for _, line in zip(range(documents), source):
            target.write(line)
    log(f"instructions (cachegrind, {documents} documents, one pass per stage):")
    rows = instructions.measure(head, paths["context"], lambda text: log(text))
    return (
        f"instructions per document ({documents} documents; free of the machine's noise):\n"
        + instructions.table(rows)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--documents", type=int, default=100_000, metavar="N", help="documents (default 100000)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each in-process timing (median)")
    parser.add_argument("--quick", action="store_true", help="one run of everything (a smoke run)")
    parser.add_argument(
        "--scale",
        type=int,
        nargs="?",
        const=10,
        default=0,
        metavar="FACTOR",
        help="also stream FACTOR x N documents (default 10) to show memory flatness",
    )
    parser.add_argument("--jobs", type=int, default=2, help="workers for the --jobs row (default 2)")
    parser.add_argument("--json", metavar="OUT", help="write every figure as JSON")
    parser.add_argument("--workdir", metavar="DIR", help="keep the generated files in DIR")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --workdir: reuse files generated there with the same N and seed",
    )
    parser.add_argument("--no-external", action="store_true", help="do not time hledger/ledger/bean-check")
    parser.add_argument(
        "--instructions",
        type=int,
        nargs="?",
        const=300,
        default=0,
        metavar="N",
        help="also count instructions per stage on the first N documents (default 300; needs valgrind)",
    )
    args = parser.parse_args(argv)
    if args.documents < 1:
        parser.error("--documents must be at least 1")
    repeat = 1 if args.quick else max(1, args.repeat)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if load_before is not None and load_before > 0.5:
        log(
            f"note: load average {load_before:.2f} before the run: other processes share the CPUs, "
            "timings (and --jobs above all) will be pessimistic"
        )
    temporary = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="ledger-rules-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        paths = write_inputs(workdir, args.documents, args.seed, log, reuse=args.reuse and not temporary)
        log(f"in process (median of {repeat}):")
        rows, facts = in_process(paths, repeat, log)
        gc.collect()
        log("command line:")
        cli_rows, cli_facts = cli(
            paths, args.documents, scale=args.scale, jobs=args.jobs, workdir=workdir, log=log
        )
        rows += cli_rows
        facts.update(cli_facts)
        notes: list[str] = []
        if not args.no_external:
            log("other tools:")
            ext_rows, notes = external(paths, args.documents, workdir, log)
            rows += ext_rows
        counted = _instructions(paths, args.instructions, workdir, log) if args.instructions else None
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)

    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    derived = derive(rows, facts)
    targets = target_lines(derived)
    print(table(rows))
    print("(* = ratio to the audit baseline: json.loads of the read entries' own bytes)")
    if "audit" in facts:
        print(f"audit: {facts['audit']}")
    print()
    print("targets (issue 16):")
    for _key, text, value, ok in targets:
        verdict = "not measured" if ok is None else ("PASS" if ok else "FAIL")
        print(f"  [{verdict:>12}] {text}" + ("" if value is None else f"  (measured {value:.2f})"))
    for note in notes:
        print(f"  note: {note}")
    if counted is not None:
        print()
        print(counted)
    if load_before is not None:
        print(
            f"  note: load average {load_before:.2f} before the run, {load_after:.2f} after "
            f"({os.cpu_count()} CPUs); a busy machine makes every row slower and --jobs the most"
        )
    if facts.get("findings_with_context"):
        print(
            f"WARNING: the generated batch is not clean: {facts['findings_with_context']} findings, "
            f"first {facts['first_findings']}"
        )
    if facts.get("failures"):
        print(
            f"WARNING: {len(facts['failures'])} command(s) failed: "
            + ", ".join(f["key"] for f in facts["failures"])
        )
    if args.json:
        result = {
            "suite": "ledger-rules benchmarks (issue 16)",
            "settings": {
                "documents": args.documents,
                "seed": args.seed,
                "repeat": repeat,
                "scale": args.scale,
                "jobs": args.jobs,
            },
            "machine": {
                "python": platform.python_version(),
                "implementation": platform.python_implementation(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "load_average_before": load_before,
                "load_average_after": load_after,
            },
            "measurements": rows,
            "derived": derived,
            "targets": [{"key": k, "target": t, "value": v, "met": ok} for k, t, v, ok in targets],
            "facts": {k: v for k, v in facts.items() if k != "failures"},
            "failures": facts.get("failures", []),
            "notes": notes,
        }
        Path(args.json).write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 1 if facts.get("failures") else 0


if __name__ == "__main__":
    sys.exit(main())
