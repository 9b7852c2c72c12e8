"""The one place that reads and writes YAML: safe parsing with line numbers, canonical dumping."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any

import yaml

from .errors import EncodingError, FormatError

MAX_FILE_BYTES = 64 * 1024 * 1024

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A plain scalar resolves to something other than text (null, bool, number, timestamp,
# merge key) only if it starts with one of these or is one of the YAML 1.1 words below;
# everything else skips the resolver's regex scan.
_MAYBE_TYPED = frozenset("0123456789+-.~<=")
_WORDS = frozenset(["y", "n", "yes", "no", "true", "false", "on", "off", "null"])
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader with a fast path for plain text, which most glossary values are."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value and value[0] not in _MAYBE_TYPED and (
                    len(value) > 5 or value.lower() not in _WORDS):
                return _STR
        elif implicit:
            return _SEQ if kind is yaml.SequenceNode else _MAP
        return str(super().resolve(kind, value, implicit))


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):  # type: ignore[type-arg]
    """A sequence that remembers the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while reading many files, then freeze what was read.

    Parsing creates only long-lived, acyclic objects. The collector's passes over
    them took a third of the load time of a 10,000-entry glossary, and once a
    100,000-entry glossary is in memory every later burst of allocation (a save,
    a match) paid for a full pass over it again; frozen objects are never
    scanned, and without cycles they are still freed by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of a file, or an error naming the line of the first bad byte."""
    if b"\x00" in data[:8192]:
        raise EncodingError("binary file (NUL bytes), expected UTF-8 text", name, None)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise EncodingError(
            f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8", name, line
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse(text: str, name: str) -> Any:
    """Parse YAML into plain values, refusing tags, aliases and merge keys.

    Only the composer runs, so no constructor is ever called: a
    ``!!python/object`` tag is reported, never executed.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = err.problem or err.context or "malformed YAML"
        raise FormatError(f"malformed YAML: {problem}", name, line) from None
    except yaml.reader.ReaderError as err:  # a character YAML refuses: say which, and where
        line = text.count("\n", 0, err.position) + 1
        raise FormatError(f"character U+{err.character:04X} is not allowed in YAML"
                          if isinstance(err.character, int) else "malformed YAML", name,
                          line) from None
    except yaml.YAMLError as err:
        raise FormatError(f"malformed YAML: {' '.join(str(err).split())}", name, None) from None
    if node is None:
        return None
    try:
        # An alias needs an anchor (&name): without one, no node can be met twice.
        return _convert(node, name, set() if "&" in text else None)
    except RecursionError:  # libyaml stops at 1,000 levels, which may be past Python's limit
        raise FormatError("YAML nested too deeply", name, None) from None


def _convert(node: yaml.Node, name: str, seen: set[int] | None) -> Any:
    line = node.start_mark.line + 1
    if seen is not None:  # the composer hands an alias the very node of its anchor
        if id(node) in seen:
            raise FormatError("YAML aliases (*name) are not allowed in glossary files", name,
                              line)
        seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise FormatError(f"YAML tag {node.tag!r} is not allowed", name, line)
        return _scalar(node, name, line)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise FormatError(f"YAML tag {node.tag!r} is not allowed", name, line)
        seq = LineList(_convert(item, name, seen) for item in node.value)
        seq.line = line
        seq.item_lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    if node.tag != "tag:yaml.org,2002:map":
        raise FormatError(f"YAML tag {node.tag!r} is not allowed", name, line)
    mapping = LineDict()
    mapping.line = line
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise FormatError("only plain keys are allowed (no merge keys)", name, key_line)
        key = key_node.value
        if key in mapping:
            raise FormatError(f"duplicate key {key!r}", name, key_line)
        mapping[key] = _convert(value_node, name, seen)
        mapping.key_lines[key] = key_line
    return mapping


def _scalar(node: yaml.ScalarNode, name: str, line: int) -> Any:
    tag, value = node.tag, node.value
    if tag in (_STR, "tag:yaml.org,2002:timestamp"):
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    try:
        if tag == "tag:yaml.org,2002:int":
            return int(value.replace("_", ""), 0) if value[:2] in ("0x", "0o") else int(value)
        return float(value.replace("_", "").lower().replace(".inf", "inf").replace(".nan", "nan"))
    except ValueError:
        raise FormatError(f"bad number {value!r}", name, line) from None


def lined(value: Any, line: int = 0) -> Any:
    """Plain data as ``parse`` gives it, every line ``line``: what the schema reads, for data
    validated before it is written (where its lines are not known yet)."""
    if isinstance(value, dict):
        mapping = LineDict((k, lined(v, line)) for k, v in value.items())
        mapping.line = line
        mapping.key_lines = dict.fromkeys(mapping, line)
        return mapping
    if isinstance(value, list):
        seq = LineList(lined(v, line) for v in value)
        seq.line = line
        seq.item_lines = [line] * len(seq)
        return seq
    return value


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter (about three times faster than PyYAML's); ``|`` for multi-line text."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _str_representer)


_DOCUMENT_END = "\n...\n"


def dump(data: Any) -> str:
    """Canonical text: the same data always gives the same bytes.

    Without the document end marker libyaml writes after a text kept with its final
    blank lines (``|+``): a file is the concatenation of its entries' dumps, and an
    entry after such a marker opened a second document, so the file no longer loaded.
    A kept block ends as well at the next entry or the end of the file, blank lines kept.
    """
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )
    return text[:-4] if text.endswith(_DOCUMENT_END) else text
