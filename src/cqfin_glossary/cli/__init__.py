"""The command line: a registry of thin commands, each a module with add_arguments and run.

Command modules import the core lazily inside ``run`` so that building the
parser stays cheap: a cold ``lookup`` must start almost as fast as Python.
"""

from __future__ import annotations

import os
import sys

from .. import __version__

if False:  # for type checkers only: a plain look-up never imports argparse (nor typing)
    import argparse
    from typing import NoReturn

# (name, module) in the order ``--help`` lists them.
COMMANDS: list[tuple[str, str]] = [
    ("lookup", "cqfin_glossary.cli.lookup_cmd"),
    ("validate", "cqfin_glossary.cli.validate_cmd"),
    ("mine", "cqfin_glossary.cli.mine_cmd"),
    ("edit", "cqfin_glossary.cli.edit_cmd"),
    ("annotate", "cqfin_glossary.cli.annotate_cmd"),
    ("check", "cqfin_glossary.cli.check_cmd"),
    ("export", "cqfin_glossary.cli.export_cmd"),
    ("import", "cqfin_glossary.cli.import_cmd"),
    ("merge-driver", "cqfin_glossary.cli.merge_driver_cmd"),
]

EPILOG = """exit status: 0 success or found, 1 not found or problems found, 2 error.
Run 'cqfin-glossary COMMAND -h' for the options and an example of each command."""


def _command_named(argv: list[str]) -> str | None:
    """The command an argument list asks for, if it names one, found without parsing."""
    names = {name for name, _ in COMMANDS}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--glossary":
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in names else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's, so no other command module loads."""
    import argparse
    import importlib

    class OneLineParser(argparse.ArgumentParser):
        """A usage error is one 'cqfin-glossary: error:' line, exit 2, like every other error
        (argparse printed the usage, then its message in a style of its own)."""

        def error(self, message: str) -> NoReturn:
            from .common import safe

            command = self.prog.removeprefix("cqfin-glossary").strip()
            where = f"{command}: " if command else ""
            self.exit(2, safe(f"cqfin-glossary: error: {where}{message} (see '{self.prog} -h')")
                      + "\n")

    parser = OneLineParser(
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
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        cmd = sub.add_parser(name, help=module.HELP, description=module.DESCRIPTION,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The console script: any failure, even while parsing, is one line and exit status 2."""
    from .common import guarded, harden_streams

    harden_streams()
    argv = sys.argv[1:] if argv is None else argv
    return guarded(lambda: _main(argv))


def _plain_lookup(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a plain look-up, read without argparse (see lookup_cmd.plain_options);
    None for anything else."""
    glossary = os.environ.get("CQFIN_GLOSSARY_DIR", "glossary")
    at = 0
    while at < len(argv) and argv[at].startswith("--glossary"):
        if argv[at] == "--glossary" and at + 1 < len(argv) and not argv[at + 1].startswith("-"):
            glossary, at = argv[at + 1], at + 2
        elif argv[at].startswith("--glossary="):
            glossary, at = argv[at].partition("=")[2], at + 1
        else:
            return None
    if argv[at:at + 1] != ["lookup"]:
        return None
    from . import lookup_cmd

    values = lookup_cmd.plain_options(argv[at + 1:])
    if values is None:
        return None
    from types import SimpleNamespace

    # Duck-typed: a command reads its arguments as attributes, as from argparse's Namespace.
    return SimpleNamespace(  # type: ignore[return-value]
        glossary=glossary, command="lookup", run=lookup_cmd.run, **values)


def _main(argv: list[str]) -> int:
    from .common import run_safely

    plain = _plain_lookup(argv)
    if plain is not None:
        return run_safely(plain.run, plain)
    parser = build_parser(only=_command_named(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return run_safely(args.run, args)


__all__ = ["COMMANDS", "build_parser", "main", "sys"]
