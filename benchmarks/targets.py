"""Issue 7's targets, judged on the figures of the same run."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024

VERSION_HELP_MAX_RATIO = 5.0
RECOMMEND_MAX_RATIO = 10.0
PEAK_RSS_MAX_BYTES = 40 * MIB
WARM_MAX_SECONDS = 500e-6
WARM_MAX_RATIO = 10.0
GROWTH_MAX = 12.0
LARGEST_RECOMMEND_MAX_SECONDS = 0.050


@dataclass(frozen=True, slots=True)
class Verdict:
    """One target: what it asks, what was measured, and whether it is met.

    ``met`` is None when this run cannot judge it: not measured (``--quick``),
    or measured against a baseline that flatters it (an editable install).
    """

    target: str
    measured: str
    met: bool | None
    floor: str = ""
    """What the stack alone costs by the same measure, when that bounds the target."""

    def line(self) -> str:
        """The verdict as report lines: one, and a second for the floor, if any."""
        mark = {True: "met", False: "NOT MET", None: "not judged"}[self.met]
        first = f"  [{mark:^12}] {self.target}: {self.measured}"
        return f"{first}\n{'':17}floor: {self.floor}" if self.floor else first


def at_most(target: str, value: float | None, limit: float, shown: str) -> Verdict:
    """A verdict that ``value`` is at most ``limit`` (``None``: not measured, not judged)."""
    if value is None:
        return Verdict(target, shown, None)
    return Verdict(target, shown, value <= limit)


def all_of(target: str, parts: list[tuple[str, bool]], unjudged: str | None = None) -> Verdict:
    """A verdict met when every labelled part is; not judged when ``unjudged`` says why."""
    shown = "; ".join(f"{label} {'yes' if ok else 'NO'}" for label, ok in parts)
    if unjudged:
        return Verdict(target, f"{shown} ({unjudged})", None)
    return Verdict(target, shown, all(ok for _, ok in parts))
