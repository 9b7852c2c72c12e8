"""TBX export and import: TBX-Basic v3 (ISO 30042:2019, conceptEntry) and TBX v2 (martif, termEntry).

One builder writes both versions from a table of element names. Reading goes
through defusedxml first (no DTD entities, no external references: XXE and
entity-expansion files are refused) and then lxml with DTD loading, entity
resolution and network access off, for the line numbers.
"""

from __future__ import annotations

from lxml import etree

from .. import __version__
from ..errors import FormatError
from ..model import Entry, EntryStatus, Occurrence, Term, TermStatus
from .common import ZH_LANG, Parsed, entry_status, new_id, script_of_lang, zh_in, zh_out

V3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS_PREFIX = "cqfin-status: "

_V3 = {"root": "tbx", "header": "tbxHeader", "concept": "conceptEntry", "lang": "langSec",
       "term": "termSec"}
_V2 = {"root": "martif", "header": "martifHeader", "concept": "termEntry", "lang": "langSet",
       "term": "tig"}
ADMIN = {s: f"{s.value}Term-admn-sts" for s in TermStatus}
_ADMIN_BACK = {v.lower(): k for k, v in ADMIN.items()} | {
    v.lower().replace("-", ""): k for k, v in ADMIN.items()}


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    ptag = parent.tag
    if ptag[0] == "{":
        tag = ptag[: ptag.index("}") + 1] + tag  # children live in the parent's namespace
    node = etree.SubElement(parent, tag, attrib)
    node.text = text
    return node


def _term_sec(parent: etree._Element, names: dict[str, str], term: Term, text: str,
              entry: Entry, contexts: bool) -> None:
    sec = _sub(parent, names["term"])
    _sub(sec, "term", text)
    _sub(sec, "termNote", ADMIN[term.status], type="administrativeStatus")
    if entry.pos:
        _sub(sec, "termNote", entry.pos, type="partOfSpeech")
    if term.type:
        _sub(sec, "termNote", term.type, type="termType")
    if contexts:
        for occ in entry.occurrences:
            group = _sub(sec, "descripGrp")
            _sub(group, "descrip", occ.text, type="context")
            _sub(group, "admin", f"{occ.source}:{occ.line}", type="source")
    if term.note:
        _sub(sec, "note", term.note)


def _concept(body: etree._Element, names: dict[str, str], entry: Entry, script: str) -> None:
    concept = _sub(body, names["concept"], id=entry.id)
    if entry.subject:
        _sub(concept, "descrip", entry.subject, type="subjectField")
    if entry.changed:
        group = _sub(concept, "transacGrp")
        _sub(group, "transac", "modification", type="transactionType")
        _sub(group, "date", entry.changed)
    _sub(concept, "note", STATUS_PREFIX + entry.status.value)
    if entry.note:
        _sub(concept, "note", entry.note)
    zh = _sub(concept, names["lang"], **{XML_LANG: ZH_LANG[script]})
    head = entry.preferred("zh") or (entry.zh[0] if entry.zh else None)
    for term in entry.zh:
        _term_sec(zh, names, term, zh_out(term, script), entry, term is head)
    if entry.en or entry.definition:
        en = _sub(concept, names["lang"], **{XML_LANG: "en"})
        if entry.definition:
            _sub(en, "descrip", entry.definition, type="definition")
        for term in entry.en:
            _term_sec(en, names, term, term.term, entry, False)


def build(entries: list[Entry], script: str, version: int = 3) -> etree._Element:
    """The whole TBX document as an element tree."""
    names = _V3 if version == 3 else _V2
    nsmap = {None: V3_NS} if version == 3 else None
    attrib = {"type": "TBX-Basic", "style": "dca"} if version == 3 else {"type": "TBX-Basic"}
    tag = f"{{{V3_NS}}}{names['root']}" if version == 3 else names["root"]
    root = etree.Element(tag, attrib, nsmap=nsmap)
    root.set(XML_LANG, "en")
    desc = _sub(_sub(root, names["header"]), "fileDesc")
    _sub(_sub(desc, "titleStmt"), "title", "cqfin-glossary")
    _sub(_sub(desc, "sourceDesc"), "p",
         f"Exported by cqfin-glossary {__version__}; Chinese in {ZH_LANG[script]}.")
    body = _sub(_sub(root, "text"), "body")
    for entry in entries:
        _concept(body, names, entry, script)
    return root


def export(entries: list[Entry], script: str, version: int = 3) -> str:
    root = build(entries, script, version)
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text


# ---- import ---------------------------------------------------------------


def _safe_parse(data: bytes, name: str) -> etree._Element:
    """Parse XML with every entity and DTD feature off; hostile files are refused."""
    import defusedxml
    import defusedxml.ElementTree as safe_et

    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden:
        raise FormatError("XML entity declarations refused (XXE or entity-expansion attack?); "
                          "nothing was read", name) from None
    except defusedxml.ExternalReferenceForbidden:
        raise FormatError("XML external reference refused; nothing was read", name) from None
    except defusedxml.DTDForbidden:
        raise FormatError("XML DTD refused", name) from None
    except safe_et.ParseError as err:
        line = err.position[0] if getattr(err, "position", None) else None
        raise FormatError(f"malformed XML: {err.msg if hasattr(err, 'msg') else err}".split(
            ": line")[0], name, line) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise FormatError(f"malformed XML: {err.msg}", name, err.lineno) from None


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _kids(node: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in node if _local(child) in names]


def _text(node: etree._Element) -> str:
    return "".join(node.itertext()).strip()


def _read_term(sec: etree._Element, entry: Entry, zh_script: str | None,
               name: str) -> Term | None:
    words = _kids(sec, "term")
    if not words or not _text(words[0]):
        raise FormatError("term section without a term", name, sec.sourceline)
    term = Term(_text(words[0]))
    if zh_script is not None:
        term.term, term.hant = zh_in(term.term, zh_script)
    for note in _kids(sec, "termNote"):
        kind, value = note.get("type"), _text(note)
        if kind == "administrativeStatus":
            term.status = _ADMIN_BACK.get(value.lower(), TermStatus.ADMITTED)
        elif kind == "partOfSpeech" and entry.pos is None:
            entry.pos = value
        elif kind == "termType":
            term.type = value
    for group in _kids(sec, "descripGrp"):
        _read_context(group, entry)
    notes = [_text(n) for n in _kids(sec, "note") if _text(n)]
    term.note = "\n".join(notes) or None
    return term


def _read_context(group: etree._Element, entry: Entry) -> None:
    context = [_text(d) for d in _kids(group, "descrip") if d.get("type") == "context"]
    source = [_text(a) for a in _kids(group, "admin") if a.get("type") == "source"]
    if not context:
        return
    where, _, number = (source[0] if source else "").rpartition(":")
    if not number.isdigit():
        where, number = (source[0] if source else ""), "0"
    entry.occurrences.append(Occurrence(where or "(unknown)", int(number), context[0]))


def _read_concept(node: etree._Element, name: str, default_status: EntryStatus) -> Parsed:
    entry = Entry(id=node.get("id") or "", status=default_status)
    has_status = False
    for child in node:
        kind, local = child.get("type"), _local(child)
        if local == "descrip" and kind == "subjectField":
            entry.subject = _text(child) or None
        elif local == "descrip" and kind == "definition":
            entry.definition = _text(child) or None
        elif local == "note" and _text(child).startswith(STATUS_PREFIX):
            entry.status = entry_status(_text(child)[len(STATUS_PREFIX):], name, child.sourceline)
            has_status = True
        elif local == "note" and _text(child):
            entry.note = _text(child) if entry.note is None else f"{entry.note}\n{_text(child)}"
        elif local == "transacGrp":
            dates = [_text(d) for d in _kids(child, "date")]
            entry.changed = dates[0] if dates else entry.changed
        elif local in ("langSec", "langSet"):
            _read_lang(child, entry, name)
    has_id = bool(entry.id)
    if not entry.id:
        entry.id = new_id(entry.zh[0].term) if entry.zh else "term"
    return Parsed(entry, node.sourceline, has_id=has_id, has_status=has_status)


def _read_lang(node: etree._Element, entry: Entry, name: str) -> None:
    lang = node.get(XML_LANG) or node.get("lang") or ""
    zh_script = script_of_lang(lang)
    if zh_script is None and not lang.lower().startswith("en"):
        return  # a language this glossary does not hold
    for child in _kids(node, "descrip"):
        if child.get("type") == "definition" and entry.definition is None:
            entry.definition = _text(child) or None
    for sec in _kids(node, "termSec", "tig", "ntig"):
        if _local(sec) == "ntig":
            sec = next(iter(_kids(sec, "termGrp")), sec)
        term = _read_term(sec, entry, zh_script, name)
        if term is not None:
            (entry.zh if zh_script is not None else entry.en).append(term)


def parse(data: bytes, name: str) -> list[Parsed]:
    root = _safe_parse(data, name)
    if _local(root) not in ("tbx", "martif"):
        raise FormatError(f"not a TBX file (root element <{_local(root)}>)", name,
                          root.sourceline)
    bodies = [b for t in _kids(root, "text") for b in _kids(t, "body")]
    if not bodies:
        raise FormatError("TBX file without text/body", name, root.sourceline)
    return [_read_concept(node, name, EntryStatus.CANDIDATE)
            for node in _kids(bodies[0], "conceptEntry", "termEntry")]
