"""The shape every operation shares."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec

from facilitator.store.delta import Changes, Delta
from facilitator.store.session_store import SessionStore

P = ParamSpec("P")


@dataclass(frozen=True)
class OpResult:
    """What an operation changed (for undo and for views) and what it made."""

    delta: Delta
    value: Any = None

    @property
    def changes(self) -> Changes:
        return self.delta.changes


def operation(
    fn: Callable[Concatenate[SessionStore, P], Any],
) -> Callable[Concatenate[SessionStore, P], OpResult]:
    """Run `fn` in one committed transaction and return its delta and value.

    A `RuleError` raised by `fn` rolls everything back, so nothing is saved half-way.
    Called inside another operation, it joins that transaction, and its delta holds
    the rows it changed itself.
    """

    @functools.wraps(fn)
    def wrapper(store: SessionStore, *args: P.args, **kwargs: P.kwargs) -> OpResult:
        with store.transaction() as recording:
            start = len(recording.rows)  # inside another operation: only this call's rows
            value = fn(store, *args, **kwargs)
        # Not `recording.delta`: an import runs 20,000 nested operations, and copying the
        # whole recording for each would make it quadratic.
        return OpResult(Delta(tuple(recording.rows[start:])), value)

    return wrapper
