"""Find glossary terms in text with one Aho-Corasick automaton per language, longest match first.

Chinese terms match in Simplified and every derived Traditional spelling.
English terms match case-insensitively on whole words, tolerant of plurals
and simple inflection: text and terms are both rewritten as a chain of word
keys (``<loan><balanc>``), so a match can only start and end on a word.
pyahocorasick's ``iter_long`` has known misses (upstream issues #133, #185),
so leftmost-longest selection is done here over the complete ``iter`` output.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from .gcpause import paused_gc
from .model import Entry, EntryStatus
from .searchkeys import zh_forms

# Bump when the pickled layout or the key scheme changes, so old caches are ignored.
MATCHER_VERSION = 17
APPROVED_RENDERING = ("preferred", "admitted")
# Terms this short are often bound morphemes of longer words (贷款 in 贷款人 "lender").
BOUND_MAX = 2
# Chinese quasi-prefixes (类前缀) derive new words from a short term, rendered with an English
# prefix, not the term's own rendering: 再贷款 relending, 非银行 non-bank,
# 反洗钱 anti-money laundering.
QUASI_PREFIXES = ("再", "非", "反", "超", "准", "伪", "副")
# What may stand between two words of one term: spaces and hyphens, nothing else.
_GAP = re.compile(r"[\s\-\u2010\u2011]*")
# A hyphen alone between two words makes one compound (high-tech, private-equity): a term
# may hold the whole compound (private equity in "private-equity funds") but not start
# inside it ("tech enterprises" is not in "high-tech enterprises"). It may end inside one:
# "RMB-denominated", "green finance-related" and "Branch-led" hold their terms whole. Two
# capitalised words are two names joined (Chengdu-Chongqing, China-Europe): either half
# may open a term.
JOINERS = "-\u2010\u2011\u2013"
# An en dash joins two words it stands between with no space (Land–Sea, Chengdu–Chongqing, as
# edited English writes compound names); with a space on either side it is a dash, an end.
EN_DASH = "\u2013"


class Rendering(NamedTuple):
    term: str
    status: str
    type: str | None = None


def preferred_rendering(renderings: Iterable[tuple[Any, ...]]) -> str | None:
    """The first preferred rendering of (term, status, ...) tuples, else the first admitted one."""
    return _english_of(renderings)[0]


def _english_of(renderings: Iterable[tuple[Any, ...]]) -> tuple[str | None, tuple[str, ...]]:
    """The preferred rendering (else the first admitted one) and every approved rendering in
    order, of (term, status, ...) tuples, in one plain loop: check asks it of most concepts
    with a missing term."""
    approved = []
    preferred = admitted = None
    for raw in renderings:
        term, status = raw[0], raw[1]
        if status == "preferred":
            approved.append(term)
            if preferred is None:
                preferred = term
        elif status == "admitted":
            approved.append(term)
            if admitted is None:
                admitted = term
    return preferred or admitted, tuple(approved)


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


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude inflection key: loans/loan, policies/policy, financed/financing/finance agree."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes", "zzes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "sis")):
        w = w[:-1]
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    # Undouble everywhere, so planned/plan and pass/passes land on the same key.
    if len(w) > 3 and w[-1] == w[-2] and w[-1].isalpha() and w[-1] not in "aeiou":
        w = w[:-1]
    return w


_WORD_CHARS = "0-9A-Za-z\u00c0-\u024f"
# A token is a word with the gap before it. Possessive quantifiers: no backtracking.
_TOKEN = re.compile(f"[^{_WORD_CHARS}]*+[{_WORD_CHARS}]++(?:['’][{_WORD_CHARS}]++)*+")
_LEAD = re.compile(f"[^{_WORD_CHARS}]*+")
TOKEN_CACHE_MAX = 1 << 17
CHUNK_CACHE_CHARS = 40  # longer runs of text between spaces are keyed afresh each time


class _TokenKeys(dict[str, str]):
    """Token -> its word key, with "|" ahead when the gap holds punctuation, which ends any term.

    Text repeats its tokens (" the", " loans"), so each costs one dict look-up in C
    after its first time; the gap's length is kept for the few tokens a term matched.
    """

    def __init__(self) -> None:
        super().__init__()
        self.gaps: dict[str, int] = {}

    def __missing__(self, token: str) -> str:
        if len(self) >= TOKEN_CACHE_MAX:
            self.clear()
            self.gaps.clear()
        gap = _LEAD.match(token).end()  # type: ignore[union-attr]  # matches the empty string
        key = self[token] = _token_key(token, gap)
        self.gaps[token] = gap
        return key


def _token_key(token: str, gap: int, after_space: bool = False) -> str:
    """``after_space``: the token opens a run of text between white space (see _chunk_key),
    so an en dash ahead of it has a space before it."""
    key = _word_key(token[gap:])
    if gap and token[:gap] != " " and not _GAP.fullmatch(token, 0, gap) and not (
            gap == 1 and token[0] == EN_DASH and not after_space):
        return "|" + key
    return key


_KEYS = _TokenKeys()


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return f"<{stem(word)}>"


def _chunk_key(chunk: str) -> str:
    """The keys of one run of text between white space, with "|" at either end where
    punctuation stands there (a lone hyphen is a gap, not an end: Land - Sea)."""
    if chunk.isascii() and chunk.isalnum():  # most runs: one plain word, no pattern needed
        return _word_key(chunk)
    tokens = _TOKEN.findall(chunk)
    if not tokens:
        return "" if _GAP.fullmatch(chunk) else "|"
    key = "".join(_token_key(t, _LEAD.match(t).end(), i == 0)  # type: ignore[union-attr]
                  for i, t in enumerate(tokens))
    tail = len(chunk) - sum(map(len, tokens))
    return key + "|" if tail and not _GAP.fullmatch(chunk, len(chunk) - tail) else key


class _ChunkKeys(dict[str, str]):
    """Run of text between white space -> its keys: str.split and one dict look-up in C
    per run read a text three times faster than the token pattern, and give the same
    chain once the pipes two runs put at their meeting point are made one."""

    def __missing__(self, chunk: str) -> str:
        if len(chunk) > CHUNK_CACHE_CHARS:  # an untranslated sentence, a URL: never again
            return _chunk_key(chunk)
        if len(self) >= TOKEN_CACHE_MAX:
            self.clear()
        key = self[chunk] = _chunk_key(chunk)
        return key


_CHUNKS = _ChunkKeys()


def english_chain(text: str) -> str:
    """``text`` as the chain of word keys the English automaton reads (what en_terms scans):
    the keys of its tokens (see _TOKEN) joined, no "|" at either end."""
    global _last_chain
    last = _last_chain  # one read: another thread may replace it meanwhile
    if text is last[0]:  # a problem quotes the text en_terms has just read
        return last[1]
    chain = _chain_of(text)
    _last_chain = (text, chain)
    return chain


def _chain_of(text: str) -> str:
    chain = "".join(map(_CHUNKS.__getitem__, text.split()))
    while "||" in chain:
        chain = chain.replace("||", "|")
    return chain.strip("|")


# The last text read and its chain, the one-entry memo of english_chain. It holds the text
# itself, so the identity test can never meet another string at the same address.
_last_chain = ("", "")


@lru_cache(maxsize=65536)
def term_chain(term: str) -> str:
    """The word-key chain of a glossary term (cached: the checks of missing terms ask often)."""
    return _term_chain(term)


def _term_chain(term: str) -> str:
    """Terms stay out of the text tokens' cache: 100,000 of them made every look-up
    there slower (a larger dict is more memory to reach) and crowded the text out."""
    chain = "".join(_token_key(token, _LEAD.match(token).end())  # type: ignore[union-attr]
                    for token in _TOKEN.findall(term))
    return chain[1:] if chain.startswith("|") else chain


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
    """Both automatons and the concepts they point to; build once, use on many texts."""

    def __init__(self, concepts: dict[str, tuple[Any, ...]], zh: Any, en: Any):
        self.concepts = Concepts(concepts)
        self._zh = zh
        self._en = en

    def __reduce__(self) -> tuple[Any, ...]:
        return (Matcher, (self.concepts._raw, self._zh, self._en))

    @classmethod
    def from_entries(cls, entries: Iterable[Entry], include_candidates: bool = False) -> Matcher:
        wanted = {EntryStatus.APPROVED} | ({EntryStatus.CANDIDATE} if include_candidates else set())
        concepts: dict[str, tuple[Any, ...]] = {}
        zh_keys: dict[str, dict[str, str]] = {}  # spelling -> {entry id: term status}
        en_keys: dict[str, tuple[str, dict[str, tuple[str, str | None]]]] = {}
        # Spellings an entry gives one word-key chain with two statuses ('People's Bank'
        # admitted, 'Peoples Bank' deprecated): the chain keeps the first, and check tells
        # them apart by the words as written.
        shadows: dict[str, list[tuple[str, str]]] = {}
        for entry in entries:
            if entry.status not in wanted or not entry.zh:
                continue
            renderings = tuple((t.term, t.status.value, t.type) for t in entry.en)
            concepts[entry.id] = (entry.id, entry.status.value, entry.headword, renderings)
            status = {t.term: t.status.value for t in entry.zh}
            for term in entry.zh:
                for form in zh_forms(Entry(entry.id, zh=[term])):
                    zh_keys.setdefault(form, {}).setdefault(entry.id, status[term.term])
            for term_text, term_status, term_type in renderings:
                chain = _term_chain(term_text)
                if chain:
                    held = en_keys.setdefault(chain, (term_text, {}))[1].setdefault(
                        entry.id, (term_status, term_type))
                    if (held[0] in APPROVED_RENDERING) != (term_status in APPROVED_RENDERING):
                        shadows.setdefault(chain, []).append((written_form(term_text),
                                                              term_status))
        # General words that hold a short term share the terms' automaton, as values of
        # one negative length: a text is scanned once for both (the scan is most of
        # annotate's time).
        notes = {cid: _summary(concept) for cid, concept in concepts.items()}
        en_values = _en_values(en_keys, notes, shadows)
        en_auto = _automaton(en_values)
        may_clash = _may_clash(zh_keys, en_values)
        # never settled: a pair with such a spelling needs the words read (qa._check_pair)
        may_clash.update(i for chain in shadows for i in en_values[chain][2])
        values = _zh_values(zh_keys, notes, may_clash,
                            _probes(en_values, en_auto, may_clash))
        values.update((w, (-len(w),)) for w in _blockers(zh_keys))
        return cls(concepts, _automaton(values), en_auto)

    # The span finders hold no paused_gc of their own: they run once per segment inside
    # the caller's pause, where one would cost more than the collector it holds off.
    def zh_spans(self, text: str) -> list[Span]:
        """The Chinese terms of ``text`` as (start, end, value), in reading order."""
        if self._zh is None:
            return []
        general: list[tuple[int, int]] = []
        chosen = _leftmost_longest(self._zh.iter(text), general)
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
            spans.append((text_end[first] - len(token) + gap, text_end[keys - 1], value))
        return spans

    def en_quote(self, text: str, span: Span) -> str:
        """The words of ``text`` that a span of ``en_terms`` (offsets in the word-key chain)
        stands for, as written: what a problem quotes, without scanning the text again."""
        tokens = _TOKEN.findall(text)
        chain = english_chain(text)  # the chain en_terms scanned; its keys end in ">"
        first, last = chain.count(">", 0, span[0]), chain.count(">", 0, span[1])
        start = sum(map(len, tokens[:first])) + _LEAD.match(tokens[first]).end()  # type: ignore[union-attr]
        return text[start:sum(map(len, tokens[:last]))]

    def _en_chosen(self, text: str) -> tuple[list[str], str, list[Span]]:
        """The tokens of ``text``, its word-key chain and the terms chosen in the chain."""
        if self._en is None:
            return [], "", []
        tokens = _TOKEN.findall(text)
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
_COMPOUND = re.compile(f"(?<=[{_WORD_CHARS}])[{JOINERS}](?=[{_WORD_CHARS}])")
_WORD_CHAR = re.compile(f"[{_WORD_CHARS}]")


def compounds(text: str) -> frozenset[int] | None:
    """Where the words a hyphen joins to the word before them (the tech of high-tech) start
    in the word-key chain of ``text`` (english_chain), or None when it has none.

    The text is cut at its joints: the chain of each piece is the part of the whole
    chain up to the next joint (a piece ends on a word and the next opens on a hyphen,
    so no "|" meets at a cut), and adding up their lengths gives each joint's place in
    one pass over the text, without reading it token by token.
    """
    if not _has_joiner(text):
        return None
    out = []
    at = last = 0
    for joint in _COMPOUND.finditer(text):
        p = joint.start()
        at += len(_chain_of(text[last:p]))
        last = p
        if not (text[p + 1].isupper() and text[_word_start(text, p)].isupper()):
            out.append(at)
    return frozenset(out) if out else None


def _has_joiner(text: str) -> bool:
    """Whether ``text`` holds a hyphen or an en dash at all (most texts do not): four
    searches in C, where the joint pattern would run the regular-expression engine."""
    return any(map(text.__contains__, JOINERS))


def _word_start(text: str, end: int) -> int:
    """Where the run of word characters that ends at ``end`` starts."""
    start = end
    while start > 0 and _WORD_CHAR.match(text, start - 1):
        start -= 1
    return start


def _joined(tokens: list[str], keys: list[str]) -> frozenset[int] | None:
    """``compounds`` for a text read token by token (en_spans): ``keys`` are the tokens' keys,
    whose concatenation is the chain read."""
    at, out = 0, []
    for i, (token, key) in enumerate(zip(tokens, keys, strict=True)):
        # one hyphen, right after the word before (no space between)
        if i and token[0] in JOINERS and _WORD_CHAR.match(token, 1) and not (
                token[1].isupper() and _last_run(tokens[i - 1])[:1].isupper()):
            out.append(at)
        at += len(key)
    return frozenset(out) if out else None


def _last_run(token: str) -> str:
    """The last run of word characters of a token (the s of Center's, as compounds reads)."""
    start = max(_LEAD.match(token).end(),  # type: ignore[union-attr]
                token.rfind("'") + 1, token.rfind("’") + 1)
    return token[start:]


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


def _general_words() -> list[str]:
    """The words of jieba's general dictionary (read as a file; jieba itself is not loaded)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return []
    path = Path(spec.origin).with_name("dict.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.split(" ", 1)[0] for line in lines if line]


def _blockers(zh_keys: dict[str, Any]) -> set[str]:
    """General and quasi-prefixed words (both scripts) holding a one- or two-character term."""
    from .textnorm import traditional_forms

    short = {form: (len(form),) for form in zh_keys if len(form) <= BOUND_MAX}
    if not short:
        return set()
    auto = _automaton(short)
    words = [w for w in _general_words() if len(w) > BOUND_MAX and w not in zh_keys]
    # One pass over all words joined: the automaton finds which of them hold a short term.
    joined = "\n".join(words)
    offsets = list(accumulate(len(w) + 1 for w in words))
    found = {bisect_right(offsets, end) for end, _ in auto.iter(joined)}
    out: set[str] = set()
    derived = [prefix + form for form in short for prefix in QUASI_PREFIXES]
    for word in [words[i] for i in found] + derived:
        out.add(word)
        out.update(traditional_forms(word))
    return out - set(zh_keys)


def _zh_values(keys: dict[str, dict[str, str]], notes: dict[str, tuple[str, str, str | None]],
               may_clash: set[str], probes: dict[str, tuple[str, ...]]
               ) -> dict[str, tuple[Any, ...]]:
    """Per spelling: (length, spelling, entry ids, term status, settled, probe, note), made
    once here so that a hit costs no Python work beyond picking its span. ``settled`` is
    the entry's id when the spelling is one entry's and that entry's renderings can never
    clash in a file (see _may_clash), so check need not keep its uses for the file-wide
    checks; else None. An id rather than True: check tests a whole segment's terms
    against the English found with one set operation. ``probe`` is the settled entry's
    word-key chains (see _probes), else None."""
    out = {}
    for form, ids in keys.items():
        first_id, first = next(iter(ids.items()))
        settled = first_id if len(ids) == 1 and first_id not in may_clash else None
        probe = probes.get(first_id) if settled else None
        out[form] = (len(form), form, tuple(ids), first, settled, probe,
                     _zh_note(notes.get(first_id)))
    return out


def _probes(en_values: dict[str, tuple[Any, ...]], en_auto: Any, may_clash: set[str]
            ) -> dict[str, tuple[str, ...]]:
    """Per settled entry whose one approved English can never lose its words to another
    term: (its approved chain, then the chains of its other English terms).

    For such an entry, the English automaton finds its approved rendering in a text's
    chain exactly when the chain holds it as a substring, and finds none of its other
    renderings when the chain holds none of them: check tells a fine pair with a few
    substring tests, without scanning its English (most pairs of a good translation).
    """
    approved: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for chain, value in en_values.items():
        ids = value[2]
        if len(ids) == 1 and ids[0] not in may_clash:
            side = approved if value[3] in APPROVED_RENDERING else others
            side.setdefault(ids[0], []).append(chain)
    exposed = _exposed(list(en_values), en_auto)
    # an entry outside may_clash has one approved English term (see _may_clash)
    return {entry: (chain, *others.get(entry, ()))
            for entry, (chain,) in approved.items() if chain not in exposed}


def _exposed(keys: list[str], auto: Any) -> set[str]:
    """The English keys that another key can take words from in some text: one that lies
    inside a longer key, or whose first words are another key's last words (that key,
    starting earlier, wins the overlap). Leftmost-longest picks every other key's every
    occurrence in any text."""
    tails: set[str] = set()
    for key in keys:
        cut = key.find("<", 1)
        while cut > 0:
            tails.add(key[cut:])
            cut = key.find("<", cut + 1)
    out = set()
    for key in keys:
        cut = key.find(">") + 1
        while 0 < cut < len(key):
            if key[:cut] in tails:
                out.add(key)
                break
            cut = key.find(">", cut) + 1
    if auto is None:
        return out
    # Keys inside longer keys: one scan of every key, joined, with the automaton itself.
    joined = "\n".join(keys)
    ends = list(accumulate(len(k) + 1 for k in keys))  # one past each key's separator
    for end, value in auto.iter(joined):
        start = end + 1 - value[0]
        holder = keys[bisect_right(ends, start)]
        if value[0] < len(holder):
            out.add(joined[start:end + 1])
    return out


def _may_clash(zh_keys: dict[str, dict[str, str]], en_values: dict[str, tuple[Any, ...]]
               ) -> set[str]:
    """Entries whose uses in a file could be inconsistent or shared with another entry.

    A term's use is an approved English term whose entries include the term's own.
    An entry with one such English term, in no spelling or English term of several
    entries, is always rendered the same way and its English stands for it alone.
    """
    approved: Counter[str] = Counter()
    out: set[str] = set()
    for ids in zh_keys.values():
        if len(ids) > 1:
            out.update(ids)
    for value in en_values.values():
        if len(value[2]) > 1:
            out.update(value[2])
        elif value[3] in APPROVED_RENDERING:
            approved[value[2][0]] += 1
    out.update(entry for entry, n in approved.items() if n > 1)
    return out


def _en_values(keys: dict[str, tuple[str, dict[str, tuple[str, str | None]]]],
               notes: dict[str, tuple[str, str, str | None]],
               shadows: dict[str, list[tuple[str, str]]]) -> dict[str, tuple[Any, ...]]:
    """Per word-key chain: (length, term, entry ids, term status, term type, the chain's
    spellings of another status as (written_form, status), mostly none, note); the note
    stays last, as in a Chinese value (annotate reads ``value[-1]``)."""
    out = {}
    for chain, (term, ids) in keys.items():
        first_id, (status, kind) = next(iter(ids.items()))
        out[chain] = (len(chain), term, tuple(ids), status, kind, tuple(shadows.get(chain, ())),
                      _en_note(notes.get(first_id), status))
    return out


def written_form(text: str) -> str:
    """English as written, blind to case, hyphens and spacing only (apostrophes count)."""
    return " ".join(text.casefold().replace("-", " ").replace("\u2019", "'").split())


def _summary(concept: tuple[Any, ...]) -> tuple[str, str, str | None]:
    """(entry status, Chinese headword, English) of a stored concept tuple."""
    _, status, zh, renderings = concept
    return status, zh, preferred_rendering(renderings)


def _zh_note(summary: tuple[str, str, str | None] | None) -> str:
    """What annotate shows after a Chinese term: its approved English."""
    status, _, english = summary or ("approved", "", None)
    tag = "" if status == "approved" else f" ({status})"
    return f"[{english or 'no English yet'}{tag}]"


def _en_note(summary: tuple[str, str, str | None] | None, term_status: str) -> str:
    """What annotate shows after an English term: its Chinese, or what to use instead."""
    status, zh, english = summary or ("approved", "", None)
    if term_status in ("deprecated", "superseded"):
        instead = f"use {english}" if english else "no approved English yet"
        return f"[{zh}: {term_status}, {instead}]"
    return f"[{zh}{'' if status == 'approved' else f' ({status})'}]"


def _automaton(values: dict[str, tuple[Any, ...]]) -> Any:
    if not values:
        return None
    auto = ahocorasick.Automaton()
    for key, value in values.items():
        auto.add_word(key, value)
    auto.make_automaton()
    return auto


def _cache_file(root: Path, include_candidates: bool) -> Path:
    from .index import cache_path

    base = Path(cache_path(str(root)))
    return base.with_name(base.stem.replace("index-", "matcher-")
                          + ("-all" if include_candidates else "") + ".pickle")


def _glossary_digest(root: Path) -> str:
    from .fsutil import read_limited
    from .store import glossary_files
    from .yamlio import MAX_FILE_BYTES

    digest = hashlib.sha256(f"v{MATCHER_VERSION}".encode())
    for path in glossary_files(root):
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
