"""Start-up stays light: the app opens a session without importing matplotlib, reportlab or numpy,
nor the phones' room server (aiohttp) or its QR code (segno).

The export libraries cost about 0.5 s together and only export needs them; aiohttp
costs about 0.2 s and only an open room needs it. The app is started
exactly as `facilitator FILE` starts it, in a fresh interpreter, and asked which
modules it holds once its event loop is first idle.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_start_up_imports_no_export_libraries(demo_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.probes", "startup-app", str(demo_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[0])
    assert report["heavy"] == [], f"imported at start-up: {report['heavy']}"


def test_the_store_imports_sqlite_utils_without_numpy(tmp_path: Path) -> None:
    """Creating a file needs sqlite-utils, which would import numpy for its type map; the store
    hides numpy during that import only, so matplotlib still gets it later in the same process."""
    code = (
        "import sys\n"
        "from facilitator.store.session_store import SessionStore\n"
        f"SessionStore.create({str(tmp_path / 'new.roundtable')!r}).close()\n"
        "assert 'sqlite_utils' in sys.modules, 'creating a file no longer uses sqlite-utils'\n"
        "assert 'numpy' not in sys.modules, 'numpy imported by the store'\n"
        "import numpy, matplotlib\n"
        "print(numpy.arange(3).sum())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"


def test_the_room_imports_its_web_server_only_when_it_opens() -> None:
    """The room's logic, its file host and the CLI load without aiohttp; the server module needs it."""
    code = (
        "import sys\n"
        "import facilitator.cli, facilitator.room.room, facilitator.room.host, facilitator.room.qr\n"
        "import facilitator.ops.voting\n"
        "assert 'aiohttp' not in sys.modules and 'segno' not in sys.modules, 'imported too early'\n"
        "import facilitator.room.server\n"
        "print('aiohttp' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
