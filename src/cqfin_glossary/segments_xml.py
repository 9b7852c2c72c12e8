"""Read translation segments from the files CAT tools exchange: XLIFF 1.2, XLIFF 2.x and TMX.

A translator in OmegaT, Trados, memoQ or Phrase checks the bilingual file the
tool exports. What counts as a segment is what the tool made one: an XLIFF 1.2
trans-unit, or each of its marked segments (mrk mtype="seg" in seg-source and
target, as SDLXLIFF and memoQ write them); an XLIFF 2 segment; a TMX tu. Inline
codes (XLIFF ph/bpt/ept/it/x/bx/ex, 2.x ph/sc/ec/sm/em, TMX bpt/ept/ph/it/ut)
stand for the document's markup, not its words, so their content is left out
and the words around them are joined as the text reads; the text inside g, pc,
mrk and hi is the segment's own, except what a reviser deleted with change
tracking on (Trados and memoQ keep it in the file, marked). A unit with no
translation yet is skipped, as in a PO file. check reads Chinese to English: a
file whose declared target is not English is refused, and one whose declared
source is not Chinese too unless its sources are Chinese after all (po2xliff
writes en-US when not told).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from .corpus import cjk_spans
from .errors import FormatError
from .filetypes import TMX_SUFFIXES
from .formats.common import MAX_IMPORT_BYTES
from .formats.xmlsafe import kids, local_name, safe_parse
from .fsutil import read_limited
from .segments import Segment

# Elements whose content is native markup (or a sub-flow of it), never the segment's words.
_CODES = frozenset(["bpt", "ept", "ph", "it", "ut", "sub", "x", "bx", "ex", "sc", "ec", "sm",
                    "em", "originalData"])
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Targets that say they are no translation yet (XLIFF 1.2 state; XLIFF 2 segment state).
_UNTRANSLATED = frozenset(["needs-translation", "initial"])
_PO_HEADER = "x-gettext-domain-header"  # po2xliff's unit for the PO header
_PLACEHOLDER = "\ufffe"  # a noncharacter: stands for a standalone code while text is joined
_PLACED = re.compile(f"(?<=[A-Za-z0-9]){_PLACEHOLDER}+(?=[A-Za-z0-9])")


Pair = tuple[etree._Element, etree._Element | None]  # a unit's source and target (if any)


class Part(NamedTuple):
    """The units of one XLIFF <file> (the whole document in XLIFF 2), with the languages it
    declares: a file may hold several, each of its own language pair."""

    source_lang: str
    target_lang: str
    node: etree._Element
    pairs: list[Pair]


def read_xliff(path: Path | str) -> list[Segment]:
    """The translated segments of an XLIFF 1.2 or 2.x file, in document order: each <file>
    judged by the languages it declares (a target other than English is not read; a source
    other than Chinese only when its sources are Chinese after all)."""
    name = str(path)
    segments: list[Segment] = []
    refused: FormatError | None = None
    for part in _xliff_units(path):
        if part.target_lang and not _is(part.target_lang, "en"):
            refused = refused or FormatError(
                f"the target language is {part.target_lang}, not English: check reads "
                "Chinese-to-English files", name, part.node.sourceline)
            continue
        found = _segments(part.pairs, name)
        if part.source_lang and not _is(part.source_lang, "zh") and not _mostly_chinese(found):
            raise FormatError(f"the source language is {part.source_lang} and the sources are "
                              "not Chinese: check reads Chinese-to-English files", name,
                              part.node.sourceline)
        segments += found
    if refused is not None and not segments:
        raise refused
    return [replace(s, number=n) for n, s in enumerate(segments, 1)]


def read_tmx(path: Path | str) -> list[Segment]:
    """The Chinese/English translation units of a TMX file, in document order."""
    pairs, languages, root = _tmx_units(path)
    if not any(target is not None for _, target in pairs) and languages:
        raise FormatError(f"no translation unit with both Chinese and English (languages: "
                          f"{', '.join(sorted(languages))})", str(path), root.sourceline)
    return _segments(pairs, str(path))


def read_units(path: Path | str) -> list[tuple[int, str, str | None]]:
    """(line, source, target or None when untranslated) of every unit of an XLIFF or TMX file
    (for TMX the Chinese and English variants), whatever languages it declares: the miner
    reads both sides, in either direction, and the Chinese of untranslated units."""
    suffix = Path(path).suffix.lower()
    if suffix in TMX_SUFFIXES:
        pairs = _tmx_units(path)[0]
    else:  # a <file> declaring a third language (zh -> de) holds no English
        pairs = [pair for part in _xliff_units(path) if not _third_language(part)
                 for pair in part.pairs]
    return [(source.sourceline if target is None else target.sourceline, _words(source),
             None if target is None else _words(target)) for source, target in pairs]


def _third_language(part: Part) -> bool:
    return any(lang and not (_is(lang, "zh") or _is(lang, "en"))
               for lang in (part.source_lang, part.target_lang))


def _xliff_units(path: Path | str) -> list[Part]:
    name = str(path)
    root = safe_parse(read_limited(Path(path), MAX_IMPORT_BYTES), name)
    if local_name(root) != "xliff":
        raise FormatError(f"not an XLIFF file (root element <{local_name(root)}>)", name,
                          root.sourceline)
    namespace = etree.QName(root).namespace or ""
    version = root.get("version") or ("2" if "xliff:document:2" in namespace else "1")
    return [_xliff2(root)] if version.startswith("2") else _xliff1(root)


def _tmx_units(path: Path | str) -> tuple[list[Pair], set[str], etree._Element]:
    """The units with a Chinese variant (and their English one, if any), the languages seen
    and the root."""
    name = str(path)
    root = safe_parse(read_limited(Path(path), MAX_IMPORT_BYTES), name)
    if local_name(root) != "tmx":
        raise FormatError(f"not a TMX file (root element <{local_name(root)}>)", name,
                          root.sourceline)
    pairs: list[Pair] = []
    languages: set[str] = set()
    for tu in root.iter("{*}tu"):
        chinese: list[etree._Element] = []
        english: list[etree._Element] = []
        for tuv in kids(tu, "tuv"):
            lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()
            languages.add(lang)
            seg = next(iter(kids(tuv, "seg")), None)
            if seg is not None and lang[:2] in ("zh", "en"):
                (chinese if lang.startswith("zh") else english).append(seg)
        if chinese:  # every English variant (en-GB, en-US) is a translation to check
            pairs += [(chinese[0], seg) for seg in english] or [(chinese[0], None)]
    return pairs, languages, root


def _xliff1(root: etree._Element) -> list[Part]:
    parts = []
    for file in _descendants(root, "file"):
        pairs: list[Pair] = []
        for unit in _descendants(file, "trans-unit"):
            source = next(iter(kids(unit, "source")), None)
            target = next(iter(kids(unit, "target")), None)
            if source is None or _locked(unit) or unit.get("restype") == _PO_HEADER:
                continue
            if target is not None and target.get("state") in _UNTRANSLATED:
                target = None
            marked = _marked(unit, target) if target is not None else None
            pairs += [(source, target)] if marked is None else marked
        parts.append(Part(file.get("source-language") or "", file.get("target-language") or "",
                          file, pairs))
    return parts


def _locked(unit: etree._Element) -> bool:
    """Not to be translated: translate="no" on the unit or a group around it, or locked by
    the tool (memoQ's mq:locked)."""
    if _attribute(unit, "locked") in ("locked", "true"):
        return True
    node: etree._Element | None = unit
    while node is not None and local_name(node) not in ("file", "xliff"):
        if node.get("translate") == "no":
            return True
        node = node.getparent()
    return False


def _attribute(node: etree._Element, local: str) -> str | None:
    """An attribute by its local name, whatever its namespace (mq:locked, sdl:locked)."""
    for key, value in node.attrib.items():
        if etree.QName(key).localname == local:
            return str(value)
    return None


def _marked(unit: etree._Element, target: etree._Element) -> list[Pair] | None:
    """The unit's segments as the tool marked them (seg-source and target mrk mtype="seg",
    paired by mid), the locked ones left out; None when it marked none."""
    seg_source = next(iter(kids(unit, "seg-source")), None)
    if seg_source is None:
        return None
    sources = {m.get("mid"): m for m in seg_source.iter("{*}mrk") if m.get("mtype") == "seg"}
    targets = [m for m in target.iter("{*}mrk") if m.get("mtype") == "seg"]
    if not targets:
        return None  # the target was not segmented: the unit is one segment
    # Trados locks a segment in its own table: sdl:seg-defs/sdl:seg locked="true"
    locked = {seg.get("id") for seg in unit.iter("{*}seg") if _attribute(seg, "locked") == "true"}
    return [(sources[m.get("mid")], m) for m in targets
            if m.get("mid") in sources and m.get("mid") not in locked]


def _xliff2(root: etree._Element) -> Part:
    pairs: list[Pair] = []
    for unit in _descendants(root, "unit"):
        if _locked(unit):
            continue
        for segment in _descendants(unit, "segment"):
            source = next(iter(kids(segment, "source")), None)
            target = next(iter(kids(segment, "target")), None)
            if source is not None:
                untranslated = segment.get("state") in _UNTRANSLATED
                pairs.append((source, None if untranslated else target))
    return Part(root.get("srcLang") or "", root.get("trgLang") or "", root, pairs)


def _is(lang: str, code: str) -> bool:
    return lang.lower().startswith(code)


def _mostly_chinese(segments: list[Segment]) -> bool:
    """At least half the sources hold Chinese characters (an empty file passes)."""
    han = sum(1 for s in segments if cjk_spans(s.source))
    return 2 * han >= len(segments)


def _segments(pairs: list[Pair], name: str) -> list[Segment]:
    """The translated units as check's segments."""
    segments: list[Segment] = []
    for source, target in pairs:
        if target is None:
            continue
        translated, text = _words(target), _words(source)
        if translated.strip() and translated.strip() != text.strip():  # not the source copied
            segments.append(Segment(len(segments) + 1, text, translated, name,
                                    target.sourceline))
    return segments


def _words(node: etree._Element) -> str:
    """The text of a segment without its inline codes' content; an XLIFF 2 cp is its
    character, and a placeholder between two Latin letters or digits (a line break, a
    variable: Western<x/>Financial) a space, where joining would make one word of two."""
    return _PLACED.sub(" ", _text(node)).replace(_PLACEHOLDER, "")


def _text(node: etree._Element) -> str:
    parts = [node.text or ""]
    for child in node:
        local = local_name(child)
        if local == "cp":
            parts.append(_code_point(child.get("hex")))
        elif local in ("x", "ph"):
            parts.append(_PLACEHOLDER)
        elif local and local not in _CODES and not _deleted(child):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _deleted(node: etree._Element) -> bool:
    """Text a reviser deleted with change tracking on, still in the file: Trados marks it
    mrk mtype="x-sdl-deleted", memoQ mrk mtype="x-mq-tc" with mq:tctype="del"."""
    kind = node.get("mtype")
    return kind == "x-sdl-deleted" or (kind == "x-mq-tc" and _attribute(node, "tctype") == "del")


def _code_point(hex_value: str | None) -> str:
    try:
        return chr(int(hex_value or "", 16))
    except (ValueError, OverflowError):
        return ""


def _descendants(node: etree._Element, name: str) -> list[etree._Element]:
    return list(node.iter("{*}" + name))
