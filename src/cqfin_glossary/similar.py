"""Edit similarity for "did you mean" suggestions, cheap to import on the lookup path.

The score is rapidfuzz's ``fuzz.ratio`` (the normalised Indel similarity,
2·LCS/(len a + len b)·100), computed with the bit-parallel LCS length of
Allison-Dix and Hyyrö: one big-integer add per character of the candidate.
A look-up that finds nothing scores a few hundred short keys, a millisecond
or two here, while importing rapidfuzz alone costs as much as the rest of a
cold look-up (~17 ms of ~50 ms).
"""

from __future__ import annotations


def _lcs_length(masks: dict[str, int], full: int, size: int, other: str) -> int:
    v = full
    for char in other:
        u = v & masks.get(char, 0)
        v = (v + u) | (v - u)
    return size - bin(v & full).count("1")


def ratio(a: str, b: str) -> float:
    """0-100; 100 for equal strings (and for two empty ones)."""
    return best(a, [b], 1, 0.0)[0][1] if (a or b) else 100.0


def best(query: str, choices: list[str], limit: int, cutoff: float
         ) -> list[tuple[str, float, int]]:
    """The ``limit`` choices most similar to ``query`` scoring at least ``cutoff``:
    (choice, score, index), best first, ties in the order given."""
    masks: dict[str, int] = {}
    for i, char in enumerate(query):
        masks[char] = masks.get(char, 0) | (1 << i)
    size = len(query)
    full = (1 << size) - 1
    scored = []
    for index, choice in enumerate(choices):
        total = size + len(choice)
        score = 200.0 * _lcs_length(masks, full, size, choice) / total if total else 100.0
        if score >= cutoff:
            scored.append((choice, score, index))
    scored.sort(key=lambda item: (-item[1], item[2]))
    return scored[:limit]
