"""The check command: check a translation against the glossary, fit to gate a pipeline."""

from __future__ import annotations

import argparse
import gc
from typing import Any

HELP = "check a translation against the glossary (missing, deprecated, inconsistent terms)"
DESCRIPTION = """Check a translation against the glossary. For every segment, each approved
glossary term in the Chinese source needs its preferred or an admitted English
rendering in the target (any case; plurals and simple inflections count). A
deprecated or superseded rendering is flagged with the one to use. Across the
input, a term rendered two ways and one rendering used for two terms are flagged:
give a project's files (or their folder) at once to check them together.

Input: SOURCE TARGET (plain text, aligned line by line), or any number of PO
files (msgid/msgstr), .tsv or .jsonl files with zh and en (or source and target)
fields, the bilingual files a CAT tool exports, XLIFF 1.2 or 2.x (.xlf, .xliff,
.sdlxliff, .mqxliff, .mxliff; segments as the tool marked them) or TMX (.tmx), and
folders of them. Inline codes are left out; untranslated segments are skipped.
Encodings: UTF-8/16, GB18030, Big5 (XML files as they declare).

examples:
  cqfin-glossary check source.zh.txt target.en.txt
  cqfin-glossary check messages.po
  cqfin-glossary check report.zh_CN-en_US.sdlxliff
  cqfin-glossary check project/en-US/          # every XLIFF, TMX, PO... file in it
  cqfin-glossary check --json segments.jsonl | jq '.problems[]'

exit status: 0 clean, 1 problems found, 2 error (unreadable or misaligned input)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="SOURCE TARGET (aligned plain text), or .po, .tsv, .jsonl, XLIFF "
                             "or TMX files and folders of them")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import InputError
    from ..match import load_matcher
    from ..qa import check
    from ..segments import STRUCTURED_SUFFIXES, read_many, read_segments
    from .common import safe_json

    for name in args.files:
        if name == "-":
            raise InputError("standard input is not read: give the files (SOURCE TARGET, or "
                             "a file holding both sides)", name)
        if not Path(name).exists():
            raise InputError("no such file", name)
    plain = [f for f in args.files if not Path(f).is_dir()
             and Path(f).suffix.lower() not in STRUCTURED_SUFFIXES]
    if len(args.files) == 2 and len(plain) == 1 and Path(args.files[1]).is_dir():
        # 'check a.zh.txt folder/' blamed a.zh.txt ("cannot tell the format of")
        raise InputError("is a folder: check SOURCE TARGET takes two plain-text files",
                         args.files[1])
    if _aligned(args.files):
        segments = read_segments(*args.files)
        _refuse_swapped(segments, args.files)
    else:
        segments = read_many(args.files)
    matcher = load_matcher(args.glossary)
    gc.freeze()  # as in annotate: the glossary and segments live until exit
    report = check(segments, matcher)
    if args.json:
        print(safe_json(report.to_json()))
    else:
        print(render(report))
    return 1 if report.problems else 0


def _refuse_swapped(segments: Any, files: list[str]) -> None:
    """The English given first and the Chinese second checked nothing and said 'clean'."""
    from ..errors import UsageError
    from ..textnorm import cjk_count

    source = sum(cjk_count(s.source) for s in segments)
    target = sum(cjk_count(s.target) for s in segments)
    if target > 10 * max(source, 1):
        raise UsageError(f"{files[0]} has no Chinese and {files[1]} has: the Chinese source "
                         "comes first (check SOURCE TARGET)")


def _aligned(files: list[str]) -> bool:
    """Two plain-text files are a source and its translation; anything else is a list of
    files that hold both sides."""
    from pathlib import Path

    from ..segments import STRUCTURED_SUFFIXES

    return len(files) == 2 and not any(Path(f).is_dir() or Path(f).suffix.lower()
                                       in STRUCTURED_SUFFIXES for f in files)


def _file_shown(name: str) -> str:
    """A file name for a table cell: escaped, and a line break in it, which would split the
    row, shown as \\n."""
    from .common import safe

    return safe(name).replace("\n", "\\n")


def render(report: Any) -> str:
    from .common import safe, table

    several = report.files > 1

    def cell(text: str) -> str:  # a quote across a line break is one line of the table
        return safe(" ".join(text.split()) if "\n" in text or "\r" in text else text)

    rows = [[(_file_shown(p.file) + ": " if several else "") + str(p.segment)
             + (f" (line {p.line})" if p.line not in (None, p.segment) else ""),
             p.kind, cell(p.term), cell(p.expected), cell(p.found or "—"), cell(p.message)]
            for p in report.problems]
    counts = ", ".join(f"{n} {k}" for k, n in report.counts().items() if n)
    n = len(report.problems)
    found = f"{n} problem{'s' * (n != 1)} ({counts})" if n else "clean"
    summary = f"{report.segments} segments, {report.terms} glossary terms checked: {found}"
    if not rows:
        return summary
    return table(rows, ["segment", "problem", "term", "expected", "found", "note"]) + "\n" + summary
