"""The fuzzers' material: hostile values, structure-aware mutators of valid documents, text corruption,
and the valid documents they start from.

The mutators take a :class:`Chooser`, so that Hypothesis drives them in the suite (``tests/test_fuzz.py``,
which also holds the invariants; ``tests/ledger/io/test_compiled_load.py`` mutates with them too, and
shrinks failures) while ``benchmarks/fuzz_long.py`` drives the very same mutators with a seeded
``random.Random`` for its million-document run.
"""

from __future__ import annotations

import io
import random
import re
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

import ledger.entries
import ledger.inputs
import ledger.luca
import ledger.reference
from ledger.fields import api_fields
from ledger.io.context_file import load_context
from ledger.io.jsontext import dumps, loads
from ledger.io.loading import Loader, dump
from ledger.operations import OPERATIONS
from tests.helpers import EXAMPLES
from tests.helpers.seed import seed001

# -- the material -----------------------------------------------------------------------------------


def model_classes() -> list[type]:
    """Every API-mapped class of the domain model (operation inputs, their parts, context records)."""
    found: dict[str, type] = {}
    for module in (ledger.entries, ledger.inputs, ledger.luca, ledger.reference):
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value) and hasattr(value, "graphql_name"):
                if api_fields(value):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[k] for k in sorted(found)]


MODELS = model_classes()
FIELD_NAMES = sorted({f.name for cls in MODELS for _, f in api_fields(cls)})
KEYS = FIELD_NAMES + ["query", "variables", "operationName", "values", "input", "id", "data", ""]

#: Number texts that break float-minded code: huge, tiny, long, exponent forms, negative zero.
NUMBER_TEXTS = (
    "0",
    "-0",
    "0.0",
    "1",
    "-1",
    "0.1",
    "0.2",
    "0.3",
    "0.30000000000000004",
    "1E2",
    "1e2",
    "1E+2",
    "12345678901234567",
    "1234567890123456.7",
    "0.1234567890123456789",
    "1824.67",
    "18.375",
    "99999999999999999999999999999",
    "1e15",
    "999999999999999.99",
    "1e400",
    "-1e400",
    "1e-400",
    "1e999999999",
    "-1e999999999",
    "1e-999999999",
    "9" * 5000,
    "0." + "0" * 1200 + "1",
    "1" + "0" * 999,
    "1e1000",
    "1e1001",
    "1e-1000",
    "1e-1001",
    "4300" * 1100,
    "15000",
    "2147483648",
)
#: Strings with the characters that break naive encoders, parsers and terminals.
STRING_SAMPLES = (
    "",
    " ",
    "GENERAL",
    "ISSUED",
    "RECEIVED",
    "UNDEFINED",
    "CUSTOMER",
    "SUPPLIER",
    "NaN",
    "Infinity",
    "1824.67",
    "2023-03-01",
    "2023-02-30",
    "2023-03-01T10:00:00Z",
    "0000-00-00",
    "6fdf8926-cfdd-4ef8-8f89-39d6bfa622da",
    "6FDF8926-CFDD-4EF8-8F89-39D6BFA622DA",
    "not-a-uuid",
    "\x00",
    "\x1b[31mred\x1b[0m",
    'quote" and \\backslash',
    "line\nbreak\r\n",
    "tab\t",
    "\u2028\u2029",
    "é€𝄞",
    "\ud800",
    "'; DROP TABLE entries; --",
    "{}",
    "[]",
    "null",
    "true",
    "x" * 201,
    "#",
    "$values",
)
_ALPHABET = "aZ09 .,-_:\"\\'\n\r\t\x00\x07\x1f\x7f{}[]#$éß€𝄞\u2028\ufeff\ud83d"


class Chooser:
    """Where the mutators' choices come from (Hypothesis here, ``random.Random`` in the long run)."""

    def integer(self, low: int, high: int) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def pick(self, seq):
        return seq[self.integer(0, len(seq) - 1)]

    def chance(self, n: int) -> bool:
        """True one time in ``n``."""
        return self.integer(0, n - 1) == 0


class DrawChooser(Chooser):
    def __init__(self, data):
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))


class RandomChooser(Chooser):
    def __init__(self, rng: random.Random):
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


def plain_copy(value: Any) -> Any:
    """A deep copy of JSON-like data (much faster than copy.deepcopy; iterative, so any depth)."""
    if not isinstance(value, (dict, list)):
        return value
    root = {} if isinstance(value, dict) else []
    stack = [(value, root)]
    while stack:
        source, target = stack.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in items:
            if isinstance(item, (dict, list)):
                copied = {} if isinstance(item, dict) else []
                stack.append((item, copied))
                item = copied
            if isinstance(target, dict):
                target[key] = item
            else:
                target.append(item)
    return root


def random_number(c: Chooser) -> Decimal:
    if c.chance(2):
        return Decimal(c.pick(NUMBER_TEXTS))
    text = c.pick(("", "-")) + str(c.integer(0, 10 ** c.integer(1, 30)))
    if c.chance(2):
        text += "." + str(c.integer(0, 10 ** c.integer(1, 30))).rjust(c.integer(1, 30), "0")
    if c.chance(4):
        text += c.pick(("e", "E", "e+", "e-")) + str(
            c.pick((0, 1, 2, 17, 28, 29, 400, 1000, 1001, 999999999))
        )
    return Decimal(text)


def random_string(c: Chooser) -> str:
    if c.chance(2):
        return c.pick(STRING_SAMPLES)
    return "".join(c.pick(_ALPHABET) for _ in range(c.integer(0, 12)))


def random_key(c: Chooser) -> str:
    key = c.pick(KEYS) if not c.chance(4) else random_string(c)
    if key and c.chance(3):  # near misses: "DebitAmount", "debitAmout"
        key = key[0].swapcase() + key[1:] if c.chance(2) else key[:-1]
    return key


def random_value(c: Chooser, depth: int = 0) -> Any:
    kind = c.integer(0, 9 if depth < 3 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return c.pick((True, False))
    if kind in (2, 3):
        return random_number(c)
    if kind in (4, 5):
        return random_string(c)
    if kind == 6:
        return [random_value(c, depth + 1) for _ in range(c.integer(0, 3))]
    if kind in (7, 8):
        return {random_key(c): random_value(c, depth + 1) for _ in range(c.integer(0, 4))}
    return nest(random_value(c, 3), c.pick((2, 63, 64, 65, 200)), c)


def nest(value: Any, levels: int, c: Chooser) -> Any:
    as_list = c.chance(2)
    for _ in range(levels):
        value = [value] if as_list else {"a": value}
    return value


def shaped_value(cls: type, c: Chooser, depth: int = 0) -> dict:
    """A dict with a random subset of ``cls``'s API fields, each of the right kind or (sometimes) not."""
    out: dict[str, Any] = {}
    for _, field in api_fields(cls):
        if not c.chance(3):
            continue
        if c.chance(5):
            out[field.name] = random_value(c, depth + 1)
        elif field.model is not None and depth < 3:
            inner = lambda: shaped_value(field.model, c, depth + 1)  # noqa: E731, B023 (called at once, in this iteration)
            out[field.name] = (
                [inner() for _ in range(c.integer(0, 3))] if field.kind.value == "list" else inner()
            )
        elif field.enum is not None:
            out[field.name] = c.pick([m.value for m in field.enum])
        else:
            out[field.name] = {
                "decimal": lambda: random_number(c),
                "int": lambda: Decimal(c.integer(-5, 10**6)),
                "date": lambda: c.pick(("2023-03-01", "2024-02-29", "2025-01-01T00:00:00Z")),
                "uuid": lambda: c.pick(STRING_SAMPLES[15:18]),
                "bool": lambda: c.pick((True, False)),
            }.get(field.kind.value, lambda: random_string(c))()
    return out


# -- structural mutations -----------------------------------------------------------------------------


def _slots(value: Any) -> list[tuple[Any, Any]]:
    """(container, key) for every value inside ``value`` (iterative: any depth)."""
    slots, stack = [], [value]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, item in items:
            slots.append((node, key))
            if isinstance(item, (dict, list)) and len(slots) < 5000:
                stack.append(item)
    return slots


def _containers(value: Any, kind: type) -> list:
    found = [value] if isinstance(value, kind) else []
    found += [parent[key] for parent, key in _slots(value) if isinstance(parent[key], kind)]
    return found


def mutate(value: Any, c: Chooser) -> Any:
    """Apply one structural mutation to a COPY of ``value`` and return it."""
    value = plain_copy(value)
    slots = _slots(value)
    what = c.integer(0, 8)
    if not slots or what == 0:
        return random_value(c) if c.chance(2) else nest(value, c.pick((1, 64, 65, 200)), c)
    parent, key = c.pick(slots)
    if what == 1:  # delete (required keys included)
        del parent[key]
    elif what == 2:  # duplicate an item
        item = plain_copy(parent[key])
        if isinstance(parent, list):
            parent.insert(c.integer(0, len(parent)), item)
        else:
            parent[key + c.pick(("", "_", " "))] = item
    elif what in (3, 4):  # retype into any JSON value
        parent[key] = random_value(c)
    elif what == 5:  # an unknown (or near-miss) key
        objects = _containers(value, dict)
        if objects:
            c.pick(objects)[random_key(c)] = random_value(c)
    elif what == 6:  # swap two values
        other_parent, other_key = c.pick(slots)
        parent[key], other_parent[other_key] = other_parent[other_key], parent[key]
    elif what == 7:  # empty a container, or wrap a value in one
        current = parent[key]
        parent[key] = type(current)() if isinstance(current, (dict, list)) else [current]
    else:  # a model-shaped value where the document had something else
        parent[key] = shaped_value(c.pick(MODELS), c)
    return value


# -- text mutations ---------------------------------------------------------------------------------

_KEY = re.compile(r'"((?:[^"\\]|\\.){1,60})": ')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_TOKENS = (
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999999999",
    "1E2",
    "-0",
    "1e-400",
    "00012",
    "1.",
    ".5",
    "+1",
    "0x10",
    "1e-9999999999999999999",
    "9E+99999999999999999999",
)  # exponents no decimal can hold


def corrupt_text(text: str, c: Chooser) -> bytes:
    """One textual corruption of JSON ``text``; returns the bytes a user's file would hold."""
    what = c.integer(0, 9)
    if what in (0, 1):  # a key repeated in the same object (the API keeps one silently)
        keys = list(_KEY.finditer(text))
        if keys:
            match = c.pick(keys)
            text = (
                text[: match.start()]
                + f'"{match.group(1)}": {dumps(random_value(c))}, '
                + text[match.start() :]
            )
    elif what == 2:  # a number token a float-minded writer would produce
        numbers = list(_NUMBER.finditer(text))
        if numbers:
            match = c.pick(numbers)
            text = text[: match.start()] + c.pick(_TOKENS) + text[match.end() :]
    elif what == 3:  # truncated
        text = text[: c.integer(0, len(text))]
    elif what == 4:  # one character replaced
        if text:
            at = c.integer(0, len(text) - 1)
            text = text[:at] + c.pick(_ALPHABET) + text[at + 1 :]
    elif what == 5:  # random bytes inserted
        data = text.encode("utf-8", "surrogatepass")
        at = c.integer(0, len(data))
        noise = bytes(c.integer(0, 255) for _ in range(c.integer(1, 8)))
        return data[:at] + noise + data[at:]
    elif what == 6:  # another encoding, or a BOM
        encoding = c.pick(("latin-1", "utf-16", "utf-8-sig", "cp1252"))
        return text.encode(encoding, "replace")
    elif what == 7:  # line structure: CR LF, \r\r\n, blank lines
        text = text.replace(", ", c.pick((",\r\n", ",\r\r\n", ",\n\n", ", ")))
    elif what == 8:  # quotes
        text = text.replace('"', "'", c.integer(1, 3))
    elif c.chance(4):  # nested far beyond the limit, and beyond Python's recursion limit
        depth = c.pick((65, 999, 1001, 100_000))
        text = "[" * depth + text + "]" * depth
    else:
        text = text + c.pick(("", " ", "\n", "}", "]", ",", "\x00", " {}"))
    return text.encode("utf-8", "surrogatepass")


# -- base documents -----------------------------------------------------------------------------------

BATCH = loads((EXAMPLES / "batch.json").read_text(encoding="utf-8"))
CONTEXT_TEXT = (EXAMPLES / "context.json").read_bytes()
CONTEXT = load_context(CONTEXT_TEXT)
CONTEXT_DICT = loads(CONTEXT_TEXT.decode("utf-8"))


SEED001 = seed001()
#: (document, operation or None): request bodies, the seeds' {"values": ...} form and bare inputs.
BASES: list[tuple[Any, str | None]] = (
    [(body, None) for body in BATCH]
    + [(SEED001, "createAccountingEntry"), ({"values": SEED001}, "createAccountingEntry")]
    + [
        (
            {
                "query": f"mutation ($v: X!) {{ {op.name}({op.argument}: $v) {{ id }} }}",
                "variables": {"v": {}},
            },
            None,
        )
        for op in OPERATIONS
    ]
)


def fuzzed_document(c: Chooser) -> tuple[Any, str | None]:
    """A base document (or a shaped one) broken by one to three structural mutations."""
    if c.chance(4):
        op = c.pick(OPERATIONS)
        document, operation = shaped_value(op.model, c), op.name
    else:
        document, operation = c.pick(BASES)
    for _ in range(c.integer(1, 3)):
        document = mutate(document, c)
    if c.chance(5):
        operation = c.pick((None, "createAccountingEntry", "unknownOperation", c.pick(OPERATIONS).name))
    return document, operation


def json_line(value: Any) -> str:
    """``value`` as one JSON Lines line: the line breaks ``dumps`` leaves raw inside strings (and the
    U+2028 separator that ``str.splitlines`` also cuts at) are escaped or replaced."""
    return dumps(value).replace("\n", "\\n").replace("\r", "\\r").replace("\u2028", " ")


def fuzzed_text(c: Chooser) -> tuple[bytes, str | None]:
    document, operation = fuzzed_document(c) if not c.chance(3) else c.pick(BASES)
    return corrupt_text(dumps(document), c), operation


# -- the fast loader against the generic walk -------------------------------------------------------


def disagreement(cls: type, value, mode: str, generic=None) -> str | None:
    """What the fast road (``bounded=True``) gives differently from the generic walk, or None: the
    problems, the model, or the model's exact digits. ``generic``: the generic walk's result, if known.
    (tests/ledger/io/test_compiled_load.py and benchmarks/fuzz_long.py ask it of their values.)"""
    if generic is None:
        generic = Loader().load(cls, value, mode=mode)
    fast = Loader().load(cls, value, mode=mode, bounded=True)
    if fast.problems != generic.problems:
        return f"problems: {fast.problems} != {generic.problems}"
    if fast.model != generic.model:
        return f"model: {fast.model} != {generic.model}"
    if generic.model is not None and dumps(dump(fast.model)) != dumps(dump(generic.model)):
        return f"digits: {dumps(dump(fast.model))} != {dumps(dump(generic.model))}"
    return None


# -- unbounded input: sources that never end ---------------------------------------------------------


class EndlessSource(io.RawIOBase):
    """A source that never ends and cannot say its size — a pipe from a program that keeps writing,
    ``/dev/zero`` — : ``head``, then ``pattern`` repeated forever. Not seekable, no file descriptor.

    :attr:`consumed` counts the bytes handed out. Past ``cap`` it raises, so that a reader that would
    read forever fails the test (with the amount it read) instead of hanging it."""

    def __init__(self, head: bytes, pattern: bytes, cap: int) -> None:
        super().__init__()
        self._pending = head
        self._block = pattern * (65_536 // len(pattern) + 1)
        self.cap = cap
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.consumed > self.cap:
            raise RuntimeError(f"read {self.consumed:,} bytes of an endless source: the reader has no stop")
        while len(self._pending) < len(buffer):
            self._pending += self._block
        size = len(buffer)
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        self.consumed += size
        return size


#: How endless sources begin: nothing, a BOM, blank lines, a JSON Lines line, an array or object opened.
ENDLESS_HEADS = (
    b"",
    b"\xef\xbb\xbf",
    b"\n\n",
    b'{"a": 1}\n',
    b"[",
    b'[{"a": 1}, ',
    b"{",
    b'{"query": "',
    b"  \r\n[",
)
#: What they go on with, forever, on one line (no line break).
ENDLESS_BODIES = (b"\0", b" ", b"x", b"[", b"{", b'"', b"1,", b'{"a": 1}', b"\xff", b"\r")


@st.composite
def endless_sources(draw: Any) -> tuple[bytes, bytes]:
    """``(head, pattern)`` of a source that never ends on one endless line: :class:`EndlessSource`."""
    head = draw(st.sampled_from(ENDLESS_HEADS))
    body = draw(st.lists(st.sampled_from(ENDLESS_BODIES), min_size=1, max_size=4))
    return head, b"".join(body)


@st.composite
def endless_lines(draw: Any) -> tuple[bytes, bytes]:
    """``(head, pattern)`` of a source of endless lines, each non-blank — some short documents, some
    beyond the size limit the test sets — that a streaming reader must keep reporting one by one."""
    head = draw(st.sampled_from(ENDLESS_HEADS[:4]))
    body = b"".join(draw(st.lists(st.sampled_from(ENDLESS_BODIES[2:-1]), min_size=1, max_size=4)))
    repeat = draw(st.sampled_from((1, 40)))  # 40 x at most 8 bytes: beyond the test's 256-byte limit
    return head, body * repeat + b"\n"
