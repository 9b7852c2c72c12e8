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
from pathlib import Path

from lxml import etree

from .errors import FormatError
from .filetypes import TMX_SUFFIXES
from .formats.common import MAX_IMPORT_BYTES
from .formats.xmlsafe import safe_parse
from .fsutil import read_limited
from .segments import Segment

# Elements whose content is native markup (or a sub-flow of it), never the segment's words.
_CODES = frozenset(["bpt", "ept", "ph", "it", "ut", "sub", "x", "bx", "ex", "sc", "ec", "sm",
                    "em", "originalData"])
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


Pair = tuple[etree._Element, etree._Element | None]  # a unit's source and target (if any)
Declared = tuple[str, str, etree._Element] | None  # a language pair other than zh -> en


def read_xliff(path: Path | str) -> list[Segment]:
    """The translated segments of an XLIFF 1.2 or 2.x file, in document order."""
    name = str(path)
    pairs, declared = _xliff_units(path)
    segments = _segments(pairs, name)
    if declared is not None:
        source, target, node = declared
        if target and not _is(target, "en"):
            raise FormatError(f"the target language is {target}, not English: check reads "
                              "Chinese-to-English files", name, node.sourceline)
        if not _mostly_chinese(segments):
            raise FormatError(f"the source language is {source} and the sources are not "
                              "Chinese: check reads Chinese-to-English files", name,
                              node.sourceline)
    return segments


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
    pairs = _tmx_units(path)[0] if suffix in TMX_SUFFIXES else _xliff_units(path)[0]
    return [(source.sourceline if target is None else target.sourceline, _words(source),
             None if target is None else _words(target)) for source, target in pairs]


def _xliff_units(path: Path | str) -> tuple[list[Pair], Declared]:
    name = str(path)
    root = safe_parse(read_limited(Path(path), MAX_IMPORT_BYTES), name)
    if _local(root) != "xliff":
        raise FormatError(f"not an XLIFF file (root element <{_local(root)}>)", name,
                          root.sourceline)
    version = root.get("version") or ""
    return _xliff2(root) if version.startswith("2") else _xliff1(root)


def _tmx_units(path: Path | str) -> tuple[list[Pair], set[str], etree._Element]:
    """The units with a Chinese variant (and their English one, if any), the languages seen
    and the root."""
    name = str(path)
    root = safe_parse(read_limited(Path(path), MAX_IMPORT_BYTES), name)
    if _local(root) != "tmx":
        raise FormatError(f"not a TMX file (root element <{_local(root)}>)", name,
                          root.sourceline)
    pairs: list[Pair] = []
    languages: set[str] = set()
    for tu in root.iter("{*}tu"):
        variants: dict[str, etree._Element] = {}
        for tuv in _kids(tu, "tuv"):
            lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()
            languages.add(lang)
            seg = next(iter(_kids(tuv, "seg")), None)
            if seg is not None:
                variants.setdefault(lang[:2], seg)
        if "zh" in variants:
            pairs.append((variants["zh"], variants.get("en")))
    return pairs, languages, root


def _xliff1(root: etree._Element) -> tuple[list[Pair], Declared]:
    pairs: list[Pair] = []
    declared: Declared = None
    for file in _descendants(root, "file"):
        declared = declared or _other_pair(file.get("source-language"),
                                           file.get("target-language"), file)
        for unit in _descendants(file, "trans-unit"):
            if unit.get("translate") == "no":
                continue
            source = next(iter(_kids(unit, "source")), None)
            target = next(iter(_kids(unit, "target")), None)
            if source is None:
                continue
            marked = _marked(unit, target) if target is not None else []
            pairs += marked or [(source, target)]
    return pairs, declared


def _marked(unit: etree._Element, target: etree._Element) -> list[Pair]:
    """The unit's segments as the tool marked them (seg-source and target mrk mtype="seg",
    paired by mid); none when it marked none."""
    seg_source = next(iter(_kids(unit, "seg-source")), None)
    if seg_source is None:
        return []
    sources = {m.get("mid"): m for m in seg_source.iter("{*}mrk") if m.get("mtype") == "seg"}
    targets = [m for m in target.iter("{*}mrk") if m.get("mtype") == "seg"]
    return [(sources[m.get("mid")], m) for m in targets if m.get("mid") in sources]


def _xliff2(root: etree._Element) -> tuple[list[Pair], Declared]:
    pairs: list[Pair] = []
    for unit in _descendants(root, "unit"):
        if unit.get("translate") == "no":
            continue
        for segment in _descendants(unit, "segment"):
            source = next(iter(_kids(segment, "source")), None)
            target = next(iter(_kids(segment, "target")), None)
            if source is not None:
                pairs.append((source, target))
    return pairs, _other_pair(root.get("srcLang"), root.get("trgLang"), root)


def _other_pair(source: str | None, target: str | None, node: etree._Element) -> Declared:
    """The declared languages when they are not Chinese to English (missing ones pass)."""
    if (source and not _is(source, "zh")) or (target and not _is(target, "en")):
        return source or "", target or "", node
    return None


def _is(lang: str, code: str) -> bool:
    return lang.lower().startswith(code)


def _mostly_chinese(segments: list[Segment]) -> bool:
    """At least half the sources hold Chinese characters (an empty file passes)."""
    han = sum(1 for s in segments if _HAN.search(s.source))
    return 2 * han >= len(segments)


def _segments(pairs: list[Pair], name: str) -> list[Segment]:
    """The translated units as check's segments."""
    segments: list[Segment] = []
    for source, target in pairs:
        if target is None:
            continue
        translated = _words(target)
        if translated.strip():
            segments.append(Segment(len(segments) + 1, _words(source), translated, name,
                                    target.sourceline))
    return segments


def _words(node: etree._Element) -> str:
    """The text of a segment without its inline codes' content; an XLIFF 2 cp is its character."""
    parts = [node.text or ""]
    for child in node:
        local = _local(child)
        if local == "cp":
            parts.append(_code_point(child.get("hex")))
        elif local and local not in _CODES and not _deleted(child):
            parts.append(_words(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _deleted(node: etree._Element) -> bool:
    """Text a reviser deleted with change tracking on, still in the file: Trados marks it
    mrk mtype="x-sdl-deleted", memoQ mrk mtype="x-mq-tc" with mq:tctype="del"."""
    kind = node.get("mtype")
    if kind == "x-sdl-deleted":
        return True
    return kind == "x-mq-tc" and any(etree.QName(name).localname == "tctype" and value == "del"
                                     for name, value in node.attrib.items())


def _code_point(hex_value: str | None) -> str:
    try:
        return chr(int(hex_value or "", 16))
    except (ValueError, OverflowError):
        return ""


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _kids(node: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in node if _local(child) == name]


def _descendants(node: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in node.iter("{*}" + name)]
