"""Sentence alignment of a Chinese document with its English translation (aligned only as wholes).

In the manner of Gale-Church, with lexical anchors as hunalign and bleualign
add them: a dynamic programme over beads (1-1, 1-2, 2-1, 1-0, 0-1)
whose cost is a prior for the bead's shape, the improbability of
its length ratio (English letters per Chinese character, normal around the
document's own ratio) and minus the anchors the two sides share: English
words met by the CC-CEDICT glosses of the Chinese words, numbers and Latin
tokens (GDP, CPI). Paragraphs (lines) are aligned first when both sides
have about as many, then the sentences inside each paragraph bead; else the
sentences of the whole document, in a band around the length diagonal.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from ..corpus import latin_letters
from . import glosses
from .segment import cut_lines

Cut = Callable[[str], list[str]]

# Bead shapes with their cost (-log prior): one-to-one dominates; Chinese often puts in one
# sentence (joined by ；) what English says in two.
# (A third English sentence of one Chinese is left alone, then absorbed: see ``_absorb``.)
SHAPES = ((1, 1, 0.0), (1, 2, 2.0), (2, 1, 2.0), (1, 0, 5.0), (0, 1, 5.0))
# Paragraphs also as two and two: a translator who moves a sentence to the next paragraph.
PARAGRAPH_SHAPES = (*SHAPES, (1, 3, 4.0), (2, 2, 3.0), (3, 1, 4.0))
ANCHOR_WEIGHT = 8.0      # cost taken off per unit of anchor similarity (0..1)
VARIANCE = 4.5           # variance of English length per Chinese character, over the ratio squared
BAND = 24                # sentences either side of the length diagonal searched
PARAGRAPH_RATIO = 1.35   # at most this ratio of line counts for aligning paragraphs first
_ZH_END = re.compile(r"(?<=[。！？；!?;])")
# A full stop ends an English sentence before a capital, a digit or an opening quote, but
# not after a title or an initial ("Mr. Li", "U.S. dollar").
_EN_END = re.compile(r"(?<=[.!?;])(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bNo\.)(?<!\bDr\.)"
                     r"(?<!\bSt\.)\s+(?=[\"“‘(\[A-Z0-9])")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A comma between digits; the comma is matched first, so the scan skips from comma to comma.
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d)")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_CAPS = re.compile(r"[A-Z][A-Z0-9-]")  # how an all-capital _LATIN token of two or more opens
_SQRT_HALF = math.sqrt(0.5)
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass
class Unit:
    """A sentence or paragraph of one side: its text, first line, length and anchors."""

    text: str
    line: int
    length: int
    anchors: frozenset[str]
    parts: list[Unit] = field(default_factory=list)  # a paragraph's sentences


@dataclass
class Bead:
    """Aligned text: the Chinese and English of one bead (either may be empty)."""

    zh: str
    en: str
    line: int
    similarity: float


def split_zh(text: str) -> list[str]:
    return [s.strip() for s in _ZH_END.split(text) if s.strip()]


def split_en(text: str) -> list[str]:
    return [s.strip() for s in _EN_END.split(text) if s.strip()]


def align(zh_lines: Sequence[tuple[int, str]], en_lines: Sequence[tuple[int, str]],
          cut: Cut) -> list[Bead]:
    """The beads of a document pair, in order. ``zh_lines``/``en_lines`` are (line, text)."""
    zh_sent = _zh_units(zh_lines, cut)
    en_sent = [[_en_unit(s, n) for s in split_en(t)] for n, t in en_lines]
    zh_par = [_paragraph(units) for units in zh_sent if units]
    en_par = [_paragraph(units) for units in en_sent if units]
    if not zh_par or not en_par:
        return []
    ratio = sum(u.length for u in en_par) / max(1, sum(u.length for u in zh_par))
    counts = sorted((len(zh_par), len(en_par)))
    if counts[1] <= PARAGRAPH_RATIO * counts[0] + 2:
        # Paragraphs drift little when both sides have as many.
        groups = _dp(zh_par, en_par, ratio, min(BAND, 4 + counts[1] - counts[0]),
                     PARAGRAPH_SHAPES)
    else:
        groups = [(zh_par, en_par)]
    beads: list[Bead] = []
    for zs, es in groups:
        zh_units = [s for u in zs for s in u.parts]
        en_units = [s for u in es for s in u.parts]
        if len(zh_units) <= 1 or len(en_units) <= 1:  # nothing to choose
            beads.append(_bead(zh_units, en_units))
            continue
        # Inside a paragraph bead the sentences stay near the diagonal.
        band = min(BAND, 2 + abs(len(zh_units) - len(en_units)) + len(zh_units) // 10)
        beads += [_bead(z, e) for z, e in _absorb(_dp(zh_units, en_units, ratio, band))]
    return beads


def _paragraph(units: list[Unit]) -> Unit:
    anchors = units[0].anchors.union(*(u.anchors for u in units[1:]))
    return Unit(" ".join(u.text for u in units), units[0].line, sum(u.length for u in units),
                anchors, units)


def _absorb(pairs: list[tuple[list[Unit], list[Unit]]]) -> list[tuple[list[Unit], list[Unit]]]:
    """Put a sentence left without a counterpart into the bead before it (or after it, at the
    start) of the same paragraph: a long Chinese sentence that English says in four is more
    often the cause than an omission, and a term's English is then still beside it."""
    out: list[tuple[list[Unit], list[Unit]]] = []
    pending: tuple[list[Unit], list[Unit]] = ([], [])
    for zs, es in pairs:
        if zs and es:
            out.append((pending[0] + zs, pending[1] + es))
            pending = ([], [])
        elif out:
            out[-1] = (out[-1][0] + zs, out[-1][1] + es)
        else:
            pending = (pending[0] + zs, pending[1] + es)
    if pending[0] or pending[1]:
        out.append(pending)
    return out


def _bead(zs: list[Unit], es: list[Unit]) -> Bead:
    zh, en = "".join(u.text for u in zs), " ".join(u.text for u in es)
    sim = _similarity(zs, es) if zs and es else 0.0
    return Bead(zh, en, zs[0].line if zs else (es[0].line if es else 0), sim)


def _zh_units(lines: Sequence[tuple[int, str]], cut: Cut) -> list[list[Unit]]:
    """The sentences of each line as units. The whole document is cut in one call (a line
    break is a word of its own, so each sentence is cut as alone) and its words looked up
    in the dictionary in one query."""
    sentences = [(n, split_zh(t)) for n, t in lines]
    texts = [s for _, found in sentences for s in found]
    groups = cut_lines(texts, cut)
    words = [[w for w in group if len(w) >= 2 and _HAN.match(w)] for group in groups]
    glosses.prefetch(w for found in words for w in found)
    units: list[list[Unit]] = []
    first = 0
    for n, found in sentences:
        units.append([_zh_unit(t, n, words[first + k]) for k, t in enumerate(found)])
        first += len(found)
    return units


def _zh_unit(text: str, line: int, words: list[str]) -> Unit:
    # one union of the words' gloss stems, the numbers and the Latin tokens
    anchors = frozenset().union(*map(glosses.word_stems, words),
                                ["#" + n for n in _NUMBER.findall(text.replace(",", ""))],
                                [w.lower() for w in _LATIN.findall(text)])
    return Unit(text, line, len(text), anchors)


def _en_unit(text: str, line: int) -> Unit:
    anchors = set(glosses.content_stems(text))
    anchors.update("#" + n for n in _NUMBER.findall(_THOUSANDS.sub("", text)))
    if _CAPS.search(text):  # else no token of two or more that is all capitals
        anchors.update(w.lower() for w in _LATIN.findall(text) if w.isupper() and len(w) >= 2)
    return Unit(text, line, latin_letters(text), frozenset(anchors))


def _similarity(zs: Sequence[Unit], es: Sequence[Unit]) -> float:
    """Share of the English anchors (content stems, numbers, acronyms) met on the Chinese side."""
    if len(zs) == 1 and len(es) == 1:
        en1 = es[0].anchors
        return len(en1 & zs[0].anchors) / len(en1) if en1 else 0.0
    en = frozenset().union(*(u.anchors for u in es)) if len(es) > 1 else es[0].anchors
    if not en:
        return 0.0
    zh = frozenset().union(*(u.anchors for u in zs)) if len(zs) > 1 else zs[0].anchors
    return len(en & zh) / len(en)


def _dp(zs: list[Unit], es: list[Unit], ratio: float, band: int,
        shapes: tuple[tuple[int, int, float], ...] = SHAPES) -> list[tuple[list[Unit], list[Unit]]]:
    """The cheapest sequence of beads over ``zs`` and ``es``, searched in a band around the
    diagonal of the two sides' cumulative lengths.

    A bead's cost is its shape's prior, plus the improbability of its length ratio
    (Gale and Church), minus the anchors it shares. Anchors met are counted once per
    pair of units and added up for merged beads (exact for a Chinese unit against
    several English ones, an upper bound the other way round, which the merge's
    prior pays for). This runs for every shape of every cell of the band, so it is
    written out in one loop over plain lists.
    """
    n, m = len(zs), len(es)
    centre = _diagonal(zs, es)
    zsum = list(accumulate((u.length for u in zs), initial=0))
    esum = list(accumulate((u.length for u in es), initial=0))
    asum = list(accumulate((len(u.anchors) for u in es), initial=0))
    zanchors, eanchors = [u.anchors for u in zs], [u.anchors for u in es]
    spread = VARIANCE * ratio * ratio
    met: dict[int, int] = {}  # anchors shared by Chinese unit z and English unit e, at z*m+e
    erfc, log, sqrt, inf = math.erfc, math.log, math.sqrt, math.inf
    # The most the anchors can take off each shape: none when one side is empty.
    shaped = [(a, b, prior, ANCHOR_WEIGHT * (a + b) / 2 if a and b else 0.0, a + b)
              for a, b, prior in shapes]
    # Rows hold the band's cells only, and only the last few rows are kept (no shape
    # reaches further back): full rows made a 32,000-line pair take 8 GB and 18 s.
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    reach = max(a for a, _, _ in shapes)
    for i in range(n + 1):
        if i > reach:
            cost[i - reach - 1] = {}
        row, steps = cost[i], back[i]
        # per shape that fits this row: the row it comes from and its Chinese length
        fits = [(cost[i - a], a, b, prior, most, ab, zsum[i] - zsum[i - a])
                for a, b, prior, most, ab in shaped if a <= i]
        for j in range(max(0, centre[i] - band), min(m, centre[i] + band) + 1):
            best, step = inf, (0, 0)
            for before_row, a, b, prior, most, ab, zh in fits:
                if b > j:
                    continue
                before = before_row.get(j - b, inf)
                if before + prior - most >= best:  # unreached (inf), or cannot win
                    continue
                if a and b:
                    en = esum[j] - esum[j - b]
                    delta = abs(en - zh * ratio) / sqrt(spread * ((zh + en / ratio) / 2 or 1.0))
                    chance = erfc(delta * _SQRT_HALF)
                    bead = -log(chance if chance > 1e-12 else 1e-12)
                    anchors = asum[j] - asum[j - b]
                    if anchors and bead - most < best - before - prior:
                        shared = 0
                        for z in range(i - a, i):
                            for e in range(j - b, j):
                                key = z * m + e
                                found = met.get(key)
                                if found is None:
                                    found = met[key] = len(eanchors[e] & zanchors[z])
                                shared += found
                        # Anchors reward each unit they align: splitting a bead must not pay
                        # twice.
                        share = shared / anchors
                        bead = bead - ANCHOR_WEIGHT * (share if share < 1.0 else 1.0) * ab / 2
                    total = before + prior + bead
                else:
                    total = before + prior + 0.0
                if total < best:
                    best, step = total, (a, b)
            if best < inf:
                row[j], steps[j] = best, step
    return _trace(back, zs, es, m)


def _diagonal(zs: list[Unit], es: list[Unit]) -> list[int]:
    """For each Chinese prefix, the English prefix of about the same share of the length."""
    total_zh = sum(u.length for u in zs) or 1
    total_en = sum(u.length for u in es) or 1
    ends = list(accumulate(u.length / total_en for u in es))
    shares = accumulate((u.length / total_zh for u in zs), initial=0.0)
    return [min(len(es), bisect_left(ends, share - 1e-9) + (share > 0)) for share in shares]


def _trace(back: list[dict[int, tuple[int, int]]], zs: list[Unit], es: list[Unit],
           m: int) -> list[tuple[list[Unit], list[Unit]]]:
    i, j = len(zs), m
    if j not in back[i]:  # the band missed the corner: nothing aligned with confidence
        return [(zs, es)]
    out = []
    while i > 0 or j > 0:
        a, b = back[i][j]
        out.append((zs[i - a:i], es[j - b:j]))
        i, j = i - a, j - b
    out.reverse()
    return out
