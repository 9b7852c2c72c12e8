"""Find glossary terms in text with one Aho-Corasick automaton per language, longest match first.

Chinese terms match in Simplified and every derived Traditional spelling.
English terms match case-insensitively on whole words, tolerant of plurals
and simple inflection: text and terms are both rewritten as a chain of word
keys (``<loan><balanc>``, see wordkeys), so a match can only start and end on a word.
What the automatons hold is made once per glossary (matchvalues).
pyahocorasick's ``iter_long`` has known misses (upstream issues #133, #185),
so leftmost-longest selection is done here over the complete ``iter`` output.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from .gcpause import paused_gc
from .matchvalues import (
    BOUND_MAX,
    Rendering,
    _automaton,
    _blockers,
    _dictionary,
    _edge_words,
    _en_values,
    _english_of,
    _may_clash,
    _probes,
    _summary,
    _zh_values,
    as_written,
)
from .model import Entry, EntryStatus
from .searchkeys import zh_forms
from .textnorm import CJK_CLASS
from .wordkeys import (
    _KEYS,
    _LEAD,
    _has_joiner,
    _joined,
    _term_chain,
    compounds,
    english_chain,
    stem,
    term_chain,
    written_form,
)
from .wordkeys import tokens as text_tokens

# Bump when the pickled layout or the key scheme changes, so old caches are ignored.
MATCHER_VERSION = 23


class Concept(NamedTuple):
    """What matching and checking need to know of one entry.

    A named tuple with its two derived fields worked out once: check meets a new
    concept for most missing terms, and a frozen dataclass of frozen renderings
    cost four times as much to make.
    """

    id: str
    status: str
    zh: str
    renderings: tuple[Rendering, ...]
    english: str | None  # the preferred rendering, else the first admitted one
    approved: tuple[str, ...]  # the preferred and admitted renderings, in the entry's order

    @classmethod
    def of(cls, cid: str, status: str, zh: str,
           renderings: Iterable[tuple[str, str, str | None]]) -> Concept:
        # Rendering._make and tuple.__new__, not the named tuples' own __new__: with two
        # generator passes that made a concept cost 3 µs, most of a missing term's in check.
        made = tuple(map(Rendering._make, renderings))
        return tuple.__new__(cls, (cid, status, zh, made, *_english_of(made)))


class Hit(NamedTuple):
    """One term found in a text: ``text[start:end]`` is ``matched``.

    A named tuple, not a frozen dataclass: made once per hit, it is built three
    times faster, and annotate makes one for every term of a long text.
    """

    start: int
    end: int
    lang: str
    matched: str
    form: str  # the glossary spelling the match stands for
    ids: tuple[str, ...]  # entries with that spelling (homographs give several)
    status: str  # the term's status in its entry (preferred, admitted, deprecated, ...)
    type: str | None = None


Span = tuple[int, int, Any]  # start, end, the automaton's value for the term


def _leftmost_longest(found: Iterable[tuple[int, Any]], general: list[tuple[int, int]]
                      ) -> list[Span]:
    """Leftmost-longest, non-overlapping: a term inside a longer matched one is no hit.

    The automaton reports matches by where they end. The spans chosen so far stay
    in start order; a match that starts after the last one ends is added; one that
    starts inside it loses; one that starts at or before its start replaces every
    span it covers, unless an earlier span reaches into it. That is the choice of
    sorting by (start, longest first) and scanning, without the sort or a tuple per
    match (tests/test_match_automaton.py holds it to a brute-force reference).
    A value whose length is negative is a general word: its span goes to ``general``.
    """
    chosen: list[Span] = []
    push = chosen.append
    top_start = top_end = -1
    for end, value in found:
        end += 1
        n = value[0]
        if n < 0:
            general.append((end + n, end))
            continue
        start = end - n
        if start >= top_end:
            push((start, end, value))
            top_start = start
            top_end = end
        elif start <= top_start:
            i = len(chosen) - 2
            while i >= 0 and chosen[i][0] >= start:
                i -= 1
            if i < 0 or chosen[i][1] <= start:
                del chosen[i + 1:]
                push((start, end, value))
                top_start = start
                top_end = end
    return chosen


def _unbound(chosen: list[Span], general: list[tuple[int, int]]) -> list[Span]:
    """Drop a short term inside a longer general word (贷款 in 贷款人, 通道 in 绿色通道).

    A general word only wins when it crosses no other term's edge, so it can
    never hide a term next to it (贷款 + 人民币 in 贷款人民币).
    """
    if not chosen:
        return chosen
    starts = [c[0] for c in chosen]
    drop: set[int] = set()
    for lo, hi in general:
        i = bisect_left(starts, lo)
        crossing = i > 0 and chosen[i - 1][1] > lo
        inside = []
        while i < len(chosen) and chosen[i][0] < hi:
            crossing = crossing or chosen[i][1] > hi
            inside.append(i)
            i += 1
        if not crossing:
            drop.update(k for k in inside if chosen[k][1] - chosen[k][0] <= BOUND_MAX)
    return [c for k, c in enumerate(chosen) if k not in drop] if drop else chosen


# Full-width forms of the printable ASCII characters (Ａ for A, ３ for 3), as Chinese text
# writes the digits and letters of a name: ３３６１８.
_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}


# Quotes Chinese text puts round a programme's code: “33618”现代制造业集群体系.
_CODE_QUOTES = (("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"), ("‘", "’"))
_LEADING_CODE = re.compile(f"([0-9A-Za-z]{{2,}})(?=[{CJK_CLASS}])")


def _with_full_width(forms: Iterable[str]) -> list[str]:
    """Each spelling of a Chinese term, and where it holds ASCII (33618现代制造业集群体系,
    5G, CIPS) its full-width twin: '３３６１８现代制造业集群体系' fell back to the shorter
    term 现代制造业 inside it, and the real term went unchecked. A term that opens on a
    code has it in quotes too, as the texts write it (“33618”现代制造业集群体系 and
    「33618」現代製造業集群體系 fell back the same way)."""
    out = list(forms)
    for form in list(out):
        code = _LEADING_CODE.match(form)
        if code:
            out += [f"{a}{code[1]}{b}{form[code.end():]}" for a, b in _CODE_QUOTES]
    out += [wide for wide in (f.translate(_FULL_WIDTH) for f in out) if wide not in out]
    return out


def _uncrossed(found: Iterable[tuple[int, Any]], text: str, edges: frozenset[str]
               ) -> Iterator[tuple[int, Any]]:
    """The automaton's matches less each two-character term with a general word across both
    its edges (``edges``): in 推行长期 the reader sees 推行 + 长期, not 行长 (bank president),
    which also took the characters of 长效机制 from leftmost-longest in 银行长效机制. One
    crossing word is not enough: 行长期间 (the president's term of office) holds 长期."""
    for end, value in found:
        if value[0] == 2 and text[end - 2:end] in edges and text[end:end + 2] in edges:
            continue
        yield end, value


class Concepts(Mapping[str, Concept]):
    """Concepts by entry id, built on first access from plain tuples.

    Unpickling 100,000 dataclass instances took ~2.7 s, ten times the automaton
    itself; tuples load fast and a check only ever touches a few concepts.
    """

    def __init__(self, raw: dict[str, tuple[Any, ...]]):
        self._raw = raw
        self._made: dict[str, Concept] = {}

    def __getitem__(self, key: str) -> Concept:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = Concept.of(*self._raw[key])
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Concepts, (self._raw,))


class Matcher:
    """Both automatons and the concepts they point to; build once, use on many texts.

    ``edges``: the general words that can cross a two-character term's edges (see
    matchvalues._edge_words)."""

    def __init__(self, concepts: dict[str, tuple[Any, ...]], zh: Any, en: Any,
                 edges: frozenset[str] = frozenset()):
        self.concepts = Concepts(concepts)
        self._zh = zh
        self._en = en
        self._edges = edges

    def __reduce__(self) -> tuple[Any, ...]:
        return (Matcher, (self.concepts._raw, self._zh, self._en, self._edges))

    @classmethod
    def from_entries(cls, entries: Iterable[Entry], include_candidates: bool = False) -> Matcher:
        wanted = {EntryStatus.APPROVED} | ({EntryStatus.CANDIDATE} if include_candidates else set())
        concepts: dict[str, tuple[Any, ...]] = {}
        zh_keys: dict[str, dict[str, str]] = {}  # spelling -> {entry id: term status}
        en_keys: dict[str, tuple[str, dict[str, tuple[str, str | None]]]] = {}
        # Each chain's spellings as written: two that one chain reads alike may belong to
        # two statuses ('People's Bank' admitted, 'Peoples Bank' deprecated) or two entries
        # ('cross-border finance', 'cross-border financing'); see _en_values.
        spellings: dict[str, dict[str, tuple[str, dict[str, tuple[str, str | None]]]]] = {}
        for entry in entries:
            if entry.status not in wanted or not entry.zh:
                continue
            renderings = tuple((t.term, t.status.value, t.type) for t in entry.en)
            concepts[entry.id] = (entry.id, entry.status.value, entry.headword, renderings)
            status = {t.term: t.status.value for t in entry.zh}
            for term in entry.zh:
                for form in _with_full_width(zh_forms(Entry(entry.id, zh=[term]))):
                    zh_keys.setdefault(form, {}).setdefault(entry.id, status[term.term])
            for term_text, term_status, term_type in renderings:
                chain = _term_chain(term_text)
                if chain:
                    en_keys.setdefault(chain, (term_text, {}))[1].setdefault(
                        entry.id, (term_status, term_type))
                    spellings.setdefault(chain, {}).setdefault(
                        written_form(term_text), (term_text, {}))[1].setdefault(
                        entry.id, (term_status, term_type))
        # General words that hold a short term share the terms' automaton, as values of
        # one negative length: a text is scanned once for both (the scan is most of
        # annotate's time).
        notes = {cid: _summary(concept) for cid, concept in concepts.items()}
        en_values = _en_values(en_keys, notes, spellings)
        en_auto = _automaton(en_values)
        may_clash = _may_clash(zh_keys, en_values)
        # never settled: a pair with such a spelling needs the words read (qa._check_pair)
        may_clash.update(i for value in en_values.values() if value[5] for i in value[2])
        values = _zh_values(zh_keys, notes, may_clash,
                            _probes(en_values, en_auto, may_clash))
        rows = _dictionary() if any(len(form) <= BOUND_MAX for form in zh_keys) else []
        values.update((w, (-len(w),)) for w in _blockers(zh_keys, rows))
        return cls(concepts, _automaton(values), en_auto, _edge_words(zh_keys, rows))

    # The span finders hold no paused_gc of their own: they run once per segment inside
    # the caller's pause, where one would cost more than the collector it holds off.
    def zh_spans(self, text: str) -> list[Span]:
        """The Chinese terms of ``text`` as (start, end, value), in reading order."""
        if self._zh is None:
            return []
        general: list[tuple[int, int]] = []
        found = self._zh.iter(text)
        if self._edges:
            found = _uncrossed(found, text, self._edges)
        chosen = _leftmost_longest(found, general)
        return _unbound(chosen, general) if general else chosen

    def zh_entries(self, text: str) -> set[str]:
        """The entries of every Chinese term in ``text``, those that the longest-first choice
        of ``zh_spans`` leaves out for overlapping another included."""
        if self._zh is None:
            return set()
        return {i for _, value in self._zh.iter(text) if value[0] > 0 for i in value[2]}

    def en_terms(self, text: str) -> list[Span]:
        """The English terms of ``text`` in reading order, as spans of its word-key chain.

        For a caller that needs the terms, not where they stand: ``en_spans`` gives the
        same list (same order, same values) with text offsets.
        """
        return self.chain_terms(english_chain(text), compounds(text))

    def chain_terms(self, chain: str, joined: frozenset[int] | None = None) -> list[Span]:
        """``en_terms`` of the text whose word-key chain (english_chain) is ``chain`` and whose
        hyphenated compounds are ``joined`` (see ``compounds``)."""
        if self._en is None:
            return []
        found = self._en.iter(chain)
        return _leftmost_longest(_outside_compounds(found, joined) if joined else found, [])

    def en_spans(self, text: str) -> list[Span]:
        """The English terms of ``text`` as (start, end, value), in reading order."""
        tokens, chain, chosen = self._en_chosen(text)
        if not chosen:
            return chosen
        # Chain offsets back to text offsets, only for the words a term matched: every
        # key ends in ">", so counting them says which token a chain offset is in.
        text_end = list(accumulate(map(len, tokens)))
        gaps = _KEYS.gaps
        spans = []
        count = chain.count
        keys = at = 0
        for s, e, value in chosen:
            first = keys = keys + count(">", at, s)
            keys += count(">", s, e)
            at = e
            token = tokens[first]
            gap = gaps.get(token)
            if gap is None:  # the cache was emptied while this text was read
                gap = _LEAD.match(token).end()  # type: ignore[union-attr]
            start, end = text_end[first] - len(token) + gap, text_end[keys - 1]
            if value[5]:  # spellings the chain reads alike: the text's decides (annotate)
                value = as_written(value, written_form(text[start:end]))
            spans.append((start, end, value))
        return spans

    def en_quote(self, text: str, span: Span) -> str:
        """The words of ``text`` that a span of ``en_terms`` (offsets in the word-key chain)
        stands for, as written: what a problem quotes, without scanning the text again."""
        tokens = text_tokens(text)
        chain = english_chain(text)  # the chain en_terms scanned; its keys end in ">"
        first, last = chain.count(">", 0, span[0]), chain.count(">", 0, span[1])
        start = sum(map(len, tokens[:first])) + _LEAD.match(tokens[first]).end()  # type: ignore[union-attr]
        return text[start:sum(map(len, tokens[:last]))]

    def _en_chosen(self, text: str) -> tuple[list[str], str, list[Span]]:
        """The tokens of ``text``, its word-key chain and the terms chosen in the chain."""
        if self._en is None:
            return [], "", []
        tokens = text_tokens(text)
        if not tokens:
            return tokens, "", []
        keys = list(map(_KEYS.__getitem__, tokens))
        chain = "".join(keys)
        joined = _joined(tokens, keys) if _has_joiner(text) else None
        found = self._en.iter(chain)
        return tokens, chain, _leftmost_longest(
            _outside_compounds(found, joined) if joined else found, [])

    def spans(self, text: str) -> list[Span]:
        """Chinese and English terms in reading order; ``value[-1]`` is the term's note."""
        with paused_gc():
            zh, en = self.zh_spans(text), self.en_spans(text)
        if not en or not zh:  # each list is in reading order already
            return zh or en
        return sorted(zh + _outside(en, zh), key=itemgetter(0))  # stable, by start

    def find_zh(self, text: str) -> list[Hit]:
        # tuple.__new__ skips the named tuple's Python-level __new__: a third of a hit's cost.
        make = tuple.__new__
        with paused_gc():
            return [make(Hit, (s, e, "zh", text[s:e], v[1], v[2], v[3], None))
                    for s, e, v in self.zh_spans(text)]

    def find_en(self, text: str) -> list[Hit]:
        make = tuple.__new__
        with paused_gc():
            return [make(Hit, (s, e, "en", text[s:e], v[1], v[2], v[3], v[4]))
                    for s, e, v in self.en_spans(text)]

    def find(self, text: str) -> list[Hit]:
        """Chinese and English terms in reading order."""
        zh, en = self.find_zh(text), self.find_en(text)
        if not en or not zh:  # each list is in reading order already
            return zh or en
        return sorted(zh + _outside(en, zh), key=itemgetter(0))  # stable, by start


# a hyphen between two word characters: the joint of a compound
def _outside_compounds(found: Iterable[tuple[int, Any]], joined: frozenset[int]
                       ) -> Iterator[tuple[int, Any]]:
    """The automaton's matches that do not start on a hyphen-joined word; general words
    (negative lengths) pass."""
    for end, value in found:
        n = value[0]
        if n < 0 or end + 1 - n not in joined:
            yield end, value


def _outside(en: list[Any], zh: list[Any]) -> list[Any]:
    """The English spans that overlap no Chinese span. A term written alike in both languages
    (5G, CIPS) matches in both automata; it is one term in the text, annotated once, as the
    source term. Both lists are in reading order and free of overlaps within themselves."""
    kept, k = [], 0
    for span in en:
        start, end = span[0], span[1]
        while k < len(zh) and zh[k][1] <= start:
            k += 1
        if k == len(zh) or zh[k][0] >= end:
            kept.append(span)
    return kept


def _cache_file(root: Path, include_candidates: bool) -> Path:
    from .index import cache_path

    base = Path(cache_path(str(root)))
    return base.with_name(base.stem.replace("index-", "matcher-")
                          + ("-all" if include_candidates else "") + ".pickle")


def _glossary_digest(root: Path) -> str:
    from .fsutil import read_limited
    from .store import require_files
    from .yamlio import MAX_FILE_BYTES

    digest = hashlib.sha256(f"v{MATCHER_VERSION}".encode())
    for path in require_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(read_limited(path, MAX_FILE_BYTES)).digest())
    return digest.hexdigest()


def _read_cache(cache: Path, digest: str) -> Matcher | None:
    """The cached matcher if it was built from these very files; a bad cache is just a miss."""
    try:
        with cache.open("rb") as handle:
            # The cache lives in the user's own cache folder, written only by load_matcher.
            key, matcher = pickle.load(handle)
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError,
            pickle.UnpicklingError):
        return None
    return matcher if key == digest and isinstance(matcher, Matcher) else None


def load_matcher(root: Path | str, include_candidates: bool = False,
                 use_cache: bool = True) -> Matcher:
    """The matcher of a glossary folder, compiled once and cached by the files' content hashes.

    Deriving Traditional spellings costs ~60 µs per entry (OpenCC), several
    seconds at 100k entries; a cache hit skips both that and the YAML parse.
    """
    from . import store
    from .fsutil import atomic_write_bytes

    root = Path(root)
    digest = _glossary_digest(root)
    cache = _cache_file(root, include_candidates)
    cached = _read_cache(cache, digest) if use_cache else None
    if cached is not None:
        return cached
    matcher = Matcher.from_entries(store.load(root), include_candidates)
    if use_cache:
        with contextlib.suppress(OSError):  # a read-only cache folder only costs speed
            atomic_write_bytes(cache, pickle.dumps((digest, matcher), protocol=4))
    return matcher


__all__ = ["Concept", "Hit", "Matcher", "Rendering", "compounds", "english_chain", "load_matcher",
           "paused_gc", "stem", "term_chain"]
