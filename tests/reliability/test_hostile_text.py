"""Hostile idea texts through every format: the store, a reopened file, the minutes PDF and the CSV.

Hypothesis builds texts from markup, control characters (NUL included), lone
surrogates, right-to-left runs and marks, emoji with joiners and skin tones,
combining accents, and texts around the 10,000-character limit. The promise:
no crash anywhere; the file gives back exactly `clean_idea_text(text)` (which
drops control characters); the CSV gives back exactly what the file holds; the
PDF prints every word (emoji as a white square) wherever it can carry the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core.errors import RuleError
from facilitator.core.text import MAX_IDEA_CHARS, clean_idea_text
from facilitator.ops import ideas as idea_ops
from facilitator.store.session_store import SessionStore

PIECES = (
    # markup that reportlab, HTML or XML would act on
    "<b>",
    "</para>",
    "<font size=40>",
    "&amp;",
    "&lt;",
    "&#0;",
    "<![CDATA[",
    "]]>",
    "<br/>",
    "%PDF-1.4",
    "(",
    ")",
    "\\",
    '"',
    "'",
    ",",
    ";",
    # spreadsheet formulas
    "=SUM(A1)",
    "+1",
    "-2",
    "@cmd",
    # control characters, line ends and separators
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\x85",
    "\u2028",
    "\u2029",
    "\x0c",
    # lone surrogates (half an emoji cut off by another program)
    "\ud83d",
    "\udc4d",
    # right to left
    "שלום",
    "مرحبا بالعالم",
    "\u202e",
    "\u200f",
    "\u202a",
    "\u2066",
    # emoji, joiners, flags, variation selectors
    "👨\u200d👩\u200d👧",
    "👍🏽",
    "🇬🇧",
    "☕\ufe0f",
    "🎉",
    # combining, zero width, others
    "e\u0301",
    "\u0300",
    "\u200b",
    "\ufeff",
    "会议",
    "𝐀",
    "Łódź",
    " ",
    "word",
)

piece = st.sampled_from(PIECES)
mixed = st.lists(st.one_of(piece, piece, st.text(max_size=6)), min_size=1, max_size=14).map("".join)
long_text = st.tuples(
    piece.filter(lambda p: p.strip()), st.integers(MAX_IDEA_CHARS - 60, MAX_IDEA_CHARS + 40)
).map(lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[: pair[1]])
hostile = st.one_of(mixed, mixed, mixed, long_text, st.text(min_size=1, max_size=30))

STORE_EXAMPLES = 300
EXPORT_EXAMPLES = 25


def _expected(text: str) -> str | None:
    try:
        return clean_idea_text(text)
    except RuleError:
        return None


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.roundtable"
    SessionStore.create(path).close()
    return path


@settings(max_examples=STORE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile)
def test_store_and_reopen_give_back_exactly_the_cleaned_text(store_path: Path, text: str) -> None:
    expected = _expected(text)
    store = SessionStore.open(store_path)
    try:
        count = store.count("idea")
        if expected is None:
            with pytest.raises(RuleError):
                idea_ops.add_idea(store, text)
            assert store.count("idea") == count
            return
        before = Counter(i.text for i in store.ideas())
        idea_ops.add_idea(store, text)
    finally:
        store.close()  # seals the anonymous session: ids change, so the idea is found by its text
    reopened = SessionStore.open(store_path, read_only=True)
    try:
        assert Counter(i.text for i in reopened.ideas()) - before == Counter({expected: 1})
    finally:
        reopened.close()
    assert "\x00" not in expected and len(expected) <= MAX_IDEA_CHARS


# ---- the minutes PDF and the CSV ------------------------------------------------------------

BIDI_RTL = {"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "PDF", "PDI", "FSI"}


def _comparable_in_pdf(text: str) -> bool:
    """Text that pypdf reads back in logical order: no right-to-left runs or bidi controls
    (drawn in visual order), and no U+FEFF, after which pypdf reorders the characters it
    extracts although the page shows them right (poppler's pdftotext reads them correctly)."""
    return "\ufeff" not in text and not any(unicodedata.bidirectional(c) in BIDI_RTL for c in text)


def _squash(text: str) -> str:
    """Compare as pypdf extracts: no whitespace at all (wrapping may add or drop it), no
    zero-width or invisible characters (they draw nothing, so nothing comes back), and no
    characters beyond U+FFFF. The bundled font draws a few of those (😀), but reportlab
    writes them into the PDF's ToUnicode map as one odd-length code instead of a UTF-16
    pair, so no reader can extract them."""
    text = re.sub(r"\s+", "", text)
    return "".join(
        c for c in text if unicodedata.category(c) not in ("Cf", "Mn", "Zl", "Zp") and ord(c) <= 0xFFFF
    )


def _session_of(path: Path, texts: list[str]) -> list[int]:
    store = SessionStore.create(path, title="Hostile <b>text</b> & co")
    try:
        ids = []
        for text in texts:
            if _expected(text) is not None:
                ids.append(idea_ops.add_idea(store, text).value)
        if len(ids) >= 3:
            idea_ops.merge_ideas(store, ids[0], [ids[1]])
            idea_ops.withdraw_idea(store, ids[2], texts[-1] if _expected(texts[-1]) else "no reason given")
        return ids
    finally:
        store.close()


@settings(
    max_examples=EXPORT_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(texts=st.lists(hostile, min_size=1, max_size=5))
def test_reopened_session_exports_to_pdf_and_csv(tmp_path_factory, texts: list[str]) -> None:
    pdf = pytest.importorskip("facilitator.export.minutes_pdf")
    csv_io = pytest.importorskip("facilitator.export.csv_io")
    from tests.export.conftest import pdf_body, printed

    path = tmp_path_factory.mktemp("export") / "hostile.roundtable"
    _session_of(path, texts)
    store = SessionStore.open(path, read_only=True)
    try:
        state = store.load()
    finally:
        store.close()
    stored = [i.text for i in state.ideas]
    assert sorted(stored) == sorted(e for e in map(_expected, texts) if e is not None)

    # CSV: exactly the stored texts back, through export and import, and the reasons too.
    data = csv_io.ideas_to_csv(state)
    if stored:
        # Listed by theme and text, never in the order recorded: the same texts, each once.
        assert sorted(row.text for row in csv_io.parse_ideas_csv(data)) == sorted(stored)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    pairs = sorted((csv_io.restore(r["text"]), csv_io.restore(r["withdrawn_reason"])) for r in rows)
    assert pairs == sorted((i.text, i.withdrawn_reason) for i in state.ideas)

    # PDF: no crash, and every idea's words are there wherever the PDF keeps reading order.
    body = _squash(pdf_body(pdf.build_minutes_pdf(state, generated=dt.datetime(2026, 11, 20), charts=False)))
    for text in stored:
        if _comparable_in_pdf(text):
            assert _squash(printed(text)) in body, text
