"""Exchange formats: export to PO, TBX, TSV, CSV, JSON or Markdown, and import from them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .common import Parsed, check_choice, check_script, read_text, select
from .merge import ImportReport, merge

FORMATS = ("po", "tbx", "tbx2", "tsv", "csv", "json", "md")
IMPORT_FORMATS = ("po", "tbx", "tbx2", "tsv", "csv", "json")
SUFFIXES = {".po": "po", ".pot": "po", ".tbx": "tbx", ".xml": "tbx", ".tsv": "tsv",
            ".tab": "tsv", ".txt": "tsv", ".csv": "csv", ".json": "json", ".md": "md"}


def _exporter(fmt: str) -> Callable[[list[Any], str], str]:
    if fmt == "po":
        from .po import export
    elif fmt in ("tbx", "tbx2"):
        from . import tbx

        return lambda entries, script: tbx.export(entries, script, 3 if fmt == "tbx" else 2)
    elif fmt in ("tsv", "csv"):
        from .delimited import export_csv, export_tsv

        return export_tsv if fmt == "tsv" else export_csv
    elif fmt == "json":
        from .jsonfmt import export
    else:
        from .markdown import export
    return export


def export_glossary(glossary: Any, fmt: str, *, script: str = "hans",
                    status: str = "approved") -> str:
    """The whole export of ``glossary`` (any iterable of entries) as text."""
    check_choice(fmt, FORMATS, "format")
    check_script(script)
    return _exporter(fmt)(select(glossary, status), script)


def detect_format(path: Path, text: str) -> str:
    """The format of an import file, from its suffix and else from its first characters."""
    fmt = SUFFIXES.get(path.suffix.lower())
    head = text.lstrip()[:2000]
    if fmt == "md":
        raise UsageError("Markdown is an export format only; import PO, TBX, TSV, CSV or JSON",
                         str(path))
    if fmt is None or (fmt == "tsv" and path.suffix.lower() == ".txt" and head.startswith("<")):
        if head.startswith(("{", "[")):
            fmt = "json"
        elif head.startswith("<"):
            fmt = "tbx"
        elif "msgid" in head:
            fmt = "po"
        else:
            fmt = "tsv" if "\t" in head.split("\n", 1)[0] else "csv"
    return fmt


def parse_file(path: Path, fmt: str = "auto") -> tuple[str, list[Parsed]]:
    """The entries a file holds, and the format it was read as."""
    path = Path(path)
    name = str(path)
    text = read_text(path, name)
    if fmt == "auto":
        fmt = detect_format(path, text)
    check_choice(fmt, IMPORT_FORMATS, "import format")
    if fmt == "po":
        from .po import parse

        return fmt, parse(text, name)
    if fmt in ("tbx", "tbx2"):
        from .tbx import parse as parse_tbx

        return fmt, parse_tbx(text.encode("utf-8"), name)
    if fmt == "tsv":
        from .delimited import parse_tsv

        return fmt, parse_tsv(text, name)
    if fmt == "csv":
        from .delimited import parse_csv

        return fmt, parse_csv(text, name)
    from .jsonfmt import parse as parse_json

    return fmt, parse_json(text, name)


def import_file(glossary: Any, path: Path | str, *, fmt: str = "auto") -> ImportReport:
    """Merge a file into the in-memory ``glossary``; the caller saves with ``store.save``."""
    fmt, parsed = parse_file(Path(path), fmt)
    report = ImportReport(str(path), fmt)
    merge(glossary, parsed, report)
    return report


__all__ = [
    "FORMATS",
    "IMPORT_FORMATS",
    "ImportReport",
    "detect_format",
    "export_glossary",
    "import_file",
    "parse_file",
]
