"""Rules for text that people type: ideas, names, reasons."""

from __future__ import annotations

import re

from facilitator.core.errors import RuleError

MAX_IDEA_CHARS = 10_000
MAX_NAME_CHARS = 200  # a name, a theme, a title and the other session details
MAX_QUESTION_CHARS = 1_000

# C0 controls except tab and newline, plus DEL. They cannot be printed or typed
# on purpose, and several formats (PDF, CSV, XML in reportlab) cannot carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): invisible, and
# they can make a line read backwards ("Ann has voted" shown as something else).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# A surrogate in a Python str is always a lone half of a pair (say, an emoji cut
# in two by another program). No file format can store one, so it becomes U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


# Any character `clean_text` changes (carriage returns are among the controls). Most texts
# hold none: a printable text (no control, format or surrogate character at all) is known
# clean without a search.
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Normalise newlines, drop control and bidi control characters, replace lone surrogates,
    trim the ends."""
    if text.isprintable() or _UNCLEAN.search(text) is None:
        return text.strip()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _BIDI.sub("", _CONTROL.sub("", text))).strip()


def clean_idea_text(text: str) -> str:
    """The text of an idea as it will be stored, or a RuleError saying why not."""
    cleaned = text.strip() if text.isprintable() else clean_text(text)  # the first: most texts
    if not cleaned:
        raise RuleError("An idea needs some text. To skip this speaker, record a pass.")
    if len(cleaned) > MAX_IDEA_CHARS:
        raise RuleError(
            f"An idea can be at most {MAX_IDEA_CHARS:,} characters; this one has "
            f"{len(cleaned):,}. Shorten it, or split it into several ideas."
        )
    return cleaned


def clean_name(text: str, what: str = "A name") -> str:
    cleaned = " ".join(clean_text(text).split())
    if not cleaned:
        raise RuleError(f"{what} cannot be empty.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise RuleError(f"{what} can be at most {MAX_NAME_CHARS} characters.")
    return cleaned


def parse_people(pasted: str) -> list[tuple[str, str, str]]:
    """People pasted one per line as (name, role, team). Role and team are optional and follow
    the name after a tab (a spreadsheet's columns) or a comma: "Aisha Bello, Staff nurse, Ward 5".
    Blank lines and list bullets are ignored."""
    people = []
    for line in clean_text(pasted).split("\n"):
        line = line.strip().lstrip("-*•").strip()
        if not line:
            continue
        parts = line.split("\t") if "\t" in line else line.split(",")
        name = clean_name(parts[0])
        role = " ".join(parts[1].split()) if len(parts) > 1 else ""
        team = " ".join(", ".join(p.strip() for p in parts[2:] if p.strip()).split())
        for what, value in (("A role", role), ("A team", team)):
            if len(value) > MAX_NAME_CHARS:
                raise RuleError(f"{what} can be at most {MAX_NAME_CHARS} characters.")
        people.append((name, role, team))
    return people


def parse_names(pasted: str) -> list[str]:
    """The names of `parse_people`."""
    return [name for name, _role, _team in parse_people(pasted)]


def one_line(text: str, limit: int) -> str:
    """`text` on one line (runs of spaces and line breaks become one space), cut to `limit`
    characters with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
