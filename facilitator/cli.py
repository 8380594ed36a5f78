"""The command line: a stable contract (see DESIGN.md).

Expected problems (a bad file, an unwritable path) print one line on stderr
and exit 1. Qt, reportlab and matplotlib are imported only by the verbs that
need them, so `check` and `demo` stay fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from facilitator import FILE_SUFFIX, __version__
from facilitator.core.display import quoted_name
from facilitator.core.errors import RuleError
from facilitator.store.errors import SessionFileError, WriteError

PROG = "facilitator"


def _q(value: object) -> str:
    """A path or name for a message, escaped if it holds control or bidi characters."""
    return quoted_name(str(value))


class CliError(Exception):
    """An expected problem: printed as one line, exit status 1."""


def _verb_demo(args: argparse.Namespace) -> int:
    from facilitator.demo import build_demo

    if args.programme:
        return _demo_programme(Path(args.programme), args.replace)
    if not args.file:
        raise CliError(f"give a file name such as demo{FILE_SUFFIX}, or --programme FOLDER")
    path = Path(args.file)
    if path.is_dir():
        raise CliError(f"{_q(path)}: this is a folder; give a file name such as demo{FILE_SUFFIX}")
    if path.exists():
        if not args.replace:
            raise CliError(
                f"{_q(path)} already exists; choose another name, or add --replace to overwrite it"
            )
        _replace_with_demo(path, build_demo)
    else:
        build_demo(path)
    print(f"Wrote the demo session to {_q(path)}")
    return 0


def _demo_programme(folder: Path, replace: bool) -> int:
    """Write the programme demo's files into `folder`, each moved into place whole."""
    import shutil
    import tempfile

    from facilitator.demo_programme import build_programme_demo

    if folder.exists() and not folder.is_dir():
        raise CliError(f"--programme {folder}: this is a file; give a folder for the programme's sessions")
    if not folder.parent.is_dir():
        raise CliError(f"--programme {folder}: the folder {folder.parent} does not exist")
    folder.mkdir(exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(prefix=".demo-", dir=folder))
    try:
        built = build_programme_demo(tmp_dir)
        taken = [p.name for p in built if (folder / p.name).exists()]
        if taken and not replace:
            raise CliError(
                f"{folder / taken[0]} already exists; choose another folder, or add --replace to overwrite"
            )
        for path in built:
            os.replace(path, folder / path.name)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    print(f"Wrote {len(built)} programme sessions to {folder}")
    return 0


def _verb_report(args: argparse.Namespace) -> int:
    from facilitator.store.programme import programme_from_paths, session_paths

    outputs = [(opt, Path(value)) for opt, value in (("--pdf", args.pdf), ("--csv", args.csv)) if value]
    if not outputs:
        raise CliError("say what to write: --pdf OUT.pdf and/or --csv OUT.csv")
    inputs = {p.resolve() for p in session_paths(args.files)}
    for option, path in outputs:
        _check_output(path, option)
        if path.resolve() in inputs or path.suffix == FILE_SUFFIX:
            raise CliError(f"{option} {path}: that is a session file; the report never writes into one")
    periods = tuple(args.periods) if args.periods else None
    programme = programme_from_paths(args.files, periods=periods, named=args.named)
    for item in programme.unreadable:
        print(f"Left out {item.name}: {item.reason}")
    if not programme.sessions:
        raise CliError("none of the files could be read, so there is nothing to report")
    if args.named and not programme.named:
        raise CliError("--named needs every session to be named; at least one of them is anonymous")
    for option, path in outputs:
        if option == "--pdf":
            from facilitator.export.programme_report import build_programme_pdf

            data, what = build_programme_pdf(programme, paper=args.paper), "programme report"
        else:
            from facilitator.export.programme_report import programme_to_csv

            data, what = programme_to_csv(programme), "programme ideas (CSV)"
        _write(path, data)
        print(f"Wrote the {what} to {path}")
    left_out = f", {len(programme.unreadable)} left out" if programme.unreadable else ""
    print(f"Reported {len(programme.sessions)} sessions of {len(programme.teams)} teams{left_out}")
    return 0


def _replace_with_demo(path: Path, build: Callable[[Path], Path]) -> None:
    """Build the demo beside `path`, then move it into place in one step."""
    import os
    import tempfile

    tmp_dir = tempfile.mkdtemp(prefix=".demo-", dir=path.parent)
    try:
        tmp = Path(tmp_dir) / path.name
        build(tmp)
        os.replace(tmp, path)
    finally:
        import shutil

        shutil.rmtree(tmp_dir, ignore_errors=True)


def _verb_check(args: argparse.Namespace) -> int:
    from facilitator.store.session_store import SessionStore
    from facilitator.store.summary import counts

    store = SessionStore.open(args.file, read_only=True)
    try:
        facts = counts(store)
        title = store.info().title
        review = store.review()
        predecessor = store.predecessor()
    finally:
        store.close()
    if args.json:
        facts["actions_to_review"] = len(review)
        facts["predecessor"] = (
            None if predecessor is None else {"title": predecessor.title, "date": predecessor.date}
        )
        print(json.dumps(facts))
    else:
        version = facts["schema_version"]
        print(f"{_q(Path(args.file).name)}: OK, a Facilitator session (schema version {version})")
        print(f"  title:        {quoted_name(title)}")
        print(f"  participants: {facts['participants']}")
        print(f"  ideas:        {facts['ideas']} ({facts['merged']} merged, {facts['withdrawn']} withdrawn)")
        print(f"  rounds:       {facts['rounds']} ({facts['turns']} turns, {facts['passes']} passes)")
        print(
            f"  votes:        {facts['dots']} dots on {facts['ballots']} ballots, {facts['tallies']} tallies"
        )
        print(f"  actions:      {facts['actions']} ({facts['reasons']} with a reason)")
        if predecessor is not None:
            print(f"  follows up:   {predecessor.title} ({predecessor.date or 'no date'})")
            reviewed = sum(1 for item in review if item.status)
            print(f"  review:       {len(review)} carried actions ({reviewed} reviewed)")
    return 0


def _verb_followup(args: argparse.Namespace) -> int:
    from facilitator.ops.followup import create_followup

    new = Path(args.new)
    if new.suffix != FILE_SUFFIX:
        raise CliError(f"{new}: the follow-up needs a name ending in {FILE_SUFFIX}")
    _check_output(new, "NEW")
    made = create_followup(args.old, new, title=args.title or "", date=args.date or "")
    print(
        f"Wrote the follow-up session to {new}: {made.participants} participants to confirm, "
        f"{made.themes} themes, {made.carried} actions to review"
    )
    return 0


def _check_output(path: Path, option: str) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise CliError(
            f"{option} {_q(path)}: this is not a regular file (a pipe or a device); give a file name to write"
        )
    if path.is_dir():
        raise CliError(f"{option} {_q(path)}: this is a folder; give a file name to write")
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"{option} {_q(path)}: the folder {_q(folder)} does not exist")
    if not os.access(folder, os.W_OK):
        raise CliError(f"{option} {_q(path)}: no permission to write in {_q(folder)}")


def _write(path: Path, data: bytes) -> None:
    from facilitator.export.files import write_bytes_atomically

    try:
        write_bytes_atomically(path, data)
    except OSError as exc:
        raise CliError(f"cannot write {_q(path)}: {exc.strerror or exc}") from exc


def _verb_export(args: argparse.Namespace) -> int:
    from facilitator.store.session_store import SessionStore

    outputs = [
        (opt, Path(value))
        for opt, value in (("--pdf", args.pdf), ("--summary", args.summary), ("--csv", args.csv))
        if value
    ]
    if not outputs:
        raise CliError("say what to export: --pdf OUT.pdf, --summary OUT.pdf and/or --csv OUT.csv")
    for option, path in outputs:
        _check_output(path, option)
    store = SessionStore.open(args.file, read_only=True)
    try:
        state = store.load()
    finally:
        store.close()
    from facilitator.export.digest import HIDDEN_NOTE, votes_hidden

    if votes_hidden(state):
        print(HIDDEN_NOTE)
    for option, path in outputs:
        if option == "--pdf":
            from facilitator.export.minutes_pdf import build_minutes_pdf

            data = build_minutes_pdf(state, paper=args.paper)
            what = "minutes"
        elif option == "--summary":
            from facilitator.export.summary_pdf import build_summary_pdf

            data = build_summary_pdf(state, paper=args.paper)
            what = "staff summary"
        else:
            from facilitator.export.csv_io import ideas_to_csv

            data = ideas_to_csv(state)
            what = "ideas (CSV)"
        _write(path, data)
        print(f"Wrote the {what} to {_q(path)}")
    return 0


def _verb_import(args: argparse.Namespace) -> int:
    from facilitator.export.csv_io import read_csv_file
    from facilitator.ops.importing import import_ideas
    from facilitator.store.session_store import SessionStore

    source = Path(args.csv)
    path = Path(args.file)
    if args.text_column:
        rows = _survey_rows(source, path, args.text_column, args.theme_column or "")
    else:
        if args.theme_column:
            raise CliError("--theme-column goes with --text-column (a survey export); name its questions")
        rows = read_csv_file(source)  # a bad CSV stops here, before FILE is touched
    shown = _q(path)
    created = not path.exists() and not path.is_symlink()
    if created:
        if path.suffix != FILE_SUFFIX:
            raise CliError(f"{shown}: a new session file needs a name ending in {FILE_SUFFIX}")
        store = SessionStore.create(path, title=path.stem)
    else:
        store = SessionStore.open(path)
        if store.in_use:
            store.close()
            raise CliError(
                f"{shown} is open in Facilitator (or another import is running), so nothing was imported; "
                "close it there first"
            )
        if store.read_only:
            store.close()
            raise CliError(f"{shown} is read-only, so nothing was imported; copy it somewhere writable first")
    try:
        result = import_ideas(store, rows).value
    except BaseException as exc:
        store.close()
        if created:
            path.unlink(missing_ok=True)
        if isinstance(exc, WriteError):
            gone = " (the new file was removed)" if created else ""
            raise CliError(f"{shown}: {_write_problem(exc)}, so nothing was imported{gone}") from exc
        raise
    store.close()
    themes = f"; new themes: {', '.join(result.new_themes)}" if result.new_themes else ""
    made = "a new session " if created else ""
    print(f"Added {len(result.idea_ids)} ideas to {made}{shown}{themes}")
    for note in result.notes:
        print(f"Note: {note}")
    return 0


def _survey_rows(source: Path, path: Path, text_columns: list[str], theme_column: str) -> list:
    """The chosen questions' answers, read and checked before the session file is touched."""
    from facilitator.core.survey import survey_ideas
    from facilitator.export.survey_io import read_survey

    anonymous = True  # a new session is anonymous by default
    if path.exists():
        from facilitator.store.session_store import SessionStore

        store = SessionStore.open(path, read_only=True)
        try:
            anonymous = store.info().rules.anonymous
        finally:
            store.close()
    if not source.is_file():
        raise CliError(f"--csv {_q(source)}: give the survey export, a CSV file")
    table = read_survey(source.read_bytes())
    return survey_ideas(table, text_columns, theme_column, anonymous=anonymous)


def _write_problem(exc: WriteError) -> str:
    from facilitator.store import errors

    if isinstance(exc, errors.DiskFull):
        return "the disk is full"
    if isinstance(exc, errors.ReadOnly):
        return "the file is read-only"
    if isinstance(exc, errors.FileMoved):
        return "the file was moved or deleted during the import"
    if isinstance(exc, errors.FileBusy):
        return "another program is writing to the file"
    return "the file could not be written"


def _verb_room(args: argparse.Namespace) -> int:
    """Serve the phones' room for FILE until Ctrl+C; the join link is the one line on stdout."""
    import signal
    import threading

    from facilitator.core.model import Phase
    from facilitator.room.addresses import default_address
    from facilitator.room.host import FileHost
    from facilitator.room.room import Mode, Room

    host = FileHost(args.file)
    try:
        if host.store.in_use:
            raise CliError(f"{_q(args.file)} is open in Facilitator elsewhere; close it there first")
        if host.store.read_only:
            raise CliError(
                f"{args.file} is read-only, so phones could not vote in it; copy it somewhere writable"
            )
        phase = host.read(lambda store: store.info().phase).result()
        modes = {Phase.VOTE: Mode.VOTE, Phase.ROUND_TABLE: Mode.IDEAS}
        if phase not in modes:
            raise CliError(
                f"{args.file} is at the {phase.title} phase; the room opens in the Vote phase (ballots) "
                "or at the Round table (idea cards)"
            )
        from facilitator.room.server import RoomServer

        room = Room(host, modes[phase])
        room.refresh().result()  # the sheet is ready before the link is printed
        address = args.host or default_address()
        server = RoomServer(room, address, args.port)
        try:
            url = server.start()
        except OSError as exc:
            raise CliError(f"cannot listen on {address} port {args.port}: {exc.strerror or exc}") from exc
    except BaseException:
        host.close()
        raise
    host.on_change(room.refresh)
    room.watch_status(lambda status: print(status.text(room.mode), file=sys.stderr, flush=True))
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # Ctrl+C stops the room even when started from a script that ignores SIGINT for its children.
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    print(url, flush=True)
    try:
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        status = room.status()
        server.stop()
        room.close()
        host.close()  # every write asked for is finished and committed before the file closes
    print(f"Room closed: {status.text(room.mode)}. Everything is saved in {args.file}.", file=sys.stderr)
    return 0


# Verbs: name -> (help, add_arguments, run). New verbs are added here.
VERBS: dict[
    str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {
    "demo": (
        "write a realistic, finished demo session to FILE",
        lambda p: (
            p.add_argument("file", metavar="FILE", nargs="?"),
            p.add_argument("--replace", action="store_true", help="overwrite FILE (or the folder's files)"),
            p.add_argument(
                "--programme",
                metavar="FOLDER",
                help="write a programme instead: 16 sessions of 6 teams, two debriefs a year apart",
            ),
        ),
        _verb_demo,
    ),
    "report": (
        "roll several session files (or folders) up into a programme report; the files are only read",
        lambda p: (
            p.add_argument("files", metavar="FILE", nargs="+", help="session files or folders of them"),
            p.add_argument("--pdf", metavar="OUT.pdf", help="the programme report"),
            p.add_argument("--csv", metavar="OUT.csv", help="every idea with its session, one row each"),
            p.add_argument("--periods", nargs=2, metavar=("FROM", "TO"), help="the two periods to compare"),
            p.add_argument(
                "--named", action="store_true", help="show authors (only if every session is named)"
            ),
            p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default a4)"),
        ),
        _verb_report,
    ),
    "check": (
        "verify a session file and print a summary; exit 1 if it is bad",
        lambda p: (
            p.add_argument("file", metavar="FILE"),
            p.add_argument("--json", action="store_true", help="print the counts as one JSON object"),
        ),
        _verb_check,
    ),
    "import": (
        "add ideas from a CSV (columns: text, optional theme, optional author) or a survey export "
        "(--text-column); creates FILE if needed",
        lambda p: (
            p.add_argument("file", metavar="FILE"),
            p.add_argument("--csv", required=True, metavar="IDEAS.csv", help="the CSV file to read"),
            p.add_argument(
                "--text-column",
                action="append",
                metavar="QUESTION",
                help="a survey export: each non-empty answer in this column becomes an idea (repeatable)",
            ),
            p.add_argument("--theme-column", metavar="NAME", help="a survey column whose value is the theme"),
        ),
        _verb_import,
    ),
    "followup": (
        "start a follow-up session for the same team: people, themes, rules and every open action to review",
        lambda p: (
            p.add_argument("old", metavar="OLD", help="the previous session (read, never changed)"),
            p.add_argument("new", metavar="NEW", help=f"the new session file (*{FILE_SUFFIX})"),
            p.add_argument(
                "--title", help="the new session's title (default: the old one, marked follow-up)"
            ),
            p.add_argument(
                "--date", metavar="YYYY-MM-DD", help="the new session's date (default: the check-in)"
            ),
        ),
        _verb_followup,
    ),
    "room": (
        "let phones in the room vote (or send idea cards) over the local network; Ctrl+C stops it",
        lambda p: (
            p.add_argument("file", metavar="FILE"),
            p.add_argument(
                "--host",
                metavar="H",
                help="the address to listen on (default: this computer's address on its network)",
            ),
            p.add_argument("--port", metavar="P", type=int, default=8765, help="the port (default 8765)"),
        ),
        _verb_room,
    ),
    "export": (
        "write the minutes PDF, the one-page staff summary and/or a CSV of the ideas",
        lambda p: (
            p.add_argument("file", metavar="FILE"),
            p.add_argument("--pdf", metavar="OUT.pdf", help="the minutes and action plan"),
            p.add_argument("--summary", metavar="OUT.pdf", help='the one-page "You said, we did" summary'),
            p.add_argument("--csv", metavar="OUT.csv", help="every idea, one row each"),
            p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default a4)"),
        ),
        _verb_export,
    ),
}


def _verb_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Run offline, in-room listening sessions.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name, (help_text, add_arguments, run) in VERBS.items():
        verb = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(verb)
        verb.set_defaults(run=run)
    return parser


def _app_parser() -> argparse.ArgumentParser:
    verbs = "\n".join(f"  {PROG} {name:<8} {help_text}" for name, (help_text, _, _) in VERBS.items())
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Open the app on FILE, or on the start screen without one.",
        epilog=f"other commands (see '{PROG} VERB --help'):\n{verbs}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", nargs="?", help=f"a session file (*{FILE_SUFFIX})")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--selftest", action="store_true", help="check the installed app without a screen")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in VERBS:
            args = _verb_parser().parse_args(argv)
            return args.run(args)
        args = _app_parser().parse_args(argv)
        if args.selftest:
            from facilitator.selftest import run_selftest

            return run_selftest(main)
        from facilitator.ui.app import run_app

        return run_app(args.file)
    except (CliError, SessionFileError, RuleError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"{PROG}: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"{quoted_name(str(exc.filename))}: " if exc.filename else ""
        print(f"{PROG}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def gui_main() -> int:
    """Entry point for the desktop launcher (no console)."""
    return main()
