"""JSON export and import of the whole model (every field the YAML holds), for scripts and APIs."""

from __future__ import annotations

import json
import re
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


MAX_DEPTH = 32  # the model nests five deep; anything far deeper is not a glossary


def _depth(value: Any) -> int:
    """How deeply containers nest in a decoded JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, level)
            items = node.values() if isinstance(node, dict) else node
            stack.extend((item, level + 1) for item in items)
    return deepest


def _check_json(text: str, name: str) -> None:
    """Well-formed JSON of a sane shape: errors name the line, never a traceback."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise FormatError(f"malformed JSON: {err.msg}", name, err.lineno) from None
    except RecursionError:
        raise FormatError("JSON nested too deeply to be a glossary", name, 1) from None
    except ValueError as err:  # an integer over Python's digit limit
        huge = re.search(r"\d{1000,}", text)
        line = text.count("\n", 0, huge.start()) + 1 if huge else None
        raise FormatError(f"number too large: {str(err).split(';')[0]}", name, line) from None
    if _depth(data) > MAX_DEPTH:
        raise FormatError(f"JSON nested more than {MAX_DEPTH} levels deep; not a glossary "
                          "export", name, 1)


def parse(text: str, name: str) -> list[Parsed]:
    """Entries of a JSON export, checked against the same schema as the YAML files."""
    from .. import yamlio

    _check_json(text, name)
    # JSON is YAML flow syntax: the YAML reader gives every value its line for the schema check
    data = yamlio.parse(text, name)
    entries_node: Any = data
    script = "hans"
    if isinstance(data, dict):
        if data.get("format") not in (None, FORMAT_NAME):
            raise FormatError(f"unknown JSON format {data.get('format')!r}", name, 1)
        version = data.get("version", FORMAT_VERSION)
        if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
            # a later layout may mean what this one reads differently: not guessed at
            raise FormatError(f"JSON format version {version!r} is not one this version reads "
                              f"(1 to {FORMAT_VERSION})", name, 1)
        script = check_script(str(data.get("script", "hans")))
        if "entries" not in data:  # read as no entries, it was 'expected a list, got list'
            raise FormatError("a JSON object without an 'entries' list: not a glossary "
                              "export (an export, or a list of entries, is read)", name, 1)
        entries_node = data["entries"]
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
