"""Parse an XML file someone else wrote, refusing what could attack the reader.

defusedxml reads it first with entity declarations, external references and
network access refused (XXE, entity expansion); lxml then builds the tree with
DTD loading, entity resolution and network access off, for the line numbers
that errors and reports name.
"""

from __future__ import annotations

from lxml import etree

from ..errors import FormatError


def safe_parse(data: bytes, name: str) -> etree._Element:
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
        reason = err.msg
        if "Excessive depth" in reason:  # libxml2's advice to set XML_PARSE_HUGE is not ours
            reason = "elements nested more than 256 deep"
        raise FormatError(f"malformed XML: {reason}", name, err.lineno) from None
