"""Follow-up sessions: the actions a team carries from one session into the next.

A follow-up starts by reviewing every action of the previous session that was
not done. Each carried action gets a status, a "what we did" note, and a reason
when it is stuck or dropped, so the staff who raised it hear what happened.
Plain Python: no Qt, no SQL, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from facilitator.core import model as m
from facilitator.core.errors import RuleError
from facilitator.core.text import clean_text

MAX_NOTE_CHARS = 2_000


class ReviewStatus(StrEnum):
    """Where a carried action stands at the follow-up. Empty (`PENDING`) until reviewed."""

    PENDING = ""
    DONE = "done"
    IN_PROGRESS = "in_progress"
    STUCK = "stuck"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return REVIEW_LABELS[self]

    @property
    def needs_reason(self) -> bool:
        """Stuck and dropped actions must say why (everyone gets an answer)."""
        return self in (ReviewStatus.STUCK, ReviewStatus.DROPPED)

    @property
    def carries_on(self) -> bool:
        """Still open after this review, so the next follow-up reviews it again."""
        return self in (ReviewStatus.PENDING, ReviewStatus.IN_PROGRESS, ReviewStatus.STUCK)


REVIEW_LABELS = {
    ReviewStatus.PENDING: "Not reviewed",
    ReviewStatus.DONE: "Done",
    ReviewStatus.IN_PROGRESS: "In progress",
    ReviewStatus.STUCK: "Stuck",
    ReviewStatus.DROPPED: "Dropped",
}

# The order the Review step offers them in (and the keys 1-4 pick).
REVIEW_CHOICES = (ReviewStatus.DONE, ReviewStatus.IN_PROGRESS, ReviewStatus.STUCK, ReviewStatus.DROPPED)


@dataclass
class ReviewItem:
    """One action carried from the previous session, as it was agreed, and its review."""

    id: int
    position: int
    idea_text: str
    theme: str = ""
    decision: str = ""  # a Decision value, as agreed last time
    owner: str = ""
    due_date: str = ""
    first_step: str = ""
    success_measure: str = ""
    agreed_on: str = ""  # the date of the session that agreed it
    status: ReviewStatus = ReviewStatus.PENDING
    note: str = ""  # what we did
    reason: str = ""  # why it is stuck or dropped

    @property
    def decision_label(self) -> str:
        try:
            return m.Decision(self.decision).label
        except ValueError:
            return ""


@dataclass(frozen=True)
class Predecessor:
    """The previous session, by title and date (never by path: files move and are emailed)."""

    title: str
    date: str


def carried_actions(state: m.SessionState, today: str = "") -> list[ReviewItem]:
    """Every action of `state` that is not done, in plan order, ready to review.

    Commitments (Do now, Plan) that are not done, ideas put off to Later, and the
    carried actions of the session's own review that are still going on.
    """
    themes = {t.id: t.name for t in state.themes}
    agreed_on = state.info.date or today
    items: list[ReviewItem] = []
    for previous in state.review:
        if previous.status.carries_on:
            items.append(
                ReviewItem(
                    id=0,
                    position=len(items),
                    idea_text=previous.idea_text,
                    theme=previous.theme,
                    decision=previous.decision,
                    owner=previous.owner,
                    due_date=previous.due_date,
                    first_step=previous.first_step,
                    success_measure=previous.success_measure,
                    agreed_on=previous.agreed_on,
                )
            )
    by_idea = {i.id: i for i in state.ideas}
    carried = (m.Decision.DO_NOW, m.Decision.PLAN, m.Decision.LATER)
    for action in state.actions:
        idea = by_idea.get(action.idea_id)
        if idea is None or action.decision not in carried or action.status == m.ActionStatus.DONE:
            continue
        if not idea.is_active:
            continue
        items.append(
            ReviewItem(
                id=0,
                position=len(items),
                idea_text=idea.text,
                theme=themes.get(idea.theme_id, ""),
                decision=action.decision.value,
                owner=action.owner,
                due_date=action.due_date,
                first_step=action.first_step,
                success_measure=action.success_measure or action.reason,
                agreed_on=agreed_on,
            )
        )
    return items


def check_review(status: ReviewStatus | str, note: str, reason: str) -> tuple[ReviewStatus, str, str]:
    """The cleaned status, note and reason, or a RuleError saying what is missing."""
    status = ReviewStatus(status)
    note, reason = clean_text(note), clean_text(reason)
    for text, what in ((note, "A note"), (reason, "A reason")):
        if len(text) > MAX_NOTE_CHARS:
            raise RuleError(f"{what} can be at most {MAX_NOTE_CHARS:,} characters.")
    if status.needs_reason and not reason:
        raise RuleError(f"Say why this action is {status.label.lower()}: the people who raised it will ask.")
    if not status.needs_reason:
        reason = ""
    return status, note, reason


def followup_title(title: str) -> str:
    """The default title of a follow-up: the old title, marked as a follow-up once."""
    base = title.removesuffix(" (follow-up)")
    return f"{base} (follow-up)"


def you_said_we_did(items: list[ReviewItem]) -> list[ReviewItem]:
    """The carried actions reviewed as done: what staff said, and what was done about it."""
    return [i for i in items if i.status == ReviewStatus.DONE]


def review_counts(items: list[ReviewItem]) -> dict[str, int]:
    """How many carried actions have each status (a status key of "" is "not reviewed")."""
    counts = {s.value: 0 for s in ReviewStatus}
    for item in items:
        counts[item.status.value] += 1
    return counts
