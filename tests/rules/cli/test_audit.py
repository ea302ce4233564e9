"""``ledger-rules audit`` and ``ledger-rules settle`` as a user runs them (subprocesses)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from decimal import Decimal as D
from pathlib import Path

import pytest

from ledger.io.jsontext import dumps
from rules.audit import EntryRecord, JsonEntriesReader, read_ledger_source
from tests.helpers import ROOT

NS = uuid.UUID("5b1f0d6e-2c3a-4b7e-9f10-aa3e4c5d6e7f")


def uid(name: str) -> str:
    return str(uuid.uuid5(NS, name))


CUSTOMER, A411, A706, A512 = uid("customer"), uid("411"), uid("706"), uid("512")
PM, BANK_JOURNAL = uid("pm"), uid("BQ")


def run_subprocess(*args, stdin: bytes | None = None):
    """The real program, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "rules", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=60
    )


@pytest.fixture
def run(capsys, monkeypatch):
    """The same program in-process (``rules.cli.main``): the subprocess tests cover the wiring, these
    the behaviour, without paying a Python start-up per case."""
    from rules.cli import main

    def call(*args, stdin: bytes | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.encode(), err.encode())

    return call


def invoice(name, amount, letter=None, matching=None, match=None, items=None, extra=None):
    line = {
        "id": uid(name + ".0"),
        "subAccountId": A411,
        "debitAmount": D(amount),
        "creditAmount": D(0),
        "registerType": "ISSUED",
        "accountingEntryThirdParty": {"thirdPartyId": CUSTOMER, "origin": "CUSTOMER"},
        "accountingEntryInvoice": {
            "id": uid(name + ".inv"),
            "documentDate": "2025-01-10",
            "amount": D(amount),
            "registerType": "ISSUED",
            "openItems": items or [],
        },
    }
    if letter:
        line["accountingEntryPayment"] = {
            "matchingLetter": letter,
            "matching": matching,
            "matchId": uid(match),
        }
    entry = {
        "id": uid(name),
        "date": "2025-01-10",
        "journalTypeId": uid("VTE"),
        "accountingEntryLines": [
            line,
            {
                "id": uid(name + ".1"),
                "subAccountId": A706,
                "debitAmount": D(0),
                "creditAmount": D(amount),
                "registerType": "ISSUED",
            },
        ],
    }
    entry.update(extra or {})
    return entry


def receipt(name, amount, letter=None, matching=None, match=None):
    line = {
        "id": uid(name + ".1"),
        "subAccountId": A411,
        "debitAmount": D(0),
        "creditAmount": D(amount),
        "registerType": "UNDEFINED",
        "accountingEntryThirdParty": {"thirdPartyId": CUSTOMER, "origin": "CUSTOMER"},
    }
    if letter:
        line["accountingEntryPayment"] = {
            "matchingLetter": letter,
            "matching": matching,
            "matchId": uid(match),
        }
    return {
        "id": uid(name),
        "date": "2025-02-01",
        "journalTypeId": BANK_JOURNAL,
        "accountingEntryLines": [
            {
                "id": uid(name + ".0"),
                "subAccountId": A512,
                "debitAmount": D(amount),
                "creditAmount": D(0),
                "registerType": "UNDEFINED",
            },
            line,
        ],
    }


CLEAN = [invoice("inv", "100", "A", "FULL_MATCH", "m"), receipt("r", "100", "A", "FULL_MATCH", "m")]
UNBALANCED_MATCH = [invoice("inv", "100", "A", "FULL_MATCH", "m"), receipt("r", "90", "A", "FULL_MATCH", "m")]


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return str(path)


# -- audit --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["nodes", "edges", "list", "jsonl"])
def test_audit_reads_every_shape(tmp_path, shape, run):
    if shape == "nodes":
        text = dumps({"data": {"accountingEntries": {"nodes": UNBALANCED_MATCH}}})
    elif shape == "edges":
        text = dumps({"data": {"accountingEntries": {"edges": [{"node": e} for e in UNBALANCED_MATCH]}}})
    elif shape == "list":
        text = dumps(UNBALANCED_MATCH)
    else:
        text = "\n".join(dumps(e) for e in UNBALANCED_MATCH) + "\n"
    path = write(tmp_path, f"ledger.{shape}", text)
    result = run("audit", path, "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["documents"] == 2 and report["summary"]["errors"] == 1
    first, second = report["results"]
    assert first["source"] == f"{path}:entries[0]" and second["source"] == f"{path}:entries[1]"
    [violation] = first["violations"]
    assert violation["code"] == "LET001"
    assert violation["path"] == "accountingEntryLines[0].accountingEntryPayment"
    assert violation["figures"]["difference"] == "10"
    assert second["violations"] == []


@pytest.mark.slow  # a subprocess
def test_audit_clean_ledger_exit_0_and_text_summary(tmp_path):
    path = write(tmp_path, "ledger.json", dumps({"data": {"accountingEntries": {"nodes": CLEAN}}}))
    result = run_subprocess("audit", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.decode().strip().splitlines()[-1].startswith("2 documents checked: 2 valid")


def test_audit_groups_span_files(tmp_path, run):
    first = write(tmp_path, "invoices.json", dumps([UNBALANCED_MATCH[0]]))
    second = write(tmp_path, "bank.json", dumps([UNBALANCED_MATCH[1]]))
    result = run("audit", first, second, "--format", "jsonl")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [(r["document"], r["source"], [v["code"] for v in r["violations"]]) for r in lines] == [
        (0, f"{first}:entries[0]", ["LET001"]),
        (1, f"{second}:entries[0]", []),
    ]


def test_audit_default_selection_and_strict(tmp_path, run):
    # A read query may select data-loader fields the model does not know: not reported by default.
    entries = [
        invoice(
            "inv",
            "100",
            items=[{"id": uid("i"), "amount": D(100), "paidAmountAccumulated": D(100), "status": "PARTIAL"}],
            extra={"session": {"id": uid("s")}},
        )
    ]
    path = write(tmp_path, "ledger.json", dumps(entries))
    result = run("audit", path, "--format", "json")
    assert result.returncode == 0
    codes = [v["code"] for r in json.loads(result.stdout)["results"] for v in r["violations"]]
    assert codes == ["OIT003"]
    assert run("audit", path, "--strict").returncode == 1
    assert run("audit", path, "--ignore", "OIT003", "--strict").returncode == 0
    selected = run("audit", path, "--select", "FLD006", "--format", "json")
    assert [v["code"] for r in json.loads(selected.stdout)["results"] for v in r["violations"]] == ["FLD006"]


@pytest.mark.slow  # a subprocess
def test_audit_reads_standard_input():
    result = run_subprocess("audit", "-", "--format", "json", stdin=dumps(UNBALANCED_MATCH).encode())
    assert result.returncode == 1
    assert json.loads(result.stdout)["results"][0]["source"] == "<stdin>:entries[0]"


def test_audit_unreadable_document_is_fld001_and_others_are_checked(tmp_path, run):
    broken = write(tmp_path, "broken.json", '{"data": ')
    good = write(tmp_path, "good.json", dumps(CLEAN))
    fec = write(tmp_path, "export.txt", "JournalCode\tJournalLib\tEcritureNum\n")
    result = run("audit", broken, good, fec, "--format", "json")
    assert result.returncode == 1
    results = json.loads(result.stdout)["results"]
    assert [[v["code"] for v in r["violations"]] for r in results] == [["FLD001"], [], [], ["FLD001"]]
    assert "not a ledger the audit can read" in results[3]["violations"][0]["message"]


@pytest.mark.slow  # a subprocess
@pytest.mark.parametrize(
    "args",
    [
        ["audit", "/nonexistent/ledger.json"],
        ["audit", "{ledger}", "--context", "{bad_context}"],
        ["audit", "{ledger}", "--select", "NOT A CODE"],
        ["audit", "{ledger}", "--format", "xml"],
        ["settle", "{settlement}"],
        ["settle", "{settlement}", "--context", "{context}", "--operation", "createAccountingEntry"],
        ["settle", "{settlement}", "--context", "{empty_context}"],
        ["settle", "{two}", "--context", "{context}"],
    ],
)
def test_bad_usage_is_one_line_exit_2(tmp_path, args, run):
    files = {
        "ledger": write(tmp_path, "ledger.json", dumps(CLEAN)),
        "bad_context": write(tmp_path, "bad.json", '{"journalTypes": 3}'),
        "settlement": write(tmp_path, "settle.json", dumps(SETTLEMENT)),
        "context": write(tmp_path, "context.json", dumps(CONTEXT)),
        "empty_context": write(tmp_path, "empty.json", "{}"),
        "two": write(tmp_path, "two.json", dumps([SETTLEMENT, SETTLEMENT])),
    }
    argv = [a.format(**files) for a in args]
    # The first case runs the real program: no traceback can slip through the entry point.
    result = run_subprocess(*argv) if args[1] == "/nonexistent/ledger.json" else run(*argv)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.count("\n") == 1 and stderr.startswith("ledger-rules") and "Traceback" not in stderr


# -- settle -------------------------------------------------------------------------------------------

ITEM = uid("item")
CONTEXT = {
    "organization": {"currency": "EUR", "accountingSetup": {"defaultCustomersAccountId": A411}},
    "paymentMethods": [
        {"id": PM, "type": "BANK_ACCOUNT", "journalTypeId": BANK_JOURNAL, "subAccountId": A512}
    ],
    "openItems": [
        {
            "id": ITEM,
            "amount": D(792),
            "paidAmountAccumulated": D(0),
            "status": "NOT_SPECIFIED",
            "thirdPartyId": CUSTOMER,
            "ledger": "SALES",
            "invoicePosted": True,
        }
    ],
}
SETTLEMENT = {
    "query": "mutation ($input: SalesOpenItemSettlementGLDtoInput!) { salesOpenItemSettlement(input: $input) "
    "{ accountingEntryId accountingEntryNumber } }",
    "variables": {
        "input": {
            "entryDate": "2025-03-01",
            "paymentMethodId": PM,
            "thirdPartyId": CUSTOMER,
            "salesOpenItemLinkagePaidAmounts": [{"openItemId": ITEM, "paidAmount": D(300)}],
        }
    },
}


@pytest.mark.slow  # a subprocess
def test_settle_prints_the_predicted_entry(tmp_path):
    result = run_subprocess(
        "settle",
        write(tmp_path, "s.json", dumps(SETTLEMENT)),
        "--context",
        write(tmp_path, "c.json", dumps(CONTEXT)),
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["valid"] is True and out["operation"] == "salesOpenItemSettlement"
    lines = out["accountingEntry"]["accountingEntryLines"]
    assert [(l["subAccountId"], l["debitAmount"], l["creditAmount"]) for l in lines] == [
        (A512, 300, 0),
        (A411, 0, 300),
    ]
    assert out["openItems"][0]["status"] == {"before": "NOT_SPECIFIED", "after": "PARTIAL"}
    assert out["openItems"][0]["remaining"] == 492
    assert out["matches"][0]["matchingLetter"] == "a"


def test_settle_bare_input_with_operation(tmp_path, run):
    bare = SETTLEMENT["variables"]["input"]
    result = run(
        "settle",
        write(tmp_path, "s.json", dumps(bare)),
        "--context",
        write(tmp_path, "c.json", dumps(CONTEXT)),
        "--operation",
        "salesOpenItemSettlement",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 300


@pytest.mark.slow  # a subprocess
def test_settle_with_set_errors_exits_1(tmp_path):
    over = json.loads(dumps(SETTLEMENT))
    over["variables"]["input"]["salesOpenItemLinkagePaidAmounts"][0]["paidAmount"] = 800
    result = run_subprocess(
        "settle",
        write(tmp_path, "s.json", json.dumps(over)),
        "--context",
        write(tmp_path, "c.json", dumps(CONTEXT)),
    )
    assert result.returncode == 1
    out = json.loads(result.stdout)
    assert out["valid"] is False and [v["code"] for v in out["violations"]] == ["SET004"]
    assert "accountingEntry" not in out


def test_settle_predicts_no_residue_for_a_sub_cent_paid_amount(tmp_path, run):
    sub_cent = json.loads(dumps(SETTLEMENT))
    sub_cent["variables"]["input"]["salesOpenItemLinkagePaidAmounts"][0]["paidAmount"] = D("791.999")
    result = run(
        "settle",
        write(tmp_path, "s.json", dumps(sub_cent)),
        "--context",
        write(tmp_path, "c.json", dumps(CONTEXT)),
    )
    assert result.returncode == 1
    out = json.loads(result.stdout)
    assert [(v["code"], v["path"]) for v in out["violations"]] == [
        ("BAL006", "salesOpenItemLinkagePaidAmounts[0].paidAmount")
    ]
    assert "accountingEntry" not in out and "openItems" not in out


def test_settle_cannot_simulate_without_an_account_exits_1(tmp_path, run):
    context = dict(CONTEXT, organization={"currency": "EUR"})
    result = run(
        "settle",
        write(tmp_path, "s.json", dumps(SETTLEMENT)),
        "--context",
        write(tmp_path, "c.json", dumps(context)),
    )
    assert result.returncode == 1
    assert "no account known" in json.loads(result.stdout)["error"]


# -- the reader hook ------------------------------------------------------------------------------------


def test_another_format_plugs_in_as_a_reader():
    class PipeReader:
        name = "pipe"

        def detect(self, name, head):
            return head.startswith(b"JournalCode|")

        def read(self, name, data):
            yield EntryRecord(
                f"{name}:1", {"date": "2025-01-01", "journalTypeId": uid("OD"), "accountingEntryLines": []}
            )

    records = list(read_ledger_source("x.txt", b"JournalCode|...", (JsonEntriesReader(), PipeReader())))
    assert [r.source for r in records] == ["x.txt:1"]
    records = list(read_ledger_source("x.txt", b"JournalCode|...", (JsonEntriesReader(),)))
    assert records[0].error.startswith("not a ledger the audit can read")


@pytest.mark.parametrize(
    ("line", "limit"),
    [
        ("[" * 100_000 + "]" * 100_000, "max_depth"),
        ('{"id": "x", "accountingEntryLines": [{"debitAmount": 1e999999999}]}', "max_number_exponent"),
        ("[" * 70 + "]" * 70, "max_depth"),
    ],
    ids=["beyond the decoder's own guard", "number beyond the limits", "just beyond max_depth"],
)
def test_an_entry_beyond_the_limits_is_fld001_and_the_rest_is_audited(run, tmp_path, line, limit):
    # Found while reviewing the streaming audit: a 100,000-deep line escaped as RecursionError (exit 2).
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text("\n".join([dumps(CLEAN[0]), line, dumps(CLEAN[1])]) + "\n", encoding="utf-8")
    result = run("audit", str(ledger), "--format", "jsonl")
    reports = [json.loads(text) for text in result.stdout.decode().splitlines()]
    assert result.returncode == 1, result.stderr
    assert len(reports) == 3
    bad = reports[1]
    assert [v["code"] for v in bad["violations"]] == ["FLD001"] and limit in bad["violations"][0]["message"]
    assert reports[0]["violations"] == [] and reports[2]["violations"] == []


def test_a_first_line_too_deep_to_decode_is_fld001_and_the_rest_is_audited(run, tmp_path):
    # It used to make the whole file one FLD001: the format could not be told from the first line.
    ledger = tmp_path / "ledger.jsonl"
    deep = '{"id": "x", "description": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ledger.write_text("\n".join([deep, dumps(CLEAN[0]), dumps(CLEAN[1])]) + "\n", encoding="utf-8")
    result = run("audit", str(ledger), "--format", "jsonl")
    reports = [json.loads(text) for text in result.stdout.decode().splitlines()]
    assert result.returncode == 1, result.stderr
    assert [r["source"] for r in reports] == [f"{ledger}:1", f"{ledger}:entries[0]", f"{ledger}:entries[1]"]
    assert [v["code"] for v in reports[0]["violations"]] == ["FLD001"]
    assert "max_depth" in reports[0]["violations"][0]["message"]
    assert reports[1]["violations"] == [] and reports[2]["violations"] == []
