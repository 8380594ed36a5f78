"""Likely duplicate ideas, for the facilitator to accept or dismiss.

Ideas said round a table are short and paraphrased ("a huddle at the start of
each shift" / "start every shift with a short huddle"), so whole-string
character matching (difflib's ratio on sentences) scores unrelated ideas about
as high as duplicates. Instead each idea becomes a set of content words, with
stop words dropped, plurals and -ing/-ed endings folded, and typos folded onto
a close spelling (difflib, word by word). Two ideas score by the words they
share, each word weighted by how rare it is in the session (so "huddle" counts
for more than "staff"): the mean of the weighted Dice coefficient and the
weighted overlap with the shorter idea. Only pairs that share a word are
scored, so 500 ideas take a fraction of a second.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from facilitator.core.model import Idea

DEFAULT_THRESHOLD = 0.3

_STOP_TEXT = """a about after again all also am an and any are as at be been before being both but by can
    could did do does doing done each even every few for from get gets got had has have having he
    her here his how i if in into is it its just let lets like make may me more most much must my
    need needs no nor not now of off on once one only or other our ours out over own please same
    she should so some such than that the their them then there these they this those to too
    under until up us very via want was we were what when where which while who why will with
    would yet you your"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SuggestedPair:
    """Two cards that may say the same thing. `first` is the earlier card."""

    first: int
    second: int
    score: float  # 0..1, higher is more alike


def fold(word: str) -> str:
    """A crude stem: enough to match plurals and verb forms of the same word."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def words(text: str) -> frozenset[str]:
    """The content words of an idea, folded."""
    return frozenset(fold(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)


def typo_aliases(vocabulary: Iterable[str]) -> dict[str, str]:
    """Fold misspellings onto one spelling ("huddel" -> "huddl"). Only words of five
    letters or more that start alike and differ by about one letter are joined."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for word in sorted(set(vocabulary)):
        if len(word) >= 5:
            buckets[word[:2]].append(word)
    alias: dict[str, str] = {}
    matcher = difflib.SequenceMatcher(autojunk=False)
    for bucket in buckets.values():
        for i, word in enumerate(bucket):
            if word in alias:
                continue
            matcher.set_seq2(word)
            for other in bucket[i + 1 :]:
                if other in alias or abs(len(other) - len(word)) > 2:
                    continue
                matcher.set_seq1(other)
                # real_quick_ratio and quick_ratio are cheap upper bounds of ratio.
                if (
                    matcher.real_quick_ratio() >= 0.85
                    and matcher.quick_ratio() >= 0.85
                    and matcher.ratio() >= 0.85
                ):
                    alias[other] = word
    return alias


def suggest_duplicates(
    ideas: Iterable[Idea],
    threshold: float = DEFAULT_THRESHOLD,
    dismissed: Iterable[tuple[int, int]] = (),
    limit: int | None = None,
) -> list[SuggestedPair]:
    """Pairs of cards scoring at least `threshold`, most alike first.

    Withdrawn ideas and wordings already merged into a card are ignored, and so
    is every pair the facilitator dismissed (in either order).
    """
    cards = sorted((i for i in ideas if i.is_active), key=lambda i: (i.position, i.id))
    skip = {(min(a, b), max(a, b)) for a, b in dismissed}
    bags = [words(i.text) for i in cards]
    alias = typo_aliases(itertools.chain.from_iterable(bags))
    bags = [frozenset(alias.get(w, w) for w in bag) for bag in bags]
    frequency = Counter(itertools.chain.from_iterable(bags))
    n = len(cards)
    weight = {w: math.log(1 + n / f) for w, f in frequency.items()}
    mass = [sum(weight[w] for w in bag) for bag in bags]

    # Candidates share a word that is not in most ideas; very common words add
    # little weight, and pairing every idea that has them would be quadratic.
    common = max(3, n // 4)
    holders: dict[str, list[int]] = defaultdict(list)
    for index, bag in enumerate(bags):
        for w in bag:
            if frequency[w] <= common:
                holders[w].append(index)
    candidates: set[tuple[int, int]] = set()
    for indices in holders.values():
        candidates.update(itertools.combinations(indices, 2))

    pairs: list[SuggestedPair] = []
    for a, b in candidates:
        shared = sum(weight[w] for w in bags[a] & bags[b])
        dice = 2 * shared / (mass[a] + mass[b])
        overlap = shared / min(mass[a], mass[b])
        score = (dice + overlap) / 2
        first, second = cards[a].id, cards[b].id
        if score >= threshold and (min(first, second), max(first, second)) not in skip:
            pairs.append(SuggestedPair(first, second, round(score, 4)))
    pairs.sort(key=lambda p: (-p.score, p.first, p.second))
    return pairs[:limit] if limit is not None else pairs
