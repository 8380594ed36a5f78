"""A realistic, finished demo session: a ward team's debrief after a winter surge.

Built through the store like any session, so it exercises the real schema.
The random generator is seeded, so every demo file holds the same session.
"""

from __future__ import annotations

import random
from pathlib import Path

from facilitator.core.outcome import needs_reason_not_taken_forward
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import plan as plan_ops
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore

PARTICIPANTS = [
    ("Amara Okafor", "Staff nurse", "Ward 7"),
    ("Tomasz Wiśniewski", "Healthcare assistant", "Ward 7"),
    ("Priya Raman", "Ward manager", "Ward 7"),
    ("Declan Byrne", "Physiotherapist", "Therapies"),
    ("Sofia Andersson", "Ward clerk", "Admin"),
    ("Kwame Mensah", "Junior doctor", "Medicine"),
    ("Eleni Papadopoulou", "Pharmacist", "Pharmacy"),
    ("Hannah Price", "Staff nurse", "Ward 7"),
    ("Yusuf Demir", "Porter", "Estates"),
    ("Grace Liu", "Occupational therapist", "Therapies"),
]

# (theme, text) in the order they were said round the table.
IDEAS = [
    (
        "Communication",
        "Hold a ten-minute huddle at the start of every shift, with the same three questions each time.",
    ),
    (
        "Support",
        "Let clinical staff swap shifts through a shared rota instead of asking the manager each time.",
    ),
    ("Safety", "Put the sepsis escalation steps on one laminated card at every nurses' station."),
    (
        "Communication",
        "Decisions made at the bed meeting never reach the night team; write them down where everyone sees them.",
    ),
    ("Support", "Protect a real break: a cover list so nobody eats lunch at the desk."),
    ("Safety", "Train on the new infusion pumps together as a team, not one person at a time on e-learning."),
    ("Communication", "Stop sending rota changes by email; most of us only read the staff WhatsApp group."),
    ("Support", "Admin staff could work some days from home when the rota allows it."),
    ("Safety", "Nobody can find the current falls policy; keep one up-to-date folder on the ward PC."),
    ("Communication", "Leaders should walk the ward once a week and explain the big decisions face to face."),
    ("Support", "A quiet room to decompress after a death or a difficult shift."),
    (
        "Safety",
        "Extra healthcare assistant at night during surge weeks, agreed in advance rather than on the day.",
    ),
    (
        "Communication",
        "Tell us why beds get moved at short notice, even when the answer is 'we had no choice'.",
    ),
    ("Support", "Five-minute gaps between back-to-back meetings so people can get to the next one."),
    ("Safety", "Run a short simulation of a deteriorating patient every month, on the ward."),
    (
        "Communication",
        "A monthly 'you said, we did' board by the lift so people see their ideas go somewhere.",
    ),
    ("Support", "Flexible start times for staff with school runs, agreed as a team."),
    ("Safety", "Replace the broken hoist on bay 3; we keep borrowing one from next door."),
    ("Communication", "Make sure new starters and bank staff get the same handover sheet as everyone else."),
    ("Support", "Peer support champions on each shift who have had some basic training."),
    ("Safety", "Discuss one near miss at every huddle, with no blame."),
    ("Communication", "Start each shift with a short huddle so everyone hears the same plan."),
    ("Support", "Free hot food for the night shift during surge weeks."),
    ("Safety", "Build a new discharge lounge so beds free up earlier in the day."),
    ("Communication", "Give the ward its own page on the intranet with policies and news in one place."),
    ("Support", "A rest space for porters near the emergency department."),
    ("Safety", "Electronic observations on tablets to replace paper charts."),
    ("Communication", "Leadership Q&A once a quarter where staff can ask anything anonymously."),
    ("Support", "Study time built into the rota, not done on days off."),
    ("Safety", "Agree one way to hand over patients at risk of falls, used by every discipline."),
    ("Communication", "Admin and clinical staff at the same team meeting once a month."),
]

# Quadrant placements (feasibility 1 hard .. 5 easy, impact 1 low .. 5 high)
# and decisions for the ideas that reached the matrix, by index in IDEAS.
PLAN = {
    0: (
        4.5,
        4.5,
        "do_now",
        "Priya Raman",
        "2027-01-08",
        "Draft the three huddle questions",
        "Huddle held on 9 shifts in 10",
        "",
    ),
    2: (
        5.0,
        4.0,
        "do_now",
        "Eleni Papadopoulou",
        "2026-12-18",
        "Print and laminate 8 cards",
        "Cards at every station",
        "",
    ),
    4: (
        3.5,
        4.5,
        "plan",
        "Priya Raman",
        "2027-02-01",
        "Ask for volunteers for the cover list",
        "Breaks taken on 8 shifts in 10",
        "",
    ),
    5: (
        3.0,
        4.0,
        "plan",
        "Declan Byrne",
        "2027-02-15",
        "Book the pump trainer for two sessions",
        "Every nurse trained by March",
        "",
    ),
    6: (
        4.5,
        3.5,
        "do_now",
        "Sofia Andersson",
        "2026-12-11",
        "Post rota changes in the staff group",
        "No missed rota changes in January",
        "",
    ),
    8: (
        4.0,
        3.5,
        "do_now",
        "Hannah Price",
        "2027-01-15",
        "Clear out old versions from the shared drive",
        "Policy found in under a minute",
        "",
    ),
    9: (
        3.5,
        4.5,
        "plan",
        "Priya Raman",
        "2027-01-31",
        "Put the walk-rounds in the director's diary",
        "Monthly walk-round happens",
        "",
    ),
    11: (
        1.5,
        4.5,
        "later",
        "",
        "",
        "",
        "",
        "Needs funding agreed in the spring workforce review; we will bring it back in April.",
    ),
    14: (
        2.5,
        3.5,
        "plan",
        "Kwame Mensah",
        "2027-03-01",
        "Write the first scenario",
        "One simulation a month",
        "",
    ),
    17: (
        4.0,
        4.0,
        "do_now",
        "Yusuf Demir",
        "2026-12-05",
        "Log the fault with Estates again, marked urgent",
        "Working hoist on bay 3",
        "",
    ),
    23: (
        1.0,
        3.0,
        "not_now",
        "",
        "",
        "",
        "",
        "A new lounge needs capital funding and building work that are not available this year.",
    ),
    26: (
        1.5,
        2.0,
        "not_now",
        "",
        "",
        "",
        "",
        "The trust is choosing one system for every ward; we will feed in rather than go it alone.",
    ),
}

# Why ideas that did not reach the matrix are not taken forward this time. The three
# that out-voted a prioritized card get their own reason; the rest share their theme's.
PASSED_OVER_REASONS = {
    1: "The new e-rostering system arrives in April and includes shift swaps; we will check it "
    "does this at the February check-in rather than build a second rota now.",
    10: "Space is being reviewed across the whole floor in January; Priya will put the quiet room "
    "to that review and report back at the check-in.",
    20: "Near misses are already discussed at the weekly safety meeting; the room chose to keep the "
    "huddle to three questions for now.",
}
THEME_REASON = (
    "Fewer votes this time. It stays on our list and comes back to the follow-up session on 18 Feb 2027."
)

SPEAKER_ORDER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]


def build_demo(path: Path | str) -> Path:
    """Write the demo session to a new file at `path`."""
    rng = random.Random(2026)
    path = Path(path)
    store = SessionStore.create(path, title="Ward 7 winter debrief")
    try:
        session_ops.update_info(
            store,
            question="After this winter, what would make the biggest difference to how we work together?",
            date="2026-11-19",
            place="Seminar room 2, Education Centre",
            facilitator="Jo Whitfield",
            team="Ward 7 (Acute Medicine)",
            organisation="Riverside Community Hospital",
            next_checkin="2027-02-18",
            started_at="14:00",
            ended_at="15:40",
            note_taker="Sofia Andersson (ward clerk)",
            contact="Questions, or an idea since the session? Speak to Priya Raman, ward manager, "
            "or write in the Ward 7 feedback book by the lift.",
        )
        session_ops.set_approved(store, True)
        people_ops.add_participants(store, "\n".join(p[0] for p in PARTICIPANTS))
        people = store.participants()
        for person, (_, role, team) in zip(people, PARTICIPANTS, strict=True):
            people_ops.update_participant(store, person.id, role=role, team=team)
        themes = {t.name: t.id for t in store.themes()}
        idea_ids = _record_rounds(store, people, themes, rng)
        # The room spotted two duplicates and merged them.
        idea_ops.merge_ideas(store, idea_ids[0], [idea_ids[21]])
        idea_ops.merge_ideas(store, idea_ids[1], [idea_ids[16]])
        idea_ops.withdraw_idea(
            store,
            idea_ids[25],
            "Raised again by Estates the same week and already funded; no action needed from this group.",
        )
        _vote(store, people, idea_ids, rng)
        _prioritize_and_plan(store, people, idea_ids, rng)
        _answer_the_rest(store, idea_ids)
        with store.transaction():
            store.update("session", 1, {"phase": "minutes", "revealed": 1, "current_round": 4})
    finally:
        store.close()
    return path


def _answer_the_rest(store: SessionStore, idea_ids: list[int]) -> None:
    """Every idea gets an answer: a reason for each one heard and not taken forward,
    one per theme for most of them, as the Plan phase offers."""
    for index, reason in PASSED_OVER_REASONS.items():
        plan_ops.set_reasons(store, [idea_ids[index]], reason)
    state = store.load()
    waiting = needs_reason_not_taken_forward(state)
    for theme in state.themes:
        in_theme = [i for i in waiting if state.idea(i).theme_id == theme.id]
        if in_theme:
            plan_ops.set_reasons(store, in_theme, THEME_REASON)


def _record_rounds(store: SessionStore, people, themes, rng) -> list[int]:
    """Three rounds round the table; people pass when they have nothing new."""
    idea_ids: list[int] = []
    pending = list(IDEAS)
    minute = 0
    for round_no in (1, 2, 3, 4):
        for index in SPEAKER_ORDER:
            person = people[index]
            minute += 1
            start = f"2026-11-19T14:{minute // 2 + 5:02d}:{(minute % 2) * 30:02d}"
            end = f"2026-11-19T14:{minute // 2 + 5:02d}:{(minute % 2) * 30 + 25:02d}"
            speaks = pending and (round_no < 3 or rng.random() < 0.45)
            if round_no == 4:
                speaks = False
            with store.transaction():
                turn_id = store.insert(
                    "turn",
                    {
                        "participant_id": person.id,
                        "round": round_no,
                        "started_at": start,
                        "ended_at": end,
                        "passed": 0 if speaks else 1,
                    },
                )
            if speaks:
                theme, text = pending.pop(0)
                result = idea_ops.add_idea(
                    store, text, theme_id=themes[theme], round=round_no, turn_id=turn_id
                )
                idea_ids.append(result.value)
        if not pending and round_no >= 3:
            break
    for theme, text in pending:  # comment cards handed in at the end: open floor
        idea_ids.append(idea_ops.add_idea(store, text, theme_id=themes[theme]).value)
    return idea_ids


def _vote(store: SessionStore, people, idea_ids, rng) -> None:
    """Ten private ballots of five dots (at most three on one idea), plus a paper tally."""
    favourites = [0, 2, 4, 9, 6, 5, 17, 8, 11, 14, 1, 23, 26, 20]
    weights = [14, 12, 11, 10, 9, 8, 7, 7, 6, 5, 4, 3, 2, 2]
    with store.transaction():
        for person in people:
            dots: dict[int, int] = {}
            while sum(dots.values()) < 5:
                pick = rng.choices(favourites, weights)[0]
                if dots.get(pick, 0) < 3:
                    dots[pick] = dots.get(pick, 0) + 1
            ballot_id = store.insert("ballot", {"id": rng.getrandbits(62)})
            for index, count in dots.items():
                store.insert(
                    "dot",
                    {
                        "id": rng.getrandbits(62),
                        "ballot_id": ballot_id,
                        "idea_id": idea_ids[index],
                        "count": count,
                    },
                )
            store.insert("voter", {"participant_id": person.id})
        store.shuffle_tables("ballot", "dot", "voter")
        # Two people who could not stay left paper dots.
        store.insert("tally", {"idea_id": idea_ids[4], "count": 2, "method": "paper"})
        store.insert("tally", {"idea_id": idea_ids[10], "count": 2, "method": "paper"})


def _prioritize_and_plan(store: SessionStore, people, idea_ids, rng) -> None:
    """The matrix holds exactly the planned ideas: the facilitator added or removed
    candidates so the room discussed these twelve."""
    planned = {idea_ids[index] for index in PLAN}
    with store.transaction():
        for idea_id in idea_ids:
            store.update("idea", idea_id, {"candidate": 1 if idea_id in planned else 0})
        for index, (feas, impact, decision, owner, due, step, measure, reason) in PLAN.items():
            idea_id = idea_ids[index]
            for person in people[:6]:
                store.insert(
                    "rating",
                    {
                        "idea_id": idea_id,
                        "rater_key": f"r{person.id}",
                        "feasibility": max(1, min(5, round(feas + rng.choice((-1, 0, 0, 1))))),
                        "impact": max(1, min(5, round(impact + rng.choice((-1, 0, 0, 1))))),
                    },
                )
            store.insert(
                "placement",
                {"idea_id": idea_id, "feasibility": feas, "impact": impact, "pinned": 1},
            )
            store.insert(
                "action",
                {
                    "idea_id": idea_id,
                    "decision": decision,
                    "owner": owner,
                    "due_date": due,
                    "first_step": step,
                    "success_measure": measure,
                    "reason": reason,
                    "status": "in_progress" if index == 17 else "open",
                },
            )
