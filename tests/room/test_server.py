"""The room's web server through aiohttp's test client, on a real session file.

Each phone is its own client (its own cookie jar). Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from facilitator.ops import voting as vote_ops
from facilitator.room.room import MAX_PHONE_IDEA_CHARS, Mode, Room
from facilitator.room.server import CSP, MAX_BODY, RateLimiter, RoomApp
from facilitator.store.session_store import SessionStore


def run(scenario: Callable[..., Awaitable[None]], room: Room, phones: int = 1, **app: Any) -> None:
    """Run `scenario(*clients)` against a fresh server for `room`, with one client per phone."""

    async def main() -> None:
        server = TestServer(RoomApp(room, **app).app, host="127.0.0.1")
        await server.start_server()
        clients = [TestClient(server) for _ in range(phones)]
        try:
            for client in clients:
                await client.start_server()
            await scenario(*clients)
        finally:
            for client in clients:
                await client.close()
            await server.close()

    asyncio.run(main())


async def join(client: TestClient, room: Room) -> dict:
    page = await client.get(f"/?code={room.code}")
    assert page.status == 200
    state = await client.get("/api/state")
    assert state.status == 200
    return await state.json()


async def vote(client: TestClient, csrf: str, dots: dict[int, int]):
    form = {"csrf": csrf, **{f"dot-{k}": str(v) for k, v in dots.items()}}
    response = await client.post("/api/ballot", data=form)
    return response.status, await response.json()


def ballots(path: Path) -> list[dict[int, int]]:
    store = SessionStore.open(path, read_only=True)
    try:
        return sorted((b.dots for b in store.load().ballots), key=lambda d: sorted(d.items()))
    finally:
        store.close()


def test_joining_gives_the_page_a_phone_token_and_the_sheet(vote_room) -> None:
    room, _host, ids = vote_room

    async def scenario(phone: TestClient) -> None:
        page = await phone.get(f"/?code={room.code.lower()}")  # typed in lower case: still the code
        assert page.status == 200
        assert '<form id="ballot"' in await page.text()
        assert page.headers["Content-Security-Policy"] == CSP
        assert page.headers["X-Frame-Options"] == "DENY"
        cookies = page.cookies
        assert cookies["phone"]["httponly"] and cookies["phone"]["samesite"] == "Strict"
        assert len(cookies["phone"].value) >= 22  # 16 random bytes, base64
        state = await (await phone.get("/api/state")).json()
        assert [c["id"] for c in state["cards"]] == [str(i) for i in ids]  # text: 62-bit ids
        assert (
            state["cards"][2]["text"] == "Fix <b>the</b> hoist & the bed"
        )  # as data; the page sets textContent
        assert (state["budget"], state["cap"], state["open"], state["voted"]) == (5, 3, True, False)
        for path in ("/phone.js", "/phone.css"):  # the code now travels in the room cookie
            assert (await phone.get(path)).status == 200

    run(scenario, room)
    assert room.status().joined == 1


@pytest.mark.parametrize("path", ["/", "/?code=WRONG1", "/api/state", "/phone.js", "/nothing-here"])
def test_a_request_without_the_room_code_gets_403(vote_room, path: str) -> None:
    room, _host, _ids = vote_room

    async def scenario(stranger: TestClient) -> None:
        response = await stranger.get(path)
        assert response.status == 403
        assert "room code" in await response.text()
        posted = await stranger.post("/api/ballot", data={"dot-1": "3"})
        assert posted.status == 403

    run(scenario, room)
    assert room.status().joined == 0


def test_a_phone_casts_and_revises_its_ballot_and_the_file_never_sees_its_token(vote_room, vote_file) -> None:
    room, host, ids = vote_room
    path, _ = vote_file
    tokens: list[str] = []

    async def scenario(phone: TestClient) -> None:
        state = await join(phone, room)
        tokens.append(phone.session.cookie_jar.filter_cookies(phone.make_url("/"))["phone"].value)
        assert await vote(phone, state["csrf"], {ids[0]: 3, ids[1]: 2}) == (
            200,
            {"ok": True, "message": "Your ballot is counted. Thank you."},
        )
        state = await (await phone.get("/api/state")).json()
        assert (state["voted"], state["revisable"]) == (True, True)
        assert state["mine"] == {str(ids[0]): 3, str(ids[1]): 2}
        status, answer = await vote(phone, state["csrf"], {ids[2]: 1})
        assert (status, answer["message"]) == (200, "Your ballot is changed.")

    run(scenario, room)
    host.read(lambda store: None).result()  # every write has finished
    assert ballots(path) == [{ids[2]: 1}]
    assert host.read(lambda store: store.phone_voters()).result() == 1
    assert room.status() == room.status().__class__(joined=1, voted=1, ideas=0, open=True)
    raw = path.read_bytes()
    assert tokens[0].encode() not in raw and room.code.encode() not in raw


def test_a_ballot_over_the_budget_or_the_cap_is_refused_and_nothing_is_saved(vote_room, vote_file) -> None:
    room, host, ids = vote_room
    path, _ = vote_file

    async def scenario(phone: TestClient) -> None:
        state = await join(phone, room)
        status, answer = await vote(phone, state["csrf"], {ids[0]: 3, ids[1]: 3})
        assert (status, answer["error"]) == (409, "Each person has 5 dots; this ballot uses 6.")
        status, answer = await vote(phone, state["csrf"], {ids[0]: 4})
        assert status == 409 and "At most 3 dots" in answer["error"]
        status, answer = await vote(phone, state["csrf"], {ids[0]: -1})
        assert status == 400
        after = await (await phone.get("/api/state")).json()
        assert after["voted"] is False

    run(scenario, room)
    host.read(lambda store: None).result()
    assert ballots(path) == []
    assert room.status().voted == 0


def test_forms_need_the_phones_csrf_token_and_the_rooms_own_origin(vote_room, vote_file) -> None:
    room, host, ids = vote_room
    path, _ = vote_file

    async def scenario(phone: TestClient, other: TestClient) -> None:
        state = await join(phone, room)
        other_state = await join(other, room)
        for csrf in ("", "x" * 22, other_state["csrf"]):
            status, answer = await vote(phone, csrf, {ids[0]: 1})
            assert (status, answer["error"]) == (403, "This page is out of date. Reload it and try again.")
        forged = await phone.post(
            "/api/ballot",
            data={"csrf": state["csrf"], f"dot-{ids[0]}": "1"},
            headers={"Origin": "http://evil.example"},
        )
        assert forged.status == 403

    run(scenario, room, phones=2)
    host.read(lambda store: None).result()
    assert ballots(path) == []


def test_a_closed_room_refuses_everything_and_forgets_its_phones(vote_room) -> None:
    room, _host, ids = vote_room

    async def scenario(phone: TestClient) -> None:
        state = await join(phone, room)
        room.close()
        assert (await phone.get("/api/state")).status == 403
        status, _ = await vote(phone, state["csrf"], {ids[0]: 1})
        assert status == 403
        again = await phone.get(f"/?code={room.code}")
        assert again.status == 410 and "closed" in await again.text()

    run(scenario, room)
    assert room.status().joined == 0


def test_reveal_closes_the_vote_and_forgets_which_ballot_was_whose(vote_room, vote_file) -> None:
    room, host, ids = vote_room
    path, _ = vote_file

    async def scenario(early: TestClient, late: TestClient) -> None:
        early_state = await join(early, room)
        late_state = await join(late, room)
        assert (await vote(early, early_state["csrf"], {ids[0]: 2}))[0] == 200
        host.write(vote_ops.set_revealed, True).result()
        room.refresh().result()
        for phone, state in ((early, early_state), (late, late_state)):
            status, answer = await vote(phone, state["csrf"], {ids[1]: 1})
            assert (status, answer["error"]) == (
                409,
                "The vote is closed: the results are showing on the screen.",
            )
        seen = await (await early.get("/api/state")).json()
        assert (seen["open"], seen["voted"], seen["revisable"], seen["mine"]) == (False, True, False, {})
        # Hiding the results again does not reopen the phone's ballot: the room has forgotten it.
        host.write(vote_ops.set_revealed, False).result()
        room.refresh().result()
        status, answer = await vote(early, early_state["csrf"], {ids[1]: 1})
        assert (status, answer["error"]) == (409, "Your ballot is counted. It can no longer be changed.")

    run(scenario, room, phones=2)
    assert ballots(path) == [{ids[0]: 2}]


def test_nothing_a_phone_can_read_changes_when_someone_else_votes(vote_room) -> None:
    """No count before Reveal: a phone's view is the same before and after others vote."""
    room, _host, ids = vote_room

    async def scenario(watcher: TestClient, *voters: TestClient) -> None:
        await join(watcher, room)

        async def look() -> tuple[dict, bytes, bytes]:
            state = await (await watcher.get("/api/state")).json()
            state.pop("version")
            page = await (await watcher.get("/")).read()
            script = await (await watcher.get("/phone.js")).read()
            return state, page, script

        before = await look()
        for n, phone in enumerate(voters):
            state = await join(phone, room)
            assert (await vote(phone, state["csrf"], {ids[n % 3]: 3, ids[(n + 1) % 3]: 2}))[0] == 200
        assert await look() == before

    run(scenario, room, phones=4)
    assert room.status().voted == 3


def test_bodies_and_ideas_are_limited(tmp_path: Path) -> None:
    from facilitator.core.model import Phase
    from facilitator.room.host import FileHost
    from tests.room.conftest import make_session

    path = tmp_path / "ideas.roundtable"
    make_session(path, Phase.ROUND_TABLE)
    host = FileHost(path)
    room = Room(host, Mode.IDEAS)
    room.refresh().result()

    async def scenario(phone: TestClient) -> None:
        state = await join(phone, room)
        huge = await phone.post("/api/idea", data={"csrf": state["csrf"], "text": "x" * (MAX_BODY + 1)})
        assert huge.status == 413
        long = await phone.post(
            "/api/idea", data={"csrf": state["csrf"], "text": "y" * (MAX_PHONE_IDEA_CHARS + 1)}
        )
        assert long.status == 409 and "at most 1,000 characters" in (await long.json())["error"]
        sent = await phone.post("/api/idea", data={"csrf": state["csrf"], "text": "Quieter nights <script>"})
        assert sent.status == 200
        status, answer = await vote(phone, state["csrf"], {1: 1})
        assert (status, answer["error"]) == (409, "The room is taking idea cards now, not ballots.")

    try:
        run(scenario, room)
        host.read(lambda store: None).result()
    finally:
        room.close()
        host.close()
    store = SessionStore.open(path, read_only=True)
    try:
        cards = [i for i in store.ideas() if i.text.startswith("Quieter nights")]
    finally:
        store.close()
    assert [(c.text, c.author_id, c.turn_id, c.round, len(c.created_at)) for c in cards] == [
        ("Quieter nights <script>", None, None, None, 10)
    ]


def test_rate_limit_per_client(vote_room) -> None:
    room, _host, _ids = vote_room
    clock = [0.0]
    limiter = RateLimiter(capacity=3, per_second=1, clock=lambda: clock[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another client has its own bucket
    clock[0] += 1.0
    assert limiter.allow("a") and not limiter.allow("a")

    async def scenario(phone: TestClient) -> None:
        await join(phone, room)
        answers = [(await phone.get("/api/state")).status for _ in range(60)]
        assert answers.count(429) > 0 and answers[0] == 200

    run(scenario, room)


def test_one_address_cannot_fill_the_room(vote_room) -> None:
    room, _host, _ids = vote_room

    async def scenario(*phones: TestClient) -> None:
        answers = [(await phone.get(f"/?code={room.code}")).status for phone in phones]
        assert answers == [200, 200, 429]
        again = await phones[0].get(f"/?code={room.code}")  # a phone that joined comes back freely
        assert again.status == 200

    run(scenario, room, phones=3, joins_per_address=2)
    assert room.status().joined == 2
