"""The documented limits (ledger.io.limits), linear cost, and exactness under attack.

* Each limit: a document just within it is checked normally, one just beyond it is ONE FLD001 whose
  message names the limit — for JSON text, parsed values, GraphQL literals and every source form.
* A 50,000-line entry is checked in time linear in its lines (a RATIO to a 5,000-line entry, never an
  absolute time).
* Exactness: duplicate keys are reported (text and GraphQL literals); numbers a float would round are
  read exactly; no amount passes through a float (a property test on the figures and the dumped
  values, and a source scan of the package for float calls and literals).
"""

from __future__ import annotations

import ast
import cProfile
import io
import pstats
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.entries import AccountingEntry
from ledger.io.jsontext import dumps, loads
from ledger.io.limits import DEFAULT_LIMITS, Limits, first_breach
from ledger.io.loading import Loader, dump
from ledger.io.sources import read_documents
from rules.engine import Engine
from rules.families.bal import out_of_range
from rules.fixing import fix_document
from tests.helpers import ROOT
from tests.helpers.budgets import examples

BATCH = loads((ROOT / "examples" / "batch.json").read_text(encoding="utf-8"))
QUERY = BATCH[0]["query"]  # createAccountingEntry(input: $values)
ACCOUNT_A = "4afe77f4-4cb9-5f9e-ac97-c825732a3126"
ACCOUNT_B = "d28e7ccb-d240-5a95-b568-969edf35e829"
JOURNAL = "c20ac9b6-a766-5a63-beba-daf6bdd76521"
ENGINE = Engine()


def line(debit, credit, account=ACCOUNT_A, **extra) -> dict:
    return {
        "debitAmount": debit,
        "creditAmount": credit,
        "subAccountId": account,
        "registerType": "UNDEFINED",
        **extra,
    }


def entry(lines: list[dict], **extra) -> dict:
    return {
        "entryType": "GENERAL",
        "date": "2025-01-01",
        "journalTypeId": JOURNAL,
        "accountingEntryLines": lines,
        **extra,
    }


def body(values) -> dict:
    return {"query": QUERY, "variables": {"values": values}}


def balanced(n: int) -> dict:
    """An n-line entry (n even) of 1.25 debits and credits, alternating accounts."""
    return entry(
        [
            line(Decimal("1.25"), Decimal(0)) if i % 2 == 0 else line(Decimal(0), Decimal("1.25"), ACCOUNT_B)
            for i in range(n)
        ]
    )


def only_fld001(report, limit: str) -> None:
    assert report.codes() == ["FLD001"], report.codes()
    violation = report.violations[0]
    assert f"({limit})" in violation.message and violation.hint and "robustness" in violation.hint


# -- the Limits value -------------------------------------------------------------------------------


def test_defaults_are_the_documented_ones_and_limits_are_frozen_and_validated():
    assert attrs.asdict(DEFAULT_LIMITS) == {
        "max_document_bytes": 32 * 1024 * 1024,
        "max_depth": 64,
        "max_items": 50_000,
        "max_string_chars": 100_000,
        "max_number_digits": 1_000,
        "max_number_exponent": 1_000,
        "max_file_bytes": 128 * 1024 * 1024,
        "max_source_bytes": 1024 * 1024 * 1024,
        "max_root_fields": 1_000,
    }
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        DEFAULT_LIMITS.max_depth = 5  # type: ignore[misc]
    for bad in (0, -1, 1.5, True, "64"):
        with pytest.raises(ValueError, match="max_depth"):
            Limits(max_depth=bad)
    assert ROOT.joinpath("docs", "robustness.md").read_text().count("max_") >= 6


def test_the_valid_example_batch_is_within_every_limit():
    assert all(first_breach(document) is None for document in BATCH)
    assert all("FLD001" not in ENGINE.check(document).codes() for document in BATCH)


# -- each limit, just within and just beyond ----------------------------------------------------------


def test_document_size_in_text_form():
    limits = Limits(max_document_bytes=2_000)
    engine = Engine(limits=limits)
    text = dumps(body(balanced(2)))
    padded = text[:-1] + " " * (2_000 - len(text.encode())) + "}"
    assert len(padded.encode()) == 2_000 and "FLD001" not in engine.check(padded).codes()
    only_fld001(engine.check(padded + " "), "max_document_bytes")
    only_fld001(engine.check((padded + " ").encode()), "max_document_bytes")
    # Bytes, not characters: 1,000 "é" are 2,000 bytes.
    wide = dumps(body(entry([], description="é" * 1_000)))
    assert len(wide) < 2_000 < len(wide.encode())
    only_fld001(engine.check(wide), "max_document_bytes")


def test_document_size_in_every_source_form_costs_bounded_memory():
    limits = Limits(max_document_bytes=1_000)
    small = dumps(body(balanced(2)))
    big = dumps(body(entry([], description="x" * 2_000)))
    assert len(small.encode()) < 1_000 < len(big.encode())
    # JSON Lines: the big line alone is FLD001; the lines around it are checked.
    text = "\n".join([small, big, small]).encode()
    raws = list(read_documents("x.jsonl", io.BytesIO(text), limits=limits))
    assert [r.error is None for r in raws] == [True, False, True]
    assert "max_document_bytes" in raws[1].error and raws[2].source == "x.jsonl:3"
    # An array is a batch: each element is held to the limit on its own text.
    raws = list(
        read_documents(
            "x.json", io.BytesIO(dumps([loads(small), loads(big), loads(small)]).encode()), limits=limits
        )
    )
    assert [r.error is None for r in raws] == [True, False, True] and raws[1].source == "x.json[1]"
    # One document: refused without being parsed (the rest is counted in chunks, never held).
    stream = io.BytesIO(dumps(loads(big), indent=2).encode())
    (raw,) = read_documents("x.json", stream, limits=limits)
    assert raw.value is None and "max_document_bytes" in raw.error and stream.tell() == len(stream.getvalue())
    # The default limit lets a real batch through.
    assert len(
        list(read_documents("b.json", io.BytesIO((ROOT / "examples" / "batch.json").read_bytes())))
    ) == len(BATCH)


def nested(levels: int, innermost=None):
    value = innermost
    for _ in range(levels):
        value = [value]
    return value


def test_nesting_depth_64_is_fine_65_is_fld001():
    # A body nests: body(1) > variables(2) > values(3) > the unknown field's value list (4...).
    within = body(entry(balanced(2)["accountingEntryLines"], extra=nested(61)))
    beyond = body(entry(balanced(2)["accountingEntryLines"], extra=nested(62)))
    assert first_breach(within) is None and first_breach(beyond).limit == "max_depth"
    assert ENGINE.check(within).codes() == ["FLD006"]  # `extra` is unknown; nothing else
    only_fld001(ENGINE.check(beyond), "max_depth")
    only_fld001(ENGINE.check(dumps(beyond)), "max_depth")


@pytest.mark.parametrize("opening,closing", [("[", "]"), ('{"a":', "}")])
def test_a_100000_deep_text_is_fld001_at_once(opening, closing):
    text = opening * 100_000 + "1" * (opening == '{"a":') + closing * 100_000
    tiny = dumps(body(balanced(2)))
    ENGINE.check(tiny)  # first use fills the per-query caches; count what a check costs after that
    deep_calls, report = python_calls(ENGINE.check, text)
    only_fld001(report, "max_depth")
    # Refused by the C decoder's guard before any of our code walks it: fewer Python calls than a
    # two-line entry costs (the time it takes is measured by benchmarks/scaling.py).
    assert deep_calls < python_calls(ENGINE.check, tiny)[0]
    assert list(read_documents("d.json", io.BytesIO(text.encode())))[0].error.endswith("(max_depth)")


def test_a_deep_value_built_in_code_is_walked_without_recursion():
    only_fld001(ENGINE.check(body(nested(200_000))), "max_depth")


def test_items_per_list_and_keys_per_object():
    engine = Engine(limits=Limits(max_items=10))
    assert "FLD001" not in engine.check(body(balanced(10))).codes()
    only_fld001(engine.check(body(balanced(12))), "max_items")
    only_fld001(engine.check(body(entry([], **{f"k{i}": 1 for i in range(11)}))), "max_items")
    only_fld001(ENGINE.check(body(entry([line(Decimal(0), Decimal(0))] * 50_001))), "max_items")


def test_string_length_counts_values_and_keys_but_not_the_query_text():
    description = "x" * 100_000
    report = ENGINE.check(body(entry(balanced(2)["accountingEntryLines"], description=description)))
    assert report.codes() == ["FLD005"]  # within the limit: the API's own 200-character rule speaks
    only_fld001(ENGINE.check(body(entry([], description=description + "x"))), "max_string_chars")
    only_fld001(ENGINE.check(body(entry([], **{"k" * 100_001: 1}))), "max_string_chars")
    long_query = {"query": QUERY + " " * 200_000, "variables": {"values": balanced(2)}}
    assert ENGINE.check(long_query).codes() == []


@pytest.mark.parametrize(
    "text,within",
    [
        ("1" * 1000, True),
        ("1" * 1001, False),
        ("0." + "0" * 998 + "1", True),
        ("1e1000", True),
        ("1e1001", False),
        ("1e-1000", True),
        ("1e-1001", False),
        ("1e999999999", False),
        ("-1e-999999999", False),
        ("9" * 5000, False),
        ("1e400", True),
        ("1e-400", True),
    ],
)
def test_number_digits_and_exponent(text, within):
    document = dumps(body(balanced(2))).replace('"debitAmount": 1.25', f'"debitAmount": {text}', 1)
    report = ENGINE.check(document)
    if within:  # an amount, but not a bookkeeping one: BAL007 says so (and nothing crashes)
        assert "FLD001" not in report.codes() and "BAL007" in report.codes()
    else:
        digits = len(Decimal(text).as_tuple().digits)
        only_fld001(report, "max_number_digits" if digits > 1000 else "max_number_exponent")
    # The same number as a GraphQL literal in the query text.
    literal = {
        "query": f'mutation {{ createAccountingEntry(input: {{date: "2025-01-01", x: {text}}}) {{ id }} }}'
    }
    assert ("FLD001" in ENGINE.check(literal).codes()) is (not within)


def test_limits_beyond_the_defaults_are_configurable():
    roomy = Engine(limits=Limits(max_number_exponent=5_000, max_number_digits=6_000))
    document = dumps(body(balanced(2))).replace('"debitAmount": 1.25', '"debitAmount": ' + "9" * 5000, 1)
    assert ENGINE.check(document).codes() == ["FLD001"]
    assert "BAL007" in roomy.check(document).codes()


def test_the_loader_guards_numbers_on_every_road_in():
    # audit and contexts load through the Loader without the engine's walk: it refuses such numbers
    # itself (FLD003), before any arithmetic could overflow or hang.
    loaded = Loader().load(
        AccountingEntry, {"accountingEntryLines": [{"debitAmount": Decimal("1e999999999")}]}, mode="read"
    )
    assert loaded.model.lines[0].debit_amount is None
    assert [p.path for p in loaded.problems] == ["accountingEntryLines[0].debitAmount"]


# -- linear cost ------------------------------------------------------------------------------------


def python_calls(function, *args) -> tuple[int, object]:
    """(Python and built-in calls made by ``function(*args)``, its result): an operation count, the same
    on every run and every machine, where seconds would vary with the machine's load."""
    profile = cProfile.Profile()
    result = profile.runcall(function, *args)
    return pstats.Stats(profile).total_calls, result


@pytest.mark.slow  # a 50,000-line entry checked twice, and 5,000 lines counted call by call
def test_a_50000_line_entry_is_checked_in_linear_time(example_context):
    for engine in (ENGINE, Engine(context=example_context)):
        # The limit itself: 50,000 lines are checked, and found valid.
        assert engine.check(dumps(body(balanced(50_000)))).codes() == []
        small, large = dumps(body(balanced(500))), dumps(body(balanced(5_000)))
        engine.check(small)  # first use fills the per-query caches; count what a check costs after that
        (small_calls, small_report), (large_calls, large_report) = (
            python_calls(engine.check, small),
            python_calls(engine.check, large),
        )
        assert small_report.codes() == large_report.codes() == []
        # 10x the lines: linear work is 10x the calls (the fixed part makes it a little less); n log n
        # would be ~13x and a quadratic path ~100x. benchmarks/scaling.py measures the seconds.
        assert large_calls < 10.5 * small_calls, large_calls / small_calls


# -- exactness under attack -------------------------------------------------------------------------


def test_duplicate_keys_are_reported_in_text_and_in_graphql_literals():
    text = dumps(body(balanced(2))).replace(
        '"date": "2025-01-01"', '"date": "2025-01-01", "date": "2025-01-02"', 1
    )
    report = ENGINE.check(text)
    assert report.codes() == ["FLD003"] and report.violations[0].path == "date"
    assert "more than once" in report.violations[0].message
    # Nested (a line) and in the variables object itself.
    text = dumps(body(balanced(2))).replace(
        '"debitAmount": 1.25', '"debitAmount": 1.25, "debitAmount": 1.25', 1
    )
    assert [(v.code, v.path) for v in ENGINE.check(text).violations] == [
        ("FLD003", "accountingEntryLines[0].debitAmount")
    ]
    literal = {
        "query": "mutation { createAccountingEntry(input: {entryType: GENERAL, entryType: GENERAL, "
        f'date: "2025-01-01", journalTypeId: "{JOURNAL}", accountingEntryLines: []}}) {{ id }} }}'
    }
    codes = ENGINE.check(literal).codes()
    assert codes.count("FLD003") == 1 and "BAL002" in codes
    assert [v.path for v in ENGINE.check(literal).violations if v.code == "FLD003"] == ["entryType"]


def _text_with(amounts: list[tuple[str, str]]) -> str:
    lines = [
        line(Decimal(0), Decimal(0), ACCOUNT_A if i % 2 == 0 else ACCOUNT_B) for i in range(len(amounts))
    ]
    text = dumps(body(entry(lines)))
    for debit, credit in amounts:  # write each number exactly as given, in order
        text = text.replace(
            '"debitAmount": 0, "creditAmount": 0', f'"debitAmount": {debit}, "creditAmount": {credit}', 1
        )
    return text


@pytest.mark.parametrize(
    "amounts",
    [
        [("0.1", "0"), ("0.2", "0"), ("0", "0.3")],  # 0.1 + 0.2 != 0.3 in binary floating point
        [("123456789012345.67", "0"), ("0", "123456789012345.60"), ("0", "0.07")],  # 17 significant digits
        [("1E2", "0"), ("0", "100")],  # exponent notation
        [("1e2", "0"), ("0", "99.99"), ("0", "0.01")],
        [("0.10", "0"), ("0", "0.1")],  # trailing zeros
    ],
)
def test_amounts_a_float_would_round_balance_exactly(amounts):
    assert ENGINE.check(_text_with(amounts)).codes() == []


def test_a_float_rounded_imbalance_is_seen_and_its_figures_are_exact():
    report = ENGINE.check(_text_with([("0.1", "0"), ("0.2", "0"), ("0", "0.30000000000000004")]))
    assert report.codes() == ["BAL001", "BAL006"] or report.codes() == ["BAL006", "BAL001"]
    bal001 = next(v for v in report.violations if v.code == "BAL001")
    assert dict(bal001.figures) == {
        "debit": "0.3",
        "credit": "0.30000000000000004",
        "difference": "0.00000000000000004",
    }


# Up to 28 significant digits (the API's Decimal), any scale the limits allow.
DECIMAL_TEXTS = st.builds(
    lambda digits, scale, sign: (
        f"{sign}{digits}e{-scale}" if scale % 3 == 0 else f"{sign}{Decimal(digits).scaleb(-scale)}"
    ),
    st.integers(1, 10**28 - 1).map(str),
    st.integers(0, 40),
    st.sampled_from(["", "-"]),
)


@examples(150)  # two numbers through load and dump: cheap, and exponents and digits vary widely
@given(DECIMAL_TEXTS, DECIMAL_TEXTS)
def test_no_amount_ever_passes_through_a_float(debit_text, credit_text):
    text = _text_with([(debit_text, "0"), ("0", credit_text)])
    debit, credit = Decimal(debit_text), Decimal(credit_text)
    # Loading and dumping keep every digit and the exponent (as_tuple: sign, digits AND scale).
    values = loads(text)["variables"]["values"]
    model = Loader().load(AccountingEntry, values).model
    assert model.lines[0].debit_amount.as_tuple() == debit.as_tuple()
    assert dump(model)["accountingEntryLines"][1]["creditAmount"].as_tuple() == credit.as_tuple()
    assert loads(dumps(dump(model)))["accountingEntryLines"][0]["debitAmount"].as_tuple() == debit.as_tuple()
    # fix writes the numbers back as they were.
    fixed = dumps(fix_document(loads(text)).document)
    assert (
        loads(fixed)["variables"]["values"]["accountingEntryLines"][0]["debitAmount"].as_tuple()
        == debit.as_tuple()
    )
    # Every figure of the report is the exact value.
    report = ENGINE.check(text)
    for violation in report.violations:
        figures = dict(violation.figures)
        if violation.code == "BAL001":
            assert Decimal(figures["debit"]) == debit and Decimal(figures["credit"]) == credit
            assert Decimal(figures["difference"]) == abs(debit - credit)
        if violation.code in ("BAL004", "BAL006"):
            assert Decimal(figures["amount"]) in (debit, credit)
    in_range = out_of_range(debit) is None and out_of_range(credit) is None
    assert ("BAL001" in report.codes()) == (debit != credit and in_range)


#: Float use allowed in the package: never on an amount. (path, line text that must contain it)
FLOAT_EXCEPTIONS = {
    ("ledger/spelling.py", "cutoff=0.6"),  # difflib similarity ratio for "did you mean" hints
    ("rules/report.py", "every: float = 0.25"),  # progress line: seconds between refreshes
    ("rules/report.py", "now - self.started >= 1.0"),  # progress line: seconds
    ("rules/serve/running.py", "_POLL_SECONDS = 0.01"),  # the test server's start-up poll: seconds
}


def test_no_float_calls_or_literals_on_amount_paths():
    found = set()
    for package in ("ledger", "rules", "codegen"):
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            lines = source.splitlines()
            relative = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(source)):
                is_float_literal = isinstance(node, ast.Constant) and isinstance(node.value, float)
                is_float_call = (
                    isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float"
                )
                # json.load(s) outside ledger.io.jsontext would read numbers as floats.
                is_json_load = (
                    isinstance(node, ast.Attribute)
                    and node.attr in ("load", "loads")
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "json"
                )
                if is_float_literal or is_float_call or is_json_load:
                    text = lines[node.lineno - 1]
                    allowed = [e for e in FLOAT_EXCEPTIONS if e[0] == relative and e[1] in text]
                    if not allowed:
                        found.add(f"{relative}:{node.lineno}: {text.strip()}")
    assert not found, "a float on a possible amount path:\n" + "\n".join(sorted(found))


# -- the text screen that lets the engine skip the limits walk ---------------------------------------

from ledger.io.jsontext import loads_screened  # noqa: E402
from ledger.io.limits import within_limits_by_text  # noqa: E402

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.text(max_size=30)
    | st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: d)
    | st.sampled_from([Decimal("1e400"), Decimal("-1E-999"), Decimal("1" * 40), Decimal("0.1")]),
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=40,
)
_small_limits = st.builds(
    Limits,
    max_depth=st.integers(1, 8),
    max_items=st.integers(1, 8),
    max_string_chars=st.integers(1, 200),
    max_number_digits=st.sampled_from([5, 24, 30, 1000]),
    max_number_exponent=st.sampled_from([5, 24, 30, 1000]),
)


@examples(300)  # one small value and limits per example: cheap, and breaches hide at the boundaries
@given(value=_json_values, limits=st.one_of(st.just(DEFAULT_LIMITS), _small_limits))
def test_the_text_screen_never_clears_a_document_the_walk_would_refuse(value, limits):
    # The screen is only allowed to say "certainly within": whenever it does, the full walk agrees.
    text = dumps(value)
    parsed, ordinary = loads_screened(text)
    assert parsed == loads(text)
    if within_limits_by_text(text, ordinary, limits):
        assert first_breach(parsed, limits) is None


@pytest.mark.parametrize(
    ("text", "ordinary"),
    [
        ("[1, 2.50, -0.01]", True),
        ("[1e2]", False),
        ("[1E-7]", False),
        ("[" + "9" * 25 + "]", False),
        ("[" + "9" * 24 + "]", True),
        ('{"a": "1e400"}', True),
    ],
)
def test_the_decoder_notes_unusual_number_literals(text, ordinary):
    value, seen = loads_screened(text)
    assert seen is ordinary
    assert value == loads(text)


def test_a_real_document_skips_the_walk_and_an_unusual_one_is_still_refused():
    from ledger.io.sources import document_from_text as _raw_from_text

    ordinary = _raw_from_text("<t>", '{"query": "q", "variables": {"values": {"a": 1.5}}}')
    assert ordinary.screened
    unusual = _raw_from_text("<t>", '{"query": "q", "variables": {"values": {"a": 1e999999}}}')
    assert not unusual.screened
    report = ENGINE.check('{"query": "q", "variables": {"values": {"a": 1e999999}}}')
    assert report.codes() == ["FLD001"] and "max_number_exponent" in report.violations[0].message
