"""Corpus documents: read text, Markdown, HTML, PO and parallel files into line-numbered segments.

A document is a list of segments (1-based line, text, optional aligned English).
``name.zh.txt`` with ``name.en.txt`` is one document whose English lines are
kept apart (``Document.english``): the two sides are aligned only as wholes,
and the miner aligns their sentences itself. A pair that cannot be a
translation (one side missing, empty, in the wrong language or of a very
different length) is mined as monolingual, with a ``ParallelNotice`` saying why.
Files larger than ``STREAM_BYTES`` are decoded incrementally and yielded as
several documents (chunks) so that memory stays bounded even for a 200 MB
single line. Traditional Chinese is mined through Simplified (OpenCC) while
the original wording is kept for occurrences.
"""

from __future__ import annotations

import codecs
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EncodingError, FormatError, GlossaryError, InputError
from .textio import DecodedText, decode_bytes, read_text

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PARALLEL_SUFFIXES = (".tsv", ".jsonl", ".json")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PARALLEL_SUFFIXES + (".po",)
STREAM_BYTES = 8 * 1024 * 1024      # above this a plain-text file is streamed in chunks
CHUNK_CHARS = 1024 * 1024           # characters per streamed chunk
_READ_BYTES = 1024 * 1024

_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile("[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+")
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)

OnError = Callable[[GlossaryError], None]
# English letters per Chinese character in a translation: about 3 in policy text; a pair
# outside these bounds is not one text and its translation.
EN_PER_ZH = (0.8, 12.0)


class ParallelNotice(InputError):
    """A parallel document read as monolingual: reported, but mined, not skipped."""


@dataclass
class Segment:
    """One line (or aligned pair) of a document; ``text`` is Simplified for mining."""

    line: int
    text: str
    en: str | None = None
    original: str | None = None  # the Traditional wording when ``text`` was converted


@dataclass
class Document:
    source: str
    encoding: str
    segments: list[Segment] = field(default_factory=list)
    parallel: bool = False
    record: int = 0  # 1, 2, ... for the records of a .tsv/.jsonl/.json corpus: one document each
    chunk: int = 0
    size: int = 0  # bytes of input this document stands for (progress reporting)
    english: list[Segment] = field(default_factory=list)  # the other side, aligned as a whole
    notes: list[GlossaryError] = field(default_factory=list)  # reported, not fatal


def cjk_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of every run of Chinese characters."""
    return [m.span() for m in _CJK_RUN.finditer(text)]


_NOT_LATIN = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def latin_letters(text: str) -> int:
    """How many of the characters of ``text`` are the letters A-Z and a-z (counted in C)."""
    return len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))


def cjk_ratio(text: str) -> float:
    """Share of Chinese among the letters and characters of ``text``."""
    cjk = sum(e - s for s, e in cjk_spans(text))
    latin = len(_LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def sentences(text: str) -> list[str]:
    """Split at Chinese and Western sentence ends, keeping the punctuation."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def iter_files(paths: Iterable[str | Path], on_error: OnError) -> Iterator[Path]:
    """Readable corpus files under ``paths`` (folders walked in name order, hidden ones skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and
                           p.suffix.lower() in SUFFIXES and
                           not any(part.startswith(".") for part in p.relative_to(path).parts))
            yield from (p for p in found if not _is_en_half(p))
        elif path.exists():
            if not _is_en_half(path):
                yield path
        else:
            on_error(InputError("no such file or folder", str(path)))


def _is_en_half(path: Path) -> bool:
    """``name.en.txt`` is read together with its ``name.zh.txt``."""
    name = path.name
    return name.endswith(".en.txt") and path.with_name(name[:-7] + ".zh.txt").exists()


def _half(path: Path, suffix: str) -> Path | None:
    """The other half of ``name.zh.txt``/``name.en.txt`` whose own suffix is ``suffix``."""
    name = path.name.lower()
    other = {".zh.txt": ".en.txt", ".en.txt": ".zh.txt"}[suffix]
    return path.with_name(path.name[:-7] + other) if name.endswith(suffix) else None


def iter_documents(paths: Iterable[str | Path], on_error: OnError) -> Iterator[Document]:
    """Every document (or chunk) of the corpus; an unusable file is reported and skipped."""
    for path in iter_files(paths, on_error):
        try:
            for doc in read_documents(path):
                for note in doc.notes:
                    on_error(note)
                yield doc
        except GlossaryError as err:
            on_error(err)
        except (OSError, ValueError) as err:
            on_error(InputError(f"cannot read: {err}", str(path)))


def read_documents(path: Path) -> Iterator[Document]:
    """The documents of one file, by format."""
    suffix = path.suffix.lower()
    en_half, zh_half = _half(path, ".zh.txt"), _half(path, ".en.txt")
    if en_half is not None and en_half.exists():
        yield _read_aligned(path, en_half)
    elif suffix in TEXT_SUFFIXES and path.stat().st_size > STREAM_BYTES:
        yield from _stream_text(path)
    elif (other := en_half or zh_half) is not None:
        doc = _read_plain(path)
        doc.notes.append(ParallelNotice(f"no counterpart {other.name}; mined as monolingual",
                                        str(path)))
        yield doc
    elif suffix == ".po":
        yield _read_po(path)
    elif suffix in PARALLEL_SUFFIXES:
        yield from _read_records(path)
    else:
        yield _read_plain(path, html_markup=suffix in HTML_SUFFIXES)


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def _checked(path: Path, decoded: DecodedText) -> DecodedText:
    if not decoded.text.strip():
        raise InputError("empty file, nothing to mine", str(path))
    sample = decoded.text[:8192]
    if len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise EncodingError("binary file, not text", str(path))
    return decoded


def _read_plain(path: Path, html_markup: bool = False) -> Document:
    decoded = _checked(path, read_text(path))
    text = _strip_html(decoded.text) if html_markup else decoded.text
    doc = Document(str(path), decoded.encoding, size=path.stat().st_size)
    doc.segments = _segments(text.splitlines(), 1)
    return _simplify(doc)


def _strip_html(text: str) -> str:
    """Drop tags, scripts and comments but keep every newline so line numbers stay true."""
    return html.unescape(_TAG.sub(lambda m: "\n" * m.group().count("\n"), text))


def _segments(lines: Iterable[str], first_line: int) -> list[Segment]:
    return [Segment(n, line.strip()) for n, line in enumerate(lines, first_line) if line.strip()]


def _simplify(doc: Document) -> Document:
    """Convert Traditional segments to Simplified, keeping the original wording."""
    sample = "".join(s.text for s in doc.segments[:50])[:4000]
    if not sample or not _CJK_RUN.search(sample):
        return doc
    from .textnorm import to_simplified

    if to_simplified(sample) == sample:
        return doc
    for seg in doc.segments:
        simple = to_simplified(seg.text)
        if simple != seg.text and len(simple) == len(seg.text):
            seg.original, seg.text = seg.text, simple
    return doc


def _stream_text(path: Path) -> Iterator[Document]:
    """Decode a large file incrementally and yield it in chunks of about CHUNK_CHARS."""
    with path.open("rb") as handle:
        head = handle.read(_READ_BYTES)
        encoding = _detect(head, str(path))
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        buffer, line, chunk, data = "", 1, 0, head
        while data:
            try:
                buffer += decoder.decode(data)
            except UnicodeDecodeError:
                raise EncodingError(f"invalid {encoding} data", str(path), line) from None
            while len(buffer) >= CHUNK_CHARS:
                piece, buffer = _cut(buffer)
                yield _chunk_doc(path, encoding, piece, line, chunk)
                line, chunk = line + piece.count("\n"), chunk + 1
            data = handle.read(_READ_BYTES)
        buffer += decoder.decode(b"", final=True)
        if buffer.strip() or chunk == 0:
            yield _chunk_doc(path, encoding, buffer, line, chunk)


def _detect(head: bytes, name: str) -> str:
    """The encoding of a file from its first bytes (a multibyte character may be cut at the end)."""
    last: GlossaryError | None = None
    for cut in range(4):
        try:
            return decode_bytes(head[: len(head) - cut], name).encoding
        except EncodingError as err:
            last = err
    assert last is not None
    raise last


def _cut(buffer: str) -> tuple[str, str]:
    """Split at the last newline, else the last sentence end, else hard, at most CHUNK_CHARS."""
    window = buffer[:CHUNK_CHARS]
    at = window.rfind("\n") + 1
    if at <= 0:
        ends = [window.rfind(p) for p in "。！？；.!?"]
        at = max(ends) + 1
    if at <= CHUNK_CHARS // 2:
        at = CHUNK_CHARS
    return buffer[:at], buffer[at:]


def _chunk_doc(path: Path, encoding: str, text: str, line: int, chunk: int) -> Document:
    doc = Document(str(path), encoding, chunk=chunk, size=len(text.encode(encoding, "replace")))
    # A chunk cut inside a line continues that line's number.
    doc.segments = [Segment(line + n, part.strip()) for n, part in enumerate(text.split("\n"))
                    if part.strip()]
    return _simplify(doc)


def _pair(line: int, a: str, b: str) -> Segment | None:
    """A zh/en segment from two aligned strings, whichever side is Chinese."""
    a, b = a.strip(), b.strip()
    if not a or not b:
        return None
    zh, en = (a, b) if cjk_ratio(a) >= cjk_ratio(b) else (b, a)
    return Segment(line, zh, en)


def _read_aligned(zh_path: Path, en_path: Path) -> Document:
    """A Chinese document with its English translation, aligned only as a whole."""
    doc = _read_plain(zh_path)
    doc.parallel = True
    try:
        en = read_text(en_path)
    except GlossaryError as err:
        return _monolingual(doc, f"{en_path.name} unreadable ({err.message})")
    doc.english = _segments(en.text.splitlines(), 1)
    problem = _mismatch(doc.segments, doc.english, en_path.name)
    return _monolingual(doc, problem) if problem else doc


def _mismatch(zh: list[Segment], en: list[Segment], en_name: str) -> str | None:
    """Why the two sides cannot be one text and its translation, or None."""
    zh_text, en_text = "".join(s.text for s in zh), "".join(s.text for s in en)
    if not en_text.strip():
        return f"{en_name} is empty"
    han, latin = _wide(zh_text), latin_letters(en_text)
    if han < latin_letters(zh_text):
        return "the Chinese side is not Chinese"
    if _wide(en_text) > 0.2 * latin:
        return f"{en_name} is not English"
    ratio = latin / max(1, han)
    if not EN_PER_ZH[0] <= ratio <= EN_PER_ZH[1]:
        return (f"{en_name} has {ratio:.2f} English letters per Chinese character "
                f"(a translation has {EN_PER_ZH[0]:g} to {EN_PER_ZH[1]:g})")
    return None


def _wide(text: str) -> int:
    """About how many Chinese characters: those of three bytes in UTF-8 (counted in C)."""
    return (len(text.encode("utf-8", "replace")) - len(text)) // 2


def _monolingual(doc: Document, why: str) -> Document:
    doc.english, doc.parallel = [], False
    doc.notes.append(ParallelNotice(f"{why}; mined as monolingual", doc.source))
    return doc


def _read_records(path: Path) -> Iterator[Document]:
    """TSV (zh and en columns, header optional) or JSON Lines / JSON array: each row or
    record is a document of its own (a news article, a translation unit), so document
    frequencies count records. A record with zh and en is an aligned pair; one without
    them is mined for the Chinese of its text fields (title, content...)."""
    decoded = _checked(path, read_text(path))
    if path.suffix.lower() == ".tsv":
        rows = _tsv_rows(decoded.text)
    else:
        rows = _json_rows(decoded.text, path)
    total = max(1, sum(len(zh) + len(en) for _, zh, en in rows))
    found = 0
    for line, zh, en in rows:
        segments = _record_segments(line, zh, en)
        if segments:
            found += 1
            size = path.stat().st_size * (len(zh) + len(en)) // total
            doc = Document(str(path), decoded.encoding, segments, parallel=bool(en.strip()),
                           record=found, size=size)
            yield _simplify(doc)
    if not found:
        raise FormatError("no zh/en pairs or Chinese text found (expected zh and en fields "
                          "or columns)", str(path))


def _record_segments(line: int, zh: str, en: str) -> list[Segment]:
    if en.strip():
        pair = _pair(line, zh, en)
        return [pair] if pair is not None else []
    return [Segment(line, text.strip()) for text in zh.splitlines()
            if text.strip() and _CJK_RUN.search(text)]


def _tsv_rows(text: str) -> list[tuple[int, str, str]]:
    lines = text.splitlines()
    cols = (0, 1)
    if lines:
        header = [h.strip().lower() for h in lines[0].split("\t")]
        if "zh" in header and "en" in header:
            cols, lines = (header.index("zh"), header.index("en")), ["", *lines[1:]]
    rows = []
    for n, line in enumerate(lines, 1):
        cells = line.split("\t")
        if len(cells) > max(cols):
            rows.append((n, cells[cols[0]], cells[cols[1]]))
        elif len(cells) == 1 and _CJK_RUN.search(line):  # one column: Chinese text alone
            rows.append((n, line, ""))
    return rows


def _json_rows(text: str, path: Path) -> list[tuple[int, str, str]]:
    stripped = text.lstrip()
    try:
        if stripped.startswith("["):
            items = [(1, obj) for obj in json.loads(text)]
        else:
            items = [(n, json.loads(line)) for n, line in enumerate(text.splitlines(), 1)
                     if line.strip()]
    except json.JSONDecodeError as err:
        raise FormatError(f"invalid JSON: {err.msg}", str(path), err.lineno) from None
    return [(n, *_json_texts(obj)) for n, obj in items if isinstance(obj, dict)]


def _json_texts(record: dict) -> tuple[str, str]:
    """The zh and en fields of a record; without them, its other text fields as Chinese."""
    if "zh" in record or "en" in record:
        return str(record.get("zh", "")), str(record.get("en", ""))
    return "\n".join(v for v in record.values() if isinstance(v, str)), ""


def _read_po(path: Path) -> Document:
    import polib

    decoded = _checked(path, read_text(path))
    try:
        po = polib.pofile(decoded.text)
    except (OSError, ValueError) as err:
        raise FormatError(f"invalid PO file: {err}", str(path)) from None
    doc = Document(str(path), decoded.encoding, parallel=True, size=path.stat().st_size)
    for entry in po:
        if entry.msgid and entry.msgstr:
            seg = _pair(entry.linenum, entry.msgid, entry.msgstr)
            if seg is not None:
                doc.segments.append(seg)
        elif entry.msgid:
            doc.segments.append(Segment(entry.linenum, entry.msgid.strip()))
    return _simplify(doc)
