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

import signal
import sys
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


def _chunks(documents: Iterable[Any], size: int) -> Iterator[tuple[int, list[Any]]]:
    """``(index of the first document, documents)`` for consecutive runs of ``size`` documents, a run
    ending early once its texts reach :data:`CHUNK_BYTES` (so that big documents do not make the chunks
    in flight big)."""
    budget = CHUNK_BYTES
    start = 0
    chunk: list[Any] = []
    weight = 0
    for document in documents:
        chunk.append(document)
        kind = type(document)
        if kind is RawText:
            weight += len(document.data)
        elif kind is str or kind is bytes:
            weight += len(document)
        if len(chunk) >= size or weight >= budget:
            yield start, chunk
            start += len(chunk)
            chunk = []
            weight = 0
    if chunk:
        yield start, chunk


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


def _ordered(
    jobs: int, initargs: tuple, work: Callable[[Any], T], chunks: Iterator[Any]
) -> Generator[T, None, None]:
    """``work(chunk)`` for every chunk on ``jobs`` processes, yielded in input order, ``AHEAD x jobs`` ahead."""
    from concurrent.futures import ProcessPoolExecutor  # imported here: `import rules` need not pay for it

    pool = ProcessPoolExecutor(jobs, mp_context=_start_method(), initializer=_init_worker, initargs=initargs)
    pending: deque[Future] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= AHEAD * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # On an early exit (an error, a closed pipe, Ctrl-C, the caller stopped iterating) the chunks not
        # started are dropped; the running ones finish (a few tenths of a second at most).
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
    for reports in _ordered(jobs, (config,), _check_chunk, _chunks(documents, chunk_size)):
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
    chunks = _chunks(items, _chunk_size(chunk_size))
    return _ordered(jobs, (config, output), _render_chunk, chunks)
