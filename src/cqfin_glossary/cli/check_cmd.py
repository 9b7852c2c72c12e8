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
file, a term rendered two ways and one rendering used for two terms are flagged.

Input: SOURCE TARGET (plain text, aligned line by line), a PO file
(msgid/msgstr), a .tsv or .jsonl file with zh and en (or source and target)
fields, or the bilingual file a CAT tool exports: XLIFF 1.2 or 2.x (.xlf, .xliff,
.sdlxliff, .mqxliff; segments as the tool marked them) or TMX (.tmx). Inline
codes are left out; untranslated segments are skipped. Encodings: UTF-8/16,
GB18030, Big5 (XML files as they declare).

examples:
  cqfin-glossary check source.zh.txt target.en.txt
  cqfin-glossary check messages.po
  cqfin-glossary check report.zh_CN-en_US.sdlxliff
  cqfin-glossary check --json segments.jsonl | jq '.problems[]'

exit status: 0 clean, 1 problems found, 2 error (unreadable or misaligned input)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file",
                        help="SOURCE (with TARGET), or a .po, .tsv, .jsonl, XLIFF or TMX file")
    parser.add_argument("target", nargs="?", help="the translation, aligned line by line")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import InputError
    from ..match import load_matcher
    from ..qa import check
    from ..segments import read_segments
    from .common import safe_json

    for name in (args.file, args.target):
        if name is not None and name != "-" and not Path(name).exists():
            raise InputError("no such file", name)
    segments = read_segments(args.file, args.target)
    matcher = load_matcher(args.glossary)
    gc.freeze()  # as in annotate: the glossary and segments live until exit
    report = check(segments, matcher)
    if args.json:
        print(safe_json(report.to_json()))
    else:
        print(render(report))
    return 1 if report.problems else 0


def render(report: Any) -> str:
    from .common import safe, table

    rows = [[str(p.segment) + (f" (line {p.line})" if p.line not in (None, p.segment) else ""),
             p.kind, safe(p.term), safe(p.expected), safe(p.found or "—"), safe(p.message)]
            for p in report.problems]
    counts = ", ".join(f"{n} {k}" for k, n in report.counts().items() if n)
    n = len(report.problems)
    found = f"{n} problem{'s' * (n != 1)} ({counts})" if n else "clean"
    summary = f"{report.segments} segments, {report.terms} glossary terms checked: {found}"
    if not rows:
        return summary
    return table(rows, ["segment", "problem", "term", "expected", "found", "note"]) + "\n" + summary
