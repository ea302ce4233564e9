"""The registry refuses malformed rules, and the catalogue matches the contract (rules.md/rules.json)."""

from __future__ import annotations

import json
import types

import pytest

from rules.engine import Engine
from rules.families import default_registry
from rules.registry import Registry, RegistryError, declared, rule
from rules.selection import Selection, parse_codes

DOC = """Summary.

What it checks:
    x
Why it matters:
    x
Example:
    x
How to fix:
    x
Source:
    x
"""


def _module(*specs):
    module = types.ModuleType("fake")
    for i, spec in enumerate(specs):
        setattr(module, f"r{i}", spec)
    return module


def test_registry_refuses_duplicates_malformed_codes_and_missing_docs():
    ok = declared("ABC001", "a-rule", "error", DOC)
    with pytest.raises(RegistryError, match="defined twice"):
        Registry([ok, declared("ABC001", "other-rule", "error", DOC)])
    with pytest.raises(RegistryError, match="3 capital letters"):
        Registry([declared("AB001", "x", "error", DOC)])
    with pytest.raises(RegistryError, match="kebab-case"):
        Registry([declared("ABC002", "Not_Kebab", "error", DOC)])
    with pytest.raises(RegistryError, match="lacks section"):
        declared("ABC003", "x", "error", "Summary only.")
    with pytest.raises(RegistryError, match="no documentation"):

        @rule("ABC004", "undocumented", "error", targets=[object])
        def undocumented(subject, env):
            return ()

    with pytest.raises(RegistryError, match="unknown context key"):
        Registry(
            [
                declared("ABC005", "bad-needs", "error", DOC).__class__(
                    code="ABC005",
                    name="bad-needs",
                    severity=ok.severity,
                    doc=ok.doc,
                    needs=("journals",),
                    scope="intake",
                )
            ]
        )


def test_registry_collects_decorated_functions_from_modules():
    @rule("XYZ001", "some-rule", "warning", targets=[dict])
    def some_rule(subject, env):
        """Summary.

        What it checks:
            x
        Why it matters:
            x
        Example:
            x
        How to fix:
            x
        Source:
            x
        """
        return ()

    registry = Registry.from_modules([_module(some_rule)])
    assert [r.code for r in registry] == ["XYZ001"] and registry.get("xyz001").name == "some-rule"


def test_every_shipped_rule_has_its_doc_sections():
    for spec in default_registry():
        assert spec.doc.summary and spec.doc.source, spec.code
        for title in ("What it checks", "Why it matters", "Example", "How to fix"):
            assert spec.doc.section(title), (spec.code, title)


def test_catalogue_matches_the_contract(shared_dir):
    contract = {r["code"]: r for r in json.loads((shared_dir / "spec/rules.json").read_text())["rules"]}
    registry = default_registry()
    for spec in registry:
        if spec.code in contract:
            expected = contract[spec.code]
            assert (spec.name, spec.severity.value, spec.needs_context) == (
                expected["name"],
                expected["severity"],
                expected["needs_context"],
            ), spec.code
    # A family that is implemented is implemented completely.
    families = set(registry.families())
    missing = [code for code in contract if code[:3] in families and code not in registry]
    assert missing == []


def test_selection_more_specific_wins():
    assert Selection("BAL", "BAL003").enabled("BAL001")
    assert not Selection("BAL", "BAL003").enabled("BAL003")
    assert Selection("BAL003", "BAL").enabled("BAL003")
    assert not Selection("BAL003", "BAL").enabled("BAL004")
    assert not Selection((), "FLD").enabled("FLD001")
    with pytest.raises(ValueError):
        parse_codes("BAL-1")


def test_registry_finds_every_rule_by_its_code_or_its_name():
    """Issue 13 item 17: the lookup behind ``explain CODE|NAME``."""
    registry = default_registry()
    for spec in registry:
        assert registry.find(spec.code) is registry.find(spec.code.lower()) is spec
        assert registry.find(spec.name) is registry.find(f" {spec.name.upper()} ") is spec
    assert registry.find("BAL999") is None and registry.find("unbalanced") is None


def test_unknown_select_or_ignore_code_is_a_value_error_not_an_empty_selection():
    """Issue 13 item 15: ``select=["BAL999"]`` used to turn every check off and call all documents valid."""
    with pytest.raises(ValueError, match="select 'BAL999' matches no rule code"):
        Engine(select=["BAL999"])
    with pytest.raises(ValueError, match="ignore 'XYZ' matches no rule code"):
        Engine(ignore="XYZ")
    with pytest.raises(ValueError, match="ignore 'BAL9' matches no rule code"):
        Selection("BAL", "BAL9").require_known(["BAL001", "TAX002"])
    Selection(["BAL0", "TAX"], ["BAL001"]).require_known(["BAL001", "TAX002"])  # prefixes that match
    assert Engine(select=["bal00"]).selection.select == ("BAL00",)


def test_severity_override_and_unknown_code():
    from tests.helpers.seed import seed001

    doc = seed001()
    doc["accountingEntryLines"][1]["debitAmount"] = doc["accountingEntryLines"][1]["creditAmount"] * -1
    doc["accountingEntryLines"][1]["creditAmount"] = 0
    engine = Engine(select=["BAL004"], severity={"BAL004": "error"})
    (violation,) = engine.check(doc, operation="createAccountingEntry").violations
    assert (
        violation.severity.value == "error" and not engine.check(doc, operation="createAccountingEntry").valid
    )
    with pytest.raises(ValueError):
        Engine(severity={"NOP999": "error"})


def test_env_derives_a_fact_once_per_subject_and_holds_only_the_last_subject():
    from rules.env import Env, Options

    env = Env(None, None, Options())
    calls = []

    def facts(subject):
        calls.append(subject)
        return len(subject)

    first, second = ["a"], ["b", "c"]
    assert env.derived("n", first, facts) == 1
    assert env.derived("n", first, facts) == 1  # shared: computed once
    assert env.derived("n", second, facts) == 2  # a new subject (by identity) is computed afresh
    assert env.derived("n", ["b", "c"], facts) == 2 and len(calls) == 3  # equal is not identical
    assert env.derived("other", second, facts) == 2 and len(calls) == 4  # one slot per kind of fact
