"""GraphQL emission: the schema and every operation document, generated from the ledger model.

Nothing here is written by hand. The attrs classes of :mod:`ledger` and their
:class:`~ledger.fields.ApiField` metadata are converted into graphql-core types (:mod:`codegen.schema`),
with every name decided in one place (:mod:`codegen.names`); the operation documents are graphql-core
AST nodes printed with ``print_ast`` (:mod:`codegen.documents`), every value a variable; the table of
root fields, what they return and what we select, is :mod:`codegen.surface`. The generated files live
in ``codegen/generated/`` (``schema.graphql`` plus one ``<rootField>.graphql`` per operation) and are
kept fresh by ``ledger-rules codegen --check`` (run in the clone's root: the command's default directory is
``codegen/generated`` under the current directory, never the installed package).

Neither Sage Active nor Luca publishes a schema (docs/sources.md, S83): the field names are the documented
ones; nested input type names, enum type names and the nullability of undocumented fields are our
convention, recorded in :mod:`codegen.names`. The schema is a tool to validate our own documents
offline, not a copy of the vendors'.

From your organisation to offline checks, in two steps
-------------------------------------------------------

1. **Fetch your reference data once.** Run the generated reference-data queries against your
   organisation with your usual client (the endpoint and headers of S39, S40: ``Authorization``,
   ``x-api-key``, ``X-OrganizationId``) and save each JSON response to a file:
   ``organizations``, ``organizationAccountingSetupByOrgId``, ``journalTypes``, ``accountingAccounts``,
   ``customers``, ``suppliers``, ``employees``, ``taxTreatments``, ``taxes``, ``products``,
   ``accountingExercises``, ``accountingEntrySessions``, ``paymentMethods``, ``salesInvoices`` (for
   Luca: ``bookkeepingJournal`` per journal). Page with ``$first`` (at most 500) and ``$after`` =
   ``pageInfo.endCursor`` while ``hasNextPage``; save every page. Then assemble the context::

       ledger-rules context build responses/*.json -o context.json

2. **Check offline, as often as you like**::

       ledger-rules check --context context.json batch.jsonl

   To produce request bodies that are valid GraphQL to begin with, render inputs through the generated
   documents: ``ledger-rules render --operation createAccountingEntryUsingCodes entry.json`` (or
   :func:`codegen.render` in Python), which puts every value in ``variables``.

Public names: :func:`render`, :func:`build_schema`, :func:`schema_sdl`, :func:`document_text`,
:func:`all_documents`, :func:`generated_files`, :func:`stale_files`, :func:`write_files`,
:func:`build_context`, :data:`DEFAULT_DIR`.
"""

from codegen.context_builder import ResponseError, build_context
from codegen.documents import all_documents, build_document, document_text
from codegen.files import DEFAULT_DIR, generated_files, stale_files, write_files
from codegen.render import render
from codegen.schema import build_schema, schema_sdl

__all__ = [
    "DEFAULT_DIR",
    "ResponseError",
    "all_documents",
    "build_context",
    "build_document",
    "build_schema",
    "document_text",
    "generated_files",
    "render",
    "schema_sdl",
    "stale_files",
    "write_files",
]
