"""Exchange formats: export to PO, TBX, TSV, DeepL, CSV, JSON or Markdown, and import from them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from .common import (
    WRITTEN,
    Parsed,
    check_choice,
    check_picklists,
    check_script,
    read_text,
    select,
)
from .merge import ImportReport, merge

FORMATS = ("po", "tbx", "tbx2", "tsv", "deepl", "csv", "csv-terms", "json", "md")
IMPORT_FORMATS = ("po", "tbx", "tbx2", "tsv", "deepl", "csv", "csv-terms", "json")
# OmegaT reads glossaries named .txt, .tab, .tsv and .utf8 (tab-separated, UTF-8).
SUFFIXES = {".po": "po", ".pot": "po", ".tbx": "tbx", ".xml": "tbx", ".tsv": "tsv",
            ".tab": "tsv", ".txt": "tsv", ".utf8": "tsv", ".csv": "csv", ".json": "json",
            ".md": "md"}
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}


def _exporter(fmt: str, delimiter: str) -> Callable[[list[Any], str], str]:
    if fmt == "po":
        from .po import export
    elif fmt in ("tbx", "tbx2"):
        from . import tbx

        return lambda entries, script: tbx.export(entries, script, 3 if fmt == "tbx" else 2)
    elif fmt in ("tsv", "deepl"):
        from .delimited import export_deepl, export_tsv

        return export_tsv if fmt == "tsv" else export_deepl
    elif fmt in ("csv", "csv-terms"):
        from . import csvfmt

        write = csvfmt.export_concepts if fmt == "csv" else csvfmt.export_terms
        return lambda entries, script: write(entries, script, delimiter)
    elif fmt == "json":
        from .jsonfmt import export
    else:
        from .markdown import export
    return export


def export_glossary(glossary: Any, fmt: str, *, script: str = "hans",
                    status: str = "approved", delimiter: str = ",", bom: bool = False) -> str:
    """The whole export of ``glossary`` (any iterable of entries) as text.

    ``delimiter`` (``,``, ``;`` or ``tab``) and ``bom`` (a UTF-8 byte-order mark, which
    Excel needs to open UTF-8) apply to the CSV layouts only.
    """
    check_choice(fmt, FORMATS, "format")
    check_script(script)
    check_choice(delimiter, DELIMITERS, "delimiter")
    text = _exporter(fmt, DELIMITERS[delimiter])(select(glossary, status), script)
    return "\ufeff" + text if bom and fmt.startswith("csv") else text


def detect_format(path: Path, text: str) -> str:
    """The format of an import file, from its suffix and else from its first characters."""
    suffix = path.suffix.lower()
    fmt = SUFFIXES.get(suffix)
    head = text.lstrip()[:2000]
    if fmt == "md":
        raise UsageError("Markdown is an export format only; import PO, TBX, TSV, CSV or JSON",
                         str(path))
    if fmt is None or (fmt == "tsv" and suffix in (".txt", ".utf8") and head.startswith("<")):
        if head.startswith(("{", "[")):
            fmt = "json"
        elif head.startswith("<"):
            fmt = "tbx"
        elif re.search(r"^msgid ", head, re.M):
            fmt = "po"
        else:
            first = next((ln for ln in head.splitlines() if not ln.startswith("#")), "")
            fmt = "tsv" if "\t" in first else "csv"
    return fmt


def parse_file(path: Path, fmt: str = "auto") -> tuple[str, list[Parsed]]:
    """The entries a file holds, and the format it was read as."""
    path = Path(path)
    name = str(path)
    text = read_text(path, name)
    if not text.strip():
        # as mine says of an empty corpus file: most likely a failed export or download
        # (an empty JSON or TBX was already refused, as malformed; CSV, TSV and PO passed
        # as "added 0 entries" with exit 0)
        raise InputError("empty file, nothing to import", name)
    if fmt == "auto":
        fmt = detect_format(path, text)
    check_choice(fmt, IMPORT_FORMATS, "import format")
    from ..gcpause import paused_gc

    written: dict[str, str] = {}
    token = WRITTEN.set(written)
    try:
        with paused_gc():  # acyclic nodes and entries: the collector's walks over them grew
            parsed = _parse_as(fmt, text, name)  # with the file (16,000 JSON entries 4.7 s)
    finally:
        WRITTEN.reset(token)
    for item in parsed:
        item.written = written
    check_picklists(parsed, name)
    return fmt, parsed


_XML_DECL = re.compile(r"^<\?xml[^>]*\?>")


def _parse_as(fmt: str, text: str, name: str) -> list[Parsed]:
    if fmt == "po":
        from .po import parse

        return parse(text, name)
    if fmt in ("tbx", "tbx2"):
        from .tbx import parse as parse_tbx

        # The text is decoded already (a UTF-16 file too): its declaration would name the
        # old encoding, so it goes; the rest of line 1 stays, and so do the line numbers.
        return parse_tbx(_XML_DECL.sub("", text, count=1).encode("utf-8"), name)
    if fmt in ("tsv", "deepl"):
        from .delimited import parse_tsv

        return parse_tsv(text, name)
    if fmt in ("csv", "csv-terms"):
        from .csvfmt import parse_csv

        return parse_csv(text, name)
    from .jsonfmt import parse as parse_json

    return parse_json(text, name)


def import_file(glossary: Any, path: Path | str, *, fmt: str = "auto") -> ImportReport:
    """Merge a file into the in-memory ``glossary``; the caller saves with ``store.save``."""
    fmt, parsed = parse_file(Path(path), fmt)
    report = ImportReport(str(path), fmt)
    merge(glossary, parsed, report)
    return report


__all__ = [
    "DELIMITERS",
    "FORMATS",
    "IMPORT_FORMATS",
    "ImportReport",
    "detect_format",
    "export_glossary",
    "import_file",
    "parse_file",
]
