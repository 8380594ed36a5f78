"""The vote phase: private ballots, their revision, tallies, reveal and the vote rules.

Anonymity against the file. A ballot row holds only a random 62-bit id and its
dots (random ids too). Who has voted is a `voter` row keyed by the participant:
yes or no, with no time and no voting-order id. Because SQLite lays records out
in the order they are written, every ballot written or revised rewrites the
ballot, dot and voter tables in a random order in the same transaction
(`facilitator.store.sealing`), so neither ids nor byte offsets follow the order
in which people voted.

A ballot is the voter's, not the facilitator's: the window runs `cast_ballot`
and `revise_ballot` outside the undo history, so undoing Reveal and stepping
back can never take one voter's ballot out of the totals. `cast_ballot(store,
voter, dots)` and `revise_ballot(store, voter, ballot_id, dots)` are the whole
API for any client that collects ballots (the laptop, or phones).

Revision. Because the file cannot say which ballot is whose, a ballot can only
be reopened while the app still remembers it: `BallotMemory` keeps, in memory
and for this app run only, which ballot each voter cast, and forgets all of it
when the results are revealed (the vote is closed). After the file is reopened,
or after Reveal, revising is refused with a message saying why. A revision
replaces the ballot with a new one under a new random id, counts the revision
on the voter's row and logs a "ballot revised" event with no detail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from facilitator.core import voting
from facilitator.core.errors import RuleError
from facilitator.ops.base import operation
from facilitator.ops.session import validate_rules
from facilitator.store.session_store import SessionStore, now


class BallotMemory:
    """Which ballot each voter cast, for this app run only; never written anywhere.

    Keys are participant ids, or None for the facilitator.
    """

    def __init__(self) -> None:
        self._ballots: dict[int | None, int] = {}

    def remember(self, voter: int | None, ballot_id: int) -> None:
        self._ballots[voter] = ballot_id

    def ballot_of(self, voter: int | None) -> int | None:
        return self._ballots.get(voter)

    def forget_all(self) -> None:
        self._ballots.clear()

    def __len__(self) -> int:
        return len(self._ballots)


def _random_id(store: SessionStore, table: str) -> int:
    return store.random_id(table)


def _voter_name(store: SessionStore, participant_id: int | None) -> str:
    if participant_id is None:
        return "The facilitator"
    name = store.participant_name(participant_id)
    if name is None:
        raise RuleError("That participant is no longer in the session.")
    return name


def has_voted(store: SessionStore, participant_id: int | None) -> bool:
    if participant_id is None:
        return bool(store.count("event", "kind = ?", (voting.FACILITATOR_VOTED,)))
    return bool(store.count("voter", "participant_id = ?", (participant_id,)))


def _checked(store: SessionStore, dots: Mapping[int, int]) -> dict[int, int]:
    rules = store.info().rules
    ideas = store.ideas()
    voting.validate_ballot(dots, rules, ideas)
    return {int(idea_id): count for idea_id, count in dots.items() if count}


def _write_ballot(store: SessionStore, dots: Mapping[int, int]) -> int:
    ballot_id = store.insert("ballot", {"id": _random_id(store, "ballot")})
    for idea_id, count in dots.items():
        store.insert(
            "dot",
            {"id": _random_id(store, "dot"), "ballot_id": ballot_id, "idea_id": idea_id, "count": count},
        )
    return ballot_id


@operation
def cast_ballot(store: SessionStore, participant_id: int | None, dots: Mapping[int, int]) -> int:
    """Store one private ballot and mark its voter as having voted. Returns the ballot id.

    `participant_id` None is the facilitator, who votes only if the rules say so.
    """
    name = _voter_name(store, participant_id)
    if participant_id is None and not store.info().rules.facilitator_votes:
        raise RuleError("The rules say the facilitator does not vote. Change that in the vote rules first.")
    if has_voted(store, participant_id):
        raise RuleError(
            f"{name} has already voted. A ballot can only be changed through the facilitator, with Revise."
        )
    dots = _checked(store, dots)
    ballot_id = _write_ballot(store, dots)
    if participant_id is None:
        store.insert("event", {"at": now(), "kind": voting.FACILITATOR_VOTED, "detail": ""})
    else:
        store.insert("voter", {"participant_id": participant_id})
    store.shuffle_tables("ballot", "dot", "voter")
    return ballot_id


def ballot_dots(store: SessionStore, ballot_id: int) -> dict[int, int]:
    return store.ballot_dots(ballot_id)


def revisable(store: SessionStore, participant_id: int | None, ballot_id: int | None) -> dict[int, int]:
    """The dots of the ballot to reopen, or a RuleError saying why it cannot be reopened.

    `ballot_id` comes from `BallotMemory`: the file itself cannot say whose ballot is whose.
    """
    name = _voter_name(store, participant_id)
    if not has_voted(store, participant_id):
        raise RuleError(f"{name} has not voted yet, so there is no ballot to revise.")
    if store.info().revealed:
        raise RuleError(
            "The results are showing, so the vote is closed. Hide the results before a ballot is revised."
        )
    if ballot_id is None or not store.count("ballot", "id = ?", (ballot_id,)):
        raise RuleError(
            f"{name}'s ballot cannot be reopened. Ballots are stored without names, so the app knows "
            "which ballot is whose only until the results are revealed, and only while the session "
            "stays open. Their vote stands as cast."
        )
    return ballot_dots(store, ballot_id)


@operation
def revise_ballot(
    store: SessionStore, participant_id: int | None, ballot_id: int | None, dots: Mapping[int, int]
) -> int:
    """Replace a voter's ballot, reopened by the facilitator. Returns the new ballot id.

    The new ballot gets a new random id; the revision is counted and logged, with no content.
    """
    revisable(store, participant_id, ballot_id)
    dots = _checked(store, dots)
    for dot_id in store.ids_where("dot", "ballot_id = ?", (ballot_id,)):
        store.delete("dot", dot_id)
    store.delete("ballot", ballot_id)
    new_id = _write_ballot(store, dots)
    if participant_id is not None:
        revisions = store.voter_revisions(participant_id)
        store.update("voter", participant_id, {"revisions": revisions + 1})
    store.insert("event", {"at": now(), "kind": voting.BALLOT_REVISED, "detail": ""})
    store.shuffle_tables("ballot", "dot", "voter")
    return new_id


# ---- ballots from phones in the room (facilitator.room) ------------------------------------
#
# A phone's ballot is written exactly like a laptop ballot. The file counts how many
# phones voted; which ballot came from which phone is known only to the room, in
# memory, until Reveal (like `BallotMemory`), so a phone can revise its own ballot.


def _vote_open(store: SessionStore) -> None:
    if store.info().revealed:
        raise RuleError("The vote is closed: the results are showing.")


@operation
def cast_phone_ballot(store: SessionStore, dots: Mapping[int, int]) -> int:
    """Store one ballot from a phone and count one more phone voter. Returns the ballot id."""
    _vote_open(store)
    dots = _checked(store, dots)
    ballot_id = _write_ballot(store, dots)
    voters = store.phone_voters()
    if store.count("room"):
        store.update("room", 1, {"phone_voters": voters + 1})
    else:
        store.insert("room", {"id": 1, "phone_voters": 1})
    store.shuffle_tables("ballot", "dot")  # as for a laptop ballot: the layout keeps no order
    return ballot_id


@operation
def revise_phone_ballot(store: SessionStore, ballot_id: int, dots: Mapping[int, int]) -> int:
    """Replace a phone's own ballot (the room remembers which it is until Reveal). Returns the new id.

    The number of phone voters stays the same; nothing records that a ballot was revised.
    """
    _vote_open(store)
    if not store.count("ballot", "id = ?", (ballot_id,)):
        raise RuleError("That ballot is no longer in the session, so it cannot be changed.")
    dots = _checked(store, dots)
    for dot_id in store.ids_where("dot", "ballot_id = ?", (ballot_id,)):
        store.delete("dot", dot_id)
    store.delete("ballot", ballot_id)
    new_id = _write_ballot(store, dots)
    store.shuffle_tables("ballot", "dot")
    return new_id


@operation
def set_tally(store: SessionStore, idea_id: int, count: str | int, method: str = "paper") -> None:
    """Enter or replace the count of paper dots (or hands) for one card. Empty or 0 clears it.

    A tally is tied to no person.
    """
    if method not in voting.TALLY_METHODS:
        raise ValueError(f"unknown tally method {method!r}")
    count = voting.parse_tally(count, method)
    idea = store.idea(idea_id)
    if idea is None:
        raise RuleError(f"Idea {idea_id} does not exist.")
    if count and idea.withdrawn:
        raise RuleError("That idea was withdrawn, so it cannot take votes.")
    if count and idea.merged_into is not None:
        raise RuleError("That idea was merged into another card; enter the count on the card instead.")
    existing = store.ids_where("tally", "idea_id = ? AND method = ? ORDER BY id", (idea_id, method))
    if count and existing:
        store.update("tally", existing[0], {"count": count})
        existing = existing[1:]
    elif count:
        store.insert("tally", {"idea_id": idea_id, "count": count, "method": method})
    for tally_id in existing:
        store.delete("tally", tally_id)


@operation
def set_revealed(store: SessionStore, revealed: bool) -> None:
    """Show or hide the results. Logged, so the minutes can say when results were shown."""
    if store.info().revealed == bool(revealed):
        return
    store.update("session", 1, {"revealed": int(bool(revealed))})
    kind = voting.RESULTS_REVEALED if revealed else voting.RESULTS_HIDDEN
    store.insert("event", {"at": now(), "kind": kind, "detail": ""})
    if revealed:
        store.seal_when_done()


@operation
def set_vote_rules(
    store: SessionStore,
    votes_per_person: int | None = None,
    max_votes_per_idea: int | None = None,
    facilitator_votes: bool | None = None,
) -> None:
    """Change the dots per person, the cap on one idea, or whether the facilitator votes.

    Once a ballot is cast the dots and the cap are fixed: every voice must weigh the same.
    """
    rules = store.info().rules
    changes = {
        k: v
        for k, v in {
            "votes_per_person": votes_per_person,
            "max_votes_per_idea": max_votes_per_idea,
            "facilitator_votes": facilitator_votes,
        }.items()
        if v is not None
    }
    new = dataclasses.replace(rules, **changes)
    if new == rules:
        return
    ballots = store.count("ballot")
    if ballots and (
        new.votes_per_person != rules.votes_per_person or new.max_votes_per_idea != rules.max_votes_per_idea
    ):
        raise RuleError(
            f"{ballots} ballot{'s have' if ballots != 1 else ' has'} already been cast. Every voice must "
            "weigh the same, so the dots per person and the maximum on one idea are fixed now."
        )
    if not new.facilitator_votes and has_voted(store, None):
        raise RuleError("The facilitator has already voted, so their ballot stays in the count.")
    validate_rules(new)
    store.update(
        "session",
        1,
        {
            "votes_per_person": new.votes_per_person,
            "max_votes_per_idea": new.max_votes_per_idea,
            "facilitator_votes": int(new.facilitator_votes),
        },
    )
