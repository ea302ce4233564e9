"""context build: one organisation per context, and open items from saved entries (codegen.context_builder)."""

from __future__ import annotations

from pathlib import Path

import pytest

import codegen
from codegen.context_builder import ResponseError
from ledger.io.jsontext import dumps, loads
from rules.cli import main

ORG_A = {"id": "0b8e7c4e-1b2a-4c1e-9a43-3d1f7e0c2a11", "legislationCode": "FR", "currency": "EUR"}
ORG_B = {"id": "7f3a9d20-5c4b-4e8f-a1d2-6b7c8d9e0f12", "legislationCode": "ES", "currency": "EUR"}
SETUP = {"defaultSaleProductsAccountId": "1cb8f533-084b-514c-9f3d-a3e02fa80e85"}


def orgs(*records):
    return {"data": {"organizations": {"nodes": list(records)}}}


def _write(tmp_path: Path, name: str, value) -> str:
    path = tmp_path / name
    path.write_text(dumps(value), encoding="utf-8")
    return str(path)


# -- item 11: one organisation ----------------------------------------------------------------------------


def test_responses_from_two_organisations_are_an_error_naming_both(tmp_path, capsys):
    files = [_write(tmp_path, "a.json", orgs(ORG_A)), _write(tmp_path, "b.json", orgs(ORG_B))]
    assert main(["context", "build", *files]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{ORG_A['id']} ({files[0]})" in err and f"{ORG_B['id']} ({files[1]})" in err
    assert "--organization ID" in err


def test_one_response_listing_two_organisations_is_an_error_naming_both():
    with pytest.raises(ResponseError) as raised:
        codegen.build_context([("orgs.json", orgs(ORG_A, ORG_B))])
    assert ORG_A["id"] in str(raised.value) and ORG_B["id"] in str(raised.value)


def test_organization_option_keeps_the_chosen_organisation_and_its_setup(tmp_path, capsys):
    files = [
        _write(tmp_path, "both.json", orgs(ORG_A, ORG_B)),
        _write(tmp_path, "b.json", orgs(ORG_B)),
        _write(tmp_path, "setup.json", {"data": {"organizationAccountingSetupByOrgId": SETUP}}),
    ]
    out = tmp_path / "context.json"
    assert main(["context", "build", *files, "--organization", ORG_A["id"].upper(), "-o", str(out)]) == 0
    organization = loads(out.read_text(encoding="utf-8"))["organization"]
    assert organization == {**ORG_A, "accountingSetup": SETUP}


def test_organization_option_naming_no_listed_organisation_is_an_error():
    with pytest.raises(
        ResponseError, match=f"no organizations response holds organisation x .found: {ORG_A['id']}"
    ):
        codegen.build_context([("a.json", orgs(ORG_A))], organization="x")
    with pytest.raises(ResponseError, match="no organizations response was given"):
        codegen.build_context([("j.json", {"data": {"journalTypes": []}})], organization="x")


def test_the_same_organisation_in_several_responses_is_merged():
    context = codegen.build_context([("a", orgs(ORG_A)), ("b", orgs({"id": ORG_A["id"], "currency": "EUR"}))])
    assert context["organization"] == ORG_A
