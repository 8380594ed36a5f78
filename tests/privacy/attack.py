"""Shared pieces of the attacks: scoring against ground truth, and what chance would give.

An attack produces a guess (person -> ballot, person -> rater token, idea -> speaker).
Its score is the number of correct guesses. "No better than chance" is checked
with a permutation test: the same guess made against a random shuffle of the
truth, 20,000 times with a fixed seed; the attack may score no more than the
99.9th percentile of that (so a sound file fails this at most once in a thousand
seeds, and the seeds are fixed, so the test is deterministic).
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence

TRIALS = 20_000
QUANTILE = 0.999


def hits(guess: Mapping[Hashable, Hashable], truth: Mapping[Hashable, Hashable]) -> int:
    return sum(1 for key, value in truth.items() if guess.get(key) == value)


def chance_limit(guess: Sequence[Hashable], truth: Sequence[Hashable] | None = None, seed: int = 14) -> int:
    """The most hits `guess[i] == truth[i]` gets by luck, at the 99.9th percentile, when the
    truth is a random shuffle of `truth` (by default the guessed values themselves)."""
    rng = random.Random(seed)
    shuffled = list(guess if truth is None else truth)
    scores = []
    for _ in range(TRIALS):
        rng.shuffle(shuffled)
        scores.append(sum(1 for a, b in zip(guess, shuffled, strict=True) if a == b))
    scores.sort()
    return scores[int(QUANTILE * TRIALS)]


def zip_guess(people: Sequence[Hashable], things: Sequence[Hashable]) -> dict:
    """The k-th person in one order owns the k-th thing in another."""
    return dict(zip(people, things, strict=False))
