"""The export command: write the glossary as PO, TBX, TSV, CSV, JSON or Markdown."""

from __future__ import annotations

import argparse

# The same as formats.FORMATS (a test holds them equal); not imported, to keep start-up cheap.
FORMATS = ("po", "tbx", "tbx2", "tsv", "deepl", "csv", "csv-terms", "json", "md")

HELP = "export the glossary to PO, TBX, OmegaT TSV, DeepL, CSV, JSON or Markdown"
DESCRIPTION = """Write the glossary in a format other tools read: PO for gettext tools,
Weblate and Poedit (msgid Chinese, msgstr English, unapproved entries fuzzy);
TBX-Basic v3 (ISO 30042:2019) for tools that read TBX v3; TBX-Basic v2 (martif)
for OmegaT, translate-toolkit and Weblate, which read only v2; TSV (source,
target, comment) for OmegaT; deepl (source, target, no header) for DeepL
glossaries (both a row per Chinese term, synonyms included); CSV with one row
per concept for spreadsheets, csv2po and csv2tbx (csv-terms: one row per term
with every term and entry field); JSON with the whole model; Markdown sorted by pinyin for people.
Chinese comes out in Simplified, or in Traditional with --script hant, hk
(Hong Kong) or tw (Taiwan phrasing), through OpenCC.

examples:
  cqfin-glossary export --format po -o glossary.po
  cqfin-glossary export --format tbx --script tw --status all -o glossary-tw.tbx
  cqfin-glossary export --format tsv | head
  cqfin-glossary export --format deepl -o deepl-glossary.tsv
  cqfin-glossary export --format csv --delimiter ';' --bom -o glossary.csv   # Excel

exit status: 0 written, 2 error."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", required=True, choices=FORMATS, help="output format")
    parser.add_argument("--script", default="hans", choices=("hans", "hant", "hk", "tw"),
                        help="Chinese script: hans (default), hant, hk or tw")
    parser.add_argument("--status", default="approved", choices=("approved", "all"),
                        help="approved entries only (default) or all of them")
    parser.add_argument("--delimiter", default=",", choices=(",", ";", "tab"),
                        help="CSV cell separator: ',' (default), ';' or tab")
    parser.add_argument("--bom", action="store_true",
                        help="start a CSV with a UTF-8 byte-order mark (Excel needs it)")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write to PATH (atomically; '-' is standard output) instead of "
                             "standard output; never a .yaml file inside the glossary folder")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from ..formats import export_glossary
    from ..outputs import check_output, write_output
    from ..store import load, require_files
    from .common import safe

    if not args.format.startswith("csv") and (args.bom or args.delimiter != ","):
        from ..errors import UsageError

        raise UsageError("--delimiter and --bom apply to the CSV formats (csv, csv-terms) only")
    if args.output == "-":
        args.output = None
    if args.output:  # before the glossary is read: a wrong path costs nothing
        check_output(Path(args.output), Path(args.glossary))
    require_files(Path(args.glossary))
    glossary = load(Path(args.glossary))
    text = export_glossary(glossary, args.format, script=args.script, status=args.status,
                           delimiter=args.delimiter, bom=args.bom)
    if args.output:
        try:
            write_output(Path(args.output), text.encode("utf-8"), Path(args.glossary))
        except OSError as err:
            from ..errors import GlossaryError

            raise GlossaryError(f"cannot write: {err.strerror or err}", args.output) from None
        chosen = [e for e in glossary if args.status == "all" or e.status.value == "approved"]
        line = f"{safe(args.output)}: {len(chosen)} entries as {args.format} ({args.script})"
        if args.format in ("tsv", "deepl"):  # a row needs a target: say what was left out
            rows, bare = text.count("\n"), sum(1 for e in chosen if not e.english)
            line += f", {rows} rows" + (f"; {bare} without English left out" if bare else "")
        hashed = text.startswith("#") + text.count("\n#") if args.format == "tsv" else 0
        if hashed:
            # OmegaT skips such a line as a comment, silently: the row would be lost there
            line += (f"; {hashed} row{'s' * (hashed != 1)} open on '#', which OmegaT reads "
                     "as comments")
        print(line, file=sys.stderr)
        return 0
    # A terminal gets control characters escaped; a pipe or file gets the exact bytes.
    sys.stdout.write(safe(text) if sys.stdout.isatty() else text)
    sys.stdout.flush()
    return 0
