"""JSON export and import of the whole model (every field the YAML holds), for scripts and APIs."""

from __future__ import annotations

import json
from typing import Any

from ..errors import FormatError
from ..model import Entry
from ..schema import read_entries
from .common import Parsed, check_script, zh_in, zh_out

FORMAT_NAME = "cqfin-glossary"
FORMAT_VERSION = 1


def _entry_dict(entry: Entry, script: str) -> dict[str, Any]:
    data = entry.to_dict()
    if script != "hans":
        # the Traditional form is the term itself now; an override would only repeat it
        data["zh"] = [{**t.to_dict(), "term": zh_out(t, script)} for t in entry.zh]
        for item in data["zh"]:
            item.pop("hant", None)
    return data


def export(entries: list[Entry], script: str) -> str:
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "script": script,
                "entries": [_entry_dict(e, script) for e in entries]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse(text: str, name: str) -> list[Parsed]:
    """Entries of a JSON export, checked against the same schema as the YAML files."""
    from .. import yamlio

    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        raise FormatError(f"malformed JSON: {err.msg}", name, err.lineno) from None
    # JSON is YAML flow syntax: the YAML reader gives every value its line for the schema check
    data = yamlio.parse(text, name)
    entries_node: Any = data
    script = "hans"
    if isinstance(data, dict):
        if data.get("format") not in (None, FORMAT_NAME):
            raise FormatError(f"unknown JSON format {data.get('format')!r}", name, 1)
        script = check_script(str(data.get("script", "hans")))
        entries_node = data.get("entries", [])
    read, problems = read_entries(entries_node, name)
    if problems:
        raise FormatError(f"{problems[0].field + ': ' if problems[0].field else ''}"
                          f"{problems[0].message}", name, problems[0].line)
    out = []
    for entry, line in read:
        if script != "hans":
            for term in entry.zh:
                term.term, term.hant = zh_in(term.term, script)
        out.append(Parsed(entry, line))
    return out
