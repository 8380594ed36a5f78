"""The window's session model reads the session once per change and keeps what it works out
from it: every change, undo and redo is seen at once."""

from __future__ import annotations

from pathlib import Path

from facilitator.core import voting
from facilitator.ops import ideas as idea_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.session.session_model import SessionModel

TRAINING, QUIET = "Protected time for training", "A quiet room after a hard shift"


def test_figures_and_ideas_follow_every_change_undo_and_redo(session_path: Path, qtbot) -> None:
    model = SessionModel(SessionStore.open(session_path))

    def ids() -> dict[str, int]:  # by text: sealing gives the ideas new ids along the way
        return {i.text: i.id for i in model.ideas()}

    def ranked() -> list[str]:
        text = {i.id: i.text for i in model.ideas()}
        return [text[r.idea_id] for r in voting.ranking(model.state())]

    try:
        for words in (TRAINING, QUIET):
            model.run("Add idea", idea_ops.add_idea, words)
        model.run("Reveal", vote_ops.set_revealed, True)
        model.run("Tally", vote_ops.set_tally, ids()[TRAINING], 2)
        assert ranked() == [TRAINING, QUIET]
        assert model.state().derived  # the ranking was kept for this state
        model.run("Tally", vote_ops.set_tally, ids()[QUIET], 5)
        assert ranked() == [QUIET, TRAINING]
        model.undo()
        assert ranked() == [TRAINING, QUIET]
        model.redo()
        assert voting.totals(model.state()) == {ids()[TRAINING]: 2, ids()[QUIET]: 5}
        model.run("Add idea", idea_ops.add_idea, "Bay 3 hoist")
        assert set(ids()) == {TRAINING, QUIET, "Bay 3 hoist"}
        model.undo()
        assert set(ids()) == {TRAINING, QUIET}
    finally:
        model.close()
