"""One source reader and one limits layer: ``check`` and ``audit`` read a file the same way.

``check`` splits a source with :func:`ledger.io.sources.read_documents`, ``audit`` with
:class:`ledger.io.sources.JsonEntriesReader`; both cut lines with the same bounded reader, parse with
the same function and refuse with the same :class:`ledger.io.limits.Breach`. Here both read the same
bytes — one document, an array, JSON Lines with blank lines / CRLF / a BOM, an over-long line, a line
too deep, broken JSON, bytes that are not UTF-8 — and must find the same documents, the same FLD001
messages and the same hints, through the engines as the users see them.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.io.api_entries import records
from ledger.io.jsontext import dumps
from ledger.io.limits import DEFAULT_LIMITS, HINT, Breach, Limits, depth_breach, first_breach, size_breach
from ledger.io.sources import JsonEntriesReader, RawDocument, read_documents
from rules.audit import AUDIT_DEFAULT_SELECT, Auditor
from rules.engine import Engine
from tests.helpers.budgets import examples

SMALL = Limits(max_document_bytes=1_000)


def checked(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[tuple]:
    """What ``check``'s reader makes of a source: per document, its value, or (error, breach)."""
    return [_view(d.value, d.error, d.breach) for d in read_documents(name, io.BytesIO(data), limits=limits)]


def audited(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[tuple]:
    """What ``audit``'s reader makes of the same source: per entry, its value, or (error, breach)."""
    return [_view(r.value, r.error, r.breach) for r in JsonEntriesReader(limits).read(name, data)]


def _view(value, error, breach) -> tuple:
    return ("value", value) if error is None else ("error", error, breach)


def error_sources(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[list, list]:
    """The source names of the unreadable documents, for check and for audit."""
    check = [d.source for d in read_documents(name, io.BytesIO(data), limits=limits) if d.error]
    audit = [r.source for r in JsonEntriesReader(limits).read(name, data) if r.error]
    return check, audit


def fld001(reports) -> list[tuple[str, str, str | None]]:
    return [(r.source, v.message, v.hint) for r in reports for v in r.violations if v.code == "FLD001"]


def check_fld001(name: str, data: bytes, limits: Limits) -> list:
    engine = Engine(limits=limits, select=["FLD001"])
    documents = read_documents(name, io.BytesIO(data), limits=limits)
    return fld001(engine.check_documents(documents, operation="createAccountingEntry"))


def audit_fld001(name: str, data: bytes, limits: Limits) -> list:
    engine = Engine(limits=limits, select=AUDIT_DEFAULT_SELECT)
    auditor = Auditor(engine, readers=(JsonEntriesReader(limits),))
    return fld001(auditor.audit_sources([(name, data)]))


ENTRY_A = {"id": "a", "description": "first"}
ENTRY_B = {"id": "b", "description": "second"}
ENTRY_C = {"id": "c", "description": "third"}
DEEP = '{"a": ' + "[" * 3000 + "]" * 3000 + "}"


def line(value) -> bytes:
    return dumps(value).encode()


# -- the same inputs, the same documents ---------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(line(ENTRY_A), id="one document"),
        pytest.param(b'{\n  "id": "a",\n  "description": "first"\n}\n', id="one document over lines"),
        pytest.param(b"[" + line(ENTRY_A) + b",\n " + line(ENTRY_B) + b"]\n", id="array"),
        pytest.param(line(ENTRY_A) + b"\n" + line(ENTRY_B) + b"\n" + line(ENTRY_C) + b"\n", id="json lines"),
        pytest.param(
            b"\n\n" + line(ENTRY_A) + b"\r\n\r\n  \n" + line(ENTRY_B) + b"\r\n\n" + line(ENTRY_C),
            id="blank lines and CRLF",
        ),
        pytest.param(b"\xef\xbb\xbf" + line(ENTRY_A) + b"\n" + line(ENTRY_B) + b"\n", id="BOM"),
        pytest.param(
            line(ENTRY_A) + b"\n" + b'{"id": "b", "description": \n' + line(ENTRY_C), id="broken line"
        ),
        pytest.param(line(ENTRY_A) + b"\n" + DEEP.encode() + b"\n" + line(ENTRY_C) + b"\n", id="deep line"),
        pytest.param(DEEP.encode() + b"\n" + line(ENTRY_B) + b"\n", id="deep first line"),
        pytest.param(b'[{"id": "a"},', id="broken array"),
        pytest.param(b'{"id": "a", "description": "\xe9"}', id="not UTF-8"),
        pytest.param(b"[" * 3000 + b"]" * 3000, id="deep document"),
    ],
)
def test_check_and_audit_read_the_same_documents(data):
    for name in ("in.json", "in.txt"):
        assert checked(name, data) == audited(name, data)
        check, audit = error_sources(name, data)
        assert check == audit


def test_blank_lines_count_in_the_line_numbers_of_both_commands():
    data = b"\n\n" + line(ENTRY_A) + b"\r\n\n{broken\n" + line(ENTRY_B) + b"\n"
    check, audit = error_sources("in.txt", data)
    assert check == audit == ["in.txt:5"]


def test_a_broken_line_is_reported_within_the_line_by_both():
    data = line(ENTRY_A) + b'\n{"id": "b"\n' + line(ENTRY_C) + b"\n"
    (error,) = [view for view in checked("in.txt", data) if view[0] == "error"]
    assert error == ("error", "not valid JSON: Expecting ',' delimiter (line 1, column 11)", None)
    assert [view for view in audited("in.txt", data) if view[0] == "error"] == [error]


# -- the limits: the same breach at the same point --------------------------------------------------


def test_an_over_long_line_is_refused_at_read_time_by_both():
    """A line beyond max_document_bytes is FLD001 max_document_bytes in audit too — judged on its size
    before anything decodes it (decoded, its string would have been max_string_chars)."""
    long = line({"id": "x", "description": "y" * 5_000})
    data = line(ENTRY_A) + b"\n" + long + b"\n" + line(ENTRY_B) + b"\n"
    expected = size_breach(len(long) + 1, SMALL)
    assert expected is not None and expected.limit == "max_document_bytes" and expected.value == 1_000
    assert checked("in.txt", data, SMALL) == audited("in.txt", data, SMALL)
    assert [v for v in audited("in.txt", data, SMALL) if v[0] == "error"] == [
        ("error", expected.message, expected)
    ]
    assert error_sources("in.txt", data, SMALL) == (["in.txt:2"], ["in.txt:2"])


def test_an_over_long_line_is_skipped_in_bounded_pieces():
    """The reader never asks the stream for more than the limit plus one piece of a line at once."""
    long = b'{"description": "' + b"y" * (3 << 20) + b'"}'

    class Watched(io.BytesIO):
        largest = 0

        def readline(self, size=-1):
            got = super().readline(size)
            Watched.largest = max(Watched.largest, len(got))
            return got

        def read(self, size=-1):
            got = super().read(size)
            Watched.largest = max(Watched.largest, len(got))
            return got

    limits = Limits(max_document_bytes=100_000)
    data = line(ENTRY_A) + b"\n" + long + b"\n" + line(ENTRY_B) + b"\n"
    records = list(JsonEntriesReader(limits).read("in.txt", Watched(data)))
    assert [r.breach.limit if r.breach else None for r in records] == [None, "max_document_bytes", None]
    assert Watched.largest <= (1 << 20) + 1 < len(long)
    documents = list(read_documents("in.txt", Watched(data), limits=limits))
    assert [d.breach.limit if d.breach else None for d in documents] == [None, "max_document_bytes", None]


def test_an_over_long_first_line_is_judged_unread():
    """A first line beyond the limit cannot say whether the source is JSON Lines: check takes the source
    as one document beyond the limit; audit reads it whole (it may be one saved response), and when it
    is no JSON value but its first line opens an object, reads it as JSON Lines: that line FLD001
    ``max_document_bytes``, the next lines still read, as any line beyond the limit."""
    long = line({"id": "x", "description": "y" * 2_000})
    data = long + b"\n" + line(ENTRY_A) + b"\n" + b'{"id": "\xff"}\n' + line(ENTRY_B) + b"\n"
    whole = size_breach(len(data), SMALL)
    assert checked("in.txt", data, SMALL) == [("error", whole.message, whole)]
    first = size_breach(len(long) + 1, SMALL)
    assert audited("in.txt", data, SMALL) == [
        ("error", first.message, first),
        ("value", ENTRY_A),
        ("error", "not UTF-8 text: byte 0xff at offset 8", None),
        ("value", ENTRY_B),
    ]
    assert [r.source for r in JsonEntriesReader(SMALL).read("in.txt", data)] == [
        "in.txt:1",
        "in.txt:entries[0]",
        "in.txt:3",
        "in.txt:entries[1]",
    ]


@pytest.mark.parametrize(
    "data, limits, limit",
    [
        (
            line(ENTRY_A) + b"\n" + line({"id": "x", "description": "y" * 2_000}) + b"\n",
            SMALL,
            "max_document_bytes",
        ),
        (line(ENTRY_A) + b"\n" + DEEP.encode() + b"\n", DEFAULT_LIMITS, "max_depth"),
        (b"[" * 3000 + b"]" * 3000, DEFAULT_LIMITS, "max_depth"),
    ],
)
def test_the_engines_report_the_same_fld001_with_the_limits_hint(data, limits, limit):
    check = check_fld001("in.txt", data, limits)
    audit = audit_fld001("in.txt", data, limits)
    assert check == audit and len(check) == 1
    (_, message, hint) = check[0]
    assert message.endswith(f"({limit})") and hint == HINT


def test_a_read_error_that_is_no_limit_has_no_limits_hint_in_either():
    data = line(ENTRY_A) + b"\n{broken\n"
    check, audit = check_fld001("in.txt", data, DEFAULT_LIMITS), audit_fld001("in.txt", data, DEFAULT_LIMITS)
    assert (
        check
        == audit
        == [
            (
                "in.txt:2",
                "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)",
                None,
            )
        ]
    )


def test_a_json_lines_line_that_is_not_utf8_stops_neither_command():
    """A bad document never stops the rest of a batch: both commands decode JSON Lines line by line, so a
    line that is not UTF-8 is one error, at its own offset, and the lines after it are still read."""
    data = line(ENTRY_A) + b"\n" + b'{"id": "\xff"}\n' + line(ENTRY_B) + b"\n"
    expected = [
        ("value", json.loads(line(ENTRY_A))),
        ("error", "not UTF-8 text: byte 0xff at offset 8", None),  # in its line
        ("value", json.loads(line(ENTRY_B))),
    ]
    assert checked("in.txt", data) == expected
    assert audited("in.txt", data) == expected
    assert error_sources("in.txt", data) == (["in.txt:2"], ["in.txt:2"])


def test_a_first_line_that_is_not_utf8_makes_the_source_one_error_in_both_commands():
    """Whether a source is JSON Lines is read from its first line; one that is not UTF-8 cannot say, so
    the source is read whole, and both commands refuse it whole, in the same words."""
    data = b'{"id": "\xff"}\n' + line(ENTRY_B) + b"\n"
    expected = [("error", "not UTF-8 text: byte 0xff at offset 8", None)]
    assert checked("in.txt", data) == audited("in.txt", data) == expected


@pytest.mark.parametrize(
    "data, values",
    [
        pytest.param(
            line(ENTRY_A)
            + b"\n"
            + '{"id": "b", "description": "x\u2028y\u2029z"}\n'.encode()
            + line(ENTRY_C),
            [ENTRY_A, {"id": "b", "description": "x\u2028y\u2029z"}, ENTRY_C],
            id="U+2028 and U+2029 inside a JSON string",
        ),
        pytest.param(
            line(ENTRY_A) + b"\n" + line(ENTRY_B) + "\u2028\n".encode() + line(ENTRY_C) + b"\n",
            [ENTRY_A, f"not valid JSON: Extra data (line 1, column {len(line(ENTRY_B)) + 1})", ENTRY_C],
            id="U+2028 after a value: not JSON white space",
        ),
        pytest.param(
            line(ENTRY_A) + b"\n" + line(ENTRY_B) + b"\x0c" + line(ENTRY_C) + b"\n" + line(ENTRY_A),
            [ENTRY_A, f"not valid JSON: Extra data (line 1, column {len(line(ENTRY_B)) + 1})", ENTRY_A],
            id="form feed between two values: one line",
        ),
        pytest.param(
            line(ENTRY_A) + b"\n\x0c\n\x0b\r\n" + line(ENTRY_B),
            [ENTRY_A, ENTRY_B],
            id="lines of ASCII white space are blank",
        ),
        pytest.param(
            line(ENTRY_A) + "\n\xa0\n".encode() + line(ENTRY_B),
            [ENTRY_A, "not valid JSON: Expecting value (line 1, column 1)", ENTRY_B],
            id="a line of other white space is a broken line",
        ),
    ],
)
def test_json_lines_end_at_newline_only_in_both_commands(data, values):
    """Both commands cut JSON Lines at ``\\n`` only: a U+2028 inside a JSON string is legal JSON text,
    and a form feed or U+2028 elsewhere is part of its line (which is then not valid JSON)."""
    expected = [("value", v) if isinstance(v, dict) else ("error", v, None) for v in values]
    assert checked("in.txt", data) == expected
    assert audited("in.txt", data) == expected


# -- the breach is a structure, not a string to search ---------------------------------------------------


@pytest.mark.parametrize(
    "value, limits, limit",
    [
        ({"a": [[[[1]]]]}, Limits(max_depth=3), "max_depth"),
        ([1, 2, 3], Limits(max_items=2), "max_items"),
        ({"a": 1, "b": 2, "c": 3}, Limits(max_items=2), "max_items"),
        ({"k" * 20: 1}, Limits(max_string_chars=10), "max_string_chars"),
        ("s" * 20, Limits(max_string_chars=10), "max_string_chars"),
        (
            json.loads("1" * 30, parse_int=__import__("decimal").Decimal),
            Limits(max_number_digits=25),
            "max_number_digits",
        ),
        (__import__("decimal").Decimal("1e2000"), DEFAULT_LIMITS, "max_number_exponent"),
        (10**2000, DEFAULT_LIMITS, "max_number_digits"),
    ],
)
def test_a_breach_carries_its_limit_name_and_value(value, limits, limit):
    breach = first_breach(value, limits)
    assert isinstance(breach, Breach)
    assert breach.limit == limit and breach.value == getattr(limits, limit)
    assert breach.message.endswith(f"({limit})") and str(breach) == breach.message and breach.hint == HINT


def test_the_engine_takes_the_hint_from_the_breach_not_from_the_message():
    engine = Engine(select=["FLD001"])
    by_limit = engine.check(RawDocument("a", error=depth_breach()))
    (violation,) = by_limit.violations
    assert violation.message == depth_breach().message and violation.hint == HINT
    # A message that merely looks like a limit's is not one: no limits hint.
    (violation,) = engine.check(RawDocument("b", error="odd text (max_depth)")).violations
    assert violation.hint is None
    assert RawDocument("c", error=depth_breach()).breach == depth_breach()


# -- property: the two readers agree -------------------------------------------------------------------

_LINES = st.one_of(
    st.fixed_dictionaries({"id": st.text("abc", min_size=1, max_size=3)}).map(lambda v: dumps(v)),
    st.sampled_from(
        [
            "",
            "  ",
            "\t",
            "{broken",
            '{"id": "a"',
            "[1, 2]",
            "42",
            '"text"',
            "null",
            '{"data": {"accountingEntries": {"nodes": [{"id": "n"}]}}}',
            '{"errors": [{"message": "boom"}]}',
            '{"id": "a", "id": "b"}',
            '{"n": 1.50, "m": 1e400}',
            DEEP,
            "[" * 1500,
        ]
    ),
)


@st.composite
def sources(draw) -> bytes:
    """Texts of every form: JSON Lines (blank, broken, deep lines, responses), one document, an array;
    lines end with ``\n`` or ``\r\n``; a BOM or not."""
    lines = draw(st.lists(_LINES, max_size=8))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + draw(st.sampled_from(["", ending]))
    if draw(st.booleans()) and not text.lstrip().startswith("{"):
        text = "[" + ", ".join(x for x in lines if x.strip()) + "]"  # an array instead
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return prefix + text.encode()


@st.composite
def json_lines(draw) -> bytes:
    """JSON Lines that both commands recognise as such (a short entry first, a second line after)."""
    lines = [dumps({"id": "first"}), *draw(st.lists(_LINES, min_size=1, max_size=8)), dumps({"id": "last"})]
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + ending.join(lines).encode()


@examples(300)  # a few bytes through two readers: cheap, so many
@given(data=sources())
def test_check_and_audit_agree_on_drawn_sources(data):
    _agree(data, DEFAULT_LIMITS)


@examples(200)  # a few bytes through two readers: cheap, so many
@given(data=json_lines(), cap=st.sampled_from([40, 60, 200]))
def test_check_and_audit_agree_on_drawn_json_lines_under_a_small_size_limit(data, cap):
    _agree(data, Limits(max_document_bytes=cap))


@st.composite
def arrays(draw) -> bytes:
    """Arrays of entries, responses, lists and scalars, laid out over lines or not."""
    elements = draw(
        st.lists(_LINES.filter(lambda x: x.strip() and x[:1] in '{["n4' and x != "{broken"), max_size=6)
    )
    separator = draw(st.sampled_from([", ", ",\n", ",\r\n  "]))
    return (
        draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\n"])) + ("[" + separator.join(elements) + "]").encode()
    )


@examples(200)  # a few bytes through two readers: cheap, so many
@given(data=arrays(), cap=st.sampled_from([40, 60, 200]))
def test_check_and_audit_agree_on_drawn_arrays_under_a_small_size_limit(data, cap):
    _agree(data, Limits(max_document_bytes=cap))


def _agree(data: bytes, limits: Limits) -> None:
    """Audit reads what check reads: an array's elements are its entries (check names them ``[N]``,
    audit ``:entries[N]``); any other document (a line, the one document) holds the entries
    :func:`ledger.io.api_entries.records` finds in it, and an unreadable one has the same name."""
    check, audit = checked("in.txt", data, limits), audited("in.txt", data, limits)
    if data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"["):
        assert audit == check
        return
    expected = []
    for view in check:
        if view[0] == "error":
            expected.append(view)
        else:
            expected.extend(_view(r.value, r.error, r.breach) for r in records("in.txt", view[1]))
    assert audit == expected
    if _entry_per_document(check):
        assert error_sources("in.txt", data, limits)[0] == error_sources("in.txt", data, limits)[1]


def _entry_per_document(views: list[tuple]) -> bool:
    """Whether every document read is one entry for audit (an object that is no response)."""
    keys = {"data", "errors", "accountingEntries", "nodes", "edges"}
    return all(v[0] == "error" or (isinstance(v[1], dict) and keys.isdisjoint(v[1])) for v in views)


def test_an_array_element_beyond_the_size_limit_is_refused_alone_by_both():
    """An array is a batch for both commands: each element is held to max_document_bytes on its own text,
    and the other elements are still read (audit once parsed the whole list and only walked entries)."""
    long = line({"id": "x", "description": "y" * 2_000})
    data = b"[" + line(ENTRY_A) + b", " + long + b", " + line(ENTRY_B) + b"]"
    assert checked("in.json", data, SMALL) == audited("in.json", data, SMALL)
    assert [v[2].limit if v[0] == "error" else None for v in audited("in.json", data, SMALL)] == [
        None,
        "max_document_bytes",
        None,
    ]
    check, audit = check_fld001("in.json", data, SMALL), audit_fld001("in.json", data, SMALL)
    assert [source for source, _, _ in check] == ["in.json[1]"]
    assert [source for source, _, _ in audit] == ["in.json:entries[1]"]
    assert [(message, hint) for _, message, hint in check] == [(message, hint) for _, message, hint in audit]


@pytest.mark.parametrize("data", [b"", b"\n\n", b" \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
@pytest.mark.parametrize("name", ["in.jsonl", "in.ndjson", "in.json", "-"])
def test_an_empty_source_is_zero_documents_like_an_empty_array(name, data):
    """Issue 13 item 16: an empty JSON Lines file was FLD001 "empty input", exit 1, while ``[]`` is 0."""
    assert checked(name, data) == checked("in.json", b"[]") == []
    assert audited(name, data) == audited("in.json", b"[]") == []
