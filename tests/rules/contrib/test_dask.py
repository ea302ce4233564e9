"""rules.contrib.dask.check_bag on dask's local schedulers: same reports as the Engine, context broadcast once."""

from __future__ import annotations

import dask
import dask.bag as db
import pytest
from dask.core import get_dependencies

import rules.contrib.dask as rules_dask
from ledger.context import Context
from ledger.io.context_file import load_context
from ledger.io.jsontext import dumps, loads
from rules.contrib.dask import check_bag
from rules.engine import Engine
from tests.helpers import EXAMPLES


@pytest.fixture(scope="module")
def context() -> Context:
    return load_context((EXAMPLES / "context.json").read_bytes())


@pytest.fixture(scope="module")
def documents() -> list[str]:
    """The example batch (valid and planted faults) as JSON text, one element per request."""
    return [dumps(item) for item in loads((EXAMPLES / "batch.json").read_text(encoding="utf-8"))]


def _expected(documents, context, **settings):
    engine = Engine(context=context, **settings)
    return [engine.check(doc).codes() for doc in documents]


def test_reports_match_the_engine_in_input_order(documents, context):
    bag = db.from_sequence(documents, npartitions=4)
    reports = check_bag(bag, context).compute(scheduler="synchronous")
    assert len(reports) == len(documents)
    assert [[v["code"] for v in r["violations"]] for r in reports] == _expected(documents, context)
    # (partition, document-within-partition) is unique and in input order
    positions = [(r["partition"], r["document"]) for r in reports]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert {r["partition"] for r in reports} == {0, 1, 2, 3}
    assert all(set(r) >= {"document", "source", "operation", "valid", "violations"} for r in reports)


def test_planted_faults_are_found(documents, context):
    reports = check_bag(db.from_sequence(documents, npartitions=3), context).compute(scheduler="synchronous")
    codes = {v["code"] for r in reports for v in r["violations"]}
    assert {"BAL001", "BAL006", "FLD006"} <= codes
    assert any(not r["valid"] for r in reports) and any(r["valid"] for r in reports)


def test_context_dict_is_accepted_and_none_skips_context_rules(documents, context):
    as_dict = loads((EXAMPLES / "context.json").read_text(encoding="utf-8"))
    with_dict = check_bag(db.from_sequence(documents, npartitions=2), as_dict).compute(
        scheduler="synchronous"
    )
    assert [[v["code"] for v in r["violations"]] for r in with_dict] == _expected(documents, context)
    without = check_bag(db.from_sequence(documents, npartitions=2)).compute(scheduler="synchronous")
    assert [[v["code"] for v in r["violations"]] for r in without] == _expected(documents, None)
    assert not any(v["code"].startswith("REF") for r in without for v in r["violations"])


def test_context_is_one_node_of_the_graph_shared_by_every_partition(documents, context):
    result = check_bag(db.from_sequence(documents, npartitions=5), context)
    graph = dict(result.__dask_graph__())
    context_keys = [key for key in graph if isinstance(key, str) and key.startswith("Context-")]
    assert len(context_keys) == 1
    partition_keys = [key for key in graph if isinstance(key, tuple) and key[0] == result.name]
    assert len(partition_keys) == 5
    for key in partition_keys:
        assert context_keys[0] in get_dependencies(graph, key)


def test_one_engine_per_partition(documents, context, monkeypatch):
    built = []

    class CountingEngine(Engine):
        def __init__(self, **kwargs):
            built.append(kwargs["config"].context if "config" in kwargs else kwargs.get("context"))
            super().__init__(**kwargs)

    monkeypatch.setattr(rules_dask, "Engine", CountingEngine)
    bag = db.from_sequence(documents, npartitions=3)
    result = check_bag(bag, context)
    built.clear()  # check_bag validates the settings once on the client
    result.compute(scheduler="synchronous")
    assert len(built) == 3
    assert all(c is context for c in built)  # the same object, not a copy per partition


def test_settings_parsed_values_and_bad_json(documents, context):
    values = [loads(doc) for doc in documents[:4]] + ["{not json"]
    reports = check_bag(db.from_sequence(values, npartitions=2), context, select="FLD").compute(
        scheduler="synchronous"
    )
    assert reports[-1]["violations"][0]["code"] == "FLD001"
    assert reports[-1]["source"].startswith("<partition 1 document")
    assert all(v["code"].startswith("FLD") for r in reports for v in r["violations"])


def test_threaded_scheduler_gives_the_same_result(documents, context):
    bag = db.from_sequence(documents, npartitions=4)
    with dask.config.set(scheduler="threads"):
        threaded = check_bag(bag, context).compute()
    assert threaded == check_bag(bag, context).compute(scheduler="synchronous")


def test_bad_settings_fail_before_computing(documents):
    bag = db.from_sequence(documents, npartitions=2)
    with pytest.raises(ValueError):
        check_bag(bag, select="NOPE999")
    with pytest.raises(TypeError):
        check_bag(bag, selct="BAL")
    with pytest.raises(TypeError):
        check_bag(bag, context=["not", "a", "context"])
