"""Suggested duplicates: paraphrases and typos are found, unrelated ideas are not."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
import tracemalloc

from facilitator.core.model import Idea
from facilitator.core.similarity import (
    DEFAULT_THRESHOLD,
    find_duplicates,
    fold,
    suggest_duplicates,
    typo_aliases,
    words,
)
from facilitator.demo import build_demo
from facilitator.store.session_store import SessionStore

TEXTS = [
    "Hold a ten-minute huddle at the start of every shift.",  # 1
    "Replace the broken hoist on bay 3; we keep borrowing one from next door.",  # 2
    "Start each shift with a short huddle so everyone hears the same plan.",  # 3
    "Free hot food for the night shift during surge weeks.",  # 4
    "A huddel at the start of each shift",  # 5 (typo)
    "Replace the broken hoists in bay three",  # 6
    "Give the ward its own page on the intranet.",  # 7
]


def _ideas(texts: list[str]) -> list[Idea]:
    return [Idea(n, t, position=n) for n, t in enumerate(texts, start=1)]


def _pairs(result) -> list[tuple[int, int]]:
    return [(p.first, p.second) for p in result]


def test_folding_matches_word_forms() -> None:
    assert fold("huddles") == fold("huddle")
    assert fold("shared") == fold("share") == fold("sharing")
    assert words("The Night shifts") == {"night", "shift"}


def test_duplicates_are_suggested_ranked_and_unrelated_ideas_are_not() -> None:
    result = suggest_duplicates(_ideas(TEXTS))
    pairs = _pairs(result)
    assert (3, 5) in pairs  # typo plus paraphrase
    assert (1, 5) in pairs
    assert (2, 6) in pairs  # plural and "on"/"in"
    assert (1, 3) in pairs
    assert all(7 not in p for p in pairs)
    scores = [p.score for p in result]
    assert scores == sorted(scores, reverse=True)
    assert all(p.score >= DEFAULT_THRESHOLD for p in result)
    assert all(p.first < p.second for p in result)


def test_withdrawn_merged_and_dismissed_are_left_out() -> None:
    ideas = _ideas(TEXTS)
    ideas[4].withdrawn = True  # 5
    ideas[5].merged_into = 2  # 6
    pairs = _pairs(suggest_duplicates(ideas, dismissed=[(3, 1)]))
    assert not any({5, 6} & set(p) for p in pairs)
    assert (1, 3) not in pairs


def test_threshold_and_limit() -> None:
    ideas = _ideas(TEXTS)
    assert suggest_duplicates(ideas, threshold=1.01) == []
    assert len(suggest_duplicates(ideas, limit=2)) == 2
    assert suggest_duplicates([]) == []
    assert suggest_duplicates(_ideas(["the of and", "the of and"])) == []  # no content words


def test_a_duplicate_is_found_among_five_hundred_ideas() -> None:
    """The size of a large session (timed separately: about 0.1 s for 500 ideas)."""
    rng = random.Random(7)
    vocabulary = [w for w in " ".join(TEXTS[:4]).split() if w.lower() not in {"hoist", "bay"}]
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(5, 25))) for _ in range(498)]
    texts += ["Replace the broken hoist on bay 3", "The broken hoists on bay 3 need replacing"]
    result = suggest_duplicates(_ideas(texts))
    assert result
    assert (499, 500) in _pairs(result)


# ---- the streaming algorithm against the definition ----------------------------------------------


def _every_pair(ideas: list[Idea], threshold: float = DEFAULT_THRESHOLD, dismissed=()) -> list[tuple]:
    """The definition, pair by pair: every two cards that share a word held by at most a
    quarter of the cards, scored by the mean of the weighted Dice and overlap coefficients."""
    cards = sorted((i for i in ideas if i.is_active), key=lambda i: (i.position, i.id))
    bags = [words(i.text) for i in cards]
    alias = typo_aliases(w for bag in bags for w in bag)
    bags = [{alias.get(w, w) for w in bag} for bag in bags]
    n = len(cards)
    frequency = {w: sum(w in bag for bag in bags) for bag in bags for w in bag}
    weight = {w: math.log(1 + n / f) for w, f in frequency.items()}
    skip = {(min(a, b), max(a, b)) for a, b in dismissed}
    found = []
    for a, b in itertools.combinations(range(n), 2):
        shared = bags[a] & bags[b]
        if not any(frequency[w] <= max(3, n // 4) for w in shared):
            continue
        mass_a, mass_b = (sum(weight[w] for w in bags[x]) for x in (a, b))
        both = sum(weight[w] for w in shared)
        score = (2 * both / (mass_a + mass_b) + both / min(mass_a, mass_b)) / 2
        first, second = cards[a].id, cards[b].id
        if score >= threshold and (min(first, second), max(first, second)) not in skip:
            found.append((first, second, round(score, 4)))
    return sorted(found, key=lambda p: (-p[2], p[0], p[1]))


ASK = ("Agree", "Trial", "Stop", "Bring back", "Write down", "Share", "Fund", "Protect", "Review")
WHAT = (
    "a short huddle at the start of each shift",
    "the handover sheet for bank and agency staff",
    "breaks that nobody is called back from",
    "the rota changes one week earlier",
    "a quiet room after a difficult shift",
    "training on the new equipment as a whole team",
    "a named contact for every new starter",
    "study time inside working hours",
    "hot food for the night shift in surge weeks",
    "parking for staff who start before seven",
)
WHO = ("porters", "ward clerks", "junior doctors", "pharmacists", "students", "matrons", "midwives")
WHERE = ("bay 3", "outpatients", "the day unit", "maternity", "theatres", "the renal ward", "pharmacy")


def _generated(count: int, seed: int) -> list[Idea]:
    """Ideas that vary as a large session's do: most share a few words, few share many."""
    rng = random.Random(seed)
    ideas = []
    for n in range(1, count + 1):
        text = f"{rng.choice(ASK)} {rng.choice(WHAT)}"
        if rng.random() < 0.6:
            text += f" for {rng.choice(WHO)}"
        if rng.random() < 0.5:
            text += f" in {rng.choice(WHERE)}"
        ideas.append(Idea(n, text, position=(n * 7919) % (count + 1)))
    return ideas


def test_suggestions_on_the_demo_are_those_of_scoring_every_pair(tmp_path) -> None:
    """As good as scoring every pair: on the demo as recorded, with the room's two merges
    undone (the huddle pair comes back), and on a generated session with dismissals."""
    path = build_demo(tmp_path / "demo.roundtable")
    store = SessionStore.open(path, read_only=True)
    recorded = store.ideas()
    store.close()
    unmerged = [dataclasses.replace(i, merged_into=None) for i in recorded]
    for ideas in (recorded, unmerged):
        expected = _every_pair(ideas)
        assert [(p.first, p.second, p.score) for p in suggest_duplicates(ideas)] == expected
        assert expected
    texts = {i.id: i.text for i in unmerged}
    huddles = [p for p in suggest_duplicates(unmerged) if "huddle" in texts[p.first] + texts[p.second]]
    assert huddles and all("huddle" in texts[p.first] and "huddle" in texts[p.second] for p in huddles)

    ideas = _generated(300, seed=3)
    dismissed = [(n + 4, n) for n in range(1, 300, 7)]
    expected = _every_pair(ideas, dismissed=dismissed)
    found = find_duplicates(ideas, dismissed=dismissed, limit=25)
    assert [(p.first, p.second, p.score) for p in found.pairs] == expected[:25]
    assert found.total == len(expected) > 1000


def test_memory_does_not_grow_with_the_number_of_pairs() -> None:
    """Only the best pairs are kept while the rest are counted: with over 20,000 pairs
    qualifying, the search peaks at a small fraction of what keeping them all takes."""
    ideas = _generated(600, seed=11)
    tracemalloc.start()
    try:
        found = find_duplicates(ideas, limit=60)
        _, best_only = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        every = find_duplicates(ideas)
        _, keeping_all = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found.total == every.total == len(every.pairs) > 20_000
    assert found.pairs == every.pairs[:60]
    assert best_only < 2_000_000 and best_only * 4 < keeping_all
