"""The benchmark suite's code path on a tiny batch, and its generator. No timing assertions."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from decimal import Decimal

import pytest

from benchmarks import generate, instructions, run, scaling
from ledger.io.context_file import load_context
from rules.audit import audit
from rules.engine import Engine
from tests.helpers import ROOT

# Benchmark smoke runs: the suite and the long fuzz run on small inputs, as subprocesses.
pytestmark = pytest.mark.slow

EVERY_MEASUREMENT = {
    "baseline",
    "baseline_array",
    "parse_exact",
    "check_bal",
    "check_no_context",
    "check_context",
    "audit_baseline",
    "cli_startup",
    "cli_jsonl",
    "cli_array",
    "cli_jobs2",
    "cli_jsonl_scaled",
    "audit_cli",
}


@pytest.fixture(scope="module")
def context_dict() -> dict:
    return generate.load_example_context()


@pytest.fixture(scope="module")
def engine(context_dict) -> Engine:
    return Engine(context=load_context(generate.EXAMPLE_CONTEXT.read_bytes()))


def test_suite_runs_and_reports_every_measurement(tmp_path, capsys):
    out = tmp_path / "results.json"
    status = run.main(
        [
            "--documents",
            "200",
            "--quick",
            "--scale",
            "2",
            "--json",
            str(out),
            "--workdir",
            str(tmp_path / "work"),
        ]
    )
    printed = capsys.readouterr().out
    assert status == 0
    results = json.loads(out.read_text())
    rows = {row["key"]: row for row in results["measurements"]}
    assert EVERY_MEASUREMENT <= set(rows)
    for key in EVERY_MEASUREMENT:
        row = rows[key]
        assert row["seconds"] > 0 and row["docs_per_s"] > 0
        assert row["documents"] == {"cli_startup": 1, "cli_jsonl_scaled": 400}.get(key, 200)
        if key.startswith(("cli_", "audit_cli")):
            assert row["peak_mb"] > 0
        if key not in ("cli_startup",):
            assert row["ratio"] > 0
    assert rows["audit_cli"]["baseline"] == "audit_baseline"
    # the generated batch is clean: with the context and every rule, no finding at all
    assert results["facts"]["findings_with_context"] == 0
    assert results["facts"]["findings_without_context"] == 0
    assert {
        "check_context_ratio",
        "check_no_context_ratio",
        "check_bal_ratio",
        "jobs_speedup",
        "jobs_efficiency",
        "audit_ratio",
        "array_vs_jsonl",
        "scale_memory_ratio",
    } <= set(results["derived"])
    assert {t["key"] for t in results["targets"]} == {key for key, _, _ in run.TARGETS}
    # the printed table has its header and one line per measurement
    assert "| measurement" in printed and "ratio to baseline" in printed and "peak MB" in printed
    for row in results["measurements"]:
        assert row["name"] in printed
    assert "targets (issue 16):" in printed
    assert (tmp_path / "work" / "batch.jsonl").exists() and (tmp_path / "work" / "batch.json").exists()


def test_scaling_prints_each_ratio_beside_its_baseline(tmp_path, capsys):
    out = tmp_path / "scaling.json"
    assert scaling.main(["--lines", "200", "--repeat", "1", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    rows = {row["key"]: row for row in json.loads(out.read_text())}
    assert set(rows) == set(scaling.EXPECTED)
    for key, row in rows.items():
        assert row["seconds"] > 0 and row["baseline_seconds"] > 0
        assert row["ratio"] == row["seconds"] / row["baseline_seconds"]
        assert row["what"] in printed and row["expected"] == scaling.EXPECTED[key][0]
    assert "200 lines / 20 lines, example context" in printed
    with pytest.raises(SystemExit):
        scaling.main(["--lines", "30"])  # two even-sized entries need a multiple of 20


def test_audit_not_available_is_reported_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "audit_available", lambda: False)
    monkeypatch.setattr(run, "_run_cli", lambda arguments, **_: (0.5, 30.0, 0, ""))
    paths = {
        "context": generate.EXAMPLE_CONTEXT,
        "one": tmp_path / "one",
        "jsonl": tmp_path / "b.jsonl",
        "array": tmp_path / "b.json",
        "ledger": tmp_path / "l.jsonl",
    }
    rows, facts = run.cli(paths, 10, scale=0, jobs=2, workdir=tmp_path, log=lambda _: None)
    assert facts["audit"] == "not available"
    assert "audit_cli" not in {row["key"] for row in rows}
    assert {"cli_jsonl", "cli_array", "cli_jobs2"} <= {row["key"] for row in rows}


def test_a_failing_command_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "_run_cli", lambda arguments, **_: (0.5, 30.0, 2, "boom\n"))
    paths = {
        "context": generate.EXAMPLE_CONTEXT,
        "one": tmp_path / "one",
        "jsonl": tmp_path / "b.jsonl",
        "array": tmp_path / "b.json",
        "ledger": tmp_path / "l.jsonl",
    }
    rows, facts = run.cli(paths, 10, scale=0, jobs=2, workdir=tmp_path, log=lambda _: None)
    assert rows == [] and facts["failures"]


def test_generation_is_seeded_and_realistic(engine):
    first = [generate.to_json(d) for d in generate.requests(300, seed=7)]
    assert first == [generate.to_json(d) for d in generate.requests(300, seed=7)]
    assert first != [generate.to_json(d) for d in generate.requests(300, seed=8)]
    sizes = Counter()
    journals = Counter()
    for document in map(json.loads, first):
        values = document["variables"]["values"]
        sizes[len(values["accountingEntryLines"])] += 1
        journals[values.get("journalTypeCode") or values["journalTypeId"]] += 1
    assert set(sizes) == {3, 4, 5}
    assert len(journals) == 5  # VTE, ACH, BQ, OD by id, and BQ by code (simplified requests)
    amounts = re.findall(r'"(?:debitAmount|creditAmount|amount|taxBase|taxAmount)": ([^,}]+)', "".join(first))
    assert amounts and all(re.fullmatch(r"0|[1-9][0-9]*\.[0-9]{2}", a) for a in amounts)  # exact cents
    invoices = [json.loads(d) for d in first if '"accountingEntryTaxes"' in d]
    assert invoices
    assert all(engine.check(d).violations == () for d in first)


def test_amounts_are_written_exactly():
    text = generate.to_json({"a": Decimal("1824.67"), "b": Decimal("0"), "c": [Decimal("-5.5")], "d": "x"})
    assert text == '{"a": 1824.67, "b": 0, "c": [-5.5], "d": "x"}'
    with pytest.raises(TypeError):
        generate.to_json({"a": 1.5j})


def test_read_entries_are_lettered_and_pass_the_audit(context_dict):
    entries = list(generate.read_entries(400, seed=3, context=context_dict))
    buffer = io.BytesIO()
    generate.write_jsonl(entries, buffer)
    reports = audit(buffer.getvalue(), context=load_context(generate.EXAMPLE_CONTEXT.read_bytes()))
    assert len(reports) == 400
    assert [v.code for r in reports for v in r.violations] == []
    payments = [
        line["accountingEntryPayment"]
        for e in entries
        for line in e["accountingEntryLines"]
        if "accountingEntryPayment" in line
    ]
    matchings = Counter(p["matching"] for p in payments)
    assert matchings["FULL_MATCH"] > 0 and matchings["PARTIAL_MATCH"] > 0
    groups = Counter(p["matchId"] for p in payments)
    assert set(groups.values()) == {2}  # every group: an invoice line and its settlement line


def test_other_tools_formats_balance(context_dict):
    documents = list(generate.requests(50, seed=1, context=context_dict))
    journal = "".join(generate.plain_text_journal(documents, context_dict))
    transactions = [t for t in journal.split("\n\n") if t.strip()]
    assert len(transactions) == 50
    for transaction in transactions:
        postings = transaction.splitlines()[1:]
        assert sum(Decimal(p.split()[1]) for p in postings) == 0
    beancount = "".join(generate.beancount_journal(documents, context_dict))
    assert beancount.count(" open Assets:A") == len({a["code"] for a in context_dict["accountingAccounts"]})
    assert beancount.count(' * "') == 50


def test_the_long_fuzz_run_runs_a_short_while_and_compares_the_loaders():
    # benchmarks/fuzz_long.py is run by hand (a million documents); its code path must not rot.
    import subprocess
    import sys

    script = ROOT / "benchmarks" / "fuzz_long.py"
    result = subprocess.run(
        [sys.executable, str(script), "--documents", "1200", "--jobs", "1", "--seed", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "failures: 0" in result.stdout
    compared = re.search(
        r"loader, fast path against the generic walk: ([\d,]+) values compared \(([\d,]+) valid\)",
        result.stdout,
    )
    assert (
        compared
        and int(compared.group(1).replace(",", "")) > 0
        and int(compared.group(2).replace(",", "")) > 0
    )


def test_every_instruction_stage_runs_its_pass(tmp_path):
    # What each child does under valgrind, run here without it: set-up, warm-up, then the passes.
    path = tmp_path / "three.jsonl"
    with open(path, "wb") as stream:
        generate.write_jsonl(generate.requests(3, seed=0), stream)
    for key, _ in instructions.STAGES:
        instructions.child(key, path, generate.EXAMPLE_CONTEXT, 2)


def test_instruction_counts_are_one_pass_per_stage_as_a_ratio_to_the_baseline(tmp_path, monkeypatch):
    # A child's count is start-up + set-up + warm-up + rounds x one pass: two rounds minus one is one pass.
    per_pass = {key: 1_000 * (index + 1) for index, (key, _) in enumerate(instructions.STAGES)}
    monkeypatch.setattr(
        instructions, "_count", lambda stage, path, context, rounds: 7_777_777 + rounds * per_pass[stage]
    )
    path = tmp_path / "three.jsonl"
    path.write_text("{}\n{}\n{}\n")
    rows = instructions.measure(path, generate.EXAMPLE_CONTEXT, lambda text: None)
    assert [row["instructions"] for row in rows] == list(per_pass.values())
    assert [row["ratio"] for row in rows] == [n / 1_000 for n in per_pass.values()]
    printed = instructions.table(rows)
    assert "instructions / document" in printed and printed.count("\n") == len(rows) + 1
    assert " 333 | " in printed  # the baseline's 1,000 instructions over 3 documents
