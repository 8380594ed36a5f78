"""Dates as people read and type them.

One written form everywhere a person reads a date ("15 Dec 2026": the window, the
presenter, the PDFs); the file keeps ISO (2026-12-15) so it sorts and compares.
A date may be typed either way; anything else is refused with a message.
"""

from __future__ import annotations

import datetime as _dt
import re

from facilitator.core.errors import RuleError

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTHS = tuple(name[:3] for name in MONTH_NAMES)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SHOWN = re.compile(r"(\d{1,2})[ \-./]*([A-Za-z]+)\.?[ \-./,]*(\d{4})")
TYPE_HINT = "Type it as 15 Dec 2026 or 2026-12-15."


def format_date(value: str | _dt.date | None) -> str:
    """'2026-12-15' (or a date) as '15 Dec 2026'; empty stays empty; anything else as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, _dt.date):
        day = value
    else:
        try:
            day = _dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return f"{day.day} {MONTHS[day.month - 1].title()} {day.year}"


def format_stamp(moment: _dt.datetime) -> str:
    """A moment, as on a page footer: '30 Nov 2026 01:00'."""
    return f"{format_date(moment.date())} {moment:%H:%M}"


def _month(word: str) -> int | None:
    word = word.lower()
    if len(word) < 3:
        return None
    for n, name in enumerate(MONTH_NAMES, start=1):
        if name.startswith(word):  # "Dec", "Dece", "December"
            return n
    return None


def parse_date(text: str, what: str = "A date") -> _dt.date:
    """A date typed as shown ('15 Dec 2026', '15 December 2026') or as ISO ('2026-12-15').
    Raises RuleError naming what was typed and how to type it."""
    typed = " ".join(text.split())
    day = month = year = None
    if match := _ISO.fullmatch(typed):
        year, month, day = (int(g) for g in match.groups())
    elif match := _SHOWN.fullmatch(typed):
        day, month, year = int(match.group(1)), _month(match.group(2)), int(match.group(3))
    if day is not None and month is not None and year is not None:
        try:
            return _dt.date(year, month, day)
        except ValueError:
            raise RuleError(f"{what} “{typed}” is not a day on the calendar. {TYPE_HINT}") from None
    raise RuleError(f"{what} “{typed}” is not a date this app can read. {TYPE_HINT}")


def iso_or_empty(text: str, what: str = "A date") -> str:
    """What the file keeps: '' for nothing typed, else the ISO form of a readable date."""
    return parse_date(text, what).isoformat() if text.strip() else ""


_TIME = re.compile(r"^\s*(\d{1,2})[:.h]?(\d{2})\s*$")


def parse_time(text: str, what: str = "A time") -> str:
    """A time of day typed as 14:05, 14.05, 9:30 or 1405, stored as HH:MM."""
    match = _TIME.match(text)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise RuleError(f"{what} “{text.strip()[:40]}” is not a time of day. Type it as 14:05.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"
