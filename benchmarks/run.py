"""Benchmarks: every figure a ratio against a baseline measured in the same run, on this machine.

    python -m benchmarks.run [--quick] [--markdown] [--only ROW ...]

Prints one table. Each measurement runs in a fresh interpreter with Qt offscreen
(see `benchmarks/probes.py`); app and baseline runs are interleaved and the
medians compared, so a busy machine slows both alike. Sessions are generated
with the project's own operations (`benchmarks/make_sessions.py`) in a temporary
folder, and the app's settings go to a temporary folder too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHASES = ("round_table", "group", "vote", "prioritize", "plan", "minutes")
ROWS = ("startup", "capture", "open", "export", "room", "import", "programme", "memory", "large")


@dataclass
class Figure:
    name: str
    measured: float
    baseline: float
    unit: str
    target: float | None  # highest acceptable ratio; None: for information
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "info"
        return "meets" if self.ratio <= self.target else "GAP"


class Bench:
    def __init__(self, work: Path, reps: int) -> None:
        self.work = work
        self.reps = reps
        self.env = dict(os.environ)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode cached
        self.env.update(
            QT_QPA_PLATFORM="offscreen",
            PYTHONPYCACHEPREFIX=str(work / "pycache"),
            PYTHONPATH=str(ROOT) + os.pathsep + self.env.get("PYTHONPATH", ""),
        )
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
            folder = work / var.lower()
            folder.mkdir(mode=0o700, exist_ok=True)
            self.env[var] = str(folder)

    # ---- running probes ---------------------------------------------------------------------

    def probe(self, *args: str, python_flags: tuple[str, ...] = ()) -> tuple[dict, float, str]:
        """Run one probe; return its JSON, the wall time from start to its answer, and stderr."""
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, *python_flags, "-m", "benchmarks.probes", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = child.stdout.readline()
        elapsed = time.perf_counter() - start
        _, err = child.communicate(timeout=600)
        if not line.strip():
            raise RuntimeError(f"probe {args} gave no answer:\n{err}")
        return json.loads(line), elapsed, err

    # ---- sessions ---------------------------------------------------------------------------

    def session(self, name: str, **kwargs) -> Path:
        from benchmarks.make_sessions import build_large

        path = self.work / f"{name}.roundtable"
        if not path.exists():
            build_large(path, **kwargs)
        return path

    def demo(self, phase: str | None = None) -> Path:
        from facilitator.demo import build_demo
        from facilitator.ops import session as session_ops
        from facilitator.store.session_store import SessionStore

        path = self.work / f"demo-{phase or 'saved'}.roundtable"
        if not path.exists():
            build_demo(path)
            if phase:
                store = SessionStore.open(path)
                session_ops.set_phase(store, phase)
                store.close()
        return path

    def with_phase(self, source: Path, phase: str) -> Path:
        from facilitator.ops import session as session_ops
        from facilitator.store.session_store import SessionStore

        path = self.work / f"{source.stem}-{phase}.roundtable"
        if not path.exists():
            shutil.copyfile(source, path)
            store = SessionStore.open(path)
            session_ops.set_phase(store, phase)
            store.close()
        return path

    # ---- figures ----------------------------------------------------------------------------

    def startup(self) -> tuple[Figure, list[str]]:
        demo = self.demo()
        self.probe("startup-app", str(demo))  # warm-up: bytecode and font caches
        self.probe("startup-bare")
        app, bare, heavy = [], [], set()
        for _ in range(self.reps * 2 + 1):
            result, seconds, _ = self.probe("startup-app", str(demo))
            app.append(seconds)
            heavy.update(result["heavy"])
            bare.append(self.probe("startup-bare")[1])
        return (
            Figure(
                "Start-up: process start → window on the demo, loop idle",
                statistics.median(app),
                statistics.median(bare),
                "s",
                2.5,
                "vs a bare PySide6 QMainWindow shown",
            ),
            sorted(heavy),
        )

    def heavy_importers(self) -> dict[str, str]:
        """Who imports matplotlib or reportlab at start-up, from `python -X importtime`."""
        _, _, err = self.probe("startup-app", str(self.demo()), python_flags=("-X", "importtime"))
        rows = []
        for line in err.splitlines():
            m = re.match(r"import time:\s+\d+ \|\s+\d+ \|( *)(\S+)", line)
            if m:
                rows.append((len(m[1]), m[2]))
        found = {}
        for index, (depth, name) in enumerate(rows):
            top = name.split(".")[0]
            if top in ("matplotlib", "reportlab") and top not in found:
                # importtime lists a module's imports before it, one level deeper: the
                # importer is the next row above this depth.
                parent = next((n for d, n in rows[index + 1 :] if d < depth), "(top level)")
                found[top] = parent
        return found

    def capture(self, ideas: int) -> Figure:
        path = self.session(f"capture-{ideas}", ideas=ideas, finished=False)
        presses = 20
        app, base = [], []
        for _ in range(max(self.reps, 3)):
            copy = self.work / f"capture-{ideas}-run.roundtable"
            shutil.copyfile(path, copy)
            app.append(self.probe("capture", str(copy), str(presses))[0]["median_ms"])
            base.append(self.probe("capture-base", str(path), str(presses))[0]["median_ms"])
        return Figure(
            f"Capture at {ideas:,} ideas: Enter → stored, card on the board",
            statistics.median(app),
            statistics.median(base),
            "ms",
            3.0 if ideas == 2000 else None,
            "vs one insert in its own transaction + one item added to a scene",
        )

    def open_large(self, large: Path, ideas: int = 2000, reps: int | None = None) -> list[Figure]:
        """Open `large` on each phase until idle, against the demo on the same phase. The
        sessions of 2,000 ideas have a target; larger ones are for information."""
        warm = self.session("warm", ideas=20, participants=5, phase="round_table")
        figures = []
        for phase in PHASES:
            warm_phase = self.with_phase(warm, phase)
            demo, big = self.demo(phase), self.with_phase(large, phase)
            self.probe("open", str(warm_phase), str(demo))
            times_big, times_demo = [], []
            for _ in range(reps or self.reps):
                times_demo.append(self.probe("open", str(warm_phase), str(demo))[0]["seconds"])
                times_big.append(self.probe("open", str(warm_phase), str(big))[0]["seconds"])
            figures.append(
                Figure(
                    f"Open {ideas:,} ideas / 30 people on {phase}, until idle",
                    statistics.median(times_big),
                    statistics.median(times_demo),
                    "s",
                    2.0 if ideas == 2000 else None,
                    "vs opening the demo on the same phase",
                )
            )
        return figures

    def csv_import(self, rows: int = 20_000) -> Figure:
        """`facilitator import` of a CSV of `rows` ideas into a session, vs executemany."""
        from benchmarks.make_sessions import idea_text

        csv_path = self.work / f"ideas-{rows}.csv"
        if not csv_path.exists():
            rng = random.Random(11)
            themes = ("Communication", "Safety", "Support", "")
            lines = ["text,theme"]
            for _ in range(rows):
                text = idea_text(rng).replace('"', '""')
                lines.append(f'"{text}",{rng.choice(themes)}')
            csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        target = self.session("import-target", ideas=0, participants=10, finished=False)
        result = self.probe("import", str(target), str(csv_path), str(self.reps * 2 + 1))[0]
        return Figure(
            f"CSV import of {rows:,} rows",
            result["app_s"],
            result["base_s"],
            "s",
            3.0,
            "vs executemany of the same rows (text, theme, place) into the same table in one transaction",
        )

    def memory(self, large: Path) -> Figure:
        app, bare = [], []
        for _ in range(max(self.reps // 2, 2)):
            app.append(self.probe("startup-app", str(large), "--settled")[0]["rss_mb"])
            bare.append(self.probe("startup-bare")[0]["rss_mb"])
        return Figure(
            "Memory: peak RSS, 2,000-idea session open (saved phase), background work done",
            statistics.median(app),
            statistics.median(bare),
            "MB",
            2.5,
            "vs the bare window",
        )

    def memory_worst_phase(self, large: Path) -> Figure:
        worst = None
        for phase in PHASES:
            rss = self.probe("startup-app", str(self.with_phase(large, phase)), "--settled")[0]["rss_mb"]
            if worst is None or rss > worst[1]:
                worst = (phase, rss)
        bare = statistics.median(self.probe("startup-bare")[0]["rss_mb"] for _ in range(3))
        return Figure(
            f"Memory: peak RSS, 2,000 ideas open on {worst[0]} (worst phase)",
            worst[1],
            bare,
            "MB",
            2.5,
            "vs the bare window",
        )

    def export(self) -> Figure:
        path = self.session("export-1000", ideas=1000)
        result = self.probe("export", str(path), str(max(self.reps, 3)))[0]
        return Figure(
            "Export: minutes PDF of 1,000 ideas, charts included",
            result["app_s"],
            result["base_s"],
            "s",
            2.0,
            f"vs reportlab: the same texts as one plain table in {result['font']} "
            f"{result['size']:g} pt (reportlab's stock font class); {result['pages']} pages",
        )

    def programme(self, sessions: int = 60, ideas: int = 50) -> Figure:
        from benchmarks.make_sessions import build_programme

        folder = self.work / f"programme-{sessions}x{ideas}"
        build_programme(folder, sessions=sessions, ideas=ideas)
        result = self.probe("programme", str(folder), str(max(self.reps, 3)))[0]
        return Figure(
            f"Programme report over {sessions} sessions of {ideas} ideas each",
            result["app_s"],
            result["base_s"],
            "s",
            3.0,
            f"vs plain sqlite3 reads of the same {result['ideas']:,} ideas plus a plain reportlab table of "
            "them; the report reads each file read-only, rolls up and lays out its chart",
        )

    def room(self) -> Figure:
        result = self.probe("room", "60", str(max(self.reps, 3)))[0]
        return Figure(
            "Room: 60 phones vote at once, 95th-percentile ballot response",
            result["ballot_s"] * 1000,
            result["static_s"] * 1000,
            "ms",
            None,
            f"vs the 95th percentile of the static style sheet from the same server under the same load; "
            f"reading the ballot sheet: {result['state_s'] * 1000:.3g} ms",
        )


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.date.today().isoformat()}; {os.cpu_count()} CPUs ({cpu}); Python {platform.python_version()}; "
        f"PySide6 {pyside}, Qt {qVersion()}; {platform.system()} {platform.release()}; load {load}"
    )


def table(figures: list[Figure], markdown: bool) -> str:
    head = ("Figure", "Measured", "Baseline", "Ratio", "Target", "")
    rows = [
        (
            f.name,
            f"{f.measured:.3g} {f.unit}",
            f"{f.baseline:.3g} {f.unit}",
            f"{f.ratio:.2f}×",
            f"≤ {f.target:g}×" if f.target else "–",
            f.verdict,
        )
        for f in figures
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(
        [fmt.format(*head), fmt.format(*("-" * w for w in widths)), *(fmt.format(*r) for r in rows)]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (noisier)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="rows to measure, any of: " + " ".join(ROWS) + " (default: all)",
    )
    args = parser.parse_args()
    unknown = set(args.only or ()) - set(ROWS)
    if unknown:
        parser.error(f"unknown row {', '.join(sorted(unknown))}; choose from {' '.join(ROWS)}")
    only = set(args.only or ROWS)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="facilitator-bench-"))
    bench = Bench(work, reps=2 if args.quick else 5)
    figures: list[Figure] = []
    notes: list[str] = []
    started = time.perf_counter()
    try:

        def say(text: str) -> None:
            print(f"… {text}", file=sys.stderr, flush=True)

        large = None
        if only & {"open", "memory"}:
            say("making a 2,000-idea, 30-participant session")
            large = bench.session("large-2000", ideas=2000, participants=30)
        if "startup" in only:
            say("start-up")
            figure, heavy = bench.startup()
            figures.append(figure)
            importers = bench.heavy_importers()
            if importers:
                notes += [f"{m} is imported at start-up, by {who}" for m, who in importers.items()]
            else:
                notes.append("matplotlib and reportlab are not imported at start-up (python -X importtime)")
            if heavy:
                notes.append("heavy modules loaded at start-up: " + ", ".join(heavy))
        if "capture" in only:
            for ideas in (0, 500, 2000):
                say(f"capture at {ideas} ideas")
                figures.append(bench.capture(ideas))
        if "open" in only:
            say("open large, phase by phase")
            figures += bench.open_large(large)
        if "export" in only:
            say("export")
            figures.append(bench.export())
        if "room" in only:
            say("phones in the room")
            figures.append(bench.room())
        if "import" in only:
            say("CSV import of 20,000 rows")
            figures.append(bench.csv_import())
        if "programme" in only:
            say("making 60 sessions of 50 ideas; the programme report over them")
            figures.append(bench.programme())
        if "memory" in only:
            say("memory")
            figures.append(bench.memory(large))
            figures.append(bench.memory_worst_phase(large))
        if "large" in only:
            say("making a 5,000-idea, 30-participant session; opening it phase by phase")
            larger = bench.session("large-5000", ideas=5000, participants=30)
            figures += bench.open_large(larger, ideas=5000, reps=1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Facilitator benchmarks — {machine()}")
    print()
    print(table(figures, args.markdown))
    print()
    for f in figures:
        if f.note:
            print(f"- {f.name}: {f.note}")
    for note in notes:
        print(f"- {note}")
    print(f"\n(ran in {time.perf_counter() - started:.0f} s; ratios are app ÷ baseline, lower is better)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
