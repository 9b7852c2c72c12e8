"""The command line: a registry of thin commands, each a module with add_arguments and run.

Command modules import the core lazily inside ``run`` so that building the
parser stays cheap: a cold ``lookup`` must start almost as fast as Python.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import __version__

# (name, module) in the order ``--help`` lists them.
COMMANDS: list[tuple[str, str]] = [
    ("lookup", "cqfin_glossary.cli.lookup_cmd"),
    ("validate", "cqfin_glossary.cli.validate_cmd"),
    ("annotate", "cqfin_glossary.cli.annotate_cmd"),
    ("check", "cqfin_glossary.cli.check_cmd"),
]

EPILOG = """exit status: 0 success or found, 1 not found or problems found, 2 error.
Run 'cqfin-glossary COMMAND -h' for the options and an example of each command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cqfin-glossary",
        description="Chinese-English terminology workbench for financial-policy texts.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--glossary", metavar="DIR", default=os.environ.get(
        "CQFIN_GLOSSARY_DIR", "glossary"), help="glossary folder (default: ./glossary)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS:
        module = importlib.import_module(module_name)
        cmd = sub.add_parser(name, help=module.HELP, description=module.DESCRIPTION,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from .common import run_safely

    return run_safely(args.run, args)


__all__ = ["main", "build_parser", "COMMANDS", "sys"]
