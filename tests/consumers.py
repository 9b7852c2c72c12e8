"""The real consumers of each export, as test helpers: official TBX-Basic schemas, DeepL, csv2po.

The TBX-Basic schemas are the official ones (tests/data/tbx/SOURCES.md): the
core-structure RelaxNG run by lxml, and the dialect's Schematron (XSLT 2 rules)
compiled by SchXslt2 and run by SaxonC-HE (saxonche), since lxml runs XSLT 1 only.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "data" / "tbx"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


@functools.cache
def _relaxng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))


@functools.cache
def _schematron() -> tuple[Any, Any]:
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    xslt = processor.new_xslt30_processor()
    compiler = xslt.compile_stylesheet(stylesheet_file=str(SCHEMAS / "schxslt2-transpile.xsl"))
    rules = compiler.transform_to_string(source_file=str(SCHEMAS / "TBX-Basic_DCA.sch"))
    return processor, xslt.compile_stylesheet(stylesheet_text=rules)


@functools.cache
def _relaxng_v2() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXBasicRNGV02.rng")))


def tbx_basic_v2_errors(path: Path) -> list[str]:
    """Every error the official TBX-Basic v2 RelaxNG reports for a martif file."""
    schema = _relaxng_v2()
    return [] if schema.validate(etree.parse(str(path))) else [
        f"rng: line {e.line}: {e.message}" for e in schema.error_log]


def tbx_basic_errors(path: Path) -> list[str]:
    """Every error the official TBX-Basic RelaxNG and Schematron report for a TBX v3 file."""
    schema = _relaxng()
    errors = [] if schema.validate(etree.parse(str(path))) else [
        f"rng: line {e.line}: {e.message}" for e in schema.error_log]
    _, rules = _schematron()
    report = etree.fromstring(rules.transform_to_string(source_file=str(path)).encode("utf-8"))
    for failed in report.iter(f"{SVRL}failed-assert"):
        text = " ".join("".join(failed.itertext()).split())
        errors.append(f"sch: {failed.get('location')}: {text}")
    return errors


def deepl_entries(text: str) -> dict[str, str]:
    """The glossary as DeepL's own client reads it (raises ValueError where DeepL would)."""
    from deepl.util import convert_tsv_to_dict

    return dict(convert_tsv_to_dict(text))


def ttk(tool: str, source: Path, target: Path, *extra: str) -> None:
    """Run a translate-toolkit converter (csv2po, csv2tbx, po2tbx) the way a user would."""
    script = Path(sys.executable).parent / tool
    done = subprocess.run([str(script), *extra, str(source), str(target)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
