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
scored, one card at a time through an inverted index, and only the best pairs
are kept, so memory stays flat however many pairs qualify.
"""

from __future__ import annotations

import difflib
import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
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


@dataclass(frozen=True)
class Suggestions:
    """The pairs most alike (at most the limit asked for) and how many pairs qualify in all."""

    pairs: list[SuggestedPair]
    total: int


def find_duplicates(
    ideas: Iterable[Idea],
    threshold: float = DEFAULT_THRESHOLD,
    dismissed: Iterable[tuple[int, int]] = (),
    limit: int | None = None,
    pause: Callable[[], object] | None = None,
) -> Suggestions:
    """Pairs of cards scoring at least `threshold`, most alike first, and their number.

    Withdrawn ideas and wordings already merged into a card are ignored, and so
    is every pair the facilitator dismissed (in either order).

    Memory does not grow with the number of pairs: cards are taken one at a time,
    and each is scored against the earlier cards that share a word with it through
    an inverted index (word -> earlier cards), adding up the weights of the shared
    words per card in one accumulator that is dropped before the next card. Only
    the best `limit` pairs are kept (a heap) while the others are counted.

    `pause`, if given, is called after each card: a background thread passes one that lets
    the window's thread run, so working the pairs out never makes the window wait.
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
    ids = [card.id for card in cards]

    # Candidates share a word that is not in most ideas; very common words add
    # little weight, and pairing every idea that has them would be quadratic.
    # They still count in the score of a pair that shares a rarer word too.
    common = max(3, n // 4)
    rare_bags = [[(w, weight[w]) for w in bag if frequency[w] <= common] for bag in bags]
    bit = {w: 1 << k for k, w in enumerate(sorted(w for w, f in frequency.items() if f > common))}
    common_masks = [sum(bit[w] for w in bag if w in bit) for bag in bags]
    common_weight: dict[int, float] = {}  # a set of common words (as bits) -> their weight

    holders: dict[str, list[int]] = defaultdict(list)  # word -> the earlier cards that have it
    best: list[tuple[float, int, int]] = []  # min-heap of (score, -first, -second), the best `limit`
    found: list[SuggestedPair] = []  # every pair, when no limit is asked for
    total = 0
    for b in range(n):
        if pause is not None:
            pause()
        shared_rare: dict[int, float] = {}
        get = shared_rare.get
        for w, wt in rare_bags[b]:
            earlier = holders[w]
            for a in earlier:
                shared_rare[a] = get(a, 0.0) + wt
            earlier.append(b)
        mass_b, mask_b, id_b = mass[b], common_masks[b], ids[b]
        for a, shared in shared_rare.items():
            if mask_b:
                both = mask_b & common_masks[a]
                if both:
                    extra = common_weight.get(both)
                    if extra is None:
                        extra = common_weight[both] = sum(weight[w] for w, k in bit.items() if both & k)
                    shared += extra
            mass_a = mass[a]
            score = (2 * shared / (mass_a + mass_b) + shared / (mass_a if mass_a < mass_b else mass_b)) / 2
            if score < threshold:
                continue
            if skip and (min(ids[a], id_b), max(ids[a], id_b)) in skip:
                continue
            total += 1
            if limit is None:
                found.append(SuggestedPair(ids[a], id_b, round(score, 4)))
            elif len(best) < limit:
                heapq.heappush(best, (round(score, 4), -ids[a], -id_b))
            elif limit and score + 0.0001 >= best[0][0]:  # rounded, it may make the list
                entry = (round(score, 4), -ids[a], -id_b)
                if entry > best[0]:
                    heapq.heapreplace(best, entry)
    if limit is not None:
        found = [SuggestedPair(-first, -second, score) for score, first, second in best]
    found.sort(key=lambda p: (-p.score, p.first, p.second))
    return Suggestions(found, total)


def suggest_duplicates(
    ideas: Iterable[Idea],
    threshold: float = DEFAULT_THRESHOLD,
    dismissed: Iterable[tuple[int, int]] = (),
    limit: int | None = None,
) -> list[SuggestedPair]:
    """Pairs of cards scoring at least `threshold`, most alike first (see `find_duplicates`)."""
    return find_duplicates(ideas, threshold, dismissed, limit).pairs
