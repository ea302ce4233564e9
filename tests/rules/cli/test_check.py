"""The command line, run as a user runs it: a subprocess, real files, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES

# Every test here runs the command as a subprocess (a fresh interpreter each).
pytestmark = pytest.mark.slow

QUERY = "mutation ($values: AccountingEntryCreateGLDtoInput!) { createAccountingEntry(input: $values) { id number } }"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_example_batch_reports_exactly_the_planted_mistakes():
    result = run(
        "check", str(EXAMPLES / "batch.json"), "--context", str(EXAMPLES / "context.json"), "--format", "json"
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    found = sorted((r["document"], v["code"], v["path"]) for r in report["results"] for v in r["violations"])
    expected = sorted(
        (e["document"], e["code"], e["path"]) for e in json.loads((EXAMPLES / "expected.json").read_text())
    )
    assert found == expected
    summary = report["summary"]
    assert summary["documents"] == len(report["results"]) == 23
    with_errors = {
        r["document"] for r in report["results"] if any(v["severity"] == "error" for v in r["violations"])
    }
    assert with_errors == {e[0] for e in expected} - {14}  # TAX002 (document 14) is a warning
    assert summary["invalid"] == len(with_errors) and summary["warnings"] == 1
    assert set(summary) == {"documents", "valid", "invalid", "errors", "warnings", "skipped_rules"}


def test_the_readme_shows_what_the_demo_prints():
    """Issue 13 item 19: the README quotes the demo's first finding (its path included) and its summary
    line, and ``./dev demo`` runs the very command the README names, from the clone's root."""
    root = EXAMPLES.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = "ledger-rules check examples/batch.json --context examples/context.json"
    assert f"`./dev demo` runs `{command}`" in " ".join(readme.split())
    dev = (root / "dev").read_text(encoding="utf-8")
    assert 'cd "$here"' in dev and ' check examples/batch.json --context examples/context.json "$@"' in dev
    result = subprocess.run(
        [sys.executable, "-m", "rules", *command.split()[1:]],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary in readme, summary
    quoted = next(line for line in readme.splitlines() if "BAL001 [error]" in line)
    assert quoted.startswith("examples/batch.json[15]: ") and quoted in result.stdout.splitlines()


def test_a_report_names_each_file_as_it_was_given(tmp_path):
    """Issue 13 item 19: relative stays relative, absolute stays absolute (no resolving)."""
    (tmp_path / "a.json").write_text("[{}]")
    for given in ("a.json", "./a.json", str(tmp_path / "a.json")):
        result = subprocess.run(
            [sys.executable, "-m", "rules", "check", given, "--operation", "createAccountingEntry"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.stdout.splitlines()[0].startswith(f"{given}[0]: "), result.stdout


def test_the_seeds_values_form_needs_operation_and_then_checks_as_the_bare_input():
    """Issue 13 item 19: the README's promise, as documented: ``{"values": {...}}`` is accepted with
    ``--operation``; without it the operation is not guessed and the hint names the option."""
    from ledger.io.jsontext import dumps
    from tests.helpers.seed import seed001

    wrapped, bare = dumps({"values": seed001()}), dumps(seed001())
    named = ("--operation", "createAccountingEntry", "--format", "json")
    with_values, with_bare = run("check", "-", *named, stdin=wrapped), run("check", "-", *named, stdin=bare)
    assert json.loads(with_values.stdout)["results"] == json.loads(with_bare.stdout)["results"]
    assert json.loads(with_values.stdout)["results"][0]["operation"] == "createAccountingEntry"
    unnamed = json.loads(run("check", "-", "--format", "json", stdin=wrapped).stdout)
    (violation,) = unnamed["results"][0]["violations"]
    assert violation["code"] == "FLD001" and "--operation" in violation["hint"]


def test_json_report_shape_matches_the_interface(tmp_path):
    batch = tmp_path / "batch.jsonl"
    from ledger.io.jsontext import dumps
    from tests.helpers.seed import seed001

    values = seed001()
    values["accountingEntryLines"][0]["accountingEntryThirdParty"]["code"] = "BAGUES"  # no TPY007 warning
    good = {"query": QUERY, "variables": {"values": values}}
    bad = json.loads(dumps(good))
    bad["variables"]["values"]["accountingEntryLines"][2]["creditAmount"] = 304.10
    batch.write_text(dumps(good) + "\n" + json.dumps(bad) + "\n")
    result = run("check", str(batch), "--format", "json")
    report = json.loads(result.stdout)
    assert report["version"] == 1
    first, second = report["results"]
    assert first == {
        "document": 0,
        "source": f"{batch}:1",
        "operation": "createAccountingEntry",
        "valid": True,
        "violations": [],
    }
    (violation,) = second["violations"]
    assert violation["code"] == "BAL001" and violation["name"] == "unbalanced-entry"
    assert violation["severity"] == "error" and violation["path"] == "accountingEntryLines"
    assert violation["figures"] == {"debit": "1824.67", "credit": "1824.66", "difference": "0.01"}
    assert result.returncode == 1


def test_text_output_and_hint_lines(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"values": {"date": "2024-01-01"}}))
    result = run("check", str(path), "--operation", "createAccountingEntry")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}: FLD002 [error] journalTypeId: ")
    assert lines[1].startswith("    hint: ")
    assert "1 document checked: 0 valid, 1 invalid" in result.stdout
    assert result.returncode == 1


def test_broken_lines_do_not_stop_the_batch(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"values": {"id": "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0a"}}\n{broken\n'
        '{"values": {"id": "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0b"}}\n'
    )
    result = run("check", str(path), "--operation", "deleteAccountingEntry", "--format", "jsonl")
    results = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["valid"] for r in results] == [True, False, True]
    assert results[1]["violations"][0]["code"] == "FLD001"
    assert result.returncode == 1


def test_stdin_and_select_ignore():
    from ledger.io.jsontext import dumps
    from tests.helpers.seed import seed001

    doc = seed001()
    doc["accountingEntryLines"][2]["creditAmount"] = doc["accountingEntryLines"][2]["creditAmount"] - 1
    text = dumps({"query": QUERY, "variables": {"values": doc}})
    assert run("check", "-", stdin=text).returncode == 1
    ignored = run("check", "-", "--ignore", "BAL001", stdin=text)
    assert ignored.returncode == 0 and "BAL001" not in ignored.stdout
    reselected = run("check", "-", "--ignore", "BAL", "--select", "BAL001", stdin=text)
    assert reselected.returncode == 1 and "BAL001" in reselected.stdout


def test_strict_makes_warnings_fail(tmp_path):
    from ledger.io.jsontext import dumps
    from tests.helpers.seed import seed001

    doc = seed001()
    doc["id"] = "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0a"  # FLD007 is a warning
    path = tmp_path / "w.json"
    path.write_text(dumps({"values": doc}))
    args = ("check", str(path), "--operation", "createAccountingEntry", "--select", "FLD,BAL")
    assert run(*args).returncode == 0
    assert run(*args, "--strict").returncode == 1


@pytest.mark.parametrize(
    "args,needle",
    [
        (("check", "/nonexistent/file.json"), "cannot open /nonexistent/file.json"),
        (("check", "--context", "/nonexistent/ctx.json", "-"), "cannot read context file"),
        (("check", "--select", "BAL-1", "-"), "not a rule code"),
        (("check", "--operation", "createEntry", "-"), "unknown operation"),
        (("check", "--severity", "BAL001", "-"), "CODE=LEVEL"),
        (("check", "--select", "BAL999", "-"), "select 'BAL999' matches no rule code"),
        (("check", "--ignore", "XYZ", "-"), "ignore 'XYZ' matches no rule code"),
        (("audit", "--select", "BAL999", "-"), "select 'BAL999' matches no rule code"),
        (("rules", "--select", "QQQ"), "select 'QQQ' matches no rule code"),
        (("explain", "BAL999"), "no rule 'BAL999'"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, needle):
    result = run(*args, stdin="")
    assert result.returncode == 2
    assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_broken_context_file_names_the_key(tmp_path):
    ctx = tmp_path / "ctx.json"
    ctx.write_text(
        json.dumps({"journalTypes": [{"id": "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0a", "type": "SALE"}]})
    )
    result = run("check", "--context", str(ctx), "-", stdin="{}")
    assert result.returncode == 2 and "journalTypes[0].type" in result.stderr
    ctx.write_text("{not json")
    result = run("check", "--context", str(ctx), "-", stdin="{}")
    assert result.returncode == 2 and "not valid JSON" in result.stderr


def test_explain_and_rules():
    result = run("explain", "bal001")
    assert result.returncode == 0
    assert result.stdout.startswith("BAL001 unbalanced-entry [error]")
    for section in ("What it checks:", "Why it matters:", "Example:", "How to fix:", "Source:"):
        assert section in result.stdout
    listing = run("rules")
    assert listing.returncode == 0 and "BAL001  unbalanced-entry" in listing.stdout
    catalogue = json.loads(run("rules", "--format", "json", "--select", "FLD").stdout)
    assert [r["code"] for r in catalogue] == [f"FLD00{i}" for i in range(1, 9)]


def test_explain_accepts_a_rules_name_as_well_as_its_code():
    """Issue 13 item 17: ``explain unbalanced-entry`` shows what ``explain BAL001`` shows."""
    by_name, by_code = run("explain", "unbalanced-entry"), run("explain", "BAL001")
    assert by_name.returncode == 0 and by_name.stdout == by_code.stdout
    assert by_name.stdout.startswith("BAL001 unbalanced-entry [error]")
    misspelt = run("explain", "unbalanced-entri")
    assert misspelt.returncode == 2 and "did you mean unbalanced-entry?" in misspelt.stderr


def test_console_script_is_the_same_program():
    script = Path(sys.executable).with_name("ledger-rules")
    if not script.exists():
        pytest.skip("console script not installed in this interpreter's environment")
    result = subprocess.run([str(script), "rules", "--select", "BAL001"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("BAL001")


def test_jobs_give_the_same_report_in_input_order(tmp_path):
    from ledger.io.jsontext import dumps
    from tests.helpers.seed import seed001

    lines = []
    for i in range(40):
        doc = seed001()
        if i % 3 == 0:
            doc["accountingEntryLines"][2]["creditAmount"] = (
                doc["accountingEntryLines"][2]["creditAmount"] + 1 + i
            )
        lines.append(dumps({"query": QUERY, "variables": {"values": doc}}))
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    one = run("check", str(path), "--format", "json")
    two = run("check", str(path), "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert [r["valid"] for r in json.loads(two.stdout)["results"]] == [i % 3 != 0 for i in range(40)]


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_an_empty_json_lines_file_is_zero_documents_and_exit_0(tmp_path, content):
    """Issue 13 item 16: as ``[]`` is, an empty file is a batch of no documents (not FLD001, exit 1)."""
    path = tmp_path / "empty.jsonl"
    path.write_text(content)
    result = run("check", str(path), "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["results"] == [] and report["summary"]["documents"] == 0
    assert run("audit", str(path)).returncode == 0
