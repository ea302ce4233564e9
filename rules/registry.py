"""The rule registry: every rule's code, name, default severity, needs and documentation.

A rule is a plain function decorated with :func:`rule`. The decorator attaches a :class:`Rule` spec to
the function and does not register it anywhere — there is no global list to mutate. A
:class:`Registry` is built from modules (``Registry.from_modules``) by collecting the specs it finds;
it refuses, at construction, malformed or duplicate codes and names, unknown context keys, and rules
whose documentation lacks one of the fixed sections. :func:`rules.families.default_registry` builds the
registry of every family module (imported in code order) once per process: the families import this
module for the decorator, so the discovery lives with them, not here.

Documentation lives in the rule function's docstring, in fixed sections (the ruff/SQLFluff idea)::

    One-line summary.

    What it checks:
        …
    Why it matters:
        …
    Example:
        …
    How to fix:
        …
    Assumption:        (only where the public docs are silent)
        …
    Source:
        S5 (docs/sources.md).   (the ids of the facts the rule rests on)
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any, Literal, TypeVar

import attrs

from ledger.context import KNOWN_KEYS
from rules.violation import Severity

#: Where a rule runs. ``document``: one checked input (targets = model classes); ``intake``: reported by
#: the intake/loader; ``ledger``: every API entry of an audit at once (subject
#: ``ledger.books.lettering.LedgerLettering``, the compact lettered lines the streaming audit keeps; the LET
#: rules also accept a ``ledger.books.lettering.Ledger`` of whole entries);
#: ``fec``: one French FEC file of an audit (subject ``ledger.books.fec_ledger.FecLedger``: the rows as read,
#: the reader's problems and the entries grouped) -- a FEC is its own ledger, never mixed with API entries.
Scope = Literal["document", "intake", "ledger", "fec"]

#: A rule function, kept as it is by :func:`rule` (its own signature stays visible to the checker).
RuleFunction = TypeVar("RuleFunction", bound=Callable[..., Any])

SECTIONS = ("What it checks", "Why it matters", "Example", "How to fix", "Assumption", "Source")
REQUIRED_SECTIONS = ("What it checks", "Why it matters", "Example", "How to fix", "Source")
_CODE = re.compile(r"^[A-Z]{3}\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SECTION_LINE = re.compile(r"^(" + "|".join(SECTIONS) + r"):\s*$")


class RegistryError(ValueError):
    """A rule definition is malformed (raised at import / registry construction)."""


@attrs.frozen
class RuleDoc:
    summary: str
    sections: tuple[tuple[str, str], ...]

    def section(self, title: str) -> str | None:
        for key, text in self.sections:
            if key == title:
                return text
        return None

    @property
    def assumption(self) -> str | None:
        return self.section("Assumption")

    @property
    def source(self) -> str | None:
        return self.section("Source")


def parse_doc(code: str, text: str | None) -> RuleDoc:
    """Parse a rule docstring into its sections; raise :class:`RegistryError` if one is missing."""
    if not text or not text.strip():
        raise RegistryError(f"{code}: rule has no documentation")
    lines = inspect.cleandoc(text).splitlines()
    summary = lines[0].strip()
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines[1:]:
        match = _SECTION_LINE.match(line.strip()) if not line.startswith(" ") else None
        if match:
            current = match.group(1)
            if current in sections:
                raise RegistryError(f"{code}: section {current!r} appears twice")
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
        elif line.strip():
            raise RegistryError(f"{code}: text before the first section: {line.strip()!r}")
    missing = [s for s in REQUIRED_SECTIONS if not "".join(sections.get(s, [])).strip()]
    if missing:
        raise RegistryError(f"{code}: documentation lacks section(s): {', '.join(missing)}")
    return RuleDoc(
        summary,
        tuple(
            (title, textwrap.dedent("\n".join(sections[title])).strip())
            for title in SECTIONS
            if title in sections
        ),
    )


@attrs.frozen
class Rule:
    code: str
    name: str
    severity: Severity
    doc: RuleDoc
    targets: tuple[type, ...] = ()
    needs: tuple[str, ...] = ()
    scope: Scope = "document"
    check: Callable | None = attrs.field(default=None, eq=False, repr=False)
    # Context keys the rule READS WHEN GIVEN but can run without (rules.md "— / ctx", e.g. INV003):
    # never a reason to skip it; they make ``needs_context`` "partly".
    uses: tuple[str, ...] = ()
    # The legislations (``organization.legislationCode``) the rule is about, e.g. ("DE",); empty: every
    # one. For another legislation the rule cannot apply: the runner neither runs nor lists it.
    legislations: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def needs_context(self) -> bool | str:
        """True, False, or "partly" (runs without context, does more with it) as in rules.json."""
        if self.needs:
            return True
        return "partly" if self.uses else False


def rule(
    code: str,
    name: str,
    severity: str | Severity,
    *,
    targets: Iterable[type] = (),
    needs: Iterable[str] = (),
    scope: Scope = "document",
    uses: Iterable[str] = (),
    legislations: Iterable[str] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Decorate a rule function ``(subject, env) -> Iterable[Finding]`` with its spec.

    ``needs``: context keys without which the rule is skipped; ``uses``: keys it reads when given but
    can do without (rules.md's "— / ctx"); ``legislations``: the only legislations it applies to
    (:class:`rules.runner.Runner` decides; such a rule needs ``organization.legislationCode``).
    """

    def wrap(fn: RuleFunction) -> RuleFunction:
        # A function object takes any attribute, but Callable declares none: the checker cannot see it.
        fn.__rule__ = Rule(  # type: ignore[attr-defined]
            code=code,
            name=name,
            severity=Severity(severity),
            doc=parse_doc(code, fn.__doc__),
            targets=tuple(targets),
            needs=tuple(needs),
            scope=scope,
            check=fn,
            uses=tuple(uses),
            legislations=tuple(legislations),
        )
        return fn

    return wrap


def declared(code: str, name: str, severity: str | Severity, doc: str, *, scope: Scope = "intake") -> Rule:
    """A rule reported by the intake or the loader rather than by a function of its own (FLD001–FLD007)."""
    return Rule(code=code, name=name, severity=Severity(severity), doc=parse_doc(code, doc), scope=scope)


def rules_in(module: ModuleType) -> list[Rule]:
    """Rule specs defined in a module: decorated functions and module-level ``Rule`` values."""
    found = []
    for value in vars(module).values():
        spec = getattr(value, "__rule__", None)
        if isinstance(spec, Rule):
            found.append(spec)
        elif isinstance(value, Rule):
            found.append(value)
    return found


class Registry:
    """An immutable, validated catalogue of rules, in code order."""

    def __init__(self, rules: Iterable[Rule]):
        by_code: dict[str, Rule] = {}
        names: dict[str, str] = {}
        for spec in rules:
            if not _CODE.match(spec.code):
                raise RegistryError(f"{spec.code!r}: a code is 3 capital letters and 3 digits")
            if not _NAME.match(spec.name):
                raise RegistryError(f"{spec.code}: name {spec.name!r} is not kebab-case")
            if spec.code in by_code:
                raise RegistryError(f"{spec.code}: defined twice")
            if spec.name in names:
                raise RegistryError(f"{spec.code}: name {spec.name!r} already used by {names[spec.name]}")
            unknown = [k for k in (*spec.needs, *spec.uses) if k not in KNOWN_KEYS]
            if unknown:
                raise RegistryError(f"{spec.code}: needs unknown context key(s) {unknown}")
            if spec.scope == "document" and (spec.check is None or not spec.targets):
                raise RegistryError(f"{spec.code}: a document rule needs a check function and targets")
            by_code[spec.code] = spec
            names[spec.name] = spec.code
        self._rules = tuple(sorted(by_code.values(), key=lambda r: r.code))
        self._by_code = by_code
        self._by_name = {spec.name: spec for spec in by_code.values()}

    @classmethod
    def from_modules(cls, modules: Iterable[ModuleType]) -> Registry:
        return cls(spec for module in modules for spec in rules_in(module))

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Rule:
        try:
            return self._by_code[code.upper()]
        except KeyError:
            raise KeyError(code) from None

    def find(self, code_or_name: str) -> Rule | None:
        """The rule with this code (any case, ``bal001``) or this name (``unbalanced-entry``), or None.
        Codes and names cannot collide: a code is letters and digits, a name is kebab-case words."""
        key = code_or_name.strip()
        return self._by_code.get(key.upper()) or self._by_name.get(key.lower())

    def for_target(self, target: type) -> tuple[Rule, ...]:
        """The document rules that check ``target`` (a model class), in code order."""
        return tuple(r for r in self._rules if r.scope == "document" and target in r.targets)

    def in_scope(self, scope: Scope) -> tuple[Rule, ...]:
        """The rules with a check function in a ledger-wide ``scope`` (``"ledger"``, ``"fec"``)."""
        return tuple(r for r in self._rules if r.scope == scope and r.check is not None)

    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.family for r in self._rules))
