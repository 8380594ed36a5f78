"""Every idea of every generated session ends with an outcome in the minutes (principle 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.make_sessions import build_large
from facilitator.core.outcome import Kind, unanswered
from facilitator.export.digest import NO_ANSWER, digest
from facilitator.export.minutes_pdf import build_minutes_pdf
from facilitator.store.session_store import SessionStore
from tests.export.conftest import norm, pdf_body


def _load(path: Path):
    store = SessionStore.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


@pytest.fixture(scope="module", params=["demo", "300 ideas"])
def generated(request, demo_template: Path, tmp_path_factory: pytest.TempPathFactory):
    if request.param == "demo":
        return _load(demo_template)
    return _load(build_large(tmp_path_factory.mktemp("large") / "s.roundtable", ideas=300))


def test_every_idea_prints_with_its_outcome(generated) -> None:
    state = generated
    assert unanswered(state) == []
    report = digest(state)
    body = norm(pdf_body(build_minutes_pdf(state)))
    assert norm(NO_ANSWER) not in body
    checked = 0
    for idea in state.ideas:
        answer = report.outcomes[idea.id]
        assert answer.answered, idea.text
        if answer.kind is Kind.MERGED:
            card = report.entries[answer.into]
            assert norm(f"Merged wording: {idea.text}") in body
            assert card.idea.id in report.entries
        elif answer.kind is Kind.WITHDRAWN:
            e = report.entries[idea.id]
            assert norm(f"#{e.number} {idea.text} Withdrawn. Reason: {idea.withdrawn_reason}") in body
        else:
            e = report.entries[idea.id]
            dots = f"{e.votes} dot" + ("" if e.votes == 1 else "s")
            line = f"#{e.number} {idea.text} {dots} · {e.outcome()}"
            assert norm(line) in body, line
            if answer.kind is Kind.NOT_TAKEN_FORWARD:
                assert norm(f"Why: {answer.reason}") in body
        checked += 1
    assert checked == len(state.ideas)


def test_an_unanswered_idea_is_flagged_in_the_minutes(demo_template: Path) -> None:
    state = _load(demo_template)
    heard = next(a for a in state.actions if a.decision is None)
    heard.reason = ""
    assert unanswered(state) == [heard.idea_id]
    number = digest(state).entries[heard.idea_id].number
    body = norm(pdf_body(build_minutes_pdf(state)))
    assert norm(NO_ANSWER) in body
    assert norm(f"No answer yet #{number}") in body
