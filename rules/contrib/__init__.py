"""rules.contrib: integrations with other tools, each behind an optional extra (``ledger-rules[dask]``)."""
