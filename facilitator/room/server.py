"""The room's web server: aiohttp in its own thread, serving the phone page in resources/phone/.

Imported only when a room opens (aiohttp costs start-up time nobody else should pay).

Security, request by request (the threat model is in the README):
- it listens only between `start()` and `stop()`, and only on the address it was given;
- every request must carry the room code (in the join link, then in a same-site cookie),
  or it gets 403; a phone's token (128-bit, random) comes in an HttpOnly cookie;
- a form must carry the phone's CSRF token, and a cross-site Origin is refused;
- bodies are at most `MAX_BODY` bytes; ideas and ballots are checked by the same rules
  as on the laptop; each client has a token bucket of requests (`RateLimiter`);
- all output is JSON or fixed files: the page puts user text in with `textContent`,
  and a strict Content-Security-Policy forbids inline script, other origins and framing;
- no request is logged, and nothing a phone can read holds a count of anyone's votes.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from facilitator.core.errors import RuleError
from facilitator.resources import resources_dir
from facilitator.room.room import Room, RoomFull
from facilitator.store.errors import WriteError

MAX_BODY = 16 * 1024
MAX_FIELDS = 2000
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
FILES = {
    "/": ("index.html", "text/html"),
    "/phone.css": ("phone.css", "text/css"),
    "/phone.js": ("phone.js", "text/javascript"),
}
CODE_COOKIE = "room"
PHONE_COOKIE = "phone"
HEARTBEAT_SECONDS = 15.0
# On a hotspot or a ward's Wi-Fi every phone has its own address: one address joining more
# than this is one device filling the room (it would be refused with "the room is full").
JOINS_PER_ADDRESS = 30
SHUTDOWN_SECONDS = 0.5


class RateLimiter:
    """A token bucket per client: `capacity` requests at once, refilled at `per_second`."""

    def __init__(
        self, capacity: float, per_second: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        tokens, last = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.per_second)
        if len(self._buckets) > 10_000:  # forget idle clients rather than grow without end
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True


def _text(status: int, message: str) -> web.Response:
    return web.Response(status=status, text=message + "\n", content_type="text/plain", charset="utf-8")


def _json(data: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(data), content_type="application/json")


class RoomApp:
    """The aiohttp application of one room."""

    def __init__(
        self, room: Room, resources: Path | None = None, joins_per_address: int | None = JOINS_PER_ADDRESS
    ) -> None:
        self.room = room
        self.joins_per_address = joins_per_address
        self._joins: dict[str, int] = {}
        self.folder = (resources or resources_dir()) / "phone"
        self.files = {path: ((self.folder / name).read_bytes(), kind) for path, (name, kind) in FILES.items()}
        # Before joining, a client is its address (60 phones may share a hotspot's NAT at most
        # rarely, but every test shares 127.0.0.1); after, its phone token.
        self.by_address = RateLimiter(capacity=240, per_second=40)
        self.by_phone = RateLimiter(capacity=40, per_second=8)
        self.closing = False
        self._wake: asyncio.Event | None = None
        self.app = web.Application(middlewares=[self.guard], client_max_size=MAX_BODY)
        self.app.on_response_prepare.append(self._add_headers)
        self.app.router.add_get("/", self.index)
        self.app.router.add_get("/phone.css", self.static)
        self.app.router.add_get("/phone.js", self.static)
        self.app.router.add_get("/api/state", self.state)
        self.app.router.add_post("/api/ballot", self.ballot)
        self.app.router.add_post("/api/idea", self.idea)
        self.app.router.add_get("/api/events", self.events)
        self.app.on_startup.append(self._on_startup)

    async def _on_startup(self, _app: web.Application) -> None:
        loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()

        def wake() -> None:
            if self._wake is not None:
                self._wake.set()
                self._wake = asyncio.Event()

        self.wake = wake
        self.room.watch(lambda: loop.call_soon_threadsafe(wake) if not loop.is_closed() else None)

    @staticmethod
    async def _add_headers(_request: web.Request, response: web.StreamResponse) -> None:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers["Server"] = "Facilitator"  # no library or version for anyone to look up

    # ---- the guard every request passes --------------------------------------------------

    @web.middleware
    async def guard(self, request: web.Request, handler) -> web.StreamResponse:
        token = request.cookies.get(PHONE_COOKIE)
        phone = self.room.phone(token)
        limiter, key = (self.by_phone, f"p:{token}") if phone else (self.by_address, f"a:{request.remote}")
        if not limiter.allow(key):
            return _text(429, "Too many requests from this phone. Wait a moment and try again.")
        code = request.query.get("code") or request.cookies.get(CODE_COOKIE)
        if not self.room.matches(code):
            return _text(403, "This is not the right room code. Scan the code on the screen again.")
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin is not None and origin.split("://", 1)[-1] != request.host:
                return _text(403, "Forms can only be sent from the room's own page.")
        try:
            return await handler(request)
        except web.HTTPException as exc:
            return _text(exc.status, exc.reason)

    # ---- pages ---------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.Response:
        body, kind = self.files["/"]
        response = web.Response(body=body, content_type=kind, charset="utf-8")
        cookie = {"httponly": True, "samesite": "Strict", "path": "/"}
        response.set_cookie(CODE_COOKIE, self.room.code, **cookie)
        if self.room.phone(request.cookies.get(PHONE_COOKIE)) is None:
            address = request.remote or ""
            if self.joins_per_address is not None and self._joins.get(address, 0) >= self.joins_per_address:
                return _text(429, "Too many phones have joined from this address. Ask the facilitator.")
            self._joins[address] = self._joins.get(address, 0) + 1
            try:
                token = self.room.join()
            except RoomFull as exc:
                return _text(503, str(exc))
            except RuleError as exc:
                return _text(410, str(exc))
            response.set_cookie(PHONE_COOKIE, token, **cookie)
        return response

    async def static(self, request: web.Request) -> web.Response:
        body, kind = self.files[request.path]
        return web.Response(body=body, content_type=kind, charset="utf-8")

    # ---- the API -------------------------------------------------------------------------

    def _phone(self, request: web.Request):
        token = request.cookies.get(PHONE_COOKIE, "")
        return token, self.room.phone(token)

    async def state(self, request: web.Request) -> web.Response:
        token, phone = self._phone(request)
        if phone is None:
            return _json({"error": "Join the room first: scan the code on the screen again."}, 403)
        view = self.room.view(token)
        view["csrf"] = phone.csrf
        return _json(view)

    async def _form(self, request: web.Request):
        token, phone = self._phone(request)
        if phone is None:
            return (
                None,
                None,
                _json({"error": "Join the room first: scan the code on the screen again."}, 403),
            )
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            return None, None, _json({"error": "That is too much to send at once."}, 413)
        if len(form) > MAX_FIELDS:
            return None, None, _json({"error": "That is too much to send at once."}, 413)
        csrf = form.get("csrf")
        if not isinstance(csrf, str) or not hmac.compare_digest(csrf.encode(), phone.csrf.encode()):
            return None, None, _json({"error": "This page is out of date. Reload it and try again."}, 403)
        return token, form, None

    async def _settle(self, future) -> web.Response | None:
        try:
            await asyncio.wrap_future(future)
        except RuleError as exc:
            return _json({"error": str(exc)}, 409)
        except WriteError:
            return _json({"error": "The laptop could not save that. Tell the facilitator."}, 503)
        return None

    async def ballot(self, request: web.Request) -> web.Response:
        token, form, refused = await self._form(request)
        if refused is not None:
            return refused
        dots: dict[int, int] = {}
        for name, value in form.items():
            if not name.startswith("dot-"):
                continue
            try:
                idea_id, count = int(name[4:]), int(str(value))
            except ValueError:
                return _json({"error": "A ballot holds whole numbers of dots."}, 400)
            if count < 0 or count > 1000:
                return _json({"error": "A ballot holds whole numbers of dots."}, 400)
            dots[idea_id] = count
        revising = bool(self.room.phone(token) and self.room.phone(token).voted)
        try:
            future = self.room.cast(token, dots)
        except RuleError as exc:
            return _json({"error": str(exc)}, 409)
        refused = await self._settle(future)
        if refused is not None:
            return refused
        message = "Your ballot is changed." if revising else "Your ballot is counted. Thank you."
        return _json({"ok": True, "message": message})

    async def idea(self, request: web.Request) -> web.Response:
        token, form, refused = await self._form(request)
        if refused is not None:
            return refused
        text = form.get("text")
        try:
            future = self.room.add_idea(token, text if isinstance(text, str) else "")
        except RuleError as exc:
            return _json({"error": str(exc)}, 409)
        refused = await self._settle(future)
        if refused is not None:
            return refused
        return _json({"ok": True, "message": "Your card is on the board. Thank you."})

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the sheet's version whenever it changes, so the page reads it again."""
        _token, phone = self._phone(request)
        if phone is None:
            return _text(403, "Join the room first.")
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        seen = None
        try:
            while not self.closing and self.room.phone(_token) is not None:
                wake = self._wake
                if self.room.version != seen:
                    seen = self.room.version
                    await response.write(f"data: {seen}\n\n".encode())
                try:
                    await asyncio.wait_for(wake.wait(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    await response.write(b": still here\n\n")
            await response.write(b"event: closed\ndata: 0\n\n")
        except ConnectionResetError:
            pass  # the phone went away (locked screen, closed tab)
        return response


class RoomServer:
    """Serves a `Room` on one address, in a thread of its own, until `stop()`."""

    def __init__(
        self,
        room: Room,
        host: str = "127.0.0.1",
        port: int = 0,
        resources: Path | None = None,
        joins_per_address: int | None = JOINS_PER_ADDRESS,
    ) -> None:
        self.room = room
        self.host = host
        self.port = port
        self.web = RoomApp(room, resources, joins_per_address)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        """The join link: http://HOST:PORT/?code=CODE."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?code={self.room.code}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        """Listen; returns the join link. OSError (the port is taken, no such address) if it cannot."""
        self._thread = threading.Thread(target=self._run, name="room-server", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            self._thread.join()
            self._thread = None
            raise self._error
        self.room.refresh()
        return self.url

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            self._runner = web.AppRunner(
                self.web.app, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_SECONDS
            )
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
            loop.run_until_complete(site.start())
            self.port = self._runner.addresses[0][1]
        except BaseException as exc:
            self._error = exc
            if self._runner is not None:
                loop.run_until_complete(self._runner.cleanup())
            loop.close()
            self._ready.set()
            return
        self._ready.set()
        loop.run_forever()
        loop.run_until_complete(self._runner.cleanup())
        loop.close()

    def stop(self) -> None:
        """Stop listening at once (open event streams end too). Safe to call twice."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        self._thread = None

        def begin_stop() -> None:
            self.web.closing = True
            wake = getattr(self.web, "wake", None)
            if wake is not None:
                wake()
            loop.stop()

        if not loop.is_closed():
            loop.call_soon_threadsafe(begin_stop)
        thread.join(10)
