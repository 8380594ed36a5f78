"""Large, finished sessions for the benchmarks, built with the project's own operations.

`build_large(path, ideas=2000, participants=30)` records ideas turn by turn
round the table, merges and withdraws a few, votes, rates, places and decides,
like `facilitator.demo` but bigger. Writes that have no operation yet go
through `SessionStore.insert` inside a transaction, as the demo does. The
random generator is seeded, so the same arguments give the same session.

    python -m benchmarks.make_sessions OUT.roundtable [--ideas N] [--participants N]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore

FIRST = (
    "Agree",
    "Set up",
    "Trial",
    "Stop",
    "Bring back",
    "Write down",
    "Share",
    "Fund",
    "Protect",
    "Review",
    "Make time for",
    "Ask leaders to explain",
)
WHAT = (
    "a short huddle at the start of each shift",
    "the handover sheet for bank and agency staff",
    "breaks that nobody is called back from",
    "the rota changes, one week earlier",
    "a quiet room after a difficult shift",
    "training on the new equipment as a whole team",
    "the bed meeting decisions for the night team",
    "a named contact for every new starter",
    "the falls policy in one place on the ward PC",
    "study time inside working hours",
    "hot food for the night shift in surge weeks",
    "one near miss discussed at every huddle, without blame",
    "the reasons when beds are moved at short notice",
    "a peer support champion on every shift",
    "parking for staff who start before seven",
)
WHY = (
    "",
    "",
    " so that nobody hears about it second hand",
    " because the same problem comes back every winter",
    " — we lose an hour a week looking for things",
    " so new people feel part of the team from day one",
    " (the night team raised this twice last year)",
    " and tell us what happened to the idea afterwards",
)
FIRST_NAMES = ("Amara", "Tomasz", "Priya", "Declan", "Sofia", "Kwame", "Eleni", "Hannah", "Yusuf", "Grace")
LAST_NAMES = ("Okafor", "Wiśniewski", "Raman", "Byrne", "Andersson", "Mensah", "Price", "Demir", "Liu")


WHO = (
    "night staff",
    "bank nurses",
    "porters",
    "ward clerks",
    "junior doctors",
    "healthcare assistants",
    "physiotherapists",
    "pharmacists",
    "students",
    "domestic staff",
    "matrons",
    "theatre teams",
    "midwives",
    "radiographers",
    "dietitians",
    "volunteers",
)
WHERE = (
    "bay 3",
    "the discharge lounge",
    "outpatients",
    "the emergency department",
    "the day unit",
    "maternity",
    "the acute medical unit",
    "theatres",
    "the renal ward",
    "the stroke unit",
    "children's ward",
    "the community team",
    "the frailty unit",
    "the x-ray department",
    "the main kitchen",
    "pharmacy stores",
)
WHEN = (
    "at weekends",
    "during surge weeks",
    "before the bed meeting",
    "on long days",
    "in the first month",
    "at handover",
    "after nine at night",
    "over bank holidays",
    "in winter",
    "every quarter",
)


def idea_text(rng: random.Random) -> str:
    """A plausible idea: a request, often with who, where and when, so the words vary
    about as much as a real session's (most ideas share a few words, few share many)."""
    parts = [f"{rng.choice(FIRST)} {rng.choice(WHAT)}"]
    if rng.random() < 0.6:
        parts.append(f"for {rng.choice(WHO)}")
    if rng.random() < 0.5:
        parts.append(f"in {rng.choice(WHERE)}")
    if rng.random() < 0.4:
        parts.append(rng.choice(WHEN))
    return " ".join(parts) + f"{rng.choice(WHY)}."


def build_large(
    path: Path | str,
    ideas: int = 2000,
    participants: int = 30,
    seed: int = 7,
    finished: bool = True,
    phase: str | None = None,
    team: str = "All wards",
    date: str = "2026-11-19",
) -> Path:
    """Write a session with `ideas` ideas and `participants` people to a new file.

    `finished`: also merged, voted, rated, placed and decided, as after a whole session;
    otherwise it stops after the round table. `phase`: the phase it opens on.
    """
    rng = random.Random(seed)
    path = Path(path)
    store = SessionStore.create(path, title=f"Trust-wide listening session ({ideas:,} ideas)")
    try:
        session_ops.update_info(
            store,
            question="What would make the biggest difference to how we work together?",
            date=date,
            place="Main hall",
            facilitator="Jo Whitfield",
            team=team,
            organisation="Riverside Community Hospital",
        )
        names = [f"{FIRST_NAMES[i % 10]} {LAST_NAMES[(i * 7) % 9]} {i + 1}" for i in range(participants)]
        people = people_ops.add_participants(store, "\n".join(names)).value
        themes = [t.id for t in store.themes()]
        idea_ids = _record_rounds(store, people, themes, ideas, rng)
        if finished:
            _merge_and_withdraw(store, idea_ids, rng)
            _vote(store, people, idea_ids, rng)
            _prioritize_and_plan(store, idea_ids, rng)
            _answer_the_rest(store)
            with store.transaction():
                store.update("session", 1, {"phase": "minutes", "revealed": 1})
        else:
            session_ops.set_phase(store, "round_table")
        if phase is not None:
            session_ops.set_phase(store, phase)
    finally:
        store.close()
    return path


PROGRAMME_TEAMS = tuple(f"Ward {n}" for n in range(1, 13))
PROGRAMME_DATES = ("2025-03-12", "2025-06-18", "2025-09-17", "2026-03-11", "2026-06-17")


def build_programme(
    folder: Path | str, sessions: int = 60, ideas: int = 50, participants: int = 10
) -> list[Path]:
    """`sessions` finished sessions of `ideas` ideas each in `folder`: twelve teams, each
    meeting on five dates (a programme's debriefs and follow-ups), every one with its own words."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(sessions):
        team, date = PROGRAMME_TEAMS[n % 12], PROGRAMME_DATES[(n // 12) % 5]
        path = folder / f"{team.lower().replace(' ', '-')}-{date}.roundtable"
        if not path.exists():
            build_large(path, ideas=ideas, participants=participants, seed=1000 + n, team=team, date=date)
        paths.append(path)
    return paths


def _record_rounds(store: SessionStore, people: list[int], themes: list[int], total: int, rng) -> list[int]:
    """Turns round the table until `total` ideas are recorded; one commit per round keeps it quick."""
    idea_ids: list[int] = []
    round_no = 0
    while len(idea_ids) < total:
        round_no += 1
        with store.transaction():
            for seat, person in enumerate(people):
                speaks = len(idea_ids) < total and rng.random() < 0.85
                stamp = f"2026-11-19T{9 + round_no // 12:02d}:{(round_no * 5) % 60:02d}:{seat % 60:02d}"
                turn = store.insert(
                    "turn",
                    {
                        "participant_id": person,
                        "round": round_no,
                        "started_at": stamp,
                        "ended_at": stamp,
                        "passed": 0 if speaks else 1,
                    },
                )
                if speaks:
                    result = idea_ops.add_idea(
                        store, idea_text(rng), theme_id=rng.choice(themes), round=round_no, turn_id=turn
                    )
                    idea_ids.append(result.value)
    with store.transaction():
        store.update("session", 1, {"current_round": round_no + 1, "current_seat": 0})
    return idea_ids


def _merge_and_withdraw(store: SessionStore, idea_ids: list[int], rng) -> None:
    """About 2% of ideas are merged duplicates and 1% are withdrawn, each with a reason."""
    pool = idea_ids[:]
    rng.shuffle(pool)
    merges = len(idea_ids) // 50
    with store.transaction():
        for n in range(merges):
            idea_ops.merge_ideas(store, pool[2 * n], [pool[2 * n + 1]])
        for idea_id in pool[2 * merges : 2 * merges + len(idea_ids) // 100]:
            idea_ops.withdraw_idea(store, idea_id, "Already done by another team the same week.")


def _vote(store: SessionStore, people: list[int], idea_ids: list[int], rng) -> None:
    """One private ballot of five dots per person (at most three on a card), and a few paper tallies."""
    cards = [i.id for i in store.ideas() if i.is_active]
    favourites = rng.sample(cards, min(60, len(cards)))
    with store.transaction():
        for person in people:
            dots: dict[int, int] = {}
            while sum(dots.values()) < 5:
                pick = rng.choice(favourites[: rng.randint(1, len(favourites))])
                if dots.get(pick, 0) < 3:
                    dots[pick] = dots.get(pick, 0) + 1
            ballot = store.insert("ballot", {"id": rng.getrandbits(62)})
            for idea_id, count in dots.items():
                store.insert(
                    "dot",
                    {"id": rng.getrandbits(62), "ballot_id": ballot, "idea_id": idea_id, "count": count},
                )
            store.insert("voter", {"participant_id": person})
        for idea_id in favourites[:5]:
            store.insert("tally", {"idea_id": idea_id, "count": rng.randint(1, 4), "method": "paper"})


DECISIONS = ("do_now", "plan", "later", "not_now")


def _prioritize_and_plan(store: SessionStore, idea_ids: list[int], rng) -> None:
    """The 40 cards with most dots reach the matrix: rated by six people, placed and decided."""
    totals: dict[int, int] = {}
    for idea_id, count in store.db.conn.execute("SELECT idea_id, count FROM dot"):
        totals[idea_id] = totals.get(idea_id, 0) + count
    chosen = sorted(totals, key=lambda i: (-totals[i], i))[:40]
    with store.transaction():
        for idea_id in chosen:
            store.update("idea", idea_id, {"candidate": 1})
            feasibility, impact = rng.randint(1, 5), rng.randint(1, 5)
            for rater in range(6):
                store.insert(
                    "rating",
                    {
                        "idea_id": idea_id,
                        "rater_key": f"r{rater}",
                        "feasibility": max(1, min(5, feasibility + rng.choice((-1, 0, 0, 1)))),
                        "impact": max(1, min(5, impact + rng.choice((-1, 0, 0, 1)))),
                    },
                )
            store.insert(
                "placement", {"idea_id": idea_id, "feasibility": feasibility, "impact": impact, "pinned": 0}
            )
            decision = rng.choice(DECISIONS)
            commitment = decision in ("do_now", "plan")
            store.insert(
                "action",
                {
                    "idea_id": idea_id,
                    "decision": decision,
                    "owner": "Priya Raman" if commitment else "",
                    "due_date": "2027-02-01" if commitment else "",
                    "first_step": "Book a slot at the next team meeting" if commitment else "",
                    "success_measure": "Done on 9 shifts in 10" if commitment else "",
                    "reason": "" if commitment else "Needs funding agreed in the spring review.",
                },
            )


NOT_TAKEN_FORWARD = "Fewer votes this time; it stays on the list for the follow-up session."


def _answer_the_rest(store: SessionStore) -> None:
    """Every idea gets an answer: one reason covers the cards heard and not taken forward."""
    from facilitator.core.outcome import needs_reason_not_taken_forward

    waiting = needs_reason_not_taken_forward(store.load())
    with store.transaction():
        for idea_id in waiting:
            store.insert("action", {"idea_id": idea_id, "reason": NOT_TAKEN_FORWARD})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--ideas", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--unfinished", action="store_true", help="stop after the round table")
    parser.add_argument("--phase", help="the phase the session opens on")
    args = parser.parse_args()
    build_large(args.out, args.ideas, args.participants, finished=not args.unfinished, phase=args.phase)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
