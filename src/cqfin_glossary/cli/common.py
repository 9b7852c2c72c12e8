"""Shared pieces of the commands: error reporting, safe terminal output, width-aware columns."""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Callable

PROG = "cqfin-glossary"


def safe(text: str) -> str:
    """Escape control characters and bidi overrides so no input can drive the terminal."""
    from ..textnorm import UNSAFE

    return UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def error(message: str) -> None:
    print(f"{PROG}: error: {safe(message)}", file=sys.stderr)


def run_safely(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; every failure becomes one line on stderr and exit status 2."""
    from ..errors import GlossaryError

    try:
        return run(args)
    except GlossaryError as err:
        error(str(err))
        return 2
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        error(f"{where}{err.strerror or err}")
        return 2


def width(text: str) -> int:
    """Columns a string takes in a terminal (CJK wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c)
               else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(rows: list[list[str]], header: list[str] | None = None) -> str:
    """Columns aligned by display width, two spaces apart."""
    body = [header, *rows] if header else rows
    if not body:
        return ""
    widths = [max(width(r[i]) for r in body) for i in range(len(body[0]))]
    lines = ["  ".join(pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    if header:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
