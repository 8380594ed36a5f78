"""Session details, rules and the current phase."""

from __future__ import annotations

import dataclasses

from facilitator.core import dates
from facilitator.core import model as m
from facilitator.core.errors import RuleError
from facilitator.core.text import MAX_NAME_CHARS, MAX_QUESTION_CHARS, clean_text
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore

INFO_FIELDS = (
    "title",
    "question",
    "date",
    "place",
    "facilitator",
    "team",
    "organisation",
    "next_checkin",
    "started_at",
    "ended_at",
    "note_taker",
    "contact",
)
TIME_FIELDS = {"started_at": "The start time", "ended_at": "The end time"}

# The longest text each session detail takes (documented in the README).
INFO_LIMITS = {
    "title": MAX_NAME_CHARS,
    "question": MAX_QUESTION_CHARS,
    "place": MAX_NAME_CHARS,
    "facilitator": MAX_NAME_CHARS,
    "team": MAX_NAME_CHARS,
    "organisation": MAX_NAME_CHARS,
}
INFO_LABELS = {
    "title": "The title",
    "question": "The question",
    "place": "The place",
    "facilitator": "The facilitator's name",
    "team": "The team",
    "organisation": "The organisation",
}

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
    for key, value in values.items():
        limit = INFO_LIMITS.get(key)
        if limit is not None and len(value) > limit:
            raise RuleError(
                f"{INFO_LABELS[key]} can be at most {limit:,} characters; this one has {len(value):,}."
            )
    for key in DATE_FIELDS:
        if values.get(key):
            values[key] = _check_date(values[key], key)
    for key, what in TIME_FIELDS.items():
        if values.get(key):
            values[key] = dates.parse_time(values[key], what)
    store.update("session", 1, values)


@operation
def set_approved(store: SessionStore, approved: bool) -> None:
    """Minutes print as Draft until the group (or its lead) approves them."""
    store.update("session", 1, {"approved": 1 if approved else 0})


def validate_rules(rules: m.Rules) -> None:
    for name, (low, high, label) in RULE_LIMITS.items():
        value = getattr(rules, name)
        if not isinstance(value, int) or not low <= value <= high:
            raise RuleError(f"{label} must be a whole number from {low} to {high}.")
    if rules.max_votes_per_idea > rules.votes_per_person:
        raise RuleError(
            f"The maximum votes on one idea ({rules.max_votes_per_idea}) cannot be more than the votes "
            f"per person ({rules.votes_per_person}). Lower the maximum first, or give everyone more votes."
        )


@operation
def update_rules(store: SessionStore, rules: m.Rules) -> None:
    validate_rules(rules)
    _check_vote_budget_unchanged(store, rules)
    if rules.anonymous and not store.info().rules.anonymous:
        forget_authors(store)
    values = dataclasses.asdict(rules)
    store.update("session", 1, {k: int(v) for k, v in values.items()})


def forget_authors(store: SessionStore) -> int:
    """Turning anonymous on: every stored author, and every idea's link to its turn, leaves
    the file (the turn names its speaker). Returns how many ideas named an author."""
    named = store.ids_where("idea", "author_id IS NOT NULL OR turn_id IS NOT NULL")
    for idea_id in named:
        store.update("idea", idea_id, {"author_id": None, "turn_id": None, "round": None})
    store.seal_when_done()
    return len(named)


@operation
def set_phase(store: SessionStore, phase: m.Phase) -> None:
    """Move the session to a phase. Leaving the round table seals the order ideas were
    captured in out of an anonymous session's file (see `SessionStore.seal`)."""
    before = store.info().phase
    store.update("session", 1, {"phase": m.Phase(phase).value})
    if before is m.Phase.ROUND_TABLE and m.Phase(phase) is not m.Phase.ROUND_TABLE:
        store.seal_when_done()


# ---- Setup: dates and the vote budget ------------------------------------------------------

DATE_FIELDS = ("date", "next_checkin")
DATE_LABELS = {"date": "The session date", "next_checkin": "The next check-in date"}


def _check_date(text: str, key: str) -> str:
    """Dates are typed as shown (15 Dec 2026) or as ISO, and stored as YYYY-MM-DD, so files
    sort and compare them alike."""
    return dates.parse_date(text, DATE_LABELS[key]).isoformat()


def _check_vote_budget_unchanged(store: SessionStore, rules: m.Rules) -> None:
    """Once a ballot is cast, every later ballot must have had the same budget (principle 1)."""
    if not store.count("ballot"):
        return
    current = store.info().rules
    if (rules.votes_per_person, rules.max_votes_per_idea) != (
        current.votes_per_person,
        current.max_votes_per_idea,
    ):
        raise RuleError(
            "Ballots have already been cast, so the votes per person and the maximum on one idea "
            "are fixed: changing them now would give people unequal votes."
        )
