"""User text shown as text, never as markup.

Qt guesses: a QLabel or a tooltip whose text "might be rich text" (it starts with
something like a tag) is rendered as HTML, so a theme named `<img src="...">` would
show a picture and `<b>` would bold. Labels get `Qt.PlainText`; a tooltip has no
such switch, so its text is escaped inside an explicit rich-text envelope.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QLabel


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` literally, line breaks kept: unchanged when Qt would
    show it as plain text anyway, else escaped inside an explicit rich-text envelope."""
    if not QtGuiNamespace.mightBeRichText(text):
        return text
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def plain_label(label: QLabel) -> QLabel:
    """Make `label` show its text literally, whatever it contains."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
