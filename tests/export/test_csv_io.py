"""CSV out and in: BOM, formula neutralising, detected encodings and delimiters,
line numbers in errors, and an exact round trip of every text."""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core.text import clean_idea_text
from facilitator.export.csv_io import (
    COLUMNS,
    FORMULA_STARTS,
    CsvError,
    ideas_to_csv,
    neutralise,
    parse_ideas_csv,
    restore,
)
from facilitator.ops.importing import import_ideas
from facilitator.store.session_store import SessionStore
from tests.export.conftest import HOSTILE, make_state


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_export_has_bom_header_and_one_row_per_idea(demo_path: Path) -> None:
    store = SessionStore.open(demo_path, read_only=True)
    state = store.load()
    store.close()
    data = ideas_to_csv(state)
    assert data.startswith(codecs.BOM_UTF8)
    rows = rows_of(data)
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(state.ideas) == 31
    huddle = next(r for r in rows if r["owner"] == "Priya Raman" and r["due_date"] == "2027-01-08")
    assert huddle["quadrant"] == "Quick win" and huddle["decision"] == "Do now"
    assert huddle["feasibility"] == "4.5" and huddle["status"] == "Open"
    merged = [r for r in rows if r["merged_into"]]
    assert len(merged) == 2 and all(r["merged_into"].isdigit() for r in merged)
    withdrawn = [r for r in rows if r["withdrawn"] == "yes"]
    assert len(withdrawn) == 1 and withdrawn[0]["withdrawn_reason"].startswith("Raised again by Estates")
    later = [r for r in rows if r["decision"] in ("Later", "Not now")]
    assert len(later) == 3 and all(r["reason"] for r in later)
    assert sum(1 for r in rows if r["quadrant"] == "heard, not prioritized this time") == 16


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_formula_cells_are_neutralised(start: str) -> None:
    # A stored idea never starts with a tab or CR (text is trimmed), but owners and themes are cells too.
    text = f"{start}HYPERLINK(1)" if start not in "\t\r" else "A plain idea"
    state = make_state([text], placed=1)
    state.themes[0].name = f"{start}theme"
    state.ideas[0].theme_id = state.themes[0].id
    state.actions[0].owner = f"{start}owner"
    [row] = rows_of(ideas_to_csv(state))
    assert not any(v.startswith(FORMULA_STARTS) for v in row.values())
    assert row["theme"] == f"'{start}theme" and row["owner"] == f"'{start}owner"
    if start not in "\t\r":
        assert row["text"] == f"'{text}"


def test_hostile_texts_survive_export_and_import() -> None:
    texts = [clean_idea_text(t) for t in HOSTILE.values()]
    parsed = parse_ideas_csv(ideas_to_csv(make_state(texts)))
    assert sorted(p.text for p in parsed) == sorted(texts)  # listed by theme and text, not as recorded


@given(st.text(max_size=30))
def test_neutralise_is_undone_exactly(cell: str) -> None:
    safe = neutralise(cell)
    assert restore(safe) == cell
    assert not safe.startswith(FORMULA_STARTS)


idea_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() and _clean_or_none(t) == t)


def _clean_or_none(text: str) -> str | None:
    try:
        return clean_idea_text(text)
    except Exception:
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(idea_texts, min_size=1, max_size=8))
def test_round_trip_into_a_new_file_preserves_texts_exactly(texts: list[str]) -> None:
    """Export, then import into a new session file: the same texts (listed by text, never in
    the order they were recorded)."""
    data = ideas_to_csv(make_state(texts))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "new.roundtable"
        store = SessionStore.create(path)
        try:
            import_ideas(store, parse_ideas_csv(data))
            assert sorted(i.text for i in store.ideas()) == sorted(texts)
        finally:
            store.close()


def _file(lines: list[str], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for line in lines:
        writer.writerow(line)
    return out.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_detected(delimiter: str) -> None:
    text = _file([["theme", "text", "author"], ["Safety", "Fix the hoist, soon; please", "Ann"]], delimiter)
    [idea] = parse_ideas_csv(text.encode())
    assert (idea.text, idea.theme, idea.author) == ("Fix the hoist, soon; please", "Safety", "Ann")


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1252"]
)
def test_encoding_is_detected(encoding: str) -> None:
    text = _file([["text", "theme"], ["Café crème for the night shift — please", "Soutien"]])
    if encoding == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    [idea] = parse_ideas_csv(data)
    assert idea.text == "Café crème for the night shift — please"


def test_single_column_keeps_commas_in_the_text() -> None:
    ideas = parse_ideas_csv(b'Text\nMore staff, fewer forms\n\n"Quoted, with a ""quote"""\n')
    assert [i.text for i in ideas] == ["More staff, fewer forms", 'Quoted, with a "quote"']
    assert [i.line for i in ideas] == [2, 4]


def test_idea_alias_and_extra_columns_are_fine() -> None:
    [idea] = parse_ideas_csv(b"id;Idea;votes\n7;Better rota;3\n")
    assert idea.text == "Better rota" and idea.theme == ""


def test_bad_row_names_its_line() -> None:
    data = _file([["text", "theme"], ["one", "A"], ["two\nlines", "B"]]) + "three,B,extra\r\n"
    with pytest.raises(CsvError, match=r"^Line 5 has 3 columns but the first line names 2"):
        parse_ideas_csv(data.encode())


def test_empty_text_names_its_line() -> None:
    with pytest.raises(CsvError, match=r"^Line 3 has no text in the 'text' column"):
        parse_ideas_csv(b"text,theme\nfine,A\n,B\n")


def test_too_long_text_names_its_line() -> None:
    with pytest.raises(CsvError, match=r"^Line 2: An idea can be at most 10,000 characters"):
        parse_ideas_csv(b"text\n" + b"a" * 10_001 + b"\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"theme,author\nA,B\n", "Line 1 must name the columns"),
        (b"text\n", "holds no ideas"),
        (b"\x00\x01\x02binary", "not a text file"),
        (b'text,theme\n"open quote,A\n', "quoting is broken"),
    ],
)
def test_unreadable_files_say_why(data: bytes, message: str) -> None:
    with pytest.raises(CsvError, match=message):
        parse_ideas_csv(data)
