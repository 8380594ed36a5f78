"""The command line as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import __version__
from tests.badfiles import BAD_FILES, fingerprint

CHECK_KEYS = [
    "schema_version",
    "participants",
    "themes",
    "ideas",
    "merged",
    "withdrawn",
    "rounds",
    "turns",
    "passes",
    "ballots",
    "dots",
    "tallies",
    "ratings",
    "placements",
    "actions",
    "reasons",
    "unanswered",
    "actions_to_review",
    "predecessor",
]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args], capture_output=True, text=True, timeout=120
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"facilitator {__version__}"


def test_help_lists_the_verbs() -> None:
    result = run("--help")
    assert result.returncode == 0
    for verb in ("demo", "check"):
        assert f"facilitator {verb}" in result.stdout


def test_demo_then_check(tmp_path: Path) -> None:
    path = tmp_path / "x.roundtable"
    assert run("demo", str(path)).returncode == 0
    result = run("check", str(path))
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout and "participants: 10" in result.stdout


def test_check_json_counts(demo_path: Path) -> None:
    result = run("check", str(demo_path), "--json")
    assert result.returncode == 0
    facts = json.loads(result.stdout)
    assert list(facts) == CHECK_KEYS
    assert facts["participants"] == 10
    assert facts["ideas"] == 31
    assert facts["merged"] == 2 and facts["withdrawn"] == 1
    assert facts["ballots"] == 10 and facts["dots"] == 50
    assert facts["actions"] == 12 and facts["reasons"] == 19
    assert facts["unanswered"] == 0  # the demo is finished: every idea has its answer
    assert facts["actions_to_review"] == 0 and facts["predecessor"] is None


def test_demo_will_not_overwrite_without_replace(demo_path: Path) -> None:
    before = fingerprint(demo_path)
    result = run("demo", str(demo_path))
    assert result.returncode == 1
    assert "--replace" in result.stderr
    assert fingerprint(demo_path) == before
    assert run("demo", str(demo_path), "--replace").returncode == 0


def test_check_does_not_change_a_good_file(demo_path: Path) -> None:
    before = fingerprint(demo_path)
    assert run("check", str(demo_path)).returncode == 0
    assert fingerprint(demo_path) == before


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_check_bad_file_one_line_exit_1(case: str, demo_path: Path, tmp_path: Path) -> None:
    make, expected = BAD_FILES[case]
    target = tmp_path / f"{case}.roundtable"
    make(demo_path, target)
    before = fingerprint(target)
    result = run("check", str(target))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert expected.reason in lines[0]
    assert fingerprint(target) == before


def test_open_missing_file_in_check(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "absent.roundtable"))
    assert result.returncode == 1
    assert "no such file" in result.stderr
