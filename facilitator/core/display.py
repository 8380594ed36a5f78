"""Showing names that come from outside (file names, names inside a file) safely on one line.

A file name can hold a newline (which would split a one-line error in two),
other control characters, or a bidi override such as U+202E that makes a
terminal or a label show the rest of the line backwards. Such names are shown
`repr`-style: in quotes, with each of those characters written as an escape.
An ordinary name is shown as it is.
"""

from __future__ import annotations

import unicodedata

# Control (Cc), format (Cf: bidi controls, zero-width joiners), line and paragraph
# separators (Zl, Zp), lone surrogates (Cs) and private use (Co).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\", "'": "\\'"}


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def _escape(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def quoted_name(name: str) -> str:
    """`name` itself when it is plain; otherwise quoted, with control and bidi characters escaped."""
    if not any(_unsafe(ch) for ch in name):
        return name
    body = "".join(_escape(ch) if _unsafe(ch) or ch in "\\'" else ch for ch in name)
    return f"'{body}'"
