"""Phones in the room, from the Vote view: open the room, phones vote over real HTTP on 127.0.0.1
alongside a laptop ballot and a paper tally, Reveal shows the mixed totals, and leaving the phase
or closing the room stops the server at once."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton

from benchmarks.room_load import crowd
from facilitator.core import voting
from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.session_store import SessionStore

IDEAS = ["Daily huddle", "Sepsis card at every station", "A quiet room after a hard shift"]


@pytest.fixture
def vote_path(tmp_path: Path) -> Path:
    path = tmp_path / "phones.roundtable"
    store = SessionStore.create(path)
    people_ops.add_participants(store, "Amara\nTomasz")
    for text in IDEAS:
        idea_ops.add_idea(store, text)
    session_ops.set_phase(store, Phase.VOTE)
    store.close()
    return path


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def _open_room(qtbot, view) -> str:
    panel = view.findChild(type(view.room_panel), "roomPanel")
    address = panel.findChild(QComboBox, "roomAddress")
    address.setCurrentIndex(address.findText("127.0.0.1"))  # tests use loopback only
    qtbot.mouseClick(panel.findChild(QPushButton, "openRoomButton"), Qt.MouseButton.LeftButton)
    link = panel.findChild(QLabel, "roomLink")
    qtbot.waitUntil(lambda: link.isVisible() and link.text().startswith("http://127.0.0.1:"))
    assert not panel.findChild(QLabel, "roomQr").pixmap().isNull()
    return link.text()


def test_three_phones_a_laptop_ballot_and_a_paper_tally_make_one_count(qtbot, make_window, vote_path) -> None:
    window = make_window(vote_path)
    view = window.workspace.view(Phase.VOTE)
    url = _open_room(qtbot, view)
    base, code = url.split("/?code=")
    ids = [i.id for i in window.model.store.ideas()]
    phones = [{ids[0]: 3, ids[1]: 2}, {ids[1]: 1}, {ids[2]: 3}]
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(crowd, base, code, phones)
        qtbot.waitUntil(future.done, timeout=30_000)
    assert set(future.result().statuses) == {200}
    status = view.room_panel.findChild(QLabel, "roomStatus")
    qtbot.waitUntil(lambda: status.text() == "3 phones joined · 3 voted")
    # The progress shows a yes per phone, with no name or number, beside the laptop's voters.
    rows = [view.progress_list.item(i).text() for i in range(view.progress_list.count())]
    assert rows[-3:] == ["✓  A phone"] * 3 and len(rows) == 2 + 3
    assert view.progress_label.text() == "0 of 2 have voted on the laptop; 3 phones joined · 3 voted"
    presenter = window.open_presenter()  # the room sees how many voted on phones, never what
    assert "0 of 2 have voted" in presenter.shown_text() and "and 3 on phones" in presenter.shown_text()

    # Nothing on the facilitator's screen shows a count before Reveal.
    assert "votes in all" not in view.results_note.text()
    window.model.run(
        "Cast a ballot", vote_ops.cast_ballot, window.model.store.participants()[0].id, {ids[2]: 1}
    )
    view.on_count_entered(ids[0], "paper", "4")
    qtbot.mouseClick(view.reveal_button, Qt.MouseButton.LeftButton)
    assert window.model.store.info().revealed
    totals = voting.totals(window.model.state())
    assert [totals[i] for i in ids] == [3 + 4, 2 + 1, 3 + 1]
    assert view.results_note.text().startswith("14 votes in all: 10 on ballots, 4 from tallies.")
    assert window.model.store.phone_voters() == 3
    # A phone's ballot is the voter's, not a step the facilitator could undo.
    labels = [window.model.undo_stack.text(i) for i in range(window.model.undo_stack.count())]
    assert labels == ["Cast a ballot", "Tally paper dots", "Reveal results"]

    # Leaving the phase closes the room: the server stops listening at once.
    port = int(base.rsplit(":", 1)[1])
    window.model.run_untracked(session_ops.set_phase, Phase.PRIORITIZE)
    assert not view.room_panel.controller.is_open
    assert _refused(port)


def test_close_the_room_stops_it_at_once_and_the_session_closing_does_too(
    qtbot, make_window, vote_path
) -> None:
    window = make_window(vote_path)
    view = window.workspace.view(Phase.VOTE)
    presenter = window.open_presenter()
    url = _open_room(qtbot, view)
    port = int(url.split("/?code=")[0].rsplit(":", 1)[1])
    # The join screen on the presenter: the QR code and the link.
    assert presenter.join.isVisible() and not presenter.join_qr.pixmap().isNull()
    assert url in presenter.join_text.text()
    qtbot.mouseClick(view.room_panel.findChild(QPushButton, "closeRoomButton"), Qt.MouseButton.LeftButton)
    assert _refused(port)
    assert view.room_panel.findChild(QPushButton, "openRoomButton").isVisible()
    assert not presenter.join.isVisible()
    url = _open_room(qtbot, view)
    port = int(url.split("/?code=")[0].rsplit(":", 1)[1])
    window.close_session()
    assert _refused(port)


def _send_card(base: str, code: str, text: str) -> int:
    import asyncio

    import aiohttp

    async def main() -> int:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
            async with phone.get(f"{base}/?code={code}") as page:
                await page.read()
            async with phone.get(f"{base}/api/state") as answer:
                state = await answer.json()
            async with phone.post(f"{base}/api/idea", data={"csrf": state["csrf"], "text": text}) as sent:
                return sent.status

    return asyncio.run(main())


def test_a_phone_sends_an_anonymous_card_to_the_round_table(qtbot, make_window, vote_path) -> None:
    store = SessionStore.open(vote_path)
    session_ops.set_phase(store, Phase.ROUND_TABLE)
    store.close()
    window = make_window(vote_path)
    view = window.workspace.view(Phase.ROUND_TABLE)
    assert not view.room_panel.isVisible()
    qtbot.mouseClick(view.phones_toggle, Qt.MouseButton.LeftButton)
    assert view.room_panel.isVisible()
    url = _open_room(qtbot, view)
    base, code = url.split("/?code=")
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(_send_card, base, code, "Quieter handovers at night")
        qtbot.waitUntil(future.done, timeout=30_000)
    assert future.result() == 200
    cards = [i for i in window.model.state().ideas if i.text == "Quieter handovers at night"]
    assert [(c.author_id, c.turn_id, c.round) for c in cards] == [(None, None, None)]
    status = view.room_panel.findChild(QLabel, "roomStatus")
    qtbot.waitUntil(lambda: status.text() == "1 phone joined · 1 card sent")


def test_ctrl_alt_p_opens_and_closes_the_room(qtbot, make_window, vote_path) -> None:
    window = make_window(vote_path, active=True)
    view = window.workspace.view(Phase.VOTE)
    address = view.room_panel.findChild(QComboBox, "roomAddress")
    address.setCurrentIndex(address.findText("127.0.0.1"))
    qtbot.keyClick(
        window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert view.room_panel.controller.is_open
    port = view.room_panel.controller.server.port
    qtbot.keyClick(
        window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert not view.room_panel.controller.is_open
    assert _refused(port)
