"""`facilitator --selftest`: it passes on a good install and says what failed on a bad one."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import cli, selftest
from facilitator.selftest import CheckFailed, CheckSkipped, SelfTest, pdf_facts, run_selftest

CHECKS = (
    "qt",
    "bundled font",
    "app icon",
    "main window",
    "record ideas",
    "phase views",
    "minutes export",
    "phones' room",
    "session file",
    "about box",
    "callbacks",
)
ROOT = Path(__file__).resolve().parents[1]


def _isolated_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        folder = tmp_path / var.lower()
        folder.mkdir(mode=0o700)
        env[var] = str(folder)
    return env


def _status_lines(output: str) -> dict[str, str]:
    """check name -> status, from lines such as 'PASS     qt: Qt 6.8, platform offscreen'."""
    found = {}
    for line in output.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("PASS", "FAIL", "SKIPPED"):
            found[rest.strip().split(":")[0]] = status
    return found


@pytest.mark.slow
def test_selftest_passes_from_source_and_keeps_the_recent_files(tmp_path: Path) -> None:
    env = _isolated_env(tmp_path)
    kept = tmp_path / "earlier.roundtable"
    kept.write_bytes(b"")
    conf = Path(env["XDG_CONFIG_HOME"]) / "Facilitator" / "Facilitator.conf"
    conf.parent.mkdir()
    conf.write_text(f"[General]\nrecentFiles={kept}\n", encoding="utf-8")

    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "--selftest"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    statuses = _status_lines(done.stdout)
    assert list(statuses) == list(CHECKS)
    minutes_built = importlib.util.find_spec("facilitator.export.minutes_pdf") is not None
    if minutes_built:
        assert statuses.pop("minutes export") == "PASS"
    else:
        assert "SKIPPED  minutes export: not available in this build" in done.stdout
        statuses.pop("minutes export")
    assert set(statuses.values()) == {"PASS"}
    last = done.stdout.strip().splitlines()[-1]
    assert last == f"selftest: {10 + minutes_built} passed, 0 failed, {int(not minutes_built)} skipped"
    # The temporary session is not left in the user's recent files.
    assert "selftest.roundtable" not in conf.read_text(encoding="utf-8")
    assert str(kept) in conf.read_text(encoding="utf-8")


def test_selftest_fails_and_says_what_when_resources_are_missing(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selftest, "resources_dir", lambda: tmp_path / "nowhere")
    out = io.StringIO()

    status = run_selftest(cli.main, out)

    text = out.getvalue()
    assert status == 1
    statuses = _status_lines(text)
    assert statuses["bundled font"] == "FAIL"
    assert statuses["app icon"] == "FAIL"
    assert f"DejaVuSans.ttf is missing from {tmp_path / 'nowhere' / 'fonts'}" in text
    assert statuses["record ideas"] == "PASS"  # one failure does not stop the rest
    assert text.strip().splitlines()[-1].startswith("selftest: ")
    assert ", 2 failed, " in text.strip().splitlines()[-1]


def test_the_runner_reports_pass_skip_failure_and_bugs(tmp_path: Path) -> None:
    out = io.StringIO()
    test = SelfTest(tmp_path, out)

    def skipped() -> str:
        raise CheckSkipped("not available in this build")

    def failed() -> str:
        raise CheckFailed("the file holds 2 ideas")

    def buggy() -> str:
        return {}["missing"]

    test.run("fine", lambda: "all good")
    test.run("optional", skipped)
    test.run("broken", failed)
    test.run("bug", buggy)

    lines = out.getvalue().splitlines()
    assert lines[0] == "PASS     fine: all good"
    assert lines[1] == "SKIPPED  optional: not available in this build"
    assert lines[2] == "FAIL     broken: the file holds 2 ideas"
    assert lines[3].startswith("FAIL     bug: KeyError: 'missing' (test_selftest.py:")
    assert test.counts() == {"PASS": 1, "FAIL": 2, "SKIPPED": 1}


def test_an_exception_in_a_slot_is_collected_not_lost(qapp) -> None:
    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        fired = Signal()

    def broken_slot() -> None:
        raise ValueError("the view broke")

    source = Source()
    source.fired.connect(broken_slot)
    errors: list[str] = []
    with selftest._callback_errors_collected(errors):
        source.fired.emit()

    assert len(errors) == 1
    assert errors[0].startswith("ValueError: the view broke (test_selftest.py:")
    test = SelfTest(Path(), io.StringIO(), callback_errors=errors)
    with pytest.raises(CheckFailed, match="an exception escaped a Qt callback: ValueError: the view broke"):
        test.check_callbacks()


def _pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(ROOT / "resources" / "fonts" / "DejaVuSans.ttf")))
    canvas = Canvas(str(path))
    for n in range(pages):
        canvas.setFont("DejaVuSans", 12)
        canvas.drawString(72, 720, f"Page {n + 1}: café Ω Ж")
        canvas.showPage()
    canvas.save()
    return path


def test_pdf_facts_counts_pages_and_names_the_embedded_fonts(tmp_path: Path) -> None:
    pages, fonts = pdf_facts(_pdf(tmp_path / "three.pdf", 3))
    assert pages == 3
    assert "DejaVuSans" in fonts


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[: len(data) // 2], "cut short"),
        (lambda data: b"<html>" + data[5:], "not a PDF"),
    ],
)
def test_pdf_facts_refuses_a_damaged_pdf(tmp_path: Path, damage, message: str) -> None:
    pdf = _pdf(tmp_path / "one.pdf", 1)
    pdf.write_bytes(damage(pdf.read_bytes()))
    with pytest.raises(CheckFailed, match=message):
        pdf_facts(pdf)
