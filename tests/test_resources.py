"""What the build bundles and a desktop reads: the font, the icons, the .desktop file, the MIME type."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from facilitator import FILE_SUFFIX
from facilitator.store.schema import APPLICATION_ID

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
ICONS = RESOURCES / "icons"
MIME_TYPE = "application/x-facilitator-session"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _render_pngs():
    spec = importlib.util.spec_from_file_location("render_pngs", ICONS / "render_pngs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- the font -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"])
def test_the_bundled_font_and_its_licence_are_present(name: str) -> None:
    assert (RESOURCES / "fonts" / name).stat().st_size > 1000


def test_the_app_registers_the_bundled_font_with_its_accents_greek_and_cyrillic(qapp) -> None:
    from PySide6.QtGui import QFont, QFontInfo, QRawFont

    from facilitator.ui.app import register_bundled_fonts

    assert register_bundled_fonts() == ["DejaVu Sans"]
    assert QFontInfo(QFont("DejaVu Sans")).family() == "DejaVu Sans"
    raw = QRawFont(str(RESOURCES / "fonts" / "DejaVuSans.ttf"), 12)
    assert raw.isValid()
    assert all(raw.supportsCharacter(ord(c)) for c in "éøßΩλЖя—…€")


# ---- the icon -----------------------------------------------------------------------------------


def test_the_svg_icon_is_one_qt_can_draw(qapp) -> None:
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICONS / "facilitator.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height() == 256


@pytest.mark.parametrize("size", [16, 32, 48, 64, 128, 256, 512])
def test_each_png_size_exists_and_matches_the_svg(qapp, size: int) -> None:
    from PySide6.QtGui import QImage

    render_pngs = _render_pngs()
    assert size in render_pngs.SIZES
    png = QImage(str(render_pngs.png_path(size)))
    assert (png.width(), png.height()) == (size, size)
    assert png.pixelColor(0, 0).alpha() == 0  # the rounded corner is transparent
    assert png.pixelColor(size // 2, size // 2).alpha() == 255
    # A PNG that was not rendered again after the SVG changed differs from a fresh rendering.
    fresh = render_pngs.render(size).convertToFormat(png.format())
    diff = sum(
        abs(png.pixelColor(x, y).red() - fresh.pixelColor(x, y).red())
        + abs(png.pixelColor(x, y).alpha() - fresh.pixelColor(x, y).alpha())
        for x in range(0, size, max(1, size // 32))
        for y in range(0, size, max(1, size // 32))
    )
    samples = len(range(0, size, max(1, size // 32))) ** 2
    assert diff / samples < 8, "run resources/icons/render_pngs.py and commit the PNGs"


def test_the_window_uses_the_svg_icon(qapp) -> None:
    from facilitator.ui.app import make_application

    app = make_application()
    assert not app.windowIcon().isNull()
    assert not app.windowIcon().pixmap(48, 48).isNull()


# ---- the .desktop file ----------------------------------------------------------------------------


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(RESOURCES / "facilitator.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_launches_the_app_on_a_session_file() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Facilitator"
    assert entry["Exec"].split() == ["facilitator", "%f"]
    assert entry["Terminal"] == "false"
    assert entry["Icon"] == "facilitator"
    assert (ICONS / f"{entry['Icon']}.svg").is_file()
    assert MIME_TYPE in entry["MimeType"].split(";")
    for key in ("Categories", "MimeType", "Keywords"):
        assert entry[key].endswith(";"), f"{key} is a list and must end with ';'"
    assert "Office" in entry["Categories"].split(";")


def test_the_desktop_file_is_valid_where_the_validator_exists() -> None:
    validator = shutil.which("desktop-file-validate")
    text = (RESOURCES / "facilitator.desktop").read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    if validator:
        done = subprocess.run(
            [validator, str(RESOURCES / "facilitator.desktop")], capture_output=True, text=True
        )
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


# ---- the MIME type ------------------------------------------------------------------------------------


def _mime_type() -> ET.Element:
    root = ET.parse(RESOURCES / "facilitator-mime.xml").getroot()
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    return mime


def _value(match: ET.Element) -> bytes:
    kind, value = match.get("type"), match.get("value")
    if kind == "string":
        return value.encode("latin-1").decode("unicode_escape").encode("latin-1")
    if kind == "big32":
        return int(value, 0).to_bytes(4, "big")
    raise AssertionError(f"the test does not know magic type {kind}")


def _matches(match: ET.Element, data: bytes) -> bool:
    """shared-mime-info semantics: a match holds if its bytes are there and any child holds."""
    offset, value = int(match.get("offset")), _value(match)
    if data[offset : offset + len(value)] != value:
        return False
    children = match.findall(f"{MIME_NS}match")
    return not children or any(_matches(child, data) for child in children)


def _plain_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def test_the_mime_type_names_our_suffix_and_id() -> None:
    mime = _mime_type()
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == [f"*{FILE_SUFFIX}"]
    assert mime.find(f"{MIME_NS}sub-class-of").get("type") == "application/vnd.sqlite3"
    inner = mime.find(f"{MIME_NS}magic/{MIME_NS}match/{MIME_NS}match")
    assert int(inner.get("value"), 0) == APPLICATION_ID
    assert int(mime.find(f"{MIME_NS}magic").get("priority")) > 50  # above generic SQLite


def test_the_magic_knows_a_session_from_any_other_sqlite_file(session_path: Path, tmp_path: Path) -> None:
    (rule,) = _mime_type().findall(f"{MIME_NS}magic/{MIME_NS}match")
    assert _matches(rule, session_path.read_bytes()[:512])
    assert not _matches(rule, _plain_sqlite(tmp_path / "other.db").read_bytes()[:512])


QUERY = """
import sys
from PySide6.QtCore import QCoreApplication, QMimeDatabase
app = QCoreApplication([])
db = QMimeDatabase()
for path in sys.argv[1:]:
    print(db.mimeTypeForFile(path, QMimeDatabase.MatchMode.MatchContent).name())
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="shared-mime-info is the Linux desktops' own"
)
def test_a_desktop_recognises_a_renamed_session_by_its_content(session_path: Path, tmp_path: Path) -> None:
    """Qt reads shared-mime-info packages as the desktop does: install ours in a private data folder."""
    packages = tmp_path / "data" / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(RESOURCES / "facilitator-mime.xml", packages)
    renamed = tmp_path / "session.db"
    shutil.copy(session_path, renamed)
    other = _plain_sqlite(tmp_path / "other.db")
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"))

    done = subprocess.run(
        [sys.executable, "-c", QUERY, str(renamed), str(other)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [MIME_TYPE, "application/vnd.sqlite3"]


# ---- the build spec ---------------------------------------------------------------------------------


def test_the_build_spec_compiles_and_collects_every_facilitator_module() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    compile(spec, "build.spec", "exec")
    assert 'collect_submodules("facilitator")' in spec
    for folder in ("fonts", "icons"):
        assert (RESOURCES / folder).is_dir()
