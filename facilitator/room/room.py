"""A room: the phones that joined it and what each may send. No Qt, no HTTP.

Anonymity. A phone joins with a 128-bit random token that lives only here and in the
phone's cookie; it is never passed to the store. A ballot is written by the same vote
operation as a laptop ballot and the file counts how many phones voted. Which ballot is
a phone's is remembered here, in memory, only until Reveal, so that the phone can revise
its own ballot; then it is forgotten (as `ops.voting.BallotMemory` forgets the laptop's).
Ideas from phones are written with no device, time or order (`ops.ideas.add_idea_from_phone`).

Nothing a phone can ask for reveals a count: every phone sees the same sheet (the
question, the cards, the rules) and its own ballot, never anyone else's or a total.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from facilitator.core import model as m
from facilitator.core import voting
from facilitator.core.errors import RuleError
from facilitator.core.text import clean_text

T = TypeVar("T")

# No 0/O, 1/I/L: the code is read off a projector and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
TOKEN_BYTES = 16  # 128 bits
MAX_PHONES = 500
MAX_PHONE_IDEA_CHARS = 1000
MAX_IDEAS_PER_PHONE = 50


class Mode(StrEnum):
    VOTE = "vote"  # the Vote phase: one ballot per phone
    IDEAS = "ideas"  # silent writing at the round table: anonymous cards


class RoomFull(RuleError):
    """More phones than a room takes."""


class Host(Protocol):
    """Runs the room's reads and writes where the session file is owned."""

    def read(self, fn: Callable[[Any], T]) -> Future[T]:
        """Call `fn(store)` on the owning thread."""
        ...

    def write(self, op: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run the operation `op(store, *args)` on the owning thread; the future holds its OpResult."""
        ...


@dataclass(frozen=True)
class Card:
    id: int
    text: str
    theme: str


@dataclass(frozen=True)
class Sheet:
    """What every phone sees, the same for all: the question, the cards, the rules. No counts."""

    title: str = ""
    question: str = ""
    phase: m.Phase = m.Phase.SETUP
    revealed: bool = False
    budget: int = 0
    cap: int = 0
    cards: tuple[Card, ...] = ()


def read_sheet(store: Any) -> Sheet:
    """The sheet from the open session (runs on the host's thread)."""
    info = store.info()
    ideas = store.ideas()
    order = {t.id: (t.position, t.name) for t in store.themes()}
    cards = sorted(
        (i for i in ideas if voting.votable(i)),
        key=lambda i: (order.get(i.theme_id, (len(order), ""))[0], i.position, i.id),
    )
    return Sheet(
        title=info.title,
        question=info.question,
        phase=info.phase,
        revealed=info.revealed,
        budget=voting.spendable_budget(info.rules, len(cards)),
        cap=info.rules.max_votes_per_idea,
        cards=tuple(Card(i.id, i.text, order.get(i.theme_id, (0, ""))[1]) for i in cards),
    )


@dataclass
class Phone:
    """One joined phone, in memory only."""

    csrf: str
    voted: bool = False
    ballot_id: int | None = None  # forgotten at Reveal
    dots: dict[int, int] = field(default_factory=dict)  # its own ballot, shown back to it; same
    ideas: int = 0
    busy: bool = False  # a ballot is being saved: a second tap must not cast twice


@dataclass(frozen=True)
class RoomStatus:
    """What the facilitator sees: how many phones joined and how many voted. Never what."""

    joined: int
    voted: int
    ideas: int
    open: bool

    def text(self, mode: Mode) -> str:
        phones = f"{self.joined} phone{'' if self.joined == 1 else 's'} joined"
        if mode is Mode.VOTE:
            return f"{phones} · {self.voted} voted"
        return f"{phones} · {self.ideas} card{'' if self.ideas == 1 else 's'} sent"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class Room:
    """The phones of one open room. Thread-safe: the server calls it from its own thread."""

    def __init__(self, host: Host, mode: Mode, code: str | None = None) -> None:
        self.host = host
        self.mode = Mode(mode)
        self.code = code or new_code()
        self._phones: dict[str, Phone] = {}
        self._ideas_sent = 0
        self._lock = threading.RLock()
        self._sheet = Sheet()
        self.version = 0
        self.closed = False
        self._watchers: list[Callable[[], None]] = []
        self._status_watchers: list[Callable[[RoomStatus], None]] = []

    # ---- watching -------------------------------------------------------------------------

    def watch(self, callback: Callable[[], None]) -> None:
        """`callback()` after the sheet changed (any thread): phones should read it again."""
        self._watchers.append(callback)

    def watch_status(self, callback: Callable[[RoomStatus], None]) -> None:
        """`callback(status)` after a phone joined, voted or sent a card (any thread)."""
        self._status_watchers.append(callback)

    def _status_changed(self) -> None:
        status = self.status()
        for callback in list(self._status_watchers):
            callback(status)

    def status(self) -> RoomStatus:
        with self._lock:
            voted = sum(p.voted for p in self._phones.values())
            return RoomStatus(len(self._phones), voted, self._ideas_sent, not self.closed)

    # ---- the code and the phones -------------------------------------------------------

    def matches(self, code: str | None) -> bool:
        """Whether `code` is this room's code (compared in constant time, case-insensitive)."""
        if not code or len(code) > 64:
            return False
        return hmac.compare_digest(code.strip().upper().encode(), self.code.encode())

    def join(self) -> str:
        """A new phone: its token. The token is kept here and by the phone, nowhere else."""
        with self._lock:
            if self.closed:
                raise RuleError("The room is closed.")
            if len(self._phones) >= MAX_PHONES:
                raise RoomFull(f"The room takes at most {MAX_PHONES} phones.")
            token = new_token()
            self._phones[token] = Phone(csrf=new_token())
        self._status_changed()
        return token

    def phone(self, token: str | None) -> Phone | None:
        if not token or len(token) > 64:
            return None
        with self._lock:
            return self._phones.get(token)

    # ---- the sheet -------------------------------------------------------------------------

    @property
    def sheet(self) -> Sheet:
        with self._lock:
            return self._sheet

    def refresh(self) -> Future[Sheet]:
        """Read the sheet again (the session changed). At Reveal, forget which ballot was whose."""
        future = self.host.read(read_sheet)
        future.add_done_callback(self._on_sheet)
        return future

    def _on_sheet(self, future: Future[Sheet]) -> None:
        if future.exception() is not None:
            return
        sheet = future.result()
        with self._lock:
            self._sheet = sheet
            if sheet.revealed:
                self._forget_ballots()
            self.version += 1
        for callback in list(self._watchers):
            callback()

    def _forget_ballots(self) -> None:
        for phone in self._phones.values():
            phone.ballot_id = None
            phone.dots = {}

    def accepting(self) -> tuple[bool, str]:
        """Whether the room takes what its phones send now, and if not, a sentence saying why."""
        sheet = self.sheet
        if self.closed:
            return False, "The room is closed. Thank you for taking part."
        if self.mode is Mode.VOTE:
            if sheet.revealed:
                return False, "The vote is closed: the results are showing on the screen."
            if sheet.phase is not m.Phase.VOTE:
                return False, "The vote is not open at the moment."
            if not sheet.cards:
                return False, "There are no cards to vote on yet."
            return True, ""
        if sheet.phase is not m.Phase.ROUND_TABLE:
            return False, "The room is not taking cards at the moment."
        return True, ""

    def view(self, token: str) -> dict[str, Any]:
        """Everything one phone may see: the sheet, whether it is open, and its own ballot."""
        sheet = self.sheet
        phone = self.phone(token)
        is_open, why = self.accepting()
        with self._lock:
            mine = dict(phone.dots) if phone else {}
            voted = bool(phone and phone.voted)
            revisable = voted and phone is not None and phone.ballot_id is not None
            sent = phone.ideas if phone else 0
        return {
            "mode": str(self.mode),
            "open": is_open,
            "why": why,
            "title": sheet.title,
            "question": sheet.question,
            "budget": sheet.budget,
            "cap": sheet.cap,
            # Ids as text: sealed ids are 62-bit, past what a JavaScript number holds exactly.
            "cards": [{"id": str(c.id), "text": c.text, "theme": c.theme} for c in sheet.cards]
            if self.mode is Mode.VOTE
            else [],
            "mine": {str(k): v for k, v in mine.items()},
            "voted": voted,
            "revisable": revisable,
            "sent": sent,
            "max_idea": MAX_PHONE_IDEA_CHARS,
            "version": self.version,
        }

    # ---- what phones send -------------------------------------------------------------------

    def cast(self, token: str, dots: Mapping[int, int]) -> Future[Any]:
        """Cast this phone's ballot, or revise it until Reveal. RuleError says why not."""
        from facilitator.ops import voting as vote_ops

        if self.mode is not Mode.VOTE:
            raise RuleError("The room is taking idea cards now, not ballots.")
        is_open, why = self.accepting()
        if not is_open:
            raise RuleError(why)
        with self._lock:
            phone = self._phones.get(token)
            if phone is None:
                raise RuleError("This phone has not joined the room.")
            if phone.busy:
                raise RuleError("Your ballot is still being saved.")
            if phone.voted and phone.ballot_id is None:
                raise RuleError("Your ballot is counted. It can no longer be changed.")
            phone.busy = True
            ballot_id = phone.ballot_id
        dots = {int(k): int(v) for k, v in dots.items() if v}
        try:
            if ballot_id is None:
                future = self.host.write(self._while_open(vote_ops.cast_phone_ballot), dots)
            else:
                future = self.host.write(self._while_open(vote_ops.revise_phone_ballot), ballot_id, dots)
        except BaseException:
            with self._lock:
                phone.busy = False
            raise

        def on_done(done: Future[Any]) -> None:
            with self._lock:
                phone.busy = False
                if done.exception() is None:
                    phone.voted = True
                    if not self._sheet.revealed:
                        phone.ballot_id = done.result().value
                        phone.dots = dict(dots)
            if done.exception() is None:
                self._status_changed()

        future.add_done_callback(on_done)
        return future

    def add_idea(self, token: str, text: str) -> Future[Any]:
        """Add an anonymous card from this phone during silent writing."""
        from facilitator.ops.ideas import add_idea_from_phone

        if self.mode is not Mode.IDEAS:
            raise RuleError("The room is taking ballots now, not idea cards.")
        is_open, why = self.accepting()
        if not is_open:
            raise RuleError(why)
        text = clean_text(text or "")
        if not text:
            raise RuleError("Write your idea first.")
        if len(text) > MAX_PHONE_IDEA_CHARS:
            raise RuleError(
                f"An idea from a phone can be at most {MAX_PHONE_IDEA_CHARS:,} characters; "
                f"this one has {len(text):,}."
            )
        with self._lock:
            phone = self._phones.get(token)
            if phone is None:
                raise RuleError("This phone has not joined the room.")
            if phone.ideas >= MAX_IDEAS_PER_PHONE:
                raise RuleError(f"One phone can send at most {MAX_IDEAS_PER_PHONE} cards.")
            phone.ideas += 1
            self._ideas_sent += 1
        future = self.host.write(self._while_open(add_idea_from_phone), text)

        def on_done(done: Future[Any]) -> None:
            if done.exception() is not None:
                with self._lock:
                    phone.ideas -= 1
                    self._ideas_sent -= 1
            self._status_changed()

        future.add_done_callback(on_done)
        return future

    def _while_open(self, op: Callable[..., Any]) -> Callable[..., Any]:
        """`op`, refused if the room closed before the host got round to running it."""

        def guarded(store: Any, *args: Any) -> Any:
            if self.closed:
                raise RuleError("The room is closed.")
            return op(store, *args)

        return guarded

    def close(self) -> None:
        """Forget every phone: tokens, and which ballot was whose."""
        with self._lock:
            self.closed = True
            self._phones.clear()
            self.version += 1
        for callback in list(self._watchers):
            callback()
        self._status_changed()
