"""The annotate command: mark glossary terms in a text and give their approved English."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

HELP = "mark glossary terms in a text (Chinese or English) with their approved English"
DESCRIPTION = """Mark the glossary terms in a text, Chinese (Simplified or Traditional) or
English, longest match first: a short term inside a longer known name is not a
separate hit. Chinese terms are followed by their approved English in
brackets, English terms by their Chinese term, and a deprecated English term
by the rendering to use instead. Only approved entries count unless --all.

examples:
  cqfin-glossary annotate seeds/002_2f8e5327de94c482.txt
  echo '渝金盾與西部金融中心' | cqfin-glossary annotate -
  cqfin-glossary annotate --format tsv report.txt      # start, end, entry, matched, English
  cqfin-glossary annotate --format json report.txt

Offsets are 0-based character offsets into the decoded text (end exclusive).

exit status: 0 terms found, 1 no term found, 2 error."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the text to annotate, or '-' for standard input")
    parser.add_argument("--format", "-f", choices=("text", "tsv", "json"), default="text",
                        help="text (default): the marked text; tsv or json: the list of terms")
    parser.add_argument("--all", action="store_true",
                        help="also match candidate entries, not only approved ones")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the marks (default auto: only on a terminal, and not "
                        "when NO_COLOR is set)")


def run(args: argparse.Namespace) -> int:
    from ..match import load_matcher
    from .common import safe_json

    text = _read(args.file)
    matcher = load_matcher(args.glossary, include_candidates=args.all)
    # The glossary lives until exit: keep the cyclic GC from re-walking it while
    # matching allocates a tuple per hit (up to 3x slower on a large glossary).
    gc.freeze()
    if args.format == "text":
        marked, found = annotate(text, matcher, use_color(args.color, sys.stdout))
        sys.stdout.write(marked)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
        return 0 if found else 1
    hits = matcher.find(text)
    rows = term_rows(text, hits, matcher)
    if args.format == "json":
        print(safe_json(rows))
    else:
        print(_tsv(rows))
    return 0 if hits else 1


def _read(name: str) -> str:
    from ..segments import read_document
    from ..textio import MAX_DOCUMENT_BYTES, decode_bytes

    if name != "-":
        return read_document(name)
    data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        from ..errors import InputError

        raise InputError(f"input too large (over {MAX_DOCUMENT_BYTES:,} bytes)", "<stdin>")
    return decode_bytes(data, "<stdin>").text


def annotate(text: str, matcher: Any, color: bool = False) -> tuple[str, int]:
    """The text with ``term[note]`` at every term, and how many terms were marked.

    The spans die before the collector is back on, so it never walks them: on
    5 MB that walk cost as much as a tenth of the run.
    """
    from ..gcpause import paused_gc

    with paused_gc():
        spans = matcher.spans(text)
        marked = render(text, spans, color)
        found = len(spans)
        del spans
    return marked, found


def render(text: str, spans: list[Any], color: bool = False) -> str:
    """The text with ``term[note]`` at every span; control characters escaped.

    Every piece is escaped before the colour codes go around it, so the codes reach
    the terminal as codes and nothing in the text can act as one.
    """
    from .common import safe

    if not color:
        # Escaping maps each character on its own: one pass over the whole output
        # gives what escaping every piece would, at a fraction of the calls.
        out: list[str] = []
        add = out.append
        pos = 0
        for start, end, value in spans:
            # A Chinese and an English term can share a span ("5G"): each is marked.
            add(text[pos:end] if pos <= start else text[start:end])
            add(value[-1])  # the note, made with the matcher: "[approved English]"
            pos = end
        add(text[pos:])
        return safe("".join(out))
    # Here the codes must stay raw, so the pieces are escaped one by one, unless the
    # text has nothing to escape (its slices and matches are then safe as they stand).
    piece = str if safe(text) == text else safe
    return _colored(text, spans, piece, safe)


def _colored(text: str, spans: list[Any], piece: Callable[[str], str],
             note_safe: Callable[[str], str]) -> str:
    mark, note, reset = "\x1b[1;36m", "\x1b[2m", "\x1b[0m"
    tails: dict[str, str] = {}  # one escaped note per distinct note
    out: list[str] = []
    add = out.append
    pos = 0
    for start, end, value in spans:
        tail = tails.get(value[-1])
        if tail is None:
            tail = tails[value[-1]] = f"{reset}{note}{note_safe(value[-1])}{reset}"
        add(piece(text[pos:start]))
        add(mark)
        add(piece(text[start:end]))
        add(tail)
        pos = end
    add(piece(text[pos:]))
    return "".join(out)


def use_color(choice: str, stream: Any) -> bool:
    """--color always, or auto on a terminal unless NO_COLOR is set (no-color.org) or TERM=dumb.

    An explicit --color always wins over NO_COLOR, as the convention asks of flags.
    """
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(stream.isatty())


def term_rows(text: str, hits: list[Any], matcher: Any) -> list[dict[str, Any]]:
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    rows = []
    for hit in hits:
        concept = matcher.concepts[hit.ids[0]]
        rows.append({
            "start": hit.start, "end": hit.end, "line": bisect_right(newlines, hit.start - 1) + 1,
            "lang": hit.lang, "entry": concept.id, "matched": hit.matched, "form": hit.form,
            "status": hit.status, "zh": concept.zh, "english": concept.english,
            "entries": list(hit.ids),
        })
    return rows


def _tsv(rows: list[dict[str, Any]]) -> str:
    from .common import safe

    cols = ("start", "end", "line", "lang", "entry", "matched", "status", "zh", "english")
    lines = ["\t".join(cols)]
    for row in rows:
        lines.append("\t".join(safe(str(row[c] if row[c] is not None else "")).replace("\t", " ")
                               for c in cols))
    return "\n".join(lines)
