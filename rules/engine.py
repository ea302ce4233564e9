"""The engine: run the registered rules over documents and produce reports.

Pipeline for one document::

    raw JSON value --Intake--> targets (operation + input value)
                   --Loader--> model object + shape problems  (FLD002–FLD007)
                   --rules --> findings                        (every other family)
                   --runner--> violations (code, name, severity in force, path in the user's input)

An :class:`Engine` is built from one :class:`EngineConfig` — context, select/ignore, severity
overrides, options, limits, the operation of bare inputs — (or from the same settings as keywords) and
owns a :class:`~rules.runner.Runner`, which compiles, per model class, the plan of rules to run and the
rules to skip for lack of reference data, and builds every violation. Checking a document is then a
loop over a precomputed tuple: no per-document schema work, no global state (two engines with
different settings coexist in one process). The audit and the FEC audit use the same runner for their
ledger-wide rules (:mod:`rules.audit`, :mod:`rules.fec_audit`).

The simplified create operations are checked on their EXPANSION into the full form (S22, S23) when
there is a context; the expansion maps every path back to the user's own lines.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from codegen.schema import build_schema
from ledger.books.expansion import Expansion, ProblemKind, expand
from ledger.context import Context
from ledger.entries import AccountingEntry
from ledger.io.limits import DEFAULT_LIMITS, Breach, Limits, first_breach
from ledger.io.loading import Fault, Loader, Mode
from ledger.io.requests import Intake, Target
from ledger.io.sources import RawDocument, RawText, document_from_text, parse_text
from ledger.operations import Operation, operation_named
from rules.env import Env, Options
from rules.families import default_registry
from rules.registry import Registry
from rules.runner import Runner
from rules.selection import Selection, parse_codes
from rules.violation import Finding, Severity, Violation, as_finding

FAULT_CODES = {
    Fault.MISSING: "FLD002",
    Fault.INVALID: "FLD003",
    Fault.ENUM: "FLD004",
    Fault.TOO_LONG: "FLD005",
    Fault.UNKNOWN: "FLD006",
    Fault.READ_ONLY: "FLD007",
}

#: The rule each kind of expansion problem is reported under (the rules' docstrings say why). The
#: expansion reports problems as data, as the loader reports faults: the codes are given here.
EXPANSION_CODES: dict[ProblemKind, str] = {
    ProblemKind.UNKNOWN_JOURNAL: "REF001",
    ProblemKind.UNKNOWN_ACCOUNT: "REF003",
    ProblemKind.NOT_A_THIRD_PARTY_ACCOUNT: "TPY003",
    ProblemKind.UNKNOWN_THIRD_PARTY: "TPY005",
    ProblemKind.LINES_MERGED: "INV008",
}


@attrs.frozen
class Report:
    """The result for one document (one element of the JSON report's ``results``)."""

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


def _severities(
    value: Mapping[str, str | Severity] | Iterable[tuple[str, str | Severity]] | None,
) -> tuple[tuple[str, Severity], ...]:
    """Re-gradings as ``((CODE, Severity), ...)``: a frozen value that pickles and compares."""
    items = value.items() if isinstance(value, Mapping) else (value or ())
    return tuple(
        (code.upper(), level if isinstance(level, Severity) else Severity.parse(level))
        for code, level in items
    )


def _operation_name(value: str | None) -> str | None:
    if value is not None:
        operation_named(value)  # the one validation of an operation name (ValueError)
    return value


@attrs.frozen
class EngineConfig:
    """Everything an :class:`Engine` is built from, as one frozen, picklable value.

    The CLI builds it once from the command line, ``check --jobs`` sends it to each worker, and each
    builds its engine from it (:meth:`Engine.from_config`): the settings travel as one value, never
    as unpacked keyword arguments that every hop would have to name again. Values are normalised and
    validated here (codes, severities, the operation name), so a bad setting fails where it is given.
    """

    #: The organisation's reference data; rules that need a key it lacks are skipped.
    context: Context | None = None
    select: tuple[str, ...] = attrs.field(default=(), converter=parse_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=parse_codes)
    #: Re-gradings, ``(("BAL001", Severity.WARNING), ...)``; a mapping is accepted and converted.
    severity: tuple[tuple[str, Severity], ...] = attrs.field(default=(), converter=_severities)
    options: Options = attrs.field(factory=Options)
    #: Per-document limits (ledger.io.limits): a document beyond one is FLD001, nothing else is checked.
    limits: Limits = DEFAULT_LIMITS
    #: The operation of bare inputs (a request body names its own); None when there is none.
    operation: str | None = attrs.field(default=None, converter=_operation_name)
    #: None for the shipped rules (a worker rebuilds the default registry instead of receiving it).
    registry: Registry | None = None


class Engine:
    """Checks documents. Build one per configuration and reuse it for a whole batch.

    ``Engine(context=…, select=…, …)`` and ``Engine.from_config(EngineConfig(…))`` build the same engine.
    """

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
        operation: str | None = None,
        config: EngineConfig | None = None,
    ):
        if config is None:
            config = EngineConfig(
                context=context,
                select=select or (),
                ignore=ignore or (),
                severity=severity,
                options=options or Options(),
                limits=limits or DEFAULT_LIMITS,
                operation=operation,
                registry=registry,
            )
        elif any(
            v is not None for v in (context, select, ignore, severity, options, registry, limits, operation)
        ):
            raise TypeError("pass either config= or the settings as keywords, not both")
        self.config = config
        self.registry = config.registry or default_registry()
        self.limits = config.limits
        self.context = config.context
        self.selection = Selection(config.select, config.ignore)
        self.selection.require_known(spec.code for spec in self.registry)
        self.options = config.options
        self.severity: dict[str, Severity] = {}
        for code, level in config.severity:
            if code not in self.registry:
                raise ValueError(f"cannot re-grade {code}: no such rule")
            self.severity[code] = level
        self.runner = Runner(self.registry, self.selection, self.severity, self.context)
        self._loader = Loader(limits=self.limits)
        # Documents are validated against the generated schema where it applies (ledger.io.requests).
        self._intake = Intake(schema=build_schema(), limits=self.limits)

    @classmethod
    def from_config(cls, config: EngineConfig) -> Engine:
        return cls(config=config)

    def with_context(self, context: Context | None) -> Engine:
        """This engine's settings with another organisation's reference data (or none).

        What does not depend on the context is shared, not built again: the loader's compiled plans,
        the intake (the schema, what each query text asks for), the registry and the selection; only
        the runner, whose plans do depend on it, is new. Building an engine compiles the loader's fast
        paths again (milliseconds); a caller whose context changes often — the fake server, after each
        invoice changes the open items — asks this instead."""
        other = copy.copy(self)
        other.config = attrs.evolve(self.config, context=context)
        other.context = context
        other.runner = Runner(self.registry, self.selection, self.severity, context)
        return other

    # -- checking -------------------------------------------------------------------------------

    def raw_document(self, document: Any, source: str = "<input>") -> RawDocument:
        """Any accepted document as a :class:`RawDocument`: a parsed JSON value, JSON text (str/bytes,
        parsed here under the engine's limits), a split line (:class:`RawText`) or a RawDocument."""
        if isinstance(document, RawDocument):
            return document
        if type(document) is RawText:
            return parse_text(document, self.limits)
        if isinstance(document, (str, bytes)):
            return document_from_text(source, document, self.limits)
        return RawDocument(source, document)

    def check(
        self,
        document: Any,
        *,
        operation: str | None = None,
        source: str = "<input>",
        index: int = 0,
    ) -> Report:
        """Check one document: a parsed JSON value, or JSON text (str/bytes)."""
        return self._check_raw(self.raw_document(document, source), operation, index)

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
        if operation is None:
            operation = self.config.operation
        if raw.error is not None:
            hint = raw.breach.hint if raw.breach is not None else None
            return self._invalid_document(raw.source, index, raw.error, hint, operation)
        breach = None if raw.screened else first_breach(raw.value, self.limits, exempt=_query_text(raw.value))
        if breach is not None:
            return self._refused(raw.source, index, breach, operation)
        resolution = self._intake.resolve(raw.value, operation)
        if resolution.breach is not None:
            return self._refused(raw.source, index, resolution.breach, operation)
        if resolution.error is not None:
            return self._invalid_document(raw.source, index, resolution.error, resolution.hint, operation)
        for target in _literal_targets(raw.value, resolution.targets):
            # Inputs written as GraphQL literals inside the query text were not part of the walk above.
            breach = first_breach(target.value, self.limits)
            if breach is not None:
                return self._refused(raw.source, index, breach, operation)
        violations: list[Violation] = []
        skipped: list[str] = []
        # A variable several root fields use is ONE value: it is checked once, under the first field's
        # prefix, and its findings repeated under each other field's (work bounded by the document's
        # size, not by size x aliases). Keyed by identity: every use of `$v` is the same object.
        checked: dict[tuple[int, str], tuple[str, int, int]] = {}
        for target in resolution.targets:
            key = (id(target.value), target.operation.name)
            first = checked.get(key)
            if first is None:
                start = len(violations)
                self._check_target(target, violations, skipped)
                checked[key] = (target.path, start, len(violations))
                continue
            path, start, end = first
            for violation in violations[start:end]:  # every path of the first use starts with its prefix
                violations.append(attrs.evolve(violation, path=target.path + violation.path[len(path) :]))
        names = ",".join(t.operation.name for t in resolution.targets) or operation
        return Report(index, raw.source, names, tuple(violations), tuple(dict.fromkeys(skipped)))

    def _invalid_document(
        self, source: str, index: int, message: str, hint: str | None, operation: str | None
    ) -> Report:
        violations: list[Violation] = []
        self.runner.report("FLD001", Finding("", message, hint), violations)
        return Report(index, source, operation, tuple(violations))

    def _refused(self, source: str, index: int, breach: Breach, operation: str | None) -> Report:
        """The report of a document beyond a limit: FLD001 with the breach's message and hint."""
        return self._invalid_document(source, index, breach.message, breach.hint, operation)

    def check_value(self, value: Any, operation: Operation, *, mode: Mode = "create") -> Report:
        """Check an input value (a dict) as ``operation``; used by ``audit`` with mode="read"."""
        violations: list[Violation] = []
        skipped: list[str] = []
        breach = first_breach(value, self.limits)
        if breach is not None:
            return self._refused("<value>", 0, breach, operation.name)
        self._check_target(Target(operation, value), violations, skipped, mode=mode)
        return Report(0, "<value>", operation.name, tuple(violations), tuple(dict.fromkeys(skipped)))

    def _check_target(
        self, target: Target, violations: list[Violation], skipped: list[str], *, mode: Mode = "create"
    ) -> None:
        op = target.operation
        # FLD001 is checked: the loader may take its fast path.
        loaded = self._loader.load(op.model, target.value, mode=mode, bounded=True)
        self.report_problems(loaded.problems, violations, prefix=target.path)
        if loaded.model is None:
            return
        faulted = frozenset(p.path for p in loaded.problems) if loaded.problems else frozenset()
        env = Env(op, self.context, self.options, mode, faulted)
        self.run_rules(loaded.model, env, violations, skipped, prefix=target.path)

    def report_problems(
        self, problems: Iterable[Any], violations: list[Violation], *, prefix: str = ""
    ) -> None:
        """The loader's shape problems as their FLD violations (FLD002–FLD007)."""
        for problem in problems:
            found = Finding(prefix + problem.path, problem.message, problem.hint)
            self.runner.report(FAULT_CODES[problem.fault], found, violations)

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
        simplified = op is not None and op.simplified
        if simplified and self.context is not None:
            expansion = expand(subject, self.context)
            if expansion is not None:
                self._run_expansion(subject, expansion, env, violations, skipped, prefix)
                return
        runner = self.runner
        plan = runner.plan(type(subject), with_context=not simplified)
        skipped.extend(plan.skipped)
        if simplified:
            # Without a context the expansion cannot be built: the entry rules that need it are skipped.
            skipped.extend(runner.plan(AccountingEntry, with_context=False).skipped)
        runner.apply(plan, subject, env, violations, lambda path: prefix + path)

    def _run_expansion(
        self,
        subject: Any,
        expansion: Expansion,
        env: Env,
        violations: list[Violation],
        skipped: list[str],
        prefix: str,
    ) -> None:
        runner = self.runner
        own = runner.plan(type(subject))
        skipped.extend(own.skipped)
        # Rules that also target the full entry run on the expansion instead (once, not twice).
        runner.apply(own.without(AccountingEntry), subject, env, violations, lambda path: prefix + path)
        for problem in expansion.problems:
            runner.report(EXPANSION_CODES[problem.kind], as_finding(problem, prefix), violations)
        plan = runner.plan(AccountingEntry)
        skipped.extend(plan.skipped)
        start = len(violations)
        runner.apply(plan, expansion.entry, env, violations, lambda path: prefix + expansion.map_path(path))
        # The expansion copies a user's value into several places (a line amount becomes the invoice
        # amount too); mapped back, they are one field of the user's input: report it once.
        violations[start:] = dict.fromkeys(violations[start:])


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
