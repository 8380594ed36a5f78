"""`facilitator room FILE`: the join link on one line, phones vote, Ctrl+C stops it with all saved."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
import urllib.parse
from pathlib import Path

from facilitator.core.model import Phase
from facilitator.store.session_store import SessionStore
from tests.room.conftest import make_session

ROOT = Path(__file__).resolve().parents[2]


def _start(path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "facilitator", "room", str(path), "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _request(port: int, method: str, target: str, cookies: str = "", body: str = "") -> tuple[int, str, list]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Cookie": cookies} if cookies else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, target, body=body or None, headers=headers)
    response = conn.getresponse()
    answer = response.status, response.read().decode(), response.headers.get_all("Set-Cookie") or []
    conn.close()
    return answer


def test_room_prints_the_link_takes_a_ballot_and_stops_on_ctrl_c_with_it_saved(tmp_path: Path) -> None:
    path = tmp_path / "ward.roundtable"
    ids = make_session(path)
    room = _start(path)
    try:
        url = room.stdout.readline().strip()
        parts = urllib.parse.urlsplit(url)
        assert (parts.scheme, parts.hostname, parts.path) == ("http", "127.0.0.1", "/")
        code = urllib.parse.parse_qs(parts.query)["code"][0]
        status, _page, set_cookies = _request(parts.port, "GET", f"/?code={code}")
        assert status == 200
        cookies = "; ".join(c.split(";")[0] for c in set_cookies)
        status, state, _ = _request(parts.port, "GET", "/api/state", cookies)
        csrf = json.loads(state)["csrf"]
        form = urllib.parse.urlencode({"csrf": csrf, f"dot-{ids[1]}": 3, f"dot-{ids[2]}": 1})
        status, answer, _ = _request(parts.port, "POST", "/api/ballot", cookies, form)
        assert (status, json.loads(answer).get("ok")) == (200, True), answer
        room.send_signal(signal.SIGINT)
        out, err = room.communicate(timeout=30)
    finally:
        if room.poll() is None:
            room.kill()
            room.communicate()
    assert room.returncode == 0, err
    assert out == ""  # the link was the only line
    assert "Room closed: 1 phone joined · 1 voted. Everything is saved" in err
    store = SessionStore.open(path, read_only=True)
    try:
        assert [b.dots for b in store.load().ballots] == [{ids[1]: 3, ids[2]: 1}]
        assert store.phone_voters() == 1
    finally:
        store.close()


def test_room_refuses_a_session_not_at_the_vote_or_the_round_table(tmp_path: Path) -> None:
    path = tmp_path / "setup.roundtable"
    make_session(path, Phase.PLAN)
    before = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "room", str(path), "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "is at the Plan phase; the room opens in the Vote phase" in done.stderr
    assert path.read_bytes() == before
