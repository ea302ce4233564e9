"""The streaming audit: entries are read, checked and dropped one at a time; the report is unchanged.

Three things are held here:

* the JSON reader, which reads a stream line by line, gives exactly the records its reading rules give
  when written plainly over the whole text (below, the oracle: lines end at ``\\n`` only, a bad line
  never stops the rest) on any text — BOMs, blank lines, every line break ``str.splitlines`` knows,
  broken lines, responses, lists, bad UTF-8 — whatever the piece size;
* the audit of a generated ledger with planted lettering faults gives exactly the reports of auditing
  the whole ledger at once (the entries held as models, the LET rules on the full
  :class:`~ledger.books.lettering.Ledger`: the former design, rebuilt below as the oracle);
* what the audit keeps between reading and writing is compact: no entry dict, no model, and its size
  grows with the entries far slower than holding the parsed entries would (tracemalloc, generous
  margin; no timing).
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import tracemalloc
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ledger.io.sources as audit_module
from benchmarks import generate
from ledger.books.lettering import Ledger, LedgerLettering, LetteredLine, lettering_groups
from ledger.entries import AccountingEntry
from ledger.enums import Matching
from ledger.io.api_entries import records as _records
from ledger.io.jsontext import dumps, loads, not_utf8
from ledger.io.limits import depth_breach
from ledger.io.loading import Loader
from ledger.paths import split_entry_path
from rules.audit import (
    AUDIT_DEFAULT_SELECT,
    ENTRY_OPERATION,
    Auditor,
    EntryRecord,
    JsonEntriesReader,
    _LedgerRun,
    audit,
)
from rules.engine import FAULT_CODES, Engine, Report
from rules.env import Env
from rules.violation import Finding
from tests.helpers.budgets import examples

# -- the oracle: the reading rules, written plainly over the whole bytes -------------------------------

#: The characters ``str.splitlines`` ends a line at (``\r\n`` counts as one).
SPLITLINES_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def whole_text_records(name: str, data: bytes) -> list[EntryRecord]:
    """What ``JsonEntriesReader.read`` gives, as ``check`` reads a source, written plainly over the whole
    bytes (the reader streams them).

    Lines end at ``\\n`` only; a line of ASCII white space is blank. The source is JSON Lines when its
    first non-blank line, decoded, is an object — or opens one too deep to decode. Each line is then
    decoded and parsed on its own: a line that is not UTF-8, broken or too deep is an error for that
    line alone, and the lines after it are still read; a source of one such line is named without a
    line number. An empty or blank source has no records. Anything else is the whole text: one value's
    records, or one error for the source."""
    for _ in range(2):  # the source's BOM, then decode_bytes' own
        data = data.removeprefix(b"\xef\xbb\xbf")
    pieces = data.split(b"\n")
    filled = [(number, raw) for number, raw in enumerate(pieces, start=1) if raw and not raw.isspace()]
    if not filled:  # an empty or blank source holds no entries (as ``[]``)
        return []
    if _first_line_is_object(filled[0][1], last=filled[0][0] == len(pieces)):
        return _lines(name, filled, pieces, single=len(filled) == 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [EntryRecord(name, error=not_utf8(exc))]
    try:
        value = loads(text)
    except json.JSONDecodeError as exc:
        return [EntryRecord(name, error=_error(exc))]
    except RecursionError:
        return [EntryRecord(name, error=depth_breach())]
    return list(_records(name, value))


def _lines(
    name: str, filled: list[tuple[int, bytes]], pieces: list[bytes], *, single: bool
) -> list[EntryRecord]:
    out, count = [], 0
    for number, raw in filled:
        source = name if single else f"{name}:{number}"
        if number < len(pieces):  # the line had its \n: a \r before it goes with it
            raw = raw.removesuffix(b"\r")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            out.append(EntryRecord(source, error=not_utf8(exc)))
            continue
        try:
            value = loads(line)
        except json.JSONDecodeError as exc:
            out.append(EntryRecord(source, error=_error(exc)))
            continue
        except RecursionError:
            out.append(EntryRecord(source, error=depth_breach()))
            continue
        for record in _records(name, value, start=count, line=None if single else number):
            count += 1
            out.append(record)
    return out


def _first_line_is_object(raw: bytes, *, last: bool) -> bool:
    try:
        line = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Judged without its line break; a last line (no \n) loses one str.splitlines break instead.
    if not last:
        line = line.removesuffix("\r")
    elif line[-1:] in SPLITLINES_BREAKS:
        line = line[:-1]
    try:
        return isinstance(loads(line), dict)
    except json.JSONDecodeError:
        return False
    except RecursionError:
        return line.lstrip(" \t\r\n")[:1] == "{"


def _error(exc: json.JSONDecodeError) -> str:
    return f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"


def streamed_records(name: str, data: bytes, *, stream: bool) -> list[EntryRecord]:
    source = io.BytesIO(b"xx" + data) if stream else data
    if stream:
        source.seek(2)  # a stream is read from its position
    return list(JsonEntriesReader().read(name, source))


# Pieces of text that meet every branch: objects (entries, responses, connections), lists, scalars,
# broken JSON, every line break of str.splitlines, white space JSON does not know, BOMs, bad UTF-8.
PIECES = [
    '{"id": "a", "accountingEntryLines": []}',
    '{"id": "b"}',
    '{"data": {"accountingEntries": {"nodes": [{"id": "n"}]}}}',
    '{"data": {"accountingEntries": {"edges": [{"node": {"id": "e"}}, 3]}}}',
    '{"errors": [{"message": "boom"}]}',
    '{"data": null}',
    '{"data": {"accountingEntries": 3}}',
    '{"nodes": [{"id": "x"}]}',
    '[{"id": "l"}, {"id": "m"}]',
    "[]",
    "{}",
    "42",
    '"text"',
    "{broken",
    '{"deep": ' + "[" * 1500 + "]" * 1500 + "}",
    "[" * 1500,
    "[1, 2",
    "null",
    '{"a": 1, "a": 2}',
    '{"n": 1.50}',
    "[[[[[[1]]]]]]",
    '{"s": "a\u2028b"}',
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
    " ",
    "\t",
    "\xa0",
    "\u3000",
    "\ufeff",
    "É",
]


@st.composite
def texts(draw) -> bytes:
    parts = draw(st.lists(st.sampled_from(PIECES), max_size=14))
    data = "".join(parts).encode("utf-8")
    prefix = draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\n\n", b"  "]))
    data = prefix + data
    if draw(st.integers(0, 9)) == 0 and data:  # a byte that is not UTF-8, anywhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x80"])) + data[at:]
    return data


@examples(400)  # a small text read twice: cheap, and chunk boundaries fall anywhere only over many draws
@given(data=texts(), chunk=st.sampled_from([1, 2, 3, 7, 64, 1 << 20]), stream=st.booleans())
def test_streaming_reader_gives_the_whole_text_readers_records(data, chunk, stream):
    with chunk_size(chunk):
        assert streamed_records("f", data, stream=stream) == whole_text_records("f", data)


@contextlib.contextmanager
def chunk_size(size: int):
    """Read lines ``size`` bytes at a time (the reader's piece), to cut lines and characters anywhere."""
    saved = audit_module._PIECE
    audit_module._PIECE = size
    try:
        yield
    finally:
        audit_module._PIECE = saved


@pytest.mark.parametrize(
    "data",
    [
        b'{"id": "a"}\n{"id": "b"}\n',  # JSON Lines: streamed
        b'\n\n{"id": "a"}\r\n\x0c\n{broken\n{"id": "b"}',  # blank (ASCII) and broken lines, numbering
        b'{"id": "a"}\n',  # one line: one document
        b'{"id": "a"}\x0c',  # one line, then a character JSON does not know: one broken line
        b'{"id": "a"}\n\xa0\n',  # white space that is not ASCII: a broken line, not a blank one
        '{"id": "a"}\u2028{"id": "b"}\n{"id": "c"}'.encode(),  # U+2028 ends no line
        '{"id": "a", "s": "x\u2028y"}\n{"id": "c"}'.encode(),  # U+2028 in a string: legal JSON text
        b'[{"id": "a"},\n {"id": "b"}]\n',  # a document over several lines
        b'{\n"data": {"accountingEntries": {"nodes": [{"id": "a"}]}}}',
        b'{"id": "a"}\n{"id": "b"}\n\xff\n{"id": "c"}',  # bad UTF-8 in a line: that line's error
        b'\xff{"id": "a"}\n{"id": "b"}\n',  # bad UTF-8 in the first line: one error for the source
        b'\xef\xbb\xbf\xef\xbb\xbf{"id": "a"}\n{"id": "b"}',  # both BOMs
        b"[" * 3000 + b"]" * 3000,  # nested too deeply
        b'{"a": ' + b"[" * 3000 + b"]" * 3000 + b"}",  # one line, an object too deep: one error
        b'{"a": ' + b"[" * 3000 + b"]" * 3000 + b'}\n{"id": "b"}\n',  # JSON Lines, the first line too deep
        b'{"id": "a"}\n' + b"[" * 3000 + b"]" * 3000 + b'\n{"id": "b"}\n',  # a later line too deep
        b"[" * 3000 + b"]" * 3000 + b'\n{"id": "b"}\n',  # a deep first line that is not an object
    ],
)
def test_streaming_reader_known_cases(data):
    for chunk in (1, 5, 1 << 20):
        with chunk_size(chunk):
            for stream in (False, True):
                assert streamed_records("f", data, stream=stream) == whole_text_records("f", data), (
                    chunk,
                    stream,
                )


def test_a_json_lines_stream_is_read_a_chunk_at_a_time():
    """The first entry is handed out after its line (and the next, to tell JSON Lines) has been read,
    not the whole stream: each line is decoded on its own, nothing reads the source beforehand."""
    data = b"".join(dumps({"id": str(k), "description": "x" * 100}).encode() + b"\n" for k in range(200))
    stream = io.BytesIO(data)
    with chunk_size(1000):
        records = JsonEntriesReader().read("f", stream)
        first = next(records)
        assert first.source == "f:entries[0]" and first.value["id"] == "0"
        assert stream.tell() <= 1006 < len(data)
        assert [r.value["id"] for r in records] == [str(k) for k in range(1, 200)]


# -- the oracle: the audit that held the whole ledger -------------------------------------------------


def whole_ledger_reports(auditor: Auditor, records: list[EntryRecord]) -> list[Report]:
    """The audit before streaming: every entry kept as a model, the LET rules on the whole Ledger."""
    engine, loader = auditor.engine, Loader()
    env = Env(ENTRY_OPERATION, engine.context, engine.options, "read")
    entries, results = [], []
    for record in records:
        violations, skipped, entry = [], [], None
        if record.error is not None:
            engine.runner.report("FLD001", Finding("", record.error), violations)
        else:
            loaded = loader.load(AccountingEntry, record.value, mode="read")
            for problem in loaded.problems:
                found = Finding(problem.path, problem.message, problem.hint)
                engine.runner.report(FAULT_CODES[problem.fault], found, violations)
            entry = loaded.model
            if entry is not None:
                engine.run_rules(entry, env, violations, skipped)
        entries.append(entry)
        results.append((record.source, violations, skipped))
    ledger = Ledger(tuple(entries))
    for spec in engine.registry:
        if spec.scope != "ledger" or spec.check is None or not engine.selection.enabled(spec.code):
            continue
        for found in spec.check(ledger, env):  # the rules still take a Ledger of models
            index, path = split_entry_path(found.path)
            if index is None or index >= len(results):
                index, path = 0, found.path
            results[index][1].append(engine.runner.violation(spec, found, path))
    return [
        Report(
            k,
            source,
            ENTRY_OPERATION.name if entries[k] is not None else None,
            tuple(violations),
            tuple(dict.fromkeys(skipped)),
        )
        for k, (source, violations, skipped) in enumerate(results)
    ]


def faulty_ledger(count: int, seed: int = 7) -> list[dict]:
    """Generated read entries (benchmarks.generate) with lettering faults planted in ~10 % of the
    lettered lines, so that every LET rule and a few FLD/BAL/OIT ones have something to say."""
    rnd = random.Random(seed)
    entries = []
    for entry in generate.read_entries(count, seed=seed):
        for line in entry.get("accountingEntryLines", []):
            pay = line.get("accountingEntryPayment")
            if pay is None:
                continue
            roll = rnd.random()
            if roll < 0.02:
                pay["matchingLetter"] = pay["matchingLetter"].swapcase()  # LET003 (and LET006)
            elif roll < 0.04:
                pay["matching"] = None  # LET006
            elif roll < 0.05:
                pay["matchingLetter"] = "ABCDEFG"  # LET005
            elif roll < 0.06:
                pay.pop("matchId", None)  # grouped by letter instead
            elif roll < 0.065:
                pay["matchId"] = "00000000-0000-4000-8000-000000000001"  # one group across accounts: LET004…
            elif roll < 0.07:
                pay["matchId"] = (
                    f"00000000-0000-4000-8000-{rnd.randrange(10**12):012d}"  # split: LET007, LET001
                )
            elif roll < 0.08:
                line["debitAmount"] = line["debitAmount"] + Decimal("0.01")  # LET001, BAL001
            elif roll < 0.09:
                line["creditAmount"] = None  # FLD, unreadable totals
        entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def faulty():
    return faulty_ledger(600)


def test_streamed_audit_equals_the_whole_ledger_audit(faulty):
    text = (
        "".join(dumps(e) + "\n" for e in faulty[:300])
        + "{broken\n"
        + "".join(dumps(e) + "\n" for e in faulty[300:])
    )
    data = text.encode()
    auditor = Auditor(Engine(select=AUDIT_DEFAULT_SELECT))
    streamed = auditor.audit_sources([("ledger.jsonl", io.BytesIO(data))])
    expected = whole_ledger_reports(auditor, list(JsonEntriesReader().read("ledger.jsonl", data)))
    assert streamed == expected
    assert [r.to_dict() for r in streamed] == [r.to_dict() for r in expected]
    codes = {v.code for r in streamed for v in r.violations}
    assert {"LET001", "LET003", "LET004", "LET005", "LET006", "LET007", "FLD001"} <= codes, codes


def test_groups_span_sources_and_shapes(faulty):
    """Three sources of three shapes are one ledger: findings land where the whole-ledger audit put them."""
    first, second, third = faulty[:200], faulty[200:400], faulty[400:]
    sources = [
        ("a.json", dumps({"data": {"accountingEntries": {"nodes": first}}}).encode()),
        ("b.jsonl", "".join(dumps(e) + "\n" for e in second).encode()),
        ("c.json", dumps(third).encode()),
    ]
    auditor = Auditor(Engine(select=AUDIT_DEFAULT_SELECT))
    records = [r for name, data in sources for r in JsonEntriesReader().read(name, data)]
    assert auditor.audit_sources(sources) == whole_ledger_reports(auditor, records)


def test_small_ledger_report_is_exact():
    """A small generated ledger with one planted fault, its report written out in full (as the audit
    gave it before streaming): the group of entries 0 and 3 and the lone half of a match in entry 2."""
    entries = list(generate.read_entries(4, seed=3))
    entries[0]["accountingEntryLines"][0]["accountingEntryPayment"]["matchingLetter"] = "ZZZZZZ"
    reports = audit("\n".join(dumps(e) for e in entries))
    match_id = entries[0]["accountingEntryLines"][0]["accountingEntryPayment"]["matchId"]
    assert entries[3]["accountingEntryLines"][1]["accountingEntryPayment"]["matchId"] == match_id
    operation = "createAccountingEntry"
    assert [r.to_dict() for r in reports] == [
        {
            "document": 0,
            "source": "<input>:entries[0]",
            "operation": operation,
            "valid": False,
            "violations": [
                {
                    "code": "LET005",
                    "name": "invalid-letter",
                    "severity": "error",
                    "path": "accountingEntryLines[0].accountingEntryPayment.matchingLetter",
                    "message": "matching letter 'ZZZZZZ' has 6 characters (at most 5)",
                    "hint": "letters are 1 to 5 of A–Z, upper case for full matches, lower case for partial ones",
                    "figures": {"letter": "ZZZZZZ"},
                },
                {
                    "code": "LET006",
                    "name": "inconsistent-match-group",
                    "severity": "error",
                    "path": "accountingEntryLines[0].accountingEntryPayment.matchingLetter",
                    "message": f"lines of match {match_id} carry different letters (A, ZZZZZZ)",
                    "hint": "unmatch the group and match it again",
                    "figures": {"lines": "2"},
                },
            ],
        },
        {
            "document": 1,
            "source": "<input>:entries[1]",
            "operation": operation,
            "valid": True,
            "violations": [],
        },
        {
            "document": 2,
            "source": "<input>:entries[2]",
            "operation": operation,
            "valid": False,
            "violations": [
                {
                    "code": "LET001",
                    "name": "full-match-not-balanced",
                    "severity": "error",
                    "path": "accountingEntryLines[0].accountingEntryPayment",
                    "message": "full match A does not balance: debits 0 ≠ credits 9468.94",
                    "hint": "unmatch the group and re-match it as partial, or add the missing line",
                    "figures": {
                        "letter": "A",
                        "lines": "1",
                        "debit": "0",
                        "credit": "9468.94",
                        "difference": "-9468.94",
                    },
                }
            ],
        },
        {
            "document": 3,
            "source": "<input>:entries[3]",
            "operation": operation,
            "valid": True,
            "violations": [],
        },
    ]


# -- what is kept between reading and writing ---------------------------------------------------------


def test_the_run_keeps_compact_records_not_entries(faulty):
    auditor = Auditor(Engine(select=AUDIT_DEFAULT_SELECT))
    run = _LedgerRun(auditor)
    run.add_all(JsonEntriesReader().read("f", "".join(dumps(e) + "\n" for e in faulty).encode()))
    assert run.count == len(faulty)
    assert all(type(s) is str for s in run.sources)
    assert all(type(v) is tuple for v in run.violations) and all(type(s) is tuple for s in run.skipped)
    assert len({id(s) for s in run.skipped}) <= 3  # the skipped codes are shared, not copied per entry
    assert sum(v == () for v in run.violations) > len(faulty) // 2  # and so is "no violation"
    atoms = (str, int, Decimal, Matching, type(None))
    assert run.lines and all(type(line) is LetteredLine for line in run.lines)
    assert all(isinstance(value, atoms) for line in run.lines for value in line)
    kept = [run.sources, run.violations, run.skipped, run.lines, run.found]
    assert not any(isinstance(x, (dict, AccountingEntry)) for part in kept[:4] for x in part)
    run.finish()
    assert not run.lines  # handed over to the ledger rules, then dropped


def test_memory_grows_far_slower_than_the_parsed_ledger():
    small, large = 150, 1500
    entries = list(generate.read_entries(large, seed=11))  # a valid ledger: what is kept is the least
    data_small = "".join(dumps(e) + "\n" for e in entries[:small]).encode()
    data_large = "".join(dumps(e) + "\n" for e in entries).encode()
    lines = data_large.splitlines()
    del entries

    def peak(action) -> int:
        tracemalloc.start()
        try:
            action()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    def audit_of(data):
        def run():
            auditor = Auditor(Engine(select=AUDIT_DEFAULT_SELECT))
            for _ in auditor.iter_reports([("f", io.BytesIO(data))]):
                pass

        return run

    def hold():  # what the audit once held: every parsed entry and its model
        loader = Loader()
        values = [loads(line.decode()) for line in lines[small:]]
        return values, [loader.load(AccountingEntry, value, mode="read").model for value in values]

    holding = peak(hold)
    with chunk_size(1 << 16):  # the reader's buffers are the same size for both
        growth = peak(audit_of(data_large)) - peak(audit_of(data_small))
    # Holding the entries would grow by `holding`; the compact results and lettering facts (and, at
    # the end, the groups) are about a tenth of it.
    assert growth < holding * 0.25, (growth, holding)


def test_ledger_lettering_groups_are_computed_once_and_shared():
    line = LetteredLine(0, 0, "411", "c", Matching.FULL_MATCH, "A", "m", Decimal("1.50"), Decimal(0))
    other = line._replace(entry_index=1, debit_amount=Decimal(0), credit_amount=Decimal("1.5"))
    lettering = LedgerLettering([line, other])
    assert lettering.groups is lettering.groups is lettering_groups(lettering)
    [group] = lettering.groups
    assert group.totals() == (Decimal("1.50"), Decimal("1.5")) and group.letter == "A"
    assert group.first.path == "entries[0].accountingEntryLines[0]"
    ledger = Ledger(())
    assert ledger.groups is lettering_groups(ledger) and ledger.lettering is ledger.lettering
