"""The operations table: the request text every written request body carries."""

from __future__ import annotations

import pytest
from graphql import parse, validate

from codegen.schema import build_schema
from ledger.operations import BY_NAME

ENTRY_CREATES = ("createAccountingEntry", "createAccountingEntryUsingIds", "createAccountingEntryUsingCodes")


def test_request_query_text() -> None:
    assert BY_NAME["createAccountingEntry"].request_query("values") == (
        "mutation ($values: AccountingEntryCreateGLDtoInput!) "
        "{ createAccountingEntry(input: $values) { id number } }"
    )


@pytest.mark.parametrize("name", ENTRY_CREATES)
def test_request_query_is_valid_against_the_schema(name: str) -> None:
    assert validate(build_schema(), parse(BY_NAME[name].request_query("input"))) == []
