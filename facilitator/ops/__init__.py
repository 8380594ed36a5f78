"""Operations a user can perform.

Each validates against the core rules, writes through the store in one
transaction, and returns an `OpResult` whose delta undoes and redoes it. The
GUI wraps each in a QUndoCommand; the CLI calls them directly.
"""

from facilitator.ops.base import OpResult, operation

__all__ = ["OpResult", "operation"]
