"""Keeping CPython's cyclic garbage collector out of a recommendation.

A recommendation over large catalogues makes tens of thousands of short-lived
containers (the rules' decisions, the picks, the reasons of what is left out)
that all stay alive until the routine is built. None of them is part of a
reference cycle: reference counting frees them all when the call returns.
But the collector counts allocations, not garbage: every ~700 of them it walks
the youngest objects, and objects that survive two such walks are promoted to
the oldest generation. A call at 1,000 catalogues promoted more than a quarter
of everything the engine holds, which triggers a full collection: a walk of
every loaded exercise, rung and dose (about 470,000 objects), for nothing. It
took more than half of the call and made the call grow faster than the data.

So the engine pauses automatic collection for the duration of a call (as
Mercurial does around building large containers), and restores it after,
exactly as it was. Calls on several threads overlap safely: the first to start
pauses, the last to finish resumes. Explicit ``gc.collect()`` still works, and
a host that wants the collector left alone passes ``Engine(pause_gc=False)``.
"""

from __future__ import annotations

import gc
import threading
from types import TracebackType

_lock = threading.Lock()
_depth = 0
_resume = False


class paused:
    """Context manager: automatic collection off inside, restored on leaving.

    Process-wide, as the collector is: nested and concurrent uses count, and
    the collector is enabled again on leaving the last one only if it was
    enabled when the first began.
    """

    __slots__ = ()

    def __enter__(self) -> None:
        global _depth, _resume
        with _lock:
            if _depth == 0:
                _resume = gc.isenabled()
                gc.disable()
            _depth += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        global _depth
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
