"""Non-modal information windows: the shortcut sheet and About."""

from __future__ import annotations

import html
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSettings, QStandardPaths, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from facilitator import APP_NAME, __version__
from facilitator.core.model import Phase
from facilitator.ui.shell.actions import PHASE_SHORTCUT, ActionSpec, shortcut_text


class _InfoDialog(QDialog):
    def __init__(self, title: str, body_html: str, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setModal(False)
        self.resize(560, 600)
        self.browser = QTextBrowser()
        self.browser.setObjectName(f"{name}Text")
        self.browser.setAccessibleName(title)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(body_html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName(f"{name}Buttons")
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


def shortcut_rows(
    actions: tuple[ActionSpec, ...], extra: list[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """(group, keys, what) for every shortcut: menus, phase keys and the current view's own."""
    rows = [
        (spec.menu.replace("&", ""), shortcut_text(spec), spec.text.replace("&", "").rstrip("…"))
        for spec in actions
        if spec.shortcut is not None
    ]
    rows += [("Phases", PHASE_SHORTCUT.format(n=n), phase.title) for n, phase in enumerate(Phase, start=1)]
    rows += [("This phase", keys, what) for keys, what in extra]
    return rows


class ShortcutSheet(_InfoDialog):
    def __init__(
        self, actions: tuple[ActionSpec, ...], extra: list[tuple[str, str]], parent: QWidget | None
    ) -> None:
        body = ["<h2>Keyboard shortcuts</h2><table cellpadding='4'>"]
        group = None
        for row_group, keys, what in shortcut_rows(actions, extra):
            if row_group != group:
                body.append(f"<tr><td colspan='2'><h3>{html.escape(row_group)}</h3></td></tr>")
                group = row_group
            body.append(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>")
        body.append("</table>")
        super().__init__("Keyboard shortcuts", "".join(body), "shortcutSheet", parent)


LICENCES = (
    ("Qt 6 and PySide6", "LGPL v3", "The Qt Company"),
    ("sqlite-utils", "Apache 2.0", "Simon Willison"),
    ("SQLite", "Public domain", ""),
    ("reportlab", "BSD", "ReportLab Europe Ltd."),
    ("matplotlib", "PSF-style (matplotlib licence)", "The Matplotlib development team"),
    ("DejaVu fonts", "Bitstream Vera / DejaVu licence (free)", "DejaVu authors"),
    # Also inside the built app (one folder, so each library can be replaced as the LGPL asks):
    ("Python", "PSF licence", "Python Software Foundation"),
    ("NumPy and Pillow (used by matplotlib)", "BSD / MIT-CMU", "NumPy and Pillow developers"),
)


class AboutBox(_InfoDialog):
    def __init__(self, parent: QWidget | None) -> None:
        data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        settings_file = QSettings(APP_NAME, APP_NAME).fileName()
        rows = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{html.escape(lic)}</td></tr>" for n, lic, _ in LICENCES
        )
        body = (
            f"<h2>{APP_NAME} {__version__}</h2>"
            "<p>Offline, in-room listening sessions. Nothing you record leaves this computer: "
            "no network, no account.</p>"
            "<h3>Where your data lives</h3>"
            "<p>Each session is one <code>.roundtable</code> file, wherever you saved it. "
            f"The demo session and app data: <code>{html.escape(data)}</code>. "
            f"Settings (recent files, your defaults): <code>{html.escape(settings_file)}</code>.</p>"
            f"<h3>Bundled software</h3><table cellpadding='3'>{rows}</table>"
            f"<p>Python {sys.version.split()[0]}, Qt {qVersion()}, PySide6 {pyside_version}, "
            f"{html.escape(sys.platform)}</p>"
        )
        super().__init__(f"About {APP_NAME}", body, "aboutBox", parent)
        self.browser.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)


__all__ = ["AboutBox", "ShortcutSheet"]
