"""The room's real server in its thread, on 127.0.0.1: it listens only while open, and 60 phones
voting at once are each counted once."""

from __future__ import annotations

import http.client
import socket
from pathlib import Path

import pytest

from benchmarks.room_load import crowd
from facilitator.room.server import RoomServer
from facilitator.store.session_store import SessionStore


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_the_server_listens_only_while_the_room_is_open_and_only_where_it_was_told(vote_room) -> None:
    room, _host, _ids = vote_room
    server = RoomServer(room, "127.0.0.1", 0)
    url = server.start()
    try:
        assert url == f"http://127.0.0.1:{server.port}/?code={room.code}"
        assert _sockets_on(server.port) == ["127.0.0.1"]
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/?code=" + room.code)
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        server.stop()
    assert not server.running
    assert _refused(server.port)
    server.stop()  # a second stop is harmless


def _sockets_on(port: int) -> list[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp)."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_a_port_in_use_is_an_oserror_with_nothing_left_running(vote_room) -> None:
    room, _host, _ids = vote_room
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = RoomServer(room, "127.0.0.1", taken.getsockname()[1])
        with pytest.raises(OSError):
            server.start()
        assert not server.running


def test_sixty_phones_join_and_vote_at_once_and_every_ballot_is_counted_once(vote_room, vote_file) -> None:
    room, host, ids = vote_room
    path, _ = vote_file
    server = RoomServer(room, "127.0.0.1", 0, joins_per_address=None)  # 60 phones share 127.0.0.1 here
    server.start()
    ballots = [{ids[n % 3]: 1 + n % 3, ids[(n + 1) % 3]: 2} for n in range(60)]
    try:
        seen = crowd(f"http://127.0.0.1:{server.port}", room.code, ballots)
    finally:
        server.stop()
    host.read(lambda store: None).result()
    assert seen.statuses.count(200) == len(seen.statuses) == 60 * 4
    assert room.status().joined == room.status().voted == 60
    store = SessionStore.open(path, read_only=True)
    try:
        stored = sorted(sorted(b.dots.items()) for b in store.load().ballots)
        assert stored == sorted(sorted(b.items()) for b in ballots)
        assert store.phone_voters() == 60
    finally:
        store.close()
