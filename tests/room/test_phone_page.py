"""The phone page as shipped: plain files, nothing from another origin, user text never parsed as HTML."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "resources" / "phone"


def test_the_page_is_three_plain_files_that_the_build_bundles() -> None:
    assert sorted(p.name for p in PAGE.iterdir()) == ["index.html", "phone.css", "phone.js"]
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert re.search(r'BUNDLED = \([^)]*"phone"', spec)


def test_nothing_comes_from_another_origin_and_no_web_fonts() -> None:
    for path in PAGE.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path.name
        assert "@font-face" not in text and "@import" not in text, path.name


def test_user_text_goes_in_as_text_only_and_no_inline_script_or_style() -> None:
    script = (PAGE / "phone.js").read_text(encoding="utf-8")
    assert "textContent" in script
    for unsafe in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        'setAttribute("style',
    ):
        assert unsafe not in script, unsafe
    page = (PAGE / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/phone.js" defer>']
    assert "style=" not in page and "<style" not in page and " on" not in re.sub(r">[^<]*<", "><", page)


def test_touch_targets_are_large() -> None:
    css = (PAGE / "phone.css").read_text(encoding="utf-8")
    sizes = re.findall(r"min-(?:width|height):\s*([\d.]+)rem", css)
    assert sizes and min(float(s) for s in sizes) >= 3.0  # 3 rem at 18 px: 54 px, above the 48 px guideline
