"""Simulated phones against a real room server: join, read the sheet, vote. Shared by the load
test and the benchmark."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import aiohttp


@dataclass
class Phones:
    """What a crowd of simulated phones saw."""

    statuses: list[int] = field(default_factory=list)
    seconds: dict[str, list[float]] = field(default_factory=dict)

    def timed(self, what: str, started: float) -> None:
        self.seconds.setdefault(what, []).append(time.perf_counter() - started)


async def _phone(base: str, code: str, dots: dict[int, int], seen: Phones, static_reads: int) -> None:
    jar = aiohttp.CookieJar(unsafe=True)  # cookies from an IP address, as on a room's network
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        started = time.perf_counter()
        async with session.get(f"{base}/?code={code}") as page:
            await page.read()
            seen.statuses.append(page.status)
        seen.timed("join", started)
        for _ in range(static_reads):
            started = time.perf_counter()
            async with session.get(f"{base}/phone.css") as css:
                await css.read()
                seen.statuses.append(css.status)
            seen.timed("static", started)
        started = time.perf_counter()
        async with session.get(f"{base}/api/state") as answer:
            state = await answer.json()
            seen.statuses.append(answer.status)
        seen.timed("state", started)
        form = {"csrf": state["csrf"], **{f"dot-{k}": str(v) for k, v in dots.items()}}
        started = time.perf_counter()
        async with session.post(f"{base}/api/ballot", data=form) as cast:
            await cast.read()
            seen.statuses.append(cast.status)
        seen.timed("ballot", started)


def crowd(base: str, code: str, ballots: list[dict[int, int]], static_reads: int = 1) -> Phones:
    """Every phone joins and votes at the same moment; returns the statuses and timings."""
    seen = Phones()

    async def main() -> None:
        await asyncio.gather(*(_phone(base, code, dots, seen, static_reads) for dots in ballots))

    asyncio.run(main())
    return seen


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
