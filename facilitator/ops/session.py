"""Session details, rules and the current phase."""

from __future__ import annotations

import dataclasses

from facilitator.core import model as m
from facilitator.core.errors import RuleError
from facilitator.core.text import clean_text
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore

INFO_FIELDS = ("title", "question", "date", "place", "facilitator", "team", "organisation", "next_checkin")

# Allowed range of each numeric rule: (lowest, highest, what it is called).
RULE_LIMITS = {
    "votes_per_person": (1, 50, "Votes per person"),
    "max_votes_per_idea": (1, 50, "Maximum votes on one idea"),
    "turn_seconds": (10, 3600, "Turn length"),
    "break_minutes": (0, 600, "Break reminder"),
    "silent_seconds": (0, 3600, "Silent writing"),
}


@operation
def update_info(store: SessionStore, **fields: str) -> None:
    """Change session details such as the title or the question."""
    unknown = set(fields) - set(INFO_FIELDS)
    if unknown:
        raise ValueError(f"unknown session fields: {sorted(unknown)}")
    values = {k: clean_text(v) for k, v in fields.items()}
    if "title" in values and not values["title"]:
        raise RuleError("The session needs a title.")
    store.update("session", 1, values)


def validate_rules(rules: m.Rules) -> None:
    for name, (low, high, label) in RULE_LIMITS.items():
        value = getattr(rules, name)
        if not isinstance(value, int) or not low <= value <= high:
            raise RuleError(f"{label} must be a whole number from {low} to {high}.")
    if rules.max_votes_per_idea > rules.votes_per_person:
        raise RuleError("The maximum votes on one idea cannot be more than the votes per person.")


@operation
def update_rules(store: SessionStore, rules: m.Rules) -> None:
    validate_rules(rules)
    values = dataclasses.asdict(rules)
    store.update("session", 1, {k: int(v) for k, v in values.items()})


@operation
def set_phase(store: SessionStore, phase: m.Phase) -> None:
    store.update("session", 1, {"phase": m.Phase(phase).value})
