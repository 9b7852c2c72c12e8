"""New-word discovery: word n-grams bounded by parts of speech, cohesion and boundary entropy.

Every string of 1..MAX_TOKENS consecutive words (at most MAX_CHARS characters)
that holds no function word is counted (see pos.py; the edges are judged later),
so a name the segmenter splits (渝金盾 -> 渝/金盾, 西部陆海新通道 -> 西部/陆海/新/通道)
is counted whole, while a clause fragment (年下半年, 上升至, 可能会) never is.
Anchoring on word boundaries never yields half words (金融中 or 海新通), and
stopping at function words keeps the count a few n-grams per word.
Cohesion (PMI of the weakest split) and boundary entropy (the smaller of the
left and right neighbour entropies) then tell a word from an accidental string.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Set
from itertools import compress, repeat
from operator import add, sub

from .pos import LINK, LONE, WORD

MAX_TOKENS = 7
MAX_CHARS = 16
_FITS = MAX_CHARS.__ge__  # len(gram) <= MAX_CHARS, callable from C


def is_han(char: str) -> bool:
    return ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"
            or "\uf900" <= char <= "\ufaff")


def term_grams(tokens: list[str], roles: list[int]) -> list[str]:
    """Every string of 2..MAX_TOKENS consecutive words that holds no break word (role 0) and
    is at most MAX_CHARS long, and every term word of two characters or more (role LONE, as
    pos.Roles gives it).

    The n-grams of k+1 words are the surviving k-word ones each joined to the
    next word when that word is no break word, over the whole token list at once
    (``map``/``compress`` run in C), so no Python code runs per n-gram.
    """
    roles = roles + [0] * MAX_TOKENS  # padding: no n-gram runs past the end
    ends = list(compress(range(len(tokens)), roles))  # where each n-gram ends
    grams = list(map(tokens.__getitem__, ends))
    # a lone word is a candidate only as a term word of two characters or more
    found = list(compress(tokens, map(LONE.__eq__, roles)))
    for k in range(1, MAX_TOKENS):
        ends = list(map(add, ends, repeat(1)))
        keep = list(map(roles.__getitem__, ends))
        ends = list(compress(ends, keep))
        if not ends:
            break
        grams = list(map(add, compress(grams, keep), map(tokens.__getitem__, ends)))
        if k >= 3:  # a longer n-gram of the same start is longer still
            fits = list(map(_FITS, map(len, grams)))
            ends, grams = list(compress(ends, fits)), list(compress(grams, fits))
        found += grams
    return found


def linked_grams(tokens: list[str], roles: list[int], adjectives: Set[str]) -> list[str]:
    """An adjective, 的 and a term of one or two words, with the word before the adjective
    when it is no break word: named policies (稳健的货币政策, 更加积极的财政政策) that the
    function word 的 keeps out of ``term_grams``. Only the few 的 after an adjective of two
    characters or more cost Python work."""
    padded = [*roles, 0, 0]
    at = [i for i in _positions(tokens, LINK) if i > 0]
    at = list(compress(at, map(adjectives.__contains__, map(tokens.__getitem__,
                                                             map(sub, at, repeat(1))))))
    found = []
    for i in at:
        if padded[i + 1] < WORD:
            continue
        lefts = [tokens[i - 1]] + ([tokens[i - 2] + tokens[i - 1]] if i >= 2 and padded[i - 2]
                                   else [])
        rights = [tokens[i + 1]] + ([tokens[i + 1] + tokens[i + 2]] if padded[i + 2] else [])
        found += [left + LINK + right for left in lefts for right in rights
                  if len(left) + len(right) < MAX_CHARS]
    return found


def _positions(tokens: list[str], word: str) -> list[int]:
    """Where ``word`` stands in ``tokens`` (list.index scans in C, one call per match)."""
    found: list[int] = []
    find = tokens.index
    at = -1
    try:
        while True:
            at = find(word, at + 1)
            found.append(at)
    except ValueError:
        return found


def cohesion(gram: str, counts: Mapping[str, int], total: int) -> float | None:
    """PMI of the weakest two-way split whose halves were counted; None for a single word."""
    whole = counts.get(gram, 0)
    if whole <= 0:
        return None
    best: float | None = None
    for cut in range(1, len(gram)):
        left, right = counts.get(gram[:cut], 0), counts.get(gram[cut:], 0)
        if left and right:
            pmi = math.log(whole * total / (left * right))
            best = pmi if best is None else min(best, pmi)
    return best


def entropy(neighbours: Mapping[str, int], edges: int = 0) -> float:
    """Shannon entropy of the neighbours; each text edge counts as one more distinct neighbour."""
    total = sum(neighbours.values()) + edges
    if total <= 0:
        return 0.0
    h = -sum(c / total * math.log(c / total) for c in neighbours.values())
    return h + (edges / total) * math.log(total) if edges else h


def boundary_entropy(left: Mapping[str, int], right: Mapping[str, int],
                     left_edges: int, right_edges: int) -> float:
    """The smaller of the left and right boundary entropies: a word is free on both sides."""
    return min(entropy(left, left_edges), entropy(right, right_edges))
