"""The command line: a stable contract (see DESIGN.md).

Expected problems (a bad file, an unwritable path) print one line on stderr
and exit 1. Qt, reportlab and matplotlib are imported only by the verbs that
need them, so `check` and `demo` stay fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from facilitator import FILE_SUFFIX, __version__
from facilitator.core.errors import RuleError
from facilitator.store.errors import SessionFileError, WriteError

PROG = "facilitator"


class CliError(Exception):
    """An expected problem: printed as one line, exit status 1."""


def _verb_demo(args: argparse.Namespace) -> int:
    from facilitator.demo import build_demo

    path = Path(args.file)
    if path.is_dir():
        raise CliError(f"{path}: this is a folder; give a file name such as demo{FILE_SUFFIX}")
    if path.exists():
        if not args.replace:
            raise CliError(f"{path} already exists; choose another name, or add --replace to overwrite it")
        _replace_with_demo(path, build_demo)
    else:
        build_demo(path)
    print(f"Wrote the demo session to {path}")
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
    finally:
        store.close()
    if args.json:
        print(json.dumps(facts))
    else:
        print(f"{Path(args.file).name}: OK, a Facilitator session (schema version {facts['schema_version']})")
        print(f"  title:        {title}")
        print(f"  participants: {facts['participants']}")
        print(f"  ideas:        {facts['ideas']} ({facts['merged']} merged, {facts['withdrawn']} withdrawn)")
        print(f"  rounds:       {facts['rounds']} ({facts['turns']} turns, {facts['passes']} passes)")
        print(
            f"  votes:        {facts['dots']} dots on {facts['ballots']} ballots, {facts['tallies']} tallies"
        )
        print(f"  actions:      {facts['actions']} ({facts['reasons']} with a reason)")
    return 0


# Verbs: name -> (help, add_arguments, run). New verbs are added here.
VERBS: dict[
    str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {
    "demo": (
        "write a realistic, finished demo session to FILE",
        lambda p: (
            p.add_argument("file", metavar="FILE"),
            p.add_argument("--replace", action="store_true", help="overwrite FILE if it exists"),
        ),
        _verb_demo,
    ),
    "check": (
        "verify a session file and print a summary; exit 1 if it is bad",
        lambda p: (
            p.add_argument("file", metavar="FILE"),
            p.add_argument("--json", action="store_true", help="print the counts as one JSON object"),
        ),
        _verb_check,
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
        from facilitator.ui.app import run_app

        return run_app(args.file, selftest=args.selftest)
    except (CliError, SessionFileError, RuleError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"{PROG}: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{PROG}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def gui_main() -> int:
    """Entry point for the desktop launcher (no console)."""
    return main()
