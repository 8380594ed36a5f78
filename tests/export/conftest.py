"""Sessions built in memory for the export tests: empty, one idea, hostile texts, 1,000 ideas.

Export reads plain core objects, so these need no file; the demo fixture
covers a session that went through the store.
"""

from __future__ import annotations

import random
import re

import pytest

from facilitator.core import model as m

HOSTILE = {
    "markup": "<b>&amp; not bold</b> & <i>x</i> <font size=40>big</font> <br/> &lt; 5 > 3",
    "emoji": "More breaks please 🎉☕ and a thumbs up 👍🏽 for the team 👨‍👩‍👧",
    "hebrew": "שלום עולם, אנחנו צריכים עוד אחיות במשמרת לילה",
    "arabic": "نحتاج إلى المزيد من الممرضات في المناوبة الليلية",
    "greek": "Περισσότερο προσωπικό τη νύχτα, παρακαλώ",
    "cyrillic": "Больше персонала в ночную смену, пожалуйста",
    "polish": "Łóżka na oddziale są zbyt wąskie; Żółć i gęślą jaźń",
    "formula": '=HYPERLINK("http://x","click") +1 -2 @SUM(A1)',
    "newlines": "First line\nsecond line\n\nthird line after a blank",
    "long": " ".join(f"word{n}" for n in range(1, 1400))[:10_000],
    "unbroken": "x" * 3000,
}


def norm(text: str) -> str:
    """Text as compared with what pypdf extracts: no whitespace at all, since a
    wrapped line may or may not come back with a space or a hyphen-free break."""
    return re.sub(r"\s+", "", text)


def make_state(texts: list[str], placed: int = 0, anonymous: bool = True, seed: int = 7) -> m.SessionState:
    """A revealed session with `texts` as ideas, the first `placed` of them on the
    matrix with decisions (every fourth Later or Not now, with a reason)."""
    rng = random.Random(seed)
    state = m.SessionState()
    state.info = m.SessionInfo(
        title="Test <session> & friends",
        question="What would help? <i>really</i>",
        date="2026-11-19",
        place="Room 1",
        facilitator="Jo",
        team="Ward 9",
        organisation="Hospital",
        next_checkin="2027-02-18",
        revealed=True,
        rules=m.Rules(anonymous=anonymous),
    )
    state.participants = [m.Participant(n + 1, f"Person {n + 1}", n) for n in range(6)]
    state.themes = [
        m.Theme(1, "Communication", "#4C78A8", 0),
        m.Theme(2, "Safety", "#E45756", 1),
        m.Theme(3, "Support & <care>", "#54A24B", 2),
    ]
    decisions = [m.Decision.DO_NOW, m.Decision.PLAN, m.Decision.LATER, m.Decision.NOT_NOW]
    for n, text in enumerate(texts, start=1):
        state.ideas.append(
            m.Idea(n, text, theme_id=(n % 4) or None, position=n, candidate=n <= placed or None)
        )
        if n <= placed:
            f, i = rng.choice([1.5, 2, 4, 4.5]), rng.choice([1.5, 2, 4, 4.5])
            state.placements.append(m.Placement(n, f, i, pinned=True))
            decision = decisions[n % 4]
            state.actions.append(
                m.Action(
                    n,
                    decision,
                    owner=f"Owner {n}" if decision.is_commitment else "",
                    due_date="2027-01-15" if decision.is_commitment else "",
                    first_step=f"First step {n}" if decision.is_commitment else "",
                    reason=f"Reason number {n} why not now" if decision.needs_reason else "",
                )
            )
    if texts:
        state.ballots = [m.Ballot(b + 1, {rng.randint(1, len(texts)): 1 for _ in range(3)}) for b in range(6)]
    return state


@pytest.fixture
def hostile_state() -> m.SessionState:
    return make_state(list(HOSTILE.values()), placed=4)


FURNITURE = re.compile(r"Minutes\s*\n.*\n\s*Generated [^\n]* by Facilitator \S+\s*Page \d+ of \d+\s*$")


def pdf_pages(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    assert data.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_body(data: bytes) -> str:
    """All the text of a PDF without its page furniture (header and footer are
    drawn last on each page, so they would split a paragraph that runs on)."""
    return "".join(FURNITURE.sub("", page) for page in pdf_pages(data))


def printed(text: str) -> str:
    """What the PDF is expected to show for `text`: emoji become a white square."""
    from facilitator.export.fonts import printable

    return printable(text)[0]


def rtl_norm(text: str) -> str:
    """Like `norm`, with Arabic presentation forms (the joined letters the PDF
    draws) folded back to the letters typed."""
    import unicodedata

    return norm(unicodedata.normalize("NFKC", text))


RTL = {"hebrew", "arabic"}
