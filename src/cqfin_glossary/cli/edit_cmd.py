"""The edit command: open the Textual editor on the glossary."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "review candidates and edit renderings in a terminal editor"
DESCRIPTION = """Open the editor (a full-screen terminal app) on the glossary.

The list on the left shows the entries (filter with /, switch status with t,
sort with o); the pane on the right shows the entry under the cursor: its
Traditional form and pinyin, English renderings, the miner's suggestions and
a concordance. Every change is saved at once; press ? for the keys and
Ctrl+P for every action by name.

examples:
  cqfin-glossary edit
  cqfin-glossary --glossary /tmp/glossary edit --corpus seeds/ more-texts/

exit status: 0 after a normal quit, 1 after quitting without changes that could not be
saved (a second q), 2 error (e.g. the glossary folder is missing)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", nargs="+", type=Path, default=[Path("seeds")], metavar="PATH",
                        help="files or folders to mine from the editor (default: seeds/)")


def run(args: argparse.Namespace) -> int:
    from ..store import glossary_files
    from ..tui.app import GlossaryApp
    from .common import error

    root = Path(args.glossary)
    glossary_files(root)  # a missing folder is an error before the screen opens
    app = GlossaryApp(root, corpus=args.corpus)
    app.run()
    if app.startup_error:  # e.g. a malformed file: the screen closed at once
        error(f"{app.startup_error} (run 'validate' for every problem)")
        return 2
    if app.return_code == 1:  # quit without changes that could not be saved: a script knows
        error("quit with changes that were not saved (see the last status line)")
        return 1
    return 0
