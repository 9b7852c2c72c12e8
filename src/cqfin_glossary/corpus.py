"""Corpus documents: read text, Markdown, HTML, PO, XLIFF, TMX and parallel files into
line-numbered segments.

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
import functools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EncodingError, FormatError, GlossaryError, InputError
from .filetypes import CAT_SUFFIXES
from .fsutil import check_regular
from .htmltext import html_text
from .textio import DecodedText, decode_bytes, read_text
from .textnorm import UNSAFE_CHARS

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PARALLEL_SUFFIXES = (".tsv", ".jsonl", ".json")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PARALLEL_SUFFIXES + CAT_SUFFIXES + (".po",)
STREAM_BYTES = 8 * 1024 * 1024      # above this a plain-text file is streamed in chunks
CHUNK_CHARS = 1024 * 1024           # characters per streamed chunk
_READ_BYTES = 1024 * 1024

_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile("[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+")
MAX_HTML_BYTES = 64 * 1024 * 1024  # no web page is larger; a bigger one is refused unparsed
# Terminal escape sequences (CSI, OSC) and the control and bidi characters left after them.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]{0,256}(?:\x07|\x1b\\)?")

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
    """Readable corpus files under ``paths`` (folders walked in name order, hidden ones skipped),
    each file once: one named twice (a/x.txt and a/../a/x.txt), or reached through a link
    to it beside it, was mined twice, its counts doubled."""
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [p for p in walk(path, on_error) if not _is_en_half(p)]
        elif os.path.lexists(path):
            found = [] if _is_en_half(path) else [path]
        else:
            on_error(InputError("no such file or folder", display_name(path)))
            continue
        for file in found:
            real = os.path.realpath(file)
            if real not in seen:
                seen.add(real)
                yield file


def walk(top: Path, on_error: OnError, suffixes: Iterable[str] = SUFFIXES) -> list[Path]:
    """The files under ``top`` with one of ``suffixes`` (corpus files by default), hidden
    ones left out, in name order, found by a loop, not recursion (no folder depth can
    exhaust the stack); links to folders are not followed (no cycles), and a file that is a
    FIFO, a device, a dangling link or a link out of ``top`` is reported and left out."""
    suffixes = tuple(suffixes)
    found, stack = [], [top]
    while stack:
        folder = stack.pop()
        try:
            names = os.listdir(folder)
        except OSError as err:
            on_error(InputError(f"cannot list: {err.strerror}", display_name(folder)))
            continue
        for name in names:
            path = folder / name
            if name.startswith("."):
                continue
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode):
                stack.append(path)
            elif path.suffix.lower() in suffixes:
                try:
                    check_regular(path, within=top)
                except InputError as err:
                    on_error(InputError(err.message, display_name(path)))
                    continue
                found.append(path)
    return sorted(found)


def display_name(path: Path | str) -> str:
    """A path as text that any output can hold: bytes undecodable as UTF-8 shown as \\xNN."""
    name = str(path)
    if name.isascii() or not any("\ud800" <= c <= "\udfff" for c in name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_en_half(path: Path) -> bool:
    """``name.en.txt`` is read together with its ``name.zh.txt``."""
    other = _half(path, ".en.txt")
    return other is not None and other.exists()


def may_be_parallel(path: Path) -> bool:
    """Whether ``path`` can hold documents with their English (a record, PO, XLIFF or TMX file,
    or the Chinese half of a pair), so that a pass over the parallel text opens no other file."""
    suffix = path.suffix.lower()
    if suffix in PARALLEL_SUFFIXES or suffix in CAT_SUFFIXES or suffix == ".po":
        return True
    other = _half(path, ".zh.txt")
    return other is not None and other.exists()


def _half(path: Path, suffix: str) -> Path | None:
    """The other half of ``name.zh.txt``/``name.en.txt`` whose own suffix is ``suffix``."""
    name = path.name.lower()
    other = {".zh.txt": ".en.txt", ".en.txt": ".zh.txt"}[suffix]
    return path.with_name(path.name[:-7] + other) if name.endswith(suffix) else None


def iter_documents(paths: Iterable[str | Path], on_error: OnError,
                   english: bool = True) -> Iterator[Document]:
    """Every document (or chunk) of the corpus; an unusable file is reported and skipped.
    ``english=False`` leaves the English half of each pair unread (see ``read_documents``)."""
    for path in iter_files(paths, on_error):
        try:
            for doc in read_documents(path, english):
                for note in doc.notes:
                    on_error(note)
                yield doc
        except GlossaryError as err:
            on_error(err)
        except RecursionError:
            on_error(FormatError("nested too deeply to read", display_name(path)))
        except (OSError, ValueError) as err:
            on_error(InputError(f"cannot read: {err}", display_name(path)))


def read_documents(path: Path, english: bool = True) -> Iterator[Document]:
    """The documents of one file, by format. ``english=False`` reads only the Chinese half of
    a pair, for a pass that looks at the Chinese alone: the same segments, no English, and
    no word on whether the English is its translation."""
    size = check_regular(path).st_size  # a FIFO or device is refused before it is opened
    suffix = path.suffix.lower()
    en_half, zh_half = _half(path, ".zh.txt"), _half(path, ".en.txt")
    if en_half is not None and en_half.exists():
        yield _read_aligned(path, en_half) if english else _read_plain(path)
    elif suffix in TEXT_SUFFIXES and size > STREAM_BYTES:
        _check_stream(path)  # the whole file decodes and has no huge line: then mine it
        yield from _stream_text(path)
    elif (other := en_half or zh_half) is not None:
        doc = _read_plain(path)
        doc.notes.append(ParallelNotice(f"no counterpart {other.name}; mined as monolingual",
                                        display_name(path)))
        yield doc
    elif suffix == ".po":
        yield _read_po(path)
    elif suffix in CAT_SUFFIXES:
        yield _read_units(path)
    elif suffix in PARALLEL_SUFFIXES:
        from .corpus_records import read_records  # imports this module: loaded on use

        yield from read_records(path)
    elif suffix in HTML_SUFFIXES and size > MAX_HTML_BYTES:
        raise InputError(f"HTML file too large ({size:,} bytes; the limit is "
                         f"{MAX_HTML_BYTES:,}); convert it to text", display_name(path))
    else:
        yield _read_plain(path, html_markup=suffix in HTML_SUFFIXES)


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_CONTROLS = re.compile(f"[{UNSAFE_CHARS}]")
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}\u061c\u200b-\u200f\u2060-\u2069\ufeff]")


def _checked(path: Path, decoded: DecodedText) -> DecodedText:
    if not decoded.text.strip():
        raise InputError("empty file, nothing to mine", display_name(path))
    sample = decoded.text[:8192]
    if len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise EncodingError("binary file, not text", display_name(path))
    return decoded


def _read_plain(path: Path, html_markup: bool = False) -> Document:
    decoded = _checked(path, read_text(path))
    text = html_text(decoded.text) if html_markup else decoded.text
    if not text.strip():
        raise InputError("no text outside the markup, nothing to mine", display_name(path))
    doc = Document(display_name(path), decoded.encoding, size=path.stat().st_size)
    doc.segments = _segments(text.splitlines(), 1)
    return _simplify(doc)


def clean(text: str) -> str:
    """Text fit for terms and snippets: terminal escape sequences and invisible format
    characters (bidi controls, zero-width spaces) dropped, every other control a space."""
    if _UNSAFE.search(text) is None:
        return text.strip()
    text = _INVISIBLE.sub("", _ESCAPES.sub("", text))
    return _CONTROLS.sub(" ", text).strip()


def _segments(lines: Iterable[str], first_line: int) -> list[Segment]:
    segments = (Segment(n, clean(line)) for n, line in enumerate(lines, first_line))
    return [seg for seg in segments if seg.text]


def _simplify(doc: Document) -> Document:
    """Convert Traditional segments to Simplified, keeping the original wording. Each segment
    is told apart by its own characters: a sample of the first 50 took a file that turned to
    Traditional after 60 lines for Simplified, and its Traditional terms were mined as they
    stood (數字人民幣試點擴大), the glossary's 数字人民币 unseen in them."""
    traditional = _traditional_chars()
    if not any(traditional.search(s.text) for s in doc.segments):
        return doc
    from .textnorm import to_simplified

    for seg in doc.segments:
        if traditional.search(seg.text):
            simple = to_simplified(seg.text)
            if simple != seg.text and len(simple) == len(seg.text):
                seg.original, seg.text = seg.text, simple
    return doc


@functools.cache
def _traditional_chars() -> re.Pattern[str]:
    """The characters OpenCC's t2s changes on their own: a segment holding none is Simplified
    (or written alike in both), and is not converted. Found once per process, one call."""
    from .textnorm import convert_many

    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000),
                              *range(0xF900, 0xFB00))]
    simple = convert_many(chars, "t2s")
    changed = [c for c, s in zip(chars, simple, strict=True) if c != s]
    return re.compile("[" + "".join(changed) + "]")


def _stream_text(path: Path) -> Iterator[Document]:
    """Decode a large file incrementally and yield it in chunks of about CHUNK_CHARS."""
    with path.open("rb") as handle:
        head = handle.read(_READ_BYTES)
        encoding = _detect(head, display_name(path))
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        buffer, line, chunk, data = "", 1, 0, head
        while data:
            try:
                buffer += decoder.decode(data)
            except UnicodeDecodeError:
                raise EncodingError(f"invalid {encoding} data", display_name(path),
                                    line) from None
            while len(buffer) >= CHUNK_CHARS:
                piece, buffer = _cut(buffer)
                yield _chunk_doc(path, encoding, piece, line, chunk)
                line, chunk = line + piece.count("\n"), chunk + 1
            data = handle.read(_READ_BYTES)
        buffer += decoder.decode(b"", final=True)
        if buffer.strip() or chunk == 0:
            yield _chunk_doc(path, encoding, buffer, line, chunk)


def _check_stream(path: Path) -> None:
    """Decode a large file once without keeping it, so that an encoding error or a line over
    the limit refuses the whole file before any part of it is mined."""
    from . import textio

    name = display_name(path)
    with path.open("rb") as handle:
        head = handle.read(_READ_BYTES)
        encoding = _detect(head, name)
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        run, line, data = 0, 1, head  # run: characters since the last newline
        while True:
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError:
                raise EncodingError(f"invalid {encoding} data", name, line) from None
            first, last = text.find("\n"), text.rfind("\n")
            if first >= 0:
                textio.check_lines(text[first + 1:last], name, line + 1)
            run = run + len(text) if first < 0 else max(run + first, len(text) - last - 1)
            if run > textio.MAX_LINE_CHARS:
                raise InputError(f"a line of over {textio.MAX_LINE_CHARS:,} characters; split the "
                                 "text into lines", name, line + text.count("\n"))
            run = run if first < 0 else len(text) - last - 1
            line += text.count("\n")
            if not data:
                return
            data = handle.read(_READ_BYTES)


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
    doc = Document(display_name(path), encoding, chunk=chunk,
                   size=len(text.encode(encoding, "replace")))
    # A chunk cut inside a line continues that line's number.
    doc.segments = _segments(text.split("\n"), line)
    return _simplify(doc)


def _pair(line: int, a: str, b: str) -> Segment | None:
    """A zh/en segment from two aligned strings, whichever side is Chinese."""
    a, b = clean(a), clean(b)
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


def _read_po(path: Path) -> Document:
    import polib

    from .formats.po import check_po_strings

    name = display_name(path)
    decoded = _checked(path, read_text(path))
    if _names_a_file(decoded.text):
        # polib.pofile takes a path or a text and would read the file this text names.
        raise FormatError("not a PO file: its whole content is the name of a file", name, 1)
    check_po_strings(decoded.text, name)  # polib silently drops an unterminated string
    try:
        po = polib.pofile(decoded.text)
    except (OSError, ValueError, UnicodeError) as err:
        raise FormatError(f"invalid PO file: {err}", name) from None
    doc = Document(name, decoded.encoding, parallel=True, size=path.stat().st_size)
    for entry in po:
        if entry.msgid and entry.msgstr:
            seg = _pair(entry.linenum, entry.msgid, entry.msgstr)
            if seg is not None:
                doc.segments.append(seg)
        elif entry.msgid and clean(entry.msgid):
            doc.segments.append(Segment(entry.linenum, clean(entry.msgid)))
    return _simplify(doc)


def _read_units(path: Path) -> Document:
    """An XLIFF or TMX file: each translated unit a zh/en pair (either direction), the
    source of an untranslated one a line of its own, as in a PO file."""
    from .segments_xml import read_units

    doc = Document(display_name(path), "xml", size=path.stat().st_size)
    for line, source, target in read_units(path):
        seg = _pair(line, source, target) if target else None
        if seg is None and clean(source):
            seg = Segment(line, clean(source))
        if seg is not None:
            doc.segments.append(seg)
    doc.parallel = any(seg.en for seg in doc.segments)
    return _simplify(doc)


def _names_a_file(text: str) -> bool:
    """What polib checks (os.path.isfile on the very text) before it reads a path."""
    try:
        return os.path.isfile(text)
    except (TypeError, ValueError, UnicodeError):
        return False
