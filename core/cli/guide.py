"""A guided session: each item's cues, a countdown for every hold, a bar for the whole session.

The guide walks a :class:`~lowback.models.Routine` through the same time model
as its estimate (:mod:`lowback.pipeline.dosing`): getting into position, then
each set (each side in turn, each part in turn), with a rest between sets, so
that the bar reaches 100% exactly at the end. Reps are counted at the model's
pace. Keys: Enter ends the current countdown, ``s`` skips the rest of the
item, ``p`` (or space) pauses and resumes, ``q`` ends the session.
:class:`Stopped` (raised by the caller's signal handlers) or Ctrl-C ends it too:
what was done so far is the outcome, and the bar stays where it stopped.

Time and keys come in through :class:`Keys`: :class:`TerminalKeys` reads a
real terminal, :class:`NoKeys` only waits; tests pass their own. ``speed``
divides every wait (a 60 s hold at speed 100 takes 0.6 s), so a test under a
pseudo-terminal sees the countdown and the bar and still runs in seconds.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Literal, Protocol, TextIO

from ..models import Routine, RoutineItem
from ..pipeline.dosing import REST_BETWEEN_SETS, SECONDS_PER_REP, SETUP_SECONDS
from ..render.phrases import clock, describe_dose
from ..render.safe_text import inert

SPEED_ENV = "LOWBACK_SESSION_SPEED"
BAR_WIDTH = 20
KEYS_HELP = "Keys: Enter next, s skip item, p pause, q end session."


class Keys(Protocol):
    """Where the guide's time passes and its keys come from."""

    def poll(self, seconds: float) -> str | None:
        """Wait up to ``seconds`` (real time); return a key pressed meanwhile, or None."""

    def wait(self) -> str | None:
        """Wait for a key with no time limit (while paused); None when none can come."""


class NoKeys:
    """No keyboard: time passes (through ``sleep``), no key ever comes."""

    def __init__(self, sleep: object = None) -> None:
        self._sleep = sleep if callable(sleep) else time.sleep

    def poll(self, seconds: float) -> str | None:
        """Sleep ``seconds``; no key."""
        if seconds > 0:
            self._sleep(seconds)
        return None

    def wait(self) -> str | None:
        """No key can come: None at once."""
        return None


class TerminalKeys:
    """Single key presses from a terminal on ``fd``, without echo (POSIX terminals only).

    Use :meth:`active` around the session: it puts the terminal in cbreak mode
    and always puts it back.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @contextmanager
    def active(self) -> Iterator[TerminalKeys]:
        """The terminal in cbreak mode (no line buffering, no echo) for the duration."""
        import termios
        import tty

        saved = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)
            yield self
        finally:
            # A terminal hung up (SIGHUP) cannot be set any more: nothing to restore.
            with suppress(termios.error, OSError):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)

    def _read(self) -> str | None:
        data = os.read(self.fd, 1)
        return data.decode("utf-8", "replace") if data else None

    def poll(self, seconds: float) -> str | None:
        """A key pressed within ``seconds``, or None when the time passed without one."""
        import select

        ready, _, _ = select.select([self.fd], [], [], max(0.0, seconds))
        return self._read() if ready else None

    def wait(self) -> str | None:
        """The next key, however long it takes."""
        import select

        select.select([self.fd], [], [])
        return self._read()


def terminal_keys(stream: TextIO) -> TerminalKeys | None:
    """Keys from ``stream`` when it is a POSIX terminal, else None."""
    try:
        import termios  # noqa: F401
    except ImportError:  # Windows: no key controls, the session runs through
        return None
    try:
        return TerminalKeys(stream.fileno()) if stream.isatty() else None
    except (AttributeError, OSError, ValueError):
        return None


PhaseKind = Literal["setup", "work", "rest"]


@dataclass(frozen=True, slots=True)
class Phase:
    """One countdown of an item: getting into position, a bout of work, or a rest."""

    kind: PhaseKind
    label: str
    seconds: int
    reps: int | None = None
    side: str | None = None
    """``left side`` or ``right side`` for a bout of a per-side item, else None."""


def phases(item: RoutineItem) -> tuple[Phase, ...]:
    """The item's countdowns, in order; their seconds add up to the item's estimate."""
    dose = item.dose
    out = [Phase("setup", "Get into position", SETUP_SECONDS)]
    sides: tuple[str | None, ...] = ("left side", "right side") if dose.per_side else (None,)
    # Segments are plugin text: inert, as every piece of it the guide prints.
    parts: tuple[str | None, ...] = tuple(inert(p, one_line=True) for p in dose.segments) or (None,)
    if dose.reps is not None:
        bout = dose.reps * SECONDS_PER_REP
    else:
        bout = dose.hold_s or dose.duration_s or 0
    verb = "roll" if dose.duration_s is not None else "hold"
    for n in range(dose.sets):
        if n:
            out.append(Phase("rest", "Rest", REST_BETWEEN_SETS))
        for side in sides:
            for part in parts:
                bits = [f"Set {n + 1} of {dose.sets}"] if dose.sets > 1 else []
                bits += [b for b in (side, part) if b]
                label = ", ".join(bits) or ("Reps" if dose.reps is not None else verb.title())
                out.append(Phase("work", label[0].upper() + label[1:], bout, dose.reps, side))
    return tuple(out)


@dataclass
class Outcome:
    """What happened: the exercises done and skipped, and whether the session was ended early."""

    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ended_early: bool = False
    stopped: int | None = None
    """The signal number that stopped the session (Ctrl-C is SIGINT), or None."""


class Stopped(BaseException):
    """The session was stopped from outside (a signal): raised by a handler, caught by the guide.

    A ``BaseException``, as KeyboardInterrupt is, so that no ``except Exception``
    on the way swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Skip(Exception):
    pass


class _Quit(Exception):
    pass


class Guide:
    """Runs a routine in the terminal.

    ``out`` is where it writes; ``live`` redraws one status line in place (for a
    terminal) instead of writing a line per countdown; ``speed`` divides every wait;
    ``bell`` rings the terminal bell (``\\a``) at the start of each bout of work
    (each hold, roll or set of reps, so at each side switch too) and at the end
    of each item done.
    """

    def __init__(
        self,
        routine: Routine,
        out: TextIO,
        keys: Keys,
        *,
        speed: float = 1.0,
        live: bool,
        bell: bool = False,
    ) -> None:
        if not speed > 0:
            raise ValueError("speed must be above 0")
        self.routine = routine
        self.out = out
        self.keys = keys
        self.speed = speed
        self.live = live
        self.bell = bell
        self.total = max(1, sum(sum(p.seconds for p in phases(i)) for i in routine.items))
        self.elapsed = 0

    # -- drawing ---------------------------------------------------------------

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def bar(self) -> str:
        """``[#####---------------]  25%``: the whole session's progress."""
        share = min(1.0, self.elapsed / self.total)
        filled = round(share * BAR_WIDTH)
        return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {math.floor(share * 100):>3}%"

    def _status(self, phase: Phase, left: int) -> str:
        if phase.kind == "work" and phase.reps is not None:
            rep = min(phase.reps, phase.reps - math.ceil(left / SECONDS_PER_REP) + 1)
            count = f"rep {max(rep, 1)} of {phase.reps}"
        else:
            count = f"{left} s left"
        return f"  {phase.label}: {count}  {self.bar()}"

    def _line(self, text: str) -> None:
        if self.live:
            self._write(f"\r{text}\x1b[K")

    # -- running ---------------------------------------------------------------

    def _key(self, key: str | None, phase: Phase) -> bool:
        """Act on a key; True when the countdown should end now."""
        if key is None:
            return False
        if key in ("\n", "\r"):
            return True
        if key in ("s", "S"):
            raise _Skip
        if key in ("q", "Q"):
            raise _Quit
        if key in ("p", "P", " "):
            self._write(("\n" if self.live else "") + "  Paused: press p to go on.\n")
            while True:
                nxt = self.keys.wait()
                if nxt is None or nxt in ("p", "P", " "):
                    break
                if nxt in ("q", "Q"):
                    raise _Quit
                if nxt in ("s", "S"):
                    raise _Skip
            self._write("  Going on.\n")
        return False

    def _countdown(self, phase: Phase) -> None:
        if not self.live:
            what = f"{phase.reps} reps" if phase.reps is not None else f"{phase.seconds} s"
            self._write(f"  {phase.label}: {what}\n")
        left = phase.seconds
        # A skip, a quit or a stop leaves the clock where it was: run() decides.
        while left > 0:
            self._line(self._status(phase, left))
            key = self.keys.poll(1.0 / self.speed)
            left -= 1
            self.elapsed += 1
            if self._key(key, phase):
                break
        self.elapsed += max(0, left)
        self._line(f"  {phase.label}: done  {self.bar()}")
        if self.live:
            self._write("\n")

    def run(self) -> Outcome:
        """Guide every item in turn; returns what was done and skipped.

        Quitting (``q``), Ctrl-C or :class:`Stopped` ends it there: the item under
        way is not done, and the bar shows how far the session really got.
        """
        outcome = Outcome()
        items = self.routine.items
        self._write(
            f"Guided session: {len(items)} item{'s' if len(items) != 1 else ''}, "
            f"about {clock(self.routine.total_seconds)}.\n"
        )
        if not isinstance(self.keys, NoKeys):
            self._write(KEYS_HELP + "\n")
        for n, item in enumerate(items, start=1):
            if outcome.ended_early:
                outcome.skipped.append(item.exercise)
                continue
            self._item(n, item, outcome)
        if outcome.stopped is not None:
            word = "stopped"
        else:
            word = "ended" if outcome.ended_early else "complete"
        with suppress(OSError, ValueError):  # a hung-up terminal: the outcome still counts
            self._write(f"Session {word}  {self.bar()}\n")
        return outcome

    def _item(self, n: int, item: RoutineItem, outcome: Outcome) -> None:
        """Guide one item; record it as done or skipped, or end the session early."""
        item_phases = phases(item)
        start = self.elapsed
        try:
            self._write(self._header(n, item))
            side: str | None = None
            for phase in item_phases:
                if phase.kind == "work":
                    self._start_work(phase, side)
                    side = phase.side
                self._countdown(phase)
            outcome.done.append(item.exercise)
            self._ring()  # the end of the item
        except _Skip:
            name = inert(item.name, one_line=True)
            self._write(("\n" if self.live else "") + f"  Skipped {name}.\n")
            outcome.skipped.append(item.exercise)
        except (_Quit, Stopped, KeyboardInterrupt) as exc:
            outcome.skipped.append(item.exercise)
            outcome.ended_early = True
            if isinstance(exc, _Quit):
                self._write(("\n" if self.live else "") + "  Ending the session here.\n")
            else:
                outcome.stopped = exc.signum if isinstance(exc, Stopped) else int(signal.SIGINT)
                with suppress(OSError, ValueError):
                    self._write("\n" if self.live else "")
            return  # the bar stays where the session ended
        self.elapsed = start + sum(p.seconds for p in item_phases)
        if not self.live:
            self._write(f"  Session so far {self.bar()}\n")

    def _ring(self) -> None:
        if self.bell:
            self._write("\a")

    def _start_work(self, phase: Phase, side: str | None) -> None:
        """A bout of work begins: say a side switch, and ring."""
        if side is not None and phase.side != side:
            self._write("  Switch sides\n")
        self._ring()

    def _header(self, n: int, item: RoutineItem) -> str:
        """The item's name, rung, dose and cues: plugin text, each made inert on one line."""
        variation = f" ({item.variation.name})" if item.variation.of > 1 else ""
        lines = [
            f"[{n}/{len(self.routine.items)}] {item.name}{variation}",
            f"  {describe_dose(item.dose)}",
            *(f"  - {cue}" for cue in item.cues),
        ]
        return "\n" + "\n".join(inert(line, one_line=True) for line in lines) + "\n"


def speed_from_env() -> float | None:
    """``LOWBACK_SESSION_SPEED`` as a number above 0, None when unset; ValueError when bad,
    its message the whole line to show (the variable, its value, what is valid)."""
    raw = os.environ.get(SPEED_ENV, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(
            f"{SPEED_ENV} is {raw!r}, which is not a number above 0 (e.g. 1, or 10 for ten "
            "times faster); set it to one or unset it"
        )
    return value


def stdin_is_terminal() -> bool:
    """Whether standard input is a terminal (a person who can answer)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
