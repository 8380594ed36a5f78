"""A programme: several sessions read together (teams, debrief periods), as one roll-up.

Plain Python over loaded sessions: no Qt, no SQL, no I/O. The store reads the
files (read-only) and the exports print what this module works out.

Anonymity carries over: nothing here names who said or voted for anything,
unless every session is named and the caller asks (`named=True`).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass, field

from facilitator.core import model as m
from facilitator.core.followup import ReviewStatus
from facilitator.core.similarity import suggest_duplicates
from facilitator.core.voting import totals

UNSORTED = "Unsorted"
NO_DATE = "no date"
RECURRING_THRESHOLD = 0.45


@dataclass(frozen=True)
class SessionFile:
    """One readable session of the programme. `name` is the file's name, never its folder."""

    name: str
    state: m.SessionState


@dataclass(frozen=True)
class Unreadable:
    """A file left out of the roll-up, and why (the one-line refusal the app gives)."""

    name: str
    reason: str


@dataclass(frozen=True)
class SessionRow:
    name: str
    title: str
    team: str
    date: str
    period: str
    people: int
    ideas: int
    votes: int | None  # None before Reveal: no count is shown
    actions_open: int
    actions_overdue: int
    actions_done: int
    anonymous: bool
    follows: str = ""  # the predecessor's title and date, for a follow-up


@dataclass
class ThemeRow:
    theme: str
    ideas: int = 0
    votes: int = 0
    by_team: dict[str, int] = field(default_factory=dict)  # ideas per team
    by_period: dict[str, tuple[int, int]] = field(default_factory=dict)  # period -> (ideas, votes)


@dataclass(frozen=True)
class RecurringIdea:
    """The same suggestion made in several sessions: one finding."""

    text: str  # the shortest wording, as a headline
    wordings: tuple[str, ...]
    teams: tuple[str, ...]
    sessions: int
    votes: int


@dataclass(frozen=True)
class ActionRow:
    session: str  # the session's title
    team: str
    idea: str
    decision: str
    owner: str
    due_date: str
    status: str  # Open / In progress / Done, or a later review's Done / Stuck / Dropped
    note: str = ""
    overdue: bool = False
    reviewed_in: str = ""  # the follow-up that last reviewed it


@dataclass(frozen=True)
class PeriodChange:
    theme: str
    before: tuple[int, int]  # (ideas, votes) in the first period
    after: tuple[int, int]


@dataclass(frozen=True)
class IdeaRow:
    """One idea and its session, for the programme CSV."""

    session: str
    file: str
    team: str
    date: str
    period: str
    theme: str
    text: str
    votes: int | None
    outcome: str
    author: str = ""


@dataclass
class Programme:
    sessions: list[SessionRow]
    themes: list[ThemeRow]
    periods: list[str]
    teams: list[str]
    recurring: list[RecurringIdea]
    actions: list[ActionRow]
    comparison: tuple[str, str] | None
    changes: list[PeriodChange]
    ideas: list[IdeaRow]
    unreadable: list[Unreadable]
    named: bool
    today: str

    @property
    def overdue(self) -> list[ActionRow]:
        return [a for a in self.actions if a.overdue]


def period_of(date: str) -> str:
    """The debrief period a session belongs to: its year (sessions a year apart compare)."""
    return date[:4] if len(date) >= 4 and date[:4].isdigit() else NO_DATE


def _team(state: m.SessionState) -> str:
    return state.info.team or state.info.title


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def can_name(files: list[SessionFile]) -> bool:
    """Authors may be shown only when every session was run with named ideas."""
    return bool(files) and all(not f.state.info.rules.anonymous for f in files)


def roll_up(
    files: list[SessionFile],
    unreadable: list[Unreadable] = (),
    today: str = "",
    periods: tuple[str, str] | None = None,
    named: bool = False,
) -> Programme:
    """Everything the programme view and report show, worked out once."""
    today = today or _dt.date.today().isoformat()
    named = named and can_name(files)
    files = sorted(files, key=lambda f: (f.state.info.date, _team(f.state), f.name))
    reviews = _latest_reviews(files)
    sessions, actions, ideas = [], [], []
    themes: dict[str, ThemeRow] = {}
    for f in files:
        state = f.state
        info = state.info
        period = period_of(info.date)
        team = _team(state)
        votes = totals(state) if info.revealed else {}
        theme_names = {t.id: t.name for t in state.themes}
        by_idea = {i.id: i for i in state.ideas}
        decisions = {a.idea_id: a for a in state.actions}
        for idea in state.ideas:
            if idea.merged_into is not None:
                continue
            theme = theme_names.get(idea.theme_id, UNSORTED)
            v = votes.get(idea.id, 0) if info.revealed else None
            if not idea.withdrawn:
                row = themes.setdefault(_key(theme), ThemeRow(theme))
                row.ideas += 1
                row.votes += v or 0
                row.by_team[team] = row.by_team.get(team, 0) + 1
                i, vv = row.by_period.get(period, (0, 0))
                row.by_period[period] = (i + 1, vv + (v or 0))
            action = decisions.get(idea.id)
            if idea.withdrawn:
                outcome = "Withdrawn: " + idea.withdrawn_reason if idea.withdrawn_reason else "Withdrawn"
            elif action is not None and action.decision is not None:
                outcome = action.decision.label
            else:
                outcome = "Heard"
            author = ""
            if named and idea.author_id is not None:
                author = next((p.name for p in state.participants if p.id == idea.author_id), "")
            ideas.append(
                IdeaRow(info.title, f.name, team, info.date, period, theme, idea.text, v, outcome, author)
            )
        counts = {"open": 0, "overdue": 0, "done": 0}
        for action in state.actions:
            idea = by_idea.get(action.idea_id)
            if idea is None or action.decision is None or not action.decision.is_commitment:
                continue
            status, note, reviewed_in = action.status.label, "", ""
            later = reviews.get((_key(team), _key(idea.text)))
            if later is not None and later[0].date > info.date:
                review_session, item = later
                status, reviewed_in = item.status.label, review_session.title
                note = " ".join(filter(None, (item.note, f"Why: {item.reason}" if item.reason else "")))
            done = status == "Done"
            closed = done or status == "Dropped"
            overdue = not closed and bool(action.due_date) and action.due_date < today
            counts["done" if done else "open"] += 0 if status == "Dropped" else 1
            counts["overdue"] += overdue
            actions.append(
                ActionRow(
                    info.title,
                    team,
                    idea.text,
                    action.decision.label,
                    action.owner,
                    action.due_date,
                    status,
                    note,
                    overdue,
                    reviewed_in,
                )
            )
        sessions.append(
            SessionRow(
                name=f.name,
                title=info.title,
                team=team,
                date=info.date,
                period=period,
                people=sum(1 for p in state.participants if not p.absent),
                ideas=sum(1 for i in state.ideas if i.merged_into is None and not i.withdrawn),
                votes=sum(votes.values()) if info.revealed else None,
                actions_open=counts["open"],
                actions_overdue=counts["overdue"],
                actions_done=counts["done"],
                anonymous=info.rules.anonymous,
                follows=f"{info.predecessor_title} ({info.predecessor_date})"
                if info.predecessor_title
                else "",
            )
        )
    all_periods = sorted({s.period for s in sessions})
    dated = [p for p in all_periods if p != NO_DATE]
    comparison = periods if periods else ((dated[0], dated[-1]) if len(dated) >= 2 else None)
    theme_rows = sorted(themes.values(), key=lambda t: (-t.ideas, t.theme.casefold()))
    changes = []
    if comparison:
        a, b = comparison
        changes = [
            PeriodChange(t.theme, t.by_period.get(a, (0, 0)), t.by_period.get(b, (0, 0))) for t in theme_rows
        ]
    actions.sort(key=lambda r: (not r.overdue, r.status == "Done", r.due_date or "9999", r.team))
    return Programme(
        sessions=sessions,
        themes=theme_rows,
        periods=all_periods,
        teams=sorted({s.team for s in sessions}, key=str.casefold),
        recurring=recurring_ideas(files),
        actions=actions,
        comparison=comparison,
        changes=changes,
        ideas=ideas,
        unreadable=list(unreadable),
        named=named,
        today=today,
    )


def _latest_reviews(files: list[SessionFile]) -> dict[tuple[str, str], tuple[m.SessionInfo, object]]:
    """For each (team, idea) the most recent follow-up review that gave it a status."""
    latest: dict[tuple[str, str], tuple[m.SessionInfo, object]] = {}
    for f in files:  # oldest first, so a later review wins
        for item in f.state.review:
            if item.status != ReviewStatus.PENDING:
                latest[(_key(_team(f.state)), _key(item.idea_text))] = (f.state.info, item)
    return latest


def recurring_ideas(files: list[SessionFile], threshold: float = RECURRING_THRESHOLD) -> list[RecurringIdea]:
    """Suggestions made in more than one team, found with the duplicate suggester.

    Every card of every session is scored against every other; pairs from
    different sessions that the suggester finds alike are joined into one finding.
    A follow-up's carried actions are not ideas, so they never count.
    """
    cards: list[m.Idea] = []
    owner: dict[int, tuple[int, int]] = {}  # synthetic id -> (file index, idea id)
    for index, f in enumerate(files):
        for idea in f.state.ideas:
            if idea.is_active:
                synthetic = len(cards) + 1
                cards.append(m.Idea(id=synthetic, text=idea.text, position=synthetic))
                owner[synthetic] = (index, idea.id)
    parent = list(range(len(cards) + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in suggest_duplicates(cards, threshold=threshold):
        if owner[pair.first][0] != owner[pair.second][0]:
            parent[find(pair.first)] = find(pair.second)
    groups: dict[int, list[int]] = defaultdict(list)
    for synthetic in owner:
        groups[find(synthetic)].append(synthetic)
    votes_by_file = [totals(f.state) if f.state.info.revealed else {} for f in files]
    found = []
    for members in groups.values():
        teams = sorted({_team(files[owner[s][0]].state) for s in members}, key=str.casefold)
        if len(teams) < 2:
            continue
        wordings = sorted({cards[s - 1].text for s in members}, key=lambda t: (len(t), t))
        votes = sum(votes_by_file[owner[s][0]].get(owner[s][1], 0) for s in members)
        found.append(
            RecurringIdea(
                text=wordings[0],
                wordings=tuple(wordings),
                teams=tuple(teams),
                sessions=len({owner[s][0] for s in members}),
                votes=votes,
            )
        )
    found.sort(key=lambda r: (-len(r.teams), -r.votes, r.text))
    return found
