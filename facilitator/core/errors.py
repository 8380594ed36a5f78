"""Errors a user can fix by changing what they asked for."""


class RuleError(ValueError):
    """An action breaks a session rule. The message is shown to the user as is."""
