"""Suggested duplicates: paraphrases and typos are found, unrelated ideas are not."""

from __future__ import annotations

import random

from facilitator.core.model import Idea
from facilitator.core.similarity import DEFAULT_THRESHOLD, fold, suggest_duplicates, words

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
