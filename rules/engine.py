"""The engine: run the registered rules over documents and produce reports.

Pipeline for one document::

    raw JSON value --Intake--> targets (operation + input value)
                   --Loader--> model object + shape problems  (FLD002–FLD007)
                   --rules --> findings                        (every other family)
                   --engine--> violations (code, name, severity in force, path in the user's input)

An :class:`Engine` is configured once — registry, context, select/ignore, severity overrides,
options — and then compiles, per model class, the plan of rules to run and the rules to skip for lack
of reference data. Checking a document is then a loop over a precomputed tuple: no per-document schema
work, no global state (two engines with different settings coexist in one process).

The simplified create operations are checked on their EXPANSION into the full form (D8, D29) when
there is a context; the expansion maps every path back to the user's own lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ledger.context import Context
from ledger.io.limits import DEFAULT_LIMITS, Breach, Limits, first_breach
from ledger.io.loading import Fault, Loader, one_line
from ledger.io.requests import Intake, Target
from ledger.io.sources import RawDocument, document_from_text
from ledger.money import DEFAULT_CURRENCY, ROUNDING_MODES
from ledger.operations import Operation
from rules.registry import Registry, Rule, default_registry
from rules.selection import Selection
from rules.violation import Finding, Severity, Violation

FAULT_CODES = {
    Fault.MISSING: "FLD002",
    Fault.INVALID: "FLD003",
    Fault.ENUM: "FLD004",
    Fault.TOO_LONG: "FLD005",
    Fault.UNKNOWN: "FLD006",
    Fault.READ_ONLY: "FLD007",
}


def _rounding(value: str) -> str:
    if value not in ROUNDING_MODES:
        raise ValueError(f"unknown rounding {value!r}; use one of {', '.join(ROUNDING_MODES)}")
    return value


def _policy(value: str) -> str:
    if value not in ("vies", "legacy"):
        raise ValueError(f"unknown sales-account policy {value!r}; use vies or legacy")
    return value


@attrs.frozen
class Options:
    """Settings for rules whose behaviour the public docs leave open (each rule's doc says which)."""

    currency: str | None = None  # overrides the context's organisation currency (default EUR)
    tax_rounding: str = attrs.field(default="half-up", converter=_rounding)  # TAX002
    tax_tolerance: Decimal = attrs.field(default=Decimal(0), converter=Decimal)  # TAX002
    sales_account_policy: str = attrs.field(default="vies", converter=_policy)  # PST001


@attrs.frozen
class Env:
    """What a rule may look at besides its subject."""

    operation: Operation | None
    context: Context | None
    options: Options
    mode: str = "create"  # "create" for inputs, "read" for entries read back from the API
    #: Paths (relative to the subject) of the values the loader reported as unreadable (FLD002–FLD007):
    #: they are None in the model, and a rule that would report "missing" there defers to the FLD code.
    faulted: frozenset = frozenset()
    # Facts several rules derive from the same subject (its amounts, its accounts): one slot per kind
    # of fact holding (subject, value), so each is computed once per subject and never outlives the
    # next subject — an Env reused over a whole ledger (audit) holds one entry's facts, not all.
    _derived: dict = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def derived(self, key: str, subject: Any, compute) -> Any:
        """``compute(subject)``, computed once per subject (by identity) and shared by the rules."""
        slot = self._derived.get(key)
        if slot is not None and slot[0] is subject:
            return slot[1]
        value = compute(subject)
        self._derived[key] = (subject, value)
        return value

    @property
    def currency(self) -> str:
        if self.options.currency:
            return self.options.currency.upper()
        if self.context is not None:
            return self.context.currency
        return DEFAULT_CURRENCY


@attrs.frozen
class Report:
    """The result for one document (interfaces.md, one element of ``results``)."""

    document: int
    source: str
    operation: str | None
    violations: tuple[Violation, ...]
    skipped_rules: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not any(v.severity is Severity.ERROR for v in self.violations)

    @property
    def errors(self) -> int:
        return sum(v.severity is Severity.ERROR for v in self.violations)

    @property
    def warnings(self) -> int:
        return sum(v.severity is Severity.WARNING for v in self.violations)

    def codes(self) -> list[str]:
        return [v.code for v in self.violations]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "source": self.source,
            "operation": self.operation,
            "valid": self.valid,
            "violations": [v.to_dict() for v in self.violations],
        }


@attrs.frozen
class _Plan:
    run: tuple[Rule, ...]
    skipped: tuple[str, ...]


class Engine:
    """Checks documents. Build one per configuration and reuse it for a whole batch."""

    def __init__(
        self,
        *,
        context: Context | None = None,
        select: Iterable[str] | str | None = None,
        ignore: Iterable[str] | str | None = None,
        severity: Mapping[str, str | Severity] | None = None,
        options: Options | None = None,
        registry: Registry | None = None,
        limits: Limits | None = None,
    ):
        self.registry = registry or default_registry()
        # Per-document limits (ledger.io.limits): a document beyond one is FLD001, nothing else is checked.
        self.limits = limits or DEFAULT_LIMITS
        self.context = context
        self.selection = Selection(select or (), ignore or ())
        self.options = options or Options()
        self.severity: dict[str, Severity] = {}
        for code, level in (severity or {}).items():
            code = code.upper()
            if code not in self.registry:
                raise ValueError(f"cannot re-grade {code}: no such rule")
            self.severity[code] = level if isinstance(level, Severity) else Severity.parse(level)
        self._loader = Loader(limits=self.limits)
        self._intake = Intake()
        self._plans: dict[tuple[type, bool], _Plan] = {}
        self._specs = {r.code: r for r in self.registry}

    # -- configuration-derived ------------------------------------------------------------------

    def _plan(self, target: type, include_context_rules: bool = True) -> _Plan:
        key = (target, include_context_rules)
        plan = self._plans.get(key)
        if plan is None:
            run, skipped = [], []
            for spec in self.registry.for_target(target):
                if not self.selection.enabled(spec.code):
                    continue
                if spec.needs and (
                    not include_context_rules
                    or self.context is None
                    or not all(self.context.has(k) for k in spec.needs)
                ):
                    skipped.append(spec.code)
                else:
                    run.append(spec)
            plan = self._plans[key] = _Plan(tuple(run), tuple(skipped))
        return plan

    def _violation(self, code: str, found: Finding) -> Violation | None:
        if not self.selection.enabled(code):
            return None
        spec = self._specs[code]
        return Violation(
            code,
            spec.name,
            self.severity.get(code, spec.severity),
            found.path,
            one_line(found.message),
            one_line(found.hint),
            found.figures,
        )

    # -- checking -------------------------------------------------------------------------------

    def check(
        self,
        document: Any,
        *,
        operation: str | None = None,
        source: str = "<input>",
        index: int = 0,
    ) -> Report:
        """Check one document: a parsed JSON value, or JSON text (str/bytes)."""
        if isinstance(document, RawDocument):
            raw = document
        elif isinstance(document, (str, bytes)):
            raw = document_from_text(source, document, self.limits)
        else:
            raw = RawDocument(source, document)
        return self._check_raw(raw, operation, index)

    def iter_violations(self, document: Any, *, operation: str | None = None) -> Iterator[Violation]:
        yield from self.check(document, operation=operation).violations

    def is_valid(self, document: Any, *, operation: str | None = None) -> bool:
        return self.check(document, operation=operation).valid

    def check_documents(
        self, documents: Iterable[RawDocument], *, operation: str | None = None, start: int = 0
    ) -> Iterator[Report]:
        for offset, raw in enumerate(documents):
            yield self._check_raw(raw, operation, start + offset)

    def _check_raw(self, raw: RawDocument, operation: str | None, index: int) -> Report:
        if raw.error is not None:
            hint = raw.breach.hint if raw.breach is not None else None
            return self._invalid_document(raw.source, index, raw.error, hint, operation)
        breach = None if raw.screened else first_breach(raw.value, self.limits, exempt=_query_text(raw.value))
        if breach is not None:
            return self._refused(raw.source, index, breach, operation)
        resolution = self._intake.resolve(raw.value, operation)
        if resolution.error is not None:
            return self._invalid_document(raw.source, index, resolution.error, resolution.hint, operation)
        for target in _literal_targets(raw.value, resolution.targets):
            # Inputs written as GraphQL literals inside the query text were not part of the walk above.
            breach = first_breach(target.value, self.limits)
            if breach is not None:
                return self._refused(raw.source, index, breach, operation)
        violations: list[Violation] = []
        skipped: list[str] = []
        for target in resolution.targets:
            self._check_target(target, violations, skipped)
        names = ",".join(t.operation.name for t in resolution.targets) or operation
        return Report(index, raw.source, names, tuple(violations), tuple(dict.fromkeys(skipped)))

    def _invalid_document(
        self, source: str, index: int, message: str, hint: str | None, operation: str | None
    ) -> Report:
        violation = self._violation("FLD001", Finding("", message, hint))
        return Report(index, source, operation, (violation,) if violation else ())

    def _refused(self, source: str, index: int, breach: Breach, operation: str | None) -> Report:
        """The report of a document beyond a limit: FLD001 with the breach's message and hint."""
        return self._invalid_document(source, index, breach.message, breach.hint, operation)

    def check_value(self, value: Any, operation: Operation, *, mode: str = "create") -> Report:
        """Check an input value (a dict) as ``operation``; used by ``audit`` with mode="read"."""
        violations: list[Violation] = []
        skipped: list[str] = []
        breach = first_breach(value, self.limits)
        if breach is not None:
            return self._refused("<value>", 0, breach, operation.name)
        self._check_target(Target(operation, value), violations, skipped, mode=mode)
        return Report(0, "<value>", operation.name, tuple(violations), tuple(dict.fromkeys(skipped)))

    def _check_target(
        self, target: Target, violations: list[Violation], skipped: list[str], *, mode: str = "create"
    ) -> None:
        op = target.operation
        loaded = self._loader.load(op.model, target.value, mode=mode, bounded=True)  # FLD001 checked
        for problem in loaded.problems:
            found = Finding(target.path + problem.path, problem.message, problem.hint)
            violation = self._violation(FAULT_CODES[problem.fault], found)
            if violation is not None:
                violations.append(violation)
        if loaded.model is None:
            return
        faulted = frozenset(p.path for p in loaded.problems) if loaded.problems else frozenset()
        env = Env(op, self.context, self.options, mode, faulted)
        self.run_rules(loaded.model, env, violations, skipped, prefix=target.path)

    def run_rules(
        self,
        subject: Any,
        env: Env,
        violations: list[Violation],
        skipped: list[str],
        *,
        prefix: str = "",
    ) -> None:
        """Run every rule that targets ``subject``'s class (expanding simplified inputs first)."""
        op = env.operation
        if op is not None and op.simplified and self.context is not None:
            expansion = _expand(subject, self.context)
            if expansion is not None:
                self._run_expansion(subject, expansion, env, violations, skipped, prefix)
                return
        plan = self._plan(type(subject), include_context_rules=not (op is not None and op.simplified))
        skipped.extend(plan.skipped)
        if op is not None and op.simplified:
            # Without a context the expansion cannot be built: the entry rules that need it are skipped.
            skipped.extend(self._plan(_full_entry_class(), include_context_rules=False).skipped)
        self._apply(plan, subject, env, violations, lambda path: prefix + path)

    def _run_expansion(self, subject, expansion, env, violations, skipped, prefix) -> None:
        own = self._plan(type(subject))
        skipped.extend(own.skipped)
        # Rules that also target the full entry run on the expansion instead (once, not twice).
        full = _full_entry_class()
        own_only = _Plan(tuple(r for r in own.run if full not in r.targets), ())
        self._apply(own_only, subject, env, violations, lambda path: prefix + path)
        for code, found in expansion.findings:
            violation = self._violation(code, attrs.evolve(found, path=prefix + found.path))
            if violation is not None:
                violations.append(violation)
        plan = self._plan(full)
        skipped.extend(plan.skipped)
        start = len(violations)
        self._apply(plan, expansion.entry, env, violations, lambda path: prefix + expansion.map_path(path))
        # The expansion copies a user's value into several places (a line amount becomes the invoice
        # amount too); mapped back, they are one field of the user's input: report it once.
        violations[start:] = dict.fromkeys(violations[start:])

    def _apply(self, plan: _Plan, subject, env: Env, violations: list[Violation], map_path) -> None:
        for spec in plan.run:
            for found in spec.check(subject, env):
                violations.append(
                    Violation(
                        spec.code,
                        spec.name,
                        self.severity.get(spec.code, spec.severity),
                        map_path(found.path),
                        one_line(found.message),
                        one_line(found.hint),
                        found.figures,
                    )
                )


def _full_entry_class() -> type:
    from ledger.entries import AccountingEntry

    return AccountingEntry


def _expand(subject: Any, context: Context):
    """The server-side expansion of a simplified input, or None when it is not available."""
    try:
        from ledger.books.expansion import expand
    except ImportError:  # the expansion arrives with the entry-rules work (issue 3)
        return None
    return expand(subject, context)


def _query_text(value: Any) -> Any:
    """The GraphQL query string of a request body (exempt from the string-length limit), or None."""
    return value.get("query") if isinstance(value, dict) else None


def _literal_targets(value: Any, targets: tuple[Target, ...]) -> Iterator[Target]:
    """The targets whose input was NOT reached by the walk over the parsed JSON (GraphQL literals).

    A variable's value, a bare input and the seeds' ``{"values": {...}}`` are the very objects of the
    document; anything else was built from the query text (or wraps a scalar argument): walk it too.
    """
    known = {id(value)}
    if isinstance(value, dict):
        known.update(id(v) for v in value.values())
        variables = value.get("variables")
        if isinstance(variables, dict):
            known.update(id(v) for v in variables.values())
    return (t for t in targets if id(t.value) not in known)
