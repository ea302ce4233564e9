"""Checking many documents: in this process, or on N worker processes with results in input order.

Worker processes each build their own :class:`~rules.engine.Engine` once (from the same settings,
context included: it is pickled to each worker once, not per document) and then receive documents in
chunks. ``Executor.map`` yields results in submission order, so the output order is the input order
whatever the scheduling.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Iterable, Iterator

from rules.engine import Engine, Report
from rules.intake import RawDocument

CHUNK = 512

# Set by the pool initializer in each WORKER process only (the standard ProcessPoolExecutor pattern):
# the parent process never reads or writes it.
_worker_engine: Engine | None = None
_worker_operation: str | None = None


def _init_worker(settings: dict[str, Any], operation: str | None) -> None:
    global _worker_engine, _worker_operation
    _worker_engine = Engine(**settings)
    _worker_operation = operation


def _check_chunk(chunk: list[tuple[int, RawDocument]]) -> list[Report]:
    engine = _worker_engine
    assert engine is not None, "worker not initialised"
    return [engine.check(raw, operation=_worker_operation, index=i) for i, raw in chunk]


def as_raw(document: Any, index: int) -> RawDocument:
    if isinstance(document, RawDocument):
        return document
    if isinstance(document, (str, bytes)):
        from rules.engine import _raw_from_text

        return _raw_from_text(f"<document {index}>", document)
    return RawDocument(f"<document {index}>", document)


def _chunks(documents: Iterable[Any], size: int) -> Iterator[list[tuple[int, RawDocument]]]:
    counter = itertools.count()
    iterator = iter(documents)
    while True:
        chunk = [(i, as_raw(doc, i)) for i, doc in zip(counter, itertools.islice(iterator, size))]
        if not chunk:
            return
        yield chunk


def check_many(
    documents: Iterable[Any],
    context=None,
    *,
    jobs: int = 1,
    operation: str | None = None,
    chunk_size: int = CHUNK,
    **settings: Any,
) -> Iterator[Report]:
    """Check documents lazily, in input order; ``jobs > 1`` spreads them over processes.

    ``settings`` are :class:`Engine` keyword arguments (select, ignore, severity, options).
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    settings = dict(settings, context=context)
    if jobs == 1:
        engine = Engine(**settings)
        for index, document in enumerate(documents):
            yield engine.check(as_raw(document, index), operation=operation, index=index)
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(settings, operation)) as pool:
        # Bounded look-ahead: at most 2 x jobs chunks in flight keeps memory flat on endless streams.
        pending: list = []
        chunks = _chunks(documents, chunk_size)
        for chunk in chunks:
            pending.append(pool.submit(_check_chunk, chunk))
            if len(pending) >= 2 * jobs:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
