"""CC-CEDICT glosses of Chinese words as English stems: dictionary evidence for alignment.

The look-ups are batched (``prefetch``) and kept for the run, so that the
aligner and the renderings stage, which ask about thousands of words, query
the lexicon cache a few times rather than once per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .domain_senses import DOMAIN_SENSES
from .enwords import STOPWORDS

SYNONYMS = {"abroad": "overseas", "centre": "center", "programme": "program"}
LONGEST = 7  # characters of the longest headword tried (中华人民共和国)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")  # hyphens split: 'new-energy' is two words
# Compiled once: the senses of every word of every aligned sentence go through them.
_NOTES = re.compile(r"\[.*?\]|\bCL:.*")  # classifiers and readings
_ASIDES = re.compile(r"\(.*?\)|\[.*?\]|[^\x00-\x7f]+\|?[^\x00-\x7f]*")
_LEADS = re.compile(r"^(short name for|short for|abbr\. for|lit\.|fig\.|to)\s+")
_PIECES = re.compile("[;,]")
# Senses that point to another headword rather than say what this one means: their English
# words are no gloss of it. 'opposite: new 新' read 旧 (old) as 'new', so 'new-energy' took
# two parts of 以旧换新 (trade-in) and came first; 'variant', 'written' met nothing real.
_CROSS_REFERENCE = re.compile(r"(?:opposite|antonym):|see |used in |also written |"
                              r"also pr\. |(?:old |erhua |Japanese |archaic )?variant of ")
_SENSES: dict[str, list[str]] = {}  # headword -> senses ([] when not a headword), this process
SUFFIXES = ("ations", "ation", "ities", "ity", "ous", "ings", "ing", "ials", "ial", "als", "al",
            "ies", "es", "ed", "s", "e", "y")  # stripped by ``stem``, the first that fits
# The suffixes by their last letter, in the order above: a word is tried against those it
# may end with only (a few thousand new words a run, each tried against all 17 before).
_ENDING_IN: dict[str, tuple[str, ...]] = {
    last: tuple(s for s in SUFFIXES if s[-1] == last) for last in {s[-1] for s in SUFFIXES}}


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """A crude suffix-stripping stem: enough to meet 'financing' with 'finance'."""
    word = SYNONYMS.get(word.lower(), word.lower())
    for suffix in _ENDING_IN.get(word[-1:], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "ing" else 3):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=131072)
def content_stem(word: str) -> str | None:
    """The stem of an English word, None for a stopword or a single letter: asked of every
    word of every aligned sentence, phrase and gloss, so kept per word."""
    return stem(word) if len(word) > 1 and word.lower() not in STOPWORDS else None


@lru_cache(maxsize=65536)
def content_stems(text: str) -> tuple[str, ...]:
    """Stems of the content words of English text, in order."""
    return tuple([s for s in map(content_stem, _WORD.findall(text)) if s is not None])


def prefetch(words: Iterable[str]) -> None:
    """Look up every word not yet known, in one batched query."""
    from .lexicon import senses as lookup

    wanted = sorted({w for w in words if w not in _SENSES})
    if not wanted:
        return
    found = lookup(wanted)
    for word in wanted:
        own = [s for s in found.get(word, []) if not _CROSS_REFERENCE.match(s)]
        domain = DOMAIN_SENSES.get(word, ())
        # the policy domain's senses first: its renderings, not a dictionary reader's
        _SENSES[word] = [*domain, *(s for s in own if s not in domain)] if domain else own


def senses(word: str) -> list[str]:
    if word not in _SENSES:
        prefetch([word])
    return _SENSES[word]


def substrings(term: str) -> Iterable[str]:
    return (term[i:j] for i in range(len(term))
            for j in range(i + 1, min(len(term), i + LONGEST) + 1))


def gloss_parts(term: str, fetched: bool = False) -> list[tuple[str, list[str]]]:
    """The term cut into CC-CEDICT headwords, each with its senses: the fewest parts, then
    the fewest single characters, then the longest first part. Cutting the longest headword
    first read 责任人员 as 责任人 + 员 ("responsible person person"), not 责任 + 人员.
    ``fetched`` when its substrings were prefetched already (with those of other terms)."""
    if not fetched:
        prefetch(substrings(term))
    n = len(term)
    # cost[i]: (parts, single characters) of the best cut of term[i:]; worked from the end
    cost: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    step = [1] * (n + 1)
    for i in range(n - 1, -1, -1):
        best = None
        for size in range(min(LONGEST, n - i), 0, -1):
            if size > 1 and not _SENSES.get(term[i:i + size]):
                continue
            count, singles = cost[i + size]
            here = (count + 1, singles + (size == 1))
            if best is None or here < best:
                best, step[i] = here, size
        cost[i] = best  # type: ignore[assignment]  # size 1 always fits
    parts, i = [], 0
    while i < n:
        word = term[i:i + step[i]]
        parts.append((word, _SENSES.get(word, [])))
        i += step[i]
    return parts


@lru_cache(maxsize=131072)
def word_stems(word: str) -> frozenset[str]:
    """Stems of the English words of a Chinese word's senses (empty when not a headword)."""
    # All the senses in one pass: a line break ends what _plain takes out (its patterns stop
    # at one) as the end of a sense does, and no word runs across it.
    found = set(map(content_stem, _WORD.findall(_plain("\n".join(senses(word))))))
    return frozenset(s for s in found if s is not None)


def part_stems(parts: list[tuple[str, list[str]]]) -> frozenset[str]:
    """Stems of the glosses of all the parts."""
    return frozenset().union(*(word_stems(p) for p, _ in parts))


def _plain(sense: str) -> str:
    """A sense without its classifiers and readings; notes in parentheses stay, for they often
    spell an abbreviation out ('Jing-Jin-Ji (Beijing-Tianjin-Hebei)')."""
    return _NOTES.sub("", sense)


def reading_size(parts: list[tuple[str, list[str]]]) -> int:
    """Content words of the term read word by word (the first sense of each part)."""
    return sum(max(1, len(content_stems(_short_sense(s[0])))) if s else 1 for _, s in parts)


def gloss_cover(parts: list[tuple[str, list[str]]], english: str) -> tuple[float, float]:
    """(share of the parts whose glosses meet a word of ``english``, share of its content words
    met by a part's glosses): how compositionally the English renders the term. A word meets a
    gloss also when it holds it whole ('biomedicine' holds 'medicine')."""
    return Cover(parts).cover(english)


def compositional(parts: list[tuple[str, list[str]]], english: str) -> float:
    """How compositionally the English renders the term (0..1): the share of the parts met,
    times the share of the words accounted for. A word no gloss meets is accounted for as the
    rendering of a part no word meets, one per such part: the dictionary's senses miss many
    renderings ('rural' for 乡村, 'emissions' for 达峰), and the word that renders such a part
    is no noise."""
    return Cover(parts).compositional(english)


class Cover:
    """``gloss_cover`` and ``compositional`` for one term asked about many English phrases:
    the phrases beside a term share most of their words, so which parts a word meets is
    worked out once per word (as a bit mask over the parts)."""

    def __init__(self, parts: list[tuple[str, list[str]]]):
        self.parts = [p for p, _ in parts]
        self._masks: dict[str, int] = {}
        self.stems = part_stems(parts)  # of all the parts' glosses
        # A word meets a part only when it is a stem of the part's glosses or holds one of
        # five letters or more (``_meets``): most words beside a term meet no part, and these
        # two tests tell them so without asking part by part.
        self._long = [s for s in self.stems if len(s) >= 5]

    def _tally(self, english: str) -> tuple[int, int, int]:
        """(content words, parts met, words that meet a part)."""
        words = content_stems(english)
        met, matched, masks = 0, 0, self._masks
        for word in words:
            mask = masks.get(word)
            if mask is None:
                mask, bit = 0, 1
                if word in self.stems or (len(word) > 6 and any(s in word for s in self._long)):
                    for part in self.parts:
                        if _meets(part, word):
                            mask |= bit
                        bit <<= 1
                masks[word] = mask
            if mask:
                met |= mask
                matched += 1
        return len(words), bin(met).count("1"), matched

    def part_word(self, word: str) -> bool:
        """The English word is a gloss of one of the parts, as it stands: its one stem is
        among the stems of their glosses."""
        stems = content_stems(word)
        return len(stems) == 1 and stems[0] in self.stems

    def cover(self, english: str) -> tuple[float, float]:
        words, covered, matched = self._tally(english)
        if not words or not self.parts:
            return 0.0, 0.0
        return covered / len(self.parts), matched / words

    def compositional(self, english: str) -> float:
        words, covered, matched = self._tally(english)
        if not words or not self.parts:
            return 0.0
        parts = len(self.parts)
        accounted = matched + min(words - matched, parts - covered) if covered else 0
        return covered / parts * accounted / words


@lru_cache(maxsize=262144)
def _meets(part: str, word: str) -> bool:
    """The English word (a stem) renders a gloss of the Chinese part, or holds one whole."""
    stems = word_stems(part)
    return word in stems or (len(word) > 6 and any(len(s) >= 5 and s in word for s in stems))


def gloss_match(parts: list[tuple[str, list[str]]], english: str) -> float:
    """How well an English term's content words cover the glosses of the parts (0..1)."""
    part_share, word_share = gloss_cover(parts, english)
    return part_share * word_share if part_share >= 0.66 and word_share >= 0.6 else 0.0


def pinyin_name(term: str) -> str:
    """千里马 -> 'Qianlima': the romanised form used for names without an English rendering."""
    from ..textnorm import strip_tones, syllables

    return strip_tones("".join(syllables(term))).capitalize()


def literal_gloss(parts: list[tuple[str, list[str]]]) -> str | None:
    """The first sense of each part, joined: a word-for-word reading, or None when a part has
    no sense or most parts are single characters (a reading that would mislead)."""
    if not parts or any(not s for _, s in parts):
        return None
    if sum(len(p) == 1 for p, _ in parts) * 2 > len(parts):
        return None
    words = [_short_sense(s[0]) for _, s in parts]
    if not all(words):
        return None
    return " ".join(" ".join(words).split())


@lru_cache(maxsize=65536)
def _short_sense(sense: str) -> str:
    """'abbr. for 期货合约[qi1 huo4 he2 yue1], futures contract (finance)' -> 'futures contract'."""
    sense = _LEADS.sub("", _ASIDES.sub("", sense).strip())
    pieces = [p.strip() for p in _PIECES.split(sense)]
    return next((p for p in pieces if p), "")
