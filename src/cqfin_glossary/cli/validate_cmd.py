"""The validate command: report every schema problem of a glossary folder."""

from __future__ import annotations

import argparse

HELP = "check the glossary files and print every problem"
DESCRIPTION = """Check every *.yaml file of a glossary folder against the schema: YAML
syntax, unknown keys, wrong types, bad statuses, duplicate ids, and the same
Chinese term in two entries with nothing to tell them apart. Prints one line
per problem (file:line: field: message).

examples:
  cqfin-glossary validate
  cqfin-glossary validate path/to/glossary

exit status: 0 valid, 1 problems found, 2 error (a file that is not readable
as a glossary: malformed YAML, not UTF-8, unreadable)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", help="glossary folder (default: --glossary)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..store import require_files, scan
    from .common import safe

    root = Path(args.dir or args.glossary)
    require_files(root)
    glossary, problems = scan(root)
    for problem in problems:
        print(safe(str(problem)))
    if problems:
        print(f"{len(problems)} problem(s) in {root}")
        # a problem without a field is a whole file that is no glossary (malformed YAML,
        # not UTF-8, unreadable): an error, as everywhere else
        return 2 if any(p.field is None for p in problems) else 1
    print(f"{root}: {len(glossary)} entries in {len(glossary.files())} file(s), no problems")
    return 0
