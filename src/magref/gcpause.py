"""Pausing Python's cyclic garbage collector while large, long-lived records are built."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing allocates a node and a record per value and frees them by reference counting;
    the cyclic collector only slows it down, walking an ever-growing heap again and again (a
    10,000-form file took twice as long, and the time grew faster than the file). So it is
    paused, and what was built is frozen: later collections skip the catalogue, which lives
    as long as the process. Nested uses leave the collector to the outermost."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
