"""The guard around plugin code: a time limit, and the user's Ctrl-C told from a plugin's.

A plugin runs in lowback's own process, so one that never returns (a loop at
import, in a hook, in a rule's ``decide`` or ``review``) would hang every
command. While an engine loads its plugins or asks its rules, it holds
:func:`watching`, which takes SIGALRM and SIGINT; each call into a plugin runs
under :class:`limited`, which times it against ``LOWBACK_PLUGIN_TIMEOUT``
seconds (:data:`DEFAULT_LIMIT` unless set; 0 turns the limit off). When the
time is up, the plugin's code is interrupted by :class:`TimeUp`, a
``BaseException`` so that a plugin's ``except Exception`` lets it through (and
raised again at each tick of the timer if the plugin catches it all the same),
and the call ends in :class:`TimedOut`, which the caller reports naming the
plugin.

The same handlers tell the user's Ctrl-C from a plugin raising
``KeyboardInterrupt`` itself: a SIGINT during a call always ends it in
:class:`Interrupted` (a ``KeyboardInterrupt``), whatever the plugin did with
it; a ``KeyboardInterrupt`` without one is the plugin's, a fault like any other.

Signals belong to the main thread, and the timer to POSIX: in another thread,
on Windows, or when the program has a SIGALRM handler of its own (one
embedding lowback, or a test runner's timeout), plugin calls run with no time
limit. When SIGINT has a handler other than Python's default (an embedder's),
any ``KeyboardInterrupt`` in the main thread is taken as the user's; when SIGINT is
ignored (a program started in the background or under ``nohup``), Ctrl-C cannot
reach lowback, so a ``KeyboardInterrupt`` is the plugin's. A plugin stuck
inside C code that never returns to Python cannot be interrupted either.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType

from .errors import LowbackError

LIMIT_ENV = "LOWBACK_PLUGIN_TIMEOUT"
DEFAULT_LIMIT = 10.0
"""Seconds a plugin's import, hook call or rule call may take (ours: generous for
what a plugin should do, short enough that a hang is noticed)."""
MAX_LIMIT = 86_400.0
"""The largest limit taken (a day); 0 is the way to have none."""


class TimedOut(Exception):
    """A call into a plugin did not return within the limit."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"was stopped after {seconds:g} s, the time limit for a plugin "
            f"({LIMIT_ENV}=SECONDS raises it; 0 turns it off)"
        )


class Interrupted(KeyboardInterrupt):
    """The user pressed Ctrl-C while a plugin's code ran: never a plugin fault."""


class TimeUp(BaseException):
    """Raised inside a plugin's code when its time is up (not an ``Exception``, so
    a plugin's ``except Exception`` does not stop it)."""


def time_limit() -> float:
    """The limit in seconds from ``LOWBACK_PLUGIN_TIMEOUT`` (0: none); a value that is
    not a number of seconds from 0 to :data:`MAX_LIMIT` is a :class:`LowbackError`."""
    raw = os.environ.get(LIMIT_ENV, "").strip()
    if not raw:
        return DEFAULT_LIMIT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= MAX_LIMIT:  # NaN fails this too
        raise LowbackError(
            f"{LIMIT_ENV}={raw!r} is not a time limit: give seconds from 0 (no limit) "
            f"to {MAX_LIMIT:g}, e.g. {LIMIT_ENV}=30"
        )
    return seconds


TICKS = 4
"""The timer ticks this many times per limit while a watch is on: a call is
stopped between the limit and a quarter more (ours: one timer per watch, not a
system call per plugin call, keeps a recommendation's cost down)."""


class _Watch:
    """The main thread's state while :func:`watching`: read by the signal handlers."""

    __slots__ = ("fired", "in_call", "interrupts", "seconds", "started", "timed", "unsure")

    def __init__(self, seconds: float, *, timed: bool, unsure: bool) -> None:
        self.seconds = seconds
        self.timed = timed  # SIGALRM is ours: calls have a time limit
        self.unsure = unsure  # SIGINT is someone else's: a KeyboardInterrupt may be Ctrl-C
        self.in_call = False
        self.started = 0.0
        self.fired = False
        self.interrupts = 0


_watch: _Watch | None = None
"""Set and cleared by the main thread only: signals are process-wide, so this is too."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    watch = _watch
    # Each tick after the limit raises again, should the plugin catch TimeUp.
    if watch is not None and watch.in_call and time.monotonic() - watch.started >= watch.seconds:
        watch.fired = True
        raise TimeUp("the plugin's time is up")


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    if _watch is not None:
        _watch.interrupts += 1
    raise KeyboardInterrupt


def _main_thread() -> bool:
    return threading.get_ident() == threading.main_thread().ident


def _ignored(handler: object) -> bool:
    """Whether ``handler`` on SIGINT ignores it: then no Ctrl-C reaches the process (one
    started in the background or under ``nohup``), and a ``KeyboardInterrupt`` is a
    plugin's own."""
    return handler == signal.SIG_IGN


@contextmanager
def watching(seconds: float) -> Iterator[None]:
    """Hold SIGALRM (for a limit of ``seconds``, 0 for none) and SIGINT while the
    plugin calls inside run; give back the handlers found. Only in the main
    thread, and only handlers left at Python's defaults are taken."""
    global _watch
    if _watch is not None or not _main_thread():
        yield
        return
    alarm = signal.getsignal(signal.SIGALRM) if hasattr(signal, "setitimer") else None
    timed = seconds > 0 and alarm == signal.SIG_DFL
    interrupt = signal.getsignal(signal.SIGINT)
    tracks = interrupt is signal.default_int_handler
    if timed:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds / TICKS, seconds / TICKS)
    if tracks:
        signal.signal(signal.SIGINT, _on_interrupt)
    unsure = not tracks and not _ignored(interrupt)
    _watch = _Watch(seconds, timed=timed, unsure=unsure)
    try:
        yield
    finally:
        _watch = None
        if tracks:
            signal.signal(signal.SIGINT, interrupt)
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, alarm)


class limited:  # lower case: read as ``with limited():``, like a function
    """One call into a plugin, timed from its start when under a watch.

    Leaves with :class:`Interrupted` when the user pressed Ctrl-C, with
    :class:`TimedOut` when the time was up, and otherwise with whatever the
    plugin raised (its own ``KeyboardInterrupt`` or ``SystemExit`` included).
    """

    __slots__ = ("_interrupts", "_unsure", "_watch")

    def __enter__(self) -> None:
        main = _main_thread()
        watch = _watch if main else None
        # In the main thread with no watch, a KeyboardInterrupt may be the user's.
        self._unsure = main and watch is None and not _ignored(signal.getsignal(signal.SIGINT))
        if watch is not None and watch.in_call:
            watch = None  # a call within a call: the outer one is timed and judged
        self._watch = watch
        if watch is not None:
            self._interrupts = watch.interrupts
            watch.fired = False
            watch.started = time.monotonic()
            watch.in_call = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        watch = self._watch
        if watch is None:
            if self._unsure and isinstance(exc, KeyboardInterrupt):
                raise Interrupted from exc  # no way to tell: taken as the user's
            return
        watch.in_call = False
        pressed = watch.interrupts != self._interrupts
        if pressed or (isinstance(exc, KeyboardInterrupt) and watch.unsure):
            raise Interrupted from None
        if watch.fired:
            raise TimedOut(watch.seconds) from None
