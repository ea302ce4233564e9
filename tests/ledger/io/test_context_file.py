"""Reading a context file: what a broken context is, named by its key (ledger.io.context_file)."""

from __future__ import annotations

import json

import pytest

from ledger.context import LEGISLATIONS, ContextError
from ledger.io.context_file import context_from_dict, load_context


@pytest.mark.parametrize("code", ["FRA", "fr", "IT", ""])
def test_unknown_legislation_code_is_a_context_error_naming_the_key_and_known_values(code):
    with pytest.raises(ContextError) as raised:
        context_from_dict({"organization": {"legislationCode": code}})
    message = str(raised.value)
    assert message.startswith(f"organization.legislationCode: {code!r} is not a known legislation")
    assert message.endswith("(known: DE, ES, FR, PT)")


@pytest.mark.parametrize("code", LEGISLATIONS)
def test_every_known_legislation_loads_and_is_given(code):
    context = load_context(json.dumps({"organization": {"legislationCode": code}}))
    assert context.legislation_code == code and context.has("organization.legislationCode")


def test_an_organisation_without_legislation_code_loads_without_it():
    context = context_from_dict({"organization": {"currency": "EUR"}})
    assert context.legislation_code is None and not context.has("organization.legislationCode")


def test_check_with_an_unknown_legislation_is_a_usage_error(tmp_path, capsys):
    from rules.cli import main

    (tmp_path / "c.json").write_text(json.dumps({"organization": {"legislationCode": "FRA"}}))
    (tmp_path / "d.json").write_text("[]")
    assert main(["check", str(tmp_path / "d.json"), "--context", str(tmp_path / "c.json")]) == 2
    err = capsys.readouterr().err
    assert "organization.legislationCode: 'FRA' is not a known legislation (known: DE, ES, FR, PT)" in err
