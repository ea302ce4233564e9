"""The rule runner: which rules run, which are skipped, and how a finding becomes a :class:`Violation`.

Every scope goes through this one module — ``check``'s documents (the rules targeting a model class),
the audit's ledger of API entries (scope ``"ledger"``) and each FEC file (scope ``"fec"``):

* **the plan.** :meth:`Runner.plan` decides, once per subject kind and then from a cache, the rules
  that run (selected, and every context key they need is given) and the codes skipped for lack of
  reference data. A subject kind is a model class (the document rules targeting it) or a scope name.
  A rule bound to legislations (:attr:`rules.registry.Rule.legislations`, e.g. REF007 and REF008,
  German only) that the organisation's ``legislationCode`` rules out is NOT APPLICABLE: it is neither
  run nor listed as skipped — "skipped" means "more reference data would let it run", and no data
  makes a German rule apply to a French organisation. Without a legislation in the context it is
  skipped like any rule that lacks data (it needs ``organization.legislationCode``).
* **the violation.** :meth:`Runner.violation` is the ONE place a :class:`Violation` is built: the
  rule's code and name, the severity in force (a user's re-grading wins), the message and hint on one
  line each (a report line is one line, whatever a rule or a parser wrote), and the path where the
  user will look for it.
* **the entries of a ledger.** A ledger-wide rule reports ``entries[N].…`` paths
  (:mod:`ledger.paths`); :meth:`Runner.run_over_entries` splits them into the entry the finding belongs
  to and the path inside it, the same way for the LET rules and the FEC rules.

It lives apart from :mod:`rules.engine` because the engine is about DOCUMENTS (intake, limits,
loading, the expansion of simplified inputs) while the runner is about RULES, and the audit and the
FEC audit need the second without the first. A runner holds its configuration and its plan cache and
nothing global: two runners with different settings coexist in one process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

import attrs

from ledger.context import Context
from ledger.io.loading import one_line
from ledger.paths import split_entry_path
from rules.registry import Registry, Rule, Scope
from rules.selection import Selection
from rules.violation import Finding, Severity, Violation

#: What a plan is made for: a model class (the document rules targeting it) or a ledger-wide scope.
PlanKey = type | Scope


@attrs.frozen
class Plan:
    """The rules to run on one kind of subject, in code order, and the codes skipped for lack of context."""

    run: tuple[Rule, ...]
    skipped: tuple[str, ...]

    def without(self, target: type) -> Plan:
        """This plan minus the rules that also target ``target`` (they run on that subject instead)."""
        return Plan(tuple(r for r in self.run if target not in r.targets), ())


def _same_path(path: str) -> str:
    return path


class Runner:
    """Plans, runs and reports the rules of one configuration (registry, selection, severities, context)."""

    def __init__(
        self,
        registry: Registry,
        selection: Selection,
        severity: Mapping[str, Severity],
        context: Context | None,
    ):
        self.registry = registry
        self.selection = selection
        self.severity = dict(severity)
        self.context = context
        self._plans: dict[tuple[PlanKey, bool], Plan] = {}

    # -- which rules run ------------------------------------------------------------------------

    def plan(self, subject: PlanKey, *, with_context: bool = True) -> Plan:
        """The plan for a model class or a scope (``"ledger"``, ``"fec"``), computed once.

        ``with_context=False`` plans as if there were no context: every rule that needs one is skipped
        (a simplified input checked without its expansion)."""
        key = (subject, with_context)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._work_out(self._candidates(subject), with_context)
        return plan

    def _candidates(self, subject: PlanKey) -> Iterable[Rule]:
        if isinstance(subject, type):
            return self.registry.for_target(subject)
        return self.registry.in_scope(subject)

    def _work_out(self, candidates: Iterable[Rule], with_context: bool) -> Plan:
        run, skipped = [], []
        context = self.context if with_context else None
        # The organisation's legislation rules a rule out whether or not this subject may use the
        # context (a simplified input without its expansion is still that organisation's).
        legislation = self.context.legislation_code if self.context is not None else None
        for spec in candidates:
            if not self.selection.enabled(spec.code):
                continue
            if spec.legislations and legislation is not None and legislation not in spec.legislations:
                continue  # not applicable to this organisation: not run, and not "skipped"
            if spec.needs and (context is None or not all(context.has(k) for k in spec.needs)):
                skipped.append(spec.code)
            else:
                run.append(spec)
        return Plan(tuple(run), tuple(skipped))

    # -- what they report -----------------------------------------------------------------------

    def violation(self, spec: Rule, found: Finding, path: str | None = None) -> Violation:
        """THE violation of ``spec`` for ``found`` (at ``path``, by default the finding's own)."""
        return Violation(
            spec.code,
            spec.name,
            self.severity.get(spec.code, spec.severity),
            found.path if path is None else path,
            cast(str, one_line(found.message)),  # a str stays a str; only None stays None
            one_line(found.hint),
            found.figures,
        )

    def report(self, code: str, found: Finding, violations: list[Violation]) -> None:
        """Add the violation of rule ``code`` for a finding made outside a rule function (the reader,
        the loader, the intake: FLD codes; the expansion of a simplified input), unless the rule is not
        selected."""
        if self.selection.enabled(code):
            violations.append(self.violation(self.registry.get(code), found))

    # -- running --------------------------------------------------------------------------------

    def apply(
        self,
        plan: Plan,
        subject: Any,
        env: Any,
        violations: list[Violation],
        map_path: Callable[[str], str] = _same_path,
    ) -> None:
        """Run the plan's rules on ``subject``; ``map_path`` takes a finding's path to the user's input."""
        for spec in plan.run:
            assert spec.check is not None  # planned rules have one (Registry.for_target / in_scope)
            for found in spec.check(subject, env):
                violations.append(self.violation(spec, found, map_path(found.path)))

    def run_over_entries(
        self, scope: Scope, subject: Any, env: Any, count: int
    ) -> tuple[list[tuple[int, Violation]], tuple[str, ...]]:
        """Run the rules of a ledger-wide ``scope`` on ``subject``, a ledger of ``count`` entries.

        Returns ``(entry index, violation)`` for each finding — the path relative to that entry; a
        finding that names no entry (or one beyond the ledger) goes to entry 0 with its whole path —
        and the codes skipped for lack of context. A ledger without entries has no report to attach
        a finding to: its rules are not run."""
        plan = self.plan(scope)
        found: list[tuple[int, Violation]] = []
        if count:
            for spec in plan.run:
                assert spec.check is not None
                for finding in spec.check(subject, env):
                    index, path = split_entry_path(finding.path)
                    if index is None or index >= count:
                        index, path = 0, finding.path
                    found.append((index, self.violation(spec, finding, path)))
        return found, plan.skipped


__all__ = ["Plan", "PlanKey", "Runner"]
