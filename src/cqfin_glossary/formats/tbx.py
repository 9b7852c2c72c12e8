"""TBX export and import: TBX-Basic v3 (ISO 30042:2019, conceptEntry) and v2 (martif, termEntry).

One writer produces both versions from a table of element names, as text
(escaped in one pass): building an lxml tree first would cost ten times the
serialisation on a large glossary. Reading goes
through defusedxml first (no DTD entities, no external references: XXE and
entity-expansion files are refused) and then lxml with DTD loading, entity
resolution and network access off, for the line numbers.
"""

from __future__ import annotations

import re

from lxml import etree

from .. import __version__
from ..errors import FormatError, UsageError
from ..model import Entry, EntryStatus, Occurrence, Term, TermStatus
from .common import (
    ZH_LANG,
    Parsed,
    contradicts,
    entry_status,
    lang_kind,
    new_id,
    script_of_lang,
    text_kind,
    unstated_synonyms,
    zh_in,
    zh_out,
)
from .xmlsafe import kids, local_name, safe_parse

V3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS_PREFIX = "cqfin-status: "
POS_PREFIX = "cqfin-pos: "
# An editor's Traditional form of a Simplified term (Term.hant), kept in a term note of a
# Simplified export so that a re-import restores it, as the entry status travels.
HANT_PREFIX = "cqfin-hant: "
# TBX-Basic v3's partOfSpeech picklist (the dialect's Schematron); finer values map onto it
# and travel in a concept note so that a re-import restores them.
V3_POS = {"noun": "noun", "verb": "verb", "adjective": "adjective", "adverb": "adverb",
          "other": "other", "properNoun": "noun"}

_V3 = {"root": "tbx", "header": "tbxHeader", "concept": "conceptEntry", "lang": "langSec",
       "term": "termSec"}
V2_DTD = "TBXBasiccoreStructV02.dtd"  # TBX-Basic v2's core structure and constraint files
V2_XCS = "TBXBasicXCSV02.xcs"
# v2-era tools (OmegaT, MultiTerm) know language-region codes best; standard Traditional,
# which no region writes as such, keeps its script subtag (tagged zh-TW, it would read
# back as Taiwan's wording: 软件 with 軟件 as an override where Taiwan writes 軟體).
V2_LANG = {"hans": "zh-CN", "hant": "zh-Hant", "hk": "zh-HK", "tw": "zh-TW"}
_V2 = {"root": "martif", "header": "martifHeader", "concept": "termEntry", "lang": "langSet",
       "term": "tig"}
ADMIN = {s: f"{s.value}Term-admn-sts" for s in TermStatus}
_ADMIN_BACK = {v.lower(): k for k, v in ADMIN.items()} | {
    v.lower().replace("-", ""): k for k, v in ADMIN.items()}


# Escaping in one pass; characters XML 1.0 cannot hold become U+FFFD, a CR survives as a reference.
_TEXT = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;"}
_TEXT.update({c: "\ufffd" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                     0xFFFE, 0xFFFF]})
_ATTR = {**_TEXT, ord('"'): "&quot;", ord("\n"): "&#10;", ord("\t"): "&#9;"}


_NEEDS_TEXT = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ATTR = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_PAD = tuple("  " * depth for depth in range(10))
_P5, _P6, _P7 = _PAD[5], _PAD[6], _PAD[7]


def x(text: str) -> str:
    # a regex scan runs in C; translate() only for the few strings that need it
    return text.translate(_TEXT) if _NEEDS_TEXT.search(text) else text


def xa(text: str) -> str:
    return text.translate(_ATTR) if _NEEDS_ATTR.search(text) else text


def xml_id(ident: str) -> str:
    """An entry id as an XML name (xs:ID): one that starts with a digit gets a leading '_'."""
    return f"_{ident}" if ident[:1].isdigit() else ident


def entry_id(value: str) -> str:
    """The entry id an XML id stands for: the inverse of ``xml_id``."""
    return value[1:] if value[:1] == "_" and value[1:2].isdigit() else value


def _pos(n: dict[str, str], entry: Entry) -> str | None:
    if entry.pos is None:
        return None
    return V3_POS.get(entry.pos, "other") if n is _V3 else entry.pos


def _term_sec(n: dict[str, str], term: Term, text: str, entry: Entry, contexts: bool,
              hant: str | None = None) -> str:
    """One termSec (tig in v2) at depth 5, as indented text; ``hant``: the Traditional
    override a Simplified term carries in a note."""
    tag = n["term"]
    value = _pos(n, entry)
    pos = f'{_P6}<termNote type="partOfSpeech">{x(value)}</termNote>\n' if value else ""
    kind = f'{_P6}<termNote type="termType">{x(term.type)}</termNote>\n' if term.type else ""
    note = f"{_P6}<note>{x(term.note)}</note>\n" if term.note else ""
    if hant:
        note += f"{_P6}<note>{HANT_PREFIX}{x(hant)}</note>\n"
    context = "".join([
        f'{_P6}<descripGrp>\n{_P7}<descrip type="context">{x(occ.text)}</descrip>\n'
        f'{_P7}<admin type="source">{x(occ.source)}:{occ.line}</admin>\n{_P6}</descripGrp>\n'
        for occ in entry.occurrences]) if contexts else ""
    return (f"{_P5}<{tag}>\n{_P6}<term>{x(text)}</term>\n{_P6}<termNote type="
            f'"administrativeStatus">{ADMIN[term.status]}</termNote>\n{pos}{kind}{context}{note}'
            f"{_P5}</{tag}>\n")


_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?"
                    r"(Z|[+-]\d{2}:\d{2})?)?")


def _tbx_date(changed: str | None, whole: bool) -> str | None:
    """The change time as TBX's <date> takes it: v3 (``whole``) xsd:date or xsd:dateTime,
    v2 the day (xsd:date). A hand-written stamp that is no real time (the glossary keeps any
    text: 2025-02-30, 25:61) is left out rather than make the file invalid; a time without
    seconds gets them, which xsd:dateTime requires (2025-06-01T12:00Z failed the schema)."""
    from datetime import date

    found = _STAMP.fullmatch(changed or "")
    if found is None:
        return None
    day, hour, minute, second, fraction, zone = found.groups()
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    if hour is None or not whole:
        return day
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        return None
    return f"{day}T{hour}:{minute}:{second or '00'}{fraction or ''}{zone or ''}"


def _concept(n: dict[str, str], entry: Entry, script: str) -> str:
    """One conceptEntry (termEntry in v2) at depth 3, as indented text."""
    tag, lang = n["concept"], n["lang"]
    parts = [f'{_PAD[3]}<{tag} id="{xa(xml_id(entry.id))}">\n']
    if entry.subject:
        parts.append(f'{_PAD[4]}<descrip type="subjectField">{x(entry.subject)}</descrip>\n')
    when = _tbx_date(entry.changed, n is _V3)
    if when:
        parts.append(f'{_PAD[4]}<transacGrp>\n{_PAD[5]}<transac type="transactionType">'
                     f'modification</transac>\n{_PAD[5]}<date>{x(when)}</date>\n'
                     f'{_PAD[4]}</transacGrp>\n')
    if entry.definition and not entry.en:
        # a langSec needs a term: without English, the definition is the concept's (both
        # schemas allow it there, and import reads it back from either place)
        parts.append(f'{_PAD[4]}<descrip type="definition">{x(entry.definition)}</descrip>\n')
    parts.append(f"{_PAD[4]}<note>{STATUS_PREFIX}{entry.status.value}</note>\n")
    if entry.pos and _pos(n, entry) != entry.pos:
        parts.append(f"{_PAD[4]}<note>{POS_PREFIX}{x(entry.pos)}</note>\n")
    if entry.note:
        parts.append(f"{_PAD[4]}<note>{x(entry.note)}</note>\n")
    parts.append(f'{_PAD[4]}<{lang} xml:lang="{(ZH_LANG if n is _V3 else V2_LANG)[script]}">\n')
    head = entry.preferred("zh") or (entry.zh[0] if entry.zh else None)
    parts += [_term_sec(n, t, t.term, entry, t is head, t.hant) if script == "hans"
              else _term_sec(n, t, zh_out(t, script), entry, t is head) for t in entry.zh]
    parts.append(f"{_PAD[4]}</{lang}>\n")
    if entry.en:
        parts.append(f'{_PAD[4]}<{lang} xml:lang="en">\n')
        if entry.definition:
            parts.append(f'{_PAD[5]}<descrip type="definition">{x(entry.definition)}</descrip>\n')
        parts += [_term_sec(n, t, t.term, entry, False) for t in entry.en]
        parts.append(f"{_PAD[4]}</{lang}>\n")
    parts.append(f"{_PAD[3]}</{tag}>\n")
    return "".join(parts)


def export(entries: list[Entry], script: str, version: int = 3) -> str:
    """The whole TBX document as text (TBX-Basic v3, or v2 martif with ``version=2``)."""
    n = _V3 if version == 3 else _V2
    attrs = (f' xmlns="{V3_NS}" type="TBX-Basic" style="dca"' if version == 3
             else ' type="TBX-Basic"')
    # v2: the DOCTYPE and the XCS reference that the TBX Checker needs to call a file
    # TBX-Basic at all (TBX-Basic package, TBX-basic-sample-v2.tbx); v3 names its schemas
    # by namespace and dialect
    doctype, xcs = ("", "") if version == 3 else (
        f'<!DOCTYPE martif SYSTEM "{V2_DTD}">\n',
        f'    <encodingDesc>\n      <p type="XCSURI">{V2_XCS}</p>\n    </encodingDesc>\n')
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
            f'<{n["root"]}{attrs} xml:lang="en">\n'
            f'  <{n["header"]}>\n    <fileDesc>\n      <titleStmt>\n'
            f'        <title>cqfin-glossary</title>\n      </titleStmt>\n      <sourceDesc>\n'
            f'        <p>Exported by cqfin-glossary {__version__}; '
            f'Chinese in {(ZH_LANG if version == 3 else V2_LANG)[script]}.</p>\n'
            f'      </sourceDesc>\n    </fileDesc>\n{xcs}  </{n["header"]}>\n  <text>\n')
    if not entries:  # the v2 RelaxNG wants a termEntry in the body as v3's a conceptEntry
        raise UsageError("nothing to export: a TBX-Basic file needs at least one concept "
                         "(its schema has no empty body)")
    body = "".join([_concept(n, entry, script) for entry in entries])
    return f'{head}    <body>\n{body}    </body>\n  </text>\n</{n["root"]}>\n'


# ---- import ---------------------------------------------------------------


def _text(node: etree._Element) -> str:
    return "".join(node.itertext()).strip()


# TBX-Default's and MultiTerm's normative authorization, which TBX-Basic calls
# administrativeStatus ('deprecatedTerm' came in as preferred)
_NORMATIVE = {"preferredterm": TermStatus.PREFERRED, "admittedterm": TermStatus.ADMITTED,
              "deprecatedterm": TermStatus.DEPRECATED, "supersededterm": TermStatus.SUPERSEDED,
              "standardizedterm": TermStatus.PREFERRED, "legalterm": TermStatus.PREFERRED,
              "regulatedterm": TermStatus.PREFERRED}


def _read_term(sec: etree._Element, entry: Entry, zh_script: str | None,
               name: str, unstated: list[Term]) -> Term | None:
    words = kids(sec, "term")
    if not words or not _text(words[0]):
        raise FormatError("term section without a term", name, sec.sourceline)
    term = Term(_text(words[0]))
    if zh_script is not None:
        term.term, term.hant = zh_in(term.term, zh_script)
    stated = False
    for note in kids(sec, "termNote"):
        kind, value = note.get("type"), _text(note)
        if kind == "administrativeStatus":
            term.status = _ADMIN_BACK.get(value.lower(), TermStatus.ADMITTED)
            stated = True
        elif kind == "normativeAuthorization" and not stated:
            term.status = _NORMATIVE.get(value.lower().replace(" ", ""), TermStatus.ADMITTED)
            stated = True
        elif kind == "partOfSpeech" and entry.pos is None:
            entry.pos = value
        elif kind == "termType":
            term.type = value
    for group in kids(sec, "descripGrp"):
        _read_context(group, entry)
    notes = [_text(n) for n in kids(sec, "note") if _text(n)]
    if zh_script == "hans":
        overrides = [n for n in notes if n.startswith(HANT_PREFIX)]
        if overrides:
            term.hant = overrides[0][len(HANT_PREFIX):].strip() or None
            notes = [n for n in notes if not n.startswith(HANT_PREFIX)]
    term.note = "\n".join(notes) or None
    if not stated:
        unstated.append(term)
    return term


def _read_context(group: etree._Element, entry: Entry) -> None:
    context = [_text(d) for d in kids(group, "descrip") if d.get("type") == "context"]
    source = [_text(a) for a in kids(group, "admin") if a.get("type") == "source"]
    if not context:
        return
    where, _, number = (source[0] if source else "").rpartition(":")
    if not number.isdigit():
        where, number = (source[0] if source else ""), "0"
    entry.occurrences.append(Occurrence(where or "(unknown)", int(number), context[0]))


def _read_concept(node: etree._Element, name: str, default_status: EntryStatus) -> Parsed:
    entry = Entry(id=entry_id(node.get("id") or ""), status=default_status)
    fine_pos = None
    has_status = False
    unstated: list[Term] = []
    for child in node:
        kind, local = child.get("type"), local_name(child)
        if local == "descrip" and kind == "subjectField":
            entry.subject = _text(child) or None
        elif local == "descrip" and kind == "definition":
            entry.definition = _text(child) or None
        elif local == "note" and _text(child).startswith(STATUS_PREFIX):
            entry.status = entry_status(_text(child)[len(STATUS_PREFIX):], name, child.sourceline)
            has_status = True
        elif local == "note" and _text(child).startswith(POS_PREFIX):
            fine_pos = _text(child)[len(POS_PREFIX):]
        elif local == "note" and _text(child):
            entry.note = _text(child) if entry.note is None else f"{entry.note}\n{_text(child)}"
        elif local == "transacGrp":
            dates = [_text(d) for d in kids(child, "date")]
            entry.changed = dates[0] if dates else entry.changed
        elif local in ("langSec", "langSet"):
            _read_lang(child, entry, name, unstated)
    unstated_synonyms(entry, unstated)
    entry.pos = fine_pos or entry.pos
    # Another tool's ids (c1, 42, a GUID) mean nothing here: only our own export's do
    has_id = bool(entry.id) and has_status
    if not has_id:
        entry.id = new_id(entry.zh[0].term) if entry.zh else "term"
    return Parsed(entry, node.sourceline, has_id=has_id, has_status=has_status)


def _lang_of(node: etree._Element, name: str) -> str | None:
    """'zh-...' tag, 'en' or None (skip) for a langSec: the tag, checked against the text.

    A tag that names no language (csv2tbx writes 'xx') or says the opposite of the text
    (Chinese terms under 'en') is decided by the script of its terms.
    """
    lang = node.get(XML_LANG) or node.get("lang") or ""
    kind = lang_kind(lang)
    if kind == "other":
        return None  # a language this glossary does not hold
    terms = [_text(t) for t in node.iter() if local_name(t) == "term"]
    if kind == "unknown" or contradicts(kind, terms):
        seen = text_kind(terms)
        if seen is None:
            raise FormatError(f"language {lang!r} of this langSec cannot be told from its "
                              "terms (as many Chinese as other terms)", name,
                              node.sourceline)
        return "zh" if seen == "zh" else "en"
    return lang if kind == "zh" else "en"


def _read_lang(node: etree._Element, entry: Entry, name: str, unstated: list[Term]) -> None:
    lang = _lang_of(node, name)
    if lang is None:
        return
    zh_script = (script_of_lang(lang) or "hans") if lang != "en" else None
    for child in kids(node, "descrip"):
        if child.get("type") == "definition" and entry.definition is None:
            entry.definition = _text(child) or None
    for sec in kids(node, "termSec", "tig", "ntig"):
        if local_name(sec) == "ntig":
            sec = next(iter(kids(sec, "termGrp")), sec)
        term = _read_term(sec, entry, zh_script, name, unstated)
        if term is not None:
            (entry.zh if zh_script is not None else entry.en).append(term)


def parse(data: bytes, name: str) -> list[Parsed]:
    root = safe_parse(data, name)
    if local_name(root) not in ("tbx", "martif"):
        raise FormatError(f"not a TBX file (root element <{local_name(root)}>)", name,
                          root.sourceline)
    bodies = [b for t in kids(root, "text") for b in kids(t, "body")]
    if not bodies:
        raise FormatError("TBX file without text/body", name, root.sourceline)
    return [_read_concept(node, name, EntryStatus.CANDIDATE)
            for node in kids(bodies[0], "conceptEntry", "termEntry")]
