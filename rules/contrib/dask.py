"""Checking a dask bag of documents: for batches that outgrow one machine (``ledger-rules[dask]``).

::

    import dask.bag as db
    from rules.contrib.dask import check_bag

    documents = db.read_text("s3://bucket/requests-*.jsonl")      # one JSON text per element
    reports = check_bag(documents, context)                        # a lazy bag of report dicts
    failing = reports.filter(lambda r: not r["valid"]).compute()

Design
------
* **The context is broadcast once.** It is wrapped in ONE ``dask.delayed`` object that every
  partition's task depends on, so the graph holds a single copy: a distributed scheduler ships it to
  each worker once, not once per partition or per document. The rest of the settings travel as an
  :class:`~rules.engine.EngineConfig` (a few codes and options) in each partition's task.
* **One Engine per partition.** Building an :class:`~rules.engine.Engine` compiles its rule plans;
  each partition builds one and checks all its documents with it (the same pattern as ``--jobs``).
* **Plain data out.** Each element of the result is ``Report.to_dict()`` (the JSON report's
  ``results[]`` element of the JSON report) plus ``"partition"``: dicts pickle cheaply, feed
  ``to_dataframe``/``to_textfiles``, and need no ledger-rules class on the client. ``document`` is the
  position of the document WITHIN its partition (a bag does not know global positions without a pass
  over the data); ``(partition, document)`` is unique and ordered like the input.
* Elements may be JSON text (``str``/``bytes``, e.g. the lines of ``read_text``), parsed values (dicts),
  or :class:`~ledger.io.sources.RawDocument`. Text is parsed exactly (Decimals); a line that is not JSON
  becomes an FLD001 report, the rest of the partition is still checked.

dask is an optional dependency, imported when :func:`check_bag` is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ledger.context import Context
from ledger.io.context_file import context_from_dict
from rules.engine import Engine, EngineConfig


def _as_context(context: Context | dict | None) -> Context | None:
    if context is None or isinstance(context, Context):
        return context
    if isinstance(context, dict):
        return context_from_dict(context)
    raise TypeError(f"context must be a Context, a dict or None, not {type(context).__name__}")


def check_partition(
    documents: Iterable[Any],
    partition: Iterable[int] | int,
    context: Context | None,
    config: EngineConfig,
) -> list[dict[str, Any]]:
    """Check the documents of one partition with one Engine built from ``config`` and ``context`` (sent
    apart: see the module docstring); a list of report dicts, in order.

    ``partition`` is the partition's number (or a one-element iterable holding it, as the partition of
    a ``dask.bag.range`` bag arrives).
    """
    if not isinstance(partition, int):
        partition = next(iter(partition))
    engine = Engine.from_config(attrs.evolve(config, context=context))
    results = []
    for index, document in enumerate(documents):
        report = engine.check(document, source=f"<partition {partition} document {index}>", index=index)
        results.append({**report.to_dict(), "partition": partition})
    return results


def check_bag(
    bag, context: Context | dict | None = None, *, operation: str | None = None, **engine_settings: Any
):
    """A lazy ``dask.bag.Bag`` of report dicts, one per document of ``bag``, in the bag's order.

    ``context`` (a :class:`~ledger.context.Context` or the context dict) is validated here, on the
    client, then broadcast once. ``engine_settings`` are :class:`~rules.engine.Engine` keyword arguments
    (``select``, ``ignore``, ``severity``, ``options``); ``operation`` names the operation of bare inputs.
    """
    try:
        import dask
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError("rules.contrib.dask needs dask: pip install 'ledger-rules[dask]'") from exc

    unknown = set(engine_settings) - {"select", "ignore", "severity", "options", "registry"}
    if unknown:
        raise TypeError(f"unknown engine setting(s): {', '.join(sorted(unknown))}")
    # Built (and so validated) here, on the client: bad codes or options fail before any work.
    config = EngineConfig(operation=operation, **engine_settings)
    resolved = _as_context(context)
    Engine.from_config(attrs.evolve(config, context=resolved))
    # The context is the one big setting: it is ONE delayed value the partitions share; the rest of
    # the configuration is a few codes and options, embedded in each partition's task.
    shared = dask.delayed(resolved, pure=True, traverse=False)
    numbers = db.range(bag.npartitions, npartitions=bag.npartitions)
    return bag.map_partitions(check_partition, numbers, shared, config)


__all__ = ["check_bag", "check_partition"]
