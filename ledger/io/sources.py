"""Sources: from a file's bytes to its documents — one document, a JSON array, or JSON Lines — for
``check`` and ``audit`` alike.

One splitter, one point for the limits. Whatever the command, a source is read through the same
pieces, in this order:

1. **Lines, bounded.** :func:`_readline` is the only place a source is cut at ``\\n``; a line longer
   than ``max_document_bytes`` is never kept nor decoded: it is skipped in bounded chunks and comes
   out as an :class:`_Oversized` marker that only knows its size, so one 33 MiB line costs at most the
   limit in memory and is FLD001 ``max_document_bytes`` at read time (:func:`ledger.io.limits.size_breach`),
   whichever command reads it.
2. **One parse.** :func:`parse_json` decodes a document's text exactly (Decimals), and turns a failure
   into its one wording: ``not valid JSON: … (line L, column C)``, the decoder's own depth guard as the
   ``max_depth`` :class:`~ledger.io.limits.Breach`, non-UTF-8 bytes as :func:`ledger.io.jsontext.not_utf8`.
   A JSON Lines line is parsed without its line break, so a truncated line is reported at its own
   line 1 by both commands. :func:`parse_document` adds the text screen
   (:func:`ledger.io.limits.within_limits_by_text`).
3. **What a document is.** ``check`` (:func:`split_documents`) yields :class:`RawDocument` /
   :class:`RawText` — an array's elements, JSON Lines' lines, or the one document — each judged on its
   own (a request is a document). ``audit`` (:class:`JsonEntriesReader`) yields
   :class:`~ledger.io.api_entries.EntryRecord` values from the same pieces: JSON Lines' lines, an
   array's elements (split by the same offsets pass, each held to the same size limit), or the one
   document's entries (a saved response holds many: :mod:`ledger.io.api_entries` releases them one
   by one, and each entry is then held to the limits by the walk — the response as a whole is a
   batch, not one document, so it is not held to ``max_document_bytes``).

JSON Lines, in both commands alike: only ``\n`` ends a line (a ``\u2028`` inside a JSON string is
legal JSON text; a form feed or ``\u2028`` between values is part of its line, which is then not
valid JSON), a line of ASCII white space is blank (``bytes.isspace``), and each line is decoded on
its own (:func:`line_text`): a line that is not UTF-8 is one FLD001 for that line, and the lines
after it are still read — a bad document never stops the rest of a batch. A source is JSON Lines
when its first non-blank line is an object (or opens one too deep to decode:
:func:`_first_line_opens_object`, which both commands ask); a first line that is not UTF-8 cannot
say, and the source is then read whole (bytes that are not UTF-8 there are one error for the
source). A source of one such line is named without a line number. A first line beyond the size
limit cannot be judged either: ``check`` then takes the source as one document (beyond the limit),
``audit`` reads it whole (it may be one saved response; if it is not one JSON value but its first
line opens an object, it is read again as JSON Lines, that line FLD001 ``max_document_bytes``).
An empty source (no bytes, only blank lines, or only a byte order mark) is a batch of no documents, in
both commands and whatever its name, as ``[]`` is: nothing in it is wrong, so nothing is reported.

Memory is flat for JSON Lines in both commands: a line at a time, read 1 MiB at a time, and never
more than ``max_document_bytes`` of one line: a 33 MiB line costs about 33 MB over the interpreter's
own, in ``check`` and ``audit`` alike.
"""

from __future__ import annotations

import gc
import io
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, NamedTuple

import attrs

from ledger.io.api_entries import SHAPE_KEYS, EntryRecord, LedgerReader, SourceData, StreamingReader, records
from ledger.io.jsontext import decode_bytes, element_spans, loads, loads_screened, not_utf8
from ledger.io.limits import (
    DEFAULT_LIMITS,
    Breach,
    FileTooBig,
    KeepsBreach,
    Limits,
    depth_breach,
    larger_than,
    line_without_end,
    past_limit,
    problem_parts,
    read_whole,
    size_breach,
    too_big,
    within_limits_by_text,
)

BOM = b"\xef\xbb\xbf"
#: Bytes read at a time where a source is scanned or copied rather than split (blank sources, pipes).
_CHUNK = 1 << 18
_HEAD = 4096
#: Standard input and other unseekable streams are copied to a temporary file past this size.
_SPOOL = 8 << 20
#: What a source given as bytes may be (anything else is a binary stream).
_BYTES = (bytes, bytearray, memoryview)


# -- documents --------------------------------------------------------------------------------------


@attrs.frozen
class RawDocument(KeepsBreach):
    """One document of a source: its parsed JSON value, or why it could not be parsed.

    ``error`` is given as a message or as the :class:`~ledger.io.limits.Breach` that refused the
    document; the document keeps the message as ``error`` (text, as reported) and the breach as
    ``breach``, from which the engine takes the FLD001 hint."""

    source: str
    value: Any = None
    error: str | None = None
    #: True when the text was proven within every limit while it was read
    #: (:func:`ledger.io.limits.within_limits_by_text`): the engine skips the limits walk.
    screened: bool = False
    #: The limit the document broke, when that is why it could not be read.
    breach: Breach | None = None

    @classmethod
    def failed(cls, source: str, problem: str | Breach) -> RawDocument:
        """The document that could not be read, for ``problem`` (a message, or the breached limit)."""
        message, breach = problem_parts(problem)
        return cls(source, error=message, breach=breach)


class RawText(NamedTuple):
    """One document's text, split from its source but not parsed yet: :func:`parse_text` parses it.

    :func:`split_documents` yields these so that ``check --jobs`` can send the text to a worker process
    and parse it THERE; :func:`read_documents` parses them at once. Both call :func:`parse_text`, so the
    two paths give the same document (value, error text, source) for the same text.
    """

    source: str
    # A JSON Lines line as read (bytes, its newline included, a UTF-8 BOM of line 1 removed), or the
    # text of an array's element (str, already decoded).
    data: bytes | str


class Parsed(NamedTuple):
    """One text parsed: its value and whether every number literal was ordinary, or its problem."""

    value: Any
    ordinary: bool
    problem: str | Breach | None


def problem_of(exc: Exception, limits: Limits = DEFAULT_LIMITS) -> str | Breach:
    """The one wording of why a text is not a document (every reader reports through it)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return not_utf8(exc)
    if isinstance(exc, RecursionError):  # the C decoder's own depth guard (~1,000 levels)
        return depth_breach(limits)
    return f"not a usable document: {exc}"


def parse_json(text: str, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """One document's text decoded exactly (:func:`ledger.io.jsontext.loads_screened`), or its problem."""
    try:
        value, ordinary = loads_screened(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        return Parsed(None, False, problem_of(exc, limits))
    return Parsed(value, ordinary, None)


def parse_document(source: str, text: str, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """One document's text, decoded exactly, screened against the limits; an error names the fault."""
    parsed = parse_json(text, limits)
    if parsed.problem is not None:
        return RawDocument.failed(source, parsed.problem)
    return RawDocument(source, parsed.value, screened=within_limits_by_text(text, parsed.ordinary, limits))


def document_from_text(source: str, text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """One document given as its text (``Engine.check(text)``): held to ``max_document_bytes`` before it
    is decoded (bytes are UTF-8, a BOM dropped), then parsed as every other document is."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    breach = size_breach(size, limits)
    if breach is not None:
        return RawDocument.failed(source, breach)
    if isinstance(text, bytes):
        try:
            text = decode_bytes(text)
        except UnicodeDecodeError as exc:
            return RawDocument.failed(source, problem_of(exc, limits))
    return parse_document(source, text, limits)


def parse_text(item: RawText, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """The document of one :class:`RawText`: decoded (bytes are UTF-8) and parsed exactly.

    A line's bytes are parsed without their ``\\n`` / ``\\r\\n`` (JSON white space: the value is the
    same), so that a broken line's error counts lines and columns within the line, as audit's does."""
    if isinstance(item.data, str):
        return parse_document(item.source, item.data, limits)
    try:
        text = line_text(item.data)
    except UnicodeDecodeError as exc:
        return RawDocument.failed(item.source, problem_of(exc, limits))
    return parse_document(item.source, text, limits)


def line_text(raw: bytes) -> str:
    """The text of one JSON Lines line as read (its ``\\n`` included): decoded as UTF-8 (raises
    UnicodeDecodeError), without its ``\\n`` / ``\\r\\n`` (JSON white space: the value is the same,
    and a broken line's error counts lines and columns within the line). Both commands read a line
    through it."""
    text = raw.decode("utf-8")
    if text.endswith("\n"):
        text = text[:-2] if text.endswith("\r\n") else text[:-1]
    return text


# -- bounded lines: the one place a source is cut, and held to max_document_bytes ----------------------


class _Oversized(bytes):
    """A line longer than the size limit; ``size`` is the whole line's length.

    The rest of the line was read in bounded chunks and dropped, so one huge line costs bounded memory.
    A line that had not ended after ``max_source_bytes`` is ``ended=False``: the source stops there.
    """

    size: int
    ended: bool


class _Partial(bytes):
    """The first ``limit + 1`` bytes of a line that goes on (nothing after them was consumed)."""


#: A line is read this many bytes at a time, so that one beyond the limit never costs more than the
#: limit plus one piece (``readline(limit + 1)`` at once held about twice the limit at its peak).
_PIECE = 1 << 20


def _readline(stream: IO[bytes], limits: Limits, *, keep: bool = False) -> bytes:
    """One line of at most ``max_document_bytes``; a longer one is ``_Oversized`` (or ``_Partial`` with
    ``keep``)."""
    limit = limits.max_document_bytes
    pieces: list[bytes] = []
    size = 0
    while True:
        piece = stream.readline(min(_PIECE, limit + 1 - size))
        pieces.append(piece)
        size += len(piece)
        if not piece or piece.endswith(b"\n") or size > limit:
            break
    if size <= limit or pieces[-1].endswith(b"\n"):
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)
    if keep:
        return _Partial(b"".join(pieces))
    last = pieces[-1]
    del pieces  # only the size of the line is kept from here
    return _finish(last, size, stream, limits)


def _finish(last: bytes, size: int, stream: IO[bytes], limits: Limits) -> _Oversized:
    """The marker of a line of which ``size`` bytes were read, ``last`` the latest piece: the rest of the
    line is read a piece at a time, counted and dropped — up to ``max_source_bytes``, so that a line
    with no end (a pipe or a device that never sends one) stops the source instead of reading forever."""
    ended = True
    while not last.endswith(b"\n"):
        if size > limits.max_source_bytes:
            ended = False
            break
        last = stream.readline(min(_PIECE, limits.max_source_bytes + 1 - size))
        if not last:
            break
        size += len(last)
    oversized = _Oversized(b"{}")  # never parsed: only its size is reported
    oversized.size = size
    oversized.ended = ended
    return oversized


def _oversized_breach(raw: _Oversized, limits: Limits) -> Breach:
    """What a line skipped for its size is reported as: its size, or that it never ended."""
    return too_big(raw.size, limits) if raw.ended else line_without_end(limits)


def _blank(raw: bytes) -> bool:
    """Whether a line is blank — ASCII white space only (``bytes.isspace``) — for both commands: it is
    no document, and it is skipped; an oversized line is not blank."""
    return not isinstance(raw, _Oversized) and raw.isspace()


#: The characters ``str.splitlines`` ends a line at (``\r\n`` counts as one).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def without_break(raw: str) -> str:
    """A line without its line break (``str.splitlines`` without ``keepends``)."""
    if raw.endswith("\r\n"):
        return raw[:-2]
    return raw[:-1] if raw and raw[-1] in _LINE_BREAKS else raw


# -- check: a source into documents -------------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Parsing one big JSON array allocates millions of containers at once; the cyclic garbage
    # collector would walk the growing tree again and again (halving throughput) although JSON
    # cannot contain cycles. Pause it for the parse only, and restore whatever state it had.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _decode_first(raw: bytes) -> str:
    # The source's BOM was dropped with its first line; a second one is dropped too (an exporter that
    # writes its own BOM into a text that had one), as audit's reader does.
    return raw.removeprefix(BOM).decode("utf-8")


def read_documents(
    name: str, stream: IO[bytes], *, lines: bool | None = None, limits: Limits | None = None
) -> Iterator[RawDocument]:
    """Yield the documents of one source (a binary stream), in order (:func:`split_documents`, parsed)."""
    limits = limits or DEFAULT_LIMITS
    for item in split_documents(name, stream, lines=lines, limits=limits):
        yield parse_text(item, limits) if isinstance(item, RawText) else item


def split_documents(
    name: str,
    stream: IO[bytes],
    *,
    lines: bool | None = None,
    limits: Limits | None = None,
    defer: bool = False,
) -> Iterator[RawDocument | RawText]:
    """Split one source (a binary stream) into its documents, in order, parsing as little as it can.

    JSON Lines come out as :class:`RawText` (the line's bytes, not decoded or parsed:
    :func:`parse_text`), the rest as :class:`RawDocument` (parsed; or carrying the error that made the
    source or the line unreadable). An array is validated whole first (a syntax error anywhere makes the
    whole source one error) by a pass that keeps only each element's offsets
    (:func:`ledger.io.jsontext.element_spans`); its elements are then decoded one at a time as they are
    consumed, so a large array costs its text, not every parsed element at once. With ``defer=True``
    they come out as :class:`RawText`, the text of each element, for a worker process to parse rather
    than receive the parsed value (pickling Decimals costs more than parsing them).

    ``lines=True`` forces JSON Lines (one document per line, streamed); ``None`` decides: ``.jsonl`` and
    ``.ndjson`` names are JSON Lines; otherwise a first non-blank line that is a complete JSON object on
    its own (or opens one too deep to decode) means JSON Lines, and anything else is read whole (an
    array's elements, or one document).

    ``limits.max_document_bytes`` (:mod:`ledger.io.limits`) is enforced here, BEFORE parsing: per line for
    JSON Lines (a longer line is skipped in bounded chunks), per element's text for an array (the array
    is a batch, read whole), and on the whole source for one document (read no further than the limit).
    """
    limits = limits or DEFAULT_LIMITS
    cap = limits.max_document_bytes
    if lines is None and name.lower().endswith((".jsonl", ".ndjson")):
        lines = True
    forced = bool(lines)
    first_raw = b""
    blanks = 0
    while True:  # skip leading blank lines (counted: sources are physical line numbers)
        first_raw = _readline(stream, limits, keep=True)
        if not blanks and first_raw.startswith(BOM):  # the source's byte order mark: no document's text
            first_raw = type(first_raw)(first_raw[3:])
        if not first_raw or first_raw.strip() or isinstance(first_raw, _Partial):
            break  # a line beyond the size limit is never blank (as for every other line: _blank)
        blanks += 1
    if not first_raw:  # an empty (or blank) source is a batch of no documents, as ``[]`` is
        return
    if lines is None:
        lines = not isinstance(first_raw, _Partial) and _first_line_opens_object(first_raw)
    if lines:
        if isinstance(first_raw, _Partial):
            first_raw = _finish(first_raw, len(first_raw), stream, limits)
        yield from _read_lines(name, first_raw, stream, numbered=forced, limits=limits, blanks=blanks)
        return
    is_array = first_raw.removeprefix(BOM).lstrip().startswith(b"[")
    if is_array:  # a batch read whole: no further than max_source_bytes
        try:
            data = first_raw + read_whole(stream, limits, limit="max_source_bytes", already=len(first_raw))
        except FileTooBig as exc:
            yield RawDocument.failed(name, exc.breach)
            return
    else:  # one document: read no further than the limit
        data = first_raw + stream.read(max(0, cap + 1 - len(first_raw)))
        if len(data) > cap:
            yield RawDocument.failed(name, _beyond_cap(stream, len(data), limits))
            return
    try:
        # the skipped blank lines stand in as line breaks: an error's line number is the file's
        text = "\n" * blanks + _decode_first(data)
    except UnicodeDecodeError as exc:
        yield RawDocument.failed(name, problem_of(exc, limits))
        return
    del data
    if not is_array:
        with _collector_paused():
            document = parse_document(name, text, limits)
        yield document
        return
    spans, error = _array_spans(text, limits)
    if error is not None:
        yield RawDocument.failed(name, error)
        return
    for index, (start, end) in enumerate(spans):
        source = f"{name}[{index}]"
        breach = _element_breach(text, start, end, limits)
        if breach is not None:
            yield RawDocument.failed(source, breach)
        elif defer and _shallow(text, start, end):
            # whoever checks the element parses its text (pickling Decimals costs more than parsing)
            yield RawText(source, text[start:end])
        else:
            yield parse_document(source, text[start:end], limits)


def _beyond_cap(stream: IO[bytes], read: int, limits: Limits) -> Breach:
    """The breach of one document of which ``read`` bytes (more than the limit) were read: its size
    from the file system for a regular file; for a pipe or a device (``/dev/zero``), which may never
    end, no size: it is read no further; for any other stream (one in memory, a caller's own), the rest
    is counted — up to ``max_source_bytes``, past which it is a stream that may never end too."""
    try:
        status = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        status = None
    if status is not None:
        if stat.S_ISREG(status.st_mode):
            return too_big(read + max(0, status.st_size - stream.tell()), limits)
        return past_limit(limits)
    while read <= limits.max_source_bytes:
        chunk = stream.read(min(_CHUNK, limits.max_source_bytes + 1 - read))
        if not chunk:
            return too_big(read, limits)
        read += len(chunk)
    return past_limit(limits)


def _array_spans(text: str, limits: Limits) -> tuple[list[tuple[int, int]], str | Breach | None]:
    """The offsets of an array's elements (:func:`ledger.io.jsontext.element_spans`), or why the array
    is unreadable as a whole (a syntax error anywhere: there is no reliable way to resynchronise)."""
    try:
        return element_spans(text), None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        return [], problem_of(exc, limits)


def _element_breach(text: str, start: int, end: int, limits: Limits) -> Breach | None:
    """An array element is a document of its own: its size is its own text's. Characters are at most
    bytes, and a character is at most 4 UTF-8 bytes: encode (to count exactly) only an element whose
    size could be over the limit."""
    if (end - start) * 4 <= limits.max_document_bytes:
        return None
    return size_breach(len(text[start:end].encode("utf-8", "surrogatepass")), limits)


def _shallow(text: str, start: int, end: int) -> bool:
    # An array element is deferred (sent as text) only when it cannot nest deep enough for the decoder's
    # recursion guard to answer differently in a worker's stack than it did here (~1,000 levels): its
    # brackets bound its depth.
    return text.count("{", start, end) + text.count("[", start, end) <= 500


def _read_lines(
    name: str,
    first_raw: bytes,
    stream: IO[bytes],
    *,
    numbered: bool,
    limits: Limits = DEFAULT_LIMITS,
    blanks: int = 0,
) -> Iterator[RawDocument | RawText]:
    # Sources are physical line numbers (``blanks`` leading blank lines were skipped before first_raw).
    # A file that turns out to hold ONE single-line document is named without a line number, unless
    # it is explicitly JSON Lines; learning that needs a look-ahead past blanks.
    pending = [first_raw]
    single = False
    if not numbered:
        while True:
            following = _readline(stream, limits)
            pending.append(following)
            if not following or following.strip():
                break
        single = not pending[-1]

    def physical() -> Iterator[bytes]:
        yield from (line for line in pending if line)
        yield from iter(lambda: _readline(stream, limits), b"")

    for number, raw in enumerate(physical(), blanks + 1):
        if _blank(raw):  # not a document
            continue
        source = name if single else f"{name}:{number}"
        if isinstance(raw, _Oversized):
            yield RawDocument.failed(source, _oversized_breach(raw, limits))
            if not raw.ended:
                return
        elif number == 1 and raw.startswith(BOM):  # a second BOM (see _decode_first)
            yield RawText(source, raw[3:])
        else:
            yield RawText(source, raw)


def _first_line_opens_object(raw: bytes) -> bool:
    """Whether a source is JSON Lines, judged on its first non-blank line as read (both commands ask
    here): that line, decoded, is a JSON object on its own (:func:`_opens_object`). A line that is not
    UTF-8 or beyond the size limit cannot say so: the source is then read whole."""
    if isinstance(raw, _Oversized):
        return False
    try:
        # Without its line break: ``\n`` / ``\r\n``, or for a last line (no ``\n``) any one break
        # ``str.splitlines`` knows — as ``check`` has always judged it (its output is pinned).
        return _opens_object(without_break(_decode_first(raw)))
    except UnicodeDecodeError:
        return False


def _opens_object(line: str) -> bool:
    """Whether a first line is a JSON object on its own — or opens one but is too deep for the decoder
    to say: then the source is JSON Lines, and only that line is FLD001 ``max_depth`` (the rest of the
    file is still read)."""
    try:
        return isinstance(loads(line), dict)
    except json.JSONDecodeError:
        return False
    except RecursionError:
        return line.lstrip(" \t\r\n")[:1] == "{"


# -- audit: a source into entry records -----------------------------------------------------------------


def seekable_source(data: SourceData, limits: Limits = DEFAULT_LIMITS) -> SourceData:
    """Bytes as they are; a stream that can seek as it is; any other stream (a pipe) copied to a
    temporary file (in memory while small), so that its head can be looked at before it is read.

    The copy stops at ``max_source_bytes``: a pipe that goes on past it (``audit - < /dev/zero``)
    raises :class:`~ledger.io.limits.FileTooBig` instead of filling the disk."""
    if isinstance(data, _BYTES):
        return bytes(data)
    try:
        if data.seekable():
            return data
    except (AttributeError, ValueError, OSError):
        pass
    bound = limits.max_source_bytes
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)
    copied = 0
    while chunk := data.read(min(_CHUNK, bound + 1 - copied)):
        copied += len(chunk)
        if copied > bound:
            spool.close()
            raise FileTooBig(larger_than("max_source_bytes", limits))
        spool.write(chunk)
    spool.seek(0)
    return spool


def source_head(data: SourceData) -> bytes:
    """The first bytes of a source (a stream is left where it was)."""
    if isinstance(data, _BYTES):
        return bytes(data[:_HEAD])
    start = data.tell()
    try:
        return data.read(_HEAD)
    finally:
        data.seek(start)


def source_bytes(data: SourceData, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a source from its current position (a stream is left at its end): a source read
    whole, so a stream is read no further than ``max_source_bytes`` (:func:`ledger.io.limits.read_whole`
    raises :class:`~ledger.io.limits.FileTooBig` beyond it)."""
    if isinstance(data, _BYTES):
        return bytes(data)
    return read_whole(data, limits, limit="max_source_bytes")


def is_blank(data: SourceData) -> bool:
    """True when the source holds nothing but ASCII white space (after a UTF-8 BOM); read a chunk at
    a time (a stream is left where it was)."""
    if isinstance(data, _BYTES):
        data = io.BytesIO(data)
    start = data.tell()
    try:
        chunk = data.read(_CHUNK).removeprefix(BOM)
        while chunk:
            if chunk.strip():
                return False
            chunk = data.read(_CHUNK)
        return True
    finally:
        data.seek(start)


def _next_filled(numbered: Iterator[tuple[int, bytes]]) -> tuple[int, bytes] | None:
    """The first non-blank ``(number, line)`` (None at the end)."""
    for number, raw in numbered:
        if not _blank(raw):
            return number, raw
    return None


def _lines_of(stream: IO[bytes], limits: Limits) -> Iterator[tuple[int, bytes]]:
    """The stream's ``\\n`` lines (bounded: :func:`_readline`), numbered from 1."""
    return enumerate(iter(lambda: _readline(stream, limits), b""), start=1)


class JsonEntriesReader:
    """Entries as read from the Sage Active API, in any of the JSON shapes a user saves
    (:mod:`ledger.io.api_entries`), one document or JSON Lines."""

    name = "json"
    streams = True

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or DEFAULT_LIMITS

    def detect(self, name: str, head: bytes) -> bool:
        text = head.removeprefix(BOM).lstrip()
        return text[:1] in (b"{", b"[")

    def read(self, name: str, data: SourceData) -> Iterator[EntryRecord]:
        """The entries of ``data``: bytes, or a seekable binary stream read from its position.

        Read as ``check`` reads a source: when the first non-blank line is an object (or opens one too
        deep to decode), JSON Lines, ONE LINE AT A TIME — lines end at ``\\n`` only, each is decoded
        and parsed on its own (a line that is not UTF-8, broken or beyond ``max_document_bytes`` is an
        error for that line, and the next lines are still read); a source of one such line is named
        without a line number. Anything else is read whole: an array's elements, or the one document's
        entries (bytes that are not UTF-8 there are one error for the source).
        """
        stream: IO[bytes] = io.BytesIO(data) if isinstance(data, _BYTES) else data
        head = stream.read(6)  # the source's BOM, then decode_bytes' own
        skip = 3 if head.startswith(BOM) else 0
        if head[skip:].startswith(BOM):
            skip += 3
        stream.seek(stream.tell() - len(head) + skip)
        start = stream.tell()
        numbered = _lines_of(stream, self.limits)
        first = _next_filled(numbered)
        if first is None:  # an empty or blank source: no entries, as check reads no documents
            return
        lines = _first_line_opens_object(first[1])
        single = lines and _next_filled(numbered) is None
        stream.seek(start)
        if lines:  # read again from the start, a line at a time (two lines were looked at: cheap)
            yield from self._json_lines(name, _lines_of(stream, self.limits), single=single)
            return
        yield from self._whole(name, stream, start, first)

    def _whole(
        self, name: str, stream: IO[bytes], start: int, first: tuple[int, bytes] | None
    ) -> Iterator[EntryRecord]:
        """A source that is not JSON Lines by its first line, read whole from ``start``: an array's
        elements, the one value's entries, or why it is neither."""
        try:
            text = read_whole(stream, self.limits, limit="max_source_bytes").decode("utf-8")
        except FileTooBig as exc:
            yield from self._not_one_value(name, stream, start, first, exc.breach)
            return
        except UnicodeDecodeError as exc:
            yield from self._not_one_value(name, stream, start, first, problem_of(exc, self.limits))
            return
        if text.lstrip(" \t\n\r")[:1] == "[":
            yield from self._array(name, text)
            return
        try:
            value = loads(text)
        except json.JSONDecodeError as exc:
            del text
            yield from self._not_one_value(name, stream, start, first, problem_of(exc, self.limits))
            return
        except RecursionError as exc:  # the C decoder's own depth guard (~1,000 levels), as in check
            yield EntryRecord.failed(name, problem_of(exc, self.limits))
            return
        del text
        yield from records(name, value)

    def _not_one_value(
        self,
        name: str,
        stream: IO[bytes],
        start: int,
        first: tuple[int, bytes] | None,
        problem: str | Breach,
    ) -> Iterator[EntryRecord]:
        """A source read whole that is no JSON value (``problem`` says why): one error — unless its first
        line, beyond the size limit, could not be judged unread and opens an object: then it is JSON
        Lines after all, read again a line at a time, that line FLD001 as any line beyond the limit."""
        if (
            first is not None
            and isinstance(first[1], _Oversized)
            and _line_opens_object(stream, start, first[0], self.limits)
        ):
            stream.seek(start)
            yield from self._json_lines(name, _lines_of(stream, self.limits), single=False)
        else:
            yield EntryRecord.failed(name, problem)

    def _array(self, name: str, text: str) -> Iterator[EntryRecord]:
        """A list of entries, split as ``check`` splits an array: element by element."""
        spans, error = _array_spans(text, self.limits)
        if error is not None:
            yield EntryRecord.failed(name, error)
            return
        for index, (start, end) in enumerate(spans):
            source = f"{name}:entries[{index}]"
            problem: str | Breach | None = _element_breach(text, start, end, self.limits)
            if problem is None:
                element = text[start:end]
                parsed = parse_json(element, self.limits)
                if parsed.problem is None:
                    yield EntryRecord(source, parsed.value, text=element, ordinary=parsed.ordinary)
                    continue
                problem = parsed.problem
            yield EntryRecord.failed(source, problem)

    def _json_lines(
        self, name: str, numbered: Iterable[tuple[int, bytes]], *, single: bool
    ) -> Iterator[EntryRecord]:
        """JSON Lines: ``(number, line with its line break)``; blank lines are skipped, a broken,
        undecodable or oversized one is an error named by its line (by the source alone when
        ``single``: its one line)."""
        count = 0
        for number, raw in numbered:
            source = name if single else f"{name}:{number}"
            if isinstance(raw, _Oversized):
                yield EntryRecord.failed(source, _oversized_breach(raw, self.limits))
                if not raw.ended:
                    return
                continue
            if _blank(raw):
                continue
            try:
                text = line_text(raw)
            except UnicodeDecodeError as exc:
                yield EntryRecord.failed(source, problem_of(exc, self.limits))
                continue
            value, ordinary, problem = parse_json(text, self.limits)
            if problem is not None:
                yield EntryRecord.failed(source, problem)
                continue
            if type(value) is dict and SHAPE_KEYS.isdisjoint(value):  # one entry (the usual line)
                yield EntryRecord(f"{name}:entries[{count}]", value, text=text, ordinary=ordinary)
                count += 1
                continue
            for record in records(name, value, start=count, line=None if single else number):
                count += 1
                yield record


def _line_opens_object(stream: IO[bytes], start: int, number: int, limits: Limits) -> bool:
    """Whether line ``number`` (counted from ``start``) opens a JSON object. The line is read whole (up to
    ``max_source_bytes``): only asked of a line beyond the size limit that the reader could not judge
    unread (the source was then read whole too)."""
    stream.seek(start)
    for _ in range(number - 1):
        stream.readline()
    try:
        return _opens_object(line_text(stream.readline(limits.max_source_bytes)))
    except UnicodeDecodeError:
        return False


# -- audit: which reader reads a source -----------------------------------------------------------------


def detect_reader(name: str, data: SourceData, readers: Iterable[LedgerReader]) -> LedgerReader | None:
    """The first reader that accepts the content of a non-empty source, or None.

    ``data`` is bytes or a seekable binary stream (left where it was)."""
    if is_blank(data):
        return None
    head = source_head(data)
    for reader in readers:
        if reader.detect(name, head):
            return reader
    return None


def read_ledger_source(
    name: str, data: SourceData, readers: Iterable[LedgerReader], limits: Limits = DEFAULT_LIMITS
) -> Iterator[EntryRecord]:
    """Detect the format of one source by its content and read its entries.

    ``data`` is bytes or a binary stream; a reader that does not read streams (``streams``) is
    handed the bytes. A stream read whole (a pipe copied to look at its head, a reader's bytes) that
    goes on past ``max_source_bytes`` is one error for the source."""
    try:
        data = seekable_source(data, limits)
        if is_blank(data):  # no entries, as for check: an empty source is not a fault
            return
        readers = tuple(readers)
        reader = detect_reader(name, data, readers)
        if reader is not None:
            if isinstance(reader, StreamingReader) and reader.streams:
                yield from reader.read(name, data)
            else:
                yield from reader.read(name, source_bytes(data, limits))
            return
    except FileTooBig as exc:
        yield EntryRecord.failed(name, exc.breach)
        return
    known = ", ".join(r.name for r in readers)
    yield EntryRecord.failed(name, f"not a ledger the audit can read (formats: {known})")
