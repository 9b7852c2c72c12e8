"""The mine command: find candidate terms in a corpus and merge them into the glossary."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from .options import positive

HELP = "mine a corpus for Chinese policy terms and their English renderings"
DESCRIPTION = """Read the corpus (.txt, .md, .html, .po; parallel .tsv/.jsonl with zh and en
fields, a translation memory or CAT file (.tmx, .xlf/.xliff/.sdlxliff/.mqxliff/.mxliff),
or name.zh.txt + name.en.txt, a document and its translation, aligned
sentence by sentence by the miner), find Chinese policy
terms (quoted names, new words the segmenter splits, specific multi-word
terms), rank them, propose English renderings with evidence, and merge them
into the glossary as 'candidate' entries. Reviewed (approved or rejected)
entries are never changed; mining again refreshes the scores, occurrences
and suggestions of existing candidates. Unreadable files are reported on
stderr, one line each, and skipped: the rest is mined and written all the same,
and the exit status is 2.

examples:
  cqfin-glossary mine --dry-run
  cqfin-glossary mine seeds/ --limit 10
  cqfin-glossary mine corpus/ --jobs 2 --tsv > candidates.tsv
  cqfin-glossary mine report.zh.txt --json --dry-run --english

exit status: 0 candidates found, 1 none found, 2 error (a file skipped included)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["seeds"], metavar="PATH",
                        help="files or folders to mine (default: seeds/)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print candidates as JSON")
    out.add_argument("--tsv", action="store_true", help="print term, score, rendering as TSV")
    parser.add_argument("-n", "--limit", type=positive, default=50,
                        help="candidates to print and merge (default 50)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--backend", choices=("rjieba", "jieba"), default="rjieba",
                        help="segmenter (default rjieba, about 10x faster than jieba)")
    parser.add_argument("--min-freq", type=positive, default=2,
                        help="least frequency of an unquoted term (default 2)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the candidates without writing the glossary")
    parser.add_argument("--english", action="store_true",
                        help="also print the English policy terms of the English text")
    parser.add_argument("--no-user-dict", action="store_true",
                        help="do not give the glossary's terms to the segmenter (for evaluation)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .. import store
    from ..corpus import SUFFIXES
    from ..errors import UsageError
    from ..mining import merge_candidates, mine_corpus
    from .common import error, warn_uncommented

    if args.jobs < 1 or args.limit < 1:
        raise UsageError("--jobs and --limit must be at least 1")
    root = Path(args.glossary)
    glossary = store.load(root) if root.exists() or not args.dry_run else None
    bar = _Bar(enabled=not args.quiet and sys.stderr.isatty())
    skips = _Skips(bar)
    result = mine_corpus(args.paths, None if args.no_user_dict else glossary, jobs=args.jobs,
                         progress=bar.update, backend=args.backend, limit=args.limit,
                         min_freq=args.min_freq, on_error=skips.add)
    bar.close()
    if not result.files:
        # One unusable file and nothing else: its own error is the one line to say.
        only = skips.only()
        error(str(only) if only is not None else
              f"no readable corpus files in {', '.join(map(str, args.paths)) or '.'} "
              f"(it reads {' '.join(SUFFIXES)})")
        return 2
    skips.flush()
    _print(result, args)
    if glossary is not None and not args.dry_run:
        # Merged into the glossary as it is now, under the writer lock: another mine or
        # import that saved while this one mined is built upon, not a conflict.
        report, saved = store.update(root, lambda fresh: merge_candidates(
            fresh, result.chinese, corpus=args.paths))
        print(f"glossary {root}: {report.summary()}; wrote {', '.join(saved.written) or 'nothing'}",
              file=sys.stderr)
        warn_uncommented(root, saved.uncommented)
    if skips.count:
        # The list is short of what those files hold: a script that goes on must know.
        error(f"{skips.count} file(s) skipped (see above): their terms are not in this list")
        return 2
    return 0 if result.chinese else 1


class _Skips:
    """Unusable files, each said in a line as it comes, except the first: that one waits until
    the run shows whether it was the only file, and then is the error itself."""

    def __init__(self, bar: _Bar):
        self.bar, self.count = bar, 0
        self.held: Exception | None = None

    def add(self, err: Exception) -> None:
        from ..corpus import ParallelNotice

        if isinstance(err, ParallelNotice):  # the document was mined all the same
            self._say(err, "warning")
            return
        self.count += 1
        if self.count == 1:
            self.held = err
            return
        self.flush()
        self._say(err)

    def flush(self) -> None:
        if self.held is not None:
            self._say(self.held)
            self.held = None

    def only(self) -> Exception | None:
        return self.held if self.count == 1 else None

    def _say(self, err: Exception, what: str = "skipped") -> None:
        from .common import PROG, safe

        self.bar.clear()
        print(f"{PROG}: {what}: {safe(str(err))}", file=sys.stderr)


def _print(result: Any, args: argparse.Namespace) -> None:
    from ..mining.renderings import stand_in
    from .common import safe, safe_json, table

    rows = result.chinese + (result.english if args.english else [])
    if args.json:
        print(safe_json([c.to_dict() for c in rows]))
        return
    if args.tsv:
        print("lang\tterm\tscore\tfrequency\tdocuments\trenderings")
        for c in rows:
            renderings = "; ".join(s.term for s in c.suggestions[:3])
            print(safe(f"{c.lang}\t{c.term}\t{c.score:.3f}\t{c.frequency}\t{c.doc_frequency}\t"
                       f"{renderings}"))
        return
    body = [[str(n), safe(c.term), f"{c.score:.2f}", str(c.frequency), str(c.doc_frequency),
             safe(_renderings(c, stand_in))] for n, c in enumerate(result.chinese, 1)]
    print(table(body, ["#", "term", "score", "freq", "docs", "renderings (best first)"]))
    if args.english and result.english:
        print()
        print(table([[safe(c.term), str(c.frequency), str(c.doc_frequency),
                      safe(_renderings(c, stand_in))] for c in result.english],
                    ["English policy term", "freq", "docs", "Chinese originals (best first)"]))
    print(f"\n{len(result.chinese)} candidate(s) from {result.files} file(s), "
          f"{result.chars:,} Chinese characters", file=sys.stderr)


def _renderings(cand: Any, stand_in: Any) -> str:
    """The best three, a name's pinyin or a word-by-word gloss marked as such: in a table
    "Shisiwu" reads like a rendering."""
    shown = []
    for s in cand.suggestions[:3]:
        kind = stand_in(s.evidence)
        shown.append(f"{s.term} ({kind})" if kind else s.term)
    return " | ".join(shown)


class _Bar:
    """A one-line progress bar on stderr, shown only for runs longer than a second."""

    def __init__(self, enabled: bool):
        self.enabled, self.start, self.shown = enabled, time.monotonic(), False

    def update(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < 1.0:
            return
        filled = int(30 * done / max(1, total))
        percent = 100 * done // max(1, total)
        sys.stderr.write(f"\rmining [{'#' * filled}{'.' * (30 - filled)}] {percent}%")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 50 + "\r")

    def close(self) -> None:
        self.clear()
