"""Checking many documents: in this process, or on N worker processes with results in input order.

The parallel design keeps the parent process light, because it is the one process every document
goes through:

* **the parent only splits.** :func:`ledger.io.sources.split_documents` cuts JSON Lines into lines, each a
  :class:`~ledger.io.sources.RawText` (source name and raw bytes, never decoded or parsed here), and they
  are sent in chunks (:data:`CHUNK` documents or :data:`CHUNK_BYTES` bytes). An array is validated
  whole to be split (that is what decides "one syntax error = the whole file is one FLD001") by a pass
  that keeps only each element's offsets, and its elements are sent as their text too: parsing in a
  worker costs less than pickling Decimals. A
  one-document file, or a source that could not be read, is sent as its :class:`RawDocument`.
* **workers parse, check and render.** Each worker builds its :class:`~rules.engine.Engine` ONCE, in the
  pool's initializer, from the :class:`~rules.engine.EngineConfig` it is handed (one frozen, picklable
  value; with the fork start method it is inherited, not even pickled), then for each chunk parses
  every text through :meth:`~rules.engine.Engine.raw_document` — the dispatch the serial path uses —
  checks it, and for the CLI (:func:`render_many`) renders the report with the
  output writer's own ``render`` and adds it to a per-chunk :class:`~rules.report.Summary`. What comes
  back is one text per document and one small summary per chunk; :func:`check_many` (the library API)
  sends back the :class:`~rules.engine.Report` objects instead.
* **order and memory.** Results are consumed in submission order (input order whatever the scheduling)
  and at most ``2 x jobs`` chunks are in flight, so memory stays flat on an endless stream.
"""

from __future__ import annotations

import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ledger.io.sources import RawDocument, RawText
from rules.engine import Engine, EngineConfig, Report

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

    from ledger.context import Context
    from rules.report import Summary

# Documents per chunk sent to a worker. Large enough that the per-chunk cost (a task, two pickles, a
# pipe round trip: ~0.1 ms) is noise; small enough that the last chunk of a batch, during which the
# other workers may be idle, is short. Measured on 2 cores: 128 to 512 are within noise of each other.
CHUNK = 256
# ... and at most about this many bytes of text per chunk.
CHUNK_BYTES = 4 << 20
# Chunks in flight per worker: the look-ahead that lets a worker run on while the oldest chunk, which
# the output waits for, is still being checked elsewhere. It bounds memory on an endless stream.
AHEAD = 2

# Set by the pool initializer in each WORKER process only (the standard ProcessPoolExecutor pattern):
# the parent process never reads or writes them.
_worker_engine: Engine | None = None
_worker_render: Callable[[Report], str] | None = None


def _init_worker(config: EngineConfig, output: str | None = None) -> None:
    global _worker_engine, _worker_render
    # Ctrl-C reaches every process of the terminal's group: the parent handles it (and shuts the pool
    # down); a worker interrupted in the middle of a chunk would only add a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_engine = Engine.from_config(config)
    if output is not None:
        from rules.report import WRITERS

        _worker_render = WRITERS[output].render


def _source(index: int) -> str:
    """The source name of a document handed to the library without one."""
    return f"<document {index}>"


def _check_chunk(chunk: tuple[int, list[Any]]) -> list[Report]:
    engine = _worker_engine
    assert engine is not None, "worker not initialised"
    start, documents = chunk
    return [engine.check(doc, source=_source(i), index=i) for i, doc in enumerate(documents, start)]


def _render_chunk(chunk: tuple[int, list[RawDocument | RawText]]) -> tuple[list[str], Summary]:
    from rules.report import Summary

    engine, render = _worker_engine, _worker_render
    assert engine is not None and render is not None, "worker not initialised"
    start, items = chunk
    summary = Summary()
    texts = []
    for index, item in enumerate(items, start):
        report = engine.check(item, index=index)
        texts.append(render(report))
        summary.add(report)
    return texts, summary


def _weight(document: Any) -> int:
    """The bytes of text a document brings to a chunk (a parsed value: none counted)."""
    kind = type(document)
    if kind is RawText:
        return len(document.data)
    if kind is str or kind is bytes:
        return len(document)
    return 0


class _Chunker:
    """The documents gathered for the next chunk: ``(index of its first document, documents)``. A chunk
    is full at ``size`` documents or once its texts reach :data:`CHUNK_BYTES` (so that big documents do
    not make the chunks in flight big); :func:`_ordered` also sends one that is not full when the input
    has nothing more for now and a worker is idle."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.start = 0
        self.documents: list[Any] = []
        self.weight = 0

    def add(self, document: Any) -> None:
        self.documents.append(document)
        self.weight += _weight(document)

    @property
    def full(self) -> bool:
        return len(self.documents) >= self.size or self.weight >= CHUNK_BYTES

    def take(self) -> tuple[int, list[Any]]:
        chunk = (self.start, self.documents)
        self.start += len(self.documents)
        self.documents = []
        self.weight = 0
        return chunk


def _chunk_size(size: int | None) -> int:
    size = CHUNK if size is None else size
    if size < 1:
        raise ValueError("chunk_size must be at least 1")
    return size


def _start_method() -> BaseContext | None:
    import multiprocessing
    import threading

    # fork: a worker starts in milliseconds with every module already imported and the settings (the
    # context) inherited. It is Linux's default up to Python 3.13; ask for it explicitly so that a newer
    # default (forkserver) does not add a re-import per worker -- but only while this process has one
    # thread, as forking a multi-threaded process can deadlock. Otherwise, the platform's default.
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return None


T = TypeVar("T")

# What the reading thread and the workers' callbacks tell the thread that writes (see _ordered).
_DOCUMENT, _END, _FAILED, _DONE = range(4)
#: Documents the reading thread may read ahead of the chunk being gathered (bounds its memory).
READ_AHEAD = 8


def _ready() -> None:
    """A task that does nothing: submitting it starts the workers (see :func:`_ordered`)."""


def _read(
    documents: Iterable[Any],
    events: queue.SimpleQueue[tuple[int, Any]],
    room: threading.Semaphore,
    stop: threading.Event,
) -> None:
    """The reading thread: every document of the input, then the end (or what stopped the reading);
    ``stop``: the writing thread is gone, read no more."""
    try:
        for document in documents:
            room.acquire()
            if stop.is_set():
                return
            events.put((_DOCUMENT, document))
    except BaseException as exc:  # handed to the writing thread, which raises it
        events.put((_FAILED, exc))
    else:
        events.put((_END, None))


def _ordered(
    jobs: int, initargs: tuple, work: Callable[[Any], T], documents: Iterable[Any], size: int
) -> Generator[T, None, None]:
    """``work(chunk)`` for chunks of the documents on ``jobs`` processes, yielded in input order, each as
    soon as it and every chunk before it are done, at most ``AHEAD x jobs`` chunks in flight.

    The input is read on a thread of its own, so that a slow input (a pipe fed a document at a time)
    never holds back a result that is ready: this thread waits on ONE queue, told of each document read
    and of each chunk done, and yields the head of the queue of chunks as soon as it is done. A chunk
    is sent full (:class:`_Chunker`), or, when the input has nothing more for now, as it is while a
    worker is idle: a fast input still makes full chunks, a slow one gets its results at once.
    """
    from concurrent.futures import ProcessPoolExecutor  # imported here: `import rules` need not pay for it

    pool = ProcessPoolExecutor(jobs, mp_context=_start_method(), initializer=_init_worker, initargs=initargs)
    pending: deque[Future] = deque()
    events: queue.SimpleQueue[tuple[int, Any]] = queue.SimpleQueue()
    room = threading.Semaphore(READ_AHEAD)
    stop = threading.Event()
    try:
        # The workers are started by the first task, before the reading thread exists: with the fork
        # start method, a process is forked while it has no thread of ours.
        pool.submit(_ready)
        threading.Thread(target=_read, args=(documents, events, room, stop), daemon=True).start()
        chunker = _Chunker(size)
        reading = True
        while reading or chunker.documents or pending:
            while pending and pending[0].done():
                yield pending.popleft().result()
            waiting = reading and events.empty()
            if chunker.documents and (chunker.full or not reading or (waiting and len(pending) < jobs)):
                if len(pending) >= AHEAD * jobs:
                    yield pending.popleft().result()  # wait for the head: the look-ahead is full
                    continue
                future = pool.submit(work, chunker.take())
                future.add_done_callback(lambda _: events.put((_DONE, None)))
                pending.append(future)
                continue
            if not reading:
                if pending:  # (the head may have been yielded just above)
                    yield pending.popleft().result()
                continue
            kind, value = events.get()
            if kind == _DOCUMENT:
                room.release()
                chunker.add(value)
            elif kind == _END:
                reading = False
            elif kind == _FAILED:
                raise value
    finally:
        # On an early exit (an error, a closed pipe, Ctrl-C, the caller stopped iterating) the chunks not
        # started are dropped; the running ones finish (a few tenths of a second at most). The reading
        # thread is told to stop (if it is waiting for input, it ends with the process).
        stop.set()
        room.release()
        pool.shutdown(wait=True, cancel_futures=True)


def check_many(
    documents: Iterable[Any],
    context: Context | None = None,
    *,
    jobs: int = 1,
    operation: str | None = None,
    chunk_size: int | None = None,
    config: EngineConfig | None = None,
    **settings: Any,
) -> Iterator[Report]:
    """Check documents lazily, in input order; ``jobs > 1`` spreads them over processes.

    Documents may be parsed values (dicts), JSON text (``str``/``bytes``: it is sent to the worker as is
    and parsed there), :class:`~ledger.io.sources.RawDocument` or :class:`~ledger.io.sources.RawText`.
    The engine is ``config`` (an :class:`~rules.engine.EngineConfig`), or built from ``context``,
    ``operation`` and ``settings`` (:class:`Engine` keyword arguments: select, ignore, severity, options,
    limits). ``chunk_size``: documents per task sent to a worker (default :data:`CHUNK`).
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    chunk_size = _chunk_size(chunk_size)
    if config is None:
        config = EngineConfig(context=context, operation=operation, **settings)
    elif context is not None or operation is not None or settings:
        raise TypeError("pass either config= or the engine settings, not both")
    if jobs == 1:
        engine = Engine.from_config(config)
        for index, document in enumerate(documents):
            yield engine.check(document, source=_source(index), index=index)
        return
    for reports in _ordered(jobs, (config,), _check_chunk, documents, chunk_size):
        yield from reports


def render_many(
    items: Iterable[RawDocument | RawText],
    output: str,
    *,
    jobs: int,
    config: EngineConfig,
    chunk_size: int | None = None,
) -> Generator[tuple[list[str], Any], None, None]:
    """For ``check --jobs N``: check and render on ``jobs`` processes; per chunk, in input order,
    ``(texts, summary)`` — the ``render`` of writer ``output`` (a key of :data:`rules.report.WRITERS`)
    for each document, and the :class:`~rules.report.Summary` of the chunk's reports.

    ``items`` are what :func:`ledger.io.sources.split_documents` yields; each worker builds its engine
    from ``config`` (the operation of bare inputs included).
    """
    if jobs < 2:
        raise ValueError("render_many is the parallel path: jobs must be at least 2")
    return _ordered(jobs, (config, output), _render_chunk, items, _chunk_size(chunk_size))
