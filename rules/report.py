"""Writing reports: text for people, JSON for tools, JSON Lines for pipelines.

Writers receive :class:`~rules.engine.Report` objects one at a time, in input order, and every form
streams: the text and the JSON form write each result as it comes, the JSON Lines form also flushes it
(a pipeline sees each result as soon as it is known), and the JSON form's summary comes after its
``results`` so that nothing is held back (memory stays flat). The summary is accumulated by
:class:`Summary` and is the same for all three.

Each writer's ``render(report)`` is a pure function from a report to the text it contributes, and
``write_rendered(text)`` takes that text: ``check --jobs N`` renders in the worker processes (with the
very same function) and the parent only writes the texts in input order and merges the summaries, so the
output is the same bytes whatever the number of processes.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any, Protocol

from rules.engine import Report
from rules.violation import Severity

REPORT_VERSION = 1


class Summary:
    """Running totals over a batch (the JSON report's ``summary``)."""

    def __init__(self) -> None:
        self.documents = 0
        self.valid = 0
        self.errors = 0
        self.warnings = 0
        self.infos = 0
        self.skipped: dict[str, None] = {}

    def add(self, report: Report) -> None:
        self.documents += 1
        self.valid += report.valid
        for violation in report.violations:
            if violation.severity is Severity.ERROR:
                self.errors += 1
            elif violation.severity is Severity.WARNING:
                self.warnings += 1
            else:
                self.infos += 1
        for code in report.skipped_rules:
            self.skipped.setdefault(code, None)

    def merge(self, other: Summary) -> None:
        """Add the totals of another summary (of the documents that follow this one's)."""
        self.documents += other.documents
        self.valid += other.valid
        self.errors += other.errors
        self.warnings += other.warnings
        self.infos += other.infos
        for code in other.skipped:
            self.skipped.setdefault(code, None)

    @property
    def invalid(self) -> int:
        return self.documents - self.valid

    def exit_status(self, strict: bool) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "warnings": self.warnings,
            "skipped_rules": sorted(self.skipped),
        }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class ReportWriter(Protocol):
    """What every ``--format`` writer does: render one report (in a worker too), write reports or
    rendered texts in input order, and close with the summary."""

    def __init__(self, out: IO[str]) -> None: ...

    @staticmethod
    def render(report: Report) -> str: ...

    def write(self, report: Report) -> None: ...

    def write_rendered(self, text: str) -> None: ...

    def close(self, summary: Summary) -> None: ...


class TextWriter:
    """``SOURCE: CODE [severity] path: message`` then an indented hint line; a summary at the end."""

    def __init__(self, out: IO[str]):
        self.out = out

    @staticmethod
    def render(report: Report) -> str:
        lines = []
        for v in report.violations:
            where = v.path or "(document)"
            lines.append(f"{report.source}: {v.code} [{v.severity.value}] {where}: {v.message}\n")
            if v.hint:
                lines.append(f"    hint: {v.hint}\n")
        return "".join(lines)

    def write(self, report: Report) -> None:
        self.write_rendered(self.render(report))

    def write_rendered(self, text: str) -> None:
        if text:
            self.out.write(text)

    def close(self, summary: Summary) -> None:
        line = (
            f"{_plural(summary.documents, 'document')} checked: {summary.valid} valid, "
            f"{summary.invalid} invalid; {_plural(summary.errors, 'error')}, "
            f"{_plural(summary.warnings, 'warning')}"
        )
        if summary.infos:
            line += f", {_plural(summary.infos, 'note')}"
        self.out.write(line + ".\n")
        if summary.skipped:
            self.out.write(
                f"Skipped for lack of reference data ({len(summary.skipped)}): "
                + ", ".join(sorted(summary.skipped))
                + " (pass --context FILE with the keys they need; see `ledger-rules explain CODE`).\n"
            )


def _result_text(result: dict[str, Any]) -> str:
    # One element of "results" exactly as json.dump(..., indent=2) writes it inside the report object:
    # at nesting level 2, so every line after the first is indented by 4 more spaces. JSON strings hold
    # no raw newline (json escapes it), so every newline of the text is structural.
    return json.dumps(result, ensure_ascii=False, indent=2).replace("\n", "\n    ")


class JsonWriter:
    """One JSON object: ``{"version", "results", "summary"}``, written as it goes.

    The text is what ``json.dump(report_object, out, ensure_ascii=False, indent=2)`` writes (a test
    holds it to that), but it is written a result at a time: the head and each element of
    ``results`` as soon as it is known, the summary (and any :meth:`tail` keys) when the writer is
    closed. Nothing is kept, so memory stays flat however many documents; that is why the summary
    comes last. Each result is rendered on its own (:meth:`render`), so that worker processes can
    render them.
    """

    def __init__(self, out: IO[str]):
        self.out = out
        self.started = False  # the head is written with the first result, or at the end
        self.count = 0  # results written so far

    @staticmethod
    def render(report: Report) -> str:
        return _result_text(report.to_dict())

    def write(self, report: Report) -> None:
        self.write_rendered(self.render(report))

    def write_rendered(self, text: str) -> None:
        self._head()
        self.out.write(",\n    " if self.count else "\n    ")
        self.out.write(text)
        self.count += 1

    def tail(self, summary: Summary) -> dict[str, Any]:
        """The keys written after ``results``, in order."""
        return {"summary": summary.to_dict()}

    def close(self, summary: Summary) -> None:
        self._head()
        self.out.write("\n  ]" if self.count else "]")
        for key, value in self.tail(summary).items():
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            self.out.write(f",\n  {json.dumps(key)}: {text}")
        self.out.write("\n}\n")

    def _head(self) -> None:
        if not self.started:
            self.started = True
            self.out.write(f'{{\n  "version": {REPORT_VERSION},\n  "results": [')


class JsonLinesWriter:
    """One ``results`` element per line, written and flushed as soon as it is known (a pipeline
    reading the output sees each result while the input is still being read)."""

    def __init__(self, out: IO[str]):
        self.out = out

    @staticmethod
    def render(report: Report) -> str:
        return json.dumps(report.to_dict(), ensure_ascii=False) + "\n"

    def write(self, report: Report) -> None:
        self.write_rendered(self.render(report))

    def write_rendered(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def close(self, summary: Summary) -> None:
        pass


WRITERS: dict[str, type[ReportWriter]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "jsonl": JsonLinesWriter,
}


class Progress:
    """A one-line counter on standard error, only when it is a terminal and the run is long."""

    def __init__(self, stream: IO[str] | None = None, *, enabled: bool | None = None, every: float = 0.25):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.every = every
        self.count = 0
        self.started = time.monotonic()
        self.last = self.started
        self.shown = False

    def tick(self) -> None:
        self.count += 1
        if not self.enabled or self.count % 256:
            return
        now = time.monotonic()
        if now - self.last >= self.every and now - self.started >= 1.0:
            rate = self.count / (now - self.started)
            self.stream.write(f"\rchecked {self.count:,} documents ({rate:,.0f}/s)")
            self.stream.flush()
            self.last = now
            self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
