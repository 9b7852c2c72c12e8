"""Shared pieces of the commands: error reporting, safe terminal output, width-aware columns."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

if False:  # for type checkers only: a plain look-up never imports argparse (cli/__init__.py)
    import argparse

PROG = "cqfin-glossary"
# Compiled on first use: every command imports this module, few print JSON.
_JSON_UNSAFE = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


_SURROGATE = re.compile("[\ud800-\udfff]")


def safe(text: str) -> str:
    """Escape control characters, bidi overrides and undecodable bytes, so that no input
    can drive the terminal or break the output's encoding."""
    from ..textnorm import UNSAFE

    text = UNSAFE.sub(_escape, text)
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system or terminal gave undecoded
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_json(data: object, indent: int | None = 2, ensure_ascii: bool = False) -> str:
    """JSON whose strings hold no raw control, bidi or surrogate character (escaped as \\uXXXX:
    the same JSON, read back; such characters can only stand inside strings)."""
    import json

    text = json.dumps(data, ensure_ascii=ensure_ascii, indent=indent)
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def error(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    one_line = " ".join(message.split("\n")) if "\n" in message else message
    print(f"{PROG}: error: {safe(one_line)}", file=sys.stderr)


def warn_uncommented(root: str | Path, files: list[str]) -> None:
    """Say which files were written without the comments a person put in them (see
    store._reads_back): the data is right, the comments are in the file's history."""
    for file in files:
        print(f"warning: {Path(root) / file}: its comments could not be kept where they "
              "stood and were left out (the entries are written as they should be)",
              file=sys.stderr)


def text_argument(value: str, what: str) -> str:
    """An argument that is text, not a path: undecodable bytes are refused in one line."""
    from ..errors import UsageError

    if _SURROGATE.search(value):
        raise UsageError(f"{what} '{safe(value)}' is not valid UTF-8; set the terminal or the "
                         "calling program to UTF-8")
    return value


def stdin_lines(max_line: int, max_total: int) -> list[tuple[int, str]]:
    """Numbered non-empty lines of standard input, read and decoded within limits.

    Read as bytes, so a stray byte or a 1 GB line is one error naming the line, not a
    crash or an unbounded read; a UTF-8 or UTF-16 byte-order mark is honoured.
    """
    from ..errors import EncodingError, InputError
    from ..textio import decode_bytes

    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream put in place of stdin (by a caller or a test)
        data = sys.stdin.read(max_total + 1).encode("utf-8", "surrogateescape")
    else:
        data = buffer.read(max_total + 1)
    if len(data) > max_total:
        raise InputError(f"input too large (over {max_total:,} bytes)", "<stdin>")
    text = decode_bytes(data, "<stdin>").text
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > max_line:
            raise InputError(f"line too long ({len(line):,} characters; the limit is "
                             f"{max_line:,})", "<stdin>", number)
        if "\x00" in line:
            raise EncodingError("NUL character, expected text", "<stdin>", number)
        if line.strip():
            lines.append((number, line.strip()))
    return lines


BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a program the signal killed


def harden_streams() -> None:
    """Let no character break stdout or stderr: undecodable ones come out escaped. A
    stream the caller closed (``>&-``) is None in Python: stderr then goes nowhere, and a
    closed stdout is an error of its own (see guarded)."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def run_safely(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; every failure becomes one line on stderr and exit status 2."""
    return guarded(lambda: run(args), getattr(args, "glossary", None))


def guarded(body: Callable[[], int], glossary: str | None = None) -> int:
    """The top-level guard: whatever escapes ``body`` is one line on stderr, never a traceback.

    Expected failures (GlossaryError, a named OSError) read as they are; anything
    else is a bug, said so with a request to report it, and still exit status 2.
    """
    from ..errors import GlossaryError, InputError

    try:
        if sys.stdout is None:  # '>&-': print() would drop the report without a word
            raise InputError("standard output is closed; nothing could be written")
        code = body()
        sys.stdout.flush()
        return code
    except GlossaryError as err:
        error(str(err))
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, but not with 0 (nor with the
        # command's own 1 or 2): 141, as a program killed by SIGPIPE, so that a pipeline
        # under pipefail does not pass on a report nobody read whole.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
    except OSError as err:
        # a write error without a file name is the output's (a full disk under '> file')
        output = err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)
        where = f"{err.filename}: " if err.filename else ("standard output: " if output else "")
        error(f"{where}{err.strerror or err}")
    except MemoryError:
        error(f"{_last_file()}out of memory; the input is too large for this machine")
    except RecursionError:
        error(f"{_last_file()}input nested too deeply to process")
    except Exception as err:  # the guard of last resort: no traceback reaches the user
        error(_unexpected(err, glossary))
    return 2


def _last_file() -> str:
    from ..fsutil import last_read

    return f"{last_read()}: " if last_read() else ""


def _unexpected(err: Exception, glossary: str | None) -> str:
    kind = type(err).__name__
    if type(err).__module__ == "sqlite3" and glossary is not None:
        from ..index import cache_path

        return (f"{cache_path(glossary)}: lookup index: {err} (delete the file, or set "
                "CQFIN_GLOSSARY_CACHE to a folder with free space)")
    read = _last_file()
    where = f" (after reading {read[:-2]})" if read else ""
    return (f"unexpected {kind}: {err}{where}; this is a bug, please report it with the "
            "command that caused it")


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
