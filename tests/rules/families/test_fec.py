"""``ledger-rules audit`` on French FEC files: the FEC family (a passing and a failing case per code),
detection, one report per entry, the ``"ledger"`` figures, and the five real files of
``../shared/realdata/fec/`` checked against figures computed here from the raw bytes.

Real files (test fixtures only, credited to their upstream repositories, see shared/realdata/README.md):
ekylibre/ekylibre (AGPL-3.0) test fixtures for Sage Coala, Istea and Quadra exports, and
neolegal-fr/fec-reader (MIT, "Copyright (c) 2023 Nicolas") test resources.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest

from ledger.books.fec_ledger import PROBLEM_KINDS, FecLedger, problem_kind
from ledger.io.fec import FecProblem, FecProblemKind, read_fec
from rules.audit import READERS, audit, detect_reader, read_ledger_source
from rules.families import default_registry
from rules.fec_audit import FecReader, looks_like_fec
from tests.helpers import ROOT

COLUMNS = (
    "JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum CompAuxLib "
    "PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate Montantdevise "
    "Idevise"
).split()
HEADER = "\t".join(COLUMNS)


def row(
    journal="VT",
    num="1",
    date="20220131",
    account="411000",
    aux="",
    debit="0,00",
    credit="0,00",
    let="",
    date_let="",
    piece="F1",
    lib="Vente",
    valid="20220131",
    **over,
) -> str:
    values = dict(
        JournalCode=journal,
        JournalLib="Ventes",
        EcritureNum=num,
        EcritureDate=date,
        CompteNum=account,
        CompteLib="Compte",
        CompAuxNum=aux,
        CompAuxLib="Client" if aux else "",
        PieceRef=piece,
        PieceDate=date,
        EcritureLib=lib,
        Debit=debit,
        Credit=credit,
        EcritureLet=let,
        DateLet=date_let,
        ValidDate=valid,
        Montantdevise="",
        Idevise="",
    )
    values.update(over)
    return "\t".join(values[c] for c in COLUMNS)


def sale(num="1", amount="120,00", let="", date_let="", aux="CLI01", date="20220131") -> list[str]:
    """A balanced sale: 411 debit (lettered if ``let``), 706 credit."""
    return [
        row(num=num, date=date, aux=aux, debit=amount, let=let, date_let=date_let),
        row(num=num, date=date, account="706000", credit=amount),
    ]


def fec(*lines: str, header: str = HEADER, eol: str = "\n") -> bytes:
    return (eol.join((header,) + lines) + eol).encode("utf-8")


def run_audit(data: bytes, name: str = "t.txt", **kw):
    return audit([(name, data)], **kw)


def codes(data: bytes, **kw) -> list[str]:
    return sorted(v.code for r in run_audit(data, **kw) for v in r.violations)


def only(data: bytes, code: str):
    return [v for r in run_audit(data) for v in r.violations if v.code == code]


CLEAN = fec(
    *sale("1", "120,00", "A", "20220215"),
    row(journal="BQ", num="1", date="20220215", account="512000", debit="120,00"),
    row(journal="BQ", num="1", date="20220215", aux="CLI01", credit="120,00", let="A", date_let="20220215"),
)


# -- the family ----------------------------------------------------------------------------------------


def test_family_is_registered_with_scope_fec_and_documented():
    specs = [r for r in default_registry() if r.family == "FEC"]
    assert [r.code for r in specs] == [f"FEC{n:03d}" for n in range(1, 16)]
    assert all(r.scope == "fec" and r.check is not None and not r.needs for r in specs)
    assert all(r.doc.source for r in specs)
    severities = {r.code: r.severity.value for r in specs}
    assert severities["FEC001"] == "error" and severities["FEC002"] == "warning"


def test_clean_file_has_no_finding():
    reports = run_audit(CLEAN)
    assert [r.violations for r in reports] == [(), ()]
    assert [r.source for r in reports] == ["t.txt:entry VT/1 (lines 2-3)", "t.txt:entry BQ/1 (lines 4-5)"]
    assert {r.operation for r in reports} == {"fec"}


def test_fec001_unbalanced_entry_with_figures():
    data = fec(row(debit="120,00", aux="CLI01"), row(account="706000", credit="100,00"), *sale("2"))
    reports = run_audit(data)
    [v] = reports[0].violations
    assert (v.code, v.severity.value, v.path) == ("FEC001", "error", "")
    assert dict(v.figures) == {"debit": "120.00", "credit": "100.00", "difference": "20.00", "lines": "2"}
    assert reports[1].violations == ()


def test_fec002_lettering_group_not_zero_is_a_warning_on_its_first_row():
    data = fec(
        *sale("1", "120,00", "AAAB", "20220301"),
        row(journal="BQ", num="1", account="512000", debit="100,00"),
        row(journal="BQ", num="1", aux="CLI01", credit="100,00", let="AAAB", date_let="20220301"),
    )
    [v] = only(data, "FEC002")
    assert v.severity.value == "warning" and v.path == "line 2.EcritureLet"
    assert dict(v.figures)["difference"] == "20.00" and dict(v.figures)["letter"] == "AAAB"
    assert only(CLEAN, "FEC002") == []


def test_fec002_letters_are_case_sensitive_and_keyed_by_auxiliary():
    # 'a' and 'A' are two groups; so are the same letter on two third parties.
    data = fec(
        *sale("1", "50,00", "a", "20220301"),
        *sale("2", "50,00", "A", "20220301"),
        row(journal="BQ", num="1", account="512000", debit="100,00"),
        row(journal="BQ", num="1", aux="CLI02", credit="50,00", let="A", date_let="20220301"),
        row(journal="BQ", num="1", aux="CLI01", credit="50,00", let="a", date_let="20220301"),
    )
    letters = sorted(
        dict(v.figures)["letter"] + "/" + dict(v.figures)["auxiliary"] for v in only(data, "FEC002")
    )
    assert letters == ["A/CLI01", "A/CLI02"]


def test_fec003_missing_column_reads_by_position_and_is_an_error():
    header = HEADER.replace("ValidDate", "Validation")
    reports = run_audit(fec(*sale(), header=header))
    found = [v for r in reports for v in r.violations]
    assert [(v.code, v.path) for v in found if v.code == "FEC003"] == [("FEC003", "header")]
    assert "ValidDate" in found[0].message and "position" in (found[0].hint or "")
    assert len(reports) == 1 and reports[0].source == "t.txt:entry VT/1 (lines 2-3)"


def test_fec003_too_few_columns_gives_one_report_for_the_file():
    header = "\t".join(c for c in COLUMNS if c not in ("ValidDate", "Idevise"))
    reports = run_audit(fec("VT\tVentes\t1", header=header))
    assert [r.source for r in reports] == ["t.txt"]
    assert [v.code for v in reports[0].violations] == ["FEC003"] and not reports[0].valid


def test_fec004_unreadable_amount_but_padding_comma_and_dot_are_fine():
    good = fec(row(debit="0000000069,60", aux="C"), row(account="706000", credit=" 69.6 "))
    assert codes(good) == []
    bad = fec(row(debit="1 234,56", aux="C", let="A"), row(account="706000", credit="1234,56"))
    [v] = [v for r in run_audit(bad) for v in r.violations if v.code != "FEC014"]
    assert (v.code, v.path, v.severity.value) == ("FEC004", "line 2.Debit", "error")  # not FEC001/FEC002 too


def test_fec005_invalid_date():
    assert codes(fec(*sale(date="2022-01-31"))) == []  # an accepted variant layout
    found = only(fec(*sale(date="20220230")), "FEC005")  # EcritureDate and PieceDate, two lines
    assert [v.path for v in found] == [
        "line 2.EcritureDate",
        "line 2.PieceDate",
        "line 3.EcritureDate",
        "line 3.PieceDate",
    ]
    [v] = only(
        fec(row(debit="1", date_let="2022-13-01", let="A"), row(account="706000", credit="1")), "FEC005"
    )
    assert v.path == "line 2.DateLet"


def test_fec006_account_number_must_start_with_three_digits():
    assert codes(fec(row(account="4", debit="1"), row(account="706", credit="1"))) == ["FEC006"]
    [v] = only(fec(row(account="CLI001", debit="1"), row(account="706000", credit="1")), "FEC006")
    assert v.path == "line 2.CompteNum"
    assert codes(fec(row(account="401", debit="1"), row(account="44566ABC", credit="1"))) == []


def test_fec007_lettering_date_without_letter():
    [v] = only(fec(row(debit="1", date_let="20220301"), row(account="706000", credit="1")), "FEC007")
    assert v.path == "line 2.DateLet" and v.severity.value == "warning"
    assert only(CLEAN, "FEC007") == []


def test_fec008_both_sides_or_neither():
    both = fec(row(debit="10", credit="10"), row(account="706000"))
    found = only(both, "FEC008")
    assert [(v.path, v.message) for v in found] == [
        ("line 2.Debit", "line has both a debit and a credit"),
        ("line 3.Debit", "line has neither a debit nor a credit"),
    ]
    assert all(v.severity.value == "warning" for v in found)
    assert only(CLEAN, "FEC008") == []


def test_fec009_stray_single_byte_is_a_warning_and_the_row_is_read():
    data = fec(*sale()).replace(b"\tVente\t", b"\tVent\xf8\t", 1)
    reports = run_audit(data)
    [v] = [v for r in reports for v in r.violations]
    assert (v.code, v.severity.value, v.path) == ("FEC009", "warning", "line 2.EcritureLib")
    assert reports[0].valid
    assert only(fec(*sale()).replace(b"\tVente\t", "\tVenté\t".encode(), 1), "FEC009") == []


def test_iso_8859_15_file_is_accepted_without_fec009():
    data = fec(*sale()).decode().replace("\tVente\t", "\tFrais 12 € cœur\t").encode("iso-8859-15")
    assert codes(data) == []
    assert read_fec(data).rows[0].ecriture_lib == "Frais 12 € cœur"


def test_fec010_unknown_reordered_or_duplicate_columns_but_not_the_ba_bnc_variant():
    variant = HEADER + "\tDateRglt\tModeRglt\tNatOp"
    lines = [r + "\t20220131\tVIR\t" for r in sale()]
    assert codes(fec(*lines, header=variant)) == []
    unknown = HEADER + "\tAnalytique"
    assert codes(fec(*[r + "\tX" for r in sale()], header=unknown)) == ["FEC010"]
    swapped = COLUMNS[:]
    swapped = swapped[:11] + ["Credit", "Debit"] + swapped[13:]
    lines = [row(debit="0", credit="5"), row(account="706000", debit="5", credit="0")]  # Debit/Credit swapped
    found = only(fec(*lines, header="\t".join(swapped)), "FEC010")
    assert [v.message for v in found] == ["the 18 standard columns are not first in the A47 A-1 order"]


def test_fec011_short_line_is_skipped_and_an_error_fec001_follows():
    data = fec(
        row(debit="10", aux="C"),
        "VT\tVentes\t1\t20220131",
        row(account="706000", credit="10"),
        row(num="2", debit="5", aux="C"),
    )
    found = [(v.code, v.path) for r in run_audit(data) for v in r.violations]
    assert ("FEC011", "line 3") in found and ("FEC001", "") in found


def test_fec012_line_break_inside_a_field_is_joined_with_a_warning():
    first, second = sale()
    broken = first.replace("\tVente\t", "\tVente\nsuite\t")
    reports = run_audit(fec(broken, second))
    [v] = [v for r in reports for v in r.violations]
    assert (v.code, v.severity.value) == ("FEC012", "warning")
    assert reports[0].source == "t.txt:entry VT/1 (lines 2, 4)"


def test_fec013_number_reused_across_dates_regroups_by_date_and_piece():
    data = fec(
        row(journal="BQ", num="0", date="20220103", piece="R1", account="512000", debit="10"),
        row(journal="BQ", num="0", date="20220103", piece="R1", account="411000", credit="10"),
        row(journal="BQ", num="0", date="20220104", piece="R2", account="512000", debit="7"),
        row(journal="BQ", num="0", date="20220104", piece="R2", account="411000", credit="7"),
    )
    reports = run_audit(data)
    assert [r.source for r in reports] == [
        "t.txt:entry BQ/0 20220103 R1 (lines 2-3)",
        "t.txt:entry BQ/0 20220104 R2 (lines 4-5)",
    ]
    [v] = [v for r in reports for v in r.violations]
    assert v.code == "FEC013" and dict(v.figures) == {"dates": "2", "entries": "2"}
    # The same number in two journals is normal (per-journal numbering).
    assert (
        codes(
            fec(
                *sale("1"),
                row(journal="AC", num="1", account="607000", debit="3"),
                row(journal="AC", num="1", account="401000", credit="3"),
            )
        )
        == []
    )


def test_fec014_lettered_lines_without_date_once_per_file_as_a_note():
    data = fec(
        *sale("1", "10", "A"),
        *sale("2", "10", "B"),
        row(journal="BQ", num="1", account="512000", debit="20"),
        row(journal="BQ", num="1", aux="CLI01", credit="10", let="A"),
        row(journal="BQ", num="1", aux="CLI01", credit="10", let="B"),
    )
    [v] = only(data, "FEC014")
    assert v.severity.value == "info" and dict(v.figures) == {"lines": "4"}
    assert only(CLEAN, "FEC014") == []


def test_fec015_blank_mandatory_field():
    [v] = only(fec(row(debit="1", piece=""), row(account="706000", credit="1")), "FEC015")
    assert v.path == "line 2.PieceRef" and v.severity.value == "error"
    # Blank number and date: FEC015 only (not FEC005 / FEC013).
    found = codes(fec(row(num="", date="", debit="1"), row(num="", date="", account="706000", credit="1")))
    assert found == ["FEC015", "FEC015"]


def test_problems_are_sorted_by_their_kind_not_their_message():
    """The kind the reader set decides, whatever the message says (it is never searched)."""
    misleading = FecProblem(3, None, "unreadable amount 'x'", FecProblemKind.DATE)
    assert problem_kind(misleading) == "date"
    assert set(PROBLEM_KINDS) == {kind.value for kind in FecProblemKind}
    ledger = FecLedger.from_file(read_fec(fec(row(debit="x"), row(account="706000", credit="1"))))
    assert [p.kind for p in ledger.problems("amount")] == [FecProblemKind.AMOUNT]
    assert list(ledger.problems(FecProblemKind.AMOUNT)) == list(ledger.problems("amount"))
    assert list(ledger.problems("date")) == []


def test_selection_and_regrading_apply_to_fec_rules():
    data = fec(row(debit="120,00", aux="C"), row(account="706000", credit="100,00"))
    assert codes(data, select=["FEC002"]) == []
    [v] = [v for r in run_audit(data, severity={"FEC001": "warning"}) for v in r.violations]
    assert v.severity.value == "warning"


# -- detection and the audit plumbing ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        fec(*sale()),
        fec(*sale()).replace(b"\t", b"|"),
        b"\xef\xbb\xbf" + fec(*sale(), eol="\r\r\n"),
        fec(*sale()).decode().encode("utf-16"),
        fec(*sale()).decode().encode("cp1252"),
    ],
)
def test_fec_is_detected_by_content_in_every_real_encoding(data):
    assert looks_like_fec(data[:4096])
    assert isinstance(detect_reader("any.name", data), FecReader)
    assert [r.violations for r in run_audit(data)] == [()]


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b'{"data": {}}',
        b"JournalCode\tJournalLib\tEcritureNum\n",
        b"JournalCode;EcritureNum;Debit;Credit\n",
    ],
)
def test_other_content_is_not_fec(data):
    assert not FecReader().detect("x.txt", data)


def test_read_ledger_source_gives_one_record_per_entry():
    records = list(read_ledger_source("t.txt", CLEAN))
    assert [r.source for r in records] == ["t.txt:entry VT/1 (lines 2-3)", "t.txt:entry BQ/1 (lines 4-5)"]
    assert records[0].value[0]["Debit"] == "120,00"
    assert any(isinstance(reader, FecReader) for reader in READERS)


def test_fec_and_api_entries_in_one_run_are_numbered_in_input_order():
    api = json.dumps([{"date": "2025-01-10", "journalTypeId": "x", "accountingEntryLines": []}]).encode()
    reports = audit([("a.json", api), ("t.txt", CLEAN), ("b.json", api)])
    assert [r.document for r in reports] == [0, 1, 2, 3]
    assert [r.operation for r in reports] == ["createAccountingEntry", "fec", "fec", "createAccountingEntry"]


def test_each_fec_file_is_its_own_lettering_ledger():
    # The invoice in one file and its payment in another do not net across files.
    invoice = fec(*sale("1", "10,00", "A", "20220301"))
    payment = fec(
        row(journal="BQ", num="1", account="512000", debit="10,00"),
        row(journal="BQ", num="1", aux="CLI01", credit="10,00", let="A", date_let="20220301"),
    )
    reports = audit([("inv.txt", invoice), ("pay.txt", payment)])
    assert sorted(v.code for r in reports for v in r.violations) == ["FEC002", "FEC002"]


@pytest.fixture
def cli(capsys):
    """``ledger-rules`` in-process (the real-file tests below cover the subprocess wiring)."""
    from rules.cli import main

    def call(*args):
        capsys.readouterr()
        code = main(list(args))
        return code, capsys.readouterr().out

    return call


def test_cli_json_has_the_ledger_key_and_text_prints_the_figures(tmp_path, cli):
    path = tmp_path / "t.txt"
    path.write_bytes(
        fec(row(debit="120,00", aux="C"), row(account="706000", credit="100,00"), *sale("2", let="A"))
    )
    code, out = cli("audit", str(path), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert list(report) == ["version", "results", "summary", "ledger"]
    ledger = report["ledger"]
    assert {
        k: ledger[k]
        for k in ("entries", "unbalanced_entries", "lettering_groups", "unbalanced_lettering_groups")
    } == {"entries": 2, "unbalanced_entries": 1, "lettering_groups": 1, "unbalanced_lettering_groups": 1}
    assert ledger["files"][0]["debit_total"] == "240.00" and ledger["files"][0]["separator"] == "tab"
    code, text = cli("audit", str(path))
    assert f"FEC {path}: 2 entries (1 unbalanced), 1 lettering groups (1 not netting to zero)" in text
    assert text.splitlines()[-1].startswith("2 documents checked: 1 valid, 1 invalid; 1 error, 1 warning")
    code, text = cli("audit", str(path), "--format", "jsonl")
    assert [json.loads(line)["document"] for line in text.splitlines()] == [0, 1]


def test_api_entry_audit_report_has_no_ledger_key(tmp_path, cli):
    path = tmp_path / "a.json"
    path.write_text("[]")
    code, out = cli("audit", str(path), "--format", "json")
    assert "ledger" not in json.loads(out)


# -- the real files ------------------------------------------------------------------------------------

#: Figures stated in shared/realdata/README.md (measured by whoever wrote it, a third reckoning).
README_FIGURES = {
    "ekylibre__sage-coala__2020.txt": (47, 20, 0),
    "ekylibre__istea__123456789FEC20201231.txt": (None, 694, 0),
    "ekylibre__quadra__123456789FEC20190731.txt": (12605, 4716, 0),
    "neolegal__111111111FEC20221231.TXT": (None, 248, 0),
    "neolegal__0000000001FEC20220831.txt": (5422, 2033, 0),
}


def independent_figures(data: bytes) -> dict[str, int]:
    """The four figures from the raw bytes, with a parser of its own (not ledger.io.fec's): strip a BOM,
    split at line ends, separator from the header, fields stripped, amounts with ',' or '.'; entries
    keyed (JournalCode, EcritureNum), lettering groups (CompteNum, CompAuxNum, EcritureLet)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = [line for line in re.split(rb"\r*\n|\r", data) if line.strip()]
    head = lines[0].decode("ascii")
    sep = "\t" if head.count("\t") >= head.count("|") else "|"
    col = {name.strip(): i for i, name in enumerate(head.split(sep))}

    def amount(text: str) -> Decimal:
        return Decimal(text.replace(",", ".")) if text else Decimal(0)

    entries: dict[tuple[str, str], Decimal] = {}
    entry_dates: dict[tuple[str, str], set[str]] = {}
    groups: dict[tuple[str, str, str], Decimal] = {}
    for raw in lines[1:]:
        # latin-1 maps every byte: the codes, numbers and amounts are ASCII, and neither a UTF-8
        # multi-byte sequence nor a cp1252 byte can hold a tab or '|'.
        f = [x.strip() for x in raw.decode("latin-1").split(sep)]
        net = amount(f[col["Debit"]]) - amount(f[col["Credit"]])
        key = (f[col["JournalCode"]], f[col["EcritureNum"]])
        entries[key] = entries.get(key, Decimal(0)) + net
        entry_dates.setdefault(key, set()).add(f[col["EcritureDate"]])
        letter = f[col["EcritureLet"]]
        if letter:
            gkey = (f[col["CompteNum"]], f[col["CompAuxNum"]], letter)
            groups[gkey] = groups.get(gkey, Decimal(0)) + net
    # No real file reuses a number across dates, so the simple key IS the documented grouping here.
    assert all(len(d) == 1 and k[1] for k, d in entry_dates.items())
    return {
        "rows": len(lines) - 1,
        "entries": len(entries),
        "unbalanced_entries": sum(1 for v in entries.values() if v),
        "lettering_groups": len(groups),
        "unbalanced_lettering_groups": sum(1 for v in groups.values() if v),
    }


@pytest.mark.slow  # a subprocess per real file
@pytest.mark.parametrize("name", sorted(README_FIGURES))
def test_real_fec_file_audits_without_error_and_figures_match(name, shared_dir):
    path = shared_dir / "realdata" / "fec" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent from the shared folder")
    expected = independent_figures(path.read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "rules", "audit", str(path), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    report = json.loads(result.stdout)
    ledger = report["ledger"]
    [file_figures] = ledger["files"]
    for key in ("entries", "unbalanced_entries", "lettering_groups", "unbalanced_lettering_groups"):
        assert ledger[key] == file_figures[key] == expected[key], key
    assert file_figures["rows"] == expected["rows"]
    rows, entries, unbalanced = README_FIGURES[name]
    assert (expected["entries"], expected["unbalanced_entries"]) == (entries, unbalanced)
    if rows is not None:
        assert expected["rows"] == rows
    # One result per entry; no errors; one FEC002 per unbalanced lettering group.
    assert report["summary"]["documents"] == len(report["results"]) == expected["entries"]
    assert report["summary"]["errors"] == 0
    found = [v for r in report["results"] for v in r["violations"]]
    assert sum(v["code"] == "FEC002" for v in found) == expected["unbalanced_lettering_groups"]
    assert all(v["severity"] != "error" for v in found)
    assert all(
        re.fullmatch(rf"{re.escape(str(path))}:entry \S+/\S+ \(lines? [\d, \-…]+\)", r["source"])
        for r in report["results"]
    )
    if name == "neolegal__0000000001FEC20220831.txt":
        assert expected["unbalanced_lettering_groups"] == 87 and expected["lettering_groups"] == 810
    if name == "neolegal__111111111FEC20221231.TXT":
        assert sum(v["code"] == "FEC009" for v in found) == 6  # the 6 lines with a stray high byte


def test_real_files_read_in_process_match_the_reader(shared_dir):
    """The FecLedger grouping used by the rules is the one the figures count (no drift)."""
    path = shared_dir / "realdata" / "fec" / "ekylibre__sage-coala__2020.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent from the shared folder")
    ledger = FecLedger.from_file(read_fec(path.read_bytes()))
    assert len(ledger.entries) == independent_figures(path.read_bytes())["entries"] == 20


def test_one_bad_ecriture_date_is_one_fec005_and_does_not_split_the_entry():
    data = fec(
        row(aux="CLI01", debit="120,00"),
        row(account="706000", credit="100,00", EcritureDate="20221301"),
        row(account="445710", credit="20,00"),
    )
    reports = run_audit(data)
    assert [r.source for r in reports] == ["t.txt:entry VT/1 (lines 2-4)"]
    [v] = reports[0].violations
    assert (v.code, v.path) == ("FEC005", "line 3.EcritureDate")
    # A blank EcritureDate is FEC015's alone, for the same reason.
    blank = fec(row(aux="CLI01", debit="1"), row(account="706000", credit="1", EcritureDate=""))
    assert codes(blank) == ["FEC015"]


def test_fec_sums_are_exact_beyond_28_digits():
    # 43 significant digits: a sum rounded to the default 28-digit context calls this entry balanced.
    tiny = "999999999999999,0000000000000000000000000001"
    data = fec(row(aux="CLI01", debit=tiny), row(account="706000", credit="999999999999999"))
    [v] = [v for r in run_audit(data) for v in r.violations]
    assert v.code == "FEC001"
    assert dict(v.figures)["difference"] == "0." + "0" * 27 + "1"
    # ... and a lettering group the same way
    lettered = fec(
        row(aux="CLI01", debit=tiny, let="A"),
        row(account="706000", credit=tiny),
        row(num="2", aux="CLI01", credit="999999999999999", let="A"),
        row(num="2", account="512000", debit="999999999999999"),
    )
    assert codes(lettered) == ["FEC002", "FEC014"]


def test_fec_amount_of_10_to_the_15_or_more_is_fec004_alone():
    # 10^30 + 1 against 10^30: out of range, FEC004 on each line, not an unbalanced entry.
    big = "1" + "0" * 30
    data = fec(row(aux="CLI01", debit=big[:-1] + "1"), row(account="706000", credit=big))
    found = [(v.code, v.path) for r in run_audit(data) for v in r.violations]
    assert found == [("FEC004", "line 2.Debit"), ("FEC004", "line 3.Credit")]
    [v, _] = only(data, "FEC004")
    assert "out of range" in v.message
    # Just below the ceiling is an amount like any other; Montantdevise has the same ceiling.
    assert codes(fec(*sale(amount="999999999999999,99"))) == []
    assert [v.path for v in only(fec(row(debit="1", Montantdevise="-1000000000000000")), "FEC004")] == [
        "line 2.Montantdevise"
    ]


def test_pipe_inside_ecriture_lib_is_one_fec012_not_fec004_or_a_lettering_group():
    lines = [
        row(aux="CLI01", debit="120,00", lib="Facture 12 | mars"),
        row(account="706000", credit="120,00", lib="Facture 12 | mars"),
    ]
    data = fec(*(r.replace("\t", "|") for r in lines), header=HEADER.replace("\t", "|"))
    found = [(v.code, v.path) for r in run_audit(data) for v in r.violations]
    assert found == [("FEC012", "line 2.EcritureLib"), ("FEC012", "line 3.EcritureLib")]
