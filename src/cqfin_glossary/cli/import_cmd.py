"""The import command: merge a PO, TBX, TSV, CSV or JSON glossary into the glossary folder."""

from __future__ import annotations

import argparse
from typing import Any

HELP = "merge a PO, TBX, TSV, CSV or JSON glossary into the glossary"
DESCRIPTION = """Read a glossary another tool or team made and merge it in. A concept the
glossary lacks becomes a new entry (in imported.yaml, with the status the file
gives it); a new English rendering of a known Chinese term becomes an
'admitted' term of that entry; anything that would change an approved or
rejected entry is reported as a conflict and left for the editor. XML is read
with DTDs and external entities off; terms with control characters are refused.

examples:
  cqfin-glossary import team-glossary.tbx --dry-run
  cqfin-glossary import weblate-export.po
  cqfin-glossary import deepl.tsv --format tsv

exit status: 0 merged cleanly, 1 conflicts or refused entries (the rest was
merged), 2 error (nothing merged)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the file to import")
    parser.add_argument("--format", "-f", default="auto",
                        choices=("auto", "po", "tbx", "tbx2", "tsv", "deepl", "csv", "csv-terms",
                                 "json"),
                        help="file format (default: from the suffix and content)")
    parser.add_argument("--dry-run", action="store_true",
                        help="report what would change, write nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _report_dict(report: Any) -> dict[str, Any]:
    return {"file": report.file, "format": report.format, "added": report.added,
            "renderings": [{"id": i, "term": t} for i, t in report.renderings],
            "updated": report.updated, "unchanged": report.unchanged,
            "conflicts": [str(p) for p in report.conflicts],
            "refused": [str(p) for p in report.refused]}


def _print_report(report: Any, glossary: Any, dry_run: bool) -> None:
    from .common import safe

    for entry_id in report.added:
        entry = glossary.get(entry_id)
        print(safe(f"added      {entry_id}  {entry.headword}  {entry.english or '-'}"
                   f"  [{entry.status.value}]"))
    for entry_id, term in report.renderings:
        print(safe(f"rendering  {entry_id}  + {term} (admitted)"))
    for problem in report.conflicts:
        print(safe(f"conflict   {problem}"))
    for problem in report.refused:
        print(safe(f"refused    {problem}"))
    verb = "would add" if dry_run else "added"
    print(f"{safe(report.file)} ({report.format}): {verb} {len(report.added)} entries and "
          f"{len(report.renderings)} renderings; {len(report.conflicts)} conflicts, "
          f"{len(report.refused)} refused, {len(report.unchanged)} unchanged"
          + (" (dry run, nothing written)" if dry_run else ""))


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from ..formats import ImportReport, import_file, parse_file
    from ..formats.merge import merge
    from ..store import Glossary, load, update
    from .common import warn_uncommented

    if args.dry_run:
        glossary = load(Path(args.glossary))
        report = import_file(glossary, Path(args.file), fmt=args.format)
    else:
        # The file is read first, then merged and saved under the writer lock into the
        # glossary as it is then: two imports (or an import and a mine) adding the same new
        # term end with one entry, the second merging into the first.
        fmt, parsed = parse_file(Path(args.file), args.format)
        loaded: list[Glossary] = []

        def apply(fresh: Glossary) -> Any:
            loaded.append(fresh)
            merged = ImportReport(str(args.file), fmt)
            merge(fresh, parsed, merged)
            return merged

        report, saved = update(Path(args.glossary), apply)
        warn_uncommented(args.glossary, saved.uncommented)
        glossary = loaded[0]
    if args.json:
        print(json.dumps(_report_dict(report), ensure_ascii=True, indent=2))
    else:
        _print_report(report, glossary, args.dry_run)
    return 1 if report.conflicts or report.refused else 0
