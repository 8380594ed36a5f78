"""Ideas in Chinese, Japanese and Korean print and extract as text; emoji print by name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from facilitator.export.fonts import MISSING_GLYPH
from tests.export.conftest import norm, pdf_body

IDEAS = [
    "夜勤のときにもう一人看護師がほしい",  # Japanese
    "交接班时请使用同一张交班单",  # Chinese (simplified)
    "휴게 시간을 제대로 보장해 주세요",  # Korean
    "新しい輸液ポンプの研修をチームで一緒に行う",
    "病房需要一个安静的休息室",
    "야간 근무 때 따뜻한 식사를 제공해 주세요",
]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args], capture_output=True, text=True, timeout=300
    )


def test_imported_cjk_ideas_export_as_exact_text(tmp_path: Path) -> None:
    from pypdf import PdfReader

    csv = tmp_path / "ideas.csv"
    csv.write_text("text\n" + "\n".join(IDEAS) + "\n", encoding="utf-8")
    session = tmp_path / "s.roundtable"
    assert _cli("demo", str(session)).returncode == 0
    result = _cli("import", str(session), "--csv", str(csv))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "minutes.pdf"
    result = _cli("export", str(session), "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    body = pdf_body(out.read_bytes())
    for idea in IDEAS:
        assert norm(idea) in norm(body), idea
    assert MISSING_GLYPH not in body
    fonts = {
        str(f["/BaseFont"]) for page in PdfReader(out).pages for f in page["/Resources"]["/Font"].values()
    }
    assert any("Droid" in f for f in fonts)  # the fallback font is embedded


def test_emoji_print_by_name_never_as_a_box() -> None:
    from facilitator.export.fonts import printable

    text, replaced = printable("More breaks please 🎉 and a thumbs up 👍🏽")
    assert replaced
    assert MISSING_GLYPH not in text
    assert "[party popper]" in text and "[thumbs up sign]" in text
    assert printable("交接班 ok")[0] == "交接班 ok"
