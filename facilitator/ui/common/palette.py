"""Colours with a meaning, named once for every view.

Theme colours come from the session file; these are the app's own.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

UNSORTED = "#9AA0A6"  # a card in no theme yet: neutral grey, never a theme colour
FOCUS = QColor("#1A56DB")  # the keyboard focus, the current speaker, a drop target
FOCUS_HEX = FOCUS.name().upper()  # the same blue, for style sheets
