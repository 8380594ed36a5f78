"""The minutes PDF, read back with pypdf: every idea, the plan, the reasons, sane page counts."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core.text import clean_idea_text
from facilitator.export.charts import matrix_drawing
from facilitator.export.digest import NOT_TAKEN_FORWARD, digest
from facilitator.export.minutes_pdf import build_minutes_pdf
from facilitator.store.session_store import SessionStore
from tests.export.conftest import (
    HOSTILE,
    RTL,
    make_state,
    norm,
    pdf_body,
    pdf_pages,
    printed,
    rtl_norm,
)

WHEN = dt.datetime(2026, 11, 20, 9, 30)


@pytest.fixture(scope="module")
def demo_state(demo_template: Path):
    store = SessionStore.open(demo_template, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


@pytest.fixture(scope="module")
def demo_pdf(demo_state) -> bytes:
    return build_minutes_pdf(demo_state, generated=WHEN)


def test_demo_minutes_hold_every_idea_and_merged_wording(demo_state, demo_pdf: bytes) -> None:
    body = norm(pdf_body(demo_pdf))
    assert len(demo_state.ideas) == 31
    for idea in demo_state.ideas:
        assert norm(idea.text) in body, idea.text
    assert "Mergedwording:" in body


def test_demo_minutes_hold_the_plan_and_the_reasons(demo_state, demo_pdf: bytes) -> None:
    body = norm(pdf_body(demo_pdf))
    decided = [a for a in demo_state.actions if a.decision is not None]
    assert len(decided) == 12
    for action in decided:
        for value in (action.owner, action.first_step, action.reason):
            assert norm(value) in body, value
    withdrawn = [i for i in demo_state.ideas if i.withdrawn]
    assert withdrawn and norm(withdrawn[0].withdrawn_reason) in body
    for words in (
        "Actionplan",
        "Quickwins",
        "Heavierlifts",
        "Laterornotnow,andwhy",
        "Everyidea,bytheme",
        norm(NOT_TAKEN_FORWARD),
    ):
        assert words in body


def test_demo_minutes_cover_and_furniture(demo_state, demo_pdf: bytes) -> None:
    pages = pdf_pages(demo_pdf)
    assert 3 <= len(pages) <= 8
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Ward 7 winter debrief" in text
        assert "Generated 20 Nov 2026 09:30" in text  # dates read as everywhere else
    first = norm(pages[0])
    info = demo_state.info
    for value in (info.question, info.place, info.facilitator, info.team, info.organisation):
        assert norm(value) in first
    assert "19Nov2026" in first and "10people" in first
    # Anonymous session: the attendance count without the names.
    assert "AmaraOkafor" not in norm("".join(pages))


def test_named_session_lists_attendance_names() -> None:
    state = make_state(["One idea"], anonymous=False)
    body = norm(pdf_body(build_minutes_pdf(state, generated=WHEN)))
    assert "6people:Person1,Person2" in body


def test_numbers_on_the_matrix_match_the_plan_table(demo_state) -> None:
    report = digest(demo_state)
    numbered = {e.number for e in report.on_matrix}
    assert numbered == set(range(1, 13))
    labels = _strings(matrix_drawing(report, 350))
    assert {str(n) for n in numbered} <= labels
    # Quick wins come first in the plan.
    assert next(q.value for q, g in report.groups if g) == "quick_win"


def _strings(drawing) -> set[str]:
    """Every piece of text in a reportlab drawing."""
    from reportlab.graphics.shapes import Group, String

    found: set[str] = set()
    stack = list(drawing.getContents())
    while stack:
        shape = stack.pop()
        if isinstance(shape, String):
            found.add(shape.text)
        elif isinstance(shape, Group):
            stack.extend(shape.getContents())
    return found


def test_charts_are_vector_drawings_with_text(demo_state, demo_pdf: bytes) -> None:
    """No raster image in the minutes: the charts are drawn, and their words are text."""
    import io

    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(demo_pdf)).pages:
        objects = page["/Resources"].get("/XObject", {})
        assert not any(o.get_object().get("/Subtype") == "/Image" for o in objects.values())
    body = norm(pdf_body(demo_pdf))
    report = digest(demo_state)
    top = max(report.on_matrix, key=lambda e: e.votes)
    # the vote chart's label is the whole idea (wrapped, not cut), with its number
    assert norm(f"#{top.number} {top.idea.text}") in body
    assert "Feasibility:hard→easy" in body and "Impact:low→high" in body


def test_hostile_texts_print_intact(hostile_state) -> None:
    # Every idea on the matrix, so each is in a plan table cell too.
    state = make_state(list(HOSTILE.values()), placed=len(HOSTILE))
    data = build_minutes_pdf(state, generated=WHEN)
    raw = pdf_body(data)
    body = norm(raw)
    for name, text in HOSTILE.items():
        if name in RTL:
            # Drawn in visual order, so pypdf (which reads right-to-left runs
            # backwards) gives back the typed order: the lines are in the right order too.
            assert rtl_norm(text) in rtl_norm(raw), name
        else:
            assert norm(printed(text)) in body, name
    # Markup prints literally and each emoji prints by its name, the words around it intact.
    assert "<b>&amp;notbold</b>&<i>x</i>" in body
    assert "Morebreaksplease[partypopper]☕andathumbsup[thumbsupsign]fortheteam[man][woman][girl]" in body
    assert "□" not in body
    assert "isprintedbyitsnameinbrackets" in body
    assert "Test<session>&friends" in body
    assert 3 <= len(pdf_pages(data)) <= 15


def test_no_ideas_gives_a_short_sound_pdf() -> None:
    data = build_minutes_pdf(make_state([]), generated=WHEN)
    pages = pdf_pages(data)
    assert 1 <= len(pages) <= 3
    body = norm("".join(pages))
    assert "Noideaswererecorded." in body
    assert "Noideasreachedthematrix" in body
    assert "Novoteswerecast." in body  # the chart is a drawing: its words are text


def test_one_idea() -> None:
    data = build_minutes_pdf(make_state(["Only this one idea"], placed=1), generated=WHEN)
    assert 1 <= len(pdf_pages(data)) <= 4
    assert norm("Only this one idea") in norm(pdf_body(data))


def test_a_thousand_ideas_all_print_and_pages_stay_bounded() -> None:
    rng = random.Random(3)
    words = ["staff", "rota", "break", "huddle", "safety", "ward", "night", "team", "shift", "support"]
    texts = [
        " ".join(rng.choice(words) for _ in range(rng.randint(4, 30))) + f" number {n}." for n in range(1000)
    ]
    state = make_state(texts, placed=100)
    steps: list[tuple[int, int]] = []
    data = build_minutes_pdf(state, progress=lambda done, total: steps.append((done, total)))
    pages = pdf_pages(data)
    assert 20 <= len(pages) <= 120
    body = norm(pdf_body(data))
    missing = [t for t in texts if norm(t) not in body]
    assert missing == []
    # Progress only goes forward and ends complete.
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(steps))


def test_letter_paper() -> None:
    import io

    from pypdf import PdfReader

    data = build_minutes_pdf(make_state(["An idea"]), paper="letter")
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    data = build_minutes_pdf(make_state(["An idea"]))
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    with pytest.raises(ValueError, match="a4 or letter"):
        build_minutes_pdf(make_state([]), paper="a3")


idea_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn", "Mn", "Me", "Cf")),
    min_size=1,
    max_size=80,
).filter(lambda t: t.strip() and clean_idea_text(t) == t)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(idea_texts, min_size=1, max_size=3))
def test_any_text_prints_without_loss(texts: list[str]) -> None:
    """Property: whatever is typed, the PDF builds and shows it (emoji as a square).
    Right-to-left scripts are left out: pypdf reads their runs backwards."""
    from facilitator.export.fonts import printable

    texts = [t for t in texts if not any("\u0590" <= c <= "\u08ff" or "\ufb1d" <= c <= "\ufefc" for c in t)]
    if not texts:
        return
    state = make_state(texts, placed=0)
    body = norm(pdf_body(build_minutes_pdf(state, generated=WHEN, charts=False)))
    for text in texts:
        assert norm(printable(text)[0]) in body


def test_export_modules_load_without_heavy_imports() -> None:
    import subprocess
    import sys

    code = (
        "import sys, facilitator.export.minutes_pdf, facilitator.export.summary_pdf, "
        "facilitator.export.charts, facilitator.export.csv_io, facilitator.ops.importing\n"
        "heavy = [m for m in ('matplotlib', 'reportlab', 'PySide6') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_building_never_uses_pyplot(demo_template: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom facilitator.export.minutes_pdf import build_minutes_pdf\n"
        "from facilitator.store.session_store import SessionStore\n"
        f"s = SessionStore.open({str(demo_template)!r}, read_only=True)\n"
        "build_minutes_pdf(s.load())\nprint('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_right_to_left_lines_read_in_order() -> None:
    """A long Hebrew idea wraps over several lines; each line is drawn right to left
    and the first words stay on the first line."""
    from facilitator.export.fonts import register_fonts
    from facilitator.export.rtl import base_direction, visual, visual_lines

    regular, _ = register_fonts()
    text = " ".join(f"מילה{n}" for n in range(40))
    lines = visual_lines(text, regular, 9.5, 200)
    assert len(lines) > 2
    assert lines[0].endswith(visual("מילה0", "R"))  # read first, drawn rightmost
    assert lines[-1].startswith(visual("מילה39", "R"))  # read last, drawn leftmost
    assert base_direction(text) == "R" and base_direction("abc שלום") == "L"
    # pypdf reads digits inside right-to-left runs in its own way, so the PDF is
    # checked with letters only: a long, non-repeating Hebrew text over many lines.
    words = ["שלום", "עולם", "אחיות", "משמרת", "לילה", "צוות", "מחלקה", "הפסקה", "בטיחות"]
    rng = random.Random(5)
    text = " ".join(rng.choice(words) for _ in range(80))
    body = pdf_body(build_minutes_pdf(make_state([text], placed=1), generated=WHEN, charts=False))
    assert rtl_norm(text) in rtl_norm(body)


def test_characters_beyond_the_basic_plane_print_by_name() -> None:
    """reportlab cannot put U+10000 and above into the PDF's text map, so they
    print by their name rather than as text nobody can copy or search."""
    from facilitator.export.fonts import printable

    named = "Plan [mathematical sans-serif capital a] now"
    assert printable("Plan \U0001d5a0 now") == (named, True)
    state = make_state(["Plan \U0001d5a0 now"], placed=0)
    body = norm(pdf_body(build_minutes_pdf(state, generated=WHEN, charts=False)))
    assert norm(named) in body
