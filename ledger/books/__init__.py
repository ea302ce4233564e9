"""ledger.books: what the APIs do to the books, simulated offline.

The server-side expansion of the simplified create operations, lettering, open-item settlement, posting a
sales invoice (with the VIES-aware choice of the sales account), Luca's closing of an invoice, and a FEC file
seen as a ledger. Each works on the model and the context and reports its problems as data; none knows about
rule codes (those are given in :mod:`rules`).
"""
