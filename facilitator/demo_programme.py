"""A realistic programme: one trust's listening sessions, team by team, two debriefs a year apart.

Six teams debrief in March 2025 and again in March 2026. Four of them hold a
follow-up in June 2025 whose review closes some of the actions (and finds others
stuck or dropped). Some suggestions come up in several teams in their own words,
so the roll-up shows them as one finding. Built through the store and the
operations like any session; seeded, so every run writes the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

from facilitator.core.outcome import unanswered
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import plan as plan_ops
from facilitator.ops import session as session_ops
from facilitator.ops.followup import create_followup, review_action
from facilitator.store.session_store import SessionStore

ORGANISATION = "Riverside Community Hospital"
FACILITATOR = "Jo Whitfield"
QUESTION = "What would make the biggest difference to how we work together this year?"

# (file stem, team, place, participants)
TEAMS = [
    (
        "ward-7",
        "Ward 7 (Acute Medicine)",
        "Seminar room 2",
        ["Amara", "Tomasz", "Priya", "Declan", "Sofia", "Kwame", "Hannah"],
    ),
    (
        "ed",
        "Emergency Department",
        "ED staff room",
        ["Nia", "Callum", "Fatima", "Ivan", "Rosa", "Ben", "Leah", "Omar"],
    ),
    ("maternity", "Maternity", "Birth centre lounge", ["Grace", "Chloe", "Aisha", "Megan", "Lucy", "Zara"]),
    ("theatres", "Theatres", "Theatre 4 coffee room", ["Sam", "Ravi", "Ewa", "Tom", "Joy", "Liam", "Ana"]),
    (
        "community",
        "Community Nursing",
        "Health centre meeting room",
        ["Beth", "Kofi", "Maria", "Dan", "Ellie", "Yusuf"],
    ),
    ("pharmacy", "Pharmacy", "Pharmacy office", ["Eleni", "Paul", "Mei", "Jonas", "Ruth", "Arjun", "Kate"]),
]

# Suggestions that several teams make, each in its own words: (pillar, wordings).
RECURRING = [
    (
        "Support",
        [
            "Protected breaks on long shifts, with a cover list so nobody eats at the desk.",
            "Real breaks on long shifts: a cover list so we are not eating at the desk.",
            "Protected breaks on twelve-hour shifts with someone covering.",
            "Make sure breaks on long shifts are protected and covered.",
        ],
    ),
    (
        "Communication",
        [
            "A short huddle at the start of every shift so everyone hears the same plan.",
            "Start every shift with a five-minute huddle and the same plan for everyone.",
            "Daily huddle at shift start, same questions each time.",
        ],
    ),
    (
        "Communication",
        [
            "Post rota changes in one place instead of scattered emails.",
            "Rota changes in one place, not in scattered emails and texts.",
            "Stop announcing rota changes by scattered emails; one place for the rota.",
        ],
    ),
    (
        "Safety",
        [
            "Discuss one near miss every week, with no blame.",
            "A weekly no-blame chat about one near miss.",
            "Talk through a near miss each week without blame.",
        ],
    ),
    (
        "Support",
        [
            "A quiet room to decompress after a difficult shift.",
            "Somewhere quiet to decompress after a hard shift or a death.",
        ],
    ),
]

# Suggestions particular to one team or another (pillar, text).
OWN = [
    ("Safety", "Replace the broken hoist in bay 3; we keep borrowing one from next door."),
    ("Safety", "Laminated sepsis escalation card at every station."),
    ("Communication", "Leaders walk the department once a week and explain the big decisions."),
    ("Support", "Flexible start times for staff with school runs, agreed as a team."),
    ("Safety", "Monthly simulation of a deteriorating patient on the unit."),
    ("Communication", "A 'you said, we did' board by the lift."),
    ("Support", "Study time built into the rota, not done on days off."),
    ("Safety", "One agreed handover for patients at risk of falls."),
    ("Communication", "New starters and bank staff get the same handover sheet as everyone else."),
    ("Support", "Free hot food for night staff during surge weeks."),
    ("Safety", "Second checker for controlled drugs at night without waiting twenty minutes."),
    ("Communication", "Minutes of the governance meeting shared in plain language."),
    ("Support", "Peer support champions on each shift with some basic training."),
    ("Safety", "Stock the resus trolley from one checklist, checked daily."),
    ("Communication", "Admin and clinical staff at the same team meeting once a month."),
    ("Support", "A rest space near the department for porters and cleaners."),
    ("Safety", "Clear signage for the new fire exits after the building work."),
    ("Communication", "Tell us why beds move at short notice, even when there was no choice."),
    ("Safety", "Fix the sticking door on the sluice before someone is hurt."),
    ("Support", "Car parking passes for staff who start before the buses run."),
    ("Communication", "Put the bed meeting decisions on the whiteboard for the night team."),
    ("Safety", "A second defibrillator at the far end of the corridor."),
    ("Support", "Occupational health appointments within a week, not a month."),
    ("Communication", "One shared calendar for teaching, audits and inspections."),
    ("Safety", "Agency staff get the local induction before their first shift."),
    ("Support", "Lockers that actually lock for staff belongings."),
    ("Communication", "Consultants tell the nurses when the ward round will start."),
    ("Safety", "Replace the faulty call bells in the side rooms."),
    ("Support", "A mentor for every newly qualified member of staff."),
    ("Communication", "An intranet page for the team with policies in one place."),
]

OWNERS = ["Team lead", "Practice educator", "Matron", "Rota coordinator", "Deputy manager", "Estates liaison"]

# (stem suffix, date, due dates month): the two debriefs a year apart.
DEBRIEFS = [("2025-debrief", "2025-03-12", "2025"), ("2026-debrief", "2026-03-11", "2026")]
FOLLOWUP_DATE = "2025-06-18"
FOLLOWUP_TEAMS = ("ward-7", "ed", "maternity", "theatres")


def build_programme_demo(folder: Path | str) -> list[Path]:
    """Write the programme's session files into `folder` (which must exist); return their paths."""
    folder = Path(folder)
    rng = random.Random(18)
    written: list[Path] = []
    firsts: dict[str, Path] = {}
    for suffix, date, year in DEBRIEFS:
        for index, (stem, team, place, people) in enumerate(TEAMS):
            path = folder / f"{stem}-{suffix}.roundtable"
            _debrief(path, team, place, people, date, year, index, rng)
            written.append(path)
            if suffix == DEBRIEFS[0][0]:
                firsts[stem] = path
    for stem in FOLLOWUP_TEAMS:
        path = folder / f"{stem}-2025-followup.roundtable"
        create_followup(firsts[stem], path, date=FOLLOWUP_DATE)
        _review_and_close(path, rng)
        written.append(path)
    return written


def _debrief(
    path: Path, team: str, place: str, people: list[str], date: str, year: str, index: int, rng
) -> None:
    store = SessionStore.create(path, title=f"{team} debrief {year}")
    try:
        session_ops.update_info(
            store,
            question=QUESTION,
            date=date,
            place=place,
            facilitator=FACILITATOR,
            team=team,
            organisation=ORGANISATION,
        )
        people_ops.add_participants(store, "\n".join(people))
        themes = {t.name: t.id for t in store.themes()}
        said: list[tuple[str, str]] = []
        for pillar, wordings in RECURRING:
            if rng.random() < 0.75:
                said.append((pillar, wordings[(index + len(said)) % len(wordings)]))
        said.extend(OWN[index * 5 : index * 5 + 5])  # each team's own concerns, often raised again
        if year != "2025":
            said.append(OWN[(index * 5 + 7) % len(OWN)])
        rng.shuffle(said)
        ids = _record(store, people, themes, said, date)
        _vote_and_plan(store, ids, len(people), date, year, rng)
        _answer_the_rest(store)
        with store.transaction():
            store.update("session", 1, {"phase": "minutes", "revealed": 1, "current_round": 3})
    finally:
        store.close()


def _record(store: SessionStore, people: list[str], themes: dict[str, int], said, date: str) -> list[int]:
    """Ideas said round the table, one per turn, in seat order."""
    participants = store.participants()
    ids = []
    with store.transaction():
        for n, (pillar, text) in enumerate(said):
            person = participants[n % len(participants)]
            stamp = f"{date}T14:{n + 5:02d}:00"
            turn = store.insert(
                "turn",
                {
                    "participant_id": person.id,
                    "round": n // len(participants) + 1,
                    "started_at": stamp,
                    "ended_at": stamp,
                },
            )
            ids.append(
                idea_ops.add_idea(
                    store, text, theme_id=themes[pillar], round=n // len(participants) + 1, turn_id=turn
                ).value
            )
    return ids


def _vote_and_plan(store: SessionStore, ids: list[int], voters: int, date: str, year: str, rng) -> None:
    """Five dots each on private ballots; the top cards go to the plan."""
    with store.transaction():
        counts = dict.fromkeys(ids, 0)
        for person in store.participants():
            ballot = store.insert("ballot", {"id": rng.getrandbits(62)})
            picks: dict[int, int] = {}
            while sum(picks.values()) < 5:
                pick = rng.choices(ids, weights=[len(ids) - i for i in range(len(ids))])[0]
                if picks.get(pick, 0) < 3:
                    picks[pick] = picks.get(pick, 0) + 1
            for idea_id, count in picks.items():
                store.insert(
                    "dot",
                    {"id": rng.getrandbits(62), "ballot_id": ballot, "idea_id": idea_id, "count": count},
                )
                counts[idea_id] += count
            store.insert("voter", {"participant_id": person.id})
        store.shuffle_tables("ballot", "dot", "voter")  # the file's layout must not give the voting order
        top = sorted(ids, key=lambda i: -counts[i])[:6]
        for rank, idea_id in enumerate(top):
            feas, impact = (4.5, 4.5) if rank < 3 else (2.0, 4.0) if rank < 5 else (1.5, 2.0)
            store.update("idea", idea_id, {"candidate": 1})
            store.insert(
                "placement", {"idea_id": idea_id, "feasibility": feas, "impact": impact, "pinned": 1}
            )
            if rank < 5:
                month = 4 + rank * 2
                store.insert(
                    "action",
                    {
                        "idea_id": idea_id,
                        "decision": "do_now" if rank < 3 else "plan",
                        "owner": OWNERS[(rank + len(ids)) % len(OWNERS)],
                        "due_date": f"{year}-{month:02d}-{10 + rank:02d}",
                        "first_step": "Agree the first step at the next team meeting",
                        "success_measure": "The team says it happens, at the follow-up",
                        # The second debrief's quickest wins are already under way.
                        "status": ("done", "in_progress", "open")[min(rank, 2)] if year != "2025" else "open",
                    },
                )
            else:
                store.insert(
                    "action",
                    {
                        "idea_id": idea_id,
                        "decision": "not_now",
                        "reason": "Needs money the trust has not agreed this year; we will raise it "
                        "at the budget round.",
                    },
                )


HEARD_REASON = (
    "Heard, and not taken forward this time: the room put its votes elsewhere. It stays on the list for "
    "the next debrief."
)


def _answer_the_rest(store: SessionStore) -> None:
    """Every idea gets an answer: the ones not in the plan get the room's reason."""
    waiting = unanswered(store.load())
    if waiting:
        plan_ops.set_reasons(store, waiting, HEARD_REASON)


# New ideas a follow-up hears once the review is done.
FOLLOWUP_IDEAS = [
    ("Communication", "Share the review of last time's actions on the staff noticeboard."),
    ("Support", "Keep the protected break list going over the summer holidays."),
    ("Safety", "Check the new equipment is on the daily safety huddle list."),
    ("Communication", "Invite the night team to the next follow-up by video."),
    ("Support", "Thank the people who made the changes happen, by name, at the huddle."),
]

# How the follow-ups' reviews go, in order of the carried actions.
REVIEWS = [
    ("done", "Running since April; the team says it has stuck.", ""),
    ("done", "In place on every shift since May.", ""),
    ("in_progress", "Half of the team done; the rest booked for July.", ""),
    ("stuck", "Asked twice.", "Waiting for Estates to approve the money."),
    ("dropped", "", "The new rota system from the trust does this for everyone."),
]


def _review_and_close(path: Path, rng) -> None:
    store = SessionStore.open(path)
    try:
        items = store.review()
        offset = rng.randrange(len(REVIEWS))
        for n, item in enumerate(items):
            status, note, reason = REVIEWS[(n + offset) % len(REVIEWS)]
            review_action(store, item.id, status, note=note, reason=reason)
        # A short round of new ideas after the review, counted by a show of hands.
        themes = {t.name: t.id for t in store.themes()}
        with store.transaction():
            for person in store.participants():
                store.update("participant", person.id, {"to_confirm": 0})
            for n, (pillar, text) in enumerate(rng.sample(FOLLOWUP_IDEAS, 3)):
                idea_id = idea_ops.add_idea(store, text, theme_id=themes[pillar]).value
                store.insert("tally", {"idea_id": idea_id, "count": 5 - n, "method": "hands"})
            store.update("session", 1, {"phase": "minutes", "revealed": 1})
        _answer_the_rest(store)
    finally:
        store.close()
