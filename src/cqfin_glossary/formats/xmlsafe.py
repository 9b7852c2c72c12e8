"""Parse an XML file someone else wrote, refusing what could attack the reader.

defusedxml reads it first with entity declarations, external references and
network access refused (XXE, entity expansion); lxml then builds the tree with
DTD loading, entity resolution and network access off, for the line numbers
that errors and reports name.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from ..errors import FormatError

_DECLARED = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*"""
                       rb"""["']([A-Za-z0-9._:-]+)["']""")
_ENCODING = re.compile(r"""(encoding\s*=\s*)["'][^"']*["']""")


def safe_parse(data: bytes, name: str) -> etree._Element:
    """Parse XML with every entity and DTD feature off; hostile files are refused."""
    import defusedxml
    import defusedxml.ElementTree as safe_et

    data = _utf8(data, name)
    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden:
        raise FormatError("XML entity declarations refused (XXE or entity-expansion attack?); "
                          "nothing was read", name, _line_of(data, b"<!ENTITY")) from None
    except defusedxml.ExternalReferenceForbidden:
        raise FormatError("XML external reference refused; nothing was read", name,
                          _line_of(data, b"<!DOCTYPE")) from None
    except defusedxml.DTDForbidden:
        raise FormatError("XML DTD refused", name, _line_of(data, b"<!DOCTYPE")) from None
    except safe_et.ParseError as err:
        line = err.position[0] if getattr(err, "position", None) else None
        raise FormatError(f"malformed XML: {err.msg if hasattr(err, 'msg') else err}".split(
            ": line")[0], name, line) from None
    except (ValueError, LookupError) as err:  # what expat cannot decode (defusedxml's own
        # refusals are ValueErrors too, caught above)
        raise FormatError(f"cannot read the XML: {err}", name, 1) from None
    # huge_tree: Trados keeps the original document in one base64 text node, often over
    # libxml2's 10 MB; entities are screened above and the input is size-limited.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=True, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        reason = err.msg.split(", use XML_PARSE_HUGE")[0]  # libxml2's advice is not ours
        depth = re.match(r"Excessive depth in document: (\d+)", reason)
        if depth:
            reason = f"elements nested more than {depth.group(1)} deep"
        raise FormatError(f"malformed XML: {reason}", name, err.lineno) from None


def _line_of(data: bytes, mark: bytes) -> int | None:
    """The line where ``mark`` first stands (defusedxml's refusals say no position)."""
    at = data.find(mark)
    return data.count(b"\n", 0, at) + 1 if at >= 0 else None


def _utf8(data: bytes, name: str) -> bytes:
    """The file in UTF-8 when it declares another encoding: expat, which screens it, reads
    no multi-byte legacy encoding (GB18030, GBK, Big5), which Chinese files are often in."""
    declared = _DECLARED.match(data)
    if declared is None:
        return data  # UTF-8 or UTF-16 (with its byte-order mark), which both parsers read
    label = declared.group(1).decode("ascii")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        raise FormatError(f"unknown encoding {label!r} declared", name, 1) from None
    if codec in ("utf-8", "ascii"):
        return data
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise FormatError(f"not valid {label}, as the file declares", name, line) from None
    end = text.find("?>")
    return (_ENCODING.sub(r'\1"UTF-8"', text[:end], count=1) + text[end:]).encode("utf-8")


def local_name(node: etree._Element) -> str:
    """An element's name without its namespace ("" for a comment or processing instruction)."""
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def kids(node: etree._Element, *names: str) -> list[etree._Element]:
    """The children of ``node`` with one of ``names`` (local names, any namespace)."""
    return [child for child in node if local_name(child) in names]
