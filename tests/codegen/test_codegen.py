"""codegen: the schema from the model, the operation documents, freshness, and the context builder."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLSyntaxError,
    parse,
    validate,
)
from graphql import (
    build_schema as build_schema_from_sdl,
)
from graphql.language import Visitor, ast, visit

import codegen
from codegen import names, surface
from codegen.context_builder import ResponseError
from codegen.documents import _explicit_selection, all_documents, document_text
from codegen.files import DEFAULT_DIR, HEADER, generated_files, stale_files, write_files
from codegen.schema import SchemaError, _Converter, build_schema
from ledger import enums
from ledger.entries import AccountingEntry
from ledger.fields import Kind, api, api_fields
from ledger.io.context_file import context_from_dict, load_context
from ledger.io.jsontext import dumps, loads
from ledger.operations import OPERATIONS, Operation
from rules.cli import main

SDL_PATH = DEFAULT_DIR / names.SCHEMA_FILE


@pytest.fixture(scope="module")
def committed_schema():
    """The schema as the COMMITTED SDL file describes it (what users see)."""
    return build_schema_from_sdl(SDL_PATH.read_text(encoding="utf-8"))


# -- the generated files are fresh, and every document validates ----------------------------------


def test_committed_files_are_fresh(capsys, monkeypatch):
    # Fails when the model changed and `ledger-rules codegen` was not run again. The command's default
    # directory is codegen/generated under the current directory: in the clone's root, the committed one.
    monkeypatch.chdir(DEFAULT_DIR.parents[1])
    assert main(["codegen", "--check"]) == 0, capsys.readouterr().out
    assert stale_files() == []


def test_every_generated_document_validates_against_the_generated_sdl(committed_schema):
    files = sorted(p for p in DEFAULT_DIR.glob("*.graphql") if p.name != names.SCHEMA_FILE)
    assert {p.stem for p in files} == {f.name for f in surface.ROOT_FIELDS}
    for path in files:
        document = parse(path.read_text(encoding="utf-8"))
        assert validate(committed_schema, document) == [], path.name


def test_one_document_per_operation_and_per_read_query():
    documents = all_documents()
    for op in OPERATIONS:
        assert op.name in documents
        assert f"mutation {names.document_name(op.name)}(" in documents[op.name]
    for query in (
        "accountingEntries",
        "journalTypes",
        "accountingAccounts",
        "customers",
        "suppliers",
        "employees",
        "taxTreatments",
        "taxes",
        "products",
        "accountingExercises",
        "accountingEntrySessions",
        "paymentMethods",
        "organizations",
        "organizationAccountingSetupByOrgId",
        "saleInvoice",
        "bookkeepingJournal",
    ):
        assert documents[query].startswith("query "), query


class _Literals(Visitor):
    def __init__(self):
        super().__init__()
        self.found = []

    def enter_argument(self, node, *_):
        if not isinstance(node.value, ast.VariableNode):
            self.found.append(node.name.value)


def test_every_argument_is_a_variable():
    for name, text in all_documents().items():
        visitor = _Literals()
        visit(parse(text), visitor)
        assert visitor.found == [], name


def test_regenerating_changes_no_byte(tmp_path):
    assert len(write_files(tmp_path)) == len(generated_files())
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert write_files(tmp_path) == []
    assert stale_files(tmp_path) == []
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert before == {n: t.encode("utf-8") for n, t in generated_files().items()}


def test_check_lists_stale_missing_and_obsolete_files(tmp_path, capsys):
    assert main(["codegen", "--out", str(tmp_path)]) == 0
    assert main(["codegen", "--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "postSalesInvoice.graphql").write_text(HEADER + "query X { a }\n", encoding="utf-8")
    (tmp_path / "taxes.graphql").unlink()
    (tmp_path / "renamedAway.graphql").write_text(HEADER + "query Y { b }\n", encoding="utf-8")
    (tmp_path / "mine.graphql").write_text("query Mine { c }\n", encoding="utf-8")  # not ours: left alone
    capsys.readouterr()
    assert main(["codegen", "--out", str(tmp_path), "--check"]) == 1
    out = capsys.readouterr().out
    assert "postSalesInvoice.graphql: stale (differs from the model)" in out
    assert "taxes.graphql: stale (missing)" in out
    assert "renamedAway.graphql: stale (no longer generated)" in out
    assert "mine.graphql" not in out
    assert main(["codegen", "--out", str(tmp_path)]) == 0
    assert not (tmp_path / "renamedAway.graphql").exists()
    assert (tmp_path / "mine.graphql").exists()
    assert main(["codegen", "--out", str(tmp_path), "--check"]) == 0


# -- the schema follows the model ------------------------------------------------------------------


def test_documented_type_names():
    schema = build_schema()
    for op in OPERATIONS:
        if not op.scalar_argument:
            argument = schema.mutation_type.fields[op.name].args[op.argument].type
            assert isinstance(argument, GraphQLNonNull) and argument.of_type.name == op.input_type
    assert schema.query_type.fields["accountingEntries"].type.fields["nodes"].type.of_type.of_type.name == (
        "AccountingEntryGLDto"
    )
    assert schema.mutation_type.fields["openItemSettlement"].type.name == "OpenItemSettlementOutputGLDto"
    assert str(schema.mutation_type.fields["bookkeepingEntryMatchDestroy"].args["id"].type) == "ID!"
    for scalar in ("Decimal", "DateTime", "UUID"):
        assert scalar in schema.type_map


def test_nested_input_names_follow_the_root_suffix():
    schema = build_schema()
    for name in (
        "AccountingEntryLineCreateGLDtoInput",
        "AccountingEntryThirdPartyCreateGLDtoInput",
        "AccountingEntryInvoiceCreateGLDtoInput",
        "AccountingEntryTaxCreateGLDtoInput",
        "AccountingEntryLineCreateUsingIdsGLDtoInput",
        "AccountingEntryLineCreateUsingCodesGLDtoInput",
        "OpenItemLinkagePaidAmountGLDtoInput",
        "PostingLineReferenceInput",
        "EntryMatchInput",
    ):
        assert isinstance(schema.type_map.get(name), GraphQLInputObjectType), name


def _input_types():
    return {t.name: t for t in build_schema().type_map.values() if isinstance(t, GraphQLInputObjectType)}


def test_input_types_omit_read_only_fields_and_require_required_ones():
    line = _input_types()["AccountingEntryLineCreateGLDtoInput"]
    assert "id" not in line.fields and "accountingEntryPayment" not in line.fields
    assert str(line.fields["debitAmount"].type) == "Decimal!"
    assert str(line.fields["registerType"].type) == "RegisterType!"
    assert str(line.fields["description"].type) == "String"
    entry = _input_types()["AccountingEntryCreateGLDtoInput"]
    assert str(entry.fields["accountingEntryLines"].type) == "[AccountingEntryLineCreateGLDtoInput!]!"
    for name in ("id", "number", "isClosed", "closeDate", "sourceType"):
        assert name not in entry.fields
    output = build_schema().type_map["AccountingEntryGLDto"]
    assert {"id", "number", "isClosed", "sourceType"} <= set(output.fields)


def test_every_model_field_is_in_its_types():
    schema = build_schema()
    checked = 0
    for op in OPERATIONS:
        if op.scalar_argument:
            continue
        fields = schema.type_map[op.input_type].fields
        for _, field in api_fields(op.model):
            assert (field.name in fields) != field.read_only, (op.name, field.name)
            if field.name in fields:
                assert isinstance(fields[field.name].type, GraphQLNonNull) == field.required
                checked += 1
    assert checked > 30


def test_enums_carry_their_documented_values():
    schema = build_schema()
    for enum_cls in (
        enums.RegisterType,
        enums.Origin,
        enums.TaxType,
        enums.Matching,
        enums.OpenItemStatus,
        enums.EntryType,
        enums.JournalType,
        enums.SubAccountType,
        enums.SourceType,
        enums.PaymentMethodType,
        enums.ExerciseStatus,
        enums.RegimeType,
    ):
        gql = schema.type_map[names.enum_type_name(enum_cls)]
        assert isinstance(gql, GraphQLEnumType)
        assert set(gql.values) == {m.value for m in enum_cls}
    assert names.enum_type_name(enums.Origin) == "ThirdPartyOrigin"
    # entryType / regimeType are raw strings in the model (FLD008/TAX003) but enums in the API.
    assert str(_input_types()["AccountingEntryCreateGLDtoInput"].fields["entryType"].type) == "EntryType"


def test_list_queries_are_hot_chocolate_connections():
    connection = build_schema().query_type.fields["journalTypes"].type
    assert connection.name == "JournalTypesConnection"
    assert set(connection.fields) == {"nodes", "edges", "pageInfo", "totalCount"}
    assert (
        connection.fields["edges"].type.of_type.of_type.fields["node"].type.of_type.name == "JournalTypeGLDto"
    )
    assert {"first", "after", "last", "before"} <= set(build_schema().query_type.fields["journalTypes"].args)


def test_two_classes_cannot_claim_one_type_name():
    @attrs.frozen
    class Impostor:
        graphql_name: ClassVar[str] = "AccountingEntry"
        id: str | None = api("id", Kind.UUID)

    converter = _Converter()
    converter.output(AccountingEntry, "sage")
    with pytest.raises(SchemaError, match="AccountingEntryGLDto"):
        converter.output(Impostor, "sage")


def test_a_misspelt_selection_fails_loudly():
    with pytest.raises(LookupError, match="idd"):
        _explicit_selection(AccountingEntry, ("idd",))


def test_an_operation_without_a_declared_result_fails():
    with pytest.raises(LookupError, match="newMutation"):
        surface._mutation(Operation("newMutation", "sage", AccountingEntry, "input", "XGLDtoInput"))


def test_response_selections_follow_the_seeds():
    assert "{ id number }" in " ".join(document_text("createAccountingEntryUsingCodes").split())
    post = " ".join(document_text("postSalesInvoice").split())
    assert (
        "{ accountingEntryId accountingEntryNumber accountingEntries { accountingEntryId "
        "accountingEntryNumber } } }"
    ) in post
    settle = " ".join(document_text("salesOpenItemSettlement").split())
    assert settle.endswith("{ accountingEntryId accountingEntryNumber } }")
    assert " ".join(document_text("openItemSettlement").split()).endswith("{ id } }")
    match = " ".join(document_text("bookkeepingEntryMatchCreate").split())
    assert match.endswith("{ id postingEntriesDebit { id } postingEntriesCredit { id } } }")
    assert " ".join(document_text("bookkeepingEntryMatchDestroy").split()).endswith("{ id } }")


# -- seed 000: the vendor's documents fail, ours pass ------------------------------------------------
# The four GraphQL snippets below are copied verbatim from the Luca Regnskap help-centre article
# "API: Closing invoices", as stored in /work/shared/seeds/000_de1f1e0224c8b727.txt (seed 000).

SEED_STEP1 = """query($id: ID!) {
    saleInvoice(id: $id) {
        id
        bookkeepingJournal { id }
    }
}"""

SEED_STEP2 = """query($id: ID!){
    bookkeepingJournal(id: 4LCGvv) {
        id
        postings {
            postingLines {
                id
                amountCents
                debitAccount {
                    id
                    code
                    subCode
                }
                creditAccount {
                    id
                    code
                    subCode
                }
            }
        }
    }
}"""

SEED_STEP3 = """mutation ($postingLineId1: ID!, $postingLineId2: ID!, $accountId: ID!) {
    bookkeepingEntryMatchCreate(entryMatch: {postingLines: [{id: JeCRVx}, {id: gYCr2n}], accountId: 24HJA4y}) {
        id
        postingEntriesDebit {
            id
        }
        postingEntriesCredit {
            id
        }
    }
}"""

SEED_STEP4 = """mutation ($id: ID!) {
    bookkeepingEntryMatchDestroy(id: kQBSpD) {
        id
    }
}"""


def _messages(schema, text):
    return [e.message for e in validate(schema, parse(text))]


def test_seed_000_documents_fail_validation(committed_schema):
    # Step 1 is the one correct document of the article: the id is a variable.
    assert _messages(committed_schema, SEED_STEP1) == []
    # Steps 2 and 3: an unquoted id starting with digits does not even lex (D88).
    for text, char in ((SEED_STEP2, "'L'"), (SEED_STEP3, "'H'")):
        with pytest.raises(GraphQLSyntaxError, match=f"Invalid number, expected digit but got: {char}"):
            parse(text)
    # Step 3 with the lexer error repaired still fails: declared variables unused, ids as enum literals.
    repaired = SEED_STEP3.replace("accountId: 24HJA4y", 'accountId: "24HJA4y"')
    messages = _messages(committed_schema, repaired)
    assert "Variable '$postingLineId1' is never used." in messages
    assert "Variable '$accountId' is never used." in messages
    assert any("non-string" in m and "JeCRVx" in m for m in messages)
    # Step 4: $id is declared but unused, and kQBSpD is an enum literal where an ID belongs.
    messages = _messages(committed_schema, SEED_STEP4)
    assert "Variable '$id' is never used." in messages
    assert any("kQBSpD" in m for m in messages)


def test_our_documents_for_the_same_workflow_pass(committed_schema):
    requests = [
        codegen.render("saleInvoice", {"id": "9DhWnW"}),
        codegen.render("bookkeepingJournal", {"id": "4LCGvv"}),
        codegen.render(
            "bookkeepingEntryMatchCreate",
            {"postingLines": [{"id": "JeCRVx"}, {"id": "gYCr2n"}], "accountId": "24HJA4y"},
        ),
        codegen.render("bookkeepingEntryMatchDestroy", {"id": "kQBSpD"}),
    ]
    for query, _variables in requests:
        assert _messages(committed_schema, query) == []
        for value in ("4LCGvv", "JeCRVx", "24HJA4y", "kQBSpD", "9DhWnW"):
            assert value not in query
    assert requests[1][1] == {"id": "4LCGvv"}
    assert requests[2][1]["entryMatch"]["accountId"] == "24HJA4y"
    # The engine reads our body without any shape finding.
    from rules.engine import Engine

    query, variables = requests[2]
    report = Engine().check({"query": query, "variables": variables})
    assert not [c for c in report.codes() if c.startswith("FLD")]
    seed_report = Engine().check({"query": SEED_STEP3, "variables": {}})
    assert seed_report.codes() == ["FLD001"]


# -- context build -----------------------------------------------------------------------------------

JOURNAL = {
    "id": "c3cce89c-305a-5ccf-9aac-64bd38dd284b",
    "code": "VTE",
    "name": "Ventes",
    "type": "SALES_INVOICE",
    "deactivated": False,
    "__typename": "JournalTypeGLDto",
}
JOURNAL2 = {
    "id": "b24bc948-1712-5f49-810d-a4685fc46acb",
    "code": "ACH",
    "name": "Achats",
    "type": "PURCHASE_INVOICE",
    "deactivated": False,
}
ACCOUNT = {
    "id": "4afe77f4-4cb9-5f9e-ac97-c825732a3126",
    "code": "411000",
    "name": "Clients",
    "accountLevel": "SUB_ACCOUNT",
    "subAccountType": "CUSTOMER",
    "deactivated": False,
}
SETUP = {
    "defaultSaleProductsAccountId": "1cb8f533-084b-514c-9f3d-a3e02fa80e85",
    "intracommunityAccountId": "f87a0c53-8326-5de7-8d4e-d3cfd1d7d85d",
}
POSTING_LINE = {
    "id": "JeCRVx",
    "amountCents": 15000,
    "debitAccount": {"id": "24HJA4y", "code": "1500", "subCode": "10005"},
    "creditAccount": {"id": "ggHNwdQ", "code": "3100", "subCode": None},
}


def _write(tmp_path: Path, name: str, value) -> str:
    path = tmp_path / name
    path.write_text(dumps(value), encoding="utf-8")
    return str(path)


def test_context_build_from_nodes_edges_lists_and_luca(tmp_path, capsys):
    files = [
        _write(
            tmp_path,
            "journals-1.json",
            {
                "data": {
                    "journalTypes": {
                        "totalCount": 2,
                        "pageInfo": {"hasNextPage": True, "endCursor": "x"},
                        "nodes": [JOURNAL],
                    }
                }
            },
        ),
        _write(
            tmp_path,
            "journals-2.json",
            {
                "data": {
                    "journalTypes": {
                        "edges": [{"cursor": "y", "node": JOURNAL2}, {"cursor": "z", "node": JOURNAL}]
                    }
                }
            },
        ),
        _write(tmp_path, "accounts.json", {"data": {"accountingAccounts": [ACCOUNT]}}),
        _write(
            tmp_path,
            "org.json",
            {
                "data": {
                    "organizations": {
                        "nodes": [
                            {
                                "id": "0b8e7c4e-1b2a-4c1e-9a43-3d1f7e0c2a11",
                                "legislationCode": "FR",
                                "currency": "EUR",
                            }
                        ]
                    }
                }
            },
        ),
        _write(tmp_path, "setup.json", {"data": {"organizationAccountingSetupByOrgId": SETUP}}),
        _write(
            tmp_path,
            "sessions.json",
            {
                "data": {
                    "accountingEntrySessions": {
                        "nodes": [
                            {
                                "id": "5a7c1d9e-8f2b-4c3d-9e1f-0a2b3c4d5e6f",
                                "name": "Automatisch erstellt",
                                "deactivated": False,
                                "isDefault": True,
                            }
                        ]
                    }
                }
            },
        ),
        _write(
            tmp_path,
            "invoice.json",
            {"data": {"saleInvoice": {"id": "9DhWnW", "bookkeepingJournal": {"id": "4LCGvv"}}}},
        ),
        _write(
            tmp_path,
            "journal.json",
            {
                "data": {
                    "bookkeepingJournal": {"id": "4LCGvv", "postings": [{"postingLines": [POSTING_LINE]}]}
                }
            },
        ),
        _write(
            tmp_path,
            "match.json",
            {
                "data": {
                    "bookkeepingEntryMatchCreate": {
                        "id": "kQBSpD",
                        "postingEntriesDebit": [{"id": "JeCRVx"}],
                        "postingEntriesCredit": [{"id": "gYCr2n"}],
                    }
                }
            },
        ),
    ]
    out = tmp_path / "context.json"
    assert main(["context", "build", *files, "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    data = loads(out.read_text(encoding="utf-8"))
    assert list(data) == ["organization", "journalTypes", "accountingAccounts", "sessions", "luca"]
    assert [j["code"] for j in data["journalTypes"]] == ["VTE", "ACH"]  # pages joined, repeat dropped
    assert "__typename" not in data["journalTypes"][0]
    assert data["organization"]["accountingSetup"] == SETUP
    assert data["luca"]["postingLines"] == [POSTING_LINE]
    assert data["luca"]["entryMatches"] == [{"id": "kQBSpD", "postingLineIds": ["JeCRVx", "gYCr2n"]}]
    context = load_context(out.read_bytes())
    assert context.journal(code="ACH").type is enums.JournalType.PURCHASE_INVOICE
    assert context.currency == "EUR" and context.has("organization.accountingSetup")
    assert context.posting_line("JeCRVx").amount_cents == 15000
    assert context.match_of_posting_line("gYCr2n") == "kQBSpD"
    assert context.session("5a7c1d9e-8f2b-4c3d-9e1f-0a2b3c4d5e6f").is_default is True


def test_context_build_to_stdout_keeps_decimals_exact(tmp_path, capsys):
    tax = {
        "id": "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "groupId": "8e2d3c4b-5f6a-4b7c-9d8e-0f1a2b3c4d5e",
        "percentage": Decimal("5.5"),
        "taxType": "TVA",
    }
    path = _write(tmp_path, "taxes.json", {"data": {"taxes": {"nodes": [tax]}}})
    assert main(["context", "build", path]) == 0
    text = capsys.readouterr().out
    assert '"percentage": 5.5' in text
    assert context_from_dict(loads(text)).tax(tax["id"]).percentage == Decimal("5.5")


@pytest.mark.parametrize(
    "response, fragment",
    [
        ({"data": {"somethingElse": {"nodes": []}}}, "unknown response field `somethingElse`"),
        ({"data": {"journalTypes": {"items": []}}}, "journalTypes: expected a connection"),
        (
            {"data": {"journalTypes": {"edges": [{"cursor": "a"}]}}},
            "journalTypes.edges[0]: an edge must be an object with `node`",
        ),
        ({"errors": [{"message": "Unauthorized"}], "data": None}, "reports errors (Unauthorized)"),
        ({"data": {"organizations": {"nodes": []}}}, "holds 0 organisations"),
        ({"data": {"journalTypes": {"nodes": [{"id": "not-a-uuid"}]}}}, "journalTypes[0].id"),
        ({"data": {"bookkeepingJournal": {"id": "x"}}}, "postings"),
        ([1, 2], "must be a JSON object"),
        ("hello", "must be a JSON object"),
    ],
)
def test_context_build_refuses_unknown_shapes(tmp_path, capsys, response, fragment):
    path = _write(tmp_path, "response.json", response)
    assert main(["context", "build", path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "response.json" in err and fragment in err, err


def test_context_build_refuses_invalid_json(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    assert main(["context", "build", str(path)]) == 2
    assert "broken.json: not valid JSON" in capsys.readouterr().err


def test_context_build_api():
    context = codegen.build_context(
        [("a", {"data": {"journalTypes": [JOURNAL]}}), ("b", [{"data": {"journalTypes": [JOURNAL2]}}])]
    )
    assert [j["code"] for j in context["journalTypes"]] == ["VTE", "ACH"]
    with pytest.raises(ResponseError, match=r"^b\[0\]: "):
        codegen.build_context([("b", [{"data": {"nope": []}}])])


def test_codegen_writes_to_the_current_directory_never_inside_the_installed_package(
    tmp_path, monkeypatch, capsys
):
    """Issue 13 item 20: the default --out was the package's own folder (site-packages for a pip
    install); it is now codegen/generated under the current directory, for writing and checking."""
    shipped = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in DEFAULT_DIR.iterdir()}
    monkeypatch.chdir(tmp_path)
    assert main(["codegen", "--check"]) == 1  # nothing here yet: every file is missing
    assert "run `ledger-rules codegen` to regenerate" in capsys.readouterr().out
    assert main(["codegen"]) == 0
    assert capsys.readouterr().out == f"{len(generated_files())} file(s) written to codegen/generated\n"
    assert stale_files(tmp_path / "codegen" / "generated") == []
    assert main(["codegen", "--check"]) == 0
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in DEFAULT_DIR.iterdir()} == shipped
