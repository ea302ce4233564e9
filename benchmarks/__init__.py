"""The benchmark suite of ledger-rules (issue 7): seeded realistic batches and the measurements.

* :mod:`benchmarks.generate` writes N documents — GraphQL request bodies of the bundled example
  organisation (``examples/context.json``), VALID under every rule — as JSON Lines and as one JSON array,
  and N entries as READ from the API with lettering, for ``audit``.
* :mod:`benchmarks.run` measures, in one run and on the same bytes, the parsing baseline, ``check``
  without and with the context, the CLI's JSON Lines and JSON array paths (with peak memory), ``--jobs``
  and ``audit``, and prints the table (``python -m benchmarks.run --documents 100000``).

See ``benchmarks/README.md``.
"""
