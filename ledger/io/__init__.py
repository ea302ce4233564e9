"""ledger.io: from text to the model.

Everything that reads bytes or text lives here, below the domain's nouns and above nothing else of the
project: exact JSON (:mod:`~ledger.io.jsontext`), the per-document limits and their structured breaches
(:mod:`~ledger.io.limits`), the one splitter of a file into documents for ``check`` and ``audit``
(:mod:`~ledger.io.sources`), saved API responses (:mod:`~ledger.io.api_entries`), GraphQL request bodies
(:mod:`~ledger.io.requests`), loading into the model (:mod:`~ledger.io.loading` and its fast path),
French FEC files (:mod:`~ledger.io.fec`) and context files (:mod:`~ledger.io.context_file`).
"""
