"""The one rule runner (rules/runner.py), the engine configuration and the one operation-name check.

* ``check``, ``audit`` and the FEC audit decide which rules run and which are skipped from the same
  plan: ``--select``/``--ignore`` and a missing context give the same outcome in every scope.
* Every violation is built in one place: a rule's message or hint written on several lines is one line
  in every scope, and a ledger finding lands on the entry its ``entries[N]`` path names.
* :class:`rules.engine.EngineConfig` pickles, and ``check --jobs 2`` writes what ``--jobs 1`` writes.
* An unknown operation name gets the same words from every entry point.

Rules are planted in a registry of their own (the shipped ones plus one document, one ledger and one
FEC rule that always report, each with a twin that needs a context key), so the tests do not depend
on what any shipped rule finds.
"""

from __future__ import annotations

import ast
import pickle
from decimal import Decimal

import pytest

from benchmarks import generate
from ledger.entries import AccountingEntry
from ledger.io.jsontext import dumps
from ledger.io.loading import one_line
from ledger.io.sources import RawDocument, RawText
from ledger.operations import UnknownOperation, operation, operation_named
from ledger.paths import entry_path, split_entry_path
from rules import check_many
from rules.audit import Auditor
from rules.cli import main
from rules.engine import Engine, EngineConfig
from rules.env import Options
from rules.families import default_registry
from rules.fec_audit import audit_fec
from rules.registry import Registry, rule
from rules.selection import Selection
from rules.violation import Severity, finding
from tests.helpers import ROOT

EXAMPLES = ROOT / "examples"

DOC = """Planted by tests/test_runner.py.

What it checks:
    Nothing: it always reports.
Why it matters:
    It shows the runner at work.
Example:
    Any subject.
How to fix:
    Nothing to fix.
Source:
    tests/test_runner.py
"""

MESSAGE = "first line\nsecond line"
HINT = "do this\r\nthen that"


def planted(code: str, name: str, severity: str, **spec):
    """``rules.registry.rule`` with the documentation every rule must have."""

    def wrap(fn):
        fn.__doc__ = DOC
        return rule(code, name, severity, **spec)(fn)

    return wrap


@planted("ZDO001", "planted-document", "error", targets=[AccountingEntry])
def planted_document(entry, env):
    yield finding("accountingEntryLines[0].debitAmount", MESSAGE, HINT)


@planted(
    "ZDO002",
    "planted-document-needing-accounts",
    "warning",
    targets=[AccountingEntry],
    needs=["accountingAccounts"],
)
def planted_document_context(entry, env):
    yield finding("date", MESSAGE, HINT)


@planted("ZLE001", "planted-ledger", "error", scope="ledger")
def planted_ledger(lettering, env):
    yield finding(entry_path(0, "accountingEntryLines[0]"), MESSAGE, HINT)


@planted("ZLE002", "planted-ledger-needing-accounts", "warning", scope="ledger", needs=["accountingAccounts"])
def planted_ledger_context(lettering, env):
    yield finding(entry_path(0), MESSAGE, HINT)


@planted("ZFE001", "planted-fec", "error", scope="fec")
def planted_fec(ledger, env):
    yield finding(ledger.path(2, "Debit"), MESSAGE, HINT)


@planted("ZFE002", "planted-fec-needing-accounts", "warning", scope="fec", needs=["accountingAccounts"])
def planted_fec_context(ledger, env):
    yield finding(ledger.entry_path(0), MESSAGE, HINT)


PLANTED = [
    f.__rule__
    for f in (
        planted_document,
        planted_document_context,
        planted_ledger,
        planted_ledger_context,
        planted_fec,
        planted_fec_context,
    )
]
#: The planted rules of each scope, as (code, needs a context key).
SCOPES = {
    "document": (("ZDO001", False), ("ZDO002", True)),
    "ledger": (("ZLE001", False), ("ZLE002", True)),
    "fec": (("ZFE001", False), ("ZFE002", True)),
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry([*default_registry(), *PLANTED])


COLUMNS = (
    "JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum CompAuxLib PieceRef "
    "PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate Montantdevise Idevise"
).split()


def _fec_row(account: str, debit: str, credit: str) -> str:
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        JournalCode="VT",
        JournalLib="Ventes",
        EcritureNum="1",
        EcritureDate="20220131",
        CompteNum=account,
        CompteLib="Compte",
        PieceRef="F1",
        PieceDate="20220131",
        EcritureLib="Vente",
        Debit=debit,
        Credit=credit,
        ValidDate="20220131",
    )
    return "\t".join(values[c] for c in COLUMNS)


FEC = (
    "\n".join(
        ["\t".join(COLUMNS), _fec_row("411000", "120,00", "0,00"), _fec_row("706000", "0,00", "120,00")]
    )
    + "\n"
).encode()


def _entry_request() -> dict:
    """A generated createAccountingEntry request body (a full entry: no expansion in between)."""
    engine = Engine()
    for body in generate.requests(20, seed=3):
        if engine.check(body).operation == "createAccountingEntry":
            return body
    raise AssertionError("the generator gave no createAccountingEntry request")


def _read_entries() -> bytes:
    return dumps(list(generate.read_entries(2, seed=3))).encode()


def _outcome(reports, codes) -> tuple[set[str], set[str]]:
    """(planted codes reported, planted codes skipped) over some reports."""
    found = {v.code for r in reports for v in r.violations if v.code in codes}
    skipped = {c for r in reports for c in r.skipped_rules if c in codes}
    return found, skipped


def _expected(scope: str, select, ignore, context) -> tuple[set[str], set[str]]:
    """What the selection and the context say, written out independently of the runner."""
    selection = Selection(select or (), ignore or ())
    run, skipped = set(), set()
    for code, needs in SCOPES[scope]:
        if not selection.enabled(code):
            continue
        (skipped if needs and context is None else run).add(code)
    return run, skipped


SETTINGS = [
    ("Z", None),
    ("Z", "ZDO001,ZLE001,ZFE001"),
    ("Z", "ZDO002,ZLE,ZFE002"),
    ("ZDO002,ZLE002,ZFE002", None),
    ("ZDO,ZLE001,ZFE", "ZFE001"),
]


@pytest.mark.parametrize("with_context", [False, True])
@pytest.mark.parametrize(("select", "ignore"), SETTINGS)
def test_selection_and_skipping_are_the_same_in_check_audit_and_fec_audit(
    registry, example_context, select, ignore, with_context
):
    context = example_context if with_context else None
    engine = Engine(registry=registry, context=context, select=select, ignore=ignore)

    check = [engine.check(_entry_request())]
    audit = Auditor(engine).audit_sources([("ledger.json", _read_entries())])
    fec = audit_fec("t.txt", FEC, engine).reports

    # The document rules judge a request in check and each entry read back in the audit.
    document_codes = {c for c, _ in SCOPES["document"]}
    assert _outcome(check, document_codes) == _expected("document", select, ignore, context)
    assert _outcome(audit, document_codes) == _expected("document", select, ignore, context)
    ledger_codes = {c for c, _ in SCOPES["ledger"]}
    assert _outcome(audit, ledger_codes) == _expected("ledger", select, ignore, context)
    fec_codes = {c for c, _ in SCOPES["fec"]}
    assert _outcome(fec, fec_codes) == _expected("fec", select, ignore, context)
    # ... and the reports say exactly what the one plan per scope says.
    for scope, codes in (("ledger", ledger_codes), ("fec", fec_codes)):
        plan = engine.runner.plan(scope)
        assert {r.code for r in plan.run} & codes == _expected(scope, select, ignore, context)[0]
        assert set(plan.skipped) & codes == _expected(scope, select, ignore, context)[1]


def test_plans_are_worked_out_once_per_subject_kind(registry):
    runner = Engine(registry=registry, select="Z").runner
    assert runner.plan("fec") is runner.plan("fec")
    assert runner.plan(AccountingEntry) is runner.plan(AccountingEntry)
    assert runner.plan(AccountingEntry, with_context=False) is not runner.plan(AccountingEntry)


def test_every_message_and_hint_is_one_line_in_every_scope(registry, example_context):
    engine = Engine(registry=registry, context=example_context, select="Z", severity={"ZFE001": "info"})
    check = engine.check(_entry_request()).violations
    audit = [v for r in Auditor(engine).audit_sources([("l.json", _read_entries())]) for v in r.violations]
    fec = [v for r in audit_fec("t.txt", FEC, engine).reports for v in r.violations]
    for scope, violations in (("check", check), ("audit", audit), ("fec", fec)):
        assert violations, scope
        for violation in violations:
            assert violation.message == one_line(MESSAGE) and "\n" not in violation.message, scope
            assert violation.hint == one_line(HINT) and "\n" not in violation.hint, scope
    # Built in one place: the severity in force (re-graded or not) and the path mapped to the entry.
    assert {(v.code, v.severity) for v in fec} == {("ZFE001", Severity.INFO), ("ZFE002", Severity.WARNING)}
    assert {(v.code, v.path) for v in fec} == {("ZFE001", "line 2.Debit"), ("ZFE002", "")}
    first = Auditor(engine).audit_sources([("l.json", _read_entries())])[0]
    assert ("ZLE001", "accountingEntryLines[0]") in {(v.code, v.path) for v in first.violations}


def test_the_cli_writes_one_line_per_violation_in_every_scope(registry, monkeypatch, capsys, tmp_path):
    import rules.engine

    monkeypatch.setattr(rules.engine, "default_registry", lambda: registry)
    entries, fec = tmp_path / "entries.json", tmp_path / "fec.txt"
    entries.write_bytes(_read_entries())
    fec.write_bytes(FEC)
    request = tmp_path / "request.json"
    request.write_text(dumps(_entry_request()))
    for argv in (["check", str(request)], ["audit", str(entries)], ["audit", str(fec)]):
        main([*argv, "--select", "Z", "--no-progress"])
        out = capsys.readouterr().out
        assert one_line(MESSAGE) in out and MESSAGE not in out, argv


def test_entry_paths_are_made_and_split_in_one_place():
    assert entry_path(3) == "entries[3]"
    assert entry_path(3, "line 14.Debit") == "entries[3].line 14.Debit"
    for index, rest in ((0, ""), (3, "accountingEntryLines[1].accountingEntryPayment"), (12, "line 4.Debit")):
        assert split_entry_path(entry_path(index, rest)) == (index, rest)
    assert split_entry_path("line 1.JournalCode") == (None, "line 1.JournalCode")
    assert split_entry_path("entries[x].date") == (None, "entries[x].date")


def test_a_finding_beyond_the_ledger_goes_to_the_first_entry_with_its_whole_path(registry):
    @planted("ZFE009", "planted-fec-far", "error", scope="fec")
    def far(ledger, env):
        yield finding(entry_path(99, "line 2"), "far")

    engine = Engine(registry=Registry([*registry, far.__rule__]), select="ZFE009")
    (report,) = audit_fec("t.txt", FEC, engine).reports
    assert [(v.code, v.path) for v in report.violations] == [("ZFE009", "entries[99].line 2")]


def test_audit_and_fec_audit_do_not_import_each_other_circularly():
    source = (ROOT / "rules" / "fec_audit.py").read_text(encoding="utf-8")
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "rules.audit" not in imported


# -- the configuration --------------------------------------------------------------------------------


def test_engine_config_pickles_and_builds_the_same_engine(example_context):
    config = EngineConfig(
        context=example_context,
        select="BAL,REF,TAX",
        ignore=["ref002"],
        severity={"bal001": "warning"},
        options=Options(currency="eur", tax_rounding="half-even", tax_tolerance=Decimal("0.01")),
        operation="createAccountingEntry",
    )
    assert config.select == ("BAL", "REF", "TAX") and config.ignore == ("REF002",)
    assert config.severity == (("BAL001", Severity.WARNING),)
    copy = pickle.loads(pickle.dumps(config))
    assert attrs_without_context(copy) == attrs_without_context(config)
    documents = [dumps(body) for body in generate.requests(30, seed=5)]
    one, two = Engine.from_config(config), Engine(config=copy)
    assert [one.check(d) for d in documents] == [two.check(d) for d in documents]


def attrs_without_context(config: EngineConfig) -> tuple:
    return (config.select, config.ignore, config.severity, config.options, config.limits, config.operation)


def test_keyword_construction_and_config_construction_agree(example_context):
    by_keywords = Engine(context=example_context, select="BAL", severity={"BAL001": "info"})
    by_config = Engine.from_config(
        EngineConfig(context=example_context, select="BAL", severity={"BAL001": "info"})
    )
    assert by_keywords.config == by_config.config
    with pytest.raises(TypeError):
        Engine(config=by_config.config, select="BAL")
    with pytest.raises(ValueError, match="cannot re-grade NOPE001"):
        Engine(severity={"NOPE001": "info"})


def test_an_engine_with_another_context_checks_as_one_built_with_it_and_shares_its_loader(example_context):
    base = Engine(select="BAL,REF,TAX,PST", severity={"BAL001": "warning"})
    derived = base.with_context(example_context)
    built = Engine(context=example_context, select="BAL,REF,TAX,PST", severity={"BAL001": "warning"})
    assert derived.config == built.config and derived.context is example_context
    documents = [dumps(body) for body in generate.requests(40, seed=9)]
    documents.append(dumps({"query": "mutation { createAccountingEntry(input: {}) { id } }"}))
    assert [derived.check(d) for d in documents] == [built.check(d) for d in documents]
    # the context-free parts are shared; the base engine still checks without a context
    assert derived._loader is base._loader and derived._intake is base._intake
    assert base.context is None and base.check(documents[0]).skipped_rules
    assert derived.check(documents[0]).skipped_rules == built.check(documents[0]).skipped_rules
    assert base.with_context(None).check(documents[0]) == base.check(documents[0])


def test_raw_document_is_the_one_dispatch_of_every_kind_of_document():
    engine = Engine()
    value = {"query": "q", "variables": {}}
    text = dumps(value)
    assert engine.raw_document(value, "s") == RawDocument("s", value)
    assert engine.raw_document(text, "s") == engine.raw_document(text.encode(), "s")
    assert engine.raw_document(text, "s").value == value
    raw = RawDocument("mine", value)
    assert engine.raw_document(raw, "ignored") is raw
    assert engine.raw_document(RawText("line:1", text.encode()), "ignored").source == "line:1"
    # check_many (serial and on workers) reads documents through it too.
    documents = [text, text.encode(), value, "{not json"]
    serial = [engine.check(d, source=f"<document {i}>", index=i) for i, d in enumerate(documents)]
    assert list(check_many(documents)) == serial
    assert list(check_many(documents, jobs=2, chunk_size=1)) == serial


def test_check_many_takes_a_config_and_gives_what_its_settings_give(example_context):
    documents = list(generate.requests(12, seed=8))
    config = EngineConfig(context=example_context, select="BAL,REF", severity={"BAL001": "warning"})
    by_settings = list(
        check_many(documents, example_context, select="BAL,REF", severity={"BAL001": "warning"})
    )
    assert list(check_many(documents, config=config)) == by_settings
    assert list(check_many(documents, config=config, jobs=2, chunk_size=5)) == by_settings
    with pytest.raises(TypeError):
        list(check_many(documents, config=config, select="BAL"))


@pytest.mark.parametrize("output", ["text", "json", "jsonl"])
def test_check_jobs_2_writes_what_jobs_1_writes(output, capsys, tmp_path):
    requests = tmp_path / "requests.jsonl"
    requests.write_text("".join(dumps(b) + "\n" for b in generate.requests(40, seed=11)) + "{broken\n")
    outputs = []
    for jobs in ("1", "2"):
        argv = [
            "check",
            str(requests),
            str(EXAMPLES / "batch.json"),
            "--context",
            str(EXAMPLES / "context.json"),
        ]
        status = main(
            [*argv, "--format", output, "--jobs", jobs, "--severity", "BAL001=warning", "--no-progress"]
        )
        outputs.append((status, capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    assert outputs[0][1]


# -- one operation-name check ------------------------------------------------------------------------


def test_an_unknown_operation_gets_the_same_words_from_every_entry_point(capsys, tmp_path):
    with pytest.raises(UnknownOperation) as caught:
        operation_named("createEntry")
    words = str(caught.value)
    assert words == "unknown operation 'createEntry'; did you mean createAccountingEntry?"

    with pytest.raises(KeyError) as as_key_error:  # the look-up's contract
        operation("createEntry")
    assert str(as_key_error.value) == words
    with pytest.raises(ValueError) as from_config:
        EngineConfig(operation="createEntry")
    assert str(from_config.value) == words
    with pytest.raises(ValueError) as from_check_many:
        list(check_many([{}], operation="createEntry"))
    assert str(from_check_many.value) == words

    (violation,) = Engine().check({"date": "2024-01-01"}, operation="createEntry").violations
    assert violation.code == "FLD001" and f"{violation.message}; {violation.hint}" == words

    document = tmp_path / "input.json"
    document.write_text("{}")
    for command in ("check", "fix", "render"):
        assert main([command, str(document), "--operation", "createEntry"]) == 2
        assert capsys.readouterr().err == f"ledger-rules: error: {words}\n", command


def test_an_unknown_operation_without_a_likely_meaning_lists_the_known_ones():
    with pytest.raises(UnknownOperation) as caught:
        operation_named("zzz")
    assert caught.value.problem == "unknown operation 'zzz'"
    assert caught.value.hint.startswith("known operations: createAccountingEntry, ")
    from codegen.surface import root_field

    with pytest.raises(KeyError, match="unknown operation 'zzz'; known operations: "):
        root_field("zzz")


def test_the_runner_alone_decides_that_a_rule_of_another_legislation_does_not_apply():
    from ledger.io.context_file import context_from_dict
    from rules.runner import Runner

    @planted(
        "ZDO009",
        "planted-german",
        "error",
        targets=[AccountingEntry],
        needs=["organization.legislationCode"],
        legislations=["DE"],
    )
    def german(entry, env):
        yield finding("date", MESSAGE)

    registry = Registry([german.__rule__])

    def plan(context):
        runner = Runner(registry, Selection((), ()), {}, context)
        found = runner.plan(AccountingEntry)
        return [r.code for r in found.run], list(found.skipped)

    fr = context_from_dict({"organization": {"legislationCode": "FR"}})
    de = context_from_dict({"organization": {"legislationCode": "DE"}})
    assert plan(fr) == ([], [])  # not applicable: neither run nor skipped
    assert plan(de) == (["ZDO009"], [])
    assert plan(None) == ([], ["ZDO009"])  # unknown legislation: skipped like any rule lacking data
    # ... also for a subject planned without its context: the organisation is still French.
    runner = Runner(registry, Selection((), ()), {}, fr)
    assert runner.plan(AccountingEntry, with_context=False).skipped == ()
