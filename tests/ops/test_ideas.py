"""Idea operations: nothing said is ever lost."""

from __future__ import annotations

import pytest

from facilitator.core.errors import RuleError
from facilitator.ops import ideas as idea_ops
from facilitator.ops import themes as theme_ops
from facilitator.store.session_store import SessionStore


def _texts(store: SessionStore) -> dict[int, str]:
    return {i.id: i.text for i in store.load().ideas}


def test_merge_keeps_every_wording_and_unmerge_restores(store: SessionStore) -> None:
    safety = store.themes()[1].id
    a = idea_ops.add_idea(store, "Daily huddle", theme_id=safety).value
    b = idea_ops.add_idea(store, "A huddle every shift").value
    c = idea_ops.add_idea(store, "Start with a huddle").value
    before = store.snapshot()
    idea_ops.merge_ideas(store, a, [b])
    idea_ops.merge_ideas(store, c, [a])  # merging a merged card moves its wordings along
    state = store.load()
    assert [i.id for i in state.active_ideas()] == [c]
    assert {i.id for i in state.merged_children(c)} == {a, b}
    assert len(_texts(store)) == 3
    restored = idea_ops.unmerge_idea(store, c).value
    assert sorted(restored) == [a, b]
    after = store.load()
    assert all(i.merged_into is None for i in after.ideas)
    assert [i.text for i in after.ideas] == [r[1] for r in before["idea"]]


def test_merge_needs_two_cards(store: SessionStore) -> None:
    a = idea_ops.add_idea(store, "alone").value
    with pytest.raises(RuleError, match="two different cards"):
        idea_ops.merge_ideas(store, a, [a])


def test_withdraw_needs_a_reason_and_keeps_the_idea(store: SessionStore) -> None:
    a = idea_ops.add_idea(store, "An unkind remark").value
    with pytest.raises(RuleError, match="why"):
        idea_ops.withdraw_idea(store, a, "  ")
    idea_ops.withdraw_idea(store, a, "Not about the team; taken offline with consent")
    idea = store.idea(a)
    assert idea.withdrawn and idea.withdrawn_reason.startswith("Not about")
    assert idea.text == "An unkind remark"
    with pytest.raises(RuleError, match="withdrawn idea cannot be merged"):
        other = idea_ops.add_idea(store, "x").value
        idea_ops.merge_ideas(store, other, [a])


def test_edit_keeps_the_original_wording(store: SessionStore) -> None:
    a = idea_ops.add_idea(store, "Breaks").value
    idea_ops.edit_idea(store, a, "Protected breaks")
    edits = store.load().edits
    assert [(e.old_text, e.new_text) for e in edits] == [("Breaks", "Protected breaks")]


def test_merged_wordings_keep_their_own_theme_so_unmerge_is_exact(store: SessionStore) -> None:
    safety, support = store.themes()[1].id, store.themes()[2].id
    a = idea_ops.add_idea(store, "one", theme_id=safety).value
    b = idea_ops.add_idea(store, "two", theme_id=support).value
    before = store.idea(b)
    idea_ops.merge_ideas(store, a, [b])
    workload = theme_ops.add_theme(store, "Workload").value
    idea_ops.move_to_theme(store, [a], workload)
    assert store.idea(a).theme_id == workload
    idea_ops.unmerge_idea(store, a)
    assert store.idea(b) == before


def test_removing_a_theme_leaves_its_ideas_unsorted(store: SessionStore) -> None:
    theme = store.themes()[0].id
    a = idea_ops.add_idea(store, "kept", theme_id=theme).value
    theme_ops.remove_theme(store, theme)
    assert store.idea(a).theme_id is None


def test_theme_names_are_unique(store: SessionStore) -> None:
    with pytest.raises(RuleError, match="already a theme"):
        theme_ops.add_theme(store, "safety")
