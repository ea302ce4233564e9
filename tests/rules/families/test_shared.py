"""What the families share (rules.families._shared): the article a message puts before a value."""

from __future__ import annotations

import pytest

from rules.families._shared import article


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("intra-community", "an intra-community"),
        ("ISSUED", "an ISSUED"),
        ("employee", "an employee"),
        ("ACCOUNT", "an ACCOUNT"),
        ("UNDEFINED", "an UNDEFINED"),
        ("customer", "a customer"),
        ("SALES_INVOICE", "a SALES_INVOICE"),
        ("foreign", "a foreign"),
    ],
)
def test_article_agrees_with_the_value_a_message_names(word, expected):
    assert article(word) == expected
